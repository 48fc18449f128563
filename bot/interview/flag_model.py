"""A small learned detector of red-flag sentences, beside the behaviour rules in redflags.py.

The rules catch what they describe; this model catches the many other ways applicants say
the same things. It is a logistic regression over word and word-pair features of one
sentence (words under a negation are marked, so "I never told my senior" and "I told my
senior" differ), trained by tools/train_flag_model.py on a corpus of red-flag sentences,
near misses and ordinary answer sentences written for that purpose (tools/redflag_corpus/),
never on the evaluation sets. Two heads: P(red flag) and, given a flag, which behaviour.
Inference is pure Python on a few hundred weights: deterministic, no downloads.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.interview.clauses import Clauses
from bot.text import stem

MODEL_PATH = Path(__file__).with_name("flag_model.json")
# pronouns and a few function words are kept: "i agreed", "we never" carry the behaviour
_DROP = frozenset("a an the of to in on at for with and or but is are was were be been".split())


def features(sentence: str) -> list[str]:
    clause = Clauses(sentence)
    words = [w for w in clause.words if w.isalnum() or "-" in w or "'" in w]
    out: list[str] = []
    stems: list[str] = []
    for index, word in enumerate(clause.words):
        if not (word.isalnum() or "-" in word or "'" in word):
            continue
        base = stem(word)
        if word in _DROP:
            stems.append(base)
            continue
        negated = clause.negated(index)
        out.append(("NOT_" if negated else "") + base)
        stems.append(("NOT_" if negated else "") + base)
    out.extend(f"{a}_{b}" for a, b in itertools.pairwise(stems))
    if any(w in ("i", "we", "my", "our") for w in words):
        out.append("__first_person")
    return out


@dataclass(frozen=True)
class FlagModel:
    flag_bias: float
    flag_weights: dict[str, float]
    behaviour_bias: dict[str, float]
    behaviour_weights: dict[str, dict[str, float]]
    threshold: float

    def probability(self, sentence: str) -> float:
        found = set(features(sentence))
        z = self.flag_bias + sum(self.flag_weights.get(f, 0.0) for f in found)
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def behaviour(self, sentence: str) -> str:
        found = set(features(sentence))
        scores = {
            b: self.behaviour_bias[b] + sum(w.get(f, 0.0) for f in found)
            for b, w in self.behaviour_weights.items()
        }
        return max(scores, key=scores.__getitem__)


@cache
def load_model(path: Path = MODEL_PATH) -> FlagModel | None:
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return FlagModel(
        flag_bias=data["flag"]["bias"],
        flag_weights=data["flag"]["weights"],
        behaviour_bias={b: v["bias"] for b, v in data["behaviours"].items()},
        behaviour_weights={b: v["weights"] for b, v in data["behaviours"].items()},
        threshold=data["threshold"],
    )
