"""What the store keeps of a user's roadmap: the answers, the question on screen, reminders, and
the plan as last shown (to say what changed). Part of the user's state (bot.core.state)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Question = Literal["country", "year", "grad", "status", "exams", "specialty"]
QUESTIONS: tuple[Question, ...] = ("country", "year", "grad", "status", "exams", "specialty")


class RoadmapAnswers(BaseModel):
    """The country lives in the profile (Profile.country), shared with /profile and the FAQ."""

    model_config = ConfigDict(extra="ignore")

    match_year: int | None = None
    grad_year: int | None = None
    status: str | None = None
    wants_h1b: bool = False
    done: list[str] = Field(default_factory=list)
    specialty: str | None = None  # typed, when not one of the bank's specialties (the profile's)
    skipped: list[Question] = Field(default_factory=list)


class Seen(BaseModel):
    """The plan as last shown: milestone id -> [ISO date or None, status, firm date]."""

    on: dt.date
    cycle: int
    milestones: dict[str, list] = Field(default_factory=dict)
    titles: dict[str, str] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)


class Change(BaseModel):
    kind: Literal["new", "gone", "date", "status", "confirmed", "flag", "flag-gone", "cycle"]
    title: str
    before: str | None = None
    after: str | None = None


class RoadmapState(BaseModel):
    model_config = ConfigDict(extra="ignore")

    answers: RoadmapAnswers = Field(default_factory=RoadmapAnswers)
    asking: Question | None = None
    editing: bool = False  # one question asked again from the answers screen
    picked: list[str] = Field(default_factory=list)  # the exams ticked so far
    complete: bool = False  # the questions were gone through once
    reminders: bool = False
    seen: Seen | None = None
    changes: list[Change] = Field(default_factory=list)  # shown on page 1 until the next /roadmap
    changes_since: dt.date | None = None
