"""Find the red-flag behaviours of an answer, each with the sentence that shows it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.interview.clauses import Clauses
from bot.interview.redflags.base import DETECTORS
from bot.interview.redflags.rules import RedFlagRules, current_rules
from bot.text import sentences


@dataclass(frozen=True)
class FlagHit:
    behaviour: str
    evidence: str


def detect(
    text: str,
    behaviours: list[str] | None = None,
    split: list[str] | None = None,
    rules: RedFlagRules | None = None,
) -> list[FlagHit]:
    """Behaviours found in the answer, each with the sentence that shows it (behaviours: the
    ones to look for, by default those judged whatever the question; split: the answer's
    sentences, when the caller has them already; rules: by default the bot's content)."""
    rules = rules or current_rules()
    wanted = rules.always_judged if behaviours is None else behaviours
    parsed = [Clauses(s) for s in (split if split is not None else sentences(text))]
    hits: list[FlagHit] = []
    for behaviour in wanted:
        found = DETECTORS.get(behaviour)
        if found is None or behaviour not in rules.behaviours:
            continue
        own = rules[behaviour]
        for clause in parsed:
            if found.rule(clause, text, own):
                hits.append(FlagHit(behaviour, clause.sentence))
                break
    return hits
