"""Reminders belong to the channel that can deliver them: Telegram sends its users' reminders and
never tries a terminal user's."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.adapters.telegram import TelegramAdapter
from bot.config import Settings
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store.sql import SqlStore
from tests.botapi_stub import BotApiStub
from tests.conftest import Chat

pytestmark = pytest.mark.asyncio(loop_scope="function")


async def test_a_reminder_set_in_the_terminal_is_never_scheduled_on_telegram(
    tmp_path: Path, knowledge: Knowledge, renderer: Renderer
) -> None:
    store = SqlStore.open(f"sqlite:///{tmp_path / 'bot.db'}")
    coach = Coach(knowledge, renderer, store)
    terminal = Chat(coach, user_id="console-root")
    terminal.send("/remind 19:00")
    terminal.send("+5:30")
    telegram_user = Chat(coach, user_id="555")
    telegram_user.send("/remind 07:30")
    telegram_user.send("+0:00")
    assert {r["user_id"] for r in store.reminders()} == {"console-root", "555"}

    stub = BotApiStub()
    await stub.start()
    adapter = TelegramAdapter(
        coach, Settings(token=stub.state.token, telegram_base_url=stub.base_url)
    )
    application = adapter.build()
    await adapter.start_polling(application, poll_timeout=1)
    try:
        assert application.job_queue is not None
        names = {job.name for job in application.job_queue.jobs()}
        assert "remind-555" in names
        assert "remind-console-root" not in names

        # the Telegram user's reminder is delivered
        stub.state.chats[555] = {"id": 555, "type": "private", "first_name": "U"}
        await application.job_queue.get_jobs_by_name("remind-555")[0].run(application)
        assert "interview practice" in stub.state.bot_messages(555)[-1]["text"]

        # a reminder no Telegram chat can receive is skipped, never raised
        context = SimpleNamespace(job=SimpleNamespace(data="console-root"), bot=application.bot)
        await adapter.reminders.send(context)  # type: ignore[arg-type]
        assert not [c for c in stub.state.calls if c.params.get("chat_id") == "console-root"]
    finally:
        await adapter.stop(application)
        await stub.stop()
        store.close()
    assert not stub.state.errors, stub.state.errors
