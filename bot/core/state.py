"""One user's dialog state: what the store keeps between events (JSON via pydantic)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.roadmap.state import RoadmapState

AnswerStatus = Literal["asking", "answering", "feedback"]


class QuestionResult(BaseModel):
    question_id: str
    best: int | None = None  # best score over attempts; None when skipped
    attempts: int = 0
    missed: list[str] = Field(default_factory=list)  # checklist item labels missed on the best try


class InterviewSession(BaseModel):
    id: str
    track: str
    question_ids: list[str]
    position: int = 0
    status: AnswerStatus = "asking"
    parts: list[str] = Field(default_factory=list)
    results: list[QuestionResult] = Field(default_factory=list)
    practice: bool = False  # picked by spaced repetition (/practice)

    @property
    def current_id(self) -> str:
        return self.question_ids[self.position]

    def result_for(self, question_id: str) -> QuestionResult:
        for result in self.results:
            if result.question_id == question_id:
                return result
        result = QuestionResult(question_id=question_id)
        self.results.append(result)
        return result


class Profile(BaseModel):
    specialty: str | None = None
    country: Literal["us", "canada", "both"] | None = None


class Reminder(BaseModel):
    time: str | None = None  # "HH:MM" in the user's time zone
    utc_offset_minutes: int | None = None
    enabled: bool = False


# The question the bot waits on an answer to (see bot.core.pending: each can be left)
Pending = Literal[
    "track",
    "specialty",
    "length",
    "timezone",
    "remind-time",
    "confirm-delete",
    "profile-specialty",
    "profile-country",
    "roadmap",
]


class UserState(BaseModel):
    model_config = ConfigDict(extra="ignore")

    version: int = 1
    # bumped whenever the bot shows buttons that depend on this state; a press carrying an
    # older step comes from an old message and is answered as expired
    step: int = 0
    interview: InterviewSession | None = None
    pending: Pending | None = None
    pending_track: str | None = None
    profile: Profile = Field(default_factory=Profile)
    reminder: Reminder = Field(default_factory=Reminder)
    roadmap: RoadmapState = Field(default_factory=RoadmapState)
    voted: list[str] = Field(default_factory=list)  # FAQ ids the user already rated (recent)
    seen_welcome: bool = False

    def bump(self) -> int:
        self.step += 1
        return self.step
