"""Which sentence of an answer shows a checklist item: the best one, not the first that
shares a word.

A sentence is a candidate when it says a cue (every word of it), carries enough of the item's
own vocabulary, or — for an item about a measurable result — reports a number that changed.
Among candidates the one closest in meaning to the item wins (sentence embeddings), then the
more concrete one. A sentence that only shares vocabulary must also be close in meaning, and a
sentence that carries a red flag never counts as covering anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.content.schema import ChecklistItem, InterviewQuestion
from bot.interview.answer_text import AnswerText
from bot.interview.rubric import ItemVocabulary
from bot.semantic.encoder import SentenceEncoder
from bot.semantic.vectors import TextVectors

# how strongly each kind of candidate shows the item, before meaning is added
CUE_STRENGTH = 1.0
RESULT_STRENGTH = 0.8
BAG_STRENGTH = 0.5
# a sentence that only shares an item's words must mean something close to it, too
BAG_MEANING_AT = 0.2

_RESULT_ITEM = re.compile(r"\b(measur\w*|result\w*|outcome\w*|impact|difference|improv\w*)\b", re.I)
_CHANGE = re.compile(
    r"\b(fell|dropped|drop|rose|increased|decreased|reduced|improved|halved|doubled|went (up|down)|"
    r"came down|cut|shortened|from \S+ to \S+)\b|\d\s*%|\bper cent\b|\bpercent\b",
    re.IGNORECASE,
)


def shows_result(item: ChecklistItem) -> bool:
    return bool(_RESULT_ITEM.search(item.label))


def reports_change(text: AnswerText, number: int) -> bool:
    return text.signals[number].numbers > 0 and bool(_CHANGE.search(text.sentences[number]))


def best_evidence(
    text: AnswerText,
    item: ChecklistItem,
    vocabulary: ItemVocabulary,
    closeness: Callable[[int], float] | None,
    excluded: frozenset[int] = frozenset(),
) -> int | None:
    """The sentence that best shows the item, or None when no sentence does."""
    strength: dict[int, float] = {}
    for cue in vocabulary.cues:
        for number in text.cue_sentences(cue):
            strength[number] = CUE_STRENGTH
    if shows_result(item):
        for number in range(len(text.sentences)):
            if reports_change(text, number):
                strength.setdefault(number, RESULT_STRENGTH)
    for number in text.bag_sentences(vocabulary.bag):
        if number not in strength and (closeness is None or closeness(number) >= BAG_MEANING_AT):
            strength[number] = BAG_STRENGTH
    candidates = [n for n in strength if n not in excluded]
    if not candidates:
        return None

    def rank(number: int) -> tuple[float, float, int]:
        meaning = closeness(number) if closeness is not None else 0.0
        return (strength[number] + meaning, text.signals[number].concreteness, -number)

    return max(candidates, key=rank)


@dataclass
class ItemMeaning:
    """Each checklist item of the bank as vectors of its label and cues (kept on disk)."""

    encoder: SentenceEncoder
    vectors: TextVectors
    _items: dict[str, list[np.ndarray]]

    @classmethod
    def build(cls, questions: Sequence[InterviewQuestion], vectors: TextVectors) -> ItemMeaning:
        texts = [[item.label, *item.cues] for question in questions for item in question.checklist]
        matrix = vectors.of([t for group in texts for t in group])
        items: dict[str, list[np.ndarray]] = {}
        row = 0
        for question in questions:
            per_item = []
            for item in question.checklist:
                size = 1 + len(item.cues)
                per_item.append(matrix[row : row + size])
                row += size
            items[question.id] = per_item
        return cls(vectors.encoder, vectors, items)

    def closeness(
        self, question_id: str, sentences: list[str]
    ) -> list[Callable[[int], float]] | None:
        """Per item, a sentence's best similarity to the item's label or cues. Sentences are
        embedded on first ask: only those that show some item are (a long answer has many)."""
        items = self._items.get(question_id)
        if items is None or not sentences:
            return None
        vectors: dict[int, np.ndarray] = {}

        def vector(number: int) -> np.ndarray:
            if number not in vectors:
                vectors[number] = self.encoder.encode_one(sentences[number])
            return vectors[number]

        return [
            lambda number, phrasings=phrasings: float((phrasings @ vector(number)).max())
            for phrasings in items
        ]
