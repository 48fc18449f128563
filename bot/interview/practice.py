"""Spaced repetition for interview questions (SM-2-like, tuned for one interview season).

After each scored answer the question gets a new due date:
  quality = score / 20 (0..5). Below 3 (a score under 60) the question comes back the next
  day and its streak restarts; otherwise the streak grows and the gap goes 1 day, 3 days,
  then the previous gap times the ease factor (2.5 to start, never below 1.3), which rises
  a little after strong answers and falls after weak ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.core.records import PracticeScheduled

START_EASE = 2.5
MIN_EASE = 1.3
PASSING_QUALITY = 3


def next_review(
    question_id: str, score: int, now: dt.datetime, previous: dict[str, Any] | None
) -> PracticeScheduled:
    quality = max(0, min(5, round(score / 20)))
    ease = float(previous["ease"]) if previous else START_EASE
    repetitions = int(previous["repetitions"]) if previous else 0
    interval = float(previous["interval_days"]) if previous else 0.0
    if quality < PASSING_QUALITY:
        repetitions = 0
        interval = 1.0
    else:
        repetitions += 1
        if repetitions == 1:
            interval = 1.0
        elif repetitions == 2:
            interval = 3.0
        else:
            interval = round(interval * ease, 1)
    ease = max(MIN_EASE, ease + 0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02))
    return PracticeScheduled(
        question_id=question_id,
        due=now + dt.timedelta(days=interval),
        interval_days=interval,
        ease=round(ease, 3),
        repetitions=repetitions,
    )


def due_questions(schedule: list[dict[str, Any]], now: dt.datetime) -> list[str]:
    due = [s for s in schedule if s["due"] <= now]
    due.sort(key=lambda s: s["due"])
    return [s["question_id"] for s in due]
