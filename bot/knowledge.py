"""Everything the bot knows, loaded and indexed once: FAQ, question bank, scorer settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bot.content.check import cross_check, spec_check
from bot.content.loader import Content, ContentError, ContentProblem, load_content
from bot.content.schema import FaqEntry, InterviewQuestion
from bot.faq.index import FaqIndex
from bot.faq.matcher import Candidate, FaqMatcher, MatchResult, asking_parts
from bot.faq.meaning import MeaningIndex
from bot.faq.regions import RegionDetector
from bot.interview.bank import QuestionBank
from bot.interview.evidence import ItemMeaning
from bot.interview.flag_model import shipped_reader
from bot.interview.flagging import SentenceJudge
from bot.interview.hollow import HollowReader, shipped_hollow_reader
from bot.interview.rubric import RubricIndex
from bot.interview.scorer import OFF_TOPIC_RELEVANCE, CueMatcher, ScoreResult, score_answer
from bot.semantic.encoder import shared_encoder
from bot.semantic.vectors import TextVectors

ANSWER_CACHE_SIZE = 4096


@dataclass
class Knowledge:
    content: Content
    faq: FaqMatcher
    entries: dict[str, FaqEntry]
    red_flag_labels: dict[str, tuple[str, str]]
    cues: CueMatcher
    # the embedding signal (None: lexical only). The question bank, the rubrics and the
    # scorer's item vectors are built on first use: `imgcoach ask` never needs them, and the
    # running bot builds them at start (warm)
    vectors: TextVectors | None = None
    judge: SentenceJudge | None = None
    hollow: HollowReader | None = None  # the learned reader of answers that talk around
    _answers: dict[str, MatchResult] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, content_dir: Path, spec_dir: Path | None = None) -> Knowledge:
        """Load and validate content; raises ContentError listing every problem."""
        content = load_content(content_dir)
        problems: list[ContentProblem] = list(content.problems)
        if not problems:
            problems += cross_check(content)
        if spec_dir is not None and not problems:
            problems += spec_check(content, spec_dir)
        if problems or content.generic_rubric is None or content.red_flag_texts is None:
            raise ContentError(problems)
        return cls.from_content(content)

    @classmethod
    def from_content(cls, content: Content, *, meaning: bool = True) -> Knowledge:
        """meaning=False leaves out the embedding signal (the lexical-only matcher, for
        comparison in `imgcoach bench`)."""
        assert content.generic_rubric is not None and content.red_flag_texts is not None
        synonyms = content.vocabulary.synonyms
        index = FaqIndex.build(content.faq, content.vocabulary.out_of_scope, synonyms)
        vectors = TextVectors(shared_encoder()) if meaning else None
        labels = {b: (t.label, t.why) for b, t in content.red_flag_texts.red_flags.items()}
        cues = CueMatcher(synonyms)
        return cls(
            content=content,
            faq=FaqMatcher(
                index,
                meaning=MeaningIndex(index.texts, vectors) if vectors else None,
                regions=RegionDetector(content.vocabulary.regions),
            ),
            entries={entry.id: entry for entry in content.faq},
            red_flag_labels=labels,
            cues=cues,
            vectors=vectors,
            judge=shipped_reader() if meaning else None,
            hollow=shipped_hollow_reader() if meaning else None,
        )

    @property
    def _generic(self) -> InterviewQuestion:
        rubric = self.content.generic_rubric
        assert rubric is not None  # Knowledge.load refuses content without one
        return rubric

    @cached_property
    def bank(self) -> QuestionBank:
        content = self.content
        synonyms = content.vocabulary.synonyms
        return QuestionBank.build(content.questions, self._generic, synonyms, self.vectors)

    @cached_property
    def rubrics(self) -> RubricIndex:
        return RubricIndex(self.content.questions, self._generic, self.cues)

    @cached_property
    def items_meaning(self) -> ItemMeaning | None:
        if self.vectors is None:
            return None
        return ItemMeaning.build([*self.content.questions, self._generic], self.vectors)

    def warm(self) -> None:
        """Build the scorer's parts now, as the running bot does at start, so that the first
        user's answer does not wait for them."""
        _ = self.bank, self.rubrics, self.items_meaning

    def ask(self, text: str) -> MatchResult:
        """Match a question; the same question asked again (users do) is answered from memory."""
        key = " ".join(text.lower().split())
        found = self._answers.get(key)
        if found is None:
            found = self.faq.match(text)
            if len(self._answers) >= ANSWER_CACHE_SIZE:
                self._answers.pop(next(iter(self._answers)))
            self._answers[key] = found
        return found

    def also_asked(self, text: str, answered: str | None, limit: int = 3) -> list[Candidate]:
        """Entries for the other questions of a post that asks several ("…and also, do I
        need Step 3 for H-1B?"), each found on its own sentence; the answered one left out."""
        found: list[Candidate] = []
        seen = {answered} if answered else set()
        for part in asking_parts(text):
            result = self.ask(part)
            if result.status == "answer" and result.id not in seen and result.candidates:
                seen.add(result.id)
                found.append(result.candidates[0])
            if len(found) >= limit:
                break
        return found

    def score(self, question: InterviewQuestion | str, answer: str) -> ScoreResult:
        """Score an answer to a bank question, or to any wording (matched to the bank).

        A wording is matched by its words alone, and a wrong match would mark a good answer
        as off topic: when the answer fits one of the wording's other likely readings better,
        it is scored against that question."""
        if isinstance(question, str):
            readings = self.bank.readings(question, limit=3)
            if readings:
                result = self._score_on(readings[0], answer)
                if result.off_topic:
                    fit = self.rubrics.best_fit(self.cues.sentence(answer))
                    other = next((q for q in readings[1:] if q.id == fit), None)
                    if other is not None:
                        return self._score_on(other, answer)
                return result
            return score_answer(
                self.rubrics.get(self.bank.generic.id),
                answer,
                known_question=False,
                red_flag_labels=self.red_flag_labels,
                cues=self.cues,
                asked=question,
                items_meaning=self.items_meaning,
                judge=self.judge,
                hollow=self.hollow.cost if self.hollow is not None else None,
            )
        return self._score_on(question, answer)

    def _score_on(self, question: InterviewQuestion, answer: str) -> ScoreResult:
        question_id = question.id

        def relevance(words: frozenset[str]) -> float:
            lexical = self.rubrics.relevance(question_id, words)
            if lexical >= OFF_TOPIC_RELEVANCE or not self.bank.answer_fits(question_id, answer):
                return lexical
            # the words point elsewhere but the meaning is this question's: imperfect English
            # and unusual wording are not "a different question"
            return 1.0

        return score_answer(
            self.rubrics.get(question_id),
            answer,
            red_flag_labels=self.red_flag_labels,
            cues=self.cues,
            relevance=relevance,
            items_meaning=self.items_meaning,
            judge=self.judge,
            hollow=self.hollow.cost if self.hollow is not None else None,
        )
