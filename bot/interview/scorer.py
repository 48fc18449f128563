"""Score a typed interview answer against its question's strategy checklist.

The score (0..100) is computed in one place, `_combine`, from five parts:
  coverage     which checklist items the answer meets, each counted by how concrete the
               sentence that meets it is (naming an item is worth less than showing it);
  specificity  how much of the answer a listener could picture or check: names, numbers,
               clinical detail, quoted words, first-person actions;
  genericness  stock qualities, abstractions and template labels ("Situation: ...");
  structure    STAR parts for behavioral questions, otherwise a clear point and reflection;
  length       a spoken answer of about 90-250 words (one to two minutes).
Red flags and off-topic or very short answers cap the score (see docs/SCORING.md).
See docs/SCORING.md for the weights and how they were chosen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.interview.answer_text import PLAIN_CUES, AnswerText, CueMatcher
from bot.interview.evidence import ItemMeaning, best_evidence
from bot.interview.flagging import FlagResult, SentenceJudge, judge_answer, quote
from bot.interview.redflags import RedFlagRules
from bot.interview.rubric import QuestionRubric
from bot.interview.signals import count_hedges, count_labels, speaker_sentences
from bot.interview.structure import REFLECTIVE, is_keyword_list, star_parts
from bot.interview.typing_habits import as_read

MAX_SCORED_WORDS = 1000
GOOD_LENGTH = (90, 250)
SERIOUS_FLAG_CAP = 22
FLAG_CAP = 30
OFF_TOPIC_CAP = 35
OFF_TOPIC_RELEVANCE = 0.45
TOO_SHORT_WORDS = 30
TOO_SHORT_CAP = 25
KEYWORD_LIST_CAP = 35  # a list of qualities with no sentence stays under 40
# An answer mostly made of stock qualities, abstractions and template labels recites the
# checklist instead of answering: it stays below a plainly generic answer, lower the more so.
RECITAL_AT = 0.5
RECITAL_CAP = 38
# An answer of at least IMPERSONAL_WORDS where the speaker appears in under IMPERSONAL_AT of the
# sentences says little about the applicant: it costs IMPERSONAL_POINTS and the feedback says so
# (not for a question whose strong answer may rightly be about something else: `about: subject`)
IMPERSONAL_AT = 0.25
IMPERSONAL_WORDS = 90
IMPERSONAL_POINTS = 20.0
# An answer that tells a story a listener could picture: the answer reader, which learned to find
# a red flag inside such stories, reads only these (a generic answer is out of its domain)
STORY_SPECIFICITY = 0.35


@dataclass(frozen=True)
class Weights:
    """Points per part (out of 110: an answer can reach 100 without being perfect on all)."""

    coverage: float = 0.30
    specificity: float = 0.40
    plain: float = 0.25  # 1 - genericness
    structure: float = 0.15
    named_item: float = 0.6  # credit for an item met by a generic sentence (1.0 if concrete)


WEIGHTS = Weights()


@dataclass(frozen=True)
class ItemResult:
    id: str
    label: str
    met: bool
    evidence: str | None
    tip: str
    concrete: bool = False


@dataclass(frozen=True)
class ScoreResult:
    question_id: str | None
    question: str
    score: int
    items: list[ItemResult]
    red_flags: list[FlagResult]
    words: int
    scored_words: int
    star: dict[str, bool] | None
    hedges: int
    specificity: float
    genericness: float
    english: bool = True
    parts: dict[str, float] = field(default_factory=dict)
    cautions: list[FlagResult] = field(default_factory=list)  # possible concerns
    off_topic: bool = False  # the answer fits another bank question better
    keyword_list: bool = False  # qualities listed, no sentence says what anyone did
    hollow_cost: float = 0.0  # points lost for talking around the question (hollow.py)
    # (sentences the speaker appears in, sentences) when that is too few (IMPERSONAL_AT)
    impersonal: tuple[int, int] | None = None

    @property
    def truncated(self) -> bool:
        return self.scored_words < self.words

    @property
    def length(self) -> str:
        low, high = GOOD_LENGTH
        if self.words < TOO_SHORT_WORDS:
            return "too-short"
        if self.words < low:
            return "short"
        if self.words > high * 1.6:
            return "too-long"
        if self.words > high:
            return "long"
        return "good"

    def as_json(self) -> dict[str, object]:
        return {
            "question_id": self.question_id,
            "score": self.score,
            "items": [
                {"id": i.id, "label": i.label, "met": i.met, "evidence": i.evidence}
                for i in self.items
            ],
            "red_flags": [
                {"id": f.id, "label": f.label, "evidence": f.evidence} for f in self.red_flags
            ],
            "words": self.words,
        }


# --- the scorer ---------------------------------------------------------------------------


def _english_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isascii()) / len(letters)


def _first_words(text: str, limit: int) -> str:
    matches = list(re.finditer(r"\S+", text))
    if len(matches) <= limit:
        return text
    return text[: matches[limit - 1].end()]


def score_answer(
    rubric: QuestionRubric,
    answer: str,
    *,
    known_question: bool = True,
    red_flag_labels: dict[str, tuple[str, str]] | None = None,
    cues: CueMatcher = PLAIN_CUES,
    relevance: Callable[[frozenset[str]], float] | None = None,
    weights: Weights | None = None,
    asked: str | None = None,
    items_meaning: ItemMeaning | None = None,
    judge: SentenceJudge | None = None,
    red_flag_rules: RedFlagRules | None = None,
    hollow: Callable[[str], float] | None = None,
) -> ScoreResult:
    """Score an answer; red_flag_labels gives a default (label, why) per behaviour and
    relevance tells how well the answer's words fit this question against the others.
    items_meaning lets evidence be chosen by meaning; judge is the learned red-flag reader;
    red_flag_rules the behaviours' rules (by default those of the bot's content folder); hollow
    tells how many points an answer that talks around the question loses (hollow.py)."""
    question = rubric.question
    weights = weights or WEIGHTS
    words = len(answer.split())
    scored = as_read(_first_words(answer, MAX_SCORED_WORDS))
    scored_words = min(words, MAX_SCORED_WORDS)
    english = _english_share(scored) >= 0.6
    text = AnswerText(scored, cues)
    specificity, genericness = _specificity(text)
    flags, cautions = judge_answer(
        question,
        scored,
        text.sentences,
        red_flag_labels or {},
        asked=asked,
        judge=judge,
        rules=red_flag_rules,
        story=specificity >= STORY_SPECIFICITY,
    )
    # a sentence that carries a red flag covers nothing ("…and family appropriately")
    flagged = frozenset(f.sentence for f in [*flags, *cautions] if f.sentence is not None)
    closeness = (
        items_meaning.closeness(question.id, text.sentences) if items_meaning is not None else None
    )

    items: list[ItemResult] = []
    credits: list[float] = []
    for number, (item, vocabulary) in enumerate(zip(question.checklist, rubric.items, strict=True)):
        near = closeness[number] if closeness is not None else None
        best = best_evidence(text, item, vocabulary, near, flagged)
        if best is None:
            items.append(ItemResult(item.id, item.label, False, None, item.tip))
            credits.append(0.0)
            continue
        concreteness = text.signals[best].concreteness
        concrete = concreteness >= 0.45
        items.append(
            ItemResult(item.id, item.label, True, quote(text.sentences[best]), item.tip, concrete)
        )
        credits.append(weights.named_item + (1 - weights.named_item) * concreteness)
    coverage = sum(credits) / len(credits) if credits else 0.0

    signals = text.signals
    labels = count_labels(scored)
    if labels >= 3:
        genericness = min(1.0, genericness + 0.1 * labels)

    star = star_parts(scored, signals) if question.star else None
    if star is not None:
        structure = sum(star.values()) / len(star)
    else:
        reflective = REFLECTIVE.search(scored.lower()) is not None
        structure = 0.6 + 0.4 * reflective if coverage > 0 else 0.0

    on_topic = 1.0
    if relevance is not None and known_question:
        on_topic = relevance(frozenset().union(*text.stems) if text.stems else frozenset())
    parts = {
        "relevance": round(on_topic, 3),
        "coverage": round(coverage, 3),
        "specificity": round(specificity, 3),
        "genericness": round(genericness, 3),
        "structure": round(structure, 3),
    }
    keyword_list = is_keyword_list(scored)
    off_topic = any(i.met for i in items) and on_topic < OFF_TOPIC_RELEVANCE
    # an answer too short or not English has its own cap and message, and the hollow-answer
    # reader does not read it (an off-topic answer or a list is read: the feedback's message
    # about either explains the points it loses)
    readable = english and words >= TOO_SHORT_WORDS
    hollow_cost = round(hollow(scored), 1) if hollow is not None and readable else 0.0
    speaker = speaker_sentences(text.sentences)
    impersonal = (
        (speaker, len(text.sentences))
        if readable
        and question.about == "applicant"
        and not keyword_list
        and scored_words >= IMPERSONAL_WORDS
        and speaker < IMPERSONAL_AT * len(text.sentences)
        else None
    )
    if impersonal is not None:
        hollow_cost = round(hollow_cost + IMPERSONAL_POINTS, 1)
    score = _combine(
        parts,
        words,
        flags,
        cautions,
        english,
        items,
        weights,
        keyword_list,
        hollow_cost,
    )
    return ScoreResult(
        question_id=question.id if known_question else None,
        question=question.question,
        score=score,
        items=items,
        red_flags=flags,
        words=words,
        scored_words=scored_words,
        star=star,
        hedges=count_hedges(scored),
        specificity=round(specificity, 3),
        genericness=round(genericness, 3),
        english=english,
        parts=parts,
        cautions=cautions,
        off_topic=off_topic,
        keyword_list=keyword_list,
        hollow_cost=hollow_cost,
        impersonal=impersonal,
    )


def _length_factor(words: int) -> float:
    low, high = GOOD_LENGTH
    if words < TOO_SHORT_WORDS:
        return 0.3
    if words < low:
        return 0.6 + 0.4 * (words - TOO_SHORT_WORDS) / (low - TOO_SHORT_WORDS)
    if words <= high:
        return 1.0
    return max(0.8, 1.0 - (words - high) / 1000)


def _specificity(text: AnswerText) -> tuple[float, float]:
    """(specificity, genericness) of an answer, by the words of its sentences."""
    signals = text.signals
    total_words = sum(s.words for s in signals) or 1
    if not signals:
        return 0.0, 0.0
    mean_concrete = sum(s.concreteness * s.words for s in signals) / total_words
    share_concrete = sum(s.words for s in signals if s.concreteness >= 0.45) / total_words
    genericness = sum(s.genericness * s.words for s in signals) / total_words
    return 0.5 * mean_concrete + 0.5 * share_concrete, genericness


def _combine(
    parts: dict[str, float],
    words: int,
    flags: list[FlagResult],
    cautions: list[FlagResult],
    english: bool,
    items: list[ItemResult],
    weights: Weights,
    keyword_list: bool,
    hollow_cost: float = 0.0,
) -> int:
    raw = (
        weights.coverage * parts["coverage"]
        + weights.specificity * parts["specificity"]
        + weights.plain * (1 - parts["genericness"])
        + weights.structure * parts["structure"]
    )
    score = 100 * raw * _length_factor(words)
    if not any(item.met for item in items) or parts["relevance"] < OFF_TOPIC_RELEVANCE:
        score = min(score, OFF_TOPIC_CAP)
    if keyword_list:
        score = min(score, KEYWORD_LIST_CAP)
    if parts["genericness"] >= RECITAL_AT:
        score = min(score, RECITAL_CAP - 20 * (parts["genericness"] - RECITAL_AT))
    if words < TOO_SHORT_WORDS:
        score = min(score, TOO_SHORT_CAP)
    if not english:
        score = min(score, TOO_SHORT_CAP)
    if cautions:
        score -= max(c.cost for c in cautions)
    score -= hollow_cost
    if flags:
        cap = SERIOUS_FLAG_CAP if any(f.serious for f in flags) else FLAG_CAP
        score = min(score, cap) - 5 * (len(flags) - 1)
    return max(0, min(100, round(score)))
