"""The schema of content/roadmap/*.yaml: one file per Match year (`cycle: 2028`) lists
milestones, each with a date (announced or reported), a rule that derives it (relative to another
milestone, a weekday pattern, the same milestone in another cycle, or a part of a month), or no
date at all; `flags.yaml` lists the warnings a plan can carry and the conditions that raise them.

Loaded by bot.roadmap.rules; the dates are derived in bot.roadmap.dates.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=30)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)]
Url = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]
Exam = Literal["step1", "step2ck", "step3", "oet", "mccqe1", "nac"]
Status = Literal["us-citizen", "us-green-card", "needs-visa", "ca-citizen", "ca-pr", "none"]
Country = Literal["us", "ca", "both"]
Region = Literal["us", "ca"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

EXAMS: tuple[str, ...] = ("step1", "step2ck", "step3", "oet", "mccqe1", "nac")
WHY_MAX = 200
FLAG_VARIABLES = frozenset({"years", "match_year", "grad_year", "specialty"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict):
    """How an unannounced date is derived. Exactly one form:
    after/before (+ days or weeks): relative to another milestone of the same cycle;
    nth + weekday + month: e.g. the third Friday of March;
    like + cycle (+ weeks or years): the same milestone in another cycle, shifted;
    period + month: early, mid or late in a month, or the month as a whole."""

    after: Slug | None = None
    before: Slug | None = None
    days: int | None = Field(default=None, ge=0, le=800)
    weeks: int | None = Field(default=None, ge=0, le=160)
    years: int | None = Field(default=None, ge=1, le=3)
    nth: Literal[1, 2, 3, 4, 5, -1] | None = None
    weekday: Weekday | None = None
    month: int | None = Field(default=None, ge=1, le=12)
    year_offset: int = Field(default=0, ge=-2, le=0)  # the calendar year is the cycle's plus this
    like: Slug | None = None
    cycle: int | None = Field(default=None, ge=2000, le=2100)
    period: Literal["early", "mid", "late", "month"] | None = None
    note: Text | None = None  # why the rule holds ("as in the 2024-2026 Matches")

    @model_validator(mode="after")
    def _one_form(self) -> Rule:
        forms = {
            "after/before": self.after is not None or self.before is not None,
            "nth weekday": self.nth is not None or self.weekday is not None,
            "like": self.like is not None,
            "period": self.period is not None,
        }
        chosen = [name for name, used in forms.items() if used]
        if len(chosen) != 1:
            raise ValueError(
                "a rule needs exactly one of: after/before, nth+weekday+month, like+cycle, "
                f"period+month (found {', '.join(chosen) or 'none'})"
            )
        form = chosen[0]
        if form == "after/before":
            if (self.after is None) == (self.before is None):
                raise ValueError("give either after or before, not both")
            if (self.days is None) == (self.weeks is None):
                raise ValueError("a relative rule needs days or weeks (one of them)")
        elif form == "nth weekday" and (
            self.nth is None or self.weekday is None or self.month is None
        ):
            raise ValueError("a weekday rule needs nth, weekday and month")
        elif form == "like":
            if self.cycle is None or (self.weeks is None) == (self.years is None):
                raise ValueError("a like rule needs cycle and one of weeks or years")
        elif form == "period" and self.month is None:
            raise ValueError("a period rule needs month")
        return self

    def anchor(self) -> str | None:
        return self.after or self.before


class DateSpec(_Strict):
    date: dt.date | None = None
    confirmed: Literal["announced", "reported"] = "announced"
    rule: Rule | None = None

    @model_validator(mode="after")
    def _date_or_rule(self) -> DateSpec:
        if (self.date is None) == (self.rule is None):
            raise ValueError("give a date or a rule (one of them)")
        return self


class Conditions(_Strict):
    """All given conditions must hold; one about an answer the user skipped does not."""

    country: list[Country] | None = None
    us_status: list[Status] | None = None
    ca_status: list[Status] | None = None
    wants_h1b: bool | None = None
    missing: list[Exam] | None = None  # every one not done
    done: list[Exam] | None = None  # every one done
    specialty: list[Slug] | None = None
    years_since_graduation_at_least: int | None = Field(default=None, ge=1, le=60)
    graduates_after_match: bool | None = None
    late: Slug | None = None  # flags only: the milestone's date has passed and it is not done


class MilestoneRule(_Strict):
    id: Slug
    title: Text
    short: Text | None = None  # how a rule names it: "4 weeks before <short>"
    region: Region
    kind: Literal["event", "task", "exam"]
    exam: Exam | None = None
    date: dt.date | None = None
    confirmed: Literal["announced", "reported"] = "announced"
    rule: Rule | None = None
    undated: Text | None = None  # said instead of a date ("before you apply")
    until: DateSpec | None = None  # the end of a window (interview season)
    timing: Literal["by", "from", "on"] | None = None
    gate: bool = False  # the step that decides whether this cycle can still be met
    when: Conditions = Field(default_factory=Conditions)
    implied_by: list[Exam] = Field(default_factory=list)
    needs: list[Slug] = Field(default_factory=list)
    follows: list[Slug] = Field(default_factory=list)
    lead_days: int | None = Field(default=None, ge=1, le=365)
    why: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=WHY_MAX)]
    source: Url
    reviewed: dt.date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> MilestoneRule:
        given = [n for n in ("date", "rule", "undated") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of date, rule, undated (found {given or 'none'})")
        if (self.kind == "exam") != (self.exam is not None):
            raise ValueError("an exam milestone names its exam, and only an exam milestone does")
        if self.when.late is not None:
            raise ValueError("'late' is a condition for flags, not milestones")
        if self.until is not None and self.undated is not None:
            raise ValueError("an undated milestone has no end")
        return self

    @property
    def name(self) -> str:
        if self.short:
            return self.short
        plain_word = self.title[1:2].islower()  # "Interview season", not "USMLE Step 1"
        return self.title[0].lower() + self.title[1:] if plain_word else self.title

    @property
    def ordering(self) -> list[str]:
        """Milestones this one comes on or after."""
        found = list(self.follows)
        if self.rule is not None and self.rule.after:
            found.append(self.rule.after)
        return found


class CycleFile(_Strict):
    cycle: int = Field(ge=2000, le=2100)
    reviewed: dt.date
    milestones: list[dict] = Field(min_length=1)  # validated one by one, to name each problem


class FlagRule(_Strict):
    id: Slug
    region: Literal["us", "ca", "any"]
    when: Conditions = Field(default_factory=Conditions)
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=600)]
    source: Url
    reviewed: dt.date


class FlagsFile(_Strict):
    flags: list[dict] = Field(min_length=1)
