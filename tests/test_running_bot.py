"""`imgcoach run` as an operator starts it, against the local Bot API server: what its log shows
(never a secret) and what SIGHUP does (reload the content, or keep the old one on an error)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.botapi_stub import BotApiStub
from tests.conftest import CONTENT, PROMPTS

pytestmark = pytest.mark.asyncio(loop_scope="function")

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "7231904455:AAHn3v9xQz-Secret_Token_Of_The_Test_Bot_42"
WEBHOOK_SECRET = "whsec-Do-Not-Log-Me-9931"
# a bot token the settings do not know (one rotated out, another bot's): masked by its shape
OTHER_TOKEN = "5550001111:AAF-Old_Rotated_Token_Value_Abc123xyz"

# `imgcoach run`, with one fault planted: the text "boom" makes the bot fail with an error
# whose message carries the token and the webhook secret (as an HTTP client's error carries
# the URL it called). Everything else, logging included, is the command line's own set-up.
_RUN_WITH_A_FAULT = """
import os, sys
from bot.service import Coach

handle = Coach.handle

def failing(self, user_id, event, **kwargs):
    if getattr(event, "text", "") == "boom":
        raise RuntimeError(
            "exploded calling " + os.environ["TELEGRAM_BASE_URL"] + os.environ["TELEGRAM_BOT_TOKEN"]
            + "/sendMessage (webhook secret " + os.environ["WEBHOOK_SECRET"] + ", old token "
            + os.environ["OTHER_TOKEN"] + ")"
        )
    return handle(self, user_id, event, **kwargs)

Coach.handle = failing
from bot.cli import main
main(["run"])
"""


class RunningBot:
    """One `imgcoach run` process and the Bot API server it talks to."""

    def __init__(self, stub: BotApiStub, process: asyncio.subprocess.Process) -> None:
        self.stub = stub
        self.process = process
        self.log = ""
        self._reader = asyncio.create_task(self._read_log())

    async def _read_log(self) -> None:
        assert self.process.stderr is not None
        async for line in self.process.stderr:
            self.log += line.decode("utf-8", "replace")

    async def until(self, condition: Callable[[], Any], what: str, timeout: float = 60) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            if self.process.returncode is not None:
                break
            await asyncio.sleep(0.05)
        raise AssertionError(
            f"no {what} (exit code {self.process.returncode}); log:\n{self.log[-3000:]}"
        )

    async def say(self, user: int, text: str) -> str:
        """The bot's first reply to what the user sends."""
        before = len(self.stub.state.bot_messages(user))
        self.stub.state.send_text(user, text)
        sent = await self.until(
            lambda: self.stub.state.bot_messages(user)[before:], f"reply to {text!r}"
        )
        return str(sent[0]["text"])

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


@contextlib.asynccontextmanager
async def _start(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> AsyncIterator[RunningBot]:
    stub = BotApiStub(token=TOKEN)
    await stub.start()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        cwd=ROOT,
        env={
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": stub.base_url,
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "OTHER_TOKEN": OTHER_TOKEN,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
            "LOG_LEVEL": "INFO",
            **(env or {}),
        },
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    bot = RunningBot(stub, process)
    try:
        yield bot
    finally:
        await bot.stop()
        await stub.stop()


@pytest.fixture
async def faulty_bot(tmp_path: Path) -> AsyncIterator[RunningBot]:
    async with _start(tmp_path, "-c", _RUN_WITH_A_FAULT) as bot:
        yield bot


@pytest.fixture
def content_copy(tmp_path: Path) -> tuple[Path, Path]:
    content, prompts = tmp_path / "content", tmp_path / "prompts"
    shutil.copytree(CONTENT, content)
    shutil.copytree(PROMPTS, prompts)
    return content, prompts


@pytest.fixture
async def bot_on_copy(tmp_path: Path, content_copy: tuple[Path, Path]) -> AsyncIterator[RunningBot]:
    content, prompts = content_copy
    env = {"IMGCOACH_CONTENT_DIR": str(content), "IMGCOACH_PROMPTS_DIR": str(prompts)}
    async with _start(tmp_path, "-m", "bot", "run", env=env) as bot:
        yield bot


async def test_an_error_is_logged_without_the_token_or_secrets_and_the_user_gets_an_apology(
    faulty_bot: RunningBot,
) -> None:
    assert "Supplemental Offer" in await faulty_bot.say(301, "what does the soap week involve")
    assert "Sorry, something went wrong" in await faulty_bot.say(301, "boom")
    await faulty_bot.until(lambda: "exploded calling" in faulty_bot.log, "the error in the log")
    assert "Supplemental Offer" in await faulty_bot.say(301, "what does the soap week involve")
    await faulty_bot.stop()
    log = faulty_bot.log
    assert "error while handling update" in log and "RuntimeError" in log  # the traceback
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert WEBHOOK_SECRET not in log
    assert OTHER_TOKEN not in log and OTHER_TOKEN.split(":")[1] not in log
    assert "***" in log  # masked where it stood, the rest of the line kept


async def test_sighup_reloads_the_content_and_keeps_the_old_one_when_it_is_broken(
    bot_on_copy: RunningBot, content_copy: tuple[Path, Path]
) -> None:
    content, prompts = content_copy
    user = 302
    assert "I'm IMG Residency Coach" in await bot_on_copy.say(user, "/start")

    # a broken copy: the signal is answered in the log, and users keep the old content
    match = content / "faq" / "match.yaml"
    original = match.read_text(encoding="utf-8")
    match.write_text(original.replace("- id: soap", "- id: SOAP!", 1), encoding="utf-8")
    welcome = prompts / "welcome.j2"
    welcome.write_text("Reloaded hello.\n" + welcome.read_text(encoding="utf-8"), "utf-8")
    bot_on_copy.process.send_signal(signal.SIGHUP)
    await bot_on_copy.until(lambda: "reload rejected" in bot_on_copy.log, "a rejected reload")
    assert "Reloaded hello." not in await bot_on_copy.say(user, "/start")
    assert "Supplemental Offer" in await bot_on_copy.say(user, "what does the soap week involve")

    # fixed: the next SIGHUP swaps the new content in, without a restart
    match.write_text(original, encoding="utf-8")
    bot_on_copy.process.send_signal(signal.SIGHUP)
    await bot_on_copy.until(lambda: "content reloaded" in bot_on_copy.log, "a reload")
    assert "Reloaded hello." in await bot_on_copy.say(user, "/start")
    assert bot_on_copy.process.returncode is None
