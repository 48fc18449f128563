"""The maintainer's report of unanswered questions: the same ask in other words is one group."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.reports import group_similar, unanswered_report
from bot.store.records import FaqAsked
from bot.store.sql import SqlStore

ROOT = Path(__file__).resolve().parent.parent


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


def test_the_command_reports_only_the_days_asked_for(tmp_path: Path) -> None:
    """`imgcoach report unanswered --since DAYS`: what was asked in those days, not before."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    store = SqlStore.open(url)
    now = dt.datetime.now(dt.UTC)
    for user, query, days_ago in [
        ("a", "is there a residency for sports medicine in dubai", 40),
        ("b", "how much do residents earn per year", 3),
    ]:
        with store.unit(user) as unit:
            unit.write([FaqAsked(query, "none", None, 10)], now - dt.timedelta(days=days_ago))
    store.close()

    def report(days: int) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "report", "unanswered", "--since", str(days), "--json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": ""},
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    recent = report(30)
    assert recent["total"] == 1
    assert [g["example"] for g in recent["groups"]] == ["how much do residents earn per year"]
    everything = report(60)
    assert everything["total"] == 2
