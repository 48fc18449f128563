"""Telegram adapter (python-telegram-bot 22): Updates in, the core's replies out as Bot API calls.

Run it with `imgcoach run` (polling) or `imgcoach run --webhook` (WEBHOOK_URL, PORT,
WEBHOOK_SECRET). No product logic lives here: every Update becomes one event for the
dialog core, and each reply becomes sendMessage / editMessageText / sendPhoto /
sendDocument, with the callback query answered exactly once.

This module wires the parts and turns Updates into events; beside it: telegram_delivery
(replies as Bot API calls), telegram_menu (the command menu per scope), telegram_reminders
and telegram_upkeep (jobs), flood (the flood guard) and locks (one update per user at a time).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal
import time
from functools import partial
from typing import Any
from urllib.parse import urlparse

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.adapters import telegram_delivery
from bot.adapters.flood import FloodGuard
from bot.adapters.locks import UserLocks
from bot.adapters.telegram_menu import set_menus
from bot.adapters.telegram_reminders import Reminders
from bot.adapters.telegram_upkeep import Upkeep
from bot.config import Settings
from bot.core.commands import needs_scoring, parse_command
from bot.core.events import Event, Press, Text, Unsupported
from bot.core.replies import Reply
from bot.roadmap.jobs import RoadmapReminders
from bot.service import Coach

log = logging.getLogger(__name__)

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
        return parse_command(message.text) or Text(message.text)
    for kind in _UNSUPPORTED_KINDS:
        if getattr(message, kind, None):
            return Unsupported(kind)
    return Unsupported("other")


class TelegramAdapter:
    def __init__(self, coach: Coach, settings: Settings) -> None:
        self.coach = coach
        self.settings = settings
        self.flood = FloodGuard()
        self.reminders = Reminders(coach)
        self.roadmap = RoadmapReminders(coach)
        self.upkeep = Upkeep(coach.store)
        self.locks = UserLocks()

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
        await set_menus(bot, self.renderer, self.coach.admin_ids)
        await bot.set_my_description(self.renderer.render("bot_description"))
        await bot.set_my_short_description(self.renderer.render("bot_short_description"))
        stored = await asyncio.to_thread(self.coach.store.reminders)
        self.reminders.schedule_stored(application, stored)
        self.roadmap.start(application)
        self.upkeep.schedule(application)
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
            async with self.locks.hold(user.id):
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
        added = update.my_chat_member is not None and (
            update.my_chat_member.new_chat_member.status in ("member", "administrator")
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
        return await telegram_delivery.send(bot, chat_id, replies, query)

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
