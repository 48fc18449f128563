"""Upkeep on python-telegram-bot's job queue: the ids of processed updates are pruned daily.

Each update's id is kept so that one delivered twice is applied once (bot.service). Telegram
re-delivers an update for at most a day, so ids older than a week can never match again;
without pruning the table would grow by one row per update forever.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from telegram.ext import Application, ContextTypes

from bot.store.interface import Store

log = logging.getLogger(__name__)

PRUNE_JOB = "prune-updates"
PRUNE_EVERY = dt.timedelta(days=1)
KEEP_UPDATES = dt.timedelta(days=7)
FIRST_PRUNE = dt.timedelta(minutes=5)  # soon after start, out of the start-up's way


class Upkeep:
    def __init__(
        self,
        store: Store,
        *,
        keep: dt.timedelta = KEEP_UPDATES,
        every: dt.timedelta = PRUNE_EVERY,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.store = store
        self.keep = keep
        self.every = every
        self.clock = clock

    def schedule(self, application: Application) -> None:
        if application.job_queue is None:
            log.warning("job queue unavailable: processed updates are not pruned")
            return
        application.job_queue.run_repeating(
            self.prune, interval=self.every, first=FIRST_PRUNE, name=PRUNE_JOB
        )

    async def prune(self, context: ContextTypes.DEFAULT_TYPE | None = None) -> int:
        """The daily job: a failure is logged (tomorrow's still runs), never raised."""
        older_than = self.clock() - self.keep
        try:
            removed = await asyncio.to_thread(self.store.prune_updates, older_than)
        except Exception:
            log.exception("processed updates not pruned")
            return 0
        log.info("pruned %d processed updates from before %s", removed, older_than.isoformat())
        return removed
