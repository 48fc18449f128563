"""Match a user's question to an FAQ entry: answer, clarify ("did you mean…") or none.

The decision lives here; its parts are bot.faq.scoring (the lexical scores),
bot.faq.meaning_checks (the embedding signal's re-ranking and veto), bot.faq.segments (a post
read in parts), bot.faq.results (what a match gives back) and bot.faq.settings (thresholds).
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

from bot.faq.index import FaqIndex
from bot.faq.meaning import MeaningIndex
from bot.faq.meaning_checks import MeaningChecks
from bot.faq.regions import RegionDetector
from bot.faq.results import Candidate, MatchResult, Status, percent
from bot.faq.scoring import LexicalScorer
from bot.faq.segments import asking_parts, is_bare
from bot.faq.settings import MatcherSettings, MeaningSettings

__all__ = [
    "Candidate",
    "FaqMatcher",
    "MatchResult",
    "MatcherSettings",
    "MeaningSettings",
    "Status",
    "asking_parts",
    "rank_phrasings",
]


class FaqMatcher:
    """The lexical scores, the embedding signal's say, the region asked about and the
    thresholds, joined into one decision."""

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
        self.lexical = LexicalScorer(index, self.settings)
        self.checks = MeaningChecks(index, self.settings, self.meaning_settings)

    def scores(self, text: str) -> dict[int, float]:
        """Every target's lexical score for the question (bot.faq.scoring)."""
        return self.lexical.scores(text)

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
            meaning = self.meaning.similarities(self.checks.meaning_segments(text))
        ranked = self.checks.ranked(lexical, meaning)
        top_no, top = ranked[0]
        top_target = targets[top_no]
        in_scope = [(n, s) for n, s in ranked if targets[n].in_scope]
        # "did you mean" offers the close runners-up: within reach of the top score, or at
        # least half of it, so a vague question gets a real choice of two or three
        floor = min(top - settings.clarify_within, top / 2)
        candidates = [
            Candidate(targets[n].id, targets[n].question, percent(s))
            for n, s in in_scope[: settings.max_candidates]
            if s >= floor
        ]
        if not top_target.in_scope:
            return MatchResult(
                "none", None, percent(top), [], declined_topic=top_target.question, outside=True
            )
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        # a bare topic word ("visa") is a subject, not yet a question: offer its entries
        # unless one of them clearly stands out
        margin = settings.bare_margin if is_bare(text) else settings.answer_margin
        if top >= settings.answer_at and top - runner_up >= margin * top:
            status: Status = "answer"
        elif top >= settings.clarify_at and len(candidates) >= 2:
            status = "clarify"
        else:
            status = "none"
        if meaning is not None:
            stems = self.index.analyzer.stems(text, repair=True)  # as the lexical scores read it
            distinctive = self.index.distinctive(stems, top_no)
            status, declined = self.checks.second_opinion(
                status,
                top_no,
                lexical,
                meaning,
                region,
                bare=is_bare(text),
                distinctive=distinctive,
            )
            if declined is not None:
                return MatchResult(
                    "none", None, percent(top), [], declined_topic=declined, outside=True
                )
            if status == "clarify" and len(candidates) < 2:
                candidates = self.checks.with_meaning_choice(candidates, meaning, region)
        if region is not None and top_target.region not in (region, "both"):
            return MatchResult("none", None, percent(top), [], missing_region=region)
        if (
            meaning is not None
            and status != "answer"
            and float(np.where(self.checks.allowed(None), meaning, -2.0).max())
            < self.meaning_settings.outside_below
        ):
            return MatchResult("none", None, percent(top), [], outside=True)
        if status == "answer":
            return MatchResult("answer", top_target.id, percent(top), candidates[:1])
        if status == "clarify" and len(candidates) >= 2:
            return MatchResult("clarify", None, percent(top), candidates)
        return MatchResult("none", None, percent(top), [])


def rank_phrasings(query: str, choices: list[str], limit: int = 5) -> list[tuple[str, float]]:
    """rapidfuzz ranking of raw phrasings, used where a plain fuzzy look-up is enough."""
    return [(c, s) for c, s, _ in process.extract(query, choices, scorer=fuzz.WRatio, limit=limit)]
