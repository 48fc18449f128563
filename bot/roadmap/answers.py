"""Reading typed answers to the six roadmap questions: "usa", "2019", "green card", "step 1 and ck".

Each reader returns the answer, or None when the text is not one (the dialog then asks again or
treats the text as something else said).
"""

from __future__ import annotations

import re

from bot.core import typed

SKIP_WORDS = frozenset(
    {"skip", "skip it", "pass", "dont know", "don t know", "idk", "not sure", "no idea", "later"}
)
_US = frozenset("us usa u s america american united states states nrmp eras usmle".split())
_CA = frozenset("ca canada canadian carms mcc mccqe".split())
_BOTH = frozenset("both either two".split())
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_NONE = frozenset(
    {"none", "nothing", "no", "not yet", "none yet", "no exams", "zero", "nope", "nil"}
)
_EXAM_PATTERNS = (
    ("step1", r"\b(step ?1|s1|step one|usmle 1|usmle step 1)\b"),
    ("step2ck", r"\b(step ?2( ?ck)?|ck|2ck|s2|step two)\b"),
    ("step3", r"\b(step ?3|s3|step three)\b"),
    ("oet", r"\b(oet)\b"),
    ("mccqe1", r"\b(mccqe( ?(part )?(1|i))?|qe ?1|qe1|part (1|i)|mcc ?qe)\b"),
    ("nac", r"\b(nac)\b"),
)


def is_skip(text: str) -> bool:
    return typed.normalise(text) in SKIP_WORDS


def read_country(text: str) -> str | None:
    words = set(typed.words(text))
    phrase = typed.normalise(text)
    if words & _BOTH or ("us" in words and "canada" in words):
        return "both"
    us = bool(words & _US) or "united states" in phrase
    ca = bool(words & _CA)
    if us and ca:
        return "both"
    return "us" if us else "ca" if ca else None


def read_year(text: str, offered: list[int]) -> int | None:
    found = _YEAR.search(text)
    if found and int(found.group(1)) in offered:
        return int(found.group(1))
    words = set(typed.words(text))
    if words & {"this", "current", "now"} and offered:
        return offered[0]
    if words & {"next", "following"} and len(offered) > 1:
        return offered[1]
    return None


def read_grad_year(text: str, this_year: int) -> int | None:
    found = _YEAR.search(text)
    if found is None:
        return None
    year = int(found.group(1))
    return year if 1950 <= year <= this_year + 8 else None


def read_status(text: str, country: str | None) -> tuple[str, bool] | None:
    """(status, aiming for an H-1B)."""
    phrase = f" {typed.normalise(text)} "
    words = set(phrase.split())
    h1b = bool(re.search(r" h ?1 ?b ", phrase))
    if h1b or words & {"visa", "j1", "j", "sponsorship"}:
        if country == "ca":
            return ("none", False)
        return ("needs-visa" if country != "both" else "none", h1b)
    if "green card" in phrase or "gc" in words:
        return ("us-green-card", False)
    canadian = bool(words & {"canadian", "canada", "ca"})
    american = bool(words & {"us", "usa", "american", "america"})
    if "pr" in words or "permanent resident" in phrase or "landed" in words:
        if canadian or country == "ca":
            return ("ca-pr", False)
        if american or country == "us":
            return ("us-green-card", False)
        return None
    if "citizen" in words or "citizenship" in words:
        if words & {"not", "no", "neither", "non"}:
            return ("none", False) if country != "us" else ("needs-visa", False)
        if canadian or (country == "ca" and not american):
            return ("ca-citizen", False)
        if american or country == "us":
            return ("us-citizen", False)
        return None
    if words & {"neither", "none", "nothing", "no"}:
        return ("needs-visa", False) if country == "us" else ("none", False)
    return None


def read_exams(text: str) -> set[str] | None:
    phrase = typed.normalise(text)
    if phrase in _NONE:
        return set()
    found = {exam for exam, pattern in _EXAM_PATTERNS if re.search(pattern, phrase)}
    if "all" in phrase.split() and not found:
        return None
    return found or None


def read_specialty(
    text: str, options: list[tuple[str, str]], synonyms: dict[str, str]
) -> str | None:
    """A bank specialty's key, or the typed name of another one (a few words, no question)."""
    chosen = typed.match_option(text, options, synonyms)
    if chosen is not None:
        return chosen
    words = typed.words(text)
    short = 1 <= len(words) <= 4 and all(w.isalpha() for w in words)
    if short and not typed.looks_like_question(text):
        return "-".join(words)[:40]
    return None
