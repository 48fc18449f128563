"""The user's own data: profile, reminders, privacy, export and deletion; admin stats.

Each question asked here that waits on a typed answer has a reader (`read_…`), called by
bot.core.pending, which also lets the user leave it.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from bot.core import buttons, typed
from bot.core.records import ForgetUser, ReminderChanged
from bot.core.state import UserState
from bot.core.turn import Turn
from bot.roadmap.flow import profile_rows as roadmap_rows

STATS_DAYS = 30
COUNTRIES = ("us", "canada", "both")
_YES = frozenset({"yes", "y", "yes please", "delete", "yes delete", "delete everything", "ok"})
_NO = frozenset({"no", "n", "nope", "dont", "don t", "keep", "keep it"})


# --- profile ------------------------------------------------------------------------------


def profile(turn: Turn, asking: str | None = None, *, again: bool = False) -> None:
    turn.state.bump()
    p = turn.state.profile
    step = turn.state.step
    if asking == "specialty":
        names = turn.knowledge.bank.specialties()
        cells = [buttons.step(turn.label("specialties", n), step, "prof-spec", n) for n in names]
        rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    elif asking == "country":
        rows = [
            [buttons.step(turn.label("countries", c), step, "prof-country", c) for c in COUNTRIES]
        ]
    else:
        asking = None
        rows = [
            [
                turn.button("profile_specialty", "prof", "specialty"),
                turn.button("profile_country", "prof", "country"),
            ],
            *roadmap_rows(turn),
        ]
    turn.state.pending = f"profile-{asking}" if asking else None  # type: ignore[assignment]
    turn.say(
        "profile",
        rows,
        replace=asking is not None and not again,
        specialty=turn.label("specialties", p.specialty) if p.specialty else None,
        country=turn.label("countries", p.country) if p.country else None,
        asking=asking,
        again=again,
    )


def set_specialty(turn: Turn, specialty: str) -> None:
    if specialty in turn.knowledge.bank.specialties():
        turn.state.profile.specialty = specialty
    profile(turn)


def set_country(turn: Turn, country: str) -> None:
    if country in COUNTRIES:
        turn.state.profile.country = country  # type: ignore[assignment]
    profile(turn)


def read_profile_specialty(turn: Turn, text: str) -> str:
    names = turn.knowledge.bank.specialties()
    return _read_profile(
        turn, text, "specialty", [(n, turn.label("specialties", n)) for n in names]
    )


def read_profile_country(turn: Turn, text: str) -> str:
    return _read_profile(
        turn, text, "country", [(c, turn.label("countries", c)) for c in COUNTRIES]
    )


def _read_profile(turn: Turn, text: str, asking: str, options: list[tuple[str, str]]) -> str:
    synonyms = turn.knowledge.content.vocabulary.synonyms
    chosen = typed.match_option(text, options, synonyms)
    if chosen is not None:
        (set_specialty if asking == "specialty" else set_country)(turn, chosen)
        return "taken"
    if typed.could_be_choice(text) and turn.smalltalk.kind(text) is None:
        profile(turn, asking, again=True)
        return "again"
    return "other"


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
        turn.state.pending = "remind-time"  # the next typed time is taken
        turn.say("remind", status="bad-time")
        return
    reminder.time = f"{parsed[0]:02d}:{parsed[1]:02d}"
    if reminder.utc_offset_minutes is None:
        turn.state.pending = "timezone"
        turn.say("remind", status="ask-zone", time=reminder.time)
        return
    _enable(turn)


def read_time(turn: Turn, text: str) -> str:
    """A typed answer to "when should I remind you?"."""
    if typed.normalise(text) == "off" or _parse_time(text) is not None:
        remind(turn, text)
        return "taken"
    if _failed_time(turn, text):
        turn.say("remind", status="bad-time")
        return "again"
    return "other"


def _failed_time(turn: Turn, text: str) -> bool:
    """A time or zone the bot could not read ("25:99", "7 in the evening", "IST"), as opposed
    to something else said instead (a question, "thanks")."""
    if typed.could_be_time(text):
        return True
    short = 0 < len(typed.words(text)) <= 2 and not typed.looks_like_question(text)
    return short and turn.smalltalk.kind(text) is None


def read_zone(turn: Turn, text: str) -> str:
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
        if offset is None and not _failed_time(turn, text):
            return "other"
        turn.say("remind", status="bad-zone")
        return "again"
    reminder.utc_offset_minutes = offset
    turn.state.pending = None
    if reminder.time:
        _enable(turn)
    return "taken"


def left_reminder_setup(turn: Turn) -> None:
    """Leaving the set-up half way keeps no half-set time."""
    if not turn.state.reminder.enabled:
        turn.state.reminder.time = None


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


def ask_delete(turn: Turn, *, again: bool = False) -> None:
    turn.state.bump()
    turn.state.pending = "confirm-delete"
    turn.say(
        "delete_confirm",
        [[turn.button("delete_yes", "delete", "yes"), turn.button("delete_no", "delete", "no")]],
        again=again,
    )


def read_delete(turn: Turn, text: str) -> str:
    """Typed "no" cancels; erasing everything takes the button, never a typed word."""
    answer = typed.normalise(text)
    if answer in _NO:
        confirm_delete(turn, "no")
        return "taken"
    if answer in _YES:
        ask_delete(turn, again=True)
        return "again"
    return "other"


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
