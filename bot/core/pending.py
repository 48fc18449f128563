"""The question the bot waits on (`state.pending`): its typed answer, or the user leaving it.

No question traps the user. Each one that sets `state.pending` is registered here with a
reader for typed answers, and every one can be left the same way:
- any command works, and leaves it (saying so), except the commands that carry it on;
- "cancel", "stop", "back"… leave it and say nothing was changed;
- a text that is not an answer (a question, small talk) leaves it, saying so, and is
  answered as it would have been without the question;
- a text that looks like a failed answer is asked again, with the way out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.core import account_flow, faq_flow, interview_flow, interview_setup, typed
from bot.core.turn import Turn
from bot.roadmap import flow as roadmap_flow

# a reader returns "taken" (it was the answer, and handled), "again" (it asked again) or
# "other" (not an answer: the user has moved on)
Reader = Callable[[Turn, str], str]


@dataclass(frozen=True)
class Prompt:
    read: Reader
    owners: frozenset[str] = frozenset()  # commands that carry this question on
    buttons: bool = True  # its message has buttons, retired when it is left
    on_leave: Callable[[Turn], None] | None = None


_REMINDER = frozenset({"remind"})
_INTERVIEW = frozenset({"interview"})
_PROFILE = frozenset({"profile"})
PROMPTS: dict[str, Prompt] = {
    "timezone": Prompt(account_flow.read_zone, _REMINDER, False, account_flow.left_reminder_setup),
    "remind-time": Prompt(
        account_flow.read_time, _REMINDER, False, account_flow.left_reminder_setup
    ),
    "track": Prompt(interview_setup.read_track, _INTERVIEW),
    "specialty": Prompt(interview_setup.read_specialty, _INTERVIEW),
    "length": Prompt(interview_setup.read_length, _INTERVIEW),
    "confirm-delete": Prompt(account_flow.read_delete, frozenset({"deletemydata"})),
    "profile-specialty": Prompt(account_flow.read_profile_specialty, _PROFILE),
    "profile-country": Prompt(account_flow.read_profile_country, _PROFILE),
    "roadmap": Prompt(roadmap_flow.read_typed, frozenset({"roadmap"}), True, roadmap_flow.left),
}


def leave(turn: Turn, *, cancelled: bool) -> None:
    """Stop waiting; `cancelled` when the user asked to, else a note opens the next reply."""
    name = turn.state.pending
    if name is None:
        return
    prompt = PROMPTS.get(name)
    turn.state.pending = None
    turn.state.pending_track = None
    if prompt is not None and prompt.on_leave is not None:
        prompt.on_leave(turn)
    if prompt is not None and prompt.buttons:
        turn.state.bump()
    what = turn.label("prompts", name)
    if not cancelled:
        turn.lead.append(turn.render("left_prompt", what=what, cancelled=False))
        return
    interviewing = turn.state.interview is not None
    turn.say("left_prompt", [] if interviewing else turn.main_menu(), what=what, cancelled=True)
    interview_flow.still_open(turn)


def on_command(turn: Turn, name: str) -> None:
    """A command always works; unless it carries the question on, it leaves it first."""
    pending = turn.state.pending
    if pending is None:
        return
    prompt = PROMPTS.get(pending)
    if prompt is None or name not in prompt.owners:
        leave(turn, cancelled=False)


def on_text(turn: Turn, text: str) -> bool:
    """True when the text was for the question (an answer, "cancel", asked again); False
    when it should be handled as if nothing had been asked (the question is left by then)."""
    pending = turn.state.pending
    if pending is None:
        return False
    prompt = PROMPTS.get(pending)
    if prompt is None:  # a question this version no longer asks
        turn.state.pending = None
        return False
    if typed.is_leave_word(text):
        leave(turn, cancelled=True)
        return True
    if prompt.read(turn, text) != "other":
        return True
    leave(turn, cancelled=False)
    session = turn.state.interview
    if session is not None and session.status != "feedback" and typed.looks_like_question(text):
        # a question in the middle of an answer: answered aside, the draft kept
        faq_flow.ask(turn, text)
        interview_flow.still_open(turn)
        return True
    return False
