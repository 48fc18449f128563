"""Done: the answer is scored, recorded and scheduled for practice, and the feedback shown."""

from __future__ import annotations

from typing import Any

from bot.content.schema import InterviewQuestion
from bot.core.interview_flow import current_question
from bot.core.records import AnswerScored
from bot.core.state import QuestionResult
from bot.core.turn import Turn
from bot.interview.hollow import FIRM_FROM
from bot.interview.practice import next_review
from bot.interview.scorer import ScoreResult

FEEDBACK_QUOTE = 110


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
    result = turn.knowledge.score(question, answer)
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
        star=star,
        **feedback_details(result, question),
    )


def feedback_details(result: ScoreResult, question: InterviewQuestion) -> dict[str, Any]:
    """What feedback.j2 shows of a scored answer, beyond the score, attempts and STAR labels."""
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
    return {
        "english": result.english,
        "red_flags": flags,
        "cautions": cautions,
        "off_topic": result.off_topic,
        "keyword_list": result.keyword_list,
        # "firm", "gentle" or None: every point the hollow-answer reader takes is named
        "talks_around": (
            None
            if result.hollow_cost <= 0
            else "firm"
            if result.hollow_cost >= FIRM_FROM
            else "gentle"
        ),
        "impersonal": result.impersonal,
        "question": question.question,
        "met": met,
        "missed": missed,
        "words": result.words,
        "length": result.length,
        "truncated": result.truncated,
        "scored_words": result.scored_words,
        "specificity": result.specificity,
        "genericness": result.genericness,
        "hedges": result.hedges,
    }


def _short(text: str) -> str:
    if len(text) <= FEEDBACK_QUOTE:
        return text
    return text[:FEEDBACK_QUOTE].rsplit(" ", 1)[0] + "…"
