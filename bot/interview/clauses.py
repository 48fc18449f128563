"""Light clause analysis for behaviour detection: who does what, and whether it is negated.

No parser and no model: a sentence is split into word tokens (punctuation kept), and two
questions are answered by looking back from a word to the start of its clause:
  - is it negated ("I did not report", "I didn't see the point of an incident report")?
  - who is its subject (the nearest pronoun or person noun before it in the clause)?
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property

from bot.text import fold

_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|[,;:()\u2014\u2013]|--| - ")

NEGATORS = frozenset({"not", "never", "no", "without", "nobody", "nothing", "neither", "nor"})
# verbs whose object clause is negated in effect: "decided not to", "refused to tell"
NEGATING_VERBS = frozenset({"refused", "avoided", "declined", "skipped", "stopped", "forgot"})
SUBJECT_PRONOUNS = frozenset({"i", "we", "he", "she", "they", "you", "it", "nobody", "everyone"})
FIRST_PERSON = frozenset({"i", "we"})
# words that start a new clause whatever precedes them
CLAUSE_STARTERS = frozenset(
    {
        "but",
        "however",
        "instead",
        "so",
        "because",
        "although",
        "though",
        "then",
        "while",
        "whereas",
        "yet",
        "therefore",
        "since",
        "when",
        "after",
        "before",
        "until",
        "if",
        "that",
        "who",
        "which",
        "where",
        "what",
    }
)
PUNCTUATION = frozenset({",", ";", ":", "(", ")", "\u2014", "\u2013", "--", " - "})
MAX_SCOPE = 9


@dataclass(frozen=True)
class Clauses:
    sentence: str

    @cached_property
    def words(self) -> list[str]:
        return [t.strip() for t in _TOKEN.findall(fold(self.sentence))]

    @cached_property
    def joined(self) -> str:
        """The words joined by single spaces: what the phrase patterns search."""
        return " ".join(self.words)

    def _clause_start(self, index: int) -> int:
        """Index of the first word of the clause that contains words[index]."""
        words = self.words
        i = index - 1
        while i >= 0:
            word = words[i]
            if word in CLAUSE_STARTERS:
                return i + 1
            if word in PUNCTUATION and i + 1 < index and words[i + 1] in SUBJECT_PRONOUNS:
                return i + 1
            if word == "and" and i + 1 < index and words[i + 1] in SUBJECT_PRONOUNS:
                return i + 1
            i -= 1
        return 0

    def negation_of(self, index: int) -> int | None:
        """Index of the negator that governs words[index], if any.

        "and" ends a negation's reach ("I was not well and told the team" negates only
        "well"), except when the negation is repeated after it.
        """
        words = self.words
        start = max(self._clause_start(index), index - MAX_SCOPE)
        for i in range(index - 1, start - 1, -1):
            word = words[i]
            if word == "and":
                return None
            if word in NEGATORS or word in NEGATING_VERBS:
                following = words[i + 1] if i + 1 < len(words) else ""
                # "not only" and "no longer" do not negate what follows
                if (word, following) in {("not", "only"), ("no", "longer"), ("no", "doubt")}:
                    continue
                return i
        return None

    def negated(self, index: int) -> bool:
        return self.negation_of(index) is not None

    def requested_of_me(self, negator: int) -> bool:
        """ "they asked me not to tell": the negation is someone else's request."""
        words = self.words
        return (
            negator >= 1
            and words[negator - 1] in {"me", "us"}
            and negator + 1 < len(words)
            and words[negator + 1] == "to"
        )

    def subject(self, index: int) -> str | None:
        """The nearest pronoun before the word in its clause ("i", "she", ...), if any."""
        start = self._clause_start(index)
        for i in range(index - 1, start - 1, -1):
            if self.words[i] in SUBJECT_PRONOUNS:
                return self.words[i]
        # "What I did not do ... is report him": the subject sits before the clause break
        for i in range(start - 1, -1, -1):
            if self.words[i] in SUBJECT_PRONOUNS:
                return self.words[i]
            if self.words[i] in CLAUSE_STARTERS:
                break
        return None

    def find(self, words: Collection[str]) -> list[int]:
        """Indexes of the sentence's words that belong to a word class."""
        return [i for i, w in enumerate(self.words) if w in words]

    def by_me(self, index: int) -> bool:
        return self.subject(index) in FIRST_PERSON
