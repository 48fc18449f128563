"""The statements every event runs, built once; on SQLite also compiled once (the hot path)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from bot.store import schema


class Statements:
    """Statements built once and run with parameters: building them per event costs more
    than running them (see docs/PERFORMANCE.md)."""

    def __init__(self, dialect_insert: Any) -> None:
        t = schema
        self.claim = (
            dialect_insert(t.processed_updates)
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(t.processed_updates.c.update_id)
        )
        self.load = select(t.users.c.state).where(t.users.c.user_id == bindparam("uid"))
        upsert_user = dialect_insert(t.users)
        self.save = upsert_user.on_conflict_do_update(
            index_elements=["user_id"],
            set_={
                "state": upsert_user.excluded.state,
                "updated_at": upsert_user.excluded.updated_at,
            },
        )
        self.faq_log = insert(t.faq_log)
        self.faq_vote = insert(t.faq_votes)
        self.session_start = insert(t.sessions)
        self.answer = insert(t.answers)
        self.session_end = (
            update(t.sessions)
            .where(t.sessions.c.session_id == bindparam("sid"))
            .where(t.sessions.c.user_id == bindparam("uid"))
            .values(
                answered=bindparam("answered"),
                average=bindparam("average"),
                ended_at=bindparam("ended"),
            )
        )
        upsert_schedule = dialect_insert(t.practice_schedule)
        self.schedule = upsert_schedule.on_conflict_do_update(
            index_elements=["user_id", "question_id"],
            set_={
                name: getattr(upsert_schedule.excluded, name)
                for name in ("due_at", "interval_days", "ease", "repetitions")
            },
        )
        self.reminder_delete = delete(t.reminders).where(t.reminders.c.user_id == bindparam("uid"))
        self.reminder_insert = insert(t.reminders)


class Prepared:
    """A Core statement compiled once and run on the driver's cursor, inside the transaction
    SQLAlchemy opened. SQLAlchemy still writes the SQL and converts each value with the column
    type's own processor; it just does not redo that work for every event (on SQLite that
    bookkeeping cost more than the database work itself: see docs/PERFORMANCE.md)."""

    def __init__(
        self,
        statement: Any,
        dialect: Any,
        keys: list[str] | None = None,
        decode: Callable[[Any], Any] | None = None,
    ) -> None:
        # an INSERT names the columns it is given values for (the id comes from the database)
        compiled = statement.compile(dialect=dialect, column_keys=keys)
        self.sql = str(compiled)
        self.names: list[str] = list(compiled.positiontup or [])
        self.processors = {
            name: processor
            for name in self.names
            if (processor := compiled.binds[name].type.bind_processor(dialect)) is not None
        }
        self.decode = decode  # the first column's converter, for a SELECT

    def run(self, connection: Connection, params: dict[str, Any]) -> Any:
        """The first row of the result, if any."""
        convert = self.processors
        values = tuple(
            convert[name](params[name]) if name in convert else params[name] for name in self.names
        )
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(self.sql, values)
            row = cursor.fetchone()
        finally:
            cursor.close()
        if row is not None and self.decode is not None:
            row = (self.decode(row[0]), *row[1:])
        return row


class HotPath:
    """The statements (nearly) every event runs: claim, load, save, and the FAQ log."""

    def __init__(self, statements: Statements, dialect: Any) -> None:
        self.claim = Prepared(statements.claim, dialect)
        self.load = Prepared(
            statements.load,
            dialect,
            decode=schema.users.c.state.type.result_processor(dialect, None),
        )
        self.save = Prepared(statements.save, dialect)
        self.faq_log = Prepared(
            statements.faq_log,
            dialect,
            ["user_id", "query", "status", "entry_id", "score", "created_at"],
        )
