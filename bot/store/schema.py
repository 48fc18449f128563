"""Tables, shared by the SQLite and PostgreSQL stores (SQLAlchemy Core)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("state", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

processed_updates = Table(
    "processed_updates",
    metadata,
    Column("update_id", BigInteger, primary_key=True),
    Column("user_id", String(64), nullable=False, index=True),
    Column("processed_at", DateTime(timezone=True), nullable=False),
)

faq_log = Table(
    "faq_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(64), nullable=False, index=True),
    Column("query", Text),
    Column("status", String(16), nullable=False),
    Column("entry_id", String(64)),
    Column("score", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
)

faq_votes = Table(
    "faq_votes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(64), nullable=False, index=True),
    Column("entry_id", String(64), nullable=False),
    Column("up", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("session_id", String(80), primary_key=True),
    Column("user_id", String(64), nullable=False, index=True),
    Column("track", String(40), nullable=False),
    Column("questions", Integer, nullable=False),
    Column("answered", Integer),
    Column("average", Integer),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
)

answers = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(64), nullable=False),
    Column("session_id", String(80), nullable=False),
    Column("question_id", String(64), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("score", Integer, nullable=False),
    Column("met", JSON, nullable=False),
    Column("missed", JSON, nullable=False),
    Column("red_flags", JSON, nullable=False),
    Column("words", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_answers_user_time", "user_id", "created_at"),
)

practice_schedule = Table(
    "practice_schedule",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("question_id", String(64), primary_key=True),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("interval_days", Float, nullable=False),
    Column("ease", Float, nullable=False),
    Column("repetitions", Integer, nullable=False),
)

reminders = Table(
    "reminders",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("time_local", String(5), nullable=False),
    Column("utc_offset_minutes", Integer, nullable=False),
    Column("enabled", Boolean, nullable=False),
)

# every table that holds something about a user, for /export and /deletemydata
USER_TABLES = (
    users,
    processed_updates,
    faq_log,
    faq_votes,
    sessions,
    answers,
    practice_schedule,
    reminders,
)
