"""Dates derived from the rules of content/roadmap/ (relative to another milestone, a weekday
pattern, the same milestone in another cycle, or a part of a month), and how a date is written."""

from __future__ import annotations

import calendar
import datetime as dt

from bot.content.files import ContentProblem
from bot.roadmap.cycles import Cycle, RoadmapRules, When
from bot.roadmap.schema import DateSpec, Rule

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_PERIOD_DAY = {"early": 1, "mid": 11, "late": 21, "month": 1}


def format_date(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


class _Broken(Exception):
    """A rule that cannot be resolved; the message says why."""

    def __init__(self, message: str, field_name: str = "rule") -> None:
        super().__init__(message)
        self.field_name = field_name


def resolve_cycle(rules: RoadmapRules, cycle: Cycle) -> None:
    """Every milestone's date in `cycle.dates`; a rule that cannot be resolved is a problem."""
    for milestone in cycle.milestones:
        try:
            _resolve(rules, cycle, milestone.id, ())
        except _Broken as exc:
            rules.problems.append(
                ContentProblem(cycle.file, milestone.id, exc.field_name, str(exc))
            )


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
