"""The roadmap as loaded: each cycle's milestones with their dates resolved, the flags, and every
problem found (bot.roadmap.rules loads it; bot.roadmap.plan reads it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from bot.content.files import ContentProblem
from bot.roadmap.schema import FlagRule, MilestoneRule


@dataclass(frozen=True)
class When:
    """A milestone's date as resolved for its cycle (the same for every user)."""

    date: dt.date | None
    # announced: on the primary source; reported: by secondary sources; expected: derived by
    # a pattern, not yet announced; derived: set relative to another milestone (a deadline)
    certainty: Literal["announced", "reported", "expected", "derived", "undated"]
    display: str  # "3 June 2026", "late November 2026"
    basis: str | None = None  # the rule, in words
    approx: bool = False  # derived from a date that is itself not announced
    end: When | None = None

    @property
    def firm(self) -> bool:
        return self.certainty == "announced" or (self.certainty == "derived" and not self.approx)


@dataclass
class Cycle:
    year: int
    file: str
    reviewed: dt.date
    milestones: list[MilestoneRule]
    dates: dict[str, When] = field(default_factory=dict)

    def get(self, milestone_id: str) -> MilestoneRule | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)

    def gate(self, region: str) -> MilestoneRule | None:
        return next((m for m in self.milestones if m.gate and m.region == region), None)


@dataclass
class RoadmapRules:
    cycles: dict[int, Cycle] = field(default_factory=dict)
    flags: list[FlagRule] = field(default_factory=list)
    flags_file: str = "content/roadmap/flags.yaml"
    problems: list[ContentProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems
