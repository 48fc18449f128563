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
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.content.schema import InterviewQuestion
from bot.faq.analyzer import SynonymTable
from bot.interview.clauses import NEGATORS, Clauses
from bot.interview.redflags import DETECTORS, QUESTION_SCOPED, SERIOUS, detect
from bot.interview.rubric import BAG_WORDS_NEEDED, QuestionRubric
from bot.interview.signals import SentenceSignals, analyse_sentence, count_hedges, count_labels
from bot.text import sentences, stem, tokens

MAX_SCORED_WORDS = 1000
GOOD_LENGTH = (90, 250)
SERIOUS_FLAG_CAP = 22
FLAG_CAP = 30
OFF_TOPIC_CAP = 35
OFF_TOPIC_RELEVANCE = 0.45
TOO_SHORT_WORDS = 30
TOO_SHORT_CAP = 25


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
class FlagResult:
    id: str
    label: str
    evidence: str
    why: str
    serious: bool


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


# --- cues ---------------------------------------------------------------------------------


# Only function words are ignored in cues and answers (see the bank's brief): "told",
# "asked" or "good" carry meaning in an answer even where the FAQ matcher drops them.
CUE_STOPWORDS = frozenset(
    """
    i me my mine myself we our ours you your the a an to of in on at by for with from and or
    but so as is am are was were be been being it its this that these those he him his she her
    they them their do does did has have had will would can could just very really
    """.split()
)


def _stems(words: list[str]) -> list[str]:
    return [stem(w) for w in words if w not in CUE_STOPWORDS]


class CueMatcher:
    """Cue and answer words in one vocabulary: synonyms applied, then stemmed."""

    def __init__(self, synonyms: dict[str, str]) -> None:
        self.table = SynonymTable(synonyms)
        self._cache: dict[str, tuple[str, ...]] = {}

    def cue(self, cue: str) -> tuple[str, ...]:
        found = self._cache.get(cue)
        if found is None:
            found = tuple(_stems(self.table.rewrite(tokens(cue))))
            self._cache[cue] = found
        return found

    def sentence(self, sentence: str) -> frozenset[str]:
        return frozenset(_stems(self.table.rewrite(tokens(sentence))))


_PLAIN = CueMatcher({})


class _AnswerText:
    """An answer split into sentences, with each sentence's stems and signals."""

    def __init__(self, text: str, cues: CueMatcher) -> None:
        self.sentences = sentences(text)
        self.stems = [cues.sentence(s) for s in self.sentences]
        self.signals: list[SentenceSignals] = [analyse_sentence(s) for s in self.sentences]
        self._vocabulary = sorted(set().union(*self.stems)) if self.stems else []
        self._aliases: dict[str, str | None] = {}
        self._clauses: dict[int, Clauses] = {}

    def alias(self, cue_stem: str) -> str | None:
        """The answer's own spelling of a cue word: exact, or a close typo of a long word."""
        if cue_stem in self._aliases:
            return self._aliases[cue_stem]
        found: str | None = None
        if any(cue_stem in s for s in self.stems):
            found = cue_stem
        elif len(cue_stem) >= 6 and (
            prefixed := next((w for w in self._vocabulary if w.startswith(cue_stem)), None)
        ):
            found = prefixed  # "pediatr" (pediatrics) also finds "pediatrician"
        elif len(cue_stem) >= 5 and self._vocabulary:
            match = process.extractOne(
                cue_stem, self._vocabulary, scorer=fuzz.ratio, score_cutoff=86
            )
            found = match[0] if match else None
        self._aliases[cue_stem] = found
        return found

    def clauses(self, number: int) -> Clauses:
        if number not in self._clauses:
            self._clauses[number] = Clauses(self.sentences[number])
        return self._clauses[number]

    def cue_sentence(self, cue: tuple[str, ...]) -> int | None:
        """First sentence that holds every word of the cue, not negated."""
        if not cue:
            return None
        aliases = []
        for word in cue:
            alias = self.alias(word)
            if alias is None:
                return None
            aliases.append(alias)
        cue_negative = any(word in NEGATORS for word in cue)
        for number, stems in enumerate(self.stems):
            if all(a in stems for a in aliases) and (
                cue_negative or not self._negated(number, aliases)
            ):
                return number
        return None

    def bag_sentence(self, bag: tuple[str, ...]) -> int | None:
        """First sentence sharing enough of an item's informative words (not negated)."""
        if not bag:
            return None
        for number, stems in enumerate(self.stems):
            shared = [w for w in bag if w in stems]
            if len(shared) >= BAG_WORDS_NEEDED and not self._negated(number, shared[:1]):
                return number
        return None

    def _negated(self, number: int, aliases: list[str]) -> bool:
        clause = self.clauses(number)
        content = [a for a in aliases if a not in NEGATORS]
        if not content:
            return False
        head = content[0]
        for index, word in enumerate(clause.words):
            if stem(word) == head:
                return clause.negated(index)
        return False


# --- structure ----------------------------------------------------------------------------

_STAR_PATTERNS = {
    "situation": re.compile(
        r"\b(when i was|while i was|during (my|the|a|our)|in (19|20)\d\d|last (year|month|week)|"
        r"one (night|day|morning|evening|time|patient)|as an? (intern|resident|medical officer|"
        r"student|house officer|registrar|extern|observer|gp|general practitioner|doctor|physician)|"
        r"at (the )?[a-z]+ (hospital|clinic|center|centre))\b"
    ),
    "task": re.compile(
        r"\b(my (role|job|task|responsibility|goal|patient)|i was (responsible|in charge|asked|"
        r"the only|covering|the senior|on call)|i had to|i needed to|we needed to|i was supposed to)\b"
    ),
    "result": re.compile(
        r"\b(as a result|in the end|eventually|finally|outcome|went (down|up|from)|dropped|fell|"
        r"rose|improved|reduced|increased|decreased|survived|recovered|discharged|resolved|fewer|"
        r"no (more|longer)|settled|became|accepted|passed|worked|thanked)\b"
    ),
    "learned": re.compile(
        r"\b(i learned|i learnt|i learn|taught me|lesson|since then|now i|from then on|next time|"
        r"i realised|i realized|i understood|changed how i|i now|this made me|it showed me)\b"
    ),
}


def _star_parts(text: str, signals: list[SentenceSignals]) -> dict[str, bool]:
    lower = text.lower()
    parts = {name: bool(p.search(lower)) for name, p in _STAR_PATTERNS.items()}
    parts["action"] = sum(s.actions for s in signals) >= 2
    order = ("situation", "task", "action", "result", "learned")
    return {name: parts[name] for name in order}


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
    cues: CueMatcher = _PLAIN,
    relevance: Callable[[frozenset[str]], float] | None = None,
    weights: Weights | None = None,
    asked: str | None = None,
) -> ScoreResult:
    """Score an answer; red_flag_labels gives a default (label, why) per behaviour and
    relevance tells how well the answer's words fit this question against the others."""
    question = rubric.question
    weights = weights or WEIGHTS
    words = len(answer.split())
    scored = _first_words(answer, MAX_SCORED_WORDS)
    scored_words = min(words, MAX_SCORED_WORDS)
    english = _english_share(scored) >= 0.6
    text = _AnswerText(scored, cues)

    items: list[ItemResult] = []
    credits: list[float] = []
    for item, vocabulary in zip(question.checklist, rubric.items, strict=True):
        best: int | None = None
        for cue in vocabulary.cues:
            number = text.cue_sentence(cue)
            if number is not None and (
                best is None or text.signals[number].concreteness > text.signals[best].concreteness
            ):
                best = number
        if best is None:
            best = text.bag_sentence(vocabulary.bag)
        if best is None:
            items.append(ItemResult(item.id, item.label, False, None, item.tip))
            credits.append(0.0)
            continue
        concreteness = text.signals[best].concreteness
        concrete = concreteness >= 0.45
        items.append(
            ItemResult(item.id, item.label, True, _quote(text.sentences[best]), item.tip, concrete)
        )
        credits.append(weights.named_item + (1 - weights.named_item) * concreteness)
    coverage = sum(credits) / len(credits) if credits else 0.0

    signals = text.signals
    total_words = sum(s.words for s in signals) or 1
    if signals:
        mean_concrete = sum(s.concreteness * s.words for s in signals) / total_words
        share_concrete = sum(s.words for s in signals if s.concreteness >= 0.45) / total_words
        specificity = 0.5 * mean_concrete + 0.5 * share_concrete
        genericness = sum(s.genericness * s.words for s in signals) / total_words
    else:
        specificity = genericness = 0.0
    labels = count_labels(scored)
    if labels >= 3:
        genericness = min(1.0, genericness + 0.1 * labels)

    star = _star_parts(scored, signals) if question.star else None
    if star is not None:
        structure = sum(star.values()) / len(star)
    else:
        reflective = _STAR_PATTERNS["learned"].search(scored.lower()) is not None
        structure = 0.6 + 0.4 * reflective if coverage > 0 else 0.0

    flags = _red_flags(question, scored, red_flag_labels or {}, asked)
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
    score = _combine(parts, words, flags, english, items, weights)
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


def _combine(
    parts: dict[str, float],
    words: int,
    flags: list[FlagResult],
    english: bool,
    items: list[ItemResult],
    weights: Weights,
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
    if words < TOO_SHORT_WORDS:
        score = min(score, TOO_SHORT_CAP)
    if not english:
        score = min(score, TOO_SHORT_CAP)
    if flags:
        cap = SERIOUS_FLAG_CAP if any(f.serious for f in flags) else FLAG_CAP
        score = min(score, cap) - 5 * (len(flags) - 1)
    return max(0, min(100, round(score)))


# an interviewer's own wording that asks for a weakness, when the bank has no match for it
_ASKS_WEAKNESS = re.compile(
    r"\b(weakness\w*|improve|improving|working on|shortcoming\w*|area\w* (of|for) (growth|"
    r"development|improvement)|struggle with)\b",
    re.IGNORECASE,
)


def _red_flags(
    question: InterviewQuestion,
    text: str,
    defaults: dict[str, tuple[str, str]],
    asked: str | None = None,
) -> list[FlagResult]:
    listed = {flag.behaviour: flag for flag in question.red_flags}
    results: list[FlagResult] = []
    invited = {"non-weakness"} if asked and _ASKS_WEAKNESS.search(asked) else set()
    behaviours = [b for b in DETECTORS if b not in QUESTION_SCOPED or b in listed or b in invited]
    for hit in detect(text, behaviours):
        flag = listed.get(hit.behaviour)
        if flag is not None:
            label, why = flag.label, flag.why
        else:
            label, why = defaults.get(hit.behaviour, (hit.behaviour.replace("-", " "), ""))
        results.append(
            FlagResult(hit.behaviour, label, _quote(hit.evidence), why, hit.behaviour in SERIOUS)
        )
    for behaviour, flag in listed.items():
        if flag.cues and not any(r.id == behaviour for r in results):
            evidence = _affirmed_phrase(text, flag.cues)
            if evidence is not None:
                results.append(
                    FlagResult(
                        behaviour, flag.label, _quote(evidence), flag.why, behaviour in SERIOUS
                    )
                )
    return results


@lru_cache(maxsize=4096)
def _phrase_words(phrase: str) -> str:
    return " ".join(Clauses(phrase).words)


def _affirmed_phrase(text: str, phrases: list[str]) -> str | None:
    """The first sentence that says one of the phrases without negating it."""
    for sentence in sentences(text):
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


def _quote(sentence: str, limit: int = 160) -> str:
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0]
    return cut + "…"
