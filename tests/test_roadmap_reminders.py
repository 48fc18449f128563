"""Roadmap reminders on a simulated clock: a week and a day before each step ahead, sent on
Telegram through the job queue, restored from the store after a restart, stopped with one tap."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.telegram import TelegramAdapter
from bot.config import Settings
from bot.core.events import Press
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.roadmap.jobs import JOB, opted_in
from bot.roadmap.plan import Answers, build_plan
from bot.roadmap.reminders import due, local_today, reminders
from bot.roadmap.rules import load_roadmap
from bot.service import Coach
from bot.store.sql import SqlStore
from tests.botapi_stub import BotApiStub
from tests.conftest import CONTENT, Chat

USER = 555
DEC_6 = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)
ANSWERS = ("us", "2028", "2024", "j1", "none", "pediatrics")


def _walk(answers: Answers, start: dt.datetime, end: dt.datetime, offset: int | None) -> list[Any]:
    """Every reminder a job checking each hour would send between start and end."""
    rules = load_roadmap(CONTENT)
    sent = []
    clock = start
    step = dt.timedelta(hours=1)
    while clock < end:
        clock += step
        plan = build_plan(rules, answers, local_today(clock, offset))
        sent += due(plan, clock, offset, step)
    return sent


@pytest.mark.parametrize("offset", [None, 330, -300])
def test_a_week_and_a_day_before_each_step_ahead_on_a_simulated_clock(offset: int | None) -> None:
    answers = Answers("us", 2028, 2024, "needs-visa", frozenset({"step1"}))
    rules = load_roadmap(CONTENT)
    plan = build_plan(rules, answers, DEC_6.date())
    ahead = [m for m in plan.milestones if m.status in ("next", "later", "at_risk") and m.date]
    sent = _walk(answers, DEC_6, dt.datetime(2028, 8, 1, tzinfo=dt.UTC), offset)
    by_milestone: dict[str, list[int]] = {}
    for reminder in sent:
        by_milestone.setdefault(reminder.milestone_id, []).append(reminder.lead_days)
        local = reminder.at + dt.timedelta(minutes=offset or 0)
        assert local.hour == (9 if offset is not None else 13)
        assert local.date() == reminder.date - dt.timedelta(days=reminder.lead_days)
    assert by_milestone == {m.id: [7, 1] for m in ahead}
    done = {m.id for m in plan.milestones if m.status == "done"}
    assert done and not done & set(by_milestone)  # nothing about what is done
    assert len(sent) == len({(r.milestone_id, r.lead_days) for r in sent})  # none twice


def test_nothing_is_due_twice_across_overlapping_checks() -> None:
    rules = load_roadmap(CONTENT)
    plan = build_plan(rules, Answers("ca", 2028, 2022, "ca-pr"), DEC_6.date())
    first = reminders(plan, DEC_6, None)[0]
    just_after = first.at + dt.timedelta(minutes=5)
    assert due(plan, just_after, None, dt.timedelta(minutes=10)) == [first]
    assert due(plan, just_after + dt.timedelta(minutes=10), None, dt.timedelta(minutes=10)) == []


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


async def _start(coach: Coach, stub: BotApiStub, clock: Clock) -> tuple[TelegramAdapter, Any]:
    adapter = TelegramAdapter(
        coach, Settings(token=stub.state.token, telegram_base_url=stub.base_url)
    )
    adapter.roadmap.clock = clock
    application = adapter.build()
    await adapter.start_polling(application, poll_timeout=1)
    return adapter, application


@pytest.mark.asyncio(loop_scope="function")
async def test_reminders_are_sent_restored_after_a_restart_and_stopped(
    tmp_path: Path, knowledge: Knowledge, renderer: Renderer
) -> None:
    store = SqlStore.open(f"sqlite:///{tmp_path / 'bot.db'}")
    coach = Coach(knowledge, renderer, store)
    for user_id in (str(USER), "console-me"):  # a terminal user's reminders are never tried
        chat = Chat(coach, user_id=user_id)
        chat.now = DEC_6
        chat.send("/roadmap")
        for answer in ANSWERS:
            chat.send(answer)
        chat.press("Remind me")
    plan_first = dt.datetime(2027, 3, 30, 13, tzinfo=dt.UTC)  # a week before the ECFMG application

    stub = BotApiStub()
    await stub.start()
    stub.state.chats[USER] = {"id": USER, "type": "private", "first_name": "U"}
    clock = Clock(DEC_6)
    adapter, application = await _start(coach, stub, clock)
    try:
        assert application.job_queue is not None
        assert [job.name for job in application.job_queue.jobs() if job.name == JOB] == [JOB]
        clock.now = plan_first - dt.timedelta(minutes=5)
        assert await adapter.roadmap.scan(application.bot) == 0  # not yet
        clock.now = plan_first + dt.timedelta(minutes=5)
        assert await adapter.roadmap.scan(application.bot) == 1
        (message,) = stub.state.bot_messages(USER)
        assert "In 7 days: Application for ECFMG Certification" in message["text"]
        data = [
            b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row
        ]
        assert data == ["m:roadmap", "m:rmstop"]
        assert await adapter.roadmap.scan(application.bot) == 0  # sent once
    finally:
        await adapter.stop(application)

    # a restart: a new bot on the same store finds the reminder again, a day before
    coach = Coach(knowledge, renderer, store)
    day_before = dt.datetime(2027, 4, 5, 13, 2, tzinfo=dt.UTC)
    clock = Clock(day_before - dt.timedelta(minutes=10))
    adapter, application = await _start(coach, stub, clock)
    try:
        clock.now = day_before
        assert await adapter.roadmap.scan(application.bot) == 1
        assert (
            "Tomorrow: Application for ECFMG Certification"
            in stub.state.bot_messages(USER)[-1]["text"]
        )
        # one tap on the reminder's Stop button, and nothing more comes
        coach.handle(str(USER), Press("m:rmstop"), now=day_before)
        clock.now = dt.datetime(
            2027, 4, 29, 13, 1, tzinfo=dt.UTC
        )  # a week before FSMB registration
        assert await adapter.roadmap.scan(application.bot) == 0
    finally:
        await adapter.stop(application)
        await stub.stop()
        store.close()
    assert not [c for c in stub.state.calls if c.params.get("chat_id") == "console-me"]
    assert not stub.state.errors, stub.state.errors


def test_who_has_reminders_on_is_read_back_from_either_database(
    store: SqlStore, knowledge: Knowledge, renderer: Renderer
) -> None:
    coach = Coach(knowledge, renderer, store)
    for user_id, remind in (("701", True), ("702", False)):
        chat = Chat(coach, user_id=user_id)
        chat.now = DEC_6
        chat.send("/roadmap")
        for answer in ANSWERS:
            chat.send(answer)
        if remind:
            chat.press("Remind me")
    found = opted_in(store)
    assert [user for user, _ in found] == ["701"]
    assert found[0][1]["roadmap"]["answers"]["grad_year"] == 2024


@pytest.mark.asyncio(loop_scope="function")
async def test_the_whole_roadmap_on_telegram_against_the_local_bot_api(
    tmp_path: Path, knowledge: Knowledge, renderer: Renderer
) -> None:
    """Six questions, the plan paged with Next, and the .ics sent as a document, through the
    real python-telegram-bot Application and a strict Bot API server."""
    store = SqlStore.open(f"sqlite:///{tmp_path / 'bot.db'}")
    stub = BotApiStub()
    await stub.start()
    adapter, application = await _start(Coach(knowledge, renderer, store), stub, Clock(DEC_6))

    async def until(condition: Any) -> Any:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if value := condition():
                return value
            await asyncio.sleep(0.02)
        raise AssertionError("timed out")

    async def say(text: str) -> dict[str, Any]:
        before = len(stub.state.calls)
        stub.state.send_text(USER, text)
        await until(
            lambda: any(
                c.method in ("sendMessage", "sendDocument") for c in stub.state.calls[before:]
            )
        )
        return stub.state.bot_messages(USER)[-1]

    try:
        await say("/roadmap")
        for answer in ("both", "2028", "2016", "canadian pr", "mccqe and nac"):
            await say(answer)
        plan = await say("family medicine")
        assert "Your roadmap to the 2028 Match" in plan["text"]
        buttons = [b for row in plan["reply_markup"]["inline_keyboard"] for b in row]
        following = next(b for b in buttons if b["text"].startswith("Next"))
        clean = {k: v for k, v in plan.items() if k not in ("seq", "html")}
        _, query = stub.state.press(USER, clean, following["callback_data"])
        await until(lambda: stub.state.queries.get(query))
        assert stub.state.calls_of("editMessageText", chat_id=USER)
        await say("/roadmap ics")
        (document,) = stub.state.calls_of("sendDocument", chat_id=USER)
        assert "calendar file" in document.params.get("caption", "")
    finally:
        await adapter.stop(application)
        await stub.stop()
        store.close()
    assert not stub.state.errors, stub.state.errors
