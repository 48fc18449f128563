"""content/roadmap/*.yaml loaded: each file validated against bot.roadmap.schema, the dates
derived (bot.roadmap.dates) and the whole checked (bot.roadmap.checks), every problem recorded
with its file, entry and field. A new cycle is a new file.

The names other modules use for the roadmap's rules are importable from here too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel

from bot.content.files import ContentProblem, field_path, read_yaml, relative
from bot.roadmap.checks import check_cycle, check_flags, cycle_problems
from bot.roadmap.cycles import Cycle, RoadmapRules, When
from bot.roadmap.dates import format_date, resolve_cycle
from bot.roadmap.schema import (
    EXAMS,
    FLAG_VARIABLES,
    WHY_MAX,
    Conditions,
    Country,
    CycleFile,
    DateSpec,
    Exam,
    FlagRule,
    FlagsFile,
    MilestoneRule,
    Region,
    Rule,
    Slug,
    Status,
    Text,
    Url,
    Weekday,
)

__all__ = [
    "EXAMS",
    "FLAG_VARIABLES",
    "WHY_MAX",
    "Conditions",
    "Country",
    "Cycle",
    "CycleFile",
    "DateSpec",
    "Exam",
    "FlagRule",
    "FlagsFile",
    "MilestoneRule",
    "Region",
    "RoadmapRules",
    "Rule",
    "Slug",
    "Status",
    "Text",
    "Url",
    "Weekday",
    "When",
    "cycle_problems",
    "format_date",
    "load_roadmap",
]


def load_roadmap(content_dir: Path, problems: list[ContentProblem] | None = None) -> RoadmapRules:
    """Load content/roadmap/; every problem is recorded (in `problems` too, when given)."""
    rules = RoadmapRules()
    folder = content_dir / "roadmap"
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            rel = relative(path, content_dir)
            data = read_yaml(path, content_dir, rules.problems)
            if data is None:
                continue
            if path.stem == "flags":
                rules.flags_file = rel
                rules.flags = _load_flags(data, rel, rules.problems)
            else:
                _load_cycle(data, path, rel, rules)
        _resolve_and_check(rules)
        check_flags(rules)
    if problems is not None:
        problems.extend(rules.problems)
    return rules


def _resolve_and_check(rules: RoadmapRules) -> None:
    today = dt.date.today()
    for year in sorted(rules.cycles):
        cycle = rules.cycles[year]
        resolve_cycle(rules, cycle)
        check_cycle(rules, cycle, today)


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
            out.append(ContentProblem(rel, entry, field_path(err["loc"]) or None, message))
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
