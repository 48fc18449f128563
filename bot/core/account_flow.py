"""The user's own data: progress, profile, reminders, privacy, export and deletion; admin stats."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict

from bot.core import buttons
from bot.core.state import UserState
from bot.core.turn import Turn
from bot.interview.practice import due_questions
from bot.store.records import ForgetUser, ReminderChanged

STATS_DAYS = 30
UNTRIED_EXAMPLES = 2


# --- progress -----------------------------------------------------------------------------


def progress(turn: Turn) -> None:
    history = turn.history
    bank = turn.core.knowledge.bank
    answers = history.answers
    by_kind: dict[str, list[int]] = defaultdict(list)
    for answer in answers:
        by_kind[str(answer["kind"])].append(int(answer["score"]))
    kinds = [
        {
            "label": turn.label("kinds", kind),
            "first": scores[0],
            "latest": scores[-1],
            "count": len(scores),
            "bar": "▰" * round(scores[-1] / 20) + "▱" * (5 - round(scores[-1] / 20)),
        }
        for kind, scores in by_kind.items()
    ]
    labels = {(q.id, item.id): item.label for q in bank.questions for item in q.checklist}
    missed = Counter(
        labels.get((str(a["question_id"]), item), item) for a in answers for item in a["missed"]
    )
    tried = {a["question_id"] for a in answers}
    untried = [q for q in bank.questions if q.id not in tried]
    specialty = turn.state.profile.specialty
    untried.sort(key=lambda q: q.specialty != specialty or specialty is None)
    average = round(sum(int(a["score"]) for a in answers) / len(answers)) if answers else None
    image = None
    if turn.core.chart is not None and answers:
        image = turn.core.chart([(turn.label("kinds", k), v) for k, v in by_kind.items()])
    turn.say(
        "progress",
        [[turn.menu_button("practice", "practice"), turn.menu_button("interview", "interview")]],
        image=image,
        sessions=len(history.sessions),
        answers=len(answers),
        average=average,
        kinds=kinds,
        missed=[label for label, _ in missed.most_common(3)],
        untried=[q.question for q in untried[:UNTRIED_EXAMPLES]],
        untried_count=len(untried),
        due=len(due_questions(history.schedule, turn.now)),
    )


# --- profile ------------------------------------------------------------------------------


def profile(turn: Turn, asking: str | None = None) -> None:
    turn.state.bump()
    p = turn.state.profile
    step = turn.state.step
    if asking == "specialty":
        names = turn.core.knowledge.bank.specialties()
        cells = [buttons.step(turn.label("specialties", n), step, "prof-spec", n) for n in names]
        rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    elif asking == "country":
        countries = ("us", "canada", "both")
        rows = [
            [buttons.step(turn.label("countries", c), step, "prof-country", c) for c in countries]
        ]
    else:
        rows = [
            [
                turn.button("profile_specialty", "prof", "specialty"),
                turn.button("profile_country", "prof", "country"),
            ]
        ]
    turn.say(
        "profile",
        rows,
        replace=asking is not None,
        specialty=turn.label("specialties", p.specialty) if p.specialty else None,
        country=turn.label("countries", p.country) if p.country else None,
        asking=asking,
    )


def set_specialty(turn: Turn, specialty: str) -> None:
    if specialty in turn.core.knowledge.bank.specialties():
        turn.state.profile.specialty = specialty
    profile(turn)


def set_country(turn: Turn, country: str) -> None:
    if country in ("us", "canada", "both"):
        turn.state.profile.country = country  # type: ignore[assignment]
    profile(turn)


# --- reminders ----------------------------------------------------------------------------

_TIME = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$|^\s*(\d{1,2})\s*$")
_OFFSET = re.compile(r"^\s*(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*$", re.IGNORECASE)


def _parse_time(text: str) -> tuple[int, int] | None:
    match = _TIME.match(text.strip().lower().replace("am", "").replace("pm", ""))
    if not match:
        return None
    hour = int(match.group(1) or match.group(3))
    minute = int(match.group(2) or 0)
    if "pm" in text.lower() and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return hour, minute


def _format_offset(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


def remind(turn: Turn, arg: str) -> None:
    arg = arg.strip().lower()
    reminder = turn.state.reminder
    if arg in ("off", "stop", "no", "cancel"):
        reminder.enabled = False
        turn.state.pending = None
        turn.record(ReminderChanged(enabled=False))
        turn.say("remind", status="off")
        return
    if not arg:
        turn.state.pending = "remind-time"
        turn.say("remind", status="ask-time")
        return
    parsed = _parse_time(arg)
    if parsed is None:
        turn.say("remind", status="bad-time")
        return
    reminder.time = f"{parsed[0]:02d}:{parsed[1]:02d}"
    if reminder.utc_offset_minutes is None:
        turn.state.pending = "timezone"
        turn.say("remind", status="ask-zone", time=reminder.time)
        return
    _enable(turn)


def timezone_answer(turn: Turn, text: str) -> None:
    """The user's current local time (or a UTC offset), to learn their time zone once."""
    reminder = turn.state.reminder
    offset: int | None = None
    match = _OFFSET.match(text)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        offset = sign * (int(match.group(2)) * 60 + int(match.group(3) or 0))
    else:
        parsed = _parse_time(text)
        if parsed is not None:
            local = parsed[0] * 60 + parsed[1]
            utc = turn.now.hour * 60 + turn.now.minute
            difference = (local - utc + 720) % 1440 - 720
            offset = round(difference / 15) * 15
    if offset is None or not -720 <= offset <= 840:
        turn.say("remind", status="bad-zone")
        return
    reminder.utc_offset_minutes = offset
    turn.state.pending = None
    if reminder.time:
        _enable(turn)


def _enable(turn: Turn) -> None:
    reminder = turn.state.reminder
    reminder.enabled = True
    turn.state.pending = None
    turn.record(
        ReminderChanged(
            enabled=True, time=reminder.time, utc_offset_minutes=reminder.utc_offset_minutes
        )
    )
    turn.say(
        "remind",
        status="on",
        time=reminder.time,
        offset=_format_offset(reminder.utc_offset_minutes or 0),
    )


# --- privacy ------------------------------------------------------------------------------


def privacy(turn: Turn) -> None:
    turn.say("privacy")


def export(turn: Turn) -> None:
    data = {
        "user_id": turn.incoming.user_id,
        "exported_at": turn.now.isoformat(),
        "state": turn.state.model_dump(mode="json"),
        "tables": turn.reader.export(),
    }
    payload = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    turn.say("export", document=("imgcoach-my-data.json", payload))


def ask_delete(turn: Turn) -> None:
    turn.state.bump()
    turn.state.pending = "confirm-delete"
    turn.say(
        "delete_confirm",
        [[turn.button("delete_yes", "delete", "yes"), turn.button("delete_no", "delete", "no")]],
    )


def confirm_delete(turn: Turn, answer: str) -> None:
    turn.state.pending = None
    if answer != "yes":
        turn.say("delete_cancelled", replace=True)
        return
    turn.record(ForgetUser())
    fresh = UserState()
    turn.state.__dict__.update(fresh.__dict__)
    turn.say("deleted", replace=True)


# --- admin --------------------------------------------------------------------------------


def stats(turn: Turn) -> None:
    since = turn.now - dt.timedelta(days=STATS_DAYS)
    turn.say("stats", stats=turn.reader.stats(since), days=STATS_DAYS)
