"""The dialog core: (user state, event) -> (new state, replies). Knows nothing of Telegram."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core import (
    account_flow,
    buttons,
    faq_flow,
    interview_flow,
    interview_setup,
    pending,
    progress_flow,
)
from bot.core.events import Command, Incoming, Press, Text, Unsupported
from bot.core.replies import Outcome
from bot.core.smalltalk import SmallTalk
from bot.core.state import UserState
from bot.core.turn import NoHistory, Reader, Turn
from bot.knowledge import Knowledge
from bot.render import Renderer

# Typed words that act like the interview's buttons (handy in the terminal, too).
INTERVIEW_WORDS = {
    "done": interview_flow.done,
    "skip": interview_flow.skip,
    "hint": interview_flow.hint,
    "end": interview_flow.end,
    "stop": interview_flow.end,
    "next": interview_flow.next_question,
    "retry": interview_flow.retry,
    "outline": interview_flow.outline,
}
# A longer message typed after feedback is a new attempt at the same question.
RETRY_BY_TYPING_WORDS = 25

ChartMaker = Callable[[list[tuple[str, list[int]]]], bytes | None]


def needs_scoring(event: object) -> bool:
    """True when the event may score an answer (adapters show "typing…" meanwhile)."""
    match event:
        case Command(name="done"):
            return True
        case Text(text=text):
            return text.strip().lower().strip(".!/") == "done"
        case Press(data=data):
            payload = buttons.parse(data)
            return payload is not None and payload.verb == "s" and payload.arg == "done"
    return False


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
        turn = Turn(self, state, incoming, reader or NoHistory())
        match incoming.event:
            case Command(name=name, arg=arg):
                self._command(turn, name, arg)
            case Press(data=data):
                self._press(turn, data)
            case Text(text=text):
                self._text(turn, text)
            case Unsupported(kind=kind):
                interviewing = state.interview is not None and state.interview.status != "feedback"
                rows = [] if interviewing else turn.main_menu()
                turn.say("unsupported", rows, kind=kind, interviewing=interviewing)
        turn.flush_lead()
        return turn.out

    # --- commands ---------------------------------------------------------------------

    def _command(self, turn: Turn, name: str, arg: str) -> None:
        state = turn.state
        pending.on_command(turn, name)
        if name == "start":
            if arg == "interview":
                interview_setup.start_menu(turn)
            elif arg.startswith("faq_") and faq_flow.show_entry(turn, arg[4:].replace("_", "-")):
                pass
            else:
                turn.say("welcome", turn.main_menu(), returning=state.seen_welcome, name=None)
                state.seen_welcome = True
            return
        simple: dict[str, Callable[[Turn], None]] = {
            "help": lambda t: t.say("help", t.main_menu()),
            "topics": faq_flow.topics,
            "interview": interview_setup.start_menu,
            "done": interview_flow.done,
            "skip": interview_flow.skip,
            "hint": interview_flow.hint,
            "end": interview_flow.end,
            "next": interview_flow.next_question,
            "retry": interview_flow.retry,
            "outline": interview_flow.outline,
            "progress": progress_flow.progress,
            "practice": interview_setup.practice,
            "profile": account_flow.profile,
            "privacy": account_flow.privacy,
            "export": account_flow.export,
            "deletemydata": account_flow.ask_delete,
        }
        if name in simple:
            simple[name](turn)
        elif name == "ask":
            if arg.strip():
                faq_flow.ask(turn, arg)
                interview_flow.still_open(turn)
            else:
                turn.say("help", turn.main_menu())
        elif name == "remind":
            account_flow.remind(turn, arg)
        elif name == "stats" and turn.incoming.is_admin:
            account_flow.stats(turn)
        else:
            turn.say("unknown_command", name=name[:40])

    # --- buttons ----------------------------------------------------------------------

    def _press(self, turn: Turn, data: str) -> None:
        payload = buttons.parse(data)
        if payload is None:
            self._expired(turn)
            return
        verb, arg = payload.verb, payload.arg
        if verb in ("f", "c"):
            if not faq_flow.show_entry(turn, arg, replace=verb == "c"):
                self._expired(turn)
        elif verb == "v":
            faq_flow.vote(turn, arg, payload.extra == "+")
        elif verb == "g":
            faq_flow.group(turn, arg)
        elif verb == "m":
            menus: dict[str, Callable[[Turn], None]] = {
                "interview": interview_setup.start_menu,
                "topics": lambda t: faq_flow.topics(t),
                "help": lambda t: t.say("help", t.main_menu()),
                "progress": progress_flow.progress,
                "practice": interview_setup.practice,
            }
            menus.get(arg, self._expired)(turn)
        elif payload.step != turn.state.step:
            self._stale_press(turn, arg)
        else:
            self._step_action(turn, arg, payload.extra)

    def _step_action(self, turn: Turn, action: str, arg: str) -> None:
        state = turn.state
        session = state.interview
        actions: dict[str, Callable[[Turn], None]] = {
            "hint": interview_flow.hint,
            "skip": interview_flow.skip,
            "end": interview_flow.end,
            "done": interview_flow.done,
            "retry": interview_flow.retry,
            "outline": interview_flow.outline,
            "next": interview_flow.next_question,
            "resume": interview_flow.show_current,
        }
        if action in actions:
            actions[action](turn)
        elif action == "restart":
            if session is not None:
                interview_flow.end(turn)
            interview_setup.tracks_menu(turn)
        elif action == "track":
            interview_setup.choose_track(turn, arg)
        elif action == "spec":
            interview_setup.choose_specialty(turn, arg)
        elif action == "len":
            interview_setup.choose_length(turn, arg)
        elif action == "delete":
            account_flow.confirm_delete(turn, arg)
        elif action == "prof":
            account_flow.profile(turn, asking=arg if arg in ("specialty", "country") else None)
        elif action == "prof-spec":
            account_flow.set_specialty(turn, arg)
        elif action == "prof-country":
            account_flow.set_country(turn, arg)
        else:
            self._expired(turn)

    def _stale_press(self, turn: Turn, action: str) -> None:
        session = turn.state.interview
        if action == "done" and session is not None and session.status == "feedback":
            # a double tap on Done: the first tap already scored the answer
            turn.notice(turn.render("expired"))
            return
        self._expired(turn)

    def _expired(self, turn: Turn) -> None:
        if turn.state.interview is not None:
            interview_setup.offer_resume(turn, expired=True)
        else:
            turn.say("expired", turn.main_menu(), notice=turn.render("expired"))

    # --- text -------------------------------------------------------------------------

    def _text(self, turn: Turn, text: str) -> None:
        state = turn.state
        if pending.on_text(turn, text):
            return
        session = state.interview
        if session is None:
            faq_flow.ask(turn, text)
            return
        word = text.strip().lower().strip(".!/")
        if word in INTERVIEW_WORDS:
            INTERVIEW_WORDS[word](turn)
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
