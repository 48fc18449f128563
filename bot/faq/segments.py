"""How a post is read in parts: the sentences that ask something, each with what it carries on
from, and whether a query is a bare topic word rather than a question."""

from __future__ import annotations

import re

from bot.text import sentences

_ASK_START = re.compile(
    r"^(what|how|when|where|which|who|why|is|are|do|does|did|can|could|should|would|will|"
    r"must|may|am|any)\b",
    re.IGNORECASE,
)


# a sentence that carries on from the one before ("and can i write it from home?") is read
# with it
_CONTINUES = re.compile(r"^(and|also|plus)\b", re.IGNORECASE)


def _joined(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if out and _CONTINUES.search(part):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def asking_parts(text: str) -> list[str]:
    """The sentences of a post that ask something, each with what it carries on from; empty
    for a post that asks one thing or less."""
    asks = []
    for part in sentences(text):
        bare = _CONTINUES.sub("", part).strip(" ,")
        if part.rstrip().endswith("?") or _ASK_START.match(bare):
            asks.append(bare)
    return asks if len(asks) >= 2 else []


def segments_of(text: str, limit: int) -> list[tuple[str, bool]]:
    """The whole text plus each sentence; a sentence that asks something is flagged."""
    parts = _joined(sentences(text))
    found: list[tuple[str, bool]] = [(text, False)]
    if len(parts) > 1:
        asks = [(p, p.rstrip().endswith("?") or bool(_ASK_START.match(p))) for p in parts]
        # prefer asking sentences when the post is long
        asks.sort(key=lambda item: not item[1])
        found.extend(asks[:limit])
    return found


def is_bare(text: str) -> bool:
    words = text.split()
    return len(words) <= 2 and "?" not in text and not _ASK_START.match(text.strip())
