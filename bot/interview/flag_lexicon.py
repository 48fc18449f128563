"""Lexicons: learned readers by words and word pairs (TF-IDF with logistic-regression weights).

The red-flag lexicon reads sentences, a second reader beside the encoder reader (flag_model.py),
trained by tools/train_flag_lexicon.py on the same corpus (bot/models/redflag-lexicon.json); the
answer reader reads whole answers for a hidden red flag (redflag-answers.json); the hollow-answer
reader reads whole answers for talking around the question (hollow-answers.json, hollow.py).
Each reproduces scikit-learn's analyser (lower case, its token pattern, unigrams and bigrams,
sublinear tf, l2 norm) in plain Python. Loaded once; deterministic.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from pathlib import Path

from bot.semantic.encoder import MODEL_DIR

LEXICON_FILE = MODEL_DIR / "redflag-lexicon.json"  # sentences
ANSWERS_FILE = MODEL_DIR / "redflag-answers.json"  # whole answers
HOLLOW_FILE = MODEL_DIR / "hollow-answers.json"  # whole answers: talks around the question


@dataclass(frozen=True)
class _Terms:
    pattern: re.Pattern[str]
    intercept: float
    terms: dict[str, tuple[float, float]]  # term -> (idf, weight)


@dataclass
class Lexicon:
    """A lexicon file, read on first use (so that a process that never scores an answer never
    pays for it)."""

    path: Path

    @classmethod
    def load(cls, path: Path = LEXICON_FILE) -> Lexicon:
        return cls(path)

    @cached_property
    def _model(self) -> _Terms:
        data = json.loads(self.path.read_text(encoding="utf-8"))
        terms = {term: (idf, weight) for term, (idf, weight) in data["terms"].items()}
        return _Terms(re.compile(data["token_pattern"]), float(data["intercept"]), terms)

    def probability(self, text: str) -> float:
        return self.read(text)[0]

    def read(self, text: str) -> tuple[float, int]:
        """The probability, and how many of the lexicon's terms the text holds (with none, the
        probability is the intercept's: the lexicon has not read anything)."""
        model = self._model
        words = model.pattern.findall(text.lower())
        counts: dict[str, int] = {}
        for term in (*words, *(f"{a} {b}" for a, b in pairwise(words))):
            if term in model.terms:
                counts[term] = counts.get(term, 0) + 1
        values = {t: (1.0 + math.log(n)) * model.terms[t][0] for t, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        logit = model.intercept + sum(v / norm * model.terms[t][1] for t, v in values.items())
        return 1.0 / (1.0 + math.exp(-logit)), len(counts)
