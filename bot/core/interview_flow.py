"""The mock interview: pick a track, answer in parts, Done, feedback, retry or go on, summary."""

from __future__ import annotations

import random
from collections import Counter

from bot.content.schema import InterviewQuestion
from bot.core import buttons
from bot.core.replies import Button
from bot.core.state import InterviewSession, QuestionResult
from bot.core.turn import Turn
from bot.interview.bank import TRACKS
from bot.interview.practice import due_questions, next_review
from bot.interview.scorer import MAX_SCORED_WORDS, ScoreResult
from bot.store.records import AnswerScored, SessionEnded, SessionStarted

LENGTHS = (3, 5, 10)
QUICK_MIX = 5
MAX_ANSWER_CHARS = 20_000  # kept per answer; the scorer reads the first MAX_SCORED_WORDS words
PRACTICE_SIZE = 5
FEEDBACK_QUOTE = 110
OPENERS = ("tell-me-about-yourself", "walk-through-cv")
CLOSERS = ("questions-for-us",)


# --- starting -----------------------------------------------------------------------------


def start_menu(turn: Turn) -> None:
    if turn.state.interview is not None:
        offer_resume(turn)
        return
    tracks_menu(turn)


def offer_resume(turn: Turn, *, expired: bool = False) -> None:
    """Continue the interview in progress, or start a new one (old buttons are retired)."""
    session = turn.state.interview
    assert session is not None
    turn.state.bump()
    turn.say(
        "interview_resume",
        [[turn.button("continue", "resume"), turn.button("start_new", "restart")]],
        number=session.position + 1,
        total=len(session.question_ids),
        has_draft=bool(session.parts),
        expired=expired,
    )


def tracks_menu(turn: Turn, *, replace: bool = False) -> None:
    turn.state.bump()
    turn.state.pending = None
    names = [t for t in TRACKS if turn.core.knowledge.bank.for_track(t)]
    cells = [turn_button(turn, "tracks", name, "track", name) for name in names]
    rows = [cells[:1], *[cells[i : i + 2] for i in range(1, len(cells), 2)]]
    turn.say("interview_tracks", rows, replace=replace)


def turn_button(turn: Turn, section: str, key: str, action: str, arg: str) -> Button:
    return buttons.step(turn.label(section, key), turn.state.step, action, arg)


def choose_track(turn: Turn, track: str) -> None:
    if track not in TRACKS:
        tracks_menu(turn)
        return
    if track == "mixed":
        start(turn, "mixed", QUICK_MIX)
        return
    turn.state.pending_track = track
    if track == "specialty":
        specialty = turn.state.profile.specialty
        if specialty is None or not turn.core.knowledge.bank.for_track("specialty", specialty):
            specialty_menu(turn, action="spec")
            return
    length_menu(turn)


def specialty_menu(turn: Turn, action: str, *, replace: bool = True) -> None:
    turn.state.bump()
    turn.state.pending = "specialty"
    names = turn.core.knowledge.bank.specialties()
    cells = [turn_button(turn, "specialties", name, action, name) for name in names]
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    turn.say("interview_specialty", rows, replace=replace)


def choose_specialty(turn: Turn, specialty: str) -> None:
    if specialty not in turn.core.knowledge.bank.specialties():
        specialty_menu(turn, action="spec")
        return
    turn.state.profile.specialty = specialty
    turn.state.pending_track = "specialty"
    length_menu(turn)


def length_menu(turn: Turn) -> None:
    turn.state.bump()
    turn.state.pending = "length"
    track = turn.state.pending_track or "mixed"
    available = len(_candidates(turn, track))
    sizes = [n for n in LENGTHS if n <= available] or [max(1, available)]
    cells = [buttons.step(str(n), turn.state.step, "len", str(n)) for n in sizes]
    turn.say("interview_length", [cells], replace=True, track=turn.label("tracks", track))


def choose_length(turn: Turn, size: str) -> None:
    track = turn.state.pending_track or "mixed"
    count = int(size) if size.isdigit() else QUICK_MIX
    start(turn, track, max(1, min(count, max(LENGTHS))))


def _candidates(turn: Turn, track: str) -> list[InterviewQuestion]:
    bank = turn.core.knowledge.bank
    if track == "specialty":
        return bank.for_track("specialty", turn.state.profile.specialty)
    return bank.for_track(track)


def _select(turn: Turn, track: str, count: int) -> list[str]:
    """Questions for a new session: unseen first, weak ones next, in an interview's order."""
    rng = random.Random(f"{turn.incoming.user_id}|{turn.now.isoformat()}|{track}")
    seen = Counter(a["question_id"] for a in turn.history.answers)
    best: dict[str, int] = {}
    for answer in turn.history.answers:
        best[answer["question_id"]] = max(best.get(answer["question_id"], 0), int(answer["score"]))

    def ranked(pool: list[InterviewQuestion]) -> list[InterviewQuestion]:
        shuffled = pool[:]
        rng.shuffle(shuffled)
        return sorted(shuffled, key=lambda q: (seen[q.id] > 0, best.get(q.id, 0)))

    bank = turn.core.knowledge.bank
    if track == "mixed":
        kinds = ["traditional", "behavioral", "img", "ethics", "program"]
        if turn.state.profile.country == "canada":
            kinds[2] = "canada"
        specialty = turn.state.profile.specialty
        if specialty and bank.for_track("specialty", specialty):
            kinds[3] = "specialty"
        chosen: list[InterviewQuestion] = []
        taken: set[str] = set()
        for kind in kinds[:count]:
            pool = [
                q
                for q in bank.questions
                if q.kind == kind
                and q.id not in taken
                and (kind != "specialty" or q.specialty == specialty)
            ]
            if pool:
                chosen.append(ranked(pool)[0])
                taken.add(chosen[-1].id)
    else:
        chosen = ranked(_candidates(turn, track))[:count]
    chosen.sort(key=lambda q: (q.id not in OPENERS, q.id in CLOSERS))
    return [q.id for q in chosen]


def start(turn: Turn, track: str, count: int, question_ids: list[str] | None = None) -> None:
    ids = question_ids or _select(turn, track, count)
    if not ids:
        tracks_menu(turn)
        return
    session_id = f"{turn.incoming.user_id}-{turn.now.strftime('%Y%m%d%H%M%S%f')}"
    turn.state.interview = InterviewSession(
        id=session_id, track=track, question_ids=ids, practice=question_ids is not None
    )
    turn.state.pending = None
    turn.state.pending_track = None
    turn.record(SessionStarted(session_id, track, len(ids)))
    ask_current(turn, replace=True)


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
    best_question = bank.get(best_result.question_id)
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
        average=average,
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


# --- practice -----------------------------------------------------------------------------


def practice(turn: Turn) -> None:
    history = turn.history
    bank = turn.core.knowledge.bank
    due = [q for q in due_questions(history.schedule, turn.now) if bank.get(q)]
    if due:
        start(turn, "practice", len(due[:PRACTICE_SIZE]), due[:PRACTICE_SIZE])
        return
    tried = {a["question_id"] for a in history.answers}
    specialty = turn.state.profile.specialty
    fresh = [q for q in bank.questions if q.id not in tried]
    fresh.sort(key=lambda q: (q.specialty != specialty or specialty is None, q.kind == "specialty"))
    upcoming = min((s["due"] for s in history.schedule), default=None)
    turn.say(
        "practice_none",
        next_due=upcoming.strftime("%-d %b") if upcoming else None,
        new=bool(fresh),
    )
    if fresh:
        start(turn, "practice", 3, [q.id for q in fresh[:3]])
