"""One event of one user in one transaction: claim the update, load and save the state, and
write what the core recorded, each record mapped to its rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, update

from bot.core import records as rec
from bot.store import reading, schema
from bot.store.statements import HotPath, Prepared, Statements

# whom the processed update ids of a user who deleted their data belong to: nobody
FORGOTTEN = ""


class UserUnit:
    """Everything written for one event of one user, in one transaction."""

    def __init__(
        self,
        statements: Statements,
        hot_path: HotPath | None,
        connection: Connection,
        user_id: str,
    ) -> None:
        self._s = statements
        self._hot = hot_path
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
        if self._hot is not None:
            prepared: Prepared = getattr(self._hot, name)
            return prepared.run(self._c, params)
        result = self._c.execute(getattr(self._s, name), params)
        return result.first() if result.returns_rows else None

    def history(self) -> rec.History:
        """The user's past, each part read on first use within this transaction."""
        c, user = self._c, self.user_id
        return rec.History(lambda part: reading.history_part(c, user, part))

    def export(self) -> dict[str, Any]:
        return reading.export_rows(self._c, self.user_id)

    def write(self, records: Sequence[rec.Record], now: dt.datetime) -> None:
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
                    forget(c, user)
                case _:
                    raise TypeError(f"unknown record {type(record).__name__}")


def forget(connection: Connection, user_id: str) -> None:
    for table in schema.USER_TABLES:
        if table is schema.processed_updates:
            # the update ids stay, no longer the user's: a re-delivered update (the delete
            # itself, or one before it) is still skipped instead of storing the user again
            connection.execute(
                update(table).where(table.c.user_id == user_id).values(user_id=FORGOTTEN)
            )
            continue
        connection.execute(delete(table).where(table.c.user_id == user_id))
