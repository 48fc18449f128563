"""Which country's system a question names: Canada, the US, both or neither."""

from __future__ import annotations

from collections.abc import Mapping

from bot.text import tokens


class RegionDetector:
    """Finds the region words of content/vocabulary.yaml in a question (whole words only)."""

    def __init__(self, markers: Mapping[str, list[str]]) -> None:
        self._phrases: dict[tuple[str, ...], str] = {}
        for region, words in markers.items():
            for phrase in words:
                key = tuple(tokens(phrase))
                if key:
                    self._phrases[key] = region
        self._longest = max((len(k) for k in self._phrases), default=0)

    def regions_named(self, text: str) -> set[str]:
        words = tokens(text)
        found: set[str] = set()
        for start in range(len(words)):
            for size in range(min(self._longest, len(words) - start), 0, -1):
                region = self._phrases.get(tuple(words[start : start + size]))
                if region is not None:
                    found.add(region)
                    break
        return found

    def only_region(self, text: str) -> str | None:
        """The one region a question names, or None when it names both or neither."""
        named = self.regions_named(text)
        return next(iter(named)) if len(named) == 1 else None
