"""The end of a mock interview: the session recorded, and its summary with what to practise."""

from __future__ import annotations

from collections import Counter

from bot.content.schema import InterviewQuestion
from bot.core.records import SessionEnded
from bot.core.turn import Turn

# the summary names a best answer only when there is more than one to choose from
BEST_OF_AT_LEAST = 2
STRONG_SESSION = 80  # the weakest answer scored at least this: no single question to redo


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
    bank = turn.knowledge.bank
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
    """What to do next, worded in prompts/labels.yaml (`advice`)."""
    if question is None:
        return ""
    kind = turn.label("kinds", question.kind)
    if score >= STRONG_SESSION:
        return turn.label("advice", "strong").format(kind=kind)
    return turn.label("advice", "weakest").format(
        question=question.question, kind=kind, score=score
    )
