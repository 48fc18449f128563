"""Match a user's question to an FAQ entry: answer, clarify ("did you mean…") or none."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process

from bot.faq.analyzer import english_words
from bot.faq.index import FaqIndex
from bot.faq.meaning import MeaningIndex
from bot.faq.regions import RegionDetector
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
    # the one region the question named, when the knowledge base has nothing for it there
    missing_region: str | None = None
    # nothing in the knowledge base is even close: a question about something else entirely
    outside: bool = False

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
    other_region_factor: float = 0.5  # entries of the other country, for a question naming one


@dataclass(frozen=True)
class MeaningSettings:
    """How the embedding signal joins the lexical one (chosen on the development sets only,
    docs/MATCHING.md): it re-ranks the lexical top few, vetoes an answer it clearly disagrees
    with, declines what is closer to an out-of-scope subject, and lets the two signals answer
    together where the lexical one alone would have asked."""

    rerank_weight: float = 0.4
    rerank_depth: int = 3
    veto_margin: float = 0.02
    answer_meaning_at: float = 0.4  # an answer whose phrasings mean something else is asked about
    out_of_scope_margin: float = 0.0
    agree_lexical_at: float = 0.2
    agree_margin: float = 0.0
    agree_meaning_at: float = 0.5  # agreement needs the meaning itself to be close, too
    bare_agree_margin: float = 0.15  # a bare topic word is answered only with a clear lead
    outside_below: float = 0.45  # no entry this close in meaning: outside what the bot covers
    segments: int = 2  # a long post's sentences read beside its opening, asking ones first
    whole_text_words: int = 40  # a question up to this long is read whole


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


def asking_parts(text: str) -> list[str]:
    """The sentences of a post that ask something, each with what it carries on from; empty
    for a post that asks one thing or less."""
    asks = []
    for part in sentences(text):
        bare = _CONTINUES.sub("", part).strip(" ,")
        if part.rstrip().endswith("?") or _ASK_START.match(bare):
            asks.append(bare)
    return asks if len(asks) >= 2 else []


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
    def __init__(
        self,
        index: FaqIndex,
        settings: MatcherSettings | None = None,
        *,
        meaning: MeaningIndex | None = None,
        regions: RegionDetector | None = None,
        meaning_settings: MeaningSettings | None = None,
    ) -> None:
        self.index = index
        self.settings = settings or MatcherSettings()
        self.meaning = meaning
        self.regions = regions
        self.meaning_settings = meaning_settings or MeaningSettings()
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
        known.sort(key=lambda item: (len(item[3]), item[0]))  # ties in a fixed order
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
        for number in sorted(worded):
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
        lexical = self.scores(text)
        if not lexical:  # not one word the knowledge base knows
            return MatchResult("none", None, 0, outside=True)
        targets = self.index.targets
        region = self.regions.only_region(text) if self.regions else None
        if region is not None:
            for target in lexical:
                if targets[target].in_scope and targets[target].region not in (region, "both"):
                    lexical[target] *= settings.other_region_factor
        meaning = None
        if self.meaning is not None:
            meaning = self.meaning.similarities(self._meaning_segments(text))
        ranked = self._ranked(lexical, meaning)
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
            return MatchResult(
                "none", None, _percent(top), [], declined_topic=top_target.question, outside=True
            )
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        # a bare topic word ("visa") is a subject, not yet a question: offer its entries
        # unless one of them clearly stands out
        margin = settings.bare_margin if _is_bare(text) else settings.answer_margin
        if top >= settings.answer_at and top - runner_up >= margin * top:
            status: Status = "answer"
        elif top >= settings.clarify_at and len(candidates) >= 2:
            status = "clarify"
        else:
            status = "none"
        if meaning is not None:
            status, declined = self._second_opinion(
                status, top_no, lexical, meaning, region, bare=_is_bare(text)
            )
            if declined is not None:
                return MatchResult(
                    "none", None, _percent(top), [], declined_topic=declined, outside=True
                )
            if status == "clarify" and len(candidates) < 2:
                candidates = self._with_meaning_choice(candidates, meaning, region)
        if region is not None and top_target.region not in (region, "both"):
            return MatchResult("none", None, _percent(top), [], missing_region=region)
        if (
            meaning is not None
            and status != "answer"
            and float(np.where(self._allowed(None), meaning, -2.0).max())
            < self.meaning_settings.outside_below
        ):
            return MatchResult("none", None, _percent(top), [], outside=True)
        if status == "answer":
            return MatchResult("answer", top_target.id, _percent(top), candidates[:1])
        if status == "clarify" and len(candidates) >= 2:
            return MatchResult("clarify", None, _percent(top), candidates)
        return MatchResult("none", None, _percent(top), [])

    def _meaning_segments(self, text: str) -> list[str]:
        """What the embedding reads: a short question whole; a long post by its opening words
        and its first asking sentences (encoding time grows with length: this bounds it)."""
        words = text.split()
        limit = self.meaning_settings.whole_text_words
        if len(words) <= limit:
            return [text]
        parts = [s for s, _ in _segments(text, self.settings.max_segments)[1:]]
        return [" ".join(words[:limit]), *parts[: self.meaning_settings.segments]]

    def _ranked(
        self, lexical: dict[int, float], meaning: np.ndarray | None
    ) -> list[tuple[int, float]]:
        """Lexical order; with meaning, its top few re-ranked by lexical + weighted meaning."""
        ranked = sorted(lexical.items(), key=lambda item: (-item[1], item[0]))
        if meaning is None:
            return ranked
        weight = self.meaning_settings.rerank_weight
        depth = self.meaning_settings.rerank_depth
        scale = 1 + weight / 2  # keeps the combined score on the lexical thresholds' scale
        top = [
            (target, (score + weight * max(0.0, float(meaning[target]))) / scale)
            for target, score in ranked[:depth]
        ]
        top.sort(key=lambda item: (-item[1], item[0]))
        rest = [(target, score / scale) for target, score in ranked[depth:]]
        return top + rest

    def _allowed(self, region: str | None) -> np.ndarray:
        targets = self.index.targets
        return np.array(
            [t.in_scope and (region is None or t.region in (region, "both")) for t in targets]
        )

    def _second_opinion(
        self,
        status: Status,
        chosen: int,
        lexical: dict[int, float],
        meaning: np.ndarray,
        region: str | None,
        *,
        bare: bool,
    ) -> tuple[Status, str | None]:
        """The embedding signal's say: veto, decline as out of scope, or agree to answer.

        A bare topic word ("visa") is too short for an embedding to tell subjects apart: it is
        never declined on meaning, and answered only when both signals clearly agree ("soap")."""
        config = self.meaning_settings
        targets = self.index.targets
        outside = np.array([not t.in_scope for t in targets])
        if outside.any() and not bare:
            closest_outside = int(np.where(outside, meaning, -2.0).argmax())
            if meaning[closest_outside] - meaning[chosen] > config.out_of_scope_margin:
                return "none", targets[closest_outside].question
        allowed = self._allowed(region)
        closest = int(np.where(allowed, meaning, -2.0).argmax())
        if status == "answer":
            if closest != chosen and meaning[closest] - meaning[chosen] > config.veto_margin:
                return "clarify", None
            if meaning[chosen] < config.answer_meaning_at:
                return "clarify", None
        elif status == "clarify":
            lexical_top = max(lexical, key=lambda t: (lexical[t], -t))
            ordered = np.sort(np.where(allowed, meaning, -2.0))
            lead = float(ordered[-1] - ordered[-2]) if len(ordered) > 1 else 1.0
            if (
                lexical_top == chosen == closest
                and lexical[chosen] >= config.agree_lexical_at
                and meaning[chosen] >= config.agree_meaning_at
                and lead >= (config.bare_agree_margin if bare else config.agree_margin)
            ):
                return "answer", None
        return status, None

    def _with_meaning_choice(
        self, candidates: list[Candidate], meaning: np.ndarray, region: str | None
    ) -> list[Candidate]:
        """A clarification needs two choices: add the entry the embedding signal prefers."""
        allowed = self._allowed(region)
        order = np.argsort(-np.where(allowed, meaning, -2.0), kind="stable")
        targets = self.index.targets
        have = {c.id for c in candidates}
        out = list(candidates)
        for number in order[:3]:
            target = targets[int(number)]
            if target.id not in have and allowed[int(number)]:
                out.append(Candidate(target.id, target.question, _percent(float(meaning[number]))))
                have.add(target.id)
            if len(out) >= 2:
                break
        return out


def _is_bare(text: str) -> bool:
    words = text.split()
    return len(words) <= 2 and "?" not in text and not _ASK_START.match(text.strip())


def _percent(score: float) -> int:
    return max(0, min(100, round(score * 100)))


def rank_phrasings(query: str, choices: list[str], limit: int = 5) -> list[tuple[str, float]]:
    """rapidfuzz ranking of raw phrasings, used where a plain fuzzy look-up is enough."""
    return [(c, s) for c, s, _ in process.extract(query, choices, scorer=fuzz.WRatio, limit=limit)]
