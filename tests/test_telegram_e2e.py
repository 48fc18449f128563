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

    def sent(self, user: int) -> list[dict[str, Any]]:
        return self.state.bot_messages(user)

    async def say(self, user: int, text: str, expect: int = 1) -> list[dict[str, Any]]:
        before = len(self.sent(user))
        self.state.send_text(user, text)
        await self.until(lambda: len(self.sent(user)) >= before + expect)
        return self.sent(user)[before:]

    async def press(self, user: int, label: str, message: dict[str, Any] | None = None) -> str:
        message = message or self._last_with_buttons(user)
        buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
        button = next(b for b in buttons if label.lower() in b["text"].lower())
        clean = {k: v for k, v in message.items() if k not in ("seq", "html")}
        _, query_id = self.state.press(user, clean, button["callback_data"])
        await self.until(lambda: self.state.queries.get(query_id))
        return query_id

    def _last_with_buttons(self, user: int) -> dict[str, Any]:
        return next(m for m in reversed(self.sent(user)) if m.get("reply_markup"))


@pytest.fixture
async def env(tmp_path: Path, knowledge: Knowledge, renderer: Renderer) -> AsyncIterator[Env]:
    stub = BotApiStub()
    await stub.start()
    store = SqlStore.open(f"sqlite:///{tmp_path / 'bot.db'}")
    coach = Coach(knowledge, renderer, store)
    settings = Settings(token=stub.state.token, telegram_base_url=stub.base_url)
    adapter = TelegramAdapter(coach, settings)
    application = adapter.build()
    await adapter.start_polling(application, poll_timeout=1)
    yield Env(stub, adapter, application, coach)
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
        env.state.send_text(user, PART_2)  # the second part gets no reply
        await asyncio.sleep(0.3)
        assert "Got it" in env.sent(user)[-1]["text"]
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
    await env.press(user, "Done", done_message)
    await asyncio.sleep(0.2)
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
    env.state.send_text(-500, "just chatting in the group", chat_type="group")
    await asyncio.sleep(0.3)
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
    replies = await env.say(106, "/start interview")
    assert "Mock interview" in replies[0]["text"]


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


async def test_flooding_gets_one_slow_down_then_quiet(env: Env) -> None:
    for number in range(30):
        env.state.send_text(107, f"ok {number}")
    await env.until(lambda: any("slow down" in m["text"] for m in env.sent(107)))
    await asyncio.sleep(0.5)
    assert sum("slow down" in m["text"] for m in env.sent(107)) == 1
    assert len(env.sent(107)) <= 21


async def test_retry_after_from_telegram_is_waited_out(env: Env) -> None:
    env.state.fail_next["sendMessage"] = 1
    replies = await env.say(108, "what is soap")
    assert "Supplemental Offer" in replies[0]["text"]
    assert len(env.state.calls_of("sendMessage", chat_id=108)) == 2


async def test_an_error_is_logged_without_the_token_and_the_user_gets_an_apology(
    env: Env, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.logs import SecretFilter

    original = env.coach.handle

    def explode(user_id: str, event: Any, **kwargs: Any) -> Any:
        if getattr(event, "text", "") == "boom":
            raise RuntimeError(
                f"exploded while calling {env.stub.base_url}{env.state.token}/sendMessage"
            )
        return original(user_id, event, **kwargs)

    monkeypatch.setattr(env.coach, "handle", explode)
    handler_filter = SecretFilter([env.state.token])
    caplog.handler.addFilter(handler_filter)
    replies = await env.say(109, "boom")
    assert "Sorry, something went wrong" in replies[0]["text"]
    assert "error while handling update" in caplog.text
    assert env.state.token not in caplog.text
    replies = await env.say(109, "what is soap")  # still running
    assert "Supplemental Offer" in replies[0]["text"]


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
        while not stub.state.bot_messages(110) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert "Supplemental Offer" in stub.state.bot_messages(110)[0]["text"]
        assert len(stub.state.bot_messages(110)) == 1
    finally:
        await adapter.stop(application)
        await stub.stop()
        store.close()
