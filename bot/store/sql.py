"""The store on SQLAlchemy Core: one implementation, SQLite and PostgreSQL as its two engines.

What each part does lives beside this file: engines.py opens the database, statements.py
builds (and on SQLite compiles) the per-event statements, unit.py writes one event in one
transaction, reading.py reads histories, exports and summaries.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from bot.core import records as rec
from bot.store import reading, schema
from bot.store.engines import StoreError, engine_for
from bot.store.migrations import migrate
from bot.store.statements import HotPath, Statements
from bot.store.unit import UserUnit

__all__ = ["SqlStore", "StoreError", "UserUnit"]

log = logging.getLogger(__name__)


class SqlStore:
    """Implements bot.store.interface.Store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._insert = sqlite.insert if self.dialect == "sqlite" else postgresql.insert
        self.statements = Statements(self._insert)
        sqlite_file = self.dialect == "sqlite"
        self.hot_path = HotPath(self.statements, engine.dialect) if sqlite_file else None
        # SQLite: each thread keeps its connection (one writer at a time anyway); checking one
        # out of the pool for every event costs as much as a statement
        self._local: threading.local | None = threading.local() if sqlite_file else None

    @classmethod
    def open(cls, url: str) -> SqlStore:
        """Open (and migrate) the database named by DATABASE_URL."""
        engine, parsed = engine_for(url)
        store = cls(engine)
        try:
            with engine.begin() as connection:
                applied = migrate(connection)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot open the {store.dialect} database at {parsed.render_as_string(hide_password=True)}: "
                f"{type(exc.orig or exc).__name__}"
            ) from None
        if applied:
            log.info("database migrated to version %s", applied[-1])
        return store

    def upsert(self, table: Any) -> Any:
        return self._insert(table)

    @contextmanager
    def unit(self, user_id: str) -> Iterator[UserUnit]:
        """One transaction for one event of one user: all of it is written, or none."""
        if self._local is None:
            with self.engine.connect() as connection, connection.begin():
                yield UserUnit(self.statements, self.hot_path, connection, user_id)
            return
        connection = getattr(self._local, "connection", None)
        if connection is None or connection.closed or connection.invalidated:
            connection = self.engine.connect()
            self._local.connection = connection
        # take the write lock up front, so two writers never interleave
        connection.info["write"] = True
        with connection.begin():
            yield UserUnit(self.statements, self.hot_path, connection, user_id)

    # --- reading (each in its own short transaction) -------------------------------------

    def history(self, user_id: str) -> rec.History:
        with self.engine.connect() as c:
            parts = {part: reading.history_part(c, user_id, part) for part in rec.HISTORY_PARTS}
        return rec.History(**parts)

    def state(self, user_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as c:
            row = c.execute(
                select(schema.users.c.state).where(schema.users.c.user_id == user_id)
            ).first()
        return dict(row[0]) if row else None

    def rows_about(self, user_id: str) -> int:
        """How many rows in any table mention the user (0 after /deletemydata)."""
        with self.engine.connect() as c:
            return reading.rows_about(c, user_id)

    def unanswered(self, since: dt.datetime) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            return reading.unanswered(c, since)

    def down_votes(self, since: dt.datetime) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            return reading.down_votes(c, since)

    def stats(self, since: dt.datetime) -> dict[str, Any]:
        with self.engine.connect() as c:
            return reading.stats(c, since)

    def reminders(self) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            return reading.reminders(c)

    # --- upkeep ---------------------------------------------------------------------------

    def prune_updates(self, older_than: dt.datetime) -> int:
        """Forget the ids of updates processed before `older_than` (they can no longer come
        again); returns how many were forgotten."""
        updates = schema.processed_updates
        with self.engine.begin() as c:
            return c.execute(delete(updates).where(updates.c.processed_at < older_than)).rowcount

    def close(self) -> None:
        connection = getattr(self._local, "connection", None) if self._local else None
        if connection is not None:
            connection.close()
            self._local.connection = None  # type: ignore[union-attr]
        self.engine.dispose()
