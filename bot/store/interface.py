"""What the service and the adapters need of a store: the `Store` protocol SqlStore implements.

A store keeps each user's state and the core's records (bot.core.records), one transaction
per event (`unit`), and answers the few reads the adapters make outside an event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from bot.core.records import History, Record


class Unit(Protocol):
    """One event of one user: everything in it is written, or nothing."""

    def claim(self, update_id: int | None, now: dt.datetime) -> bool:
        """False when this update was already applied (it was delivered twice)."""
        ...

    def load(self) -> dict[str, Any] | None: ...

    def save(self, state: dict[str, Any], now: dt.datetime) -> None: ...

    def write(self, records: Sequence[Record], now: dt.datetime) -> None: ...

    def history(self) -> History: ...

    def export(self) -> dict[str, Any]: ...


class Store(Protocol):
    def unit(self, user_id: str) -> AbstractContextManager[Unit]: ...

    def stats(self, since: dt.datetime) -> dict[str, Any]:
        """Usage counts since then, for /stats."""
        ...

    def history(self, user_id: str) -> History:
        """A user's past outside any event (the daily reminder reads the schedule)."""
        ...

    def reminders(self) -> list[dict[str, Any]]:
        """Every enabled reminder: user_id, time ("HH:MM" local), utc_offset_minutes."""
        ...

    def prune_updates(self, older_than: dt.datetime) -> int:
        """Forget updates processed before then; returns how many."""
        ...

    def close(self) -> None: ...
