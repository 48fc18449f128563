"""Keeping the bot's own bookkeeping small and in order: processed updates are pruned daily,
per-user locks are bounded, the service runs on any store that keeps the `Store` protocol,
and what the store reads back comes in a defined order."""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.adapters.locks import UserLocks
from bot.adapters.telegram import TelegramAdapter
from bot.adapters.telegram_upkeep import KEEP_UPDATES, PRUNE_EVERY, PRUNE_JOB
from bot.core import records as rec
from bot.core.events import Text
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store import interface, schema
from bot.store.sql import SqlStore
from tests.adapter_harness import running_bot, until
from tests.conftest import Chat

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
ANSWER = (
    "When I was an intern in Kampala in 2021 I made a one-page handover sheet with my senior; "
    "missed overnight tasks fell from five a week to one, and I learned to ask early."
)


def claim(store: SqlStore, update_id: int, at: dt.datetime, user: str = "u1") -> bool:
    with store.unit(user) as unit:
        return unit.claim(update_id, at)


def kept_update_ids(store: SqlStore) -> set[int]:
    updates = schema.processed_updates
    with store.engine.connect() as connection:
        return set(connection.execute(select(updates.c.update_id)).scalars())


# --- processed updates -----------------------------------------------------------------------


def test_pruning_forgets_old_update_ids_and_keeps_recent_ones(store: SqlStore) -> None:
    for update_id, days_ago in [(1, 30), (2, 8), (3, 6), (4, 0)]:
        assert claim(store, update_id, NOW - dt.timedelta(days=days_ago, minutes=1))
    removed = store.prune_updates(NOW - dt.timedelta(days=7))
    assert removed == 2
    assert kept_update_ids(store) == {3, 4}
    # a recent update delivered again is still recognised
    assert not claim(store, 4, NOW)


@pytest.mark.asyncio(loop_scope="function")
async def test_the_running_bot_prunes_processed_updates_once_a_day(
    tmp_path: Path, knowledge: Knowledge, renderer: Renderer
) -> None:
    store = SqlStore.open(f"sqlite:///{tmp_path / 'bot.db'}")
    coach = Coach(knowledge, renderer, store)
    now = dt.datetime.now(dt.UTC)
    claim(store, 900_001, now - KEEP_UPDATES - dt.timedelta(hours=1))  # a week and more ago
    claim(store, 900_002, now - KEEP_UPDATES + dt.timedelta(hours=1))  # not quite a week
    async with running_bot(coach) as (stub, _adapter, application):
        stub.state.send_text(301, "what is soap")
        await until(lambda: stub.state.bot_messages(301))
        assert len(kept_update_ids(store)) == 3  # the live update's id was kept too
        (job,) = application.job_queue.get_jobs_by_name(PRUNE_JOB)
        assert job.job.trigger.interval == PRUNE_EVERY == dt.timedelta(days=1)
        await job.run(application)  # as the job queue runs it each day
        kept = kept_update_ids(store)
    assert 900_001 not in kept
    assert 900_002 in kept and len(kept) == 2
    store.close()


# --- per-user locks --------------------------------------------------------------------------


@pytest.mark.asyncio(loop_scope="function")
async def test_idle_locks_are_dropped_least_recently_used_first() -> None:
    locks = UserLocks(limit=3)
    for user in [1, 2, 3, 1, 4, 5]:
        async with locks.hold(user):
            pass
    assert len(locks) == 3
    assert [user in locks for user in (1, 2, 3, 4, 5)] == [True, False, False, True, True]


@pytest.mark.asyncio(loop_scope="function")
async def test_a_lock_in_use_is_never_dropped_and_its_user_still_waits_in_turn() -> None:
    locks = UserLocks(limit=2)
    order: list[str] = []
    release = asyncio.Event()
    entered = asyncio.Event()

    async def first() -> None:
        async with locks.hold(7):
            entered.set()
            order.append("first in")
            await release.wait()
            order.append("first out")

    async def second() -> None:
        async with locks.hold(7):
            order.append("second in")

    one = asyncio.create_task(first())
    await entered.wait()
    two = asyncio.create_task(second())
    await until(lambda: locks.in_use(7) == 2)  # the second waits for the first
    for user in range(100, 110):  # many other users come and go meanwhile
        async with locks.hold(user):
            pass
    assert 7 in locks and len(locks) <= 2
    release.set()
    await asyncio.gather(one, two)
    assert order == ["first in", "first out", "second in"]
    assert len(locks) <= 2


@pytest.mark.asyncio(loop_scope="function")
async def test_the_bot_keeps_a_bounded_number_of_user_locks(
    tmp_path: Path, knowledge: Knowledge, renderer: Renderer
) -> None:
    store = SqlStore.open(f"sqlite:///{tmp_path / 'bot.db'}")

    def small_locks(adapter: TelegramAdapter) -> None:
        adapter.locks = UserLocks(limit=3)

    users = list(range(400, 412))
    async with running_bot(Coach(knowledge, renderer, store), small_locks) as (stub, adapter, _):
        for user in users:
            stub.state.send_text(user, "what is soap")
        await until(lambda: all(stub.state.bot_messages(u) for u in users))
        assert len(adapter.locks) <= 3
    store.close()


# --- the Store protocol ----------------------------------------------------------------------


@dataclass
class MemoryStore:
    """A store in a dict: enough of the `Store` protocol for the service, and no SQL at all."""

    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    updates: dict[int, dt.datetime] = field(default_factory=dict)
    kept: dict[str, list[rec.Record]] = field(default_factory=dict)

    @contextmanager
    def unit(self, user_id: str) -> Iterator[MemoryUnit]:
        unit = MemoryUnit(self, user_id)
        yield unit  # an exception leaves nothing written
        unit.commit()

    def stats(self, since: dt.datetime) -> dict[str, Any]:
        return {
            "users": len(self.states),
            "active_users": 0,
            "sessions": 0,
            "answers_scored": 0,
            "questions_asked": 0,
            "answer_rate": None,
        }

    def history(self, user_id: str) -> rec.History:
        records = self.kept.get(user_id, [])
        answers = [
            {"question_id": r.question_id, "kind": r.kind, "score": r.score, "missed": r.missed}
            for r in records
            if isinstance(r, rec.AnswerScored)
        ]
        return rec.History(answers=answers)

    def reminders(self) -> list[dict[str, Any]]:
        return []

    def prune_updates(self, older_than: dt.datetime) -> int:
        old = [u for u, at in self.updates.items() if at < older_than]
        for update_id in old:
            del self.updates[update_id]
        return len(old)

    def close(self) -> None:
        pass


@dataclass
class MemoryUnit:
    store: MemoryStore
    user_id: str
    state: dict[str, Any] | None = None
    records: list[rec.Record] = field(default_factory=list)
    claimed: dict[int, dt.datetime] = field(default_factory=dict)

    def claim(self, update_id: int | None, now: dt.datetime) -> bool:
        if update_id is None:
            return True
        if update_id in self.store.updates:
            return False
        self.claimed[update_id] = now
        return True

    def load(self) -> dict[str, Any] | None:
        return self.store.states.get(self.user_id)

    def save(self, state: dict[str, Any], now: dt.datetime) -> None:
        self.state = state

    def write(self, records: Any, now: dt.datetime) -> None:
        self.records.extend(records)

    def history(self) -> rec.History:
        return self.store.history(self.user_id)

    def export(self) -> dict[str, Any]:
        return {"records": [type(r).__name__ for r in self.store.kept.get(self.user_id, [])]}

    def commit(self) -> None:
        self.store.updates.update(self.claimed)
        if any(isinstance(r, rec.ForgetUser) for r in self.records):
            self.store.states.pop(self.user_id, None)
            self.store.kept.pop(self.user_id, None)
            return
        if self.state is not None:
            self.store.states[self.user_id] = self.state
        self.store.kept.setdefault(self.user_id, []).extend(self.records)


def test_the_coach_runs_on_any_store_that_keeps_the_protocol(
    knowledge: Knowledge, renderer: Renderer
) -> None:
    store = MemoryStore()
    coach = Coach(knowledge, renderer, store)
    chat = Chat(coach, user_id="memory-user")
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send(ANSWER)
    chat.send("/done")
    assert "/100" in chat.text()
    kinds = [type(r).__name__ for r in store.kept["memory-user"]]
    assert kinds[:3] == ["SessionStarted", "AnswerScored", "PracticeScheduled"]
    assert store.states["memory-user"]["interview"]["status"] == "feedback"
    again = coach.handle("memory-user", Text("what is soap"), update_id=chat.update_id)
    assert again.duplicate and not again.replies
    chat.send("/deletemydata")
    chat.press("Yes")
    assert "memory-user" not in store.states and "memory-user" not in store.kept


@pytest.mark.parametrize(
    ("protocol", "implementation"), [("Store", "SqlStore"), ("Unit", "UserUnit")]
)
def test_the_sql_store_keeps_the_store_protocol(protocol: str, implementation: str) -> None:
    from bot.store import sql

    wanted = getattr(interface, protocol)
    have = getattr(sql, implementation)
    members = [n for n, v in vars(wanted).items() if callable(v) and not n.startswith("_")]
    assert members
    for name in members:
        assert hasattr(have, name), name
        expected = list(inspect.signature(getattr(wanted, name)).parameters)
        assert list(inspect.signature(getattr(have, name)).parameters) == expected, name


def test_the_service_knows_only_the_store_protocol() -> None:
    source = Path(inspect.getfile(Coach)).read_text(encoding="utf-8")
    assert "bot.store.interface" in source
    assert "bot.store.sql" not in source and "SqlStore" not in source


# --- a defined order ---------------------------------------------------------------------------


def test_a_users_schedule_comes_back_by_due_time_then_question(store: SqlStore) -> None:
    due = NOW + dt.timedelta(days=1)
    tied = ["zeta", "theta", "kappa", "eta", "delta", "beta"]  # due together, written in this order
    with store.unit("order-user") as unit:
        unit.write(
            [rec.PracticeScheduled(q, due, 1.0, 2.5, 1) for q in tied]
            + [rec.PracticeScheduled("alpha", due + dt.timedelta(hours=1), 1.0, 2.5, 1)],
            NOW,
        )
    # the order decides which due questions /practice picks first, on any database
    expected = [*sorted(tied), "alpha"]
    assert [s["question_id"] for s in store.history("order-user").schedule] == expected
    with store.unit("order-user") as unit:
        assert [s["question_id"] for s in unit.history().schedule] == expected


def test_reports_and_reminders_come_in_a_defined_order(store: SqlStore) -> None:
    for user, entry in [("v1", "zz-entry"), ("v2", "aa-entry"), ("v3", "mm-entry")]:
        with store.unit(user) as unit:
            unit.write([rec.FaqVote(entry, False)], NOW)
    assert [v["entry_id"] for v in store.down_votes(NOW - dt.timedelta(days=1))] == [
        "aa-entry",
        "mm-entry",
        "zz-entry",
    ]
    for user in ["555", "333", "444"]:
        with store.unit(user) as unit:
            unit.write([rec.ReminderChanged(True, "19:00", 0)], NOW)
    assert [r["user_id"] for r in store.reminders()] == ["333", "444", "555"]
    with store.unit("one-user") as unit:
        unit.write([rec.FaqAsked("b", "none", None, 0)], NOW)
        unit.write([rec.FaqAsked("a", "none", None, 0)], NOW)
    asked = [row["query"] for row in store.unanswered(NOW - dt.timedelta(days=1))]
    assert asked == ["b", "a"]  # the same moment: in the order they were asked
