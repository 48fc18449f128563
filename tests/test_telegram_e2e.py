"""The real python-telegram-bot Application against a strict local Bot API server."""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from bot.adapters.telegram import TelegramAdapter
from bot.config import Settings
from bot.core.replies import Reply
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store.sql import SqlStore
from tests.botapi_stub import BotApiStub

pytestmark = pytest.mark.asyncio(loop_scope="function")

PART_1 = (
    "When I was a medical officer at a district hospital in Nepal in 2022, our ward had 60 patients "
    "and two doctors at night."
)
PART_2 = (
    "I made a one-page handover sheet with pending labs and code status, trained the interns to use "
    "it, and in three months missed overnight tasks fell from five a week to one. I learned to fix "
    "the system, not just work harder."
)


@dataclass
class Env:
    stub: BotApiStub
    adapter: TelegramAdapter
    application: Any
    coach: Coach
    processed: set[int]

    @property
    def state(self) -> Any:
        return self.stub.state

    async def until(self, condition: Callable[[], Any], timeout: float = 15) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            await asyncio.sleep(0.02)
        raise AssertionError(f"timed out; calls: {[c.method for c in self.state.calls][-20:]}")

    async def handled(self, *update_ids: int) -> None:
        """Until the bot has finished with these updates: whatever it sends for them is sent."""
        await self.until(lambda: self.processed.issuperset(update_ids))

    def sent(self, user: int) -> list[dict[str, Any]]:
        return self.state.bot_messages(user)

    async def say(self, user: int, text: str, **extra: Any) -> list[dict[str, Any]]:
        """Everything the bot sends in answer to one message."""
        before = len(self.sent(user))
        await self.handled(self.state.send_text(user, text, **extra))
        return self.sent(user)[before:]

    async def press(self, user: int, label: str, message: dict[str, Any] | None = None) -> str:
        message = message or self._last_with_buttons(user)
        buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
        button = next(b for b in buttons if label.lower() in b["text"].lower())
        clean = {k: v for k, v in message.items() if k not in ("seq", "html")}
        update_id, query_id = self.state.press(user, clean, button["callback_data"])
        await self.handled(update_id)
        assert self.state.queries.get(query_id), "the tap was answered"
        return query_id

    def _last_with_buttons(self, user: int) -> dict[str, Any]:
        return next(m for m in reversed(self.sent(user)) if m.get("reply_markup"))


def _record_processed(application: Any) -> set[int]:
    """The ids of the updates the bot has finished with: a handler in a later group runs once
    the bot's own handler is done with an update, whether it succeeded or failed."""
    processed: set[int] = set()

    async def record(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        processed.add(update.update_id)

    application.add_handler(TypeHandler(Update, record), group=1_000)
    return processed


@pytest.fixture
async def env(tmp_path: Path, knowledge: Knowledge, renderer: Renderer) -> AsyncIterator[Env]:
    stub = BotApiStub()
    await stub.start()
    store = SqlStore.open(f"sqlite:///{tmp_path / 'bot.db'}")
    coach = Coach(knowledge, renderer, store)
    settings = Settings(token=stub.state.token, telegram_base_url=stub.base_url)
    adapter = TelegramAdapter(coach, settings)
    application = adapter.build()
    processed = _record_processed(application)
    await adapter.start_polling(application, poll_timeout=1)
    yield Env(stub, adapter, application, coach, processed)
    await adapter.stop(application)
    await stub.stop()
    store.close()
    assert not stub.state.errors, stub.state.errors  # nothing the strict server rejected


async def test_start_registers_commands_and_descriptions(env: Env) -> None:
    methods = [c.method for c in env.state.calls]
    assert "setMyCommands" in methods and "setMyDescription" in methods
    assert "setMyShortDescription" in methods
    commands = env.state.calls_of("setMyCommands")[0].params["commands"]
    assert {"start", "interview", "deletemydata"} <= {c["command"] for c in commands}


async def test_faq_exchange_with_a_clarification_edited_in_place(env: Env) -> None:
    replies = await env.say(101, "visa")
    clarify = replies[0]
    assert "Did you mean" in clarify["text"]
    choice = clarify["reply_markup"]["inline_keyboard"][0][0]["text"]
    query_id = await env.press(101, choice, clarify)
    edits = await env.until(lambda: env.state.calls_of("editMessageText", chat_id=101))
    assert int(edits[0].params["message_id"]) == clarify["message_id"]
    assert "Did you mean" not in env.sent(101)[0]["text"]
    assert "visa" in env.sent(101)[0]["text"].lower()
    answers = [
        c
        for c in env.state.calls_of("answerCallbackQuery")
        if c.params["callback_query_id"] == query_id
    ]
    assert len(answers) == 1
    await env.press(101, "Helpful", env.sent(101)[0])
    notice = env.state.calls_of("answerCallbackQuery")[-1].params.get("text", "")
    assert "Thanks" in notice


async def test_a_full_three_question_interview(env: Env) -> None:
    user = 102
    await env.say(user, "/interview")
    await env.press(user, "Behavioral")
    await env.until(lambda: "how many" in env.sent(user)[-1]["text"])
    await env.press(user, "3")
    await env.until(lambda: "Question 1 of 3" in env.sent(user)[-1]["text"])
    for number in range(1, 4):
        got = await env.say(user, PART_1)
        assert "Got it" in got[0]["text"]
        assert await env.say(user, PART_2) == []  # the second part gets no reply
        await env.press(user, "Done")
        feedback = await env.until(
            lambda: "/100" in env.sent(user)[-1]["text"] and env.sent(user)[-1]
        )
        assert "words" in feedback["text"]
        typing = env.state.calls_of("sendChatAction", chat_id=user)
        assert typing and typing[-1].params["action"] == "typing"
        if number == 1:
            await env.press(user, "Retry")
            await env.until(lambda: "attempt 2" in env.sent(user)[-1]["text"])
            await env.say(user, PART_1 + " " + PART_2)
            await env.press(user, "Done")
            await env.until(lambda: "/100" in env.sent(user)[-1]["text"])
        await env.press(user, "Finish" if number == 3 else "Next")
        if number < 3:
            await env.until(lambda n=number: f"Question {n + 1} of 3" in env.sent(user)[-1]["text"])
    summary = await env.until(
        lambda: "Interview summary" in env.sent(user)[-1]["text"] and env.sent(user)[-1]
    )
    assert summary["text"].count("\n") >= 4


async def test_an_expired_button_and_a_double_tap(env: Env) -> None:
    user = 103
    await env.say(user, "/interview")
    menu = copy.deepcopy(env.sent(user)[-1])  # what a slow client still shows
    await env.press(user, "Quick mix", menu)
    await env.until(lambda: "Question 1 of 5" in env.sent(user)[-1]["text"])
    before = len(env.sent(user))
    await env.press(user, "Ethics", menu)  # a button from a menu already used
    expired = await env.until(lambda: len(env.sent(user)) > before and env.sent(user)[-1])
    assert "expired" in expired["text"].lower()
    await env.say(user, PART_1)
    done_message = env.sent(user)[-1]
    await env.press(user, "Done", done_message)
    await env.until(lambda: "/100" in env.sent(user)[-1]["text"])
    scored = len([m for m in env.sent(user) if "/100" in m["text"]])
    await env.press(user, "Done", done_message)  # returns once the bot is done with the tap
    assert len([m for m in env.sent(user) if "/100" in m["text"]]) == scored


async def test_stickers_voice_edits_and_groups_get_a_friendly_reply(env: Env) -> None:
    env.state.send_other(
        104,
        sticker={
            "file_id": "s1",
            "file_unique_id": "s1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        },
    )
    await env.until(lambda: env.sent(104))
    assert "only read text" in env.sent(104)[-1]["text"]
    env.state.send_other(104, voice={"file_id": "v1", "file_unique_id": "v1", "duration": 3})
    await env.until(lambda: len(env.sent(104)) >= 2)
    assert "voice" in env.sent(104)[-1]["text"].lower()
    env.state.edit_text(104, "what is soap (edited)")
    await env.until(lambda: len(env.sent(104)) >= 3)
    assert "edits" in env.sent(104)[-1]["text"]
    env.state.send_text(-500, "/start", chat_type="group")
    await env.until(lambda: env.sent(-500))
    assert "private chats" in env.sent(-500)[-1]["text"]
    assert await env.say(-500, "just chatting in the group", chat_type="group") == []
    assert len(env.sent(-500)) == 1


async def test_a_6000_character_reply_is_split_in_two_valid_messages(env: Env) -> None:
    env.state.chats[105] = {"id": 105, "type": "private", "first_name": "U"}
    paragraph = "<b>Step 2 CK</b> matters &amp; so does USCE. " * 20
    text = "\n\n".join([paragraph] * 7)
    assert len(text) > 6000
    await env.adapter.send(env.application.bot, 105, [Reply(text)], None)
    messages = env.state.calls_of("sendMessage", chat_id=105)
    assert len(messages) == 2
    assert all(len(m.params["text"]) <= 4096 for m in messages)


async def test_deep_links_open_an_answer_or_the_interview(env: Env) -> None:
    replies = await env.say(106, "/start faq_soap")
    assert "Supplemental Offer" in replies[0]["text"]
    replies = await env.say(106, "/start faq_visa_j1_vs_h1b")  # ids travel with _ for -
    assert len(replies) == 1 and "J-1" in replies[0]["text"] and "H-1B" in replies[0]["text"]
    replies = await env.say(106, "/start interview")
    assert "Mock interview" in replies[0]["text"]


async def test_a_deep_link_to_an_entry_that_is_gone_opens_the_welcome(env: Env) -> None:
    """A link shared before an entry was renamed or removed: the welcome and its buttons,
    not an error and not some other entry."""
    replies = await env.say(118, "/start faq_no_such_entry_2019")
    assert len(replies) == 1
    assert "I'm IMG Residency Coach" in replies[0]["text"]
    labels = [b["text"] for row in replies[0]["reply_markup"]["inline_keyboard"] for b in row]
    assert any("interview" in label.lower() for label in labels)
    assert "Sorry, something went wrong" not in replies[0]["text"]


async def test_fifty_users_at_once_each_get_their_replies_in_order(env: Env) -> None:
    users = list(range(2000, 2050))
    script = ["hello", "what is soap", "/privacy", "thanks"]
    markers = ["Hi!", "Supplemental Offer", "What I store", "welcome"]
    started = time.monotonic()
    for text in script:
        for user in users:
            env.state.send_text(user, text)
    await env.until(lambda: all(len(env.sent(u)) >= len(script) for u in users), timeout=60)
    elapsed = time.monotonic() - started
    for user in users:
        texts = [m["text"] for m in env.sent(user)]
        assert [any(marker in t for marker in markers) for t in texts] == [True] * len(script)
        positions = [next(i for i, t in enumerate(texts) if marker in t) for marker in markers]
        assert positions == sorted(positions), texts
    logging.getLogger(__name__).info("50 users x 4 updates in %.2f s", elapsed)


async def test_a_burst_gets_one_slow_down_and_a_normal_pace_never_does(env: Env) -> None:
    flood = [env.state.send_text(107, f"ok {number}") for number in range(30)]
    calm = [env.state.send_text(117, text) for text in ("hello", "thanks", "ok", "great", "hi")]
    await env.handled(*flood, *calm)
    burst = [m["text"] for m in env.sent(107)]
    assert sum("slow down" in text for text in burst) == 1, burst
    assert len(burst) < len(flood)  # the rest of the burst went unanswered
    replies = [m["text"] for m in env.sent(117)]
    assert len(replies) == len(calm) and not any("slow down" in t for t in replies)


async def test_retry_after_from_telegram_is_waited_out(env: Env) -> None:
    env.state.fail_next["sendMessage"] = 1
    replies = await env.say(108, "what is soap")
    assert "Supplemental Offer" in replies[0]["text"]
    assert len(env.state.calls_of("sendMessage", chat_id=108)) == 2


async def test_webhook_rejects_a_wrong_secret_and_serves_the_right_one(
    tmp_path: Path, knowledge: Knowledge, renderer: Renderer, unused_tcp_port: int
) -> None:
    stub = BotApiStub()
    await stub.start()
    store = SqlStore.open(f"sqlite:///{tmp_path / 'bot.db'}")
    settings = Settings(
        token=stub.state.token,
        telegram_base_url=stub.base_url,
        webhook_url="https://bot.example.test/telegram",
        webhook_secret="s3cret-Value_123",
        port=unused_tcp_port,
    )
    adapter = TelegramAdapter(Coach(knowledge, renderer, store), settings)
    application = adapter.build()
    processed = _record_processed(application)
    await adapter.start_webhook(application, unused_tcp_port)
    try:
        assert stub.state.webhook["url"] == "https://bot.example.test/telegram"
        assert stub.state.webhook["secret_token"] == "s3cret-Value_123"
        update = {"update_id": 1, "message": stub.state.user_message(110, "what is soap")}
        url = f"http://127.0.0.1:{unused_tcp_port}/telegram"
        async with aiohttp.ClientSession() as session:
            async with session.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            ) as r:
                assert r.status == 403
            async with session.post(url, json=update) as r:
                assert r.status == 403
            async with session.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-Value_123"}
            ) as r:
                assert r.status == 200
        deadline = time.monotonic() + 15
        while 1 not in processed and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert processed == {1}  # the rejected posts never reached the bot
        assert len(stub.state.bot_messages(110)) == 1
        assert "Supplemental Offer" in stub.state.bot_messages(110)[0]["text"]
    finally:
        await adapter.stop(application)
        await stub.stop()
        store.close()
