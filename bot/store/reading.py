"""Reading the store: a user's history and export, reminders to schedule, and the summaries
for admins (/stats) and the content maintainer (`report unanswered`).

Every list comes in a defined order (ties broken by a key), never the database's whim: the
order decides which due question is practised first and how reports read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, func, select

from bot.core.records import Rows
from bot.store import schema


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def history_part(c: Connection, user_id: str, part: str) -> Rows:
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
                "at": utc(r.created_at),
            }
            for r in c.execute(select(a).where(a.c.user_id == user_id).order_by(a.c.id))
        ]
    if part == "sessions":
        s = schema.sessions
        query = select(s).where(s.c.user_id == user_id).order_by(s.c.started_at, s.c.session_id)
        return [
            {
                "session_id": r.session_id,
                "track": r.track,
                "questions": r.questions,
                "answered": r.answered,
                "average": r.average,
                "started": utc(r.started_at),
                "ended": utc(r.ended_at),
            }
            for r in c.execute(query)
        ]
    if part == "schedule":
        p = schema.practice_schedule
        query = select(p).where(p.c.user_id == user_id).order_by(p.c.due_at, p.c.question_id)
        return [
            {
                "question_id": r.question_id,
                "due": utc(r.due_at),
                "interval_days": r.interval_days,
                "ease": r.ease,
                "repetitions": r.repetitions,
            }
            for r in c.execute(query)
        ]
    if part == "votes":
        v = schema.faq_votes
        return [
            {"entry_id": r.entry_id, "up": r.up, "at": utc(r.created_at)}
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
                "at": utc(r.created_at),
            }
            for r in c.execute(select(f).where(f.c.user_id == user_id).order_by(f.c.id))
        ]
    raise ValueError(f"unknown history part {part!r}")


def export_rows(c: Connection, user_id: str) -> dict[str, Any]:
    """Every row about the user, table by table (each in key order), as JSON-ready data."""
    out: dict[str, Any] = {}
    for table in schema.USER_TABLES:
        query = select(table).where(table.c.user_id == user_id)
        rows = c.execute(query.order_by(*table.primary_key.columns)).all()
        out[table.name] = [
            {k: _jsonable(v) for k, v in row._mapping.items() if k != "user_id"} for row in rows
        ]
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return utc(value).isoformat()  # type: ignore[union-attr]
    return value


def unanswered(c: Connection, since: dt.datetime) -> list[dict[str, Any]]:
    f = schema.faq_log
    rows = c.execute(
        select(f.c.query, f.c.status, f.c.score, f.c.created_at)
        .where(f.c.created_at >= since)
        .where(f.c.status.not_in(("answer", "outside")))
        .where(f.c.query.is_not(None))
        .order_by(f.c.created_at, f.c.id)
    ).all()
    return [
        {"query": r.query, "status": r.status, "score": r.score, "at": utc(r.created_at)}
        for r in rows
    ]


def down_votes(c: Connection, since: dt.datetime) -> list[dict[str, Any]]:
    """Entries voted down, most down votes first (then by id)."""
    v = schema.faq_votes
    rows = c.execute(
        select(v.c.entry_id, v.c.up, func.count().label("n"))
        .where(v.c.created_at >= since)
        .group_by(v.c.entry_id, v.c.up)
    ).all()
    counts: dict[str, dict[str, int]] = {}
    for r in rows:
        counts.setdefault(r.entry_id, {"up": 0, "down": 0})["up" if r.up else "down"] += r.n
    return [
        {"entry_id": entry, **n}
        for entry, n in sorted(counts.items(), key=lambda item: (-item[1]["down"], item[0]))
        if n["down"]
    ]


def stats(c: Connection, since: dt.datetime) -> dict[str, Any]:
    def count(table: Any, *where: Any) -> int:
        return c.execute(select(func.count()).select_from(table).where(*where)).scalar_one()

    f = schema.faq_log
    asked = count(f, f.c.created_at >= since)
    answered = count(f, f.c.created_at >= since, f.c.status == "answer")
    active = select(func.count(func.distinct(f.c.user_id))).where(f.c.created_at >= since)
    return {
        "users": count(schema.users),
        "active_users": c.execute(active).scalar_one() + 0,
        "sessions": count(schema.sessions, schema.sessions.c.started_at >= since),
        "answers_scored": count(schema.answers, schema.answers.c.created_at >= since),
        "questions_asked": asked,
        "answer_rate": round(answered / asked, 3) if asked else None,
    }


def reminders(c: Connection) -> list[dict[str, Any]]:
    r = schema.reminders
    rows = c.execute(select(r).where(r.c.enabled.is_(True)).order_by(r.c.user_id)).all()
    return [
        {"user_id": x.user_id, "time": x.time_local, "utc_offset_minutes": x.utc_offset_minutes}
        for x in rows
    ]


def rows_about(c: Connection, user_id: str) -> int:
    """How many rows in any table mention the user (0 after /deletemydata)."""
    return sum(
        c.execute(
            select(func.count()).select_from(table).where(table.c.user_id == user_id)
        ).scalar_one()
        for table in schema.USER_TABLES
    )
