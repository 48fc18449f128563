"""Pre-built FAQ index: every phrasing of every entry as stems, IDF weights, postings."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.content.schema import FaqEntry, OutOfScopeTopic
from bot.faq.analyzer import Analyzer


@dataclass(frozen=True)
class Target:
    """Something a question can match: an FAQ entry, or a subject the bot declines."""

    id: str
    question: str
    in_scope: bool
    region: str = "both"


@dataclass
class Phrasing:
    target: int
    stems: frozenset[str]
    text: str  # stems joined, for rapidfuzz
    weight: float = 0.0  # sum of IDF of its stems


@dataclass
class FaqIndex:
    analyzer: Analyzer
    targets: list[Target] = field(default_factory=list)
    phrasings: list[Phrasing] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    postings: dict[str, list[int]] = field(default_factory=dict)
    # all stems of a target with the share of its phrasings that contain them
    profile: list[dict[str, float]] = field(default_factory=list)
    default_idf: float = 0.0
    # stems of each target's answer text, weighted by their own IDF over answers
    body: list[frozenset[str]] = field(default_factory=list)
    body_idf: dict[str, float] = field(default_factory=dict)
    # stems that mostly occur in Canada-only entries: a question without any is about the US
    canada_stems: frozenset[str] = frozenset()
    # stems and word pairs that only one target's phrasings hold, with that target
    only_in: dict[str, int] = field(default_factory=dict)
    # each target's phrasings as written, for the sentence-embedding signal
    texts: list[list[str]] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        entries: list[FaqEntry],
        out_of_scope: list[OutOfScopeTopic],
        synonyms: dict[str, str],
    ) -> FaqIndex:
        documents = [
            (
                Target(e.id, e.question, True, e.region),
                [e.question, *e.alternates, *e.keywords],
                e.answer,
            )
            for e in entries
        ] + [(Target(t.id, t.label, False), list(t.phrases), "") for t in out_of_scope]
        index = cls.from_documents(documents, synonyms)
        # keywords are tags, not ways of asking: the embedding signal reads questions only
        index.texts = [[e.question, *e.alternates] for e in entries] + [
            list(t.phrases) for t in out_of_scope
        ]
        return index

    @classmethod
    def from_documents(
        cls, documents: list[tuple[Target, list[str], str]], synonyms: dict[str, str]
    ) -> FaqIndex:
        """Index any targets by their phrasings and body text (the interview bank reuses this)."""
        analyzer = Analyzer(synonyms)
        index = cls(analyzer=analyzer)
        index.targets = [target for target, _, _ in documents]
        texts_by_target = [texts for _, texts, _ in documents]
        index.texts = [list(texts) for texts in texts_by_target]
        index.body = [frozenset(analyzer.stems(body)) for _, _, body in documents]
        body_df: dict[str, int] = defaultdict(int)
        for stems in index.body:
            for stem_ in stems:
                body_df[stem_] += 1
        n_bodies = sum(1 for stems in index.body if stems) or 1
        index.body_idf = {s: math.log((n_bodies + 1) / (df + 0.5)) for s, df in body_df.items()}
        analyzer.learn(
            [*(t for texts in texts_by_target for t in texts), *(b for _, _, b in documents)]
        )

        document_frequency: dict[str, int] = defaultdict(int)
        for target_no, texts in enumerate(texts_by_target):
            counts: dict[str, int] = defaultdict(int)
            for text in texts:
                stems = frozenset(analyzer.stems(text))
                if not stems:
                    continue
                index.phrasings.append(Phrasing(target_no, stems, " ".join(sorted(stems))))
                for stem_ in stems:
                    counts[stem_] += 1
            index.profile.append({s: c / len(texts) for s, c in counts.items()})
            for stem_ in counts:
                document_frequency[stem_] += 1

        index.only_in = {
            s: number
            for number, profile in enumerate(index.profile)
            for s in profile
            if document_frequency[s] == 1 and not all(w.isdigit() for w in s.split("_"))
        }
        n = len(index.targets)
        index.idf = {s: math.log((n + 1) / (df + 0.5)) for s, df in document_frequency.items()}
        # a word the knowledge base never uses is as informative as the rarest known word
        index.default_idf = math.log((n + 1) / 0.5)
        postings: dict[str, list[int]] = defaultdict(list)
        for number, phrasing in enumerate(index.phrasings):
            phrasing.weight = sum(index.idf[s] for s in phrasing.stems)
            for stem_ in phrasing.stems:
                postings[stem_].append(number)
        index.postings = dict(postings)
        index.canada_stems = _regional_stems(index, "canada")
        return index

    def weight(self, stem_: str) -> float:
        return self.idf.get(stem_, self.default_idf)

    def distinctive(self, stems: Iterable[str], target: int) -> int:
        """How much a question says that no phrasing but this target's says: its own words, and
        its own word pairs made of words that are not its own (a pair of two such words would
        count them again). A longer phrase only this entry uses, "return of service agreement",
        gives a pair at each step: the longer the shared phrase, the surer the match."""
        own = {s for s in stems if self.only_in.get(s) == target}
        words = {s for s in own if "_" not in s}
        pairs = {s for s in own - words if not set(s.split("_")) & words}
        return len(words) + len(pairs)


def _regional_stems(index: FaqIndex, region: str) -> frozenset[str]:
    """Stems that occur (almost) only in the region's entries (shared entries are neutral)."""
    inside: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for number, profile in enumerate(index.profile):
        target = index.targets[number]
        if not target.in_scope or target.region == "both":
            continue
        for stem_ in profile:
            total[stem_] += 1
            if target.region == region:
                inside[stem_] += 1
    return frozenset(
        s for s, n in inside.items() if n / total[s] >= 0.75 and (n >= 2 or len(s) >= 4)
    )
