"""What every part of the /roadmap conversation reads from a turn: the rules, the user's today,
country and Match years on offer, their answers as a plan, and the plan's buttons."""

from __future__ import annotations

import datetime as dt

from bot.core import buttons
from bot.core.replies import Button
from bot.core.turn import Turn
from bot.roadmap.cycles import RoadmapRules
from bot.roadmap.plan import Answers, Plan, UnknownCycle, build_plan, can_still_join, default_year
from bot.roadmap.reminders import local_today

COUNTRY_TO_PROFILE = {"us": "us", "ca": "canada", "both": "both"}
PROFILE_TO_COUNTRY = {v: k for k, v in COUNTRY_TO_PROFILE.items()}


def read_exam_keys() -> list[str]:
    return ["step1", "step2ck", "step3", "oet", "mccqe1", "nac"]


def rules_of(turn: Turn) -> RoadmapRules | None:
    rules = getattr(turn.knowledge.content, "roadmap", None)
    return rules if rules is not None and rules.cycles else None


def today_of(turn: Turn) -> dt.date:
    return local_today(turn.now, turn.state.reminder.utc_offset_minutes)


def country_of(turn: Turn) -> str:
    return PROFILE_TO_COUNTRY.get(turn.state.profile.country or "", "both")


def years_of(turn: Turn) -> tuple[list[int], int]:
    """The Match years offered (this cycle and the next) and the one suggested."""
    rules = rules_of(turn)
    assert rules is not None
    content_cycle = turn.knowledge.content.cycle
    current = content_cycle.current if content_cycle else min(rules.cycles)
    offered = [y for y in sorted(rules.cycles) if y >= current][:2] or sorted(rules.cycles)[-2:]
    today = today_of(turn)
    country = country_of(turn)
    default = next(
        (y for y in offered if can_still_join(rules.cycles[y], country, today)),
        default_year(rules, country, today),
    )
    if default not in offered:
        default = offered[-1]
    return offered, default


def button(turn: Turn, key: str, action: str, arg: str = "") -> Button:
    return step_button(turn.label("roadmap", key), turn, action, arg)


def step_button(label: str, turn: Turn, action: str, arg: str = "") -> Button:
    """`rm-a` with "us" -> s:<step>:rm:a.us (one registered action carries them all)."""
    what = action.removeprefix("rm-")
    return buttons.step(label, turn.state.step, "rm", f"{what}.{arg}" if arg else what)


def _answers(turn: Turn) -> Answers:
    state = turn.state
    a = state.roadmap.answers
    rules = rules_of(turn)
    year = a.match_year if rules and a.match_year in rules.cycles else None
    return Answers(
        country=PROFILE_TO_COUNTRY.get(state.profile.country or ""),
        match_year=year,
        grad_year=a.grad_year,
        status=a.status,
        done=frozenset(a.done),
        specialty=a.specialty or state.profile.specialty,
        wants_h1b=a.wants_h1b,
    )


def plan_of(turn: Turn) -> Plan | None:
    rules = rules_of(turn)
    if rules is None:
        turn.say("roadmap_text", what="unavailable")
        return None
    try:
        return build_plan(rules, _answers(turn), today_of(turn))
    except UnknownCycle:
        turn.state.roadmap.answers.match_year = None
        return build_plan(rules, _answers(turn), today_of(turn))
