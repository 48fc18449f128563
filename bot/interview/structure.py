"""How an answer is built: STAR parts for behavioral questions, and answers that are only a
list of keywords (no sentence says what anyone did)."""

from __future__ import annotations

import re

from bot.interview.signals import SentenceSignals
from bot.text import tokens

STAR_ORDER = ("situation", "task", "action", "result", "learned")

_STAR_PATTERNS = {
    "situation": re.compile(
        r"\b(when i was|while i was|during (my|the|a|our)|in (19|20)\d\d|last (year|month|week)|"
        r"one (night|day|morning|evening|time|patient)|as an? (intern|resident|medical officer|"
        r"student|house officer|registrar|extern|observer|gp|general practitioner|doctor|physician)|"
        r"at (the )?[a-z]+ (hospital|clinic|center|centre))\b"
    ),
    "task": re.compile(
        r"\b(my (role|job|task|responsibility|goal|patient)|i was (responsible|in charge|asked|"
        r"the only|covering|the senior|on call)|i had to|i needed to|we needed to|i was supposed to)\b"
    ),
    "result": re.compile(
        r"\b(as a result|in the end|eventually|finally|outcome|went (down|up|from)|dropped|fell|"
        r"rose|improved|reduced|increased|decreased|survived|recovered|discharged|resolved|fewer|"
        r"no (more|longer)|settled|became|accepted|passed|worked|thanked)\b"
    ),
    "learned": re.compile(
        r"\b(i learned|i learnt|i learn|taught me|lesson|since then|now i|from then on|next time|"
        r"i realised|i realized|i understood|changed how i|i now|this made me|it showed me)\b"
    ),
}
# "Result: the wait fell to 20 minutes." An applicant who labels a part has written it, as long
# as the label is followed by a real sentence.
_LABELS = {
    "situation": ("situation", "context", "background"),
    "task": ("task", "my task", "my role", "goal", "problem"),
    "action": ("action", "actions", "what i did"),
    "result": ("result", "results", "outcome", "impact"),
    "learned": (
        "learned",
        "learnt",
        "what i learned",
        "what i learnt",
        "lesson",
        "lessons",
        "reflection",
        "takeaway",
    ),
}
_ALL_LABELS = sorted({n for names in _LABELS.values() for n in names}, key=len, reverse=True)
_LABELLED = re.compile(
    r"(?:^|(?<=[\n.;!?*]))\s*\**(" + "|".join(map(re.escape, _ALL_LABELS)) + r")\**\s*[:\-–—]",
    re.IGNORECASE,
)
_LABEL_WORDS_NEEDED = 4
REFLECTIVE = _STAR_PATTERNS["learned"]


def labelled_parts(text: str) -> set[str]:
    found: set[str] = set()
    matches = list(_LABELLED.finditer(text))
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        if len(text[match.end() : end].split()) < _LABEL_WORDS_NEEDED:
            continue
        label = match.group(1).lower()
        found.update(part for part, names in _LABELS.items() if label in names)
    return found


def star_parts(text: str, signals: list[SentenceSignals]) -> dict[str, bool]:
    lower = text.lower()
    parts = {name: bool(pattern.search(lower)) for name, pattern in _STAR_PATTERNS.items()}
    parts["action"] = sum(s.actions for s in signals) >= 2
    for part in labelled_parts(text):
        parts[part] = True
    return {name: parts[name] for name in STAR_ORDER}


# words that hold a sentence together: an answer with almost none of them is a list
_CONNECTIVE = frozenset(
    """
    i we he she they it my our his her their was were is are had have did do does been be
    to of the a an that this when because so then after before with for in on at but and
    """.split()
)
KEYWORD_LIST_SHARE = 0.15
_CHUNK = re.compile(r"[,;.\n•·|/]+|\s-\s")
KEYWORD_CHUNK_WORDS = 4


def is_keyword_list(text: str) -> bool:
    """A run of qualities ("teamwork, communication, empathy, STAR…") with no sentences:
    almost no words that hold a sentence together, and short comma-separated chunks."""
    words = tokens(text)
    if len(words) < 6:
        return False
    connective = sum(1 for w in words if w in _CONNECTIVE) / len(words)
    chunks = [c for c in _CHUNK.split(text) if c.strip()]
    mean_chunk = len(words) / max(1, len(chunks))
    if connective < KEYWORD_LIST_SHARE / 2:
        return True
    return connective < KEYWORD_LIST_SHARE and mean_chunk <= KEYWORD_CHUNK_WORDS
