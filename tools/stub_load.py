"""End-to-end load on the real Application against the local Bot API stub (no internet).

    .venv/bin/python tools/stub_load.py [--users 100] [--messages 5] [--no-rate-limit]

Each simulated user sends a message, waits for the bot's reply, then sends the next one, all
users at once. Keep --messages at 20 or fewer: the bot answers at most 20 messages in 10 s
from one user (its flood limit), and a user cut off by it is counted, not waited for. Reports updates/s through the whole path (getUpdates -> PTB -> dialog core ->
SQLite store -> sendMessage) and the per-update latency from the update being queued on the
server to the reply arriving there. With PTB's rate limiter on (as in production) the send
rate is held under Telegram's global limit of about 30 messages/s; --no-rate-limit shows what
the bot itself can do.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.adapters.telegram import TelegramAdapter
from bot.config import PROJECT_ROOT, Settings
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store.sql import SqlStore

sys.path.insert(0, str(PROJECT_ROOT))  # the stub lives with the tests
from tests.botapi_stub import BotApiStub

REPLY_TIMEOUT = 10.0
SCRIPT = ["hello", "what is soap", "do i need usce", "j1 vs h1b?", "thanks", "/privacy"]


async def run(users: int, messages: int, rate_limit: bool) -> dict[str, float]:
    stub = BotApiStub()
    await stub.start()
    folder = Path(tempfile.mkdtemp())
    store = SqlStore.open(f"sqlite:///{folder / 'bot.db'}")
    knowledge = Knowledge.load(PROJECT_ROOT / "content")
    coach = Coach(knowledge, Renderer(PROJECT_ROOT / "prompts"), store)
    adapter = TelegramAdapter(
        coach, Settings(token=stub.state.token, telegram_base_url=stub.base_url)
    )
    application = adapter.build(rate_limit=rate_limit)
    await adapter.start_polling(application, poll_timeout=1)
    latencies: list[float] = []
    unanswered: list[int] = []

    async def user(number: int) -> None:
        chat = 10_000 + number
        for turn in range(messages):
            before = len(stub.state.bot_messages(chat))
            started = time.perf_counter()
            stub.state.send_text(chat, SCRIPT[turn % len(SCRIPT)])
            while len(stub.state.bot_messages(chat)) <= before:
                if time.perf_counter() - started > REPLY_TIMEOUT:
                    unanswered.append(chat)
                    return  # the per-user flood limit (20 messages in 10 s) went quiet
                await asyncio.sleep(0.002)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(user(n) for n in range(users)))
    elapsed = time.perf_counter() - started
    await adapter.stop(application)
    await stub.stop()
    store.close()
    latencies.sort()
    return {
        "users": users,
        "updates": len(latencies),
        "seconds": round(elapsed, 2),
        "updates_per_s": round(len(latencies) / elapsed, 1),
        "latency_p50_ms": round(1000 * statistics.median(latencies), 1),
        "latency_p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 1),
        "rate_limited": rate_limit,
        "server_errors": len(stub.state.errors),
        "users_cut_off_by_flood_limit": len(unanswered),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--no-rate-limit", action="store_true")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.users, args.messages, not args.no_rate_limit)), indent=2))


if __name__ == "__main__":
    main()
