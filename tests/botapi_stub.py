"""A local Bot API server for tests and for trying the bot without Telegram.

It implements the methods the bot uses, as strictly as Telegram does: HTML must parse
(known tags only, balanced, entities escaped), messages stay within 4096 characters
and captions within 1024, callback_data within 64 bytes, an edit must change something,
a callback query is answered once, command names follow Telegram's rules. Every call is
recorded for assertions.

Try the bot through it:
    python tests/botapi_stub.py --port 8081          # then, in another terminal:
    TELEGRAM_BOT_TOKEN=123:abc TELEGRAM_BASE_URL=http://127.0.0.1:8081/bot imgcoach run
Type messages at the stub's prompt; `/press N` taps the Nth button of the last message.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import itertools
import json
import re
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

BOT_USER = {
    "id": 999000,
    "is_bot": True,
    "first_name": "IMG Coach",
    "username": "imgcoach_test_bot",
}
ALLOWED = {
    "b": (),
    "strong": (),
    "i": (),
    "em": (),
    "u": (),
    "ins": (),
    "s": (),
    "strike": (),
    "del": (),
    "a": ("href",),
    "code": ("class",),
    "pre": (),
    "blockquote": ("expandable",),
    "tg-spoiler": (),
    "span": ("class",),
    "tg-emoji": ("emoji-id",),
}
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}


class ApiError(Exception):
    def __init__(self, description: str, code: int = 400, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.description = description
        self.code = code
        self.retry_after = retry_after


class _StrictHtml(HTMLParser):
    """Telegram's HTML rules: supported tags only, properly nested, entities escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.error = self.error or f'Unsupported start tag "{tag}"'
            return
        for name, _ in attrs:
            if name not in ALLOWED[tag]:
                self.error = self.error or f'Unsupported attribute "{name}" in tag "{tag}"'
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.error = self.error or f'Unmatched end tag "{tag}"'
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            self.error = self.error or "Unescaped < or >"
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            self.error = self.error or f'Unsupported HTML entity "&{name};"'
        self.text.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.text.append(html.unescape(f"&#{name};"))


def parse_html(text: str) -> str:
    """The plain text Telegram would show, or ApiError like Telegram's entity parser."""
    if re.search(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)", text):
        raise ApiError("Bad Request: can't parse entities: unescaped &")
    parser = _StrictHtml()
    parser.feed(text)
    parser.close()
    if parser.error is None and parser.stack:
        parser.error = f'Can\'t find end tag corresponding to start tag "{parser.stack[-1]}"'
    if parser.error:
        raise ApiError(f"Bad Request: can't parse entities: {parser.error}")
    return "".join(parser.text)


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class StubState:
    token: str
    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    queries: dict[str, bool] = field(default_factory=dict)  # id -> answered
    chats: dict[int, dict[str, Any]] = field(default_factory=dict)
    webhook: dict[str, Any] = field(default_factory=dict)
    fail_next: dict[str, int] = field(default_factory=dict)  # method -> 429 responses to give
    errors: list[str] = field(default_factory=list)
    _update_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _query_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    new_update: asyncio.Event = field(default_factory=asyncio.Event)
    new_call: asyncio.Event = field(default_factory=asyncio.Event)

    # --- what a user does -----------------------------------------------------------

    def _user(self, user_id: int) -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User{user_id}",
            "language_code": "en",
        }

    def _chat(self, user_id: int, kind: str = "private") -> dict[str, Any]:
        chat = {"id": user_id, "type": kind}
        if kind == "private":
            chat["first_name"] = f"User{user_id}"
        else:
            chat["title"] = "Study group"
        self.chats[user_id] = chat
        return chat

    def _push(self, update: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        update["update_id"] = update_id
        self.updates.append(update)
        self.new_update.set()
        return update_id

    def user_message(self, user_id: int, text: str | None = None, **extra: Any) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "from": self._user(user_id),
            "chat": self._chat(user_id, extra.pop("chat_type", "private")),
            "date": int(time.time()),
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                length = len(text.split()[0])
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        message.update(extra)
        return message

    def send_text(self, user_id: int, text: str, **extra: Any) -> int:
        return self._push({"message": self.user_message(user_id, text, **extra)})

    def send_other(self, user_id: int, **extra: Any) -> int:
        return self._push({"message": self.user_message(user_id, None, **extra)})

    def edit_text(self, user_id: int, text: str) -> int:
        message = self.user_message(user_id, text)
        message["edit_date"] = int(time.time())
        return self._push({"edited_message": message})

    def press(self, user_id: int, message: dict[str, Any], data: str) -> tuple[int, str]:
        query_id = str(next(self._query_ids))
        self.queries[query_id] = False
        update = {
            "callback_query": {
                "id": query_id,
                "from": self._user(user_id),
                "message": message,
                "chat_instance": str(user_id),
                "data": data,
            }
        }
        return self._push(update), query_id

    def raw_update(self, update: dict[str, Any]) -> int:
        return self._push(update)

    # --- what the bot did -----------------------------------------------------------

    def bot_messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        found = [m for (chat, _), m in sorted(self.messages.items(), key=lambda kv: kv[1]["seq"])]
        return [m for m in found if chat_id is None or m["chat"]["id"] == chat_id]

    def calls_of(self, *methods: str, chat_id: int | None = None) -> list[Call]:
        out = [c for c in self.calls if c.method in methods]
        if chat_id is not None:
            out = [c for c in out if str(c.params.get("chat_id")) == str(chat_id)]
        return out


_seq = itertools.count()


def _markup_ok(markup: Any) -> None:
    if markup is None:
        return
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        raise ApiError("Bad Request: unsupported reply markup")
    for row in markup["inline_keyboard"]:
        for button in row:
            if not button.get("text"):
                raise ApiError("Bad Request: BUTTON_TEXT_EMPTY")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
                raise ApiError("Bad Request: BUTTON_DATA_INVALID")


def _params(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(value)
        out[key] = value
    return out


class BotApiStub:
    def __init__(self, token: str = "123456:TEST-token-for-the-local-stub-000000000") -> None:
        self.state = StubState(token)
        self.runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self, port: int = 0) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        state = self.state
        if request.match_info["token"] != state.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            raw = {k: (v if isinstance(v, str) else {"file": v.filename}) for k, v in form.items()}
        elif request.content_type == "application/json":
            raw = await request.json() if request.can_read_body else {}
        else:
            raw = dict(await request.post()) if request.can_read_body else {}
        params = _params(raw)
        state.calls.append(Call(method, params, time.monotonic()))
        state.new_call.set()
        try:
            if state.fail_next.get(method):
                state.fail_next[method] -= 1
                raise ApiError("Too Many Requests: retry after 1", 429, retry_after=1)
            handler = getattr(self, f"m_{method}", None)
            if handler is None:
                raise ApiError(f"Not Found: method {method} not found", 404)
            result = (
                await handler(params) if asyncio.iscoroutinefunction(handler) else handler(params)
            )
        except ApiError as exc:
            if exc.code != 429:
                state.errors.append(f"{method}: {exc.description}")
            body: dict[str, Any] = {
                "ok": False,
                "error_code": exc.code,
                "description": exc.description,
            }
            if exc.retry_after:
                body["parameters"] = {"retry_after": exc.retry_after}
            return web.json_response(body, status=exc.code)
        return web.json_response({"ok": True, "result": result})

    # --- methods ----------------------------------------------------------------------

    def m_getMe(self, p: dict[str, Any]) -> Any:
        return {
            **BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def m_deleteWebhook(self, p: dict[str, Any]) -> Any:
        self.state.webhook = {}
        return True

    def m_setWebhook(self, p: dict[str, Any]) -> Any:
        if not str(p.get("url", "")).startswith("https://"):
            raise ApiError("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self.state.webhook = p
        return True

    def m_getWebhookInfo(self, p: dict[str, Any]) -> Any:
        return {
            "url": self.state.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }

    async def m_getUpdates(self, p: dict[str, Any]) -> Any:
        state = self.state
        offset = int(p.get("offset") or 0)
        timeout = float(p.get("timeout") or 0)
        state.updates = [u for u in state.updates if u["update_id"] >= offset]
        deadline = time.monotonic() + min(timeout, 2.0)
        while not state.updates and time.monotonic() < deadline:
            state.new_update.clear()
            try:
                await asyncio.wait_for(state.new_update.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        return state.updates[: int(p.get("limit") or 100)]

    def m_setMyCommands(self, p: dict[str, Any]) -> Any:
        commands = p.get("commands") or []
        if len(commands) > 100:
            raise ApiError("Bad Request: too many commands")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")):
                raise ApiError("Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        return True

    def m_setMyDescription(self, p: dict[str, Any]) -> Any:
        if len(p.get("description", "")) > 512:
            raise ApiError("Bad Request: BOT_DESCRIPTION_INVALID")
        return True

    def m_setMyShortDescription(self, p: dict[str, Any]) -> Any:
        if len(p.get("short_description", "")) > 120:
            raise ApiError("Bad Request: BOT_SHORT_DESCRIPTION_INVALID")
        return True

    def _chat_for(self, p: dict[str, Any]) -> dict[str, Any]:
        try:
            chat_id = int(p.get("chat_id"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ApiError("Bad Request: chat not found") from None
        chat = self.state.chats.get(chat_id)
        if chat is None:
            raise ApiError("Bad Request: chat not found")
        return chat

    def _text(self, text: Any, parse_mode: Any, limit: int, what: str = "message text") -> str:
        if not isinstance(text, str) or not text.strip():
            raise ApiError(f"Bad Request: {what} is empty")
        plain = parse_html(text) if parse_mode == "HTML" else text
        if not plain.strip():
            raise ApiError(f"Bad Request: {what} is empty")
        if len(plain) > limit:
            raise ApiError(f"Bad Request: {what} is too long")
        return plain

    def _store(self, chat: dict[str, Any], **fields: Any) -> dict[str, Any]:
        message = {
            "message_id": next(self.state._message_ids),
            "from": BOT_USER,
            "chat": chat,
            "date": int(time.time()),
            "seq": next(_seq),
            **fields,
        }
        self.state.messages[(chat["id"], message["message_id"])] = message
        return {k: v for k, v in message.items() if k not in ("seq", "html")}

    def m_sendMessage(self, p: dict[str, Any]) -> Any:
        chat = self._chat_for(p)
        plain = self._text(p.get("text"), p.get("parse_mode"), 4096)
        _markup_ok(p.get("reply_markup"))
        fields: dict[str, Any] = {"text": plain, "html": p.get("text")}
        if p.get("reply_markup"):
            fields["reply_markup"] = p["reply_markup"]
        return self._store(chat, **fields)

    def m_sendPhoto(self, p: dict[str, Any]) -> Any:
        chat = self._chat_for(p)
        fields: dict[str, Any] = {
            "photo": [{"file_id": "photo1", "file_unique_id": "u1", "width": 600, "height": 340}]
        }
        if p.get("caption"):
            fields["caption"] = self._text(p["caption"], p.get("parse_mode"), 1024, "caption")
        _markup_ok(p.get("reply_markup"))
        return self._store(chat, **fields)

    def m_sendDocument(self, p: dict[str, Any]) -> Any:
        chat = self._chat_for(p)
        document = p.get("document") or {}
        fields: dict[str, Any] = {
            "document": {
                "file_id": "doc1",
                "file_unique_id": "d1",
                "file_name": document.get("file") if isinstance(document, dict) else None,
            }
        }
        if p.get("caption"):
            fields["caption"] = self._text(p["caption"], p.get("parse_mode"), 1024, "caption")
        return self._store(chat, **fields)

    def _message_for(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_for(p)
        message = self.state.messages.get((chat["id"], int(p.get("message_id") or 0)))
        if message is None:
            raise ApiError("Bad Request: message to edit not found")
        return message

    def m_editMessageText(self, p: dict[str, Any]) -> Any:
        message = self._message_for(p)
        plain = self._text(p.get("text"), p.get("parse_mode"), 4096)
        markup = p.get("reply_markup")
        _markup_ok(markup)
        if plain == message.get("text") and markup == message.get("reply_markup"):
            raise ApiError(
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message"
            )
        message["text"], message["html"] = plain, p.get("text")
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        return {k: v for k, v in message.items() if k not in ("seq", "html")}

    def m_editMessageReplyMarkup(self, p: dict[str, Any]) -> Any:
        message = self._message_for(p)
        markup = p.get("reply_markup")
        _markup_ok(markup)
        if markup == message.get("reply_markup"):
            raise ApiError("Bad Request: message is not modified")
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        return {k: v for k, v in message.items() if k not in ("seq", "html")}

    def m_answerCallbackQuery(self, p: dict[str, Any]) -> Any:
        query_id = str(p.get("callback_query_id"))
        if self.state.queries.get(query_id) is not False:
            raise ApiError(
                "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        if len(p.get("text") or "") > 200:
            raise ApiError("Bad Request: MESSAGE_TOO_LONG")
        self.state.queries[query_id] = True
        return True

    def m_sendChatAction(self, p: dict[str, Any]) -> Any:
        self._chat_for(p)
        if p.get("action") not in CHAT_ACTIONS:
            raise ApiError("Bad Request: wrong parameter action in request")
        return True

    def m_close(self, p: dict[str, Any]) -> Any:
        return True


# --- try it by hand ---------------------------------------------------------------------


async def _interactive(port: int) -> None:
    stub = BotApiStub()
    await stub.start(port)
    state = stub.state
    print(f"Bot API stub on {stub.base_url}  (token {state.token})")
    print(f"Run: TELEGRAM_BOT_TOKEN={state.token} TELEGRAM_BASE_URL={stub.base_url} imgcoach run")
    print("Type messages; /press N taps a button of the last bot message; Ctrl-D quits.\n")
    user = 1001
    state.chats[user] = {"id": user, "type": "private", "first_name": "You"}
    shown = 0
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        line = line.rstrip("\n")
        messages = state.bot_messages(user)
        if line.startswith("/press ") and messages:
            last = messages[-1]
            buttons = [
                b for row in last.get("reply_markup", {}).get("inline_keyboard", []) for b in row
            ]
            number = int(line.split()[1]) if line.split()[1].isdigit() else 0
            if 1 <= number <= len(buttons):
                clean = {k: v for k, v in last.items() if k not in ("seq", "html")}
                state.press(user, clean, buttons[number - 1]["callback_data"])
        else:
            state.send_text(user, line)
        await asyncio.sleep(1.0)
        for message in state.bot_messages(user)[shown:]:
            print(message.get("text") or message.get("caption") or "[media]")
            buttons = [
                b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row
            ]
            for number, button in enumerate(buttons, 1):
                print(f"  [{number}] {button['text']}")
            print()
        shown = len(state.bot_messages(user))
        for error in state.errors:
            print(f"!! Bot API error: {error}")
        state.errors.clear()
    await stub.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8081)
    asyncio.run(_interactive(parser.parse_args().port))
