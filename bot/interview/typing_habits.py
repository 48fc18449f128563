"""An answer as typed on a phone, put in the form the scorer reads: sentences and case.

The scorer reads sentence by sentence, and capitals as names. An answer typed in capitals would
read as full of names (specific), and one typed without punctuation is one sentence holding every
cue word at once (every checklist item met): both would buy points no answer earns. Shouting is
read in lower case, and a run-on answer is cut into sentence-sized pieces before its connectives.
"""

from __future__ import annotations

import re

from bot.text import sentences

SHOUTING_AT = 0.7  # share of letters in capitals from which an answer is read in lower case
RUN_ON_WORDS = 40  # average words per sentence from which an answer is read as a run-on
PIECE_WORDS = (12, 25)  # a piece ends before a connective from the first, and at the second
_CONNECTIVE = re.compile(
    r"^(?:and|but|so|then|because|when|after|before|which|while|since|until|or)$", re.IGNORECASE
)


def as_read(answer: str) -> str:
    text = answer
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 20 and sum(c.isupper() for c in letters) >= SHOUTING_AT * len(letters):
        text = text.lower()
    parts = sentences(text)
    words = len(text.split())
    if not parts or words / len(parts) < RUN_ON_WORDS:
        return text
    return " ".join(_pieces(part) for part in parts)


def _pieces(sentence: str) -> str:
    shortest, longest = PIECE_WORDS
    out: list[list[str]] = [[]]
    for word in sentence.split():
        current = out[-1]
        if len(current) >= longest or (len(current) >= shortest and _CONNECTIVE.match(word)):
            out.append([word])
        else:
            current.append(word)
    return " ".join(" ".join(piece).rstrip(".!?;,") + "." for piece in out if piece)
