"""Starting a mock interview: the track, specialty and length pickers, picking the questions."""

from __future__ import annotations

import random
from collections import Counter

from bot.content.schema import InterviewQuestion
from bot.core import buttons, interview_flow, typed
from bot.core.records import SessionStarted
from bot.core.replies import Button
from bot.core.state import InterviewSession
from bot.core.turn import Turn
from bot.interview.bank import TRACKS
from bot.interview.practice import due_questions

LENGTHS = (3, 5, 10)
QUICK_MIX = 5
PRACTICE_SIZE = 5
OPENERS = ("tell-me-about-yourself", "walk-through-cv")
CLOSERS = ("questions-for-us",)


# --- the pickers ----------------------------------------------------------------------------


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


def _tracks(turn: Turn) -> list[str]:
    return [t for t in TRACKS if turn.knowledge.bank.for_track(t)]


def tracks_menu(turn: Turn, *, replace: bool = False, again: bool = False) -> None:
    turn.state.bump()
    turn.state.pending = "track"
    cells = [_button(turn, "tracks", name, "track", name) for name in _tracks(turn)]
    rows = [cells[:1], *[cells[i : i + 2] for i in range(1, len(cells), 2)]]
    turn.say("interview_tracks", rows, replace=replace, again=again)


def _button(turn: Turn, section: str, key: str, action: str, arg: str) -> Button:
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
        if specialty is None or not turn.knowledge.bank.for_track("specialty", specialty):
            specialty_menu(turn)
            return
    length_menu(turn)


def specialty_menu(turn: Turn, *, replace: bool = True, again: bool = False) -> None:
    turn.state.bump()
    turn.state.pending = "specialty"
    names = turn.knowledge.bank.specialties()
    cells = [_button(turn, "specialties", name, "spec", name) for name in names]
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    turn.say("interview_specialty", rows, replace=replace, again=again)


def choose_specialty(turn: Turn, specialty: str) -> None:
    if specialty not in turn.knowledge.bank.specialties():
        specialty_menu(turn)
        return
    turn.state.profile.specialty = specialty
    turn.state.pending_track = "specialty"
    length_menu(turn)


def _sizes(available: int) -> list[int]:
    """The lengths worth offering: the usual ones below what there is, and all of it."""
    sizes = [n for n in LENGTHS if n < available]
    if available <= max(LENGTHS):
        sizes.append(max(1, available))
    return sizes


def length_menu(turn: Turn, *, again: bool = False) -> None:
    track = turn.state.pending_track or "mixed"
    sizes = _sizes(len(_candidates(turn, track)))
    if len(sizes) == 1:  # a choice of one is no choice: start
        start(turn, track, sizes[0])
        return
    turn.state.bump()
    turn.state.pending = "length"
    cells = [buttons.step(str(n), turn.state.step, "len", str(n)) for n in sizes]
    turn.say(
        "interview_length", [cells], replace=True, track=turn.label("tracks", track), again=again
    )


def choose_length(turn: Turn, size: str) -> None:
    track = turn.state.pending_track or "mixed"
    # a button's own argument, or a forged one ("²" is a digit int() refuses)
    count = int(size) if size.isdecimal() and len(size) <= 9 else QUICK_MIX
    start(turn, track, max(1, min(count, max(LENGTHS))))


# --- typed answers to the pickers (see bot.core.pending) -----------------------------------


def read_track(turn: Turn, text: str) -> str:
    options = [(name, turn.label("tracks", name)) for name in _tracks(turn)]
    chosen = typed.match_option(text, options, _synonyms(turn))
    if chosen is not None:
        choose_track(turn, chosen)
        return "taken"
    if _worth_asking_again(turn, text):
        tracks_menu(turn, again=True)
        return "again"
    return "other"


def read_specialty(turn: Turn, text: str) -> str:
    names = turn.knowledge.bank.specialties()
    options = [(name, turn.label("specialties", name)) for name in names]
    chosen = typed.match_option(text, options, _synonyms(turn))
    if chosen is not None:
        choose_specialty(turn, chosen)
        return "taken"
    if _worth_asking_again(turn, text):
        specialty_menu(turn, replace=False, again=True)
        return "again"
    return "other"


def read_length(turn: Turn, text: str) -> str:
    count = typed.parse_count(text)
    if count is not None:
        choose_length(turn, str(count))
        return "taken"
    if _worth_asking_again(turn, text):
        length_menu(turn, again=True)
        return "again"
    return "other"


def _synonyms(turn: Turn) -> dict[str, str]:
    return turn.knowledge.content.vocabulary.synonyms


def _worth_asking_again(turn: Turn, text: str) -> bool:
    return typed.could_be_choice(text) and turn.smalltalk.kind(text) is None


# --- the questions ---------------------------------------------------------------------------


def _candidates(turn: Turn, track: str) -> list[InterviewQuestion]:
    bank = turn.knowledge.bank
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

    bank = turn.knowledge.bank
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
    interview_flow.ask_current(turn, replace=True)


def practice(turn: Turn) -> None:
    history = turn.history
    bank = turn.knowledge.bank
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
