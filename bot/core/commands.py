"""Every action a user can take, in one table: commands, typed words, buttons, the menu.

The dialog dispatches on it, both adapters read commands with `parse_command`, the Telegram
adapter builds its command menu (per scope) from it, and `needs_scoring` asks it. Adding a
command is one `Action` line below; a command listed in the menu also needs its one-line
description under `commands:` in prompts/labels.yaml (tests fail without it).

An action is reached in any of these ways, each switched on per entry:
  /name [arg]        a command (`command`), run with the text after it
  typed word         during an interview, "done", "stop"… (`words`)
  m:<name>           a main-menu button that never expires (`main_menu`)
  s:<step>:<name>    a button bound to the state step, with its argument (`step`)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.core import (
    account_flow,
    buttons,
    faq_flow,
    interview_feedback,
    interview_flow,
    interview_setup,
    interview_summary,
    progress_flow,
)
from bot.core.events import Command, Event, Press, Text
from bot.core.turn import Turn
from bot.roadmap import flow as roadmap_flow

# an action's handler: the turn, and the command's argument or the button's (else "")
Run = Callable[[Turn, str], None]

# Telegram's command syntax (a-z, 0-9, _; up to 32), optionally addressed "@bot", then an argument
_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)
COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
RELOAD = "reload"  # answered by the service around the core (bot.service.Coach)


@dataclass(frozen=True)
class Action:
    name: str
    # None: answered around the core (the service swaps the content in /reload)
    run: Run | None
    listed: bool = False  # in Telegram's command menu (admins' own menu when `admin`)
    command: bool = True  # /name works
    words: tuple[str, ...] = ()  # typed alone during an interview, they do this
    main_menu: bool = False  # an m:<name> button
    step: bool = False  # an s:<step>:<name>[:<arg>] button
    admin: bool = False  # only for ADMIN_IDS; anyone else gets "unknown command"
    scores: bool = False  # may score an answer: adapters show "typing…" meanwhile


def _plain(handler: Callable[[Turn], None]) -> Run:
    """A handler that takes no argument."""

    def run(turn: Turn, _arg: str) -> None:
        handler(turn)

    return run


def _start(turn: Turn, arg: str) -> None:
    """/start, and its deep links: t.me/<bot>?start=interview or ?start=faq_<entry_id>."""
    if arg == "interview":
        interview_setup.start_menu(turn)
        return
    if arg.startswith("faq_") and faq_flow.show_entry(turn, arg[4:].replace("_", "-")):
        return
    turn.say("welcome", turn.main_menu(), returning=turn.state.seen_welcome, name=None)
    turn.state.seen_welcome = True


def _help(turn: Turn) -> None:
    turn.say("help", turn.main_menu())


def _ask(turn: Turn, arg: str) -> None:
    """/ask <question>: answered aside, without losing an interview answer."""
    if not arg.strip():
        _help(turn)
        return
    faq_flow.ask(turn, arg)
    interview_flow.still_open(turn)


def _restart(turn: Turn, _arg: str) -> None:
    if turn.state.interview is not None:
        interview_summary.end(turn)
    interview_setup.tracks_menu(turn)


def _profile_field(turn: Turn, arg: str) -> None:
    account_flow.profile(turn, asking=arg if arg in ("specialty", "country") else None)


# In the order of Telegram's command menu.
ACTIONS: tuple[Action, ...] = (
    Action("start", _start, listed=True),
    Action("interview", _plain(interview_setup.start_menu), listed=True, main_menu=True),
    Action("topics", _plain(faq_flow.topics), listed=True, main_menu=True),
    Action("ask", _ask, listed=True),
    Action(
        "done",
        _plain(interview_feedback.done),
        listed=True,
        words=("done",),
        step=True,
        scores=True,
    ),
    Action("hint", _plain(interview_flow.hint), listed=True, words=("hint",), step=True),
    Action("skip", _plain(interview_flow.skip), listed=True, words=("skip",), step=True),
    Action("end", _plain(interview_summary.end), listed=True, words=("end", "stop"), step=True),
    Action("next", _plain(interview_flow.next_question), words=("next",), step=True),
    Action("retry", _plain(interview_flow.retry), words=("retry",), step=True),
    Action("outline", _plain(interview_flow.outline), words=("outline",), step=True),
    Action("progress", _plain(progress_flow.progress), listed=True, main_menu=True),
    Action("practice", _plain(interview_setup.practice), listed=True, main_menu=True),
    Action("profile", _plain(account_flow.profile), listed=True),
    Action("remind", account_flow.remind, listed=True),
    Action("roadmap", roadmap_flow.command, listed=True, main_menu=True),
    Action("privacy", _plain(account_flow.privacy), listed=True),
    Action("export", _plain(account_flow.export), listed=True),
    Action("deletemydata", _plain(account_flow.ask_delete), listed=True),
    Action("help", _plain(_help), listed=True, main_menu=True),
    Action("stats", _plain(account_flow.stats), listed=True, admin=True),
    Action(RELOAD, None, listed=True, admin=True),
    # buttons only
    Action("resume", _plain(interview_flow.show_current), command=False, step=True),
    Action("restart", _restart, command=False, step=True),
    Action("track", interview_setup.choose_track, command=False, step=True),
    Action("spec", interview_setup.choose_specialty, command=False, step=True),
    Action("len", interview_setup.choose_length, command=False, step=True),
    Action("delete", account_flow.confirm_delete, command=False, step=True),
    Action("prof", _profile_field, command=False, step=True),
    Action("prof-spec", account_flow.set_specialty, command=False, step=True),
    Action("prof-country", account_flow.set_country, command=False, step=True),
    Action("rm", roadmap_flow.on_step, command=False, step=True),
    Action("rmstop", _plain(roadmap_flow.stop_reminders), command=False, main_menu=True),
)


def _index(actions: tuple[Action, ...]) -> tuple[dict[str, Action], dict[str, Action]]:
    """By name, and by typed word; a name or word given twice is a mistake caught at import."""
    by_name: dict[str, Action] = {}
    by_word: dict[str, Action] = {}
    for action in actions:
        if action.name in by_name:
            raise ValueError(f"action {action.name!r} is registered twice")
        if action.command and not COMMAND_NAME.match(action.name):
            raise ValueError(f"command {action.name!r} is not a valid Telegram command name")
        by_name[action.name] = action
        for word in action.words:
            if word in by_word:
                raise ValueError(f"typed word {word!r} is registered twice")
            by_word[word] = action
    return by_name, by_word


_BY_NAME, _BY_WORD = _index(ACTIONS)


# --- looking up -------------------------------------------------------------------------


def command(name: str, *, admin: bool = False) -> Action | None:
    """The action /name runs for this user; None for an unknown (or not allowed) command."""
    action = _BY_NAME.get(name)
    if action is None or not action.command or (action.admin and not admin):
        return None
    return action


def typed_word(text: str) -> Action | None:
    """The action a word typed alone during an interview stands for ("Done.", "stop")."""
    return _BY_WORD.get(text.strip().lower().strip(".!/"))


def main_menu_button(name: str) -> Action | None:
    action = _BY_NAME.get(name)
    return action if action is not None and action.main_menu else None


def step_button(name: str) -> Action | None:
    action = _BY_NAME.get(name)
    return action if action is not None and action.step else None


def menu(*, admin: bool) -> list[Action]:
    """Telegram's command menu, in order: everyone's commands, and for admins theirs too."""
    return [a for a in ACTIONS if a.listed and a.command and (admin or not a.admin)]


def parse_command(text: str) -> Command | None:
    """ "/remind 19:00" -> Command("remind", "19:00"); None when the text is no command."""
    found = _COMMAND.match(text.strip())
    if found is None:
        return None
    return Command(found.group(1).lower(), (found.group(2) or "").strip())


def needs_scoring(event: Event) -> bool:
    """True when the event may score an answer (adapters show "typing…" meanwhile)."""
    action: Action | None = None
    match event:
        case Command(name=name):
            action = command(name)
        case Text(text=text):
            action = typed_word(text)
        case Press(data=data):
            payload = buttons.parse(data)
            if payload is not None and payload.verb == "s":
                action = step_button(payload.arg)
            elif payload is not None and payload.verb == "m":
                action = main_menu_button(payload.arg)
    return action is not None and action.scores
