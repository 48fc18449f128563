"""What every red-flag detector shares: the registry, and reading who does what in a clause."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from bot.interview.clauses import Clauses
from bot.interview.redflags.rules import BehaviourRules

Rule = Callable[[Clauses, str, BehaviourRules], bool]


@dataclass(frozen=True)
class Detector:
    """A behaviour's rule, and the word classes and phrase lists (content/red_flags.yaml) it
    reads, so that `content check` can tell a missing or an unread list."""

    behaviour: str
    rule: Rule
    reads: tuple[str, ...]


DETECTORS: dict[str, Detector] = {}


def detector(behaviour: str, *reads: str) -> Callable[[Rule], Rule]:
    """Register a rule as the detector of a behaviour of content/red_flags.yaml."""

    def register(rule: Rule) -> Rule:
        if behaviour in DETECTORS:
            raise ValueError(f"two detectors for '{behaviour}'")
        DETECTORS[behaviour] = Detector(behaviour, rule, reads)
        return rule

    return register


@lru_cache(maxsize=1024)
def in_answer(pattern: re.Pattern[str], text: str) -> bool:
    """Whether the whole answer says something (asked once per answer, not per sentence)."""
    return pattern.search(text.lower()) is not None


def word_at(joined: str, position: int) -> int:
    """The index of the word at a character position of clause.joined."""
    return len(joined[:position].split())


def said(pattern: re.Pattern[str], clause: Clauses) -> re.Match[str] | None:
    """The first place the clause says the phrase, not where its words fall under a negation
    before them ("I'm glad I didn't keep it between us" does not say "keep it between us"). A
    phrase that carries its own negation ("didn't want to worry him") starts outside it."""
    joined = clause.joined
    for match in pattern.finditer(joined):
        if not clause.negated(word_at(joined, match.start())):
            return match
    return None


def first_person(clause: Clauses) -> bool:
    return any(w in ("i", "we") for w in clause.words)


def negated_first_person(clause: Clauses, words: frozenset[str]) -> int | None:
    """A word of the class that the applicant negates ("I never took it to the attending")."""
    for i in clause.find(words):
        negator = clause.negation_of(i)
        if negator is None or clause.requested_of_me(negator):
            continue
        subject = clause.subject(i)
        if subject in ("i", "we") or (subject is None and first_person(clause)):
            return i
    return None


def withheld(clause: Clauses, rules: BehaviourRules) -> bool:
    """The applicant did not tell or take something to someone who should know (reads the
    word classes disclose and authority)."""
    hit = negated_first_person(clause, rules.words("disclose"))
    if hit is None:
        return False
    authority = rules.words("authority")
    return any(w in authority for w in clause.words[hit + 1 : hit + 10])
