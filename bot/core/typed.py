"""Reading short typed things: a picker's own options, counts, times, "cancel", and questions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

# Words that leave whatever the bot is waiting for (a picker, the reminder set-up...).
LEAVE_WORDS = frozenset("cancel stop back exit quit leave menu nevermind abort".split()) | {
    "never mind",
    "go back",
    "no thanks",
    "forget it",
}
# Words that open a question ("do i need step 3 for h1b" has no question mark).
_OPENERS = frozenset(
    "what whats how why which who whom whose where is are am do does did can could should "
    "would will shall may might must has have was were".split()
)
# Words around a typed choice that carry no choice ("I'm applying to psych please").
_FILLERS = frozenset(
    "i m am im my me to for in into a an the want wanna would like please apply applying "
    "applied go going choose pick take it its is s d id ok okay let lets do doing residency".split()
)
# A typed text of at most this many words that names no option is a failed attempt at one
CHOICE_WORDS = 3
# ...and one longer than this is never read as a choice ("I'm applying to family med" is 5)
MAX_CHOICE_WORDS = 8
TIME_WORDS = 5
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_CLOCK = re.compile(r"^\s*(\d{1,2})\s*[:.h]\s*(\d{2})\s*(am|pm)?\s*$", re.IGNORECASE)
FUZZY_AT = 85  # a typo of an option ("neurlogy") still picks it


def normalise(text: str) -> str:
    """Lowercase words of letters and digits, accents folded: "OB/GYN" -> "ob gyn"."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", folded.lower()))


def words(text: str) -> list[str]:
    return normalise(text).split()


def is_leave_word(text: str) -> bool:
    return normalise(text) in LEAVE_WORDS


def looks_like_question(text: str) -> bool:
    """A question asked in its own right, not an answer to what the bot asked."""
    found = words(text)
    if not found:
        return False
    return text.strip().endswith("?") or found[0] in _OPENERS


def could_be_choice(text: str) -> bool:
    """Short and not a question: a failed attempt at a picker's option, worth asking again."""
    return 0 < len(words(text)) <= CHOICE_WORDS and not looks_like_question(text)


def could_be_time(text: str) -> bool:
    """Has a number, is short and no question: a time or offset the bot could not read."""
    return (
        any(c.isdigit() for c in text)
        and len(words(text)) <= TIME_WORDS
        and not looks_like_question(text)
    )


def parse_count(text: str) -> int | None:
    """ "5", "5 please", "five questions" -> 5."""
    found = words(text)
    if not found or len(found) > CHOICE_WORDS:
        return None
    for word in found:
        if word.isdigit():
            # past nine digits, just "very many" (int() refuses over 4,300 digits)
            digits = word.lstrip("0") or "0"
            return int(digits) if len(digits) <= 9 else 999_999_999
        if word in _NUMBER_WORDS:
            return _NUMBER_WORDS[word]
    return None


@dataclass(frozen=True)
class Symbols:
    """What a message without any letters is: nothing, a time, a number, or emoji and signs."""

    kind: str  # "empty" | "time" | "number" | "symbols"
    value: str = ""


def symbols(text: str) -> Symbols:
    stripped = text.strip()
    if not stripped:
        return Symbols("empty")
    clock = _CLOCK.match(stripped)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if (clock.group(3) or "").lower() == "pm" and hour < 12:
            hour += 12
        if hour <= 23 and minute <= 59:
            return Symbols("time", f"{hour:02d}:{minute:02d}")
    number = re.fullmatch(r"[^\w]*([0-9][0-9,. ]{0,15})[^\w]*", stripped)
    if number:
        return Symbols("number", number.group(1).strip(" ,."))
    return Symbols("symbols")


# --- a picker's options ----------------------------------------------------------------------


def _expand(text: str, synonyms: Mapping[str, str]) -> str:
    """The vocabulary's synonyms, longest phrase first ("family med" -> "family medicine")."""
    out = f" {text} "
    for phrase in sorted(synonyms, key=len, reverse=True):
        key = f" {normalise(phrase)} "
        if key.strip() and key in out:
            out = out.replace(key, f" {normalise(synonyms[phrase])} ")
    return out.strip()


def _forms(key: str, label: str, synonyms: Mapping[str, str]) -> set[str]:
    label_words = [w for w in words(label) if w not in ("and", "questions")]
    forms = {normalise(key.replace("-", " ")), " ".join(label_words)}
    forms |= {_expand(form, synonyms) for form in list(forms)}
    if len(label_words) >= 2:  # "IM", "FM", "EM"
        forms.add("".join(w[0] for w in label_words))
    return {f for f in forms if f}


def match_option(
    text: str, options: Sequence[tuple[str, str]], synonyms: Mapping[str, str] | None = None
) -> str | None:
    """The key of the option (key, label) a typed choice names, if exactly one fits.

    Tried in order: the whole text is an option's name, initials or a synonym of it; every
    word left after fillers is (the start of) a word of one option; a near spelling."""
    synonyms = synonyms or {}
    typed = normalise(text)
    if not typed or len(typed.split()) > MAX_CHOICE_WORDS:
        return None
    expanded = _expand(typed, synonyms)
    forms = {key: _forms(key, label, synonyms) for key, label in options}
    exact = [k for k, f in forms.items() if typed in f or expanded in f]
    if len(exact) == 1:
        return exact[0]
    content = [w for w in expanded.split() if w not in _FILLERS]
    if not content:
        return None

    def fits(word: str, key: str) -> bool:
        option_words = {w for form in forms[key] for w in form.split()}
        return any(w == word or (len(word) >= 3 and w.startswith(word)) for w in option_words)

    every = [k for k in forms if all(fits(w, k) for w in content)]
    if len(every) == 1:
        return every[0]
    some = [k for k in forms if any(fits(w, k) for w in content)]
    if len(some) == 1 and len(content) <= CHOICE_WORDS:
        return some[0]
    phrase = " ".join(content)
    scored = sorted(
        ((max(fuzz.ratio(phrase, f) for f in forms[k]), k) for k in forms), reverse=True
    )
    if scored and scored[0][0] >= FUZZY_AT and (len(scored) == 1 or scored[1][0] < FUZZY_AT):
        return scored[0][1]
    return None
