"""What `content check` finds in content/roadmap/ beyond the schema: one gate per region, known
events, exams named once, reviewed dates not in the future, dates inside their cycle and in order,
no loop of needs, flags that name real events, and a roadmap for the current cycle."""

from __future__ import annotations

import datetime as dt
import re

from bot.content.files import ContentProblem
from bot.roadmap.cycles import Cycle, RoadmapRules
from bot.roadmap.schema import FLAG_VARIABLES

_PLACEHOLDER = re.compile(r"\{([a-z0-9_-]+)\}")


def check_cycle(rules: RoadmapRules, cycle: Cycle, today: dt.date) -> None:
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


def check_flags(rules: RoadmapRules) -> None:
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
