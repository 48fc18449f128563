"""Roadmap reminders on python-telegram-bot's JobQueue: a week and a day before each milestone.

One repeating job scans the store every few minutes for users whose roadmap reminders are on
(`roadmap.reminders` in their state), rebuilds each plan with the current content and today's
date, and sends every reminder whose time fell since the last scan. Nothing is scheduled per
user, so a restart restores everything from the store, a content change moves the reminders
with the dates, and turning reminders off (one tap) takes effect at the next scan.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, true
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import Forbidden
from telegram.ext import Application, ContextTypes

from bot.core.state import UserState
from bot.roadmap.plan import Answers, build_plan
from bot.roadmap.reminders import Reminder, due, local_today
from bot.store import schema

log = logging.getLogger(__name__)

JOB = "roadmap-reminders"
EVERY = dt.timedelta(minutes=10)
_PROFILE_TO_COUNTRY = {"us": "us", "canada": "ca", "both": "both"}


def telegram_chat(user_id: str) -> int | None:
    """The private chat of a Telegram user id; None for other channels' users (console-…)."""
    try:
        return int(user_id)
    except ValueError:
        return None


def answers_of(state: UserState) -> Answers:
    a = state.roadmap.answers
    return Answers(
        country=_PROFILE_TO_COUNTRY.get(state.profile.country or ""),
        match_year=a.match_year,
        grad_year=a.grad_year,
        status=a.status,
        done=frozenset(a.done),
        specialty=a.specialty or state.profile.specialty,
        wants_h1b=a.wants_h1b,
    )


def opted_in(store: Any) -> list[tuple[str, dict[str, Any]]]:
    """(user id, state) of every user whose roadmap reminders are on, from the users table."""
    users = schema.users
    flag = users.c.state[("roadmap", "reminders")].as_boolean()
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(users.c.user_id, users.c.state).where(flag == true())
        ).all()
    return [(row.user_id, dict(row.state)) for row in rows]


def due_for(
    rules: Any, state: UserState, now: dt.datetime, window: dt.timedelta
) -> list[tuple[Reminder, Any]]:
    """The reminders of one user due in (now - window, now], with their milestones."""
    if not state.roadmap.reminders or not state.roadmap.complete or rules is None:
        return []
    offset = state.reminder.utc_offset_minutes
    try:
        plan = build_plan(rules, answers_of(state), local_today(now, offset))
    except ValueError:  # a Match year no longer in content/roadmap/
        return []
    found = due(plan, now, offset, window)
    return [(r, plan.get(r.milestone_id)) for r in found if plan.get(r.milestone_id)]


class RoadmapReminders:
    def __init__(
        self,
        coach: Any,
        *,
        every: dt.timedelta = EVERY,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.coach = coach
        self.every = every
        self.clock = clock
        self.last_scan: dt.datetime | None = None

    def start(self, application: Application) -> None:
        """Schedule the scan; reminders due from now on are sent (none are sent twice)."""
        self.last_scan = self.clock()
        if application.job_queue is None:
            log.warning("job queue unavailable: roadmap reminders are off")
            return
        application.job_queue.run_repeating(
            self.tick, interval=self.every, first=self.every, name=JOB
        )

    async def tick(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.scan(context.bot)

    async def scan(self, bot: Any) -> int:
        """Send what fell due since the last scan; a failure is logged, never raised."""
        now = self.clock()
        window = now - (self.last_scan or now - self.every)
        self.last_scan = now
        if window <= dt.timedelta(0):
            return 0
        try:
            users = await asyncio.to_thread(opted_in, self.coach.store)
        except Exception:
            log.exception("roadmap reminders: the store could not be read")
            return 0
        sent = 0
        rules = getattr(self.coach.knowledge.content, "roadmap", None)
        for user_id, raw in users:
            chat_id = telegram_chat(user_id)
            if chat_id is None:
                continue
            try:
                state = UserState.model_validate(raw)
                for reminder, milestone in due_for(rules, state, now, window):
                    await self._send(bot, chat_id, reminder, milestone)
                    sent += 1
            except Forbidden:
                log.info("roadmap reminder not delivered: the user blocked the bot")
            except Exception:
                log.exception("roadmap reminder for user %s not delivered", user_id)
        return sent

    async def _send(self, bot: Any, chat_id: int, reminder: Reminder, milestone: Any) -> None:
        renderer = self.coach.core.renderer  # a content reload swaps it
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        renderer.label("roadmap", "my_roadmap"), callback_data="m:roadmap"
                    ),
                    InlineKeyboardButton(
                        renderer.label("roadmap", "remind_off"), callback_data="m:rmstop"
                    ),
                ]
            ]
        )
        await bot.send_message(
            chat_id,
            renderer.render(
                "roadmap_reminder",
                lead=reminder.lead_days,
                title=milestone.title,
                date_text=milestone.date_text,
                why=milestone.why,
                source=milestone.source,
            ),
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        )
