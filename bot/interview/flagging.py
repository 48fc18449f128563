"""Red flags of one answer, with graded confidence.

Two independent sources: the behaviour rules (redflags/, reading content/red_flags.yaml) with the
question's own cue phrases, and a learned detector that reads each sentence, with the ones before
it, for the behaviour by its meaning (flag_model.py). A red flag (which caps the score) needs
either both — a rule on a sentence the reader finds at least possible — or the reader very sure
of the sentence, with the answer reader (whole answers) not finding the answer clean.
Either alone otherwise gives a *possible concern*: shown as a caution and worth a few points, so
that a false alarm is cheap while a miss stays rare.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

from bot.content.schema import InterviewQuestion
from bot.interview.clauses import Clauses
from bot.interview.redflags import RedFlagRules, current_rules, detect
from bot.interview.redflags.base import said

QUOTE_LIMIT = 160
# What a possible concern costs (points off the score). A sentence the readers find likely:
# SENTENCE_POINTS x (probability - caution_at). A rule no reader backs: RULE_ALONE_POINTS. An
# answer the answer reader finds likely to hide a red flag: up to ANSWER_POINTS, in proportion
# between its caution and sure thresholds. A false alarm leaves a strong answer strong; a real
# red flag, backed by more than one signal, sinks below a generic answer.
SENTENCE_POINTS = 50.0
RULE_ALONE_POINTS = 25.0
ANSWER_POINTS = 40.0
# A rule is backed (a red flag) when the sentence readers find its sentence at least this likely
# (a low bar: the rule already names the behaviour), or the answer reader finds the answer likely.
RULE_BACKED_AT = 0.3
# The answer reader's concern is shown on the sentence the sentence readers find likeliest, and
# only when they find it at least this likely: otherwise it would quote an innocent sentence.
ANSWER_LOCATED_AT = 0.35
# A sentence reader very sure of a sentence is still one reader: on an answer the answer reader
# reads, a red flag needs it to find one at least possible too (a low bar, like RULE_BACKED_AT:
# it only has to not contradict); otherwise the sentence is a possible concern.
SECONDED_AT = 0.35


@dataclass(frozen=True)
class FlagResult:
    id: str
    label: str
    evidence: str
    why: str
    serious: bool
    sentence: int | None = None  # which sentence of the answer shows it
    # the learned readers' probability, for a flag or concern they raised (rules: None)
    confidence: float | None = None
    cost: float = 0.0  # points a possible concern costs (a red flag caps the score instead)


class SentenceJudge(Protocol):
    """The learned readers of red flags (see flag_model.py)."""

    sure_at: float
    caution_at: float
    answer_sure_at: float
    answer_caution_at: float

    def judge(self, sentences: list[str]) -> list[tuple[float, str]]:
        """Per sentence: the probability it shows a red flag, and the likeliest behaviour."""
        ...

    def answer_probability(self, text: str) -> float | None:
        """The probability that the whole answer shows a red flag somewhere (None: no reader)."""
        ...


def judge_answer(
    question: InterviewQuestion,
    text: str,
    sentences: list[str],
    defaults: dict[str, tuple[str, str]],
    *,
    asked: str | None = None,
    judge: SentenceJudge | None = None,
    rules: RedFlagRules | None = None,
    story: bool = True,
) -> tuple[list[FlagResult], list[FlagResult]]:
    """(red flags, possible concerns) of an answer split into sentences. A question-scoped
    behaviour is judged where the question lists it or the interviewer's own wording (asked,
    when the bank has no match for it) asks about it. The answer reader reads only an answer
    that tells a specific story (story), the kind it learned from."""
    rules = rules or current_rules()
    listed = {flag.behaviour: flag for flag in question.red_flags}
    invited = rules.invited(asked) if asked else set()
    scoped = rules.question_scoped
    wanted = [b for b in rules.reported if b not in scoped or b in listed or b in invited]
    position = {sentence: number for number, sentence in reversed(list(enumerate(sentences)))}

    def result(behaviour: str, sentence: str, confidence: float | None = None) -> FlagResult:
        flag = listed.get(behaviour)
        if flag is not None:
            label, why = flag.label, flag.why
        else:
            label, why = defaults.get(behaviour, (behaviour.replace("-", " "), ""))
        return FlagResult(
            behaviour,
            label,
            quote(sentence),
            why,
            behaviour in rules.serious,
            position.get(sentence),
            confidence,
        )

    hits = detect(text, wanted, sentences, rules)
    ruled = [result(hit.behaviour, hit.evidence) for hit in hits]
    for behaviour, flag in listed.items():
        if flag.cues and not any(f.id == behaviour for f in ruled):
            evidence = _affirmed_phrase(sentences, flag.cues)
            if evidence is not None:
                ruled.append(result(behaviour, evidence))
    if judge is None or not sentences:
        return ruled, []
    readings = judge.judge(sentences)
    answer = judge.answer_probability(text) if story else None
    answer_backs = answer is not None and answer >= judge.answer_caution_at
    flags: list[FlagResult] = []
    cautions: list[FlagResult] = []
    for found in ruled:
        # a rule is sure when a learned reader, an independent signal, finds the sentence or the
        # answer at least possible too; a rule alone is a possible concern (rules grown on
        # phrasings misfire)
        sentence = found.sentence
        if sentence is None or readings[sentence][0] >= RULE_BACKED_AT or answer_backs:
            flags.append(found)
        elif not any(c.id == found.id for c in cautions):
            cautions.append(replace(found, cost=RULE_ALONE_POINTS))
    flagged = {f.sentence for f in [*flags, *cautions]}
    accusable = set(wanted)
    allowed = accusable | set(rules.reader_only)
    for number, (probability, behaviour) in enumerate(readings):
        if number in flagged or behaviour not in allowed or probability < judge.caution_at:
            continue
        found = result(behaviour, sentences[number], probability)
        seconded = answer is None or answer >= SECONDED_AT
        sure = probability >= judge.sure_at and behaviour in accusable and seconded
        if sure and not any(f.id == behaviour for f in flags):
            flags.append(found)
        elif not sure and not any(c.id == behaviour for c in [*flags, *cautions]):
            cost = SENTENCE_POINTS * (probability - judge.caution_at)
            cautions.append(replace(found, cost=cost))
    if answer is not None and answer_backs and not flags:
        flags, cautions = _answer_concern(
            answer, readings, sentences, judge, allowed, accusable, result, flags, cautions
        )
    return flags, cautions


def _answer_concern(
    answer: float,
    readings: list[tuple[float, str]],
    sentences: list[str],
    judge: SentenceJudge,
    allowed: set[str],
    accusable: set[str],
    result: Callable[[str, str, float | None], FlagResult],
    flags: list[FlagResult],
    cautions: list[FlagResult],
) -> tuple[list[FlagResult], list[FlagResult]]:
    """The answer reader finds a red flag likely somewhere: it is shown on the sentence the
    sentence readers find likeliest, as a red flag when the answer reader is sure and the
    sentence readers find that sentence likely too; otherwise as a possible concern."""
    candidates = [n for n, (_, behaviour) in enumerate(readings) if behaviour in allowed]
    if not candidates:
        return flags, cautions
    number = max(candidates, key=lambda n: readings[n][0])
    if readings[number][0] < ANSWER_LOCATED_AT:
        return flags, cautions  # no sentence to point at: the answer reader alone is not enough
    behaviour = readings[number][1]
    found = result(behaviour, sentences[number], answer)
    located = readings[number][0] >= judge.caution_at
    if answer >= judge.answer_sure_at and located and behaviour in accusable:
        return [*flags, found], [c for c in cautions if c.sentence != number]
    span = max(judge.answer_sure_at - judge.answer_caution_at, 1e-9)
    cost = ANSWER_POINTS * min(1.0, (answer - judge.answer_caution_at) / span)
    same = [c for c in cautions if c.sentence == number or c.id == behaviour]
    if same and max(c.cost for c in same) >= cost:
        return flags, cautions
    return flags, [*(c for c in cautions if c not in same), replace(found, cost=cost)]


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    """A cue phrase as a pattern over a clause's joined words (None: no words in it)."""
    words = " ".join(Clauses(phrase).words)
    return re.compile(rf"(?<!\S){re.escape(words)}(?!\S)") if words else None


def _affirmed_phrase(sentences: list[str], phrases: list[str]) -> str | None:
    """The first sentence that says one of the phrases without negating it."""
    patterns = [p for p in map(_phrase_pattern, phrases) if p is not None]
    for sentence in sentences:
        clause = Clauses(sentence)
        if any(said(pattern, clause) for pattern in patterns):
            return sentence
    return None


def quote(sentence: str, limit: int = QUOTE_LIMIT) -> str:
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0]
    return cut + "…"
