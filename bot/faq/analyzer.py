"""Turns a question into the stems the FAQ index compares: synonyms, typo repair, stemming."""

from __future__ import annotations

import gzip
import itertools
import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.text import STOPWORDS, stem, tokens

_WORD_COUNT = re.compile(r'"([^"\\]+)": (\d+)')


@cache
def english_words() -> frozenset[str]:
    """Words of general English (pyspellchecker's list): never "repaired" into domain words."""
    path = resources.files("spellchecker") / "resources" / "en.json.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as handle:
        text = handle.read()
    # read the {"word": count} list without building the whole dict (it would double the peak
    # memory of the bot); the long tail (counts under 100, a third of the list) is left out
    words = frozenset(
        match.group(1)
        for match in _WORD_COUNT.finditer(text)
        if len(match.group(2)) >= 3 and "'" not in match.group(1)
    )
    return words


class SynonymTable:
    """Rewrites user wording into the index's words, longest phrase first."""

    def __init__(self, synonyms: Mapping[str, str]) -> None:
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for source, target in synonyms.items():
            key = tuple(tokens(source))
            if key:
                self._phrases[key] = tuple(tokens(target))
        # the longest phrase starting with each word: most words start none, and skip the search
        self._longest_from: dict[str, int] = {}
        for key in self._phrases:
            self._longest_from[key[0]] = max(self._longest_from.get(key[0], 0), len(key))

    @property
    def words(self) -> set[str]:
        found: set[str] = set()
        for key, value in self._phrases.items():
            found.update(key)
            found.update(value)
        return found

    def rewrite(self, words: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        longest_from = self._longest_from
        while i < len(words):
            longest = longest_from.get(words[i])
            if longest is None:
                out.append(words[i])
                i += 1
                continue
            for size in range(min(longest, len(words) - i), 0, -1):
                replacement = self._phrases.get(tuple(words[i : i + size]))
                if replacement is not None:
                    out.extend(replacement)
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return out


class Analyzer:
    """Shared by index building and querying, so both sides see the same stems."""

    def __init__(self, synonyms: Mapping[str, str], bigrams: bool = True) -> None:
        self.bigrams = bigrams
        self.synonyms = SynonymTable(synonyms)
        self._known: set[str] = set(STOPWORDS) | self.synonyms.words
        self._vocabulary: list[str] = []
        self._repairs: dict[str, str] = {}

    def learn(self, texts: Iterable[str]) -> None:
        """Record the surface words of the knowledge base: the targets of typo repair."""
        for text in texts:
            self._known.update(tokens(text))
        self._vocabulary = sorted(w for w in self._known if len(w) >= 3 and w.isalpha())
        self._repairs.clear()

    def repair(self, word: str) -> str:
        """Map an unknown word to the closest known one when a typo is the likely cause."""
        if word in self._known or len(word) < 4 or not word.isalpha() or word in english_words():
            return word
        cached = self._repairs.get(word)
        if cached is not None:
            return cached
        max_edits = 1 if len(word) <= 6 else 2
        best = process.extractOne(
            word, self._vocabulary, scorer=Levenshtein.distance, score_cutoff=max_edits
        )
        fixed = word
        if best is not None:
            candidate = best[0]
            # one-edit fixes of short words must keep the first letter ("plab" is not "plan")
            if len(word) > 6 or candidate[0] == word[0]:
                fixed = candidate
        if len(self._repairs) < 50_000:
            self._repairs[word] = fixed
        return fixed

    def words(self, text: str, repair: bool = False) -> list[str]:
        raw = tokens(text)
        if repair:
            raw = [self.repair(word) for word in raw]
        return self.synonyms.rewrite(raw)

    def stems(self, text: str, repair: bool = False) -> list[str]:
        """Content stems plus adjacent pairs ("match rate", "match day") as single terms."""
        return self.stems_of(self.words(text, repair))

    def stems_of(self, words: list[str]) -> list[str]:
        unigrams = [stem(word) for word in words if word not in STOPWORDS]
        if not self.bigrams:
            return unigrams
        return unigrams + [f"{a}_{b}" for a, b in itertools.pairwise(unigrams)]
