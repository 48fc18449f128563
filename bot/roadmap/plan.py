"""The plan builder: one user's answers and today's date -> dated milestones with status, and flags.

Pure: no clock, no store, no Telegram. Statuses:
- done: the user has done it (an exam they passed, or a step those exams prove), or it is an
  event that has already happened;
- missed: its date has passed and the user has not done it (a task or an exam);
- at_risk: still ahead, but a step it needs is missed or at risk, or less time is left than
  it usually takes (`lead_days`);
- next: what comes first among the rest (an ongoing window, like interview season, too);
- later: everything after that. Undated milestones come last and are never "next".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from bot.roadmap.cycles import Cycle, RoadmapRules, When
from bot.roadmap.dates import format_date
from bot.roadmap.schema import EXAMS, Conditions, MilestoneRule

COUNTRIES = ("us", "ca", "both")
STATUSES = ("us-citizen", "us-green-card", "needs-visa", "ca-citizen", "ca-pr", "none")
US_STATUSES = ("us-citizen", "us-green-card", "needs-visa")
CA_STATUSES = ("ca-citizen", "ca-pr", "none")
MILESTONE_STATUSES = ("done", "next", "later", "at_risk", "missed")
_PLACEHOLDER = re.compile(r"\{([a-z0-9_-]+)\}")


class UnknownCycle(ValueError):
    """No roadmap for the Match year asked for."""


def specialty_slug(name: str | None) -> str | None:
    if not name:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:40] or None


@dataclass(frozen=True)
class Answers:
    """The six answers (any may be skipped: None), plus whether an H-1B is the aim."""

    country: str | None = None  # us | ca | both
    match_year: int | None = None
    grad_year: int | None = None
    status: str | None = None
    done: frozenset[str] = frozenset()
    specialty: str | None = None  # a slug: internal-medicine, dermatology...
    wants_h1b: bool = False

    @property
    def us_status(self) -> str | None:
        """The status that decides the US steps: another country's status needs a US visa."""
        if self.status is None:
            return None
        return self.status if self.status in US_STATUSES else "needs-visa"

    @property
    def ca_status(self) -> str | None:
        """For Canada, only a Canadian citizen or permanent resident can enter the R-1 match."""
        if self.status is None:
            return None
        return self.status if self.status in CA_STATUSES else "none"


@dataclass(frozen=True)
class Milestone:
    id: str
    title: str
    date: dt.date | None
    date_text: str
    status: str
    source: str
    why: str
    region: str
    kind: str
    end: dt.date | None = None
    certainty: str = "announced"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "date_text": self.date_text,
            "status": self.status,
            "source": self.source,
        }


@dataclass(frozen=True)
class Flag:
    id: str
    text: str
    source: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "source": self.source}


@dataclass(frozen=True)
class Plan:
    cycle: int
    country: str
    today: dt.date
    answers: Answers
    milestones: tuple[Milestone, ...] = ()
    flags: tuple[Flag, ...] = ()
    done_exams: frozenset[str] = field(default_factory=frozenset)

    def as_json(self) -> dict[str, Any]:
        return {
            "milestones": [m.as_json() for m in self.milestones],
            "flags": [f.as_json() for f in self.flags],
        }

    def get(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)


# --- choosing the cycle ---------------------------------------------------------------------


def regions_of(country: str | None) -> tuple[str, ...]:
    return {"us": ("us",), "ca": ("ca",)}.get(country or "both", ("us", "ca"))


def can_still_join(cycle: Cycle, country: str | None, today: dt.date) -> bool:
    """True while every chosen country's gate (applications going out) is still ahead."""
    for region in regions_of(country):
        gate = cycle.gate(region)
        when = cycle.dates.get(gate.id) if gate else None
        if when is not None and when.date is not None and when.date < today:
            return False
    return True


def default_year(rules: RoadmapRules, country: str | None, today: dt.date) -> int:
    """The next Match that can still be met; the last one known if none can."""
    years = sorted(rules.cycles)
    if not years:
        raise UnknownCycle("there is no roadmap in content/roadmap/")
    for year in years:
        if can_still_join(rules.cycles[year], country, today):
            return year
    return years[-1]


# --- the plan -------------------------------------------------------------------------------


def build_plan(rules: RoadmapRules, answers: Answers, today: dt.date) -> Plan:
    country = answers.country if answers.country in COUNTRIES else "both"
    year = answers.match_year or default_year(rules, country, today)
    cycle = rules.cycles.get(year)
    if cycle is None:
        known = ", ".join(str(y) for y in sorted(rules.cycles)) or "none"
        raise UnknownCycle(f"no roadmap for the {year} Match (known: {known})")
    answers = _with(answers, country=country, match_year=year)
    regions = regions_of(country)
    chosen = [
        m
        for m in cycle.milestones
        if m.region in regions and _holds(m.when, answers, frozenset(), {})
    ]
    done_exams = _done_exams(chosen, answers.done)
    statuses = _statuses(chosen, cycle, done_exams, today)
    order = {m.id: index for index, m in enumerate(cycle.milestones)}
    far = dt.date.max

    def sort_key(m: MilestoneRule) -> tuple[dt.date, int]:
        when = cycle.dates[m.id]
        return (when.date or far, order[m.id])

    milestones = tuple(
        Milestone(
            id=m.id,
            title=m.title,
            date=cycle.dates[m.id].date,
            date_text=date_text(m, cycle.dates[m.id]),
            status=statuses[m.id],
            source=m.source,
            why=m.why,
            region=m.region,
            kind=m.kind,
            end=cycle.dates[m.id].end.date if cycle.dates[m.id].end else None,
            certainty=cycle.dates[m.id].certainty,
        )
        for m in sorted(chosen, key=sort_key)
    )
    late = {m.id for m in milestones if is_late(m, today)}
    flags = tuple(
        Flag(flag.id, _fill(flag.text, answers, cycle), flag.source)
        for flag in rules.flags
        if (flag.region == "any" or flag.region in regions)
        and _holds(flag.when, answers, done_exams, {m.id: m.id in late for m in milestones})
    )
    return Plan(year, country, today, answers, milestones, flags, done_exams)


def is_late(milestone: Milestone, today: dt.date) -> bool:
    """Its date has passed and the user has not done it."""
    return (
        milestone.date is not None and milestone.date < today and milestone.status != "done"
    ) or milestone.status == "missed"


def _with(answers: Answers, **changes: Any) -> Answers:
    return Answers(**{**answers.__dict__, **changes})


def _done_exams(chosen: list[MilestoneRule], done: frozenset[str]) -> frozenset[str]:
    """The exams passed, with those another passed exam proves (Step 3 needs Steps 1 and 2 CK
    and ECFMG certification, so it proves them)."""
    found = set(done) & set(EXAMS)
    for m in chosen:
        if m.exam is not None and any(e in found for e in m.implied_by):
            found.add(m.exam)
    return frozenset(found)


def _statuses(
    chosen: list[MilestoneRule], cycle: Cycle, done_exams: frozenset[str], today: dt.date
) -> dict[str, str]:
    by_id = {m.id: m for m in chosen}
    status: dict[str, str] = {}

    def settle(m: MilestoneRule) -> str:
        if m.id in status:
            return status[m.id]
        status[m.id] = "later"  # a guard; content check refuses loops in `needs`
        when = cycle.dates[m.id]
        if (m.exam is not None and m.exam in done_exams) or any(
            e in done_exams for e in m.implied_by
        ):
            result = "done"
        elif when.date is not None and _over(when, today):
            result = "done" if m.kind == "event" else "missed"
        elif when.date is not None and when.date < today and m.kind == "event":
            result = "ahead"  # an ongoing window
        else:
            needed = [settle(by_id[n]) for n in m.needs if n in by_id]
            behind = any(s in ("missed", "at_risk") for s in needed)
            short = (
                m.lead_days is not None
                and when.date is not None
                and (when.date - today).days < m.lead_days
            )
            result = "at_risk" if behind or short else "ahead"
        status[m.id] = result
        return result

    for m in chosen:
        settle(m)
    ahead = [m for m in chosen if status[m.id] == "ahead" and cycle.dates[m.id].date is not None]
    ongoing = [m for m in ahead if cycle.dates[m.id].date <= today]  # type: ignore[operator]
    upcoming = [m for m in ahead if m not in ongoing]
    first = min((cycle.dates[m.id].date for m in upcoming), default=None)
    for m in chosen:
        if status[m.id] == "ahead":
            is_next = m in ongoing or (first is not None and cycle.dates[m.id].date == first)
            status[m.id] = "next" if is_next else "later"
    return status


def _over(when: When, today: dt.date) -> bool:
    last = when.end.date if when.end is not None and when.end.date is not None else when.date
    return last is not None and last < today


def _holds(
    when: Conditions, answers: Answers, done_exams: frozenset[str], late: dict[str, bool]
) -> bool:
    done = done_exams or frozenset(answers.done)
    checks: list[bool] = []
    if when.country is not None:
        checks.append(answers.country in when.country)
    if when.us_status is not None:
        checks.append(answers.us_status in when.us_status)
    if when.ca_status is not None:
        checks.append(answers.ca_status in when.ca_status)
    if when.wants_h1b is not None:
        checks.append(answers.wants_h1b == when.wants_h1b)
    if when.missing is not None:
        checks.append(all(e not in done for e in when.missing))
    if when.done is not None:
        checks.append(all(e in done for e in when.done))
    if when.specialty is not None:
        checks.append(specialty_slug(answers.specialty) in when.specialty)
    if when.years_since_graduation_at_least is not None:
        years = _years_since(answers)
        checks.append(years is not None and years >= when.years_since_graduation_at_least)
    if when.graduates_after_match is not None:
        after = (
            answers.grad_year is not None
            and answers.match_year is not None
            and answers.grad_year > answers.match_year
        )
        checks.append(answers.grad_year is not None and after == when.graduates_after_match)
    if when.late is not None:
        checks.append(late.get(when.late, False))
    return all(checks)


def _years_since(answers: Answers) -> int | None:
    if answers.grad_year is None or answers.match_year is None:
        return None
    return answers.match_year - answers.grad_year


def _fill(text: str, answers: Answers, cycle: Cycle) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "years":
            return str(_years_since(answers))
        if name == "match_year":
            return str(answers.match_year)
        if name == "grad_year":
            return str(answers.grad_year)
        if name == "specialty":
            return (answers.specialty or "").replace("-", " ").capitalize()
        when = cycle.dates.get(name)
        if when is None:
            return name
        return (
            when.display if when.firm or when.certainty == "reported" else f"about {when.display}"
        )

    return _PLACEHOLDER.sub(value, text)


# --- how a date is said ------------------------------------------------------------------


def date_text(milestone: MilestoneRule, when: When) -> str:
    """ "3 June 2026", "expected around 19 March 2027 (the third Friday of March…; not yet
    announced)", "by about 4 August 2027 (4 weeks before submission day)"."""
    if when.date is None:
        return when.display
    if when.end is not None:
        start = when.display
        if when.date.year == when.end.date.year and not start[:1].isdigit():  # type: ignore[union-attr]
            start = start.rsplit(" ", 1)[0]  # "January to February 2027"
        span = f"{start} to {when.end.display}"
        firm = when.certainty == "announced" and when.end.certainty == "announced"
        return span if firm else f"expected {span} ({when.basis or when.end.basis})"
    timing = milestone.timing or ("on" if milestone.kind == "event" else "by")
    day_precise = when.display[:1].isdigit()
    if when.certainty == "announced":
        return when.display if milestone.kind == "event" else f"{timing} {when.display}"
    if when.certainty == "reported":
        said = when.display if milestone.kind == "event" else f"{timing} {when.display}"
        return f"{said} (reported by guides; not yet on the official page)"
    if when.certainty == "expected":
        if milestone.kind == "event":
            lead = "expected around" if day_precise else "expected in"
            return f"{lead} {when.display} ({when.basis})"
        return f"{timing} {when.display} (expected: {when.basis})"
    about = "about " if when.approx else ""
    return f"{timing} {about}{when.display} ({when.basis})"


def short_date(day: dt.date | None) -> str:
    return format_date(day) if day else "no date"
