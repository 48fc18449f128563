"""Checks that keep the knowledge base on its cycle and its region (content check)."""

from __future__ import annotations

import re

from bot.content.loader import Content, ContentProblem
from bot.faq.regions import RegionDetector

_YEAR = re.compile(r"\b(20\d\d)\b")
# words that present a figure as the newest one
_AS_CURRENT = re.compile(
    r"\b(latest|most recent|newest|current|this year|this season|this cycle)\b",
    re.IGNORECASE,
)
_NEAR = 60  # characters between "latest" and the year it qualifies


def cycle_problems(content: Content) -> list[ContentProblem]:
    """An entry must say which cycle its dated facts are for, and not call old ones current."""
    if content.cycle is None:
        return []
    current = content.cycle.current
    problems: list[ContentProblem] = []
    for entry in content.faq:
        where = content.faq_files[entry.id]
        years = [int(y) for y in _YEAR.findall(entry.answer)]
        if entry.cycle is not None and entry.cycle < current:
            problems.append(
                ContentProblem(
                    where,
                    entry.id,
                    "cycle",
                    f"written for the {entry.cycle} cycle, the current one is {current}: update "
                    f"its dates and figures (or label them as past) and set cycle: {current}",
                )
            )
        elif entry.cycle is None and any(y >= current - 1 for y in years):
            problems.append(
                ContentProblem(
                    where,
                    entry.id,
                    "cycle",
                    "the answer gives dates or figures of a recent year: set `cycle:` to the "
                    "Match year they are for",
                )
            )
        for match in _AS_CURRENT.finditer(entry.answer):
            window = entry.answer[max(0, match.start() - _NEAR) : match.end() + _NEAR]
            old = [int(y) for y in _YEAR.findall(window) if int(y) < current - 1]
            if old:
                problems.append(
                    ContentProblem(
                        where,
                        entry.id,
                        "answer",
                        f"calls {old[0]} figures '{match.group(0)}': say which cycle they belong "
                        f"to and where to check the {current} ones",
                    )
                )
                break
    return problems


def region_problems(content: Content) -> list[ContentProblem]:
    """A one-country entry must not be found by phrasings that name only the other country."""
    detector = RegionDetector(content.vocabulary.regions)
    problems: list[ContentProblem] = []
    for entry in content.faq:
        if entry.region == "both":
            continue
        other = "us" if entry.region == "canada" else "canada"
        for phrasing in (entry.question, *entry.alternates):
            if detector.only_region(phrasing) == other:
                problems.append(
                    ContentProblem(
                        content.faq_files[entry.id],
                        entry.id,
                        "alternates",
                        f"'{phrasing}' names only {other}, but the entry's region is "
                        f"{entry.region}: move it to a {other} entry or set region: both",
                    )
                )
    return problems
