"""Match a user's question to an FAQ entry: answer, clarify ("did you mean…") or none."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from bot.faq.analyzer import english_words
from bot.faq.index import FaqIndex
from bot.text import STOPWORDS, sentences, stem

Status = Literal["answer", "clarify", "none"]


@dataclass(frozen=True)
class Candidate:
    id: str
    question: str
    score: int  # 0..100


@dataclass(frozen=True)
class MatchResult:
    status: Status
    id: str | None
    score: int
    candidates: list[Candidate] = field(default_factory=list)
    declined_topic: str | None = None  # label of an out-of-scope subject, when that was the match

    def as_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "id": self.id,
            "score": self.score,
            "candidates": [
                {"id": c.id, "question": c.question, "score": c.score} for c in self.candidates
            ],
        }


@dataclass(frozen=True)
class MatcherSettings:
    """Decision thresholds, chosen on ../shared/eval (see docs/MATCHING.md)."""

    answer_at: float = 0.32
    # the runner-up must trail the top score by this share of it
    answer_margin: float = 0.08
    bare_margin: float = 0.4  # the same, for a query of one or two words that asks nothing
    clarify_at: float = 0.2
    clarify_within: float = 0.15
    max_candidates: int = 3
    phrasing_weight: float = 0.5
    profile_weight: float = 0.25
    body_weight: float = 0.15
    fuzz_weight: float = 0.1
    question_sentence_bonus: float = 0.03
    max_segments: int = 12
    full_information: float = 8.0  # IDF mass at which a sentence is fully trusted
    support_weight: float = 0.5
    full_phrasing_information: float = 3.0  # IDF mass at which a phrasing is fully trusted
    unfamiliar_penalty: float = 0.6  # share of a short question in words the KB never uses
    full_comparison_limit: int = 1000  # phrasings scored one by one before the floor applies
    overlap_floor: float = 0.4  # share of the best overlap a phrasing needs beyond that limit
    shortlist: int = 12  # targets that get the full (slower) comparison
    off_region_factor: float = 0.85  # Canada-only entries for a question that never names Canada


_ASK_START = re.compile(
    r"^(what|how|when|where|which|who|why|is|are|do|does|did|can|could|should|would|will|"
    r"must|may|am|any)\b",
    re.IGNORECASE,
)


_ACRONYM = re.compile(r"\b[A-Z]{3,}\b")


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


def _segments(text: str, limit: int) -> list[tuple[str, bool]]:
    """The whole text plus each sentence; a sentence that asks something is flagged."""
    parts = _joined(sentences(text))
    found: list[tuple[str, bool]] = [(text, False)]
    if len(parts) > 1:
        asks = [(p, p.rstrip().endswith("?") or bool(_ASK_START.match(p))) for p in parts]
        # prefer asking sentences when the post is long
        asks.sort(key=lambda item: not item[1])
        found.extend(asks[:limit])
    return found


class FaqMatcher:
    def __init__(self, index: FaqIndex, settings: MatcherSettings | None = None) -> None:
        self.index = index
        self.settings = settings or MatcherSettings()
        full = self.settings.full_phrasing_information
        self._targets = [p.target for p in index.phrasings]
        self._phrasing_weights = [p.weight for p in index.phrasings]
        self._trust = [min(1.0, p.weight / full) for p in index.phrasings]

    def _score_stems(self, stems: list[str]) -> dict[int, float]:
        index = self.index
        query = set(stems)
        if not query:
            return {}
        query_weight = sum(index.weight(s) for s in query)
        weight_of = index.idf
        known = [
            (s, weight_of[s], not s.isdigit(), index.postings.get(s, ()))
            for s in query
            if s in weight_of
        ]
        # rare words find the candidates; common ones ("residency", "us") only add to them,
        # so a look-up stays fast however large the knowledge base grows
        known.sort(key=lambda item: len(item[3]))
        common_at = max(64, len(index.phrasings) // 50)
        overlap: defaultdict[int, float] = defaultdict(float)
        worded: set[int] = set()  # phrasings sharing a word, not only a number, with the query
        for _stem, weight, has_letters, postings in known:
            only_existing = len(postings) > common_at and bool(overlap)
            if only_existing:
                for number in postings:
                    if number in overlap:
                        overlap[number] += weight
                        if has_letters:
                            worded.add(number)
            else:
                for number in postings:
                    overlap[number] += weight
                if has_letters:
                    worded.update(postings)
        best_phrasing: dict[int, float] = {}
        best_number: dict[int, int] = {}
        targets, phrasing_weights, trust = self._targets, self._phrasing_weights, self._trust
        settings = self.settings
        if len(worded) > settings.full_comparison_limit:
            # a phrasing sharing a small part of what the best ones share cannot make the
            # shortlist: skip it (this is what keeps a 10,000-entry base fast)
            cut = settings.overlap_floor * max(overlap[n] for n in worded)
            worded = {n for n in worded if overlap[n] >= cut}
        for number in worded:
            # the F1 of recall (shared / phrasing) and precision (shared / query), simplified;
            # a phrasing of one common word ("visa") cannot stand for a whole entry
            f_score = 2 * overlap[number] / (phrasing_weights[number] + query_weight)
            f_score *= trust[number]
            target = targets[number]
            if f_score > best_phrasing.get(target, -1.0):
                best_phrasing[target] = f_score
                best_number[target] = number
        phrasings = index.phrasings
        shortlist = sorted(best_phrasing.items(), key=lambda item: -item[1])[: settings.shortlist]
        best_text = {target: phrasings[best_number[target]].text for target, _ in shortlist}
        query_text = " ".join(sorted(query))
        scores: dict[int, float] = {}
        weights = {s: index.weight(s) for s in query}
        body_weights = {s: index.body_idf.get(s, 0.0) for s in query}
        body_weight = sum(body_weights.values()) or 1.0
        for target, f_score in shortlist:
            covered = sum(weights[s] for s in index.profile[target].keys() & query) / query_weight
            in_body = sum(body_weights[s] for s in index.body[target] & query) / body_weight
            fuzzy = fuzz.token_sort_ratio(query_text, best_text[target]) / 100
            scores[target] = (
                settings.phrasing_weight * f_score
                + settings.profile_weight * covered
                + settings.body_weight * in_body
                + settings.fuzz_weight * fuzzy
            )
        return scores

    def scores(self, text: str) -> dict[int, float]:
        """Score every target against the whole question and each of its sentences.

        A long post carries its ask in one or two sentences among many: each sentence is
        scored alone, trusted in proportion to how much it says (the IDF mass of its known
        words), and a target also earns support from every sentence that points to it.
        """
        settings = self.settings
        analyzer = self.index.analyzer
        segments = _segments(text, settings.max_segments)
        best: dict[int, float] = {}
        support: dict[int, float] = {}
        whole: list[str] = []
        whole_words: list[str] = []
        for number, (segment, asks) in enumerate(segments):
            words = analyzer.words(segment, repair=True)
            stems = analyzer.stems_of(words)
            if number == 0:
                whole, whole_words = stems, words
            information = sum(self.index.idf.get(s, 0.0) for s in set(stems))
            # one sentence of a longer post is trusted by how much it says; the whole text is not
            trust = 1.0 if number == 0 else min(1.0, information / settings.full_information)
            bonus = settings.question_sentence_bonus if asks else 0.0
            for target, score in self._score_stems(stems).items():
                weighted = score * trust + bonus
                if weighted > best.get(target, -1.0):
                    best[target] = weighted
                if number:
                    support[target] = support.get(target, 0.0) + score
        if len(segments) > 1:
            sentences_count = len(segments) - 1
            for target in best:
                best[target] += settings.support_weight * support.get(target, 0.0) / sentences_count
        if len(segments) == 1:
            # a short question made of ordinary English words the knowledge base never uses
            # ("reverse a linked list in python") is about something else
            unfamiliar = self._unfamiliar_share(text, whole_words)
            if unfamiliar:
                for target in best:
                    best[target] *= 1.0 - settings.unfamiliar_penalty * unfamiliar
        if not self.index.canada_stems.intersection(whole):
            targets = self.index.targets
            for target in best:
                if targets[target].region == "canada":
                    best[target] *= settings.off_region_factor
        return best

    def _unfamiliar_share(self, text: str, words: list[str]) -> float:
        index = self.index
        words = [w for w in words if w not in STOPWORDS]
        if not words:
            return 0.0
        english = english_words()
        # an acronym in capitals names a thing ("NCLEX"): if the KB never uses it, it is
        # another field's, not a typo of ours
        acronyms = {word.lower() for word in _ACRONYM.findall(text)}
        unfamiliar = 0
        for word in words:
            stem_ = stem(word)
            known = stem_ in index.idf or stem_ in index.body_idf
            if not known and (word in english or word in acronyms):
                unfamiliar += 1
        return unfamiliar / len(words)

    def match(self, text: str) -> MatchResult:
        settings = self.settings
        ranked = sorted(self.scores(text).items(), key=lambda item: item[1], reverse=True)
        if not ranked:
            return MatchResult("none", None, 0)
        targets = self.index.targets
        top_no, top = ranked[0]
        top_target = targets[top_no]
        in_scope = [(n, s) for n, s in ranked if targets[n].in_scope]
        # "did you mean" offers the close runners-up: within reach of the top score, or at
        # least half of it, so a vague question gets a real choice of two or three
        floor = min(top - settings.clarify_within, top / 2)
        candidates = [
            Candidate(targets[n].id, targets[n].question, _percent(s))
            for n, s in in_scope[: settings.max_candidates]
            if s >= floor
        ]
        if not top_target.in_scope:
            return MatchResult("none", None, _percent(top), [], declined_topic=top_target.question)
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        # a bare topic word ("visa") is a subject, not yet a question: offer its entries
        # unless one of them clearly stands out
        margin = settings.bare_margin if _is_bare(text) else settings.answer_margin
        if top >= settings.answer_at and top - runner_up >= margin * top:
            return MatchResult("answer", top_target.id, _percent(top), candidates[:1])
        if top >= settings.clarify_at and len(candidates) >= 2:
            return MatchResult("clarify", None, _percent(top), candidates)
        return MatchResult("none", None, _percent(top), [])


def _is_bare(text: str) -> bool:
    words = text.split()
    return len(words) <= 2 and "?" not in text and not _ASK_START.match(text.strip())


def _percent(score: float) -> int:
    return max(0, min(100, round(score * 100)))


def rank_phrasings(query: str, choices: list[str], limit: int = 5) -> list[tuple[str, float]]:
    """rapidfuzz ranking of raw phrasings, used where a plain fuzzy look-up is enough."""
    return [(c, s) for c, s, _ in process.extract(query, choices, scorer=fuzz.WRatio, limit=limit)]
