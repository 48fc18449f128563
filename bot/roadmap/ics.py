"""The plan as an iCalendar file (RFC 5545, `icalendar`): one all-day event per dated milestone.

Google Calendar, Apple Calendar and Outlook import all-day events (VALUE=DATE) with a summary,
a description and a URL. UIDs are stable per user, cycle and milestone, so importing an updated
plan again updates the events instead of doubling them.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Alarm, Calendar, Event

from bot.roadmap.plan import Plan

PRODID = "-//IMG Residency Coach//Roadmap//EN"
_STATUS_WORDS = {
    "done": "done",
    "next": "next",
    "later": "later",
    "at_risk": "at risk",
    "missed": "date passed",
}


def plan_to_ics(plan: Plan, owner: str, now: dt.datetime) -> bytes:
    """`owner` only seeds the UIDs (never written in clear); `now` is the DTSTAMP."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Residency roadmap: {plan.cycle} Match")
    seed = hashlib.sha256(f"{owner}:{plan.cycle}".encode()).hexdigest()[:16]
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    for milestone in plan.milestones:
        if milestone.date is None:
            continue
        event = Event()
        event.add("uid", f"{plan.cycle}-{milestone.id}-{seed}@imgcoach")
        event.add("dtstamp", stamp)
        event.add("dtstart", milestone.date)
        last = milestone.end or milestone.date
        event.add("dtend", last + dt.timedelta(days=1))  # DTEND of an all-day event is exclusive
        event.add("summary", milestone.title)
        event.add(
            "description",
            f"{milestone.date_text}\n{milestone.why}\n"
            f"Status on {plan.today.isoformat()}: {_STATUS_WORDS[milestone.status]}.\n"
            f"Source: {milestone.source}",
        )
        event.add("url", milestone.source)
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Residency", milestone.region.upper()])
        if milestone.status in ("next", "later", "at_risk"):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", milestone.title)
            alarm.add("trigger", dt.timedelta(days=-7))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def ics_name(plan: Plan) -> str:
    return f"residency-roadmap-{plan.cycle}.ics"
