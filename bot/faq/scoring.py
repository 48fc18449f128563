"""Candidate scoring, the lexical signal: every FAQ entry scored against a question and each of
its sentences (bot.faq.matcher decides what the scores mean)."""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import fuzz

from bot.faq.analyzer import english_words
from bot.faq.index import FaqIndex
from bot.faq.segments import segments_of
from bot.faq.settings import MatcherSettings
from bot.text import STOPWORDS, stem

_ACRONYM = re.compile(r"\b[A-Z]{3,}\b")


class LexicalScorer:
    """Scores every entry against a question by the words they share (IDF-weighted), the
    entry's word profile and body, and a fuzzy comparison of the closest phrasing."""

    def __init__(self, index: FaqIndex, settings: MatcherSettings) -> None:
        self.index = index
        self.settings = settings
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
        segments = segments_of(text, settings.max_segments)
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
        unknown = [w for w in words if (s := stem(w)) not in index.idf and s not in index.body_idf]
        if not unknown:
            return 0.0  # the English word list (a fifth of a second to read) is not needed
        english = english_words()
        # an acronym in capitals names a thing ("NCLEX"): if the KB never uses it, it is
        # another field's, not a typo of ours
        acronyms = {word.lower() for word in _ACRONYM.findall(text)}
        unfamiliar = sum(1 for word in unknown if word in english or word in acronyms)
        return unfamiliar / len(words)
