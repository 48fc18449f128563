"""What the dialog core asks to keep besides the user's state, and what it reads back.

These are the core's own types: the store (bot.store) maps each record to its rows and
answers a `Reader`; the core never sees a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class FaqAsked:
    """A question typed to the FAQ. The text is kept only when the bot could not answer."""

    query: str | None
    status: str
    entry_id: str | None
    score: int


@dataclass(frozen=True)
class FaqVote:
    entry_id: str
    up: bool


@dataclass(frozen=True)
class SessionStarted:
    session_id: str
    track: str
    questions: int


@dataclass(frozen=True)
class AnswerScored:
    session_id: str
    question_id: str
    kind: str
    score: int
    met: list[str]
    missed: list[str]
    red_flags: list[str]
    words: int


@dataclass(frozen=True)
class SessionEnded:
    session_id: str
    answered: int
    average: int | None


@dataclass(frozen=True)
class PracticeScheduled:
    """Spaced repetition: when this question comes back for this user."""

    question_id: str
    due: dt.datetime
    interval_days: float
    ease: float
    repetitions: int


@dataclass(frozen=True)
class ReminderChanged:
    enabled: bool
    time: str | None = None  # "HH:MM" local
    utc_offset_minutes: int | None = None


@dataclass(frozen=True)
class ForgetUser:
    """Delete every row about the user (the state itself is deleted too)."""


Record = (
    FaqAsked
    | FaqVote
    | SessionStarted
    | AnswerScored
    | SessionEnded
    | PracticeScheduled
    | ReminderChanged
    | ForgetUser
)

Rows = list[dict[str, Any]]
HISTORY_PARTS = ("answers", "sessions", "schedule", "votes", "faq")


class History:
    """What the core may read about a user's past; each part is read from the store when
    first used, so a turn that needs only the schedule reads one table."""

    def __init__(self, load: Callable[[str], Rows] | None = None, **parts: Rows) -> None:
        self._load = load
        self._parts: dict[str, Rows] = dict(parts)

    def _part(self, name: str) -> Rows:
        if name not in self._parts:
            self._parts[name] = self._load(name) if self._load else []
        return self._parts[name]

    @property
    def answers(self) -> Rows:
        return self._part("answers")

    @property
    def sessions(self) -> Rows:
        return self._part("sessions")

    @property
    def schedule(self) -> Rows:
        """Ordered by due time, then question id."""
        return self._part("schedule")

    @property
    def votes(self) -> Rows:
        return self._part("votes")

    @property
    def faq(self) -> Rows:
        return self._part("faq")


class Reader(Protocol):
    """Read access to what the store keeps about the user (and, for admins, everyone)."""

    def history(self) -> History: ...

    def export(self) -> dict[str, Any]: ...

    def stats(self, since: dt.datetime) -> dict[str, Any]: ...


class NoHistory:
    """A reader for callers without a store (one-off look-ups, tests of pure flows)."""

    def history(self) -> History:
        return History()

    def export(self) -> dict[str, Any]:
        return {}

    def stats(self, since: dt.datetime) -> dict[str, Any]:
        return {
            "users": 0,
            "active_users": 0,
            "sessions": 0,
            "answers_scored": 0,
            "questions_asked": 0,
            "answer_rate": None,
        }
