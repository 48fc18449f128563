"""Maintainer reports: what users asked that the bot could not answer, grouped by similarity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rapidfuzz import fuzz, utils

from bot.store.sql import SqlStore

SAME_QUESTION = 70  # token_set_ratio at which two logged questions count as one ask


def group_similar(queries: list[str]) -> list[dict[str, Any]]:
    """Greedy grouping: each question joins the first group whose example it resembles."""
    groups: list[dict[str, Any]] = []
    for query in queries:
        processed = utils.default_process(query)
        for group in groups:
            if fuzz.token_set_ratio(processed, group["_key"]) >= SAME_QUESTION:
                group["count"] += 1
                if query not in group["others"] and query != group["example"]:
                    group["others"].append(query)
                break
        else:
            groups.append({"example": query, "count": 1, "others": [], "_key": processed})
    for group in groups:
        del group["_key"]
    return sorted(groups, key=lambda g: -g["count"])


def unanswered_report(store: SqlStore, since: dt.datetime) -> dict[str, Any]:
    rows = store.unanswered(since)
    return {
        "since": since.isoformat(),
        "total": len(rows),
        "groups": group_similar([r["query"] for r in rows]),
        "down_votes": store.down_votes(since),
    }
