"""Runs the dialog core around the store: load state, apply one event, save it, in one transaction."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.core import commands
from bot.core.dialog import ChartMaker, Core
from bot.core.events import Command, Event, Incoming
from bot.core.records import ForgetUser, History, Record
from bot.core.replies import Reply
from bot.core.state import UserState
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.store.interface import Store, Unit

log = logging.getLogger(__name__)


@dataclass
class Handled:
    replies: list[Reply] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    duplicate: bool = False


class _UnitReader:
    """The core's Reader, inside the event's transaction."""

    def __init__(self, store: Store, unit: Unit) -> None:
        self._store = store
        self._unit = unit

    def history(self) -> History:
        return self._unit.history()

    def export(self) -> dict[str, Any]:
        return self._unit.export()

    def stats(self, since: dt.datetime) -> dict[str, Any]:
        return self._store.stats(since)


class Coach:
    """The bot as adapters see it: one call per event of one user."""

    def __init__(
        self,
        knowledge: Knowledge,
        renderer: Renderer,
        store: Store,
        *,
        admin_ids: frozenset[str] = frozenset(),
        chart: ChartMaker | None = None,
        reload: Callable[[], tuple[Knowledge, Renderer]] | None = None,
    ) -> None:
        self.core = Core(knowledge, renderer, chart)
        self.store = store
        self.admin_ids = admin_ids
        self._reload = reload

    @property
    def knowledge(self) -> Knowledge:
        return self.core.knowledge

    def handle(
        self,
        user_id: str,
        event: Event,
        *,
        update_id: int | None = None,
        now: dt.datetime | None = None,
    ) -> Handled:
        now = now or dt.datetime.now(dt.UTC)
        is_admin = user_id in self.admin_ids
        # /reload swaps the core itself, so it is answered here, around it
        reload = isinstance(event, Command) and event.name == commands.RELOAD
        if reload and commands.command(commands.RELOAD, admin=is_admin) is not None:
            with self.store.unit(user_id) as unit:  # a re-delivered /reload reloads nothing
                if not unit.claim(update_id, now):
                    return Handled(duplicate=True)
            return Handled([Reply(self.reload_content())])
        with self.store.unit(user_id) as unit:
            if not unit.claim(update_id, now):
                return Handled(duplicate=True)
            raw = unit.load()
            state = UserState.model_validate(raw) if raw else UserState()
            incoming = Incoming(user_id, event, now, is_admin)
            outcome = self.core.handle(state, incoming, _UnitReader(self.store, unit))
            if any(isinstance(r, ForgetUser) for r in outcome.records):
                unit.write([ForgetUser()], now)
            else:
                saved = state.model_dump(mode="json")
                if saved != raw:  # a look-up that changed nothing writes nothing
                    unit.save(saved, now)
                unit.write(outcome.records, now)
        return Handled(outcome.replies, outcome.records)

    def reload_content(self) -> str:
        """Validate and swap in new content; on any problem keep the old content."""
        renderer = self.core.renderer
        if self._reload is None:
            return renderer.render("reload", ok=False, problems=["reloading is not configured"])
        try:
            knowledge, renderer = self._reload()
        except Exception as exc:  # report, keep serving the old content
            problems = getattr(exc, "problems", None) or [str(exc)]
            log.warning("content reload rejected: %d problem(s)", len(problems))
            return renderer.render("reload", ok=False, problems=[str(p) for p in problems][:20])
        self.core = Core(knowledge, renderer, self.core.chart)
        log.info("content reloaded")
        return renderer.render(
            "reload", ok=True, faq=len(knowledge.entries), questions=len(knowledge.bank.questions)
        )
