"""The second, independent signal of meaning beside the lexical matcher: how close a question
is to each target's phrasings in sentence-embedding space (see docs/MATCHING.md)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.semantic.vectors import TextVectors


class MeaningIndex:
    """Every phrasing of every target as a unit vector, grouped by target."""

    def __init__(self, texts_by_target: Sequence[Sequence[str]], vectors: TextVectors) -> None:
        self._vectors = vectors
        texts: list[str] = []
        starts: list[int] = []
        for phrasings in texts_by_target:
            starts.append(len(texts))
            texts.extend(phrasings)
        if any(not phrasings for phrasings in texts_by_target):
            raise ValueError("every target needs at least one phrasing")
        self._matrix = vectors.of(texts)
        self._starts = np.array(starts, dtype=np.intp)
        self._ends = np.array([*starts[1:], len(texts)], dtype=np.intp)

    def similarities(self, segments: Sequence[str], best_of: int = 1) -> np.ndarray:
        """Per target, the cosine similarity between the segments and its phrasings: the best
        one, or (best_of > 1) the mean of its best_of closest phrasings, which one phrasing that
        happens to share a frame with the query ("walk me through…") cannot carry alone."""
        queries = self._vectors.encoder.encode(list(segments))
        by_phrasing = (queries @ self._matrix.T).max(axis=0)
        if best_of <= 1:
            return np.maximum.reduceat(by_phrasing, self._starts)
        return np.array(
            [
                np.sort(by_phrasing[start:end])[-best_of:].mean()
                for start, end in zip(self._starts, self._ends, strict=True)
            ],
            dtype=np.float32,
        )
