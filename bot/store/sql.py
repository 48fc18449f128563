"""The store on SQLAlchemy Core: one implementation, SQLite and PostgreSQL as its two engines."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.store import records as rec
from bot.store import schema
from bot.store.migrations import migrate

log = logging.getLogger(__name__)


class StoreError(RuntimeError):
    """The database cannot be used; the message never contains credentials."""


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


class _Statements:
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


class _Prepared:
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


class _HotPath:
    """The statements (nearly) every event runs: claim, load, save, and the FAQ log."""

    def __init__(self, statements: _Statements, dialect: Any) -> None:
        self.claim = _Prepared(statements.claim, dialect)
        self.load = _Prepared(
            statements.load,
            dialect,
            decode=schema.users.c.state.type.result_processor(dialect, None),
        )
        self.save = _Prepared(statements.save, dialect)
        self.faq_log = _Prepared(
            statements.faq_log,
            dialect,
            ["user_id", "query", "status", "entry_id", "score", "created_at"],
        )


class UserUnit:
    """Everything written for one event of one user, in one transaction."""

    def __init__(self, store: SqlStore, connection: Connection, user_id: str) -> None:
        self._store = store
        self._s = store.statements
        self._c = connection
        self.user_id = user_id

    def claim(self, update_id: int | None, now: dt.datetime) -> bool:
        """False when this update was already applied (Telegram delivered it twice)."""
        if update_id is None:
            return True
        params = {"update_id": update_id, "user_id": self.user_id, "processed_at": now}
        return self._run("claim", params) is not None

    def load(self) -> dict[str, Any] | None:
        row = self._run("load", {"uid": self.user_id})
        return dict(row[0]) if row else None

    def save(self, state: dict[str, Any], now: dt.datetime) -> None:
        params = {"user_id": self.user_id, "state": state, "created_at": now, "updated_at": now}
        self._run("save", params)

    def _run(self, name: str, params: dict[str, Any]) -> Any:
        """One of the per-event statements, on the SQLite hot path where there is one;
        the first row of its result, if any."""
        hot = self._store.hot_path
        if hot is not None:
            prepared: _Prepared = getattr(hot, name)
            return prepared.run(self._c, params)
        result = self._c.execute(getattr(self._s, name), params)
        return result.first() if result.returns_rows else None

    def history(self) -> rec.History:
        return self._store.read_history(self._c, self.user_id)

    def export(self) -> dict[str, Any]:
        return self._store.export_rows(self._c, self.user_id)

    def write(self, records: list[object], now: dt.datetime) -> None:
        c, s, user = self._c, self._s, self.user_id
        for record in records:
            match record:
                case rec.FaqAsked():
                    self._run(
                        "faq_log",
                        {
                            "user_id": user,
                            "query": record.query,
                            "status": record.status,
                            "entry_id": record.entry_id,
                            "score": record.score,
                            "created_at": now,
                        },
                    )
                case rec.FaqVote():
                    c.execute(
                        s.faq_vote,
                        {
                            "user_id": user,
                            "entry_id": record.entry_id,
                            "up": record.up,
                            "created_at": now,
                        },
                    )
                case rec.SessionStarted():
                    c.execute(
                        s.session_start,
                        {
                            "session_id": record.session_id,
                            "user_id": user,
                            "track": record.track,
                            "questions": record.questions,
                            "answered": None,
                            "average": None,
                            "started_at": now,
                            "ended_at": None,
                        },
                    )
                case rec.AnswerScored():
                    c.execute(
                        s.answer,
                        {
                            "user_id": user,
                            "session_id": record.session_id,
                            "question_id": record.question_id,
                            "kind": record.kind,
                            "score": record.score,
                            "met": record.met,
                            "missed": record.missed,
                            "red_flags": record.red_flags,
                            "words": record.words,
                            "created_at": now,
                        },
                    )
                case rec.SessionEnded():
                    c.execute(
                        s.session_end,
                        {
                            "sid": record.session_id,
                            "uid": user,
                            "answered": record.answered,
                            "average": record.average,
                            "ended": now,
                        },
                    )
                case rec.PracticeScheduled():
                    c.execute(
                        s.schedule,
                        {
                            "user_id": user,
                            "question_id": record.question_id,
                            "due_at": record.due,
                            "interval_days": record.interval_days,
                            "ease": record.ease,
                            "repetitions": record.repetitions,
                        },
                    )
                case rec.ReminderChanged():
                    c.execute(s.reminder_delete, {"uid": user})
                    if record.enabled and record.time is not None:
                        c.execute(
                            s.reminder_insert,
                            {
                                "user_id": user,
                                "time_local": record.time,
                                "utc_offset_minutes": record.utc_offset_minutes or 0,
                                "enabled": True,
                            },
                        )
                case rec.ForgetUser():
                    self._store.forget(c, user)
                case _:
                    raise TypeError(f"unknown record {type(record).__name__}")


class SqlStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._insert = sqlite.insert if self.dialect == "sqlite" else postgresql.insert
        self.statements = _Statements(self._insert)
        sqlite_file = self.dialect == "sqlite"
        self.hot_path = _HotPath(self.statements, engine.dialect) if sqlite_file else None
        # SQLite: each thread keeps its connection (one writer at a time anyway); checking one
        # out of the pool for every event costs as much as a statement
        self._local: threading.local | None = threading.local() if sqlite_file else None

    @classmethod
    def open(cls, url: str) -> SqlStore:
        """Open (and migrate) the database named by DATABASE_URL."""
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError("DATABASE_URL is not a valid database URL") from exc
        if parsed.drivername.startswith("sqlite"):
            engine = _sqlite_engine(parsed.database)
        elif parsed.drivername.split("+")[0] in ("postgresql", "postgres"):
            engine = create_engine(
                parsed.set(drivername="postgresql+psycopg"),
                pool_pre_ping=True,
                pool_size=5,
                max_overflow=5,
            )
        else:
            raise StoreError(
                f"DATABASE_URL must start with sqlite:/// or postgresql://, not {parsed.drivername}://"
            )
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
                yield UserUnit(self, connection, user_id)
            return
        connection = getattr(self._local, "connection", None)
        if connection is None or connection.closed or connection.invalidated:
            connection = self.engine.connect()
            self._local.connection = connection
        # take the write lock up front, so two writers never interleave
        connection.info["write"] = True
        with connection.begin():
            yield UserUnit(self, connection, user_id)

    # --- reading -----------------------------------------------------------------------

    def read_history(self, c: Connection, user_id: str) -> rec.History:
        """The user's past, each part read on first use within this connection."""
        return rec.History(lambda part: self._read_part(c, user_id, part))

    def _read_part(self, c: Connection, user_id: str, part: str) -> rec.Rows:
        if part == "answers":
            a = schema.answers
            return [
                {
                    "session_id": r.session_id,
                    "question_id": r.question_id,
                    "kind": r.kind,
                    "score": r.score,
                    "met": list(r.met),
                    "missed": list(r.missed),
                    "red_flags": list(r.red_flags),
                    "words": r.words,
                    "at": _utc(r.created_at),
                }
                for r in c.execute(select(a).where(a.c.user_id == user_id).order_by(a.c.id))
            ]
        if part == "sessions":
            s = schema.sessions
            return [
                {
                    "session_id": r.session_id,
                    "track": r.track,
                    "questions": r.questions,
                    "answered": r.answered,
                    "average": r.average,
                    "started": _utc(r.started_at),
                    "ended": _utc(r.ended_at),
                }
                for r in c.execute(select(s).where(s.c.user_id == user_id).order_by(s.c.started_at))
            ]
        if part == "schedule":
            p = schema.practice_schedule
            return [
                {
                    "question_id": r.question_id,
                    "due": _utc(r.due_at),
                    "interval_days": r.interval_days,
                    "ease": r.ease,
                    "repetitions": r.repetitions,
                }
                for r in c.execute(select(p).where(p.c.user_id == user_id))
            ]
        if part == "votes":
            v = schema.faq_votes
            return [
                {"entry_id": r.entry_id, "up": r.up, "at": _utc(r.created_at)}
                for r in c.execute(select(v).where(v.c.user_id == user_id).order_by(v.c.id))
            ]
        if part == "faq":
            f = schema.faq_log
            return [
                {
                    "query": r.query,
                    "status": r.status,
                    "entry_id": r.entry_id,
                    "score": r.score,
                    "at": _utc(r.created_at),
                }
                for r in c.execute(select(f).where(f.c.user_id == user_id).order_by(f.c.id))
            ]
        raise ValueError(f"unknown history part {part!r}")

    def history(self, user_id: str) -> rec.History:
        with self.engine.connect() as connection:
            parts = {part: self._read_part(connection, user_id, part) for part in rec.HISTORY_PARTS}
        return rec.History(**parts)

    def state(self, user_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(schema.users.c.state).where(schema.users.c.user_id == user_id)
            ).first()
        return dict(row[0]) if row else None

    def rows_about(self, user_id: str) -> int:
        """How many rows in any table mention the user (0 after /deletemydata)."""
        total = 0
        with self.engine.connect() as connection:
            for table in schema.USER_TABLES:
                total += connection.execute(
                    select(func.count()).select_from(table).where(table.c.user_id == user_id)
                ).scalar_one()
        return total

    def forget(self, connection: Connection, user_id: str) -> None:
        for table in schema.USER_TABLES:
            connection.execute(delete(table).where(table.c.user_id == user_id))

    def unanswered(self, since: dt.datetime) -> list[dict[str, Any]]:
        f = schema.faq_log
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(f.c.query, f.c.status, f.c.score, f.c.created_at)
                .where(f.c.created_at >= since)
                .where(f.c.status.not_in(("answer", "outside")))
                .where(f.c.query.is_not(None))
                .order_by(f.c.created_at)
            ).all()
        return [
            {"query": r.query, "status": r.status, "score": r.score, "at": _utc(r.created_at)}
            for r in rows
        ]

    def down_votes(self, since: dt.datetime) -> list[dict[str, Any]]:
        v = schema.faq_votes
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(v.c.entry_id, v.c.up, func.count().label("n"))
                .where(v.c.created_at >= since)
                .group_by(v.c.entry_id, v.c.up)
            ).all()
        counts: dict[str, dict[str, int]] = {}
        for r in rows:
            counts.setdefault(r.entry_id, {"up": 0, "down": 0})["up" if r.up else "down"] += r.n
        return [
            {"entry_id": entry, **c}
            for entry, c in sorted(counts.items(), key=lambda item: -item[1]["down"])
            if c["down"]
        ]

    def stats(self, since: dt.datetime) -> dict[str, Any]:
        with self.engine.connect() as connection:

            def count(table: Any, *where: Any) -> int:
                return connection.execute(
                    select(func.count()).select_from(table).where(*where)
                ).scalar_one()

            f = schema.faq_log
            asked = count(f, f.c.created_at >= since)
            answered = count(f, f.c.created_at >= since, f.c.status == "answer")
            return {
                "users": count(schema.users),
                "active_users": connection.execute(
                    select(func.count(func.distinct(f.c.user_id))).where(f.c.created_at >= since)
                ).scalar_one()
                + 0,
                "sessions": count(schema.sessions, schema.sessions.c.started_at >= since),
                "answers_scored": count(schema.answers, schema.answers.c.created_at >= since),
                "questions_asked": asked,
                "answer_rate": round(answered / asked, 3) if asked else None,
            }

    def reminders(self) -> list[dict[str, Any]]:
        r = schema.reminders
        with self.engine.connect() as connection:
            rows = connection.execute(select(r).where(r.c.enabled.is_(True))).all()
        return [
            {"user_id": x.user_id, "time": x.time_local, "utc_offset_minutes": x.utc_offset_minutes}
            for x in rows
        ]

    def export_rows(self, connection: Connection, user_id: str) -> dict[str, Any]:
        """Every row about the user, table by table, as JSON-ready data."""
        out: dict[str, Any] = {}
        for table in schema.USER_TABLES:
            rows = connection.execute(select(table).where(table.c.user_id == user_id)).all()
            out[table.name] = [
                {k: _jsonable(v) for k, v in row._mapping.items() if k != "user_id"} for row in rows
            ]
        return out

    def prune_updates(self, older_than: dt.datetime) -> int:
        with self.engine.begin() as connection:
            return connection.execute(
                delete(schema.processed_updates).where(
                    schema.processed_updates.c.processed_at < older_than
                )
            ).rowcount

    def close(self) -> None:
        connection = getattr(self._local, "connection", None) if self._local else None
        if connection is not None:
            connection.close()
            self._local.connection = None  # type: ignore[union-attr]
        self.engine.dispose()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return _utc(value).isoformat()  # type: ignore[union-attr]
    return value


def _sqlite_engine(database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        f"sqlite:///{database or ':memory:'}",
        connect_args={"check_same_thread": False, "timeout": 30},
        # every use is a `with connection.begin()` block that commits or rolls back itself,
        # so the pool's extra rollback on check-in is pure overhead
        pool_reset_on_return=None,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # autocommit mode in the driver: transactions are opened explicitly (BEGIN IMMEDIATE)
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        write = connection.info.pop("write", False)
        # straight to the driver: this runs for every event
        connection.connection.driver_connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
