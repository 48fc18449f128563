"""Ordered schema migrations, applied on start and recorded in the schema_version table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection, insert, select, text

from bot.store import schema


def _initial(connection: Connection) -> None:
    tables = [t for t in schema.metadata.sorted_tables if t is not schema.schema_version]
    schema.metadata.create_all(connection, tables=tables)


# (version, description, step). Append new steps; never edit one that has shipped.
MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "users, updates, FAQ log and votes, sessions, answers, schedule, reminders", _initial),
]


def current_version(connection: Connection) -> int:
    schema.schema_version.create(connection, checkfirst=True)
    versions = connection.execute(select(schema.schema_version.c.version)).scalars().all()
    return max(versions, default=0)


# PostgreSQL advisory lock held while migrating: workers starting at once on an empty
# database would otherwise both create the tables, and all but one fail to start
MIGRATION_LOCK = 0x1_3C0AC4


def migrate(connection: Connection) -> list[int]:
    """Apply pending migrations inside the caller's transaction; returns what was applied."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("select pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    applied: list[int] = []
    version = current_version(connection)
    for number, _description, step in MIGRATIONS:
        if number <= version:
            continue
        step(connection)
        connection.execute(
            insert(schema.schema_version).values(version=number, applied_at=dt.datetime.now(dt.UTC))
        )
        applied.append(number)
    return applied
