"""Daily practice reminders on python-telegram-bot's job queue, for Telegram users only.

A reminder belongs to the channel that can deliver it: the store also keeps reminders set
in the terminal chat (user "console-…"), which Telegram cannot reach, so only numeric
Telegram user ids are ever scheduled, and the daily job never raises.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import Forbidden
from telegram.ext import Application, ContextTypes

from bot.core.records import ForgetUser, Record, ReminderChanged
from bot.interview.practice import due_questions
from bot.service import Coach

log = logging.getLogger(__name__)


def telegram_chat(user_id: str) -> int | None:
    """The private chat of a Telegram user id; None for other channels' users."""
    try:
        return int(user_id)
    except ValueError:
        return None


class Reminders:
    def __init__(self, coach: Coach) -> None:
        self.coach = coach

    @property
    def renderer(self) -> Any:
        return self.coach.core.renderer  # a content reload swaps it

    def schedule_stored(self, application: Application, stored: list[dict[str, Any]]) -> None:
        for reminder in stored:
            self.schedule(
                application, reminder["user_id"], reminder["time"], reminder["utc_offset_minutes"]
            )

    def apply(self, application: Application, user_id: str, records: list[Record]) -> None:
        """What the dialog core decided about this user's reminder."""
        for record in records:
            if isinstance(record, ReminderChanged):
                self.cancel(application, user_id)
                if record.enabled and record.time:
                    self.schedule(application, user_id, record.time, record.utc_offset_minutes or 0)
            elif isinstance(record, ForgetUser):
                self.cancel(application, user_id)

    def schedule(self, application: Application, user_id: str, local: str, offset: int) -> None:
        if application.job_queue is None:
            log.warning("job queue unavailable: reminders are off")
            return
        if telegram_chat(user_id) is None:
            log.debug("reminder of %s is not for Telegram: not scheduled", user_id)
            return
        hour, minute = (int(x) for x in local.split(":"))
        at = (dt.datetime(2000, 1, 1, hour, minute) - dt.timedelta(minutes=offset)).time()
        application.job_queue.run_daily(
            self.send,
            time=at.replace(tzinfo=dt.UTC),
            name=f"remind-{user_id}",
            data=user_id,
        )

    def cancel(self, application: Application, user_id: str) -> None:
        if application.job_queue is None:
            return
        for job in application.job_queue.get_jobs_by_name(f"remind-{user_id}"):
            job.schedule_removal()

    async def send(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The daily job: a failure is logged (tomorrow's still runs), never raised."""
        user_id = str(context.job.data) if context.job else ""
        chat_id = telegram_chat(user_id)
        if chat_id is None:
            log.info("reminder of %r skipped: not a Telegram user", user_id)
            return
        try:
            history = await asyncio.to_thread(self.coach.store.history, user_id)
            due = len(due_questions(history.schedule, dt.datetime.now(dt.UTC)))
            practice = InlineKeyboardButton(
                self.renderer.label("buttons", "practice"), callback_data="m:practice"
            )
            await context.bot.send_message(
                chat_id,
                self.renderer.render("reminder", due=due),
                parse_mode=ParseMode.HTML,
                reply_markup=InlineKeyboardMarkup([[practice]]),
            )
        except Forbidden:
            log.info("reminder not delivered: the user blocked the bot")
        except Exception:
            log.exception("reminder for user %s not delivered", user_id)
