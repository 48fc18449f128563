"""The maintainer's report of unanswered questions: the same ask in other words is one group."""

from __future__ import annotations

import datetime as dt

from bot.reports import group_similar, unanswered_report
from bot.store.records import FaqAsked
from bot.store.sql import SqlStore


def _groups(queries: list[str]) -> list[set[str]]:
    return [{g["example"], *g["others"]} for g in group_similar(queries)]


def test_the_same_question_in_other_words_is_one_group() -> None:
    groups = _groups(
        [
            "what salary do residents get",
            "how much do residents earn per year",
            "is there an age limit for residency",
            "am I too old to apply for residency",
            "best shawarma in toronto",
        ]
    )
    assert {"what salary do residents get", "how much do residents earn per year"} in groups
    assert {"is there an age limit for residency", "am I too old to apply for residency"} in groups
    assert {"best shawarma in toronto"} in groups
    assert len(groups) == 3


def test_questions_that_share_words_but_not_meaning_stay_apart() -> None:
    groups = _groups(
        [
            "do I need step 3 for h1b",
            "how do I book step 3",
            "how many attempts are allowed for step 1",
        ]
    )
    assert len(groups) == 3


def test_the_report_counts_each_group_and_leads_with_the_most_asked(store: SqlStore) -> None:
    now = dt.datetime.now(dt.UTC)
    asked = [
        ("a", "what salary do residents get"),
        ("b", "how much do residents earn per year"),
        ("c", "What salary do residents get?"),
        ("d", "best shawarma in toronto"),
    ]
    for user, query in asked:
        with store.unit(user) as unit:
            unit.write([FaqAsked(query, "none", None, 10)], now)
    report = unanswered_report(store, now - dt.timedelta(days=1))
    assert report["total"] == 4
    assert [g["count"] for g in report["groups"]] == [3, 1]
