"""What a user or a maintainer would otherwise pick, run on the same data as our matcher/scorer."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from rapidfuzz import fuzz, process, utils

from bot.content.schema import FaqEntry, InterviewQuestion
from bot.faq.matcher import MatchResult

Matcher = Callable[[str], MatchResult]

NAIVE_THRESHOLD = 75  # WRatio 0..100: a common "good enough" cut-off


def naive_wratio(questions: list[tuple[str, str]]) -> Matcher:
    """rapidfuzz.process.extractOne with WRatio over the plain spec questions, one threshold."""
    choices = {entry_id: utils.default_process(text) for entry_id, text in questions}

    def match(query: str) -> MatchResult:
        found = process.extractOne(
            utils.default_process(query), choices, scorer=fuzz.WRatio, processor=None
        )
        if found is None or found[1] < NAIVE_THRESHOLD:
            return MatchResult("none", None, round(found[1]) if found else 0)
        return MatchResult("answer", found[2], round(found[1]))

    return match


_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class Bm25Matcher:
    """BM25 (rank-bm25) over questions + alternates; the best phrasing decides the entry.

    Its answer threshold is the one that suits it best on the evaluation set (see
    `fit_threshold`), which makes the comparison generous to the baseline.
    """

    def __init__(self, entries: list[FaqEntry]) -> None:
        from rank_bm25 import BM25Okapi

        documents: list[list[str]] = []
        self.owners: list[str] = []
        for entry in entries:
            for text in (entry.question, *entry.alternates):
                documents.append(_words(text))
                self.owners.append(entry.id)
        self.model = BM25Okapi(documents)
        self.threshold = 0.0

    def raw(self, query: str) -> tuple[str, float]:
        scores = self.model.get_scores(_words(query))
        best = max(range(len(scores)), key=scores.__getitem__)
        return self.owners[best], float(scores[best])

    def __call__(self, query: str) -> MatchResult:
        entry_id, score = self.raw(query)
        if score < self.threshold:
            return MatchResult("none", None, round(score))
        return MatchResult("answer", entry_id, round(score))

    def fit_threshold(self, cases: list[tuple[str, list[str] | None]]) -> float:
        raw = [(self.raw(query), expect) for query, expect in cases]
        best_value, best_threshold = -math.inf, 0.0
        for (_, candidate), _ in raw:
            value = 0.0
            for (entry_id, score), expect in raw:
                if score < candidate:
                    continue
                value += 1 if expect and entry_id in expect else -2
            if value > best_value:
                best_value, best_threshold = value, candidate
        self.threshold = best_threshold
        return best_threshold


def bm25(entries: list[FaqEntry]) -> Bm25Matcher | None:
    try:
        return Bm25Matcher(entries)
    except ImportError:
        return None


def embeddings_only(entries: list[FaqEntry], threshold: float = 0.55) -> Matcher:
    """The shipped sentence encoder alone: the entry of the closest phrasing, above a floor."""
    from bot.semantic.encoder import shared_encoder
    from bot.semantic.vectors import TextVectors

    vectors = TextVectors(shared_encoder())
    owners = [e.id for e in entries for _ in (e.question, *e.alternates)]
    matrix = vectors.of([t for e in entries for t in (e.question, *e.alternates)])

    def match(query: str) -> MatchResult:
        scores = matrix @ vectors.encoder.encode_one(query)
        best = int(scores.argmax())
        if float(scores[best]) < threshold:
            return MatchResult("none", None, round(float(scores[best]) * 100))
        return MatchResult("answer", owners[best], round(float(scores[best]) * 100))

    return match


def keyword_share(question: InterviewQuestion, answer: str) -> int:
    """The checklist-keyword baseline: share of the question's cue words found in the answer."""
    cue_words = {
        w for item in question.checklist for cue in item.cues for w in _words(cue) if len(w) > 3
    }
    if not cue_words:
        return 0
    answer_words = set(_words(answer))
    return round(100 * len(cue_words & answer_words) / len(cue_words))


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))
    return ordered[index]
