"""Maintainer reports: what users asked that the bot could not answer, grouped by meaning."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from rapidfuzz import fuzz, utils

from bot.store.sql import SqlStore

# Two logged questions are one ask when their sentence embeddings are this close (cosine):
# "what salary do residents get" / "how much do residents earn per year" are .87, questions
# that only share words ("do I need step 3 for h1b" / "how do I book step 3") stay under .6
SAME_MEANING = 0.75
# ...or when they are nearly the same characters (typos the encoder may read apart)
SAME_SPELLING = 90


def _vectors(queries: list[str]) -> np.ndarray:
    from bot.semantic.encoder import shared_encoder

    return shared_encoder().encode(queries)


def group_similar(queries: list[str]) -> list[dict[str, Any]]:
    """Greedy grouping: each question joins the group whose example it is closest to in
    meaning, if close enough; most asked groups first."""
    if not queries:
        return []
    vectors = _vectors(queries)
    processed = [utils.default_process(q) for q in queries]
    groups: list[dict[str, Any]] = []
    examples: list[int] = []  # index of each group's example
    for index, query in enumerate(queries):
        best, best_similarity = None, SAME_MEANING
        for number, example in enumerate(examples):
            similarity = float(vectors[index] @ vectors[example])
            if fuzz.ratio(processed[index], processed[example]) >= SAME_SPELLING:
                similarity = max(similarity, 1.0)
            if similarity >= best_similarity:
                best, best_similarity = number, similarity
        if best is None:
            groups.append({"example": query, "count": 1, "others": []})
            examples.append(index)
            continue
        group = groups[best]
        group["count"] += 1
        if query not in group["others"] and query != group["example"]:
            group["others"].append(query)
    return sorted(groups, key=lambda g: -g["count"])


def unanswered_report(store: SqlStore, since: dt.datetime) -> dict[str, Any]:
    rows = store.unanswered(since)
    return {
        "since": since.isoformat(),
        "total": len(rows),
        "groups": group_similar([r["query"] for r in rows]),
        "down_votes": store.down_votes(since),
    }
