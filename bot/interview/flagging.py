"""Red flags of one answer, with graded confidence.

Two sources: the behaviour rules (redflags/, reading content/red_flags.yaml) and the question's
own cue phrases, both sure enough to cap the score; and a learned detector that reads each
sentence for the behaviour by its meaning (flag_model.py). The learned detector's very confident
sentences are flags too; its merely likely ones are *possible concerns*: shown as a caution and
worth a few points, so that a false alarm is cheap while a miss stays rare.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from bot.content.schema import InterviewQuestion
from bot.interview.clauses import Clauses
from bot.interview.redflags import RedFlagRules, current_rules, detect

QUOTE_LIMIT = 160


@dataclass(frozen=True)
class FlagResult:
    id: str
    label: str
    evidence: str
    why: str
    serious: bool
    sentence: int | None = None  # which sentence of the answer shows it
    # the learned reader's probability, for a flag or concern it raised (rules: None)
    confidence: float | None = None


class SentenceJudge(Protocol):
    """A learned reader of red-flag sentences (see flag_model.py)."""

    sure_at: float
    caution_at: float

    def judge(self, sentences: list[str]) -> list[tuple[float, str]]:
        """Per sentence: the probability it shows a red flag, and the likeliest behaviour."""
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
) -> tuple[list[FlagResult], list[FlagResult]]:
    """(red flags, possible concerns) of an answer split into sentences. A question-scoped
    behaviour is judged where the question lists it or the interviewer's own wording (asked,
    when the bank has no match for it) asks about it."""
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
    flags = [result(hit.behaviour, hit.evidence) for hit in hits]
    for behaviour, flag in listed.items():
        if flag.cues and not any(f.id == behaviour for f in flags):
            evidence = _affirmed_phrase(sentences, flag.cues)
            if evidence is not None:
                flags.append(result(behaviour, evidence))
    cautions: list[FlagResult] = []
    if judge is not None and sentences:
        flagged = {f.sentence for f in flags}
        allowed = set(wanted)
        for number, (probability, behaviour) in enumerate(judge.judge(sentences)):
            if number in flagged or behaviour not in allowed or probability < judge.caution_at:
                continue
            found = result(behaviour, sentences[number], probability)
            if probability >= judge.sure_at and not any(f.id == behaviour for f in flags):
                flags.append(found)
            elif probability < judge.sure_at and not any(c.id == behaviour for c in cautions):
                cautions.append(found)
    return flags, cautions


@lru_cache(maxsize=4096)
def _phrase_words(phrase: str) -> str:
    return " ".join(Clauses(phrase).words)


def _affirmed_phrase(sentences: list[str], phrases: list[str]) -> str | None:
    """The first sentence that says one of the phrases without negating it."""
    for sentence in sentences:
        clause = Clauses(sentence)
        joined = " ".join(clause.words)
        for phrase in phrases:
            wanted = _phrase_words(phrase)
            position = f" {joined} ".find(f" {wanted} ")
            if wanted and position >= 0:
                index = len(joined[:position].split())
                if not clause.negated(index):
                    return sentence
    return None


def quote(sentence: str, limit: int = QUOTE_LIMIT) -> str:
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0]
    return cut + "…"
