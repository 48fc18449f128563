"""The store, on SQLite and on PostgreSQL: transactions, duplicates, export, erasure, restarts."""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core.events import Command, Text
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store import schema
from bot.store.migrations import MIGRATIONS
from bot.store.records import FaqAsked
from bot.store.sql import SqlStore
from tests.conftest import Chat

ROOT = Path(__file__).resolve().parent.parent

ANSWER = (
    "When I was an intern in Kampala in 2021 I made a one-page handover sheet with my senior; "
    "missed overnight tasks fell from five a week to one, and I learned to ask early."
)


@pytest.fixture
def store_coach(knowledge: Knowledge, renderer: Renderer, store: SqlStore) -> Coach:
    return Coach(knowledge, renderer, store, admin_ids=frozenset({"admin"}))


def test_migrations_are_recorded_and_applied_once(database_url: str) -> None:
    first = SqlStore.open(database_url)
    second = SqlStore.open(database_url)
    with second.engine.connect() as connection:
        versions = connection.execute(select(schema.schema_version.c.version)).scalars().all()
    assert versions == [1]
    first.close()
    second.close()


def test_a_delivered_twice_update_is_applied_once(store_coach: Coach) -> None:
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
    first = store_coach.handle("dup-user", Text("what is soap"), update_id=777001, now=now)
    second = store_coach.handle("dup-user", Text("what is soap"), update_id=777001, now=now)
    assert first.replies and not second.replies and second.duplicate
    assert len(store_coach.store.history("dup-user").faq) == 1


def test_an_event_that_fails_leaves_no_trace(
    store_coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = Chat(store_coach)
    chat.send("/interview")
    chat.press("Quick mix")
    before = store_coach.store.state(chat.user_id)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("bot.core.interview_flow.add_part", broken)
    with pytest.raises(RuntimeError):
        chat.send(ANSWER)
    assert store_coach.store.state(chat.user_id) == before


def test_state_and_history_survive_a_new_store_on_the_same_database(
    knowledge: Knowledge, renderer: Renderer, database_url: str
) -> None:
    store = SqlStore.open(database_url)
    chat = Chat(Coach(knowledge, renderer, store))
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send(ANSWER)
    store.close()
    reopened = SqlStore.open(database_url)
    chat.coach = Coach(knowledge, renderer, reopened)
    chat.send("/done")
    assert f"{len(ANSWER.split())} words" in chat.text()
    assert len(reopened.history(chat.user_id).answers) == 1
    reopened.close()


def test_export_holds_everything_stored_about_the_user(store_coach: Coach) -> None:
    chat = Chat(store_coach)
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send(ANSWER)
    chat.send("/done")
    chat.send("recipe for chicken biryani")
    replies = chat.send("/export")
    name, payload = replies[0].document  # type: ignore[misc]
    data = json.loads(payload)
    assert name.endswith(".json")
    tables = data["tables"]
    assert len(tables["answers"]) == 1 and tables["answers"][0]["score"] >= 0
    assert any(row["query"] == "recipe for chicken biryani" for row in tables["faq_log"])
    assert data["state"]["interview"] is not None


def test_deletemydata_leaves_nothing_behind(store_coach: Coach) -> None:
    chat = Chat(store_coach)
    chat.send("what is soap")
    chat.press("Helpful")
    chat.send("an unanswerable question about football scores")
    chat.send("/remind 19:00")
    chat.send("+5:30")
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send(ANSWER)
    chat.send("/done")
    assert store_coach.store.rows_about(chat.user_id) > 5
    chat.send("/deletemydata")
    chat.press("Cancel")
    assert store_coach.store.rows_about(chat.user_id) > 5
    chat.send("/deletemydata")
    chat.press("Yes, delete")
    assert "erased" in chat.text()
    assert store_coach.store.rows_about(chat.user_id) == 0


def test_a_reminder_is_stored_with_its_zone_and_removed_when_turned_off(
    store_coach: Coach,
) -> None:
    """What a restarted bot schedules from (the restart itself: tests/test_reminders.py)."""
    chat = Chat(store_coach)
    chat.send("/remind 7:30")
    assert "time zone" in chat.text()
    chat.send("+02:00")
    assert "07:30" in chat.text()
    reminders = [r for r in store_coach.store.reminders() if r["user_id"] == chat.user_id]
    assert reminders == [{"user_id": chat.user_id, "time": "07:30", "utc_offset_minutes": 120}]
    chat.send("/remind off")
    assert not [r for r in store_coach.store.reminders() if r["user_id"] == chat.user_id]


def test_unanswered_report_groups_similar_questions(store: SqlStore) -> None:
    from bot.reports import unanswered_report

    now = dt.datetime.now(dt.UTC)
    for user, query in [
        ("a", "how to pass plab 2"),
        ("b", "How to pass PLAB 2?"),
        ("c", "best shawarma in toronto"),
    ]:
        with store.unit(user) as unit:
            unit.write([FaqAsked(query, "none", None, 10)], now)
    report = unanswered_report(store, now - dt.timedelta(days=1))
    assert report["total"] == 3
    assert report["groups"][0]["count"] == 2


def _chat_process(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
    )


_OUTPUT: dict[int, queue.Queue[str]] = {}


def _read_until(process: subprocess.Popen[str], marker: str, timeout: float = 60) -> str:
    """Output up to the marker; fails after `timeout` even when the bot prints nothing more
    (a thread reads the pipe, so a blocked read never hangs the test run)."""
    assert process.stdout is not None
    if process.pid not in _OUTPUT:
        lines: queue.Queue[str] = queue.Queue()
        stdout = process.stdout

        def pump() -> None:
            for line in stdout:
                lines.put(line)
            lines.put("")

        threading.Thread(target=pump, daemon=True).start()
        _OUTPUT[process.pid] = lines
    seen = ""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        try:
            line = _OUTPUT[process.pid].get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            process.kill()
            raise AssertionError(f"no {marker!r} in output: {seen[-2000:]}") from None
        if not line:
            raise AssertionError(f"process ended before {marker!r}: {seen[-2000:]}")
        seen += line
    return seen


def _button_number(screen: str, label: str) -> str:
    """The number the terminal chat shows for a button."""
    match = re.findall(rf"\[(\d+)\] [^\n]*{label}", screen)
    assert match, screen
    return match[-1]


def test_a_killed_bot_resumes_the_same_question_with_the_partial_answer(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": ""}
    first = _chat_process(env)
    assert first.stdin is not None
    first.stdin.write("/interview\n")
    first.stdin.flush()
    menu = _read_until(first, "Quick mix")
    first.stdin.write(_button_number(menu, "Quick mix") + "\n")
    first.stdin.flush()
    shown = _read_until(first, "Hint")
    question = shown.split("Question 1 of 5")[1].splitlines()[1].strip()
    first.stdin.write(ANSWER + "\n")
    first.stdin.flush()
    _read_until(first, "Got it")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)

    second = _chat_process(env)
    assert second.stdin is not None
    second.stdin.write("/interview\n")
    second.stdin.flush()
    resumed = _read_until(second, "Start a new one")
    assert "question 1 of 5, with your answer started" in resumed
    second.stdin.write(_button_number(resumed, "Continue") + "\n")
    second.stdin.flush()
    again = _read_until(second, "Hint")
    assert question in again
    second.stdin.write("/done\n")
    second.stdin.flush()
    feedback = _read_until(second, "📏")  # the length line (a checklist item may say "words")
    second.stdin.close()
    second.wait(timeout=20)
    assert f"{len(ANSWER.split())} words" in feedback
    assert second.returncode == 0


def test_a_bad_database_url_is_reported_without_secrets(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql://admin:s3cretPass@127.0.0.1:1/nowhere",
        "TELEGRAM_BOT_TOKEN": "",
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        capture_output=True,
        text=True,
        env=env,
        input="",
        timeout=60,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode != 0
    assert "cannot open" in result.stderr
    assert "s3cretPass" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_a_database_in_a_folder_that_does_not_exist_yet_is_created(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'bot.db'}"
    store = SqlStore.open(url)
    with store.unit("x") as unit:
        unit.save({"version": 1}, dt.datetime.now(dt.UTC))
    assert store.state("x") == {"version": 1}
    store.close()


OLD_DATABASE = ROOT / "tests" / "data" / "store_schema_v1.sql"


def test_a_database_left_by_the_first_schema_is_migrated_and_keeps_the_users_data(
    tmp_path: Path, knowledge: Knowledge, renderer: Renderer
) -> None:
    path = tmp_path / "bot.db"
    with sqlite3.connect(path) as old:
        old.executescript(OLD_DATABASE.read_text(encoding="utf-8"))
    url = f"sqlite:///{path}"

    # a store command on the old file, as an operator runs it after an upgrade
    report = subprocess.run(
        [sys.executable, "-m", "bot", "report", "unanswered", "--since", "3650", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": ""},
        cwd=ROOT,
        timeout=120,
    )
    assert report.returncode == 0, report.stderr
    groups = json.loads(report.stdout)["groups"]
    assert [g["example"] for g in groups] == ["what laptop should i buy for residency"]

    store = SqlStore.open(url)
    with store.engine.connect() as connection:
        versions = connection.execute(select(schema.schema_version.c.version)).scalars().all()
    assert versions == [number for number, *_ in MIGRATIONS]
    assert store.reminders() == [{"user_id": "4242", "time": "19:00", "utc_offset_minutes": 330}]

    # the user comes back after the upgrade: their answer, schedule and rating are all there
    chat = Chat(
        Coach(knowledge, renderer, store),
        user_id="4242",
        now=dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC),
    )
    assert "answers scored: 1" in chat.text(chat.send("/progress"))
    chat.send("what is soap")
    assert "already rated" in (chat.press("Helpful")[0].notice or "")
    assert "Question 1 of 1" in chat.text(chat.send("/practice"))  # due since 21 Nov
    store.close()


def test_service_rejects_nothing_for_a_fresh_user_on_both_stores(store_coach: Coach) -> None:
    handled = store_coach.handle("fresh", Command("start"), update_id=None)
    assert handled.replies and "IMG Residency Coach" in handled.replies[0].text
