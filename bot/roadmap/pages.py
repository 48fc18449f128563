"""The plan on screen: what changed, the warnings and the milestones, packed into pages that
each fit one Telegram message, with the buttons to turn pages, get the calendar file, switch
reminders and change an answer."""

from __future__ import annotations

from markupsafe import Markup

from bot.core.replies import Button
from bot.core.turn import Turn
from bot.roadmap.changes import change_text, diff, snapshot
from bot.roadmap.context import button, plan_of, read_exam_keys
from bot.roadmap.dates import format_date
from bot.roadmap.plan import Milestone, Plan

PAGE_LIMIT = 3600  # characters of HTML per page; Telegram's limit is 4096
MAX_CHANGES = 6
_ICONS = {"done": "✅", "next": "➡️", "later": "🗓", "at_risk": "⚠️", "missed": "❌", "passed": "☑️"}


def show_plan(turn: Turn, *, page: int = 1, fresh: bool = False, replace: bool = False) -> None:
    roadmap = turn.state.roadmap
    plan = plan_of(turn)
    if plan is None:
        return
    if fresh:
        roadmap.changes = diff(turn, roadmap.seen, plan)
        roadmap.changes_since = roadmap.seen.on if roadmap.seen else None
        roadmap.seen = snapshot(plan)
    pages = _pages(turn, plan)
    page = min(max(page, 1), len(pages))
    turn.state.bump()
    nav: list[Button] = []
    if page > 1:
        nav.append(button(turn, "prev_page", "rm-p", str(page - 1)))
    if page < len(pages):
        nav.append(button(turn, "next_page", "rm-p", str(page + 1)))
    reminder = (
        button(turn, "remind_off", "rm-off")
        if roadmap.reminders
        else button(turn, "remind_on", "rm-on")
    )
    rows = [nav, [button(turn, "ics", "rm-ics"), reminder], [button(turn, "edit", "rm-edit")]]
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
        changes = [change_text(turn, c) for c in roadmap.changes]
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
