"""Daily reminders on Telegram: sent at the user's own time of day, kept across a restart of the
bot, moved or stopped when the user says so; reminders set in the terminal are never tried."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from bot.adapters.telegram import TelegramAdapter
from bot.config import Settings
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store.sql import SqlStore
from tests.botapi_stub import BotApiStub
from tests.conftest import Chat

pytestmark = pytest.mark.asyncio(loop_scope="function")

USER = 555
WEAK = "I am a hard worker and I like to learn."


@dataclass
class Running:
    """One start of the bot: its own Coach, adapter and Application, on a shared store."""

    stub: BotApiStub
    adapter: TelegramAdapter
    application: Any
    processed: set[int]

    async def say(self, text: str, user: int = USER) -> str:
        before = len(self.stub.state.bot_messages(user))
        update_id = self.stub.state.send_text(user, text)
        await _until(lambda: update_id in self.processed)
        return "\n".join(m["text"] for m in self.stub.state.bot_messages(user)[before:])

    def jobs(self) -> list[Any]:
        assert self.application.job_queue is not None
        return [job for job in self.application.job_queue.jobs("^remind-") if not job.removed]

    async def fire(self) -> dict[str, Any]:
        """Run the user's daily job now, as the job queue would at its time; what was sent."""
        before = len(self.stub.state.bot_messages(USER))
        (job,) = [j for j in self.jobs() if str(j.data) == str(USER)]
        await job.run(self.application)
        (sent,) = self.stub.state.bot_messages(USER)[before:]
        return sent


async def _until(condition: Any, timeout: float = 15) -> None:
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


class Bot:
    """Starts and restarts the bot on one store and one Bot API server."""

    def __init__(self, store: SqlStore, knowledge: Knowledge, renderer: Renderer) -> None:
        self.store, self.knowledge, self.renderer = store, knowledge, renderer
        self.stub = BotApiStub()
        self.running: list[Running] = []

    async def start(self) -> Running:
        coach = Coach(self.knowledge, self.renderer, self.store)
        settings = Settings(token=self.stub.state.token, telegram_base_url=self.stub.base_url)
        adapter = TelegramAdapter(coach, settings)
        application = adapter.build()
        processed: set[int] = set()

        async def record(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
            processed.add(update.update_id)

        application.add_handler(TypeHandler(Update, record), group=1_000)
        await adapter.start_polling(application, poll_timeout=1)
        started = Running(self.stub, adapter, application, processed)
        self.running.append(started)
        return started

    async def stop(self, running: Running) -> None:
        await running.adapter.stop(running.application)
        self.running.remove(running)


@pytest.fixture
async def bot(tmp_path: Path, knowledge: Knowledge, renderer: Renderer) -> AsyncIterator[Bot]:
    store = SqlStore.open(f"sqlite:///{tmp_path / 'bot.db'}")
    bot = Bot(store, knowledge, renderer)
    await bot.stub.start()
    yield bot
    for running in list(bot.running):
        await bot.stop(running)
    await bot.stub.stop()
    store.close()
    assert not bot.stub.state.errors, bot.stub.state.errors


def _utc_time_of(job: Any) -> str:
    next_run = job.next_t.astimezone(dt.UTC)
    return next_run.strftime("%H:%M")


async def test_a_reminder_comes_at_the_users_own_time_of_day(bot: Bot) -> None:
    running = await bot.start()
    assert "time zone" in await running.say("/remind 19:00")
    assert "19:00" in await running.say("+5:30")  # India
    (job,) = running.jobs()
    assert _utc_time_of(job) == "13:30"

    # another user tells the time on their clock instead of an offset: New York in summer
    assert "time zone" in await running.say("/remind 07:30", user=556)
    their_clock = dt.datetime.now(dt.UTC) - dt.timedelta(hours=4)
    assert "07:30" in await running.say(their_clock.strftime("%H:%M"), user=556)
    (job,) = [j for j in running.jobs() if j.data == "556"]
    assert _utc_time_of(job) == "11:30"


async def test_a_reminder_is_sent_after_a_restart_with_the_questions_due(
    bot: Bot, knowledge: Knowledge, renderer: Renderer
) -> None:
    # a week ago the user answered weakly: that question came back the next day, so it is due
    chat = Chat(
        Coach(knowledge, renderer, bot.store),
        user_id=str(USER),
        now=dt.datetime.now(dt.UTC) - dt.timedelta(days=7),
    )
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send(WEAK)
    chat.send("/done")
    chat.press("End")

    first = await bot.start()
    await first.say("/remind 08:15")
    await first.say("-3:00")
    await bot.stop(first)

    restarted = await bot.start()  # a new Coach, adapter and Application on the same store
    (job,) = restarted.jobs()
    assert _utc_time_of(job) == "11:15"
    reminder = await restarted.fire()
    assert "interview practice" in reminder["text"]
    assert "1 question is due" in reminder["text"]
    buttons = [b for row in reminder["reply_markup"]["inline_keyboard"] for b in row]
    (practice,) = buttons

    # the reminder's button starts the question that is due
    clean = {k: v for k, v in reminder.items() if k not in ("seq", "html")}
    update_id, _ = bot.stub.state.press(USER, clean, practice["callback_data"])
    await _until(lambda: update_id in restarted.processed)
    started = bot.stub.state.bot_messages(USER)[-1]["text"]
    assert "Question 1 of 1" in started


async def test_a_new_time_replaces_the_old_one_and_off_stops_it_for_good(bot: Bot) -> None:
    running = await bot.start()
    await running.say("/remind 19:00")
    await running.say("+1:00")
    await running.say("/remind 06:45")
    (job,) = running.jobs()
    assert _utc_time_of(job) == "05:45"  # one reminder, at the new time

    await running.say("/remind off")
    await bot.stop(running)
    restarted = await bot.start()
    assert restarted.jobs() == []  # not brought back by the restart


async def test_a_reminder_set_in_the_terminal_is_never_scheduled_on_telegram(
    bot: Bot, knowledge: Knowledge, renderer: Renderer
) -> None:
    coach = Coach(knowledge, renderer, bot.store)
    terminal = Chat(coach, user_id="console-root")
    terminal.send("/remind 19:00")
    terminal.send("+5:30")
    telegram_user = Chat(coach, user_id=str(USER))
    telegram_user.send("/remind 07:30")
    telegram_user.send("+0:00")
    assert {r["user_id"] for r in bot.store.reminders()} == {"console-root", str(USER)}

    running = await bot.start()
    assert [str(job.data) for job in running.jobs()] == [str(USER)]
    bot.stub.state.chats[USER] = {"id": USER, "type": "private", "first_name": "U"}
    assert "interview practice" in (await running.fire())["text"]

    # a reminder no Telegram chat can receive is skipped, never raised
    context = SimpleNamespace(job=SimpleNamespace(data="console-root"), bot=running.application.bot)
    await running.adapter.reminders.send(context)  # type: ignore[arg-type]
    assert not [c for c in bot.stub.state.calls if c.params.get("chat_id") == "console-root"]
