"""What changed in the plan since the user last saw it: the plan as last shown (a snapshot kept in
the state), the differences found, and each said in a line."""

from __future__ import annotations

import datetime as dt

from bot.core.turn import Turn
from bot.roadmap.dates import format_date
from bot.roadmap.plan import Plan
from bot.roadmap.state import Change, Seen


def snapshot(plan: Plan) -> Seen:
    return Seen(
        on=plan.today,
        cycle=plan.cycle,
        milestones={
            m.id: [m.date.isoformat() if m.date else None, m.status, m.certainty in ("announced",)]
            for m in plan.milestones
        },
        titles={m.id: m.title for m in plan.milestones},
        flags=[f.id for f in plan.flags],
    )


def diff(turn: Turn, seen: Seen | None, plan: Plan) -> list[Change]:
    if seen is None:
        return []
    if seen.cycle != plan.cycle:
        return [Change(kind="cycle", title="", before=str(seen.cycle), after=str(plan.cycle))]
    now = snapshot(plan)
    found: list[Change] = []
    for flag in now.flags:
        if flag not in seen.flags:
            found.append(Change(kind="flag", title=turn.label("roadmap_flags", flag)))
    for flag in seen.flags:
        if flag not in now.flags:
            found.append(Change(kind="flag-gone", title=turn.label("roadmap_flags", flag)))
    for mid, (day, status, firm) in now.milestones.items():
        title = now.titles[mid]
        if mid not in seen.milestones:
            found.append(Change(kind="new", title=title))
            continue
        old_day, old_status, old_firm = seen.milestones[mid]
        if old_day != day:
            found.append(Change(kind="date", title=title, before=_day(old_day), after=_day(day)))
        elif firm and not old_firm:
            found.append(Change(kind="confirmed", title=title, after=_day(day)))
        if old_status != status:
            found.append(
                Change(
                    kind="status",
                    title=title,
                    before=turn.label("roadmap_status", old_status),
                    after=turn.label("roadmap_status", status),
                )
            )
    for mid in seen.milestones:
        if mid not in now.milestones:
            found.append(Change(kind="gone", title=seen.titles.get(mid, mid)))
    return found


def _day(iso: str | None) -> str:
    return format_date(dt.date.fromisoformat(iso)) if iso else "no date"


def change_text(turn: Turn, change: Change) -> str:
    return turn.render(
        "roadmap_text",
        what="change",
        kind=change.kind,
        title=change.title,
        before=change.before,
        after=change.after,
    )
