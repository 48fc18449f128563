"""Facts the dialog core asks the store to keep, besides the user's state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class History:
    """What the core may read about a user's past, loaded by the store on demand."""

    answers: list[dict[str, object]] = field(default_factory=list)
    sessions: list[dict[str, object]] = field(default_factory=list)
    schedule: list[dict[str, object]] = field(default_factory=list)
    votes: list[dict[str, object]] = field(default_factory=list)
    faq: list[dict[str, object]] = field(default_factory=list)
