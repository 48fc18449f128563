"""The FAQ matcher's thresholds and weights (chosen on the development sets; docs/MATCHING.md)."""

from __future__ import annotations

from dataclasses import dataclass


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
    # a question naming this many things only the chosen entry names is not vetoed (when its
    # meaning is at least outside_below from that entry)
    distinctive_overrules: int = 2
    answer_meaning_at: float = 0.4  # an answer whose phrasings mean something else is asked about
    out_of_scope_margin: float = 0.0
    agree_lexical_at: float = 0.2
    # ...and the embedding must put it first by a clear lead: agreement by a hair answered
    # about as often wrongly as rightly (docs/MATCHING.md, fifth session)
    agree_margin: float = 0.1
    agree_meaning_at: float = 0.5  # agreement needs the meaning itself to be close, too
    bare_agree_margin: float = 0.15  # a bare topic word is answered only with a clear lead
    outside_below: float = 0.45  # no entry this close in meaning: outside what the bot covers
    segments: int = 2  # a long post's sentences read with its opening, asking ones first
    whole_text_words: int = 40  # a question up to this long is read whole
    post_words: int = 48  # a longer post: its asking sentences and opening, cut at this length
