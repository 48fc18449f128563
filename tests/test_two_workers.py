"""Two webhook workers on one PostgreSQL database: two real `imgcoach run --webhook` processes,
started at the same moment on an empty schema, each talking to the local Bot API server.

100 users send 10 messages each (FAQ questions, and a whole mock interview typed: /interview,
a track, a length, an answer, done, /end), 1,000 updates in all, every user's messages
alternating between the two workers, all users at once; a user's next message goes out once the
previous one is answered, as a person types. About one update in five is delivered twice, as
Telegram re-delivers an update it thinks was lost: to the other worker at the same moment, or
after the reply. Checked:
- every update is applied exactly once: the database holds exactly what one pass of the same
  messages through the dialog core records (FAQ log rows in order, one scored answer and one
  ended session per user, one processed update per update id);
- each user's replies arrive in order, one set per message, none for a re-delivery: each chat's
  transcript on the server is the core's, message for message (exact, but for the few replies
  that depend on which interview question was drawn, whose count is checked);
- no error in either worker's log, no "slow down", no Bot API call rejected.
Figures (updates/s, re-deliveries skipped) are printed (-s).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import aiohttp
import pytest
from sqlalchemy import create_engine, text

from bot.core.commands import parse_command
from bot.core.events import Text
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store.sql import SqlStore
from bot.telegram_html import split_message
from tests.botapi_stub import BotApiStub
from tests.conftest import PG_URL, _postgres_available
from tests.test_running_bot import ROOT, TOKEN, WEBHOOK_SECRET, RunningBot
from tools.stub_load import Inbox

USERS = 100
FIRST_CHAT = 20_000
FIRST_UPDATE = 700_000_000
REPLY_TIMEOUT = 60.0
HOOK_PATH = "telegram/hook"
ANSWER = (
    "When I was an intern at Mulago Hospital in Kampala in 2021, a night nurse and I disagreed "
    "about when to call me for a patient whose blood pressure was falling. I listened, we agreed "
    "on clear thresholds, and I learned to set expectations early with the whole team."
)
FAQ = (
    "what is soap",
    "do i need usce",
    "j1 vs h1b?",
    "how many LoRs do I need",
    "is step 2 cs still required",
    "do i need step 3 for h1b",
    "ecfmg certification time",
    "what is the eras deadline",
    "how do I cook rice",
    "wht is teh match",
    "can i apply to canada as an img",
)
# replies that depend on the interview question drawn (seeded by the clock): count checked only
DRAWN = frozenset({"1", ANSWER, "done", "/end"})


def script(user: int) -> list[str]:
    faq = [FAQ[(user + k) % len(FAQ)] for k in range(4)]
    return [faq[0], "/interview", "behavioral", "1", ANSWER, "done", faq[1], "/end", *faq[2:]]


def worker_for(user: int, turn: int) -> int:
    return (user + turn) % 2  # consecutive messages of a user go to different workers


def redelivery(user: int, turn: int) -> str | None:
    """About one update in five comes twice: 'same time' or 'late' (after the reply)."""
    if (user * 7 + turn * 3) % 5:
        return None
    return "same time" if (user // 3 + turn) % 2 else "late"


# --- a private schema nobody has migrated: both workers create the tables at once -----------


@pytest.fixture
def fresh_postgres_url() -> Iterator[str]:
    if not _postgres_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but {PG_URL} is not reachable")
        pytest.skip("no PostgreSQL server reachable")
    name = f"w_{uuid.uuid4().hex[:10]}"
    engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        connection.execute(text(f"create schema {name}"))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{name}"
    finally:
        with engine.begin() as connection:
            connection.execute(text(f"drop schema {name} cascade"))
        engine.dispose()


def test_workers_starting_at_once_on_an_empty_database_all_start(fresh_postgres_url: str) -> None:
    """Each worker migrates the database on start; started together on an empty one, they
    once raced to create the tables and all but one failed (UniqueViolation)."""
    starting = threading.Barrier(6)

    def start() -> SqlStore:
        starting.wait(timeout=30)
        return SqlStore.open(fresh_postgres_url)

    with ThreadPoolExecutor(6) as pool:
        stores = list(pool.map(lambda _: start(), range(6)))
    for store in stores:
        assert store.state("nobody") is None
        store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _start_worker(stub: BotApiStub, database_url: str, port: int) -> RunningBot:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--webhook",
        cwd=ROOT,
        env={
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": stub.base_url,
            "WEBHOOK_URL": f"https://bot.example.invalid/{HOOK_PATH}",
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "PORT": str(port),
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "INFO",
        },
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    return RunningBot(stub, process)


async def _until_serving(bot: RunningBot, http: aiohttp.ClientSession, url: str) -> None:
    """The worker answers on its port (a request without the secret is refused: 403)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and bot.process.returncode is None:
        try:
            async with http.post(url, json={}) as response:
                if response.status == 403:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError(f"worker not serving (exit {bot.process.returncode}):\n{bot.log[-3000:]}")


@pytest.fixture
async def workers(
    fresh_postgres_url: str,
) -> AsyncIterator[tuple[BotApiStub, list[RunningBot], list[str]]]:
    stub = BotApiStub(token=TOKEN)
    await stub.start()
    ports = [_free_port(), _free_port()]
    bots = [await _start_worker(stub, fresh_postgres_url, port) for port in ports]
    urls = [f"http://127.0.0.1:{port}/{HOOK_PATH}" for port in ports]
    try:
        async with aiohttp.ClientSession() as http:
            for bot, url in zip(bots, urls, strict=True):
                await _until_serving(bot, http, url)
        yield stub, bots, urls
    finally:
        for bot in bots:
            await bot.stop()
        await stub.stop()


# --- what one pass of the same messages through the core says and records --------------------


def _reference(knowledge: Knowledge, renderer: Renderer) -> tuple[dict[int, Any], dict[int, Any]]:
    store = SqlStore.open("sqlite:///:memory:")
    coach = Coach(knowledge, renderer, store)
    transcripts: dict[int, list[list[str]]] = {}
    for user in range(USERS):
        chat = FIRST_CHAT + user
        transcripts[chat] = []
        for message in script(user):
            replies = coach.handle(str(chat), parse_command(message) or Text(message)).replies
            transcripts[chat].append(
                [part for r in replies if not r.silent for part in split_message(r.text)]
            )
    records = _records(store.engine)
    store.close()
    return transcripts, records


def _records(engine: Any) -> dict[int, Any]:
    """Per user: the FAQ log in order, scored answers, sessions (ended?), updates applied."""
    out: dict[int, dict[str, Any]] = {}
    with engine.connect() as c:
        for user, query, status, entry in c.execute(
            text("select user_id, query, status, entry_id from faq_log order by id")
        ):
            out.setdefault(int(user), {}).setdefault("faq", []).append((query, status, entry))
        for user, count in c.execute(text("select user_id, count(*) from answers group by 1")):
            out.setdefault(int(user), {})["answers"] = count
        for user, answered, ended in c.execute(
            text("select user_id, answered, ended_at is not null from sessions")
        ):
            out.setdefault(int(user), {}).setdefault("sessions", []).append((answered, ended))
        for user, count in c.execute(
            text("select user_id, count(*) from processed_updates group by 1")
        ):
            out.setdefault(int(user), {})["updates"] = count
    return out


async def test_two_webhook_workers_on_one_postgresql_apply_each_update_once_in_order(
    workers: tuple[BotApiStub, list[RunningBot], list[str]],
    fresh_postgres_url: str,
    knowledge: Knowledge,
    renderer: Renderer,
) -> None:
    stub, bots, urls = workers
    expected, expected_records = _reference(knowledge, renderer)
    inbox = Inbox(stub)
    watcher = asyncio.create_task(inbox.watch())
    update_ids = itertools.count(FIRST_UPDATE)
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    posted = {"updates": 0, "same time": 0, "late": 0}

    async with aiohttp.ClientSession() as http:

        async def post(worker: int, update: dict[str, Any]) -> None:
            async with http.post(urls[worker], json=update, headers=headers) as response:
                assert response.status == 200, await response.text()

        async def user(number: int) -> None:
            chat = FIRST_CHAT + number
            replies = 0
            for turn, message in enumerate(script(number)):
                update = {
                    "update_id": next(update_ids),
                    "message": stub.state.user_message(chat, message),
                }
                worker = worker_for(number, turn)
                again = redelivery(number, turn)
                posted["updates"] += 1
                if again == "same time":
                    await asyncio.gather(post(worker, update), post(1 - worker, update))
                else:
                    await post(worker, update)
                replies += len(expected[chat][turn])
                deadline = time.perf_counter() + REPLY_TIMEOUT
                assert await inbox.until(chat, replies, deadline), (
                    f"no reply to {message[:40]!r} of chat {chat} (turn {turn}); "
                    f"{len(inbox.arrived.get(chat, []))} of {replies} messages: "
                    f"{[html[:50] for _, html in inbox.arrived.get(chat, [])]}; the workers' logs:\n"
                    + "\n".join(bot.log[-1500:] for bot in bots)
                )
                if again is not None:
                    posted[again] += 1
                if again == "late":
                    await post(1 - worker, update)

        started = time.perf_counter()
        await asyncio.gather(*(user(n) for n in range(USERS)))
        elapsed = time.perf_counter() - started

    # the workers finish the updates in hand (a late re-delivery too) before they exit
    for bot in bots:
        await bot.stop()
    inbox.scan()
    watcher.cancel()

    redelivered = posted["same time"] + posted["late"]
    wanted = sum(len(parts) for chat in expected.values() for parts in chat)
    extra = len(stub.state.bot_messages()) - wanted
    print(
        f"\ntwo workers: {posted['updates']} updates from {USERS} users in {elapsed:.1f} s "
        f"({posted['updates'] / elapsed:.0f} updates/s), {redelivered} re-delivered "
        f"({posted['same time']} to both workers at once, {posted['late']} after the reply), "
        f"{extra} answered twice; {len(stub.state.bot_messages())} bot messages for "
        f"{wanted} expected"
    )

    for bot in bots:
        assert bot.process.returncode == 0, bot.log[-3000:]
        assert "Traceback" not in bot.log and "error while handling" not in bot.log, bot.log[-3000:]
    assert not stub.state.errors, stub.state.errors[:5]
    slow_down = renderer.render("slow_down")
    for user in range(USERS):
        chat = FIRST_CHAT + user
        got = [html for _, html in inbox.arrived.get(chat, [])]
        assert slow_down not in got, f"chat {chat} was told to slow down"
        want = expected[chat]
        assert len(got) == sum(map(len, want)), (
            f"chat {chat}: {len(got)} messages for {sum(map(len, want))} expected (a duplicate?)"
        )
        position = 0
        for message, parts in zip(script(user), want, strict=True):
            if message not in DRAWN:
                assert got[position : position + len(parts)] == parts, (
                    f"chat {chat}, reply to {message[:40]!r} out of place: "
                    f"{got[position : position + len(parts)]!r:.300}"
                )
            position += len(parts)

    engine = create_engine(fresh_postgres_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        stored = _records(engine)
    finally:
        engine.dispose()
    for user in range(USERS):
        chat = FIRST_CHAT + user
        mine = dict(stored.get(chat, {}))
        assert mine.pop("updates", 0) == len(script(user)), f"chat {chat}: updates applied"
        assert mine == expected_records.get(chat), f"chat {chat}: records differ"
    assert posted["updates"] == USERS * 10
    assert all(r["answers"] == 1 and r["sessions"] == [(1, True)] for r in stored.values())
