"""Recognise greetings, thanks and other small talk, so they get a human reply."""

from __future__ import annotations

from collections.abc import Mapping

from bot.text import tokens

EXTRA_WORDS_ALLOWED = 3


class SmallTalk:
    def __init__(self, phrases: Mapping[str, list[str]]) -> None:
        ordered = sorted(
            ((tuple(tokens(p)), kind) for kind, items in phrases.items() for p in items),
            key=lambda item: -len(item[0]),
        )
        # a phrase can only open or close the message: index it by its first and last word
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._by_last: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase, kind in ordered:
            if phrase:
                self._by_first.setdefault(phrase[0], []).append((phrase, kind))
                self._by_last.setdefault(phrase[-1], []).append((phrase, kind))

    def kind(self, text: str) -> str | None:
        words = tuple(tokens(text))
        if not words or len(words) > 6:
            return None
        # "hi, what is soap" is a question, not a greeting: only short leftovers pass
        for phrase, kind in self._by_first.get(words[0], ()):
            if words[: len(phrase)] == phrase and _only_fillers(words[len(phrase) :]):
                return kind
        for phrase, kind in self._by_last.get(words[-1], ()):
            if words[-len(phrase) :] == phrase and _only_fillers(words[: -len(phrase)]):
                return kind
        return None


def _only_fillers(rest: tuple[str, ...]) -> bool:
    return len(rest) <= EXTRA_WORDS_ALLOWED and all(w in _FILLERS for w in rest)


_FILLERS = frozenset(
    "there again so much very lot a all guys everyone doctor doc bot sir madam dear friend man "
    "bro buddy coach you u for the help info information again alot please".split()
)
