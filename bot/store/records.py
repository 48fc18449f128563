"""The dialog core's records under their old address.

The types live in bot.core.records (the core's own); the store maps them to rows in
bot.store.unit. Kept as an address for the store's tests; product code imports
bot.core.records.
"""

from __future__ import annotations

from bot.core.records import (
    HISTORY_PARTS,
    AnswerScored,
    FaqAsked,
    FaqVote,
    ForgetUser,
    History,
    PracticeScheduled,
    ReminderChanged,
    Rows,
    SessionEnded,
    SessionStarted,
)

__all__ = [
    "HISTORY_PARTS",
    "AnswerScored",
    "FaqAsked",
    "FaqVote",
    "ForgetUser",
    "History",
    "PracticeScheduled",
    "ReminderChanged",
    "Rows",
    "SessionEnded",
    "SessionStarted",
]
