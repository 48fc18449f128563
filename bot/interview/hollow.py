"""Whether an answer talks around the question: a learned reader of whole answers.

The rules see what an answer contains (items met, concrete detail, red flags); they cannot see
that a long answer full of hospitals, statistics and history never says what the applicant did
or would do, or that a vivid story answers another question. This reader learned that from the
graded answers of the held-out scoring sets, written by many independent writers: their weak
answers that hide no red flag (rambling, off-topic, keyword lists, evasive or arrogant ones)
against their adequate and strong answers (tools/train_flag_lexicon.py --hollow). Like the
answer reader it is a TF-IDF lexicon (flag_lexicon.py): plain Python, loaded on first use.

Its reading is a possible concern, never a cap: it costs up to POINTS, in proportion between
CONCERN_AT and SURE_AT, so a false alarm on a strong answer costs little while a hollow answer
falls below a plain adequate one. The feedback names every cost it takes: firmly from
FIRM_FROM, gently below. An answer the lexicon hardly reads (under READ_AT of its terms: a line
in another language, a list of numbers) costs nothing. CONCERN_AT, SURE_AT and POINTS were
chosen with each held-out set left out of the reader in turn (docs/SCORING.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.interview.flag_lexicon import HOLLOW_FILE, Lexicon

CONCERN_AT = 0.3
SURE_AT = 0.8
POINTS = 30.0
# from this cost the feedback says plainly that the answer talks around the question
FIRM_FROM = 10.0
# the least number of the lexicon's terms (words and word pairs) an answer must hold to be read
READ_AT = 20


@dataclass(frozen=True)
class HollowReader:
    lexicon: Lexicon

    @classmethod
    def load(cls, path: Path = HOLLOW_FILE) -> HollowReader:
        return cls(Lexicon.load(path))

    def probability(self, answer: str) -> float:
        return self.lexicon.probability(answer)

    def cost(self, answer: str) -> float:
        """Points off the score: 0 below CONCERN_AT, POINTS from SURE_AT; 0 for an answer the
        lexicon hardly reads."""
        probability, known = self.lexicon.read(answer)
        if known < READ_AT:
            return 0.0
        share = (probability - CONCERN_AT) / (SURE_AT - CONCERN_AT)
        return POINTS * min(1.0, max(0.0, share))


def shipped_hollow_reader() -> HollowReader | None:
    return HollowReader.load() if HOLLOW_FILE.exists() else None
