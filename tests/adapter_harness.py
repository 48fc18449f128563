"""The Telegram adapter started against the local Bot API stub, for tests of its wiring."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from bot.adapters.telegram import TelegramAdapter
from bot.config import Settings
from bot.service import Coach
from tests.botapi_stub import BotApiStub


async def until(condition: Callable[[], Any], timeout: float = 15) -> Any:
    """Wait for a condition (never a fixed sleep); its value."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)
    return value


@asynccontextmanager
async def running_bot(
    coach: Coach, adapter_setup: Callable[[TelegramAdapter], None] | None = None
) -> AsyncIterator[tuple[BotApiStub, TelegramAdapter, Any]]:
    """(stub, adapter, application), polling; the strict stub must have rejected nothing."""
    stub = BotApiStub()
    await stub.start()
    adapter = TelegramAdapter(
        coach, Settings(token=stub.state.token, telegram_base_url=stub.base_url)
    )
    if adapter_setup is not None:
        adapter_setup(adapter)
    application = adapter.build()
    await adapter.start_polling(application, poll_timeout=1)
    try:
        yield stub, adapter, application
    finally:
        await adapter.stop(application)
        await stub.stop()
    assert not stub.state.errors, stub.state.errors
