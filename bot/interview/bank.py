"""The interview question bank: look-ups by id and track, and matching an interviewer's wording."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from bot.content.schema import InterviewQuestion
from bot.faq.index import FaqIndex, Target
from bot.faq.matcher import FaqMatcher, MatcherSettings, MeaningSettings
from bot.faq.meaning import MeaningIndex
from bot.semantic.vectors import TextVectors

# A question typed by a user is "in the bank" when its best match scores at least this
# (same 0..1 scale as the FAQ matcher); below it the generic rubric scores the answer.
QUESTION_MATCH_AT = 0.3
# ...and leads the runner-up by this share of its score: a wrong question is worse than none,
# since its checklist would mark a good answer as off-topic
QUESTION_MARGIN = 0.35
# Near-verbatim wordings are recognised by plain fuzzy similarity first: interview
# questions are short and made of words ("tell me about yourself") a topic index ignores.
VERBATIM_AT = 88
# With the embedding signal the bank is matched like the FAQ: both signals, re-ranked, the
# meaning vetoing a lexical pick it clearly disagrees with (docs/SCORING.md).
BANK_MEANING = MeaningSettings(
    rerank_weight=0.6,
    rerank_depth=5,
    veto_margin=0.05,
    answer_meaning_at=0.45,
    agree_lexical_at=0.1,
    agree_meaning_at=0.5,
    agree_margin=0.03,
)

TRACKS: dict[str, tuple[str, ...]] = {
    "mixed": ("traditional", "behavioral", "img", "ethics", "program"),
    "traditional": ("traditional",),
    "behavioral": ("behavioral",),
    "img": ("img",),
    "ethics": ("ethics",),
    "specialty": ("specialty",),
    "canada": ("canada",),
}


@dataclass
class QuestionBank:
    questions: list[InterviewQuestion]
    generic: InterviewQuestion
    matcher: FaqMatcher

    @classmethod
    def build(
        cls,
        questions: list[InterviewQuestion],
        generic: InterviewQuestion,
        synonyms: dict[str, str],
        vectors: TextVectors | None = None,
    ) -> QuestionBank:
        documents = [
            (Target(q.id, q.question, True), [q.question, *q.alternates], "") for q in questions
        ]
        index = FaqIndex.from_documents(documents, synonyms)
        settings = MatcherSettings(answer_at=QUESTION_MATCH_AT, answer_margin=QUESTION_MARGIN)
        meaning = MeaningIndex(index.texts, vectors) if vectors is not None else None
        matcher = FaqMatcher(index, settings, meaning=meaning, meaning_settings=BANK_MEANING)
        return cls(questions, generic, matcher)

    def __post_init__(self) -> None:
        self._by_id = {q.id: q for q in self.questions}
        self._wordings: list[str] = []
        self._wording_ids: list[str] = []
        for question in self.questions:
            for wording in (question.question, *question.alternates):
                self._wordings.append(utils.default_process(wording))
                self._wording_ids.append(question.id)

    def get(self, question_id: str) -> InterviewQuestion | None:
        return self._by_id.get(question_id)

    def find(self, wording: str) -> InterviewQuestion | None:
        """The bank question an interviewer's wording asks, if any ("What drew you to psych?")."""
        verbatim = process.extractOne(
            utils.default_process(wording),
            self._wordings,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=VERBATIM_AT,
        )
        if verbatim is not None:
            return self._by_id[self._wording_ids[verbatim[2]]]
        if self.matcher.meaning is not None:
            found = self.matcher.match(wording)
            return self._by_id[found.id] if found.status == "answer" and found.id else None
        scores = self.matcher.scores(wording)
        if not scores:
            return None
        ranked = sorted(scores.values(), reverse=True)
        best, score = max(scores.items(), key=lambda item: item[1])
        runner_up = ranked[1] if len(ranked) > 1 else 0.0
        if score < QUESTION_MATCH_AT or score - runner_up < QUESTION_MARGIN * score:
            return None
        return self._by_id[self.matcher.index.targets[best].id]

    def for_track(self, track: str, specialty: str | None = None) -> list[InterviewQuestion]:
        kinds = TRACKS.get(track, ())
        chosen = [q for q in self.questions if q.kind in kinds]
        if track == "specialty" and specialty:
            chosen = [q for q in chosen if q.specialty == specialty]
        return chosen

    def specialties(self) -> list[str]:
        return sorted({q.specialty for q in self.questions if q.specialty})

    def kinds_of(self, ids: Iterable[str]) -> dict[str, str]:
        return {i: self._by_id[i].kind for i in ids if i in self._by_id}
