"""End-to-end load on the real Application against the local Bot API stub (no internet).

    .venv/bin/python tools/stub_load.py [--users 100] [--messages 5] [--in-flight 1] [--no-rate-limit]

Each simulated user sends its messages (a script of FAQ questions, small talk and commands,
started at a different place for each user), with at most --in-flight of them unanswered at a
time, all users at once. Every user's transcript on the server is then compared with what the
dialog core says to the same messages in-process: a reply lost, doubled, out of order or sent
to the wrong chat shows as a difference, and a reply not there within --reply-timeout counts as
lost (never as anything else).

The bot answers at most 20 messages in 10 s from one user (its flood limit,
bot.adapters.flood); past it a user gets one "slow down" and nothing else for a while, as
designed. Users here stay within it: a user's 21st message waits until 10 s have passed since
the reply to its 1st arrived (and so on), counted in `sends_paced_for_flood_limit`. So every
message must get its reply, and a "slow down" is counted as the failure it is here.

Reports updates/s through the whole path (getUpdates -> PTB -> dialog core -> SQLite store ->
sendMessage) and the per-update latency from the update being queued on the server to its
first reply arriving there. With PTB's rate limiter on (as in production) the send rate is
held under Telegram's global limit of about 30 messages/s; --no-rate-limit shows what the bot
itself can do.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.adapters.flood import FLOOD_MESSAGES, FLOOD_SECONDS
from bot.adapters.telegram import TelegramAdapter
from bot.config import PROJECT_ROOT, Settings
from bot.core.commands import parse_command
from bot.core.events import Text
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store.sql import SqlStore
from bot.telegram_html import split_message

sys.path.insert(0, str(PROJECT_ROOT))  # the stub lives with the tests
from tests.botapi_stub import BotApiStub

REPLY_TIMEOUT = 30.0
FIRST_CHAT = 10_000
# what users send: each reply depends only on the messages before it (no clock, no chance)
SCRIPT = (
    "hello",
    "what is soap",
    "do i need usce",
    "j1 vs h1b?",
    "thanks",
    "/privacy",
    "how many LoRs do I need",
    "is step 2 cs still required",
    "what is the eras deadline",
    "do i need step 3 for h1b",
    "how do I cook rice",
    "99",
    "03:31",
    "/help",
    "/topics",
    "do i need usce? and how many LoRs do i need? and what is soap?",
    "carms for img",
    "ecfmg certification time",
    "/start",
    "wht is teh match",
)


def script_for(user: int, messages: int) -> list[str]:
    """The user's messages: the script from the user's own starting point, round and round."""
    return [SCRIPT[(user + turn) % len(SCRIPT)] for turn in range(messages)]


def expected_transcripts(coach: Coach, scripts: list[list[str]]) -> list[list[list[str]]]:
    """Per script, per message, the HTML messages the bot should send (through the core)."""
    out: list[list[list[str]]] = []
    for number, script in enumerate(scripts):
        user = f"reference-{number}"
        replies_per_message = []
        for text in script:
            replies = coach.handle(user, parse_command(text) or Text(text)).replies
            replies_per_message.append(
                [part for r in replies if not r.silent for part in split_message(r.text)]
            )
        out.append(replies_per_message)
    return out


class Inbox:
    """What the bot sent, per chat, with arrival times; wakes the users waiting on a chat."""

    def __init__(self, stub: BotApiStub) -> None:
        self.state = stub.state
        self.seen = 0
        self.arrived: dict[int, list[tuple[float, str]]] = {}
        self.wake: dict[int, asyncio.Event] = {}

    def scan(self) -> None:
        messages = self.state.messages  # in the order the bot sent them
        if len(messages) == self.seen:
            return
        now = time.perf_counter()
        for message in itertools.islice(messages.values(), self.seen, None):
            chat = message["chat"]["id"]
            self.arrived.setdefault(chat, []).append((now, message.get("html") or ""))
            if chat in self.wake:
                self.wake[chat].set()
        self.seen = len(messages)

    async def watch(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.state.new_call.wait(), 0.05)
            self.state.new_call.clear()
            self.scan()

    async def until(self, chat: int, count: int, deadline: float) -> bool:
        """Wait until the chat has `count` messages; False when the deadline passes first."""
        wake = self.wake.setdefault(chat, asyncio.Event())
        while len(self.arrived.get(chat, ())) < count:
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            wake.clear()
            try:
                await asyncio.wait_for(wake.wait(), left)
            except TimeoutError:
                return len(self.arrived.get(chat, ())) >= count
        return True


@dataclass
class LoadResult:
    users: int
    messages: int
    seconds: float
    latencies: list[float] = field(default_factory=list)  # per answered message, in seconds
    lost: dict[int, int] = field(default_factory=dict)  # chat -> messages left unanswered
    wrong: dict[int, str] = field(default_factory=dict)  # chat -> first difference
    slow_down: int = 0  # flood-limit warnings the bot sent
    server_errors: list[str] = field(default_factory=list)  # calls the Bot API server rejected
    paced: int = 0  # sends a user held back to stay within the flood limit

    def figures(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        answered = len(ordered)
        return {
            "users": self.users,
            "messages_per_user": self.messages,
            "updates_answered": answered,
            "seconds": round(self.seconds, 2),
            "updates_per_s": round(answered / self.seconds, 1) if self.seconds else 0.0,
            "latency_p50_ms": round(1000 * statistics.median(ordered), 1) if ordered else None,
            "latency_p99_ms": round(1000 * ordered[int(0.99 * (answered - 1))], 1)
            if ordered
            else None,
            "lost_replies": sum(self.lost.values()),
            "wrong_transcripts": len(self.wrong),
            "slow_down_warnings": self.slow_down,
            "server_errors": len(self.server_errors),
            "sends_paced_for_flood_limit": self.paced,
        }


async def run(
    users: int,
    messages: int,
    *,
    rate_limit: bool = True,
    in_flight: int = 1,
    reply_timeout: float = REPLY_TIMEOUT,
    folder: Path | None = None,
) -> LoadResult:
    """`users` users send `messages` messages each through the real Application and the stub."""
    if not 1 <= in_flight <= FLOOD_MESSAGES:
        raise ValueError(f"in_flight must be 1..{FLOOD_MESSAGES}")
    folder = folder or Path(tempfile.mkdtemp())
    knowledge = Knowledge.load(PROJECT_ROOT / "content")
    renderer = Renderer(PROJECT_ROOT / "prompts")
    scripts = [script_for(n, messages) for n in range(users)]
    distinct = sorted({tuple(s) for s in scripts})
    reference = SqlStore.open("sqlite:///:memory:")
    expected_by_script = dict(
        zip(
            distinct,
            expected_transcripts(
                Coach(knowledge, renderer, reference), [list(s) for s in distinct]
            ),
            strict=True,
        )
    )
    reference.close()

    stub = BotApiStub()
    await stub.start()
    store = SqlStore.open(f"sqlite:///{folder / 'bot.db'}")
    coach = Coach(knowledge, renderer, store)
    adapter = TelegramAdapter(
        coach, Settings(token=stub.state.token, telegram_base_url=stub.base_url)
    )
    application = adapter.build(rate_limit=rate_limit)
    await adapter.start_polling(application, poll_timeout=1)
    inbox = Inbox(stub)
    watcher = asyncio.create_task(inbox.watch())
    slow_down = renderer.render("slow_down")
    result = LoadResult(users, messages, 0.0)
    sent_times: dict[int, list[float]] = {}

    async def user(number: int) -> None:
        chat = FIRST_CHAT + number
        expected = expected_by_script[tuple(scripts[number])]
        first_reply = list(itertools.accumulate([0] + [len(r) for r in expected]))
        sent_at = sent_times[chat] = []
        for turn, text in enumerate(scripts[number]):
            # at most `in_flight` unanswered: wait for the replies to the message `in_flight` back
            if turn >= in_flight:
                deadline = sent_at[turn - in_flight] + reply_timeout
                if not await inbox.until(chat, first_reply[turn - in_flight + 1], deadline):
                    result.lost[chat] = messages - (turn - in_flight)
                    return
            if turn >= FLOOD_MESSAGES:
                # the flood limit: the bot must have received the message FLOOD_MESSAGES back
                # more than FLOOD_SECONDS ago; it had when its reply arrived, so count from there
                back = first_reply[turn - FLOOD_MESSAGES]
                deadline = sent_at[turn - FLOOD_MESSAGES] + reply_timeout
                if not await inbox.until(chat, back + 1, deadline):
                    result.lost[chat] = messages - (turn - FLOOD_MESSAGES)
                    return
                wait = inbox.arrived[chat][back][0] + FLOOD_SECONDS + 0.05 - time.perf_counter()
                if wait > 0:
                    result.paced += 1
                    await asyncio.sleep(wait)
            sent_at.append(time.perf_counter())
            stub.state.send_text(chat, text)
        for turn in range(max(0, messages - in_flight), messages):
            deadline = sent_at[turn] + reply_timeout
            if not await inbox.until(chat, first_reply[turn + 1], deadline):
                result.lost[chat] = messages - turn
                return

    started = time.perf_counter()
    try:
        await asyncio.gather(*(user(n) for n in range(users)))
        result.seconds = time.perf_counter() - started
    finally:
        # stopping waits for the updates in hand: whatever they send is seen (a duplicate too)
        await adapter.stop(application)
        inbox.scan()
        watcher.cancel()
        await stub.stop()
        store.close()

    for number in range(users):
        chat = FIRST_CHAT + number
        expected = expected_by_script[tuple(scripts[number])]
        arrived = inbox.arrived.get(chat, [])
        got = [html for _, html in arrived]
        result.slow_down += got.count(slow_down)
        want = [html for replies in expected for html in replies]
        if got != want and chat not in result.lost:
            at = next(
                (i for i, (g, w) in enumerate(zip(got, want, strict=False)) if g != w),
                min(len(got), len(want)),
            )
            result.wrong[chat] = (
                f"message {at}: got {got[at][:80] if at < len(got) else None!r}, "
                f"expected {want[at][:80] if at < len(want) else None!r} "
                f"({len(got)} messages, {len(want)} expected)"
            )
        # latency: from a message being queued to the first message of its reply arriving
        firsts = itertools.accumulate([0] + [len(r) for r in expected])
        for sent, first in zip(sent_times.get(chat, []), firsts, strict=False):
            if first < len(arrived):
                result.latencies.append(arrived[first][0] - sent)
    result.server_errors = list(stub.state.errors)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--in-flight", type=int, default=1)
    parser.add_argument("--reply-timeout", type=float, default=REPLY_TIMEOUT)
    parser.add_argument("--no-rate-limit", action="store_true")
    args = parser.parse_args()
    result = asyncio.run(
        run(
            args.users,
            args.messages,
            rate_limit=not args.no_rate_limit,
            in_flight=args.in_flight,
            reply_timeout=args.reply_timeout,
        )
    )
    figures = result.figures() | {"rate_limited": not args.no_rate_limit}
    print(json.dumps(figures, indent=2))
    for chat, difference in list(result.wrong.items())[:5]:
        print(f"chat {chat}: {difference}", file=sys.stderr)


if __name__ == "__main__":
    main()
