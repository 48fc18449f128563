"""When to remind: a week and a day before each upcoming milestone, at a daytime hour (pure).

With the user's time zone known (from /remind) a reminder goes at 09:00 their time; without it
at 13:00 UTC, daytime across the Americas, Europe, Africa and South Asia.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.roadmap.plan import Plan

LEADS = (7, 1)  # days before a milestone
LOCAL_HOUR = 9
UTC_HOUR = 13
UPCOMING = ("next", "later", "at_risk")


@dataclass(frozen=True)
class Reminder:
    at: dt.datetime  # UTC
    milestone_id: str
    title: str
    date: dt.date
    lead_days: int


def reminders(plan: Plan, now: dt.datetime, utc_offset_minutes: int | None) -> list[Reminder]:
    """Every reminder still to come after `now`, in time order."""
    found: list[Reminder] = []
    for milestone in plan.milestones:
        if milestone.status not in UPCOMING or milestone.date is None:
            continue
        for lead in LEADS:
            at = send_time(milestone.date - dt.timedelta(days=lead), utc_offset_minutes)
            if at > now:
                found.append(Reminder(at, milestone.id, milestone.title, milestone.date, lead))
    return sorted(found, key=lambda r: (r.at, r.date, r.milestone_id))


def next_reminder(plan: Plan, now: dt.datetime, utc_offset_minutes: int | None) -> Reminder | None:
    found = reminders(plan, now, utc_offset_minutes)
    return found[0] if found else None


def due(
    plan: Plan, now: dt.datetime, utc_offset_minutes: int | None, window: dt.timedelta
) -> list[Reminder]:
    """Reminders whose time fell in the last `window` up to `now` (what a job firing now sends)."""
    earlier = now - window
    return [r for r in reminders(plan, earlier, utc_offset_minutes) if r.at <= now]


def send_time(day: dt.date, utc_offset_minutes: int | None) -> dt.datetime:
    if utc_offset_minutes is None:
        return dt.datetime(day.year, day.month, day.day, UTC_HOUR, tzinfo=dt.UTC)
    local = dt.datetime(day.year, day.month, day.day, LOCAL_HOUR, tzinfo=dt.UTC)
    return local - dt.timedelta(minutes=utc_offset_minutes)


def local_today(now: dt.datetime, utc_offset_minutes: int | None) -> dt.date:
    return (now + dt.timedelta(minutes=utc_offset_minutes or 0)).date()
