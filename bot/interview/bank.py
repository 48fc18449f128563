"""The interview question bank: look-ups by id and track, and matching an interviewer's wording."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process, utils

from bot.content.schema import InterviewQuestion
from bot.faq.index import FaqIndex, Target
from bot.faq.matcher import FaqMatcher, MatcherSettings
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
# With the embedding signal, lexical score + MEANING_WEIGHT x meaning decides. Meaning is the
# mean cosine similarity of the wording to a question's MEANING_OF closest phrasings (of its 20
# or so): an interviewer's own words rarely share a frame with the bank's, so meaning leads, and
# one look-alike phrasing of another question cannot carry it. The top question must mean
# something close (MEANING_AT) and lead the runner-up by FUSED_LEAD of its score. Chosen on the
# reworded sets A, B, D-H (docs/SCORING.md, "Which question is being answered").
MEANING_WEIGHT = 3.0
MEANING_OF = 3
MEANING_AT = 0.40
FUSED_LEAD = 0.05

# how a specialty is named when its id does not say it plainly
_SPECIALTY_NAMES = {"general-surgery": "surgery", "obgyn": "obstetrics gynecology"}

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
        matcher = FaqMatcher(index, settings, meaning=meaning)
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
        if verbatim is not None and self._same_words(wording, self._wordings[verbatim[2]]):
            return self._by_id[self._wording_ids[verbatim[2]]]
        if self.matcher.meaning is not None:
            return self._by_meaning(wording)
        scores = self.matcher.scores(wording)
        if not scores:
            return None
        ranked = sorted(scores.values(), reverse=True)
        best, score = max(scores.items(), key=lambda item: item[1])
        runner_up = ranked[1] if len(ranked) > 1 else 0.0
        if score < QUESTION_MATCH_AT or score - runner_up < QUESTION_MARGIN * score:
            return None
        return self._by_id[self.matcher.index.targets[best].id]

    def _same_words(self, wording: str, known: str) -> bool:
        """A near-verbatim wording must not change a word that matters ("peds" for "psych")."""
        analyzer = self.matcher.index.analyzer
        return set(analyzer.stems(wording, repair=True)) <= set(analyzer.stems(known))

    def _named_specialties(self, wording: str) -> set[str]:
        """Specialties the wording names ("peds", "family med"), through the synonym table."""
        analyzer = self.matcher.index.analyzer
        stems = set(analyzer.stems(wording))
        return {
            specialty
            for specialty in self.specialties()
            if set(analyzer.stems(_SPECIALTY_NAMES.get(specialty, specialty.replace("-", " "))))
            <= stems
        }

    def _by_meaning(self, wording: str) -> InterviewQuestion | None:
        found = self.readings(wording)
        return found[0] if found else None

    def readings(self, wording: str, limit: int = 1) -> list[InterviewQuestion]:
        """The bank questions a wording may be (best first); empty when it is none of them."""
        if self.matcher.meaning is None:
            one = self.find(wording)
            return [one] if one else []
        meaning = self.matcher.meaning.similarities([wording], best_of=MEANING_OF)
        fused = MEANING_WEIGHT * meaning
        for target, score in self.matcher.scores(wording).items():
            fused[target] += score
        # a question about one specialty is never matched to another specialty's question
        named = self._named_specialties(wording)
        for number, question in enumerate(self.questions):
            if question.specialty and question.specialty not in named:
                fused[number] = -1.0 if named else fused[number]
        order = np.argsort(-fused, kind="stable")
        best, runner_up = int(order[0]), float(fused[order[1]]) if len(order) > 1 else 0.0
        if meaning[best] < MEANING_AT or fused[best] - runner_up < FUSED_LEAD * fused[best]:
            return []
        targets = self.matcher.index.targets
        return [
            self._by_id[targets[int(n)].id] for n in order[:limit] if meaning[int(n)] >= MEANING_AT
        ]

    def answer_fits(self, question_id: str, answer: str, slack: float = 0.05) -> bool:
        """Whether an answer means about as much this question as any other in the bank
        (sentence embeddings of the answer's opening and of every question's wordings)."""
        if self.matcher.meaning is None:
            return False
        meaning = self.matcher.meaning.similarities([answer])
        own = next(n for n, t in enumerate(self.matcher.index.targets) if t.id == question_id)
        return float(meaning[own]) >= float(meaning.max()) - slack

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
