"""The plan taken out of the chat: the calendar file (/roadmap ics) and reminders switched on
and off (sent by bot.roadmap.jobs, which reads `roadmap.reminders` from the store)."""

from __future__ import annotations

from bot.core.turn import Turn
from bot.roadmap.asking import show
from bot.roadmap.context import button, plan_of
from bot.roadmap.dates import format_date
from bot.roadmap.ics import ics_name, plan_to_ics
from bot.roadmap.reminders import next_reminder


def start_reminders(turn: Turn) -> None:
    roadmap = turn.state.roadmap
    if not roadmap.complete:
        show(turn)
        return
    roadmap.reminders = True
    plan = plan_of(turn)
    coming = next_reminder(plan, turn.now, turn.state.reminder.utc_offset_minutes) if plan else None
    turn.state.bump()
    turn.say(
        "roadmap_reminders",
        [[button(turn, "remind_off", "rm-off")]],
        status="on",
        next_title=coming.title if coming else None,
        next_date=format_date(coming.at.date()) if coming else None,
        lead=coming.lead_days if coming else None,
    )


def stop_reminders(turn: Turn) -> None:
    """One tap, from a reminder message or the plan."""
    roadmap = turn.state.roadmap
    was_on = roadmap.reminders
    roadmap.reminders = False
    turn.say(
        "roadmap_reminders",
        status="off",
        was_on=was_on,
        notice=turn.render("roadmap_text", what="off-notice"),
    )


def send_ics(turn: Turn) -> None:
    if not turn.state.roadmap.complete:
        show(turn)
        return
    plan = plan_of(turn)
    if plan is None:
        return
    data = plan_to_ics(plan, turn.incoming.user_id, turn.now)
    dated = sum(1 for m in plan.milestones if m.date is not None)
    turn.say(
        "roadmap_ics",
        document=(ics_name(plan), data),
        cycle=plan.cycle,
        events=dated,
        undated=len(plan.milestones) - dated,
    )
