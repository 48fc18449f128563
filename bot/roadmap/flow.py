"""/roadmap in the dialog core: six short questions, the dated plan in pages, the calendar file,
opt-in reminders, and changing an answer later (from /profile or /roadmap edit).

Each question has buttons and takes a typed answer; each can be skipped ("skip") or left
("cancel", any command: see bot.core.pending, prompt "roadmap"). Buttons are registered in
bot.core.commands: `s:<step>:rm:<what>[.<value>]` (bound to the state), and `m:roadmap` and
`m:rmstop` (from reminder messages, never expiring). Reminders are sent by bot.roadmap.jobs,
which reads `roadmap.reminders` from the store: nothing else is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from markupsafe import Markup

from bot.core import buttons, typed
from bot.core.events import Command, Event, Press, Text
from bot.core.replies import Button
from bot.core.state import UserState
from bot.core.turn import Turn
from bot.roadmap import answers as read
from bot.roadmap.ics import ics_name, plan_to_ics
from bot.roadmap.plan import (
    Answers,
    Milestone,
    Plan,
    UnknownCycle,
    build_plan,
    can_still_join,
    default_year,
)
from bot.roadmap.reminders import local_today, next_reminder
from bot.roadmap.rules import RoadmapRules, format_date
from bot.roadmap.state import QUESTIONS, Change, Question, Seen

PAGE_LIMIT = 3600  # characters of HTML per page; Telegram's limit is 4096
MAX_CHANGES = 6
GRAD_BUTTONS = 5
_COUNTRY_TO_PROFILE = {"us": "us", "ca": "canada", "both": "both"}
_PROFILE_TO_COUNTRY = {v: k for k, v in _COUNTRY_TO_PROFILE.items()}
_STATUS_CHOICES = {
    "us": ("us-citizen", "us-green-card", "needs-visa", "h1b"),
    "ca": ("ca-citizen", "ca-pr", "none"),
    "both": ("us-citizen", "us-green-card", "ca-citizen", "ca-pr", "none", "none-h1b"),
}
_STATUS_VALUES = {  # button value -> (status, aiming for an H-1B)
    "us-citizen": ("us-citizen", False),
    "us-green-card": ("us-green-card", False),
    "needs-visa": ("needs-visa", False),
    "h1b": ("needs-visa", True),
    "ca-citizen": ("ca-citizen", False),
    "ca-pr": ("ca-pr", False),
    "none": ("none", False),
    "none-h1b": ("none", True),
}
_EXAMS_BY_COUNTRY = {
    "us": ("step1", "step2ck", "step3", "oet"),
    "ca": ("mccqe1", "nac"),
    "both": ("step1", "step2ck", "step3", "oet", "mccqe1", "nac"),
}
_ICONS = {"done": "✅", "next": "➡️", "later": "🗓", "at_risk": "⚠️", "missed": "❌", "passed": "☑️"}
_EXAMS_DONE_WORDS = frozenset(
    {"done", "that s all", "thats all", "finish", "finished", "ok", "that s it"}
)


# --- entry points (the dialog core calls these) -----------------------------------------------


def command(turn: Turn, arg: str) -> None:
    """/roadmap [ics | edit | remind | stop | restart]."""
    word = typed.normalise(arg)
    if _rules(turn) is None:
        turn.say("roadmap_text", what="unavailable")
        return
    if word in ("ics", "ical", "calendar", "cal"):
        send_ics(turn)
    elif word in ("edit", "change", "answers", "profile"):
        answers_menu(turn)
    elif word in ("remind", "reminders", "on", "remind me"):
        start_reminders(turn)
    elif word in ("stop", "off", "remind off", "reminders off"):
        stop_reminders(turn)
    elif word in ("restart", "reset", "new", "again"):
        turn.state.roadmap.complete = False
        _ask(turn, QUESTIONS[0], intro=True)
    else:
        show(turn)


def show(turn: Turn) -> None:
    """The plan (page 1, with what changed since last time), or the questions first."""
    roadmap = turn.state.roadmap
    if _rules(turn) is None:
        turn.say("roadmap_text", what="unavailable")
        return
    if not roadmap.complete:
        question = roadmap.asking or _first_open(turn)
        _ask(turn, question, intro=roadmap.asking is None)
        return
    _show_plan(turn, fresh=True)


def on_step(turn: Turn, payload: str) -> None:
    """A roadmap button bound to the state: `s:<step>:rm:<what>[.<value>]`."""
    what, _, arg = payload.partition(".")
    on_press(turn, f"rm-{what}", arg)


def on_press(turn: Turn, action: str, arg: str) -> None:
    roadmap = turn.state.roadmap
    if action == "rm-a" and roadmap.asking is not None:
        _answer(turn, roadmap.asking, arg)
    elif action == "rm-skip" and roadmap.asking is not None:
        _skip(turn)
    elif action == "rm-x" and roadmap.asking == "exams":
        picked = set(roadmap.picked)
        picked ^= {arg} if arg in read_exam_keys() else set()
        roadmap.picked = sorted(picked, key=read_exam_keys().index)
        _ask(turn, "exams", replace=True)
    elif action == "rm-xd" and roadmap.asking == "exams":
        _set_exams(turn, set() if arg == "none" else set(roadmap.picked))
    elif action == "rm-p":
        _show_plan(turn, page=int(arg) if arg.isdigit() else 1, replace=True)
    elif action == "rm-ics":
        send_ics(turn)
    elif action == "rm-on":
        start_reminders(turn)
    elif action == "rm-off":
        stop_reminders(turn)
    elif action == "rm-edit":
        answers_menu(turn)
    elif action == "rm-q" and arg in QUESTIONS:
        roadmap.editing = True
        _ask(turn, arg)  # type: ignore[arg-type]
    elif action == "rm-show":
        show(turn)
    else:
        turn.say("expired", turn.main_menu(), notice=turn.render("expired"))


def read_typed(turn: Turn, text: str) -> str:
    """A typed answer to the question on screen: "taken", "again" or "other" (bot.core.pending)."""
    roadmap = turn.state.roadmap
    question = roadmap.asking
    if question is None:
        return "other"
    if read.is_skip(text):
        _skip(turn)
        return "taken"
    value = _read(turn, question, text)
    if value is not None:
        _answer(turn, question, value)
        return "taken"
    if question == "exams" and typed.normalise(text) in _EXAMS_DONE_WORDS:
        _set_exams(turn, set(roadmap.picked))
        return "taken"
    if typed.could_be_choice(text) and turn.smalltalk.kind(text) is None:
        _ask(turn, question, again=True)
        return "again"
    return "other"


def left(turn: Turn) -> None:
    """The questions were left half way: the answers given so far stay."""
    roadmap = turn.state.roadmap
    roadmap.asking = None
    roadmap.editing = False
    roadmap.picked = []


def profile_rows(turn: Turn) -> list[list[Button]]:
    """The /profile screen's way to the roadmap answers."""
    return [[_step(turn.label("buttons", "roadmap_answers"), turn, "rm-edit")]]


def start_reminders(turn: Turn) -> None:
    roadmap = turn.state.roadmap
    if not roadmap.complete:
        show(turn)
        return
    roadmap.reminders = True
    plan = _plan(turn)
    coming = next_reminder(plan, turn.now, turn.state.reminder.utc_offset_minutes) if plan else None
    turn.state.bump()
    turn.say(
        "roadmap_reminders",
        [[_button(turn, "remind_off", "rm-off")]],
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
    plan = _plan(turn)
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


def answers_menu(turn: Turn) -> None:
    roadmap = turn.state.roadmap
    turn.state.bump()
    turn.state.pending = None if turn.state.pending == "roadmap" else turn.state.pending
    roadmap.asking = None
    roadmap.editing = False
    cells = [_button(turn, f"q-{q}", "rm-q", q) for q in QUESTIONS]
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    rows.append([_button(turn, "show", "rm-show")])
    turn.say("roadmap_answers", rows, answers=_answer_lines(turn))


# --- the questions ------------------------------------------------------------------------


def _first_open(turn: Turn) -> Question:
    roadmap = turn.state.roadmap
    given = _given(turn)
    for question in QUESTIONS:
        if not given[question] and question not in roadmap.answers.skipped:
            return question
    return QUESTIONS[0]


def _given(turn: Turn) -> dict[str, bool]:
    a = turn.state.roadmap.answers
    return {
        "country": turn.state.profile.country is not None,
        "year": a.match_year is not None,
        "grad": a.grad_year is not None,
        "status": a.status is not None,
        "exams": False,
        "specialty": a.specialty is not None or turn.state.profile.specialty is not None,
    }


def _ask(
    turn: Turn,
    question: Question,
    *,
    intro: bool = False,
    again: bool = False,
    replace: bool = False,
) -> None:
    state = turn.state
    roadmap = state.roadmap
    state.bump()
    if roadmap.asking != question and question == "exams":
        roadmap.picked = list(roadmap.answers.done)
    roadmap.asking = question
    state.pending = "roadmap"
    rows = _options(turn, question)
    rows.append([_button(turn, "skip", "rm-skip")])
    _offered, default = _years(turn)
    turn.say(
        "roadmap_question",
        rows,
        replace=replace,
        question=question,
        number=QUESTIONS.index(question) + 1,
        total=len(QUESTIONS),
        intro=intro,
        again=again,
        editing=roadmap.editing,
        where=_where(turn),
        default=default if question == "year" else None,
        picked=[turn.label("roadmap", e) for e in roadmap.picked],
        current=_current(turn, question) if roadmap.editing else None,
    )


def _options(turn: Turn, question: Question) -> list[list[Button]]:
    state = turn.state
    country = _country(turn)
    if question == "country":
        return [[_button(turn, c, "rm-a", c) for c in ("us", "ca", "both")]]
    if question == "year":
        offered, default = _years(turn)
        return [
            [_step(_year_label(turn, year, default), turn, "rm-a", str(year)) for year in offered]
        ]
    if question == "grad":
        this_year = _today(turn).year
        years = [this_year + 1 - i for i in range(GRAD_BUTTONS)]
        cells = [_step(str(y), turn, "rm-a", str(y)) for y in years]
        return [cells[:3], cells[3:]]
    if question == "status":
        cells = [_button(turn, v, "rm-a", v) for v in _STATUS_CHOICES[country]]
        return [cells[i : i + 2] for i in range(0, len(cells), 2)]
    if question == "exams":
        picked = set(state.roadmap.picked)
        cells = [
            _step(("✅ " if e in picked else "▫️ ") + turn.label("roadmap", e), turn, "rm-x", e)
            for e in _EXAMS_BY_COUNTRY[country]
        ]
        rows = [cells[i : i + 3] for i in range(0, len(cells), 3)]
        rows.append(
            [_button(turn, "exams_done", "rm-xd"), _button(turn, "exams_none", "rm-xd", "none")]
        )
        return rows
    names = turn.knowledge.bank.specialties()
    cells = [_step(turn.label("specialties", n), turn, "rm-a", n) for n in names]
    return [cells[i : i + 2] for i in range(0, len(cells), 2)]


def _read(turn: Turn, question: Question, text: str) -> str | None:
    """A typed answer as the value its button would carry."""
    if question == "country":
        return read.read_country(text)
    if question == "year":
        offered, _ = _years(turn)
        year = read.read_year(text, offered)
        return str(year) if year else None
    if question == "grad":
        year = read.read_grad_year(text, _today(turn).year)
        return str(year) if year else None
    if question == "status":
        found = read.read_status(text, _country(turn))
        if found is None:
            return None
        return next(
            (
                k
                for k, v in _STATUS_VALUES.items()
                if v == found and k in _STATUS_CHOICES[_country(turn)]
            ),
            None,
        )
    if question == "exams":
        exams = read.read_exams(text)
        return None if exams is None else ",".join(sorted(exams)) or "none"
    names = turn.knowledge.bank.specialties()
    options = [(n, turn.label("specialties", n)) for n in names]
    if turn.smalltalk.kind(text) is not None:
        return None
    return read.read_specialty(text, options, turn.knowledge.content.vocabulary.synonyms)


def _answer(turn: Turn, question: Question, value: str) -> None:
    state = turn.state
    a = state.roadmap.answers
    if question == "country" and value in _COUNTRY_TO_PROFILE:
        state.profile.country = _COUNTRY_TO_PROFILE[value]  # type: ignore[assignment]
    elif question == "year" and value.isdigit() and int(value) in _years(turn)[0]:
        a.match_year = int(value)
    elif question == "grad" and value.isdigit():
        a.grad_year = int(value)
    elif question == "status" and value in _STATUS_VALUES:
        a.status, a.wants_h1b = _STATUS_VALUES[value]
    elif question == "exams":
        _set_exams(
            turn, set() if value == "none" else set(value.split(",")) & set(read_exam_keys())
        )
        return
    elif question == "specialty":
        if value in turn.knowledge.bank.specialties():
            state.profile.specialty = value
            a.specialty = None
        else:
            a.specialty = value
    else:
        _ask(turn, question, again=True)
        return
    if question in a.skipped:
        a.skipped.remove(question)
    _advance(turn, question)


def _set_exams(turn: Turn, exams: set[str]) -> None:
    roadmap = turn.state.roadmap
    roadmap.answers.done = [e for e in read_exam_keys() if e in exams]
    roadmap.picked = []
    if "exams" in roadmap.answers.skipped:
        roadmap.answers.skipped.remove("exams")
    _advance(turn, "exams")


def _skip(turn: Turn) -> None:
    roadmap = turn.state.roadmap
    question = roadmap.asking
    assert question is not None
    if roadmap.editing:  # the answer stays as it was
        _advance(turn, question)
        return
    if question == "year" and roadmap.answers.match_year is None:
        roadmap.answers.match_year = _years(turn)[1]  # the next Match that can still be met
    if question not in roadmap.answers.skipped:
        roadmap.answers.skipped.append(question)
    _advance(turn, question)


def _advance(turn: Turn, question: Question) -> None:
    roadmap = turn.state.roadmap
    if roadmap.editing or question == QUESTIONS[-1]:
        roadmap.editing = False
        roadmap.asking = None
        roadmap.picked = []
        roadmap.complete = True
        turn.state.pending = None
        _show_plan(turn, fresh=True)
        return
    _ask(turn, QUESTIONS[QUESTIONS.index(question) + 1])


# --- the plan -----------------------------------------------------------------------------


def _show_plan(turn: Turn, *, page: int = 1, fresh: bool = False, replace: bool = False) -> None:
    roadmap = turn.state.roadmap
    plan = _plan(turn)
    if plan is None:
        return
    if fresh:
        roadmap.changes = _diff(turn, roadmap.seen, plan)
        roadmap.changes_since = roadmap.seen.on if roadmap.seen else None
        roadmap.seen = _snapshot(plan)
    pages = _pages(turn, plan)
    page = min(max(page, 1), len(pages))
    turn.state.bump()
    nav: list[Button] = []
    if page > 1:
        nav.append(_button(turn, "prev_page", "rm-p", str(page - 1)))
    if page < len(pages):
        nav.append(_button(turn, "next_page", "rm-p", str(page + 1)))
    reminder = (
        _button(turn, "remind_off", "rm-off")
        if roadmap.reminders
        else _button(turn, "remind_on", "rm-on")
    )
    rows = [nav, [_button(turn, "ics", "rm-ics"), reminder], [_button(turn, "edit", "rm-edit")]]
    turn.say(
        "roadmap",
        rows,
        replace=replace,
        **_page_context(turn, plan, page, len(pages), pages[page - 1]),
    )


def _pages(turn: Turn, plan: Plan) -> list[list[Markup]]:
    """What changed, the warnings and the milestones, as blocks packed into pages that each
    fit one Telegram message with their header."""
    roadmap = turn.state.roadmap
    blocks: list[Markup] = []
    if roadmap.changes_since is not None:
        changes = [_change_text(turn, c) for c in roadmap.changes]
        blocks.append(
            _block(
                turn,
                kind="changes",
                changes=changes[:MAX_CHANGES],
                more=max(0, len(changes) - MAX_CHANGES),
                since=format_date(roadmap.changes_since),
            )
        )
    for index, flag in enumerate(plan.flags):
        blocks.append(
            _block(turn, kind="flag", heading=index == 0, text=flag.text, source=flag.source)
        )
    blocks += [_block(turn, kind="milestone", **_item(turn, m)) for m in plan.milestones]
    head = len(turn.render("roadmap", **_page_context(turn, plan, 1, 2, [])))
    later = len(turn.render("roadmap", **_page_context(turn, plan, 2, 2, [])))
    pages: list[list[Markup]] = [[]]
    room = PAGE_LIMIT - head
    for block in blocks:
        if pages[-1] and len(block) + 2 > room:
            pages.append([])
            room = PAGE_LIMIT - later
        pages[-1].append(block)
        room -= len(block) + 2
    return pages


def _block(turn: Turn, **context: object) -> Markup:
    return Markup(turn.render("roadmap_item", **context))


def _page_context(
    turn: Turn, plan: Plan, page: int, pages: int, items: list[Markup]
) -> dict[str, object]:
    return {
        "cycle": plan.cycle,
        "page": page,
        "pages": pages,
        "head": page == 1,
        "summary": _summary(turn, plan),
        "today": format_date(plan.today),
        "items": items,
        "reminders": turn.state.roadmap.reminders,
        "last": page == pages,
    }


def _item(turn: Turn, m: Milestone) -> dict[str, object]:
    passed = m.status == "done" and m.kind == "event"
    key = "passed" if passed else m.status
    return {
        "icon": _ICONS[key],
        "title": m.title,
        "status": turn.label("roadmap_status", key),
        "short": m.status == "done",
        "date_text": m.date_text,
        "why": m.why,
        "source": m.source,
    }


def _summary(turn: Turn, plan: Plan) -> str:
    a = plan.answers
    parts = [turn.label("roadmap", plan.country)]
    if a.grad_year:
        parts.append(turn.render("roadmap_text", what="grad", year=a.grad_year))
    if a.status:
        key = {("needs-visa", True): "h1b", ("none", True): "none-h1b"}.get(
            (a.status, a.wants_h1b), a.status
        )
        parts.append(turn.label("roadmap", key))
    if plan.done_exams:
        parts.append(
            "✅ "
            + ", ".join(turn.label("roadmap", e) for e in read_exam_keys() if e in plan.done_exams)
        )
    if a.specialty:
        parts.append(turn.label("specialties", a.specialty).replace("-", " "))
    return " · ".join(parts)


def _answer_lines(turn: Turn) -> list[tuple[str, str]]:
    return [(turn.label("roadmap", f"q-{q}"), _current(turn, q) or "—") for q in QUESTIONS]


def _current(turn: Turn, question: Question) -> str | None:
    a = turn.state.roadmap.answers
    skipped = turn.label("roadmap", "skipped") if question in a.skipped else None
    if question == "country":
        country = turn.state.profile.country
        return turn.label("roadmap", _PROFILE_TO_COUNTRY[country]) if country else skipped
    if question == "year":
        return str(a.match_year) if a.match_year else skipped
    if question == "grad":
        return str(a.grad_year) if a.grad_year else skipped
    if question == "status":
        if a.status is None:
            return skipped
        key = {("needs-visa", True): "h1b", ("none", True): "none-h1b"}.get(
            (a.status, a.wants_h1b), a.status
        )
        return turn.label("roadmap", key)
    if question == "exams":
        if not a.done:
            return skipped or turn.label("roadmap", "exams_none")
        return ", ".join(turn.label("roadmap", e) for e in a.done)
    name = a.specialty or turn.state.profile.specialty
    return turn.label("specialties", name).replace("-", " ") if name else skipped


# --- what changed ---------------------------------------------------------------------------


def _snapshot(plan: Plan) -> Seen:
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


def _diff(turn: Turn, seen: Seen | None, plan: Plan) -> list[Change]:
    if seen is None:
        return []
    if seen.cycle != plan.cycle:
        return [Change(kind="cycle", title="", before=str(seen.cycle), after=str(plan.cycle))]
    now = _snapshot(plan)
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


def _change_text(turn: Turn, change: Change) -> str:
    return turn.render(
        "roadmap_text",
        what="change",
        kind=change.kind,
        title=change.title,
        before=change.before,
        after=change.after,
    )


# --- helpers ------------------------------------------------------------------------------


def read_exam_keys() -> list[str]:
    return ["step1", "step2ck", "step3", "oet", "mccqe1", "nac"]


def _rules(turn: Turn) -> RoadmapRules | None:
    rules = getattr(turn.knowledge.content, "roadmap", None)
    return rules if rules is not None and rules.cycles else None


def _today(turn: Turn) -> dt.date:
    return local_today(turn.now, turn.state.reminder.utc_offset_minutes)


def _country(turn: Turn) -> str:
    return _PROFILE_TO_COUNTRY.get(turn.state.profile.country or "", "both")


def _where(turn: Turn) -> str:
    return turn.label("roadmap", f"where-{_country(turn)}")


def _years(turn: Turn) -> tuple[list[int], int]:
    """The Match years offered (this cycle and the next) and the one suggested."""
    rules = _rules(turn)
    assert rules is not None
    content_cycle = turn.knowledge.content.cycle
    current = content_cycle.current if content_cycle else min(rules.cycles)
    offered = [y for y in sorted(rules.cycles) if y >= current][:2] or sorted(rules.cycles)[-2:]
    today = _today(turn)
    country = _country(turn)
    default = next(
        (y for y in offered if can_still_join(rules.cycles[y], country, today)),
        default_year(rules, country, today),
    )
    if default not in offered:
        default = offered[-1]
    return offered, default


def _year_label(turn: Turn, year: int, default: int) -> str:
    offered, _ = _years(turn)
    key = "year-this" if year == offered[0] else "year-next"
    label = turn.render("roadmap_text", what=key, year=year)
    return f"⭐ {label}" if year == default else label


def _button(turn: Turn, key: str, action: str, arg: str = "") -> Button:
    return _step(turn.label("roadmap", key), turn, action, arg)


def _step(label: str, turn: Turn, action: str, arg: str = "") -> Button:
    """`rm-a` with "us" -> s:<step>:rm:a.us (one registered action carries them all)."""
    what = action.removeprefix("rm-")
    return buttons.step(label, turn.state.step, "rm", f"{what}.{arg}" if arg else what)


def _answers(turn: Turn) -> Answers:
    state = turn.state
    a = state.roadmap.answers
    rules = _rules(turn)
    year = a.match_year if rules and a.match_year in rules.cycles else None
    return Answers(
        country=_PROFILE_TO_COUNTRY.get(state.profile.country or ""),
        match_year=year,
        grad_year=a.grad_year,
        status=a.status,
        done=frozenset(a.done),
        specialty=a.specialty or state.profile.specialty,
        wants_h1b=a.wants_h1b,
    )


def _plan(turn: Turn) -> Plan | None:
    rules = _rules(turn)
    if rules is None:
        turn.say("roadmap_text", what="unavailable")
        return None
    try:
        return build_plan(rules, _answers(turn), _today(turn))
    except UnknownCycle:
        turn.state.roadmap.answers.match_year = None
        return build_plan(rules, _answers(turn), _today(turn))


# --- for `content check`: a conversation that renders every roadmap message ----------------


def content_check_script() -> list[tuple[Event | Callable[[UserState], Event], str]]:
    def press(action: str) -> Callable[[UserState], Event]:
        what, _, arg = action.removeprefix("rm-").partition(":")
        return lambda state: Press(f"s:{state.step}:rm:{what}{'.' + arg if arg else ''}")

    return [
        (Command("roadmap"), "/roadmap"),
        (Text("both"), "roadmap: country typed"),
        (press("rm-skip"), "roadmap: a question skipped"),
        (Text("2014"), "roadmap: graduation year typed"),
        (Text("hmm"), "roadmap: an answer not understood"),
        (press("rm-a:none-h1b"), "roadmap: status"),
        (press("rm-x:step1"), "roadmap: an exam ticked"),
        (press("rm-xd"), "roadmap: exams done"),
        (Text("dermatology"), "roadmap: specialty typed"),
        (press("rm-p:2"), "roadmap: page 2"),
        (press("rm-on"), "roadmap: reminders on"),
        (Command("roadmap", "ics"), "/roadmap ics"),
        (press("rm-off"), "roadmap: reminders off"),
        (Command("roadmap", "edit"), "/roadmap edit"),
        (press("rm-q:year"), "roadmap: one answer changed"),
        (Text("2027"), "roadmap: the year typed"),
        (Command("roadmap"), "/roadmap again"),
        (Press("m:rmstop"), "roadmap: stop from a reminder"),
    ]
