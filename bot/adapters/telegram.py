"""Telegram adapter (python-telegram-bot 22): Updates in, the core's replies out as Bot API calls.

Run it with `imgcoach run` (polling) or `imgcoach run --webhook` (WEBHOOK_URL, PORT,
WEBHOOK_SECRET). No product logic lives here: every Update becomes one event for the
dialog core, and each reply becomes sendMessage / editMessageText / sendPhoto /
sendDocument, with the callback query answered exactly once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import signal
import time
from collections.abc import Sequence
from functools import partial
from typing import Any
from urllib.parse import urlparse

from telegram import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.adapters.flood import FloodGuard
from bot.adapters.telegram_reminders import Reminders
from bot.config import Settings
from bot.core.dialog import needs_scoring
from bot.core.events import Command, Event, Press, Text, Unsupported
from bot.core.replies import Button, Reply
from bot.service import Coach
from bot.telegram_html import MAX_CAPTION, split_message, to_plain

log = logging.getLogger(__name__)

COMMANDS = [
    ("start", "Start over: what I can do"),
    ("interview", "Practise a residency interview"),
    ("topics", "Browse all topics"),
    ("ask", "Ask a question during an interview"),
    ("done", "Finish your answer and get feedback"),
    ("hint", "What the current question tests"),
    ("skip", "Skip the current question"),
    ("end", "End the interview with a summary"),
    ("progress", "Your scores over time"),
    ("practice", "Questions due for another try"),
    ("profile", "Your specialty and country"),
    ("remind", "Daily practice reminder (e.g. /remind 19:00)"),
    ("privacy", "What I store and why"),
    ("export", "Download all your data"),
    ("deletemydata", "Erase everything I store about you"),
    ("help", "How to use me"),
]
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)
_UNSUPPORTED_KINDS = (
    "voice",
    "audio",
    "video_note",
    "video",
    "photo",
    "sticker",
    "animation",
    "document",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
    "game",
)


def to_event(message: Message) -> Event:
    if message.text is not None:
        command = _COMMAND.match(message.text.strip())
        if command:
            return Command(command.group(1).lower(), (command.group(2) or "").strip())
        return Text(message.text)
    for kind in _UNSUPPORTED_KINDS:
        if getattr(message, kind, None):
            return Unsupported(kind)
    return Unsupported("other")


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in rows]
    )


def _same_markup(message: Message, markup: InlineKeyboardMarkup | None) -> bool:
    current = message.reply_markup
    if current is None or not current.inline_keyboard:
        return markup is None
    if markup is None:
        return False
    mine = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
    theirs = [[(b.text, b.callback_data) for b in row] for row in current.inline_keyboard]
    return mine == theirs


class TelegramAdapter:
    def __init__(self, coach: Coach, settings: Settings) -> None:
        self.coach = coach
        self.settings = settings
        self.flood = FloodGuard()
        self.reminders = Reminders(coach)
        self._locks: dict[int, asyncio.Lock] = {}

    @property
    def renderer(self) -> Any:
        return self.coach.core.renderer

    # --- wiring -----------------------------------------------------------------------

    def build(self, *, rate_limit: bool = True) -> Application:
        """rate_limit=False only for load tests of the bot itself, never against Telegram."""
        builder = (
            ApplicationBuilder()
            .token(self.settings.token or "")
            .concurrent_updates(True)
            .post_init(self._post_init)
        )
        if rate_limit:
            builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
        if self.settings.telegram_base_url:
            base = self.settings.telegram_base_url.rstrip("/")
            builder = builder.base_url(base).base_file_url(base.removesuffix("/bot") + "/file/bot")
        application = builder.build()
        application.add_handler(TypeHandler(Update, self.on_update))
        application.add_error_handler(self.on_error)
        return application

    async def start_polling(self, application: Application, *, poll_timeout: float = 10) -> None:
        """Start without run_polling's own loop handling (embedding, tests)."""
        await application.initialize()
        await self._post_init(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0.0,
            timeout=dt.timedelta(seconds=poll_timeout),
            allowed_updates=Update.ALL_TYPES,
        )

    async def start_webhook(self, application: Application, port: int) -> None:
        await application.initialize()
        await self._post_init(application)
        await application.start()
        assert application.updater is not None and self.settings.webhook_url is not None
        await application.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path=urlparse(self.settings.webhook_url).path.lstrip("/"),
            webhook_url=self.settings.webhook_url,
            secret_token=self.settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )

    async def stop(self, application: Application) -> None:
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()

    async def _post_init(self, application: Application) -> None:
        bot = application.bot
        await bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
        await bot.set_my_description(self.renderer.render("bot_description"))
        await bot.set_my_short_description(self.renderer.render("bot_short_description"))
        stored = await asyncio.to_thread(self.coach.store.reminders)
        self.reminders.schedule_stored(application, stored)
        try:
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGHUP, partial(self._reload_on_signal, loop))
        except (NotImplementedError, RuntimeError, AttributeError):
            pass  # no SIGHUP on this platform; /reload still works

    def _reload_on_signal(self, loop: asyncio.AbstractEventLoop) -> None:
        log.info("SIGHUP: reloading content")
        loop.run_in_executor(None, self.coach.reload_content)

    # --- updates ----------------------------------------------------------------------

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        chat = update.effective_chat
        query = update.callback_query
        if user is None or chat is None:
            return
        answered = False
        try:
            if chat.type != ChatType.PRIVATE:
                await self._group_update(update, context)
                return
            verdict = self.flood.check(user.id, time.monotonic())
            if verdict != "ok":
                if verdict == "warn":
                    await context.bot.send_message(
                        chat.id, self.renderer.render("slow_down"), parse_mode=ParseMode.HTML
                    )
                return
            if query is not None:
                event: Event = Press(query.data or "")
            elif update.message is not None:
                event = to_event(update.message)
            elif update.edited_message is not None:
                event = Unsupported("edited")
            else:
                return
            lock = self._locks.setdefault(user.id, asyncio.Lock())
            async with lock:
                if needs_scoring(event):
                    await context.bot.send_chat_action(chat.id, ChatAction.TYPING)
                handled = await asyncio.to_thread(
                    self.coach.handle, str(user.id), event, update_id=update.update_id
                )
                if handled.duplicate:
                    return
                notice = await self.send(context.bot, chat.id, handled.replies, query)
                if query is not None:
                    answered = True
                    await query.answer(notice[:200] if notice else None)
                self.reminders.apply(context.application, str(user.id), handled.records)
        finally:
            if query is not None and not answered:
                try:
                    await query.answer()
                except TelegramError:
                    log.debug("callback query %s could not be answered", query.id)

    async def _group_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In groups, speak only when addressed (a command or being added), and only once."""
        message = update.effective_message
        chat = update.effective_chat
        if chat is None:
            return
        added = (
            update.my_chat_member is not None
            and update.my_chat_member.new_chat_member.status
            in (
                "member",
                "administrator",
            )
        )
        command = message is not None and (message.text or "").startswith("/")
        if added or command:
            await context.bot.send_message(
                chat.id,
                self.renderer.render("unsupported", kind="group", interviewing=False),
                parse_mode=ParseMode.HTML,
            )

    async def send(
        self, bot: Any, chat_id: int, replies: list[Reply], query: CallbackQuery | None
    ) -> str | None:
        """Send the replies in order; returns the notice for the callback query, if any."""
        notice: str | None = None
        edited = False
        for reply in replies:
            if reply.notice and notice is None:
                notice = to_plain(reply.notice)
            if reply.silent:
                continue
            markup = keyboard(reply.buttons)
            if reply.image is not None:
                await self._send_media(bot, chat_id, reply, markup, photo=True)
                continue
            if reply.document is not None:
                await self._send_media(bot, chat_id, reply, markup, photo=False)
                continue
            parts = split_message(reply.text)
            can_edit = (
                reply.replace
                and not edited
                and query is not None
                and isinstance(query.message, Message)
                and query.message.text is not None
                and len(parts) == 1
            )
            if can_edit:
                assert query is not None and isinstance(query.message, Message)
                edited = True
                await self._edit(query.message, parts[0], markup)
                continue
            for number, part in enumerate(parts):
                last = number == len(parts) - 1
                await bot.send_message(
                    chat_id,
                    part,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup if last else None,
                    link_preview_options=_NO_PREVIEW,
                )
        return notice

    async def _edit(self, message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
        # Telegram rejects an edit that changes nothing ("message is not modified")
        same_text = to_plain(text).strip() == (message.text or "").strip()
        if same_text and _same_markup(message, markup):
            return
        try:
            if same_text:
                await message.edit_reply_markup(reply_markup=markup)
            else:
                await message.edit_text(
                    text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    link_preview_options=_NO_PREVIEW,
                )
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise

    async def _send_media(
        self, bot: Any, chat_id: int, reply: Reply, markup: InlineKeyboardMarkup | None, photo: bool
    ) -> None:
        caption_fits = len(reply.text) <= MAX_CAPTION
        caption = reply.text if caption_fits else None
        if photo:
            assert reply.image is not None
            await bot.send_photo(
                chat_id,
                reply.image,
                caption=caption,
                parse_mode=ParseMode.HTML if caption else None,
                reply_markup=markup if caption_fits else None,
            )
        else:
            assert reply.document is not None
            name, content = reply.document
            await bot.send_document(
                chat_id,
                InputFile(content, filename=name),
                caption=caption,
                parse_mode=ParseMode.HTML if caption else None,
                reply_markup=markup if caption_fits else None,
            )
        if not caption_fits:
            for number, part in enumerate(parts := split_message(reply.text)):
                await bot.send_message(
                    chat_id,
                    part,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup if number == len(parts) - 1 else None,
                )

    # --- errors -----------------------------------------------------------------------

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = getattr(update, "update_id", None)
        user = getattr(update, "effective_user", None)
        log.error(
            "error while handling update %s of user %s",
            update_id,
            getattr(user, "id", None),
            exc_info=context.error,
        )
        chat = getattr(update, "effective_chat", None)
        if chat is None:
            return
        try:
            await context.bot.send_message(
                chat.id, self.renderer.render("error"), parse_mode=ParseMode.HTML
            )
        except TelegramError:
            log.warning("could not send the apology for update %s", update_id)


def run_bot(settings: Settings, coach: Coach, *, webhook: bool) -> None:
    adapter = TelegramAdapter(coach, settings)
    application = adapter.build()
    allowed = Update.ALL_TYPES
    if not webhook:
        log.info("starting: polling")
        application.run_polling(allowed_updates=allowed, drop_pending_updates=False)
        return
    assert settings.webhook_url is not None
    path = urlparse(settings.webhook_url).path.lstrip("/")
    log.info("starting: webhook on port %s", settings.port)
    application.run_webhook(
        listen="0.0.0.0",
        port=settings.port,
        url_path=path,
        webhook_url=settings.webhook_url,
        secret_token=settings.webhook_secret,
        allowed_updates=allowed,
    )
