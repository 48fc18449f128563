"""An answer as the scorer reads it: sentences, their stems and signals, and where each
checklist cue or item vocabulary is met (in the answer's own spelling, not negated)."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.faq.analyzer import SynonymTable
from bot.interview.clauses import NEGATORS, Clauses
from bot.interview.rubric import BAG_WORDS_NEEDED
from bot.interview.signals import SentenceSignals, analyse_sentence
from bot.text import sentences, stem, tokens

# Only function words are ignored in cues and answers (see the bank's brief): "told",
# "asked" or "good" carry meaning in an answer even where the FAQ matcher drops them.
CUE_STOPWORDS = frozenset(
    """
    i me my mine myself we our ours you your the a an to of in on at by for with from and or
    but so as is am are was were be been being it its this that these those he him his she her
    they them their do does did has have had will would can could just very really
    """.split()
)


def _stems(words: list[str]) -> list[str]:
    return [stem(w) for w in words if w not in CUE_STOPWORDS]


class CueMatcher:
    """Cue and answer words in one vocabulary: synonyms applied, then stemmed."""

    def __init__(self, synonyms: dict[str, str]) -> None:
        self.table = SynonymTable(synonyms)
        self._cache: dict[str, tuple[str, ...]] = {}

    def cue(self, cue: str) -> tuple[str, ...]:
        found = self._cache.get(cue)
        if found is None:
            found = tuple(_stems(self.table.rewrite(tokens(cue))))
            self._cache[cue] = found
        return found

    def sentence(self, sentence: str) -> frozenset[str]:
        return frozenset(_stems(self.table.rewrite(tokens(sentence))))


PLAIN_CUES = CueMatcher({})


class AnswerText:
    """An answer split into sentences, with each sentence's stems and signals."""

    def __init__(self, text: str, cues: CueMatcher) -> None:
        self.sentences = sentences(text)
        self.stems = [cues.sentence(s) for s in self.sentences]
        self.signals: list[SentenceSignals] = [analyse_sentence(s) for s in self.sentences]
        self._vocabulary = sorted(set().union(*self.stems)) if self.stems else []
        self._aliases: dict[str, str | None] = {}
        self._clauses: dict[int, Clauses] = {}

    def alias(self, cue_stem: str) -> str | None:
        """The answer's own spelling of a cue word: exact, or a close typo of a long word."""
        if cue_stem in self._aliases:
            return self._aliases[cue_stem]
        found: str | None = None
        if any(cue_stem in s for s in self.stems):
            found = cue_stem
        elif len(cue_stem) >= 6 and (
            prefixed := next((w for w in self._vocabulary if w.startswith(cue_stem)), None)
        ):
            found = prefixed  # "pediatr" (pediatrics) also finds "pediatrician"
        elif len(cue_stem) >= 5 and self._vocabulary:
            match = process.extractOne(
                cue_stem, self._vocabulary, scorer=fuzz.ratio, score_cutoff=86
            )
            found = match[0] if match else None
        self._aliases[cue_stem] = found
        return found

    def clauses(self, number: int) -> Clauses:
        if number not in self._clauses:
            self._clauses[number] = Clauses(self.sentences[number])
        return self._clauses[number]

    def cue_sentences(self, cue: tuple[str, ...]) -> list[int]:
        """Sentences that hold every word of the cue, not negated."""
        if not cue:
            return []
        aliases = []
        for word in cue:
            alias = self.alias(word)
            if alias is None:
                return []
            aliases.append(alias)
        cue_negative = any(word in NEGATORS for word in cue)
        return [
            number
            for number, stems in enumerate(self.stems)
            if all(a in stems for a in aliases)
            and (cue_negative or not self._negated(number, aliases))
        ]

    def bag_sentences(self, bag: tuple[str, ...]) -> list[int]:
        """Sentences sharing enough of an item's informative words (not negated)."""
        found = []
        for number, stems in enumerate(self.stems):
            shared = [w for w in bag if w in stems]
            if len(shared) >= BAG_WORDS_NEEDED and not self._negated(number, shared[:1]):
                found.append(number)
        return found

    def _negated(self, number: int, aliases: list[str]) -> bool:
        clause = self.clauses(number)
        content = [a for a in aliases if a not in NEGATORS]
        if not content:
            return False
        head = content[0]
        for index, word in enumerate(clause.words):
            if stem(word) == head:
                return clause.negated(index)
        return False
