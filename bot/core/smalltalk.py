"""Recognise greetings, thanks and other small talk, so they get a human reply."""

from __future__ import annotations

from collections.abc import Mapping

from bot.text import tokens

EXTRA_WORDS_ALLOWED = 3


class SmallTalk:
    def __init__(self, phrases: Mapping[str, list[str]]) -> None:
        self._phrases: list[tuple[tuple[str, ...], str]] = sorted(
            ((tuple(tokens(p)), kind) for kind, items in phrases.items() for p in items),
            key=lambda item: -len(item[0]),
        )

    def kind(self, text: str) -> str | None:
        words = tuple(tokens(text))
        if not words or len(words) > 6:
            return None
        for phrase, kind in self._phrases:
            if not phrase or len(words) - len(phrase) > EXTRA_WORDS_ALLOWED:
                continue
            if words[: len(phrase)] == phrase or words[-len(phrase) :] == phrase:
                # "hi, what is soap" is a question, not a greeting: only short leftovers pass
                rest = (
                    words[len(phrase) :]
                    if words[: len(phrase)] == phrase
                    else words[: -len(phrase)]
                )
                if all(w in _FILLERS for w in rest):
                    return kind
        return None


_FILLERS = frozenset(
    "there again so much very lot a all guys everyone doctor doc bot sir madam dear friend man "
    "bro buddy coach you u for the help info information again alot please".split()
)
