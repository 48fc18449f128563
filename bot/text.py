"""Text normalisation shared by the FAQ matcher and the answer scorer."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# snowballstemmer hands this to PyStemmer's C stemmer when it is installed (a dependency): the
# same Snowball English algorithm, the same stems, a fraction of the start-up time
_STEMMER = snowballstemmer.stemmer("english")

# Words that carry no topic: dropped before matching. Negations are NOT here on purpose.
STOPWORDS = frozenset(
    """
    a an the and or but if then so of to in on at by for with from into onto about as is are
    was were be been being am do does did doing done have has had having i me my mine myself
    we our ours you your yours he him his she her hers it its they them their this that
    these those there here what which who whom whose when where why how can could shall
    should will would may might must also just very really please thanks thank hi hello hey
    dear sir madam anyone anybody someone somebody guys everyone all any some much many more
    most such than too again still even only own same other another each every both either
    neither get got getting gets go going goes went gone make made want wanted wants know
    knew known like im ive id dont doesnt didnt cant wont isnt arent wasnt werent u ur pls
    plz ok okay yes yeah well now currently actually basically question questions ask asking
    wondering wonder help need needs needed tell told explain understand mean means think
    thought one ones thing things way something anything lot lots bit kind sort meaning
    """.split()
)

NEGATIONS = frozenset(
    """
    not no never nor nobody nothing none neither without
    """.split()
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_NOT_CONTRACTION = re.compile(
    r"\b(ca|wo|do|does|did|is|are|was|were|have|has|had|could|would|should|must|need)n't\b"
)
_CONTRACTION_TAIL = re.compile(r"'(s|re|ve|ll|d|m)\b")
# "h-1b" -> "h1b", "j-1" -> "j1", "pgy-1" -> "pgy1", "step-2" -> "step 2"
_LETTER_DASH_DIGIT = re.compile(r"\b([a-z]{1,3})[-/ ]?(\d)(?=[a-z]?\b)")
_TOKEN = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lowercase, strip accents, unify apostrophes and expand "n't" into " not"."""
    text = text.translate(_APOSTROPHES)
    if not text.isascii():  # most questions are plain ASCII: skip the per-character pass
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    text = _NOT_CONTRACTION.sub(
        lambda m: (
            ("can" if m.group(1) == "ca" else "will" if m.group(1) == "wo" else m.group(1)) + " not"
        ),
        text,
    )
    text = text.replace("n't", " not")
    return _CONTRACTION_TAIL.sub("", text)


def tokens(text: str) -> list[str]:
    """Folded word tokens; short letter+digit codes are glued (h-1b -> h1b, j 1 -> j1)."""
    folded = fold(text)
    folded = _LETTER_DASH_DIGIT.sub(_glue_code, folded)
    return _TOKEN.findall(folded)


_GLUED_PREFIXES = frozenset({"h", "j", "o", "b", "f", "pgy", "qe", "s", "r", "usmle"})


def _glue_code(match: re.Match[str]) -> str:
    prefix, digit = match.group(1), match.group(2)
    if prefix in _GLUED_PREFIXES:
        return prefix + digit
    return match.group(0)


# British "-ise" spellings ("prioritise", "organisation") stem like the American "-ize" ones;
# words spelled "-ise" on both sides of the Atlantic keep it
_BRITISH_ISE = re.compile(r"(?<=\w{3})is(e|es|ed|ing|ation|ations|er|ers)$")
_ALWAYS_ISE = (
    "advis",
    "supervis",
    "revis",
    "devis",
    "compris",
    "improvis",
    "surpris",
    "exercis",
    "compromis",
    "despis",
    "enterpris",
    "expertis",
    "franchis",
    "merchandis",
    "televis",
    "otherwis",
    "precis",
    "concis",
    "promis",
    "premis",
    "practis",
    "rais",
    "prais",
    "wis",
    "demis",
    "disguis",
    "cruis",
    "apprais",
    "chastis",
    "excis",
    "incis",
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if len(word) <= 3 or word.isdigit():
        return word
    if len(word) >= 7 and _BRITISH_ISE.search(word) and not word.startswith(_ALWAYS_ISE):
        word = _BRITISH_ISE.sub(lambda m: "iz" + m.group(1), word)
    return _STEMMER.stemWord(word)


def content_stems(words: list[str]) -> list[str]:
    return [stem(word) for word in words if word not in STOPWORDS]


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def sentences(text: str) -> list[str]:
    """Split on sentence punctuation and line breaks; keeps the original wording."""
    parts = (part.strip() for part in _SENTENCE_END.split(text))
    return [part for part in parts if part]
