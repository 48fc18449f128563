"""The six questions of /roadmap: asked with buttons, read when typed, skipped, recorded (the
country and specialty in the profile, the rest in the roadmap's answers), then the next one, and
the plan when the last is answered (or the one being changed)."""

from __future__ import annotations

from bot.core import typed
from bot.core.replies import Button
from bot.core.turn import Turn
from bot.roadmap import answers as read
from bot.roadmap.context import (
    COUNTRY_TO_PROFILE,
    PROFILE_TO_COUNTRY,
    button,
    country_of,
    read_exam_keys,
    rules_of,
    step_button,
    today_of,
    years_of,
)
from bot.roadmap.pages import show_plan
from bot.roadmap.state import QUESTIONS, Question

GRAD_BUTTONS = 5
_STATUS_CHOICES = {
    "us": ("us-citizen", "us-green-card", "needs-visa", "h1b"),
    "ca": ("ca-citizen", "ca-pr", "none"),
    "both": ("us-citizen", "us-green-card", "ca-citizen", "ca-pr", "none", "none-h1b"),
}
_STATUS_VALUES = {  # button value -> (status, aiming for an H-1B)
    "us-citizen": ("us-citizen", False),
    "us-green-card": ("us-green-card", False),
    "needs-visa": ("needs-visa", False),
    "h1b": ("needs-visa", True),
    "ca-citizen": ("ca-citizen", False),
    "ca-pr": ("ca-pr", False),
    "none": ("none", False),
    "none-h1b": ("none", True),
}
_EXAMS_BY_COUNTRY = {
    "us": ("step1", "step2ck", "step3", "oet"),
    "ca": ("mccqe1", "nac"),
    "both": ("step1", "step2ck", "step3", "oet", "mccqe1", "nac"),
}
_EXAMS_DONE_WORDS = frozenset(
    {"done", "that s all", "thats all", "finish", "finished", "ok", "that s it"}
)


def show(turn: Turn) -> None:
    """The plan (page 1, with what changed since last time), or the questions first."""
    roadmap = turn.state.roadmap
    if rules_of(turn) is None:
        turn.say("roadmap_text", what="unavailable")
        return
    if not roadmap.complete:
        question = roadmap.asking or _first_open(turn)
        ask(turn, question, intro=roadmap.asking is None)
        return
    show_plan(turn, fresh=True)


def read_typed(turn: Turn, text: str) -> str:
    """A typed answer to the question on screen: "taken", "again" or "other" (bot.core.pending)."""
    roadmap = turn.state.roadmap
    question = roadmap.asking
    if question is None:
        return "other"
    if read.is_skip(text):
        skip(turn)
        return "taken"
    value = _read_answer(turn, question, text)
    if value is not None:
        answer(turn, question, value)
        return "taken"
    if question == "exams" and typed.normalise(text) in _EXAMS_DONE_WORDS:
        set_exams(turn, set(roadmap.picked))
        return "taken"
    if typed.could_be_choice(text) and turn.smalltalk.kind(text) is None:
        ask(turn, question, again=True)
        return "again"
    return "other"


def _first_open(turn: Turn) -> Question:
    roadmap = turn.state.roadmap
    given = _given(turn)
    for question in QUESTIONS:
        if not given[question] and question not in roadmap.answers.skipped:
            return question
    return QUESTIONS[0]


def _given(turn: Turn) -> dict[str, bool]:
    a = turn.state.roadmap.answers
    return {
        "country": turn.state.profile.country is not None,
        "year": a.match_year is not None,
        "grad": a.grad_year is not None,
        "status": a.status is not None,
        "exams": False,
        "specialty": a.specialty is not None or turn.state.profile.specialty is not None,
    }


def ask(
    turn: Turn,
    question: Question,
    *,
    intro: bool = False,
    again: bool = False,
    replace: bool = False,
) -> None:
    state = turn.state
    roadmap = state.roadmap
    state.bump()
    if roadmap.asking != question and question == "exams":
        roadmap.picked = list(roadmap.answers.done)
    roadmap.asking = question
    state.pending = "roadmap"
    rows = _options(turn, question)
    rows.append([button(turn, "skip", "rm-skip")])
    _offered, default = years_of(turn)
    turn.say(
        "roadmap_question",
        rows,
        replace=replace,
        question=question,
        number=QUESTIONS.index(question) + 1,
        total=len(QUESTIONS),
        intro=intro,
        again=again,
        editing=roadmap.editing,
        where=_where(turn),
        default=default if question == "year" else None,
        picked=[turn.label("roadmap", e) for e in roadmap.picked],
        current=_current(turn, question) if roadmap.editing else None,
    )


def _options(turn: Turn, question: Question) -> list[list[Button]]:
    state = turn.state
    country = country_of(turn)
    if question == "country":
        return [[button(turn, c, "rm-a", c) for c in ("us", "ca", "both")]]
    if question == "year":
        offered, default = years_of(turn)
        return [
            [
                step_button(_year_label(turn, year, default), turn, "rm-a", str(year))
                for year in offered
            ]
        ]
    if question == "grad":
        this_year = today_of(turn).year
        years = [this_year + 1 - i for i in range(GRAD_BUTTONS)]
        cells = [step_button(str(y), turn, "rm-a", str(y)) for y in years]
        return [cells[:3], cells[3:]]
    if question == "status":
        cells = [button(turn, v, "rm-a", v) for v in _STATUS_CHOICES[country]]
        return [cells[i : i + 2] for i in range(0, len(cells), 2)]
    if question == "exams":
        picked = set(state.roadmap.picked)
        cells = [
            step_button(
                ("✅ " if e in picked else "▫️ ") + turn.label("roadmap", e), turn, "rm-x", e
            )
            for e in _EXAMS_BY_COUNTRY[country]
        ]
        rows = [cells[i : i + 3] for i in range(0, len(cells), 3)]
        rows.append(
            [button(turn, "exams_done", "rm-xd"), button(turn, "exams_none", "rm-xd", "none")]
        )
        return rows
    names = turn.knowledge.bank.specialties()
    cells = [step_button(turn.label("specialties", n), turn, "rm-a", n) for n in names]
    return [cells[i : i + 2] for i in range(0, len(cells), 2)]


def _read_answer(turn: Turn, question: Question, text: str) -> str | None:
    """A typed answer as the value its button would carry."""
    if question == "country":
        return read.read_country(text)
    if question == "year":
        offered, _ = years_of(turn)
        year = read.read_year(text, offered)
        return str(year) if year else None
    if question == "grad":
        year = read.read_grad_year(text, today_of(turn).year)
        return str(year) if year else None
    if question == "status":
        found = read.read_status(text, country_of(turn))
        if found is None:
            return None
        return next(
            (
                k
                for k, v in _STATUS_VALUES.items()
                if v == found and k in _STATUS_CHOICES[country_of(turn)]
            ),
            None,
        )
    if question == "exams":
        exams = read.read_exams(text)
        return None if exams is None else ",".join(sorted(exams)) or "none"
    names = turn.knowledge.bank.specialties()
    options = [(n, turn.label("specialties", n)) for n in names]
    if turn.smalltalk.kind(text) is not None:
        return None
    return read.read_specialty(text, options, turn.knowledge.content.vocabulary.synonyms)


def answer(turn: Turn, question: Question, value: str) -> None:
    state = turn.state
    a = state.roadmap.answers
    if question == "country" and value in COUNTRY_TO_PROFILE:
        state.profile.country = COUNTRY_TO_PROFILE[value]  # type: ignore[assignment]
    elif question == "year" and value.isdigit() and int(value) in years_of(turn)[0]:
        a.match_year = int(value)
    elif question == "grad" and value.isdigit():
        a.grad_year = int(value)
    elif question == "status" and value in _STATUS_VALUES:
        a.status, a.wants_h1b = _STATUS_VALUES[value]
    elif question == "exams":
        set_exams(turn, set() if value == "none" else set(value.split(",")) & set(read_exam_keys()))
        return
    elif question == "specialty":
        if value in turn.knowledge.bank.specialties():
            state.profile.specialty = value
            a.specialty = None
        else:
            a.specialty = value
    else:
        ask(turn, question, again=True)
        return
    if question in a.skipped:
        a.skipped.remove(question)
    _advance(turn, question)


def set_exams(turn: Turn, exams: set[str]) -> None:
    roadmap = turn.state.roadmap
    roadmap.answers.done = [e for e in read_exam_keys() if e in exams]
    roadmap.picked = []
    if "exams" in roadmap.answers.skipped:
        roadmap.answers.skipped.remove("exams")
    _advance(turn, "exams")


def skip(turn: Turn) -> None:
    roadmap = turn.state.roadmap
    question = roadmap.asking
    assert question is not None
    if roadmap.editing:  # the answer stays as it was
        _advance(turn, question)
        return
    if question == "year" and roadmap.answers.match_year is None:
        roadmap.answers.match_year = years_of(turn)[1]  # the next Match that can still be met
    if question not in roadmap.answers.skipped:
        roadmap.answers.skipped.append(question)
    _advance(turn, question)


def _advance(turn: Turn, question: Question) -> None:
    roadmap = turn.state.roadmap
    if roadmap.editing or question == QUESTIONS[-1]:
        roadmap.editing = False
        roadmap.asking = None
        roadmap.picked = []
        roadmap.complete = True
        turn.state.pending = None
        show_plan(turn, fresh=True)
        return
    ask(turn, QUESTIONS[QUESTIONS.index(question) + 1])


def answer_lines(turn: Turn) -> list[tuple[str, str]]:
    return [(turn.label("roadmap", f"q-{q}"), _current(turn, q) or "—") for q in QUESTIONS]


def _current(turn: Turn, question: Question) -> str | None:
    a = turn.state.roadmap.answers
    skipped = turn.label("roadmap", "skipped") if question in a.skipped else None
    if question == "country":
        country = turn.state.profile.country
        return turn.label("roadmap", PROFILE_TO_COUNTRY[country]) if country else skipped
    if question == "year":
        return str(a.match_year) if a.match_year else skipped
    if question == "grad":
        return str(a.grad_year) if a.grad_year else skipped
    if question == "status":
        if a.status is None:
            return skipped
        key = {("needs-visa", True): "h1b", ("none", True): "none-h1b"}.get(
            (a.status, a.wants_h1b), a.status
        )
        return turn.label("roadmap", key)
    if question == "exams":
        if not a.done:
            return skipped or turn.label("roadmap", "exams_none")
        return ", ".join(turn.label("roadmap", e) for e in a.done)
    name = a.specialty or turn.state.profile.specialty
    return turn.label("specialties", name).replace("-", " ") if name else skipped


def _where(turn: Turn) -> str:
    return turn.label("roadmap", f"where-{country_of(turn)}")


def _year_label(turn: Turn, year: int, default: int) -> str:
    offered, _ = years_of(turn)
    key = "year-this" if year == offered[0] else "year-next"
    label = turn.render("roadmap_text", what=key, year=year)
    return f"⭐ {label}" if year == default else label
