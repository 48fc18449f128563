"""content/roadmap/*.yaml: dated rules per cycle, their dates resolved, and what `content check` finds.

One file per Match year (`cycle: 2028`) lists milestones, each with a date (announced or
reported), a rule that derives it (relative to another milestone, a weekday pattern, the same
milestone in another cycle, or a part of a month), or no date at all. `flags.yaml` lists the
warnings a plan can carry and the conditions that raise them. A new cycle is a new file.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from bot.content.loader import ContentProblem, _field_path, _read_yaml, _relative

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
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_PERIOD_DAY = {"early": 1, "mid": 11, "late": 21, "month": 1}
_PLACEHOLDER = re.compile(r"\{([a-z0-9_-]+)\}")
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


# --- resolved dates -----------------------------------------------------------------------


def format_date(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


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


# --- loading ----------------------------------------------------------------------------------


def load_roadmap(content_dir: Path, problems: list[ContentProblem] | None = None) -> RoadmapRules:
    """Load content/roadmap/; every problem is recorded (in `problems` too, when given)."""
    rules = RoadmapRules()
    folder = content_dir / "roadmap"
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            rel = _relative(path, content_dir)
            data = _read_yaml(path, content_dir, rules.problems)
            if data is None:
                continue
            if path.stem == "flags":
                rules.flags_file = rel
                rules.flags = _load_flags(data, rel, rules.problems)
            else:
                _load_cycle(data, path, rel, rules)
        _resolve_all(rules)
        _check_flags(rules)
    if problems is not None:
        problems.extend(rules.problems)
    return rules


def _validated(
    model: type[BaseModel], raw: object, rel: str, entry: str | None, out: list
) -> object:
    try:
        return model.model_validate(raw)
    except Exception as exc:  # pydantic's ValidationError: one problem per error
        errors = getattr(exc, "errors", None)
        if errors is None:
            out.append(ContentProblem(rel, entry, None, str(exc)))
            return None
        for err in errors():
            message = err["msg"].removeprefix("Value error, ")
            out.append(ContentProblem(rel, entry, _field_path(err["loc"]) or None, message))
        return None


def _entry_label(raw: object, index: int) -> str:
    return str(raw["id"]) if isinstance(raw, dict) and raw.get("id") else f"#{index + 1}"


def _load_cycle(data: object, path: Path, rel: str, rules: RoadmapRules) -> None:
    problems = rules.problems
    parsed = _validated(CycleFile, data, rel, None, problems)
    if not isinstance(parsed, CycleFile):
        return
    if path.stem != str(parsed.cycle):
        problems.append(
            ContentProblem(
                rel,
                None,
                "cycle",
                f"the file is named {path.stem} but says cycle "
                f"{parsed.cycle}: name it {parsed.cycle}.yaml",
            )
        )
    if parsed.cycle in rules.cycles:
        problems.append(
            ContentProblem(rel, None, "cycle", f"cycle {parsed.cycle} is defined twice")
        )
        return
    milestones: list[MilestoneRule] = []
    seen: set[str] = set()
    for index, raw in enumerate(parsed.milestones):
        label = _entry_label(raw, index)
        milestone = _validated(MilestoneRule, raw, rel, label, problems)
        if not isinstance(milestone, MilestoneRule):
            continue
        if milestone.id in seen:
            problems.append(ContentProblem(rel, milestone.id, "id", "duplicate id"))
            continue
        seen.add(milestone.id)
        if milestone.reviewed is None:
            milestone = milestone.model_copy(update={"reviewed": parsed.reviewed})
        milestones.append(milestone)
    rules.cycles[parsed.cycle] = Cycle(parsed.cycle, rel, parsed.reviewed, milestones)


def _load_flags(data: object, rel: str, problems: list[ContentProblem]) -> list[FlagRule]:
    parsed = _validated(FlagsFile, data, rel, None, problems)
    if not isinstance(parsed, FlagsFile):
        return []
    flags: list[FlagRule] = []
    for index, raw in enumerate(parsed.flags):
        flag = _validated(FlagRule, raw, rel, _entry_label(raw, index), problems)
        if isinstance(flag, FlagRule):
            if any(f.id == flag.id for f in flags):
                problems.append(ContentProblem(rel, flag.id, "id", "duplicate id"))
                continue
            flags.append(flag)
    return flags


# --- resolving dates ------------------------------------------------------------------------


class _Broken(Exception):
    """A rule that cannot be resolved; the message says why."""

    def __init__(self, message: str, field_name: str = "rule") -> None:
        super().__init__(message)
        self.field_name = field_name


def _resolve_all(rules: RoadmapRules) -> None:
    today = dt.date.today()
    for year in sorted(rules.cycles):
        cycle = rules.cycles[year]
        for milestone in cycle.milestones:
            try:
                _resolve(rules, cycle, milestone.id, ())
            except _Broken as exc:
                rules.problems.append(
                    ContentProblem(cycle.file, milestone.id, exc.field_name, str(exc))
                )
        _check_cycle(rules, cycle, today)


def _resolve(rules: RoadmapRules, cycle: Cycle, milestone_id: str, path: tuple[str, ...]) -> When:
    key = f"{cycle.year}:{milestone_id}"
    if milestone_id in cycle.dates:
        return cycle.dates[milestone_id]
    if key in path:
        loop = " -> ".join(p.split(":", 1)[1] for p in (*path[path.index(key) :], key))
        raise _Broken(f"broken dependency: the rules go round in a loop ({loop})")
    milestone = cycle.get(milestone_id)
    if milestone is None:
        raise _Broken(f"unknown event '{milestone_id}' in cycle {cycle.year}")
    path = (*path, key)
    if milestone.undated is not None:
        when = When(None, "undated", milestone.undated)
    else:
        spec = DateSpec(date=milestone.date, confirmed=milestone.confirmed, rule=milestone.rule)
        when = _resolve_spec(rules, cycle, spec, milestone.kind, path)
        if milestone.until is not None:
            end = _resolve_spec(rules, cycle, milestone.until, milestone.kind, path, end=True)
            when = When(when.date, when.certainty, when.display, when.basis, when.approx, end)
    cycle.dates[milestone_id] = when
    return when


def _resolve_spec(
    rules: RoadmapRules,
    cycle: Cycle,
    spec: DateSpec,
    kind: str,
    path: tuple[str, ...],
    *,
    end: bool = False,
) -> When:
    """`end`: the date closes a window, so a part of a month stands for its last day."""
    if spec.date is not None:
        return When(spec.date, spec.confirmed, format_date(spec.date))
    rule = spec.rule
    assert rule is not None
    note = f", {rule.note}" if rule.note else ""
    anchor_id = rule.anchor()
    if anchor_id is not None:
        anchor = _resolve(rules, cycle, anchor_id, path)
        anchor_rule = cycle.get(anchor_id)
        if anchor.date is None:
            raise _Broken(f"broken dependency: '{anchor_id}' has no date to count from")
        span = dt.timedelta(days=rule.days if rule.days is not None else 7 * (rule.weeks or 0))
        day = anchor.date + span if rule.after else anchor.date - span
        words = _span_words(rule)
        name = anchor_rule.name if anchor_rule else anchor_id
        direction = "after" if rule.after else "before"
        basis = f"same day as {name}" if not words else f"{words} {direction} {name}"
        approx = not anchor.firm
        certainty = "expected" if kind == "event" and approx else "derived"
        return When(day, certainty, format_date(day), basis + note, approx)
    year = cycle.year + rule.year_offset
    if rule.nth is not None:
        assert rule.weekday is not None and rule.month is not None
        day = _nth_weekday(year, rule.month, _WEEKDAYS.index(rule.weekday), rule.nth)
        weekday = calendar.day_name[_WEEKDAYS.index(rule.weekday)]
        basis = f"the {_ORDINALS[rule.nth]} {weekday} of {calendar.month_name[rule.month]}"
        return When(day, "expected", format_date(day), basis + note)
    if rule.like is not None:
        assert rule.cycle is not None
        other = rules.cycles.get(rule.cycle)
        if other is None:
            raise _Broken(
                f"unknown cycle {rule.cycle}: there is no content/roadmap/{rule.cycle}.yaml"
            )
        base = _resolve(rules, other, rule.like, path)
        if base.date is None:
            raise _Broken(f"broken dependency: '{rule.like}' of cycle {rule.cycle} has no date")
        if rule.weeks is not None:
            day = base.date + dt.timedelta(weeks=rule.weeks)
            shift = f"{rule.weeks} weeks after"
        else:
            years = rule.years or 1
            day = _add_years(base.date, years)
            shift = "a year after" if years == 1 else f"{years} years after"
        basis = f"{shift} {base.display}, its date for the {rule.cycle} Match"
        return When(day, "expected", format_date(day), basis + note)
    assert rule.period is not None and rule.month is not None
    day = dt.date(year, rule.month, _PERIOD_DAY[rule.period])
    if end:
        last = calendar.monthrange(year, rule.month)[1]
        day = dt.date(year, rule.month, {"early": 10, "mid": 20}.get(rule.period, last))
    month = f"{calendar.month_name[rule.month]} {year}"
    display = month if rule.period == "month" else f"{rule.period} {month}"
    return When(day, "expected", display, (rule.note or "as in recent cycles"))


def _span_words(rule: Rule) -> str:
    if rule.weeks is not None:
        return "" if rule.weeks == 0 else f"{rule.weeks} week{'s' if rule.weeks != 1 else ''}"
    days = rule.days or 0
    if days == 0:
        return ""
    if days % 7 == 0 and days <= 70:
        weeks = days // 7
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    days = [
        dt.date(year, month, d)
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if dt.date(year, month, d).weekday() == weekday
    ]
    return days[-1] if nth == -1 else days[min(nth, len(days)) - 1]


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- checks ---------------------------------------------------------------------------------


def _check_cycle(rules: RoadmapRules, cycle: Cycle, today: dt.date) -> None:
    problems = rules.problems
    ids = {m.id for m in cycle.milestones}
    first, last = dt.date(cycle.year - 2, 1, 1), dt.date(cycle.year, 12, 31)
    for region in ("us", "ca"):
        gates = [m.id for m in cycle.milestones if m.region == region and m.gate]
        has_region = any(m.region == region for m in cycle.milestones)
        if has_region and len(gates) != 1:
            problems.append(
                ContentProblem(
                    cycle.file,
                    None,
                    "gate",
                    f"region {region} needs exactly one "
                    f"milestone with gate: true (found {len(gates)})",
                )
            )
    exams_seen: set[tuple[str, str]] = set()
    for m in cycle.milestones:
        when = cycle.dates.get(m.id)
        for other in [*m.needs, *m.follows]:
            if other not in ids:
                problems.append(
                    ContentProblem(
                        cycle.file,
                        m.id,
                        "needs" if other in m.needs else "follows",
                        f"unknown event '{other}'",
                    )
                )
        if m.exam is not None:
            if (m.region, m.exam) in exams_seen:
                problems.append(
                    ContentProblem(
                        cycle.file, m.id, "exam", f"exam {m.exam} has two milestones in this region"
                    )
                )
            exams_seen.add((m.region, m.exam))
        if m.reviewed is not None and m.reviewed > today:
            problems.append(
                ContentProblem(
                    cycle.file, m.id, "reviewed", f"reviewed date {m.reviewed} is in the future"
                )
            )
        if when is None or when.date is None:
            continue
        for point in (when, when.end):
            if point is not None and point.date is not None and not first <= point.date <= last:
                problems.append(
                    ContentProblem(
                        cycle.file,
                        m.id,
                        "date",
                        f"{point.display} is outside the "
                        f"{cycle.year} cycle ({first.year}-{last.year})",
                    )
                )
        if when.end is not None and when.end.date is not None and when.end.date < when.date:
            problems.append(
                ContentProblem(
                    cycle.file,
                    m.id,
                    "until",
                    f"dates out of order: the window ends "
                    f"({when.end.display}) before it starts ({when.display})",
                )
            )
        for earlier_id in m.ordering:
            earlier = cycle.dates.get(earlier_id)
            if earlier is not None and earlier.date is not None and when.date < earlier.date:
                problems.append(
                    ContentProblem(
                        cycle.file,
                        m.id,
                        "date",
                        f"dates out of order: {when.display} "
                        f"comes before '{earlier_id}' ({earlier.display}), which it follows",
                    )
                )
        if m.rule is not None and m.rule.before:
            later = cycle.dates.get(m.rule.before)
            if later is not None and later.date is not None and when.date > later.date:
                problems.append(ContentProblem(cycle.file, m.id, "rule", "dates out of order"))
    _check_needs_loops(rules, cycle)


def _check_needs_loops(rules: RoadmapRules, cycle: Cycle) -> None:
    needs = {m.id: [n for n in m.needs if cycle.get(n)] for m in cycle.milestones}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in needs.get(node, []):
            if state.get(nxt) == 1:
                loop = " -> ".join([*trail[trail.index(nxt) :], nxt]) if nxt in trail else nxt
                rules.problems.append(
                    ContentProblem(
                        cycle.file, node, "needs", f"broken dependency: needs go round ({loop})"
                    )
                )
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for m in cycle.milestones:
        if m.id not in state:
            visit(m.id, [m.id])


def _check_flags(rules: RoadmapRules) -> None:
    today = dt.date.today()
    for flag in rules.flags:
        regions = ("us", "ca") if flag.region == "any" else (flag.region,)
        referenced = set(_PLACEHOLDER.findall(flag.text)) - FLAG_VARIABLES
        if flag.when.late:
            referenced.add(flag.when.late)
        for name in sorted(referenced):
            for year, cycle in sorted(rules.cycles.items()):
                found = cycle.get(name)
                if found is None or found.region not in regions:
                    field_name = "when.late" if name == flag.when.late else "text"
                    rules.problems.append(
                        ContentProblem(
                            rules.flags_file,
                            flag.id,
                            field_name,
                            f"unknown event '{name}' in cycle {year} (region {flag.region})",
                        )
                    )
        if flag.reviewed > today:
            rules.problems.append(
                ContentProblem(
                    rules.flags_file,
                    flag.id,
                    "reviewed",
                    f"reviewed date {flag.reviewed} is in the future",
                )
            )


def cycle_problems(rules: RoadmapRules | None, current: int | None) -> list[ContentProblem]:
    """content/cycle.yaml's current cycle must have its roadmap."""
    if current is None:
        return []
    if rules is None or current not in rules.cycles:
        return [
            ContentProblem(
                "content/roadmap",
                None,
                "cycle",
                f"unknown cycle: content/cycle.yaml "
                f"says {current}, but content/roadmap/{current}.yaml is missing",
            )
        ]
    return []
