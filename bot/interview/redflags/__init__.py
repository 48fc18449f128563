"""Detect behaviours that sink an interview answer, whatever words express them.

A detector looks for a behaviour, not a phrase: who acts (the applicant or someone else),
what kind of act it is (telling, recording, posting, overriding a refusal, moving someone
who objected...), whether it is negated, and what the answer is about (a mistake, an
impaired colleague, a refusal, feedback). Word classes name kinds of words (disclosure
verbs, people with authority, records), so new wordings of a behaviour are still caught,
and context keeps the same words from firing where they are innocent.

The behaviours, their word classes and their phrasings are content: content/red_flags.yaml,
compiled by rules.py. This package is the mechanism that reads them: base.py (the registry
and the clause helpers), one module per family of behaviours (honesty.py, safety.py,
attitude.py) and detect.py.
"""

from bot.interview.redflags import attitude, honesty, safety  # noqa: F401  (register detectors)
from bot.interview.redflags.base import DETECTORS, Detector
from bot.interview.redflags.detect import FlagHit, detect
from bot.interview.redflags.rules import BehaviourRules, RedFlagRules, current_rules, rules_in

__all__ = [
    "DETECTORS",
    "BehaviourRules",
    "Detector",
    "FlagHit",
    "RedFlagRules",
    "current_rules",
    "detect",
    "rules_in",
]
