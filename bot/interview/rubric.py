"""Each bank question's checklist and topic, pre-stemmed for fast and tolerant matching.

Two ways for a sentence to meet a checklist item:
  - a cue: every content word of one cue phrase in the sentence ("told senior");
  - the item's vocabulary: two or more informative words from all of the item's cues and
    its label ("I like to think about the whole patient, not one organ" meets "likes
    whole-patient, organ-systems reasoning" through think, whole, organ).
And one way to tell an answer to a different question: compare how much of the answer's
vocabulary belongs to this question's topic against the best other question in the bank.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from bot.content.schema import InterviewQuestion
from bot.text import sentences

# An item word counts toward "the item's vocabulary" only if at most this share of all
# checklist items in the bank use it ("patient", "I" and "team" say nothing on their own).
COMMON_ITEM_WORD = 0.06
BAG_WORDS_NEEDED = 2


@dataclass(frozen=True)
class ItemVocabulary:
    cues: tuple[tuple[str, ...], ...]
    bag: tuple[str, ...]  # sorted: which shared word is checked for negation must not vary


@dataclass(frozen=True)
class QuestionRubric:
    question: InterviewQuestion
    items: tuple[ItemVocabulary, ...]
    topic: frozenset[str]


class RubricIndex:
    def __init__(
        self, questions: list[InterviewQuestion], generic: InterviewQuestion, cues
    ) -> None:
        self._cues = cues
        item_words: list[frozenset[str]] = []
        raw: dict[str, list[tuple[tuple[tuple[str, ...], ...], frozenset[str]]]] = {}
        for question in [*questions, generic]:
            entries = []
            for item in question.checklist:
                stemmed = tuple(c for c in (cues.cue(cue) for cue in item.cues) if c)
                words = frozenset(w for cue in stemmed for w in cue) | cues.sentence(item.label)
                entries.append((stemmed, words))
                item_words.append(words)
            raw[question.id] = entries
        frequency = Counter(w for words in item_words for w in words)
        common = {w for w, n in frequency.items() if n / len(item_words) > COMMON_ITEM_WORD}

        self._rubrics: dict[str, QuestionRubric] = {}
        topic_frequency: Counter[str] = Counter()
        topics: dict[str, frozenset[str]] = {}
        for question in [*questions, generic]:
            items = tuple(
                ItemVocabulary(stemmed, tuple(sorted(words - common)))
                for stemmed, words in raw[question.id]
            )
            text = " ".join(
                [question.question, *question.alternates, question.why_asked, *question.outline]
                + [cue for item in question.checklist for cue in item.cues]
                + [item.label for item in question.checklist]
            )
            topic = frozenset().union(*(cues.sentence(s) for s in sentences(text)))
            topics[question.id] = topic
            if question is not generic:
                topic_frequency.update(topic)
            self._rubrics[question.id] = QuestionRubric(question, items, topic)
        n = max(1, len(questions))
        self._idf = {w: math.log((n + 1) / (df + 0.5)) for w, df in topic_frequency.items()}
        self._bank_ids = [q.id for q in questions]
        self._topic_weight = {
            qid: math.sqrt(sum(self._idf.get(w, 0.0) ** 2 for w in topics[qid]))
            for qid in self._bank_ids
        }
        self._idf_squared = {w: value**2 for w, value in self._idf.items()}
        # "why this specialty?" is answered with one specialty's reasons: its specialty-specific
        # siblings ("why pediatrics?") are not other questions the answer fits better
        specific = [q.id for q in questions if q.kind == "specialty" and q.id.startswith("why-")]
        self._siblings: dict[str, frozenset[str]] = {"why-this-specialty": frozenset(specific)}

    def get(self, question_id: str) -> QuestionRubric:
        return self._rubrics[question_id]

    def relevance(self, question_id: str, answer_words: frozenset[str]) -> float:
        """0..1: this question's topical similarity to the answer, relative to the best one.

        1.0 when no other bank question fits the answer better; an answer to "why the US?"
        given for "why internal medicine?" scores well below 1.
        """
        if question_id not in self._topic_weight or not answer_words:
            return 1.0
        similarities = self._similarities(
            answer_words, self._siblings.get(question_id, frozenset())
        )
        best = max(similarities.values())
        return similarities[question_id] / best if best > 0 else 1.0

    def best_fit(self, answer_words: frozenset[str]) -> str | None:
        """The bank question whose topic the answer's words fit best."""
        similarities = self._similarities(answer_words, frozenset())
        best = max(similarities, key=lambda qid: (similarities[qid], qid), default=None)
        return best if best is not None and similarities[best] > 0 else None

    def _similarities(self, answer_words: frozenset[str], skip: frozenset[str]) -> dict[str, float]:
        squared = self._idf_squared
        answer_norm = math.sqrt(sum(squared.get(w, 0.0) for w in answer_words)) or 1.0
        similarities = {}
        for qid in self._bank_ids:
            if qid in skip:
                continue
            rubric = self._rubrics[qid]
            shared = sum(squared.get(w, 0.0) for w in answer_words & rubric.topic)
            similarities[qid] = shared / (answer_norm * (self._topic_weight[qid] or 1.0))
        return similarities
