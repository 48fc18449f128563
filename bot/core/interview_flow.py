"""The mock interview once started: the question, the answer in parts, hints and the example
outline, retry, skip and next; the answer is scored in interview_feedback and the session
summed up in interview_summary."""

from __future__ import annotations

from bot.content.schema import InterviewQuestion
from bot.core import interview_summary
from bot.core.turn import Turn
from bot.interview.scorer import MAX_SCORED_WORDS

MAX_ANSWER_CHARS = 20_000  # kept per answer; the scorer reads the first MAX_SCORED_WORDS words


# --- answering ----------------------------------------------------------------------------


def current_question(turn: Turn) -> InterviewQuestion | None:
    session = turn.state.interview
    if session is None:
        return None
    return turn.knowledge.bank.get(session.current_id)


def ask_current(turn: Turn, *, replace: bool = False) -> None:
    """Ask the current question afresh (a new attempt: any draft is dropped)."""
    session = turn.state.interview
    if session is not None:
        session.status = "asking"
        session.parts = []
    show_current(turn, replace=replace)


def show_current(turn: Turn, *, replace: bool = False) -> None:
    """Show where the interview stands, keeping a draft answer and any feedback state."""
    session = turn.state.interview
    question = current_question(turn)
    if session is None or question is None:
        # the bank changed under a running session: drop the missing question
        if session is not None:
            _advance(turn)
        else:
            turn.say("not_interviewing", turn.main_menu())
        return
    if session.status == "feedback":
        outline(turn)
        return
    turn.state.bump()
    result = next((r for r in session.results if r.question_id == question.id), None)
    rows = [[turn.button("hint", "hint"), turn.button("skip", "skip"), turn.button("end", "end")]]
    if session.parts:
        rows.insert(0, [turn.button("done", "done")])
    turn.say(
        "interview_question",
        rows,
        replace=replace,
        number=session.position + 1,
        total=len(session.question_ids),
        kind=turn.label("kinds", question.kind),
        attempt=(result.attempts + 1) if result else 1,
        question=question.question,
        first=session.position == 0 and not session.results,
    )


def add_part(turn: Turn, text: str) -> None:
    session = turn.state.interview
    if session is None:
        return
    stored = sum(len(p) for p in session.parts)
    room = MAX_ANSWER_CHARS - stored
    if room > 0:
        session.parts.append(text[:room])
    first = session.status == "asking"
    words = sum(len(p.split()) for p in session.parts)
    crossed = words > MAX_SCORED_WORDS and words - len(text.split()) <= MAX_SCORED_WORDS
    session.status = "answering"
    if first or crossed:
        turn.state.bump()
        turn.say(
            "answer_received",
            [[turn.button("done", "done")]],
            truncated=words > MAX_SCORED_WORDS,
            limit=MAX_SCORED_WORDS,
        )


# --- while answering ----------------------------------------------------------------------


def hint(turn: Turn) -> None:
    question = current_question(turn)
    if question is None:
        turn.say("not_interviewing", turn.main_menu())
        return
    turn.say(
        "hint",
        why_asked=question.why_asked,
        labels=[i.label for i in question.checklist],
        star=question.star,
    )


def outline(turn: Turn) -> None:
    question = current_question(turn)
    session = turn.state.interview
    if question is None or session is None:
        turn.say("not_interviewing", turn.main_menu())
        return
    last = session.position + 1 >= len(session.question_ids)
    turn.state.bump()
    rows = [
        [turn.button("retry", "retry")],
        [turn.button("finish", "next") if last else turn.button("next", "next")],
        [turn.button("end", "end")],
    ]
    turn.say(
        "outline",
        rows,
        question=question.question,
        outline=question.outline,
        follow_ups=question.follow_ups,
    )


# --- moving on ----------------------------------------------------------------------------


def retry(turn: Turn, *, announce: bool = True) -> None:
    session = turn.state.interview
    if session is None:
        turn.say("not_interviewing", turn.main_menu())
        return
    if announce:
        ask_current(turn)
    else:
        session.status = "asking"
        session.parts = []


def skip(turn: Turn) -> None:
    session = turn.state.interview
    if session is None:
        turn.say("not_interviewing", turn.main_menu())
        return
    session.result_for(session.current_id)
    _advance(turn)


def next_question(turn: Turn) -> None:
    if turn.state.interview is None:
        turn.say("not_interviewing", turn.main_menu())
        return
    _advance(turn)


def _advance(turn: Turn) -> None:
    session = turn.state.interview
    assert session is not None
    session.position += 1
    if session.position >= len(session.question_ids):
        interview_summary.end(turn)
        return
    ask_current(turn)


# --- asides -------------------------------------------------------------------------------


def still_open(turn: Turn) -> None:
    """After an aside (/ask, a question typed elsewhere): the interview is still open, and
    the way back to it."""
    session = turn.state.interview
    if session is None:
        return
    if session.status == "feedback":
        last = session.position + 1 >= len(session.question_ids)
        rows = [[turn.button("finish" if last else "next", "next"), turn.button("end", "end")]]
    else:
        rows = [[turn.button("back_to_interview", "resume")]]
        if session.parts:
            rows[0].insert(0, turn.button("done", "done"))
    turn.say(
        "paused_note",
        rows,
        number=session.position + 1,
        total=len(session.question_ids),
        feedback=session.status == "feedback",
        has_draft=bool(session.parts),
    )
