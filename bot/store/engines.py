"""The database engine for DATABASE_URL: a SQLite file (WAL, explicit transactions) or
PostgreSQL (psycopg 3, a small pool)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


class StoreError(RuntimeError):
    """The database cannot be used; the message never contains credentials."""


def engine_for(url: str) -> tuple[Engine, URL]:
    """The engine, and the parsed URL (to name the database without its password)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError("DATABASE_URL is not a valid database URL") from exc
    if parsed.drivername.startswith("sqlite"):
        return sqlite_engine(parsed.database), parsed
    if parsed.drivername.split("+")[0] in ("postgresql", "postgres"):
        engine = create_engine(
            parsed.set(drivername="postgresql+psycopg"),
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=5,
        )
        return engine, parsed
    raise StoreError(
        f"DATABASE_URL must start with sqlite:/// or postgresql://, not {parsed.drivername}://"
    )


def sqlite_engine(database: str | None) -> Engine:
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
