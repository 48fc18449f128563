"""The meaning veto and checks: how the embedding signal re-ranks the lexical top few, vetoes an
answer it clearly disagrees with, declines what is closer to an out-of-scope subject, and offers
a second choice when a clarification has only one."""

from __future__ import annotations

import numpy as np

from bot.faq.index import FaqIndex
from bot.faq.results import Candidate, Status, percent
from bot.faq.segments import segments_of
from bot.faq.settings import MatcherSettings, MeaningSettings


class MeaningChecks:
    """The embedding signal beside the lexical one: what it reads of a post, the top few
    re-ranked, and its second opinion (veto, decline as out of scope, or agree to answer)."""

    def __init__(
        self, index: FaqIndex, settings: MatcherSettings, meaning_settings: MeaningSettings
    ) -> None:
        self.index = index
        self.settings = settings
        self.meaning_settings = meaning_settings

    def meaning_segments(self, text: str) -> list[str]:
        """What the embedding reads: a short question whole; a long post as one text, its first
        asking sentences then its opening words, cut at post_words (encoding time grows with
        length and with each run: one bounded run keeps a long post as fast as a question)."""
        words = text.split()
        config = self.meaning_settings
        if len(words) <= config.whole_text_words:
            return [text]
        asking = [s for s, asks in segments_of(text, self.settings.max_segments)[1:] if asks]
        read = " ".join([*asking[: config.segments], " ".join(words[: config.whole_text_words])])
        return [" ".join(read.split()[: config.post_words])]

    def ranked(
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

    def allowed(self, region: str | None) -> np.ndarray:
        targets = self.index.targets
        return np.array(
            [t.in_scope and (region is None or t.region in (region, "both")) for t in targets]
        )

    def second_opinion(
        self,
        status: Status,
        chosen: int,
        lexical: dict[int, float],
        meaning: np.ndarray,
        region: str | None,
        *,
        bare: bool,
        distinctive: int = 0,
    ) -> tuple[Status, str | None]:
        """The embedding signal's say: veto, decline as out of scope, or agree to answer.

        A bare topic word ("visa") is too short for an embedding to tell subjects apart: it is
        never declined on meaning, and answered only when both signals clearly agree ("soap").
        A question that names several things only the chosen entry names (`distinctive`, e.g.
        "return of service" and "contract") is not vetoed when its meaning is near the entry
        at all: the embedding places a long post among sibling entries poorly, and those words
        leave no doubt."""
        config = self.meaning_settings
        targets = self.index.targets
        outside = np.array([not t.in_scope for t in targets])
        if outside.any() and not bare:
            closest_outside = int(np.where(outside, meaning, -2.0).argmax())
            if meaning[closest_outside] - meaning[chosen] > config.out_of_scope_margin:
                return "none", targets[closest_outside].question
        allowed = self.allowed(region)
        closest = int(np.where(allowed, meaning, -2.0).argmax())
        if status == "answer":
            # ...when the post is within what the bot covers at all ("wifi not connecting on my
            # laptop" names two words of the virtual-interview entry and means nothing of it)
            if (
                distinctive >= config.distinctive_overrules
                and meaning[chosen] >= config.outside_below
            ):
                return status, None
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

    def with_meaning_choice(
        self, candidates: list[Candidate], meaning: np.ndarray, region: str | None
    ) -> list[Candidate]:
        """A clarification needs two choices: add the entry the embedding signal prefers."""
        allowed = self.allowed(region)
        order = np.argsort(-np.where(allowed, meaning, -2.0), kind="stable")
        targets = self.index.targets
        have = {c.id for c in candidates}
        out = list(candidates)
        for number in order[:3]:
            target = targets[int(number)]
            if target.id not in have and allowed[int(number)]:
                out.append(Candidate(target.id, target.question, percent(float(meaning[number]))))
                have.add(target.id)
            if len(out) >= 2:
                break
        return out
