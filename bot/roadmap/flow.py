"""/roadmap in the dialog core: six short questions, the dated plan in pages, the calendar file,
opt-in reminders, and changing an answer later (from /profile or /roadmap edit).

Each question has buttons and takes a typed answer; each can be skipped ("skip") or left
("cancel", any command: see bot.core.pending, prompt "roadmap"). Buttons are registered in
bot.core.commands: `s:<step>:rm:<what>[.<value>]` (bound to the state), and `m:roadmap` and
`m:rmstop` (from reminder messages, never expiring). Reminders are sent by bot.roadmap.jobs,
which reads `roadmap.reminders` from the store: nothing else is recorded.

The entry points the dialog core calls live here; the parts are bot.roadmap.asking (the
questions), bot.roadmap.pages (the plan in pages), bot.roadmap.changes (what changed),
bot.roadmap.ics_and_reminders (the calendar file and reminders) and bot.roadmap.context (what
they all read from a turn).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core import typed
from bot.core.events import Command, Event, Press, Text
from bot.core.replies import Button
from bot.core.state import UserState
from bot.core.turn import Turn
from bot.roadmap.asking import answer, answer_lines, ask, read_typed, set_exams, show, skip
from bot.roadmap.context import button, read_exam_keys, rules_of, step_button
from bot.roadmap.ics_and_reminders import send_ics, start_reminders, stop_reminders
from bot.roadmap.pages import show_plan
from bot.roadmap.state import QUESTIONS

__all__ = [
    "answers_menu",
    "command",
    "content_check_script",
    "left",
    "on_press",
    "on_step",
    "profile_rows",
    "read_exam_keys",
    "read_typed",
    "send_ics",
    "show",
    "start_reminders",
    "stop_reminders",
]


def command(turn: Turn, arg: str) -> None:
    """/roadmap [ics | edit | remind | stop | restart]."""
    word = typed.normalise(arg)
    if rules_of(turn) is None:
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
        ask(turn, QUESTIONS[0], intro=True)
    else:
        show(turn)


def on_step(turn: Turn, payload: str) -> None:
    """A roadmap button bound to the state: `s:<step>:rm:<what>[.<value>]`."""
    what, _, arg = payload.partition(".")
    on_press(turn, f"rm-{what}", arg)


def on_press(turn: Turn, action: str, arg: str) -> None:
    roadmap = turn.state.roadmap
    if action == "rm-a" and roadmap.asking is not None:
        answer(turn, roadmap.asking, arg)
    elif action == "rm-skip" and roadmap.asking is not None:
        skip(turn)
    elif action == "rm-x" and roadmap.asking == "exams":
        picked = set(roadmap.picked)
        picked ^= {arg} if arg in read_exam_keys() else set()
        roadmap.picked = sorted(picked, key=read_exam_keys().index)
        ask(turn, "exams", replace=True)
    elif action == "rm-xd" and roadmap.asking == "exams":
        set_exams(turn, set() if arg == "none" else set(roadmap.picked))
    elif action == "rm-p":
        show_plan(turn, page=int(arg) if arg.isdigit() else 1, replace=True)
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
        ask(turn, arg)  # type: ignore[arg-type]
    elif action == "rm-show":
        show(turn)
    else:
        turn.say("expired", turn.main_menu(), notice=turn.render("expired"))


def left(turn: Turn) -> None:
    """The questions were left half way: the answers given so far stay."""
    roadmap = turn.state.roadmap
    roadmap.asking = None
    roadmap.editing = False
    roadmap.picked = []


def profile_rows(turn: Turn) -> list[list[Button]]:
    """The /profile screen's way to the roadmap answers."""
    return [[step_button(turn.label("buttons", "roadmap_answers"), turn, "rm-edit")]]


def answers_menu(turn: Turn) -> None:
    roadmap = turn.state.roadmap
    turn.state.bump()
    turn.state.pending = None if turn.state.pending == "roadmap" else turn.state.pending
    roadmap.asking = None
    roadmap.editing = False
    cells = [button(turn, f"q-{q}", "rm-q", q) for q in QUESTIONS]
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    rows.append([button(turn, "show", "rm-show")])
    turn.say("roadmap_answers", rows, answers=answer_lines(turn))


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
