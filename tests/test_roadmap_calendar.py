"""The plan as a calendar file: it parses back with `icalendar` and with a second, stricter
parser (`ical`), and its lines follow RFC 5545 (CRLF, folded at 75 octets)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from bot.roadmap.ics import plan_to_ics
from bot.roadmap.plan import Answers, Plan, build_plan
from bot.roadmap.rules import RoadmapRules, load_roadmap
from tests.conftest import CONTENT

NOW = dt.datetime(2026, 12, 6, 10, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def rules() -> RoadmapRules:
    return load_roadmap(CONTENT)


@pytest.fixture(scope="module", params=["both", "us", "ca"])
def plan(request: pytest.FixtureRequest, rules: RoadmapRules) -> Plan:
    answers = Answers(request.param, 2028, 2023, "ca-pr", frozenset({"mccqe1"}), None, False)
    return build_plan(rules, answers, NOW.date())


def test_one_all_day_event_per_dated_milestone_parses_back_with_icalendar(plan: Plan) -> None:
    calendar = icalendar.Calendar.from_ical(plan_to_ics(plan, "12345", NOW))
    events = list(calendar.walk("VEVENT"))
    dated = [m for m in plan.milestones if m.date is not None]
    assert len(events) == len(dated) > 5
    for event, milestone in zip(events, dated, strict=True):
        assert str(event["summary"]) == milestone.title
        assert event.decoded("dtstart") == milestone.date
        assert event.decoded("dtend") == (milestone.end or milestone.date) + dt.timedelta(days=1)
        assert str(event["url"]) == milestone.source
        assert milestone.source in str(event["description"])
        assert milestone.date_text in str(event["description"])
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert "12345" not in plan_to_ics(plan, "12345", NOW).decode()  # the user id is not written


def test_a_second_parser_reads_the_same_events(plan: Plan) -> None:
    calendar = IcsCalendarStream.calendar_from_ics(plan_to_ics(plan, "12345", NOW).decode())
    dated = [m for m in plan.milestones if m.date is not None]
    assert [e.summary for e in calendar.events] == [m.title for m in dated]
    assert [e.dtstart for e in calendar.events] == [m.date for m in dated]
    assert [str(e.url) for e in calendar.events] == [m.source for m in dated]
    window = next(
        e for e in calendar.events if e.summary in ("Interview season", "CaRMS interview period")
    )
    assert window.dtend > window.dtstart + dt.timedelta(days=50)


def test_the_file_keeps_rfc_5545_line_rules(plan: Plan) -> None:
    data = plan_to_ics(plan, "12345", NOW)
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    unfolded = data.replace(b"\r\n ", b"").decode().split("\r\n")
    for required in ("VERSION:2.0", "PRODID:-//IMG Residency Coach//Roadmap//EN"):
        assert required in unfolded
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT")
    events = data.replace(b"\r\n ", b"").decode().split("BEGIN:VEVENT")[1:]
    for event in events:
        for prop in ("UID:", "DTSTAMP:", "DTSTART;VALUE=DATE:", "SUMMARY:"):
            assert prop in event, prop


def test_importing_an_updated_plan_updates_the_same_events(rules: RoadmapRules) -> None:
    before = build_plan(rules, Answers("us", 2028, 2020, "needs-visa"), NOW.date())
    after = build_plan(
        rules, Answers("us", 2028, 2020, "needs-visa", frozenset({"step1"})), NOW.date()
    )
    uids = [
        {
            str(e["uid"])
            for e in icalendar.Calendar.from_ical(plan_to_ics(p, "7", NOW)).walk("VEVENT")
        }
        for p in (before, after)
    ]
    assert uids[0] == uids[1]
