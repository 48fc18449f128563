"""The mock interview once started: answer in parts, Done, feedback, retry or go on, summary."""

from __future__ import annotations

from collections import Counter

from bot.content.schema import InterviewQuestion
from bot.core.state import QuestionResult
from bot.core.turn import Turn
from bot.interview.practice import next_review
from bot.interview.scorer import MAX_SCORED_WORDS, ScoreResult
from bot.store.records import AnswerScored, SessionEnded

MAX_ANSWER_CHARS = 20_000  # kept per answer; the scorer reads the first MAX_SCORED_WORDS words
FEEDBACK_QUOTE = 110
# the summary names a best answer only when there is more than one to choose from
BEST_OF_AT_LEAST = 2


# --- answering ----------------------------------------------------------------------------


def current_question(turn: Turn) -> InterviewQuestion | None:
    session = turn.state.interview
    if session is None:
        return None
    return turn.core.knowledge.bank.get(session.current_id)


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


def done(turn: Turn) -> None:
    session = turn.state.interview
    question = current_question(turn)
    if session is None or question is None:
        turn.say("not_interviewing", turn.main_menu())
        return
    if session.status == "feedback":
        turn.notice(turn.render("expired"))
        return
    answer = "\n".join(session.parts).strip()
    if not answer:
        turn.say("answer_empty")
        return
    result = turn.core.knowledge.score(question, answer)
    record = session.result_for(question.id)
    previous = record.best
    record.attempts += 1
    if record.best is None or result.score >= record.best:
        record.best = result.score
        record.missed = [i.label for i in result.items if not i.met]
    session.status = "feedback"
    session.parts = []  # the text is not kept once scored (see /privacy)
    schedule = {s["question_id"]: s for s in turn.history.schedule}
    turn.record(
        AnswerScored(
            session_id=session.id,
            question_id=question.id,
            kind=question.kind,
            score=result.score,
            met=[i.id for i in result.items if i.met],
            missed=[i.id for i in result.items if not i.met],
            red_flags=[f.id for f in result.red_flags],
            words=result.words,
        ),
        next_review(question.id, result.score, turn.now, schedule.get(question.id)),
    )
    _feedback(turn, question, result, record, previous)


def _feedback(
    turn: Turn,
    question: InterviewQuestion,
    result: ScoreResult,
    record: QuestionResult,
    previous: int | None,
) -> None:
    session = turn.state.interview
    assert session is not None
    turn.state.bump()
    last = session.position + 1 >= len(session.question_ids)
    rows = [
        [turn.button("retry", "retry"), turn.button("outline", "outline")],
        [turn.button("finish", "next") if last else turn.button("next", "next")],
        [turn.button("end", "end")],
    ]
    met = [
        {"label": i.label, "evidence": _short(i.evidence or ""), "concrete": i.concrete}
        for i in result.items
        if i.met
    ]
    missed = [{"label": i.label, "tip": i.tip} for i in result.items if not i.met]
    flags = [
        {"label": f.label, "evidence": _short(f.evidence), "why": f.why} for f in result.red_flags
    ]
    cautions = [
        {"label": f.label, "evidence": _short(f.evidence), "why": f.why} for f in result.cautions
    ]
    star = (
        [(turn.label("star", part), found) for part, found in result.star.items()]
        if result.star
        else []
    )
    turn.say(
        "feedback",
        rows,
        score=result.score,
        attempt=record.attempts,
        previous=previous,
        english=result.english,
        red_flags=flags,
        cautions=cautions,
        off_topic=result.off_topic,
        keyword_list=result.keyword_list,
        question=question.question,
        met=met,
        missed=missed,
        star=star,
        words=result.words,
        length=result.length,
        truncated=result.truncated,
        scored_words=result.scored_words,
        specificity=result.specificity,
        genericness=result.genericness,
        hedges=result.hedges,
    )


def _short(text: str) -> str:
    if len(text) <= FEEDBACK_QUOTE:
        return text
    return text[:FEEDBACK_QUOTE].rsplit(" ", 1)[0] + "…"


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
        end(turn)
        return
    ask_current(turn)


def end(turn: Turn) -> None:
    session = turn.state.interview
    if session is None:
        turn.say("not_interviewing", turn.main_menu())
        return
    turn.state.interview = None
    turn.state.bump()
    scored = [r for r in session.results if r.best is not None]
    average = round(sum(r.best or 0 for r in scored) / len(scored)) if scored else None
    turn.record(SessionEnded(session.id, len(scored), average))
    if not scored:
        turn.say("interview_ended", turn.main_menu())
        return
    bank = turn.core.knowledge.bank
    rows = []
    for question_id in session.question_ids:
        result = next((r for r in session.results if r.question_id == question_id), None)
        question = bank.get(question_id)
        if result is None or question is None:
            continue
        rows.append({"question": question.question, "score": result.best})
    best_result = max(scored, key=lambda r: r.best or 0)
    best_question = bank.get(best_result.question_id) if len(scored) >= BEST_OF_AT_LEAST else None
    missed = Counter(label for r in scored for label in r.missed)
    weakest = min(scored, key=lambda r: r.best or 0)
    weakest_question = bank.get(weakest.question_id)
    advice = _advice(turn, weakest_question, weakest.best or 0)
    turn.say(
        "summary",
        [
            [turn.menu_button("practice", "practice")],
            [turn.menu_button("interview", "interview"), turn.menu_button("progress", "progress")],
        ],
        practice=session.practice,
        lines=rows,
        best={"question": best_question.question, "score": best_result.best}
        if best_question
        else None,
        average=average if len(scored) >= BEST_OF_AT_LEAST else None,
        missed=[label for label, _ in missed.most_common(3)],
        advice=advice,
    )


def _advice(turn: Turn, question: InterviewQuestion | None, score: int) -> str:
    if question is None:
        return ""
    kind = turn.label("kinds", question.kind)
    if score >= 80:
        return (
            f"Strong session. Keep it fresh with /practice, or try a new set of {kind} questions."
        )
    return (
        f"Practise next: “{question.question}” ({kind}, {score}/100). "
        "It comes back in /practice tomorrow; retry it with one real, specific example."
    )


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
