"""What a match gives back: the status (answer, clarify or none), the entry, the score, and the
entries offered when the bot asks "did you mean…"."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["answer", "clarify", "none"]


@dataclass(frozen=True)
class Candidate:
    id: str
    question: str
    score: int  # 0..100


@dataclass(frozen=True)
class MatchResult:
    status: Status
    id: str | None
    score: int
    candidates: list[Candidate] = field(default_factory=list)
    declined_topic: str | None = None  # label of an out-of-scope subject, when that was the match
    # the one region the question named, when the knowledge base has nothing for it there
    missing_region: str | None = None
    # nothing in the knowledge base is even close: a question about something else entirely
    outside: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "id": self.id,
            "score": self.score,
            "candidates": [
                {"id": c.id, "question": c.question, "score": c.score} for c in self.candidates
            ],
        }


def percent(score: float) -> int:
    return max(0, min(100, round(score * 100)))
