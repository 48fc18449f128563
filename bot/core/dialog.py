"""The dialog core: (user state, event) -> (new state, replies). Knows nothing of Telegram.

What each command, typed word and button does is in bot.core.commands; this module routes
an event there, or to the FAQ, the question the bot waits on, or the answer being typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core import buttons, commands, faq_flow, interview_flow, interview_setup, pending
from bot.core.commands import needs_scoring
from bot.core.events import Command, Incoming, Press, Text, Unsupported
from bot.core.records import NoHistory, Reader
from bot.core.replies import Outcome
from bot.core.smalltalk import SmallTalk
from bot.core.state import UserState
from bot.core.turn import ChartMaker, Turn
from bot.knowledge import Knowledge
from bot.render import Renderer

__all__ = ["ChartMaker", "Core", "needs_scoring"]

# A longer message typed after feedback is a new attempt at the same question.
RETRY_BY_TYPING_WORDS = 25


@dataclass
class Core:
    knowledge: Knowledge
    renderer: Renderer
    chart: ChartMaker | None = None
    smalltalk: SmallTalk = field(init=False)

    def __post_init__(self) -> None:
        self.smalltalk = SmallTalk(self.knowledge.content.vocabulary.smalltalk)

    def handle(self, state: UserState, incoming: Incoming, reader: Reader | None = None) -> Outcome:
        """Apply one event to the state (changed in place) and return what to say and keep."""
        turn = Turn(
            knowledge=self.knowledge,
            renderer=self.renderer,
            smalltalk=self.smalltalk,
            chart=self.chart,
            state=state,
            incoming=incoming,
            reader=reader or NoHistory(),
        )
        match incoming.event:
            case Command(name=name, arg=arg):
                _command(turn, name, arg)
            case Press(data=data):
                _press(turn, data)
            case Text(text=text):
                _text(turn, text)
            case Unsupported(kind=kind):
                interviewing = state.interview is not None and state.interview.status != "feedback"
                rows = [] if interviewing else turn.main_menu()
                turn.say("unsupported", rows, kind=kind, interviewing=interviewing)
        turn.flush_lead()
        return turn.out


def _command(turn: Turn, name: str, arg: str) -> None:
    pending.on_command(turn, name)
    action = commands.command(name, admin=turn.incoming.is_admin)
    if action is None or action.run is None:
        turn.say("unknown_command", name=name[:40])
        return
    action.run(turn, arg)


def _press(turn: Turn, data: str) -> None:
    payload = buttons.parse(data)
    if payload is None:
        _expired(turn)
        return
    verb, arg = payload.verb, payload.arg
    if verb in ("f", "c"):
        if not faq_flow.show_entry(turn, arg, replace=verb == "c"):
            _expired(turn)
    elif verb == "v":
        faq_flow.vote(turn, arg, payload.extra == "+")
    elif verb == "g":
        faq_flow.group(turn, arg)
    elif verb == "m":
        action = commands.main_menu_button(arg)
        if action is None or action.run is None:
            _expired(turn)
        else:
            action.run(turn, "")
    elif payload.step != turn.state.step:
        _stale_press(turn, arg)
    else:
        action = commands.step_button(arg)
        if action is None or action.run is None:
            _expired(turn)
        else:
            action.run(turn, payload.extra)


def _stale_press(turn: Turn, action: str) -> None:
    session = turn.state.interview
    if action == "done" and session is not None and session.status == "feedback":
        # a double tap on Done: the first tap already scored the answer
        turn.notice(turn.render("expired"))
        return
    _expired(turn)


def _expired(turn: Turn) -> None:
    if turn.state.interview is not None:
        interview_setup.offer_resume(turn, expired=True)
    else:
        turn.say("expired", turn.main_menu(), notice=turn.render("expired"))


def _text(turn: Turn, text: str) -> None:
    if pending.on_text(turn, text):
        return
    session = turn.state.interview
    if session is None:
        faq_flow.ask(turn, text)
        return
    action = commands.typed_word(text)
    if action is not None and action.run is not None:
        action.run(turn, "")
    elif session.status in ("asking", "answering"):
        if text.strip():
            interview_flow.add_part(turn, text)
        else:
            turn.say("answer_empty")
    elif len(text.split()) >= RETRY_BY_TYPING_WORDS:
        interview_flow.retry(turn, announce=False)
        interview_flow.add_part(turn, text)
    else:
        faq_flow.ask(turn, text)
        interview_flow.still_open(turn)
