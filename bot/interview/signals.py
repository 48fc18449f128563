"""Sentence-level signals of an answer: concrete detail, first-person action, generic talk.

These measure HOW an answer says things, whatever the question: a strong answer tells
what happened (names, numbers, places, actions and their results); a weak one names
qualities ("teamwork, communication, leadership") or recites a template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Abstract qualities and stock phrases of interview answers. An answer made mostly of these
# says nothing an interviewer can remember.
BUZZWORDS = frozenset(
    """
    teamwork team-player collaboration collaborative communication communicator leadership
    compassion compassionate empathy empathetic empathic resilience resilient
    professionalism professional integrity accountability accountable humility humble
    adaptability adaptable flexibility dedication dedicated commitment committed passion
    passionate motivated motivation hardworking hard-working diligent diligence excellence
    holistic diversity equity inclusion inclusive patient-centered patient-centred
    evidence-based lifelong growth mindset self-awareness self-reflection reflection
    reflective perseverance determination work-ethic interdisciplinary multidisciplinary
    interprofessional well-rounded critical-thinking problem-solving time-management
    detail-oriented cultural competence humility advocacy mentorship continuous improvement
    quality safety values mission opportunity opportunities journey skills skill strengths
    qualities abilities ability development developing improve improvement competent
    competencies competency core excellent outstanding strong supportive environment fit
    aligned align alignment culture cohesive cohesively effective effectively efficient
    successfully success positive meaningful rewarding challenging challenges growth learner
    learning
    """.split()
)

# Verbs of attitude or belief: "I believe", "I value" tell the listener what to think.
ATTITUDE_VERBS = frozenset(
    """
    believe think feel hope value try aim strive recognize recognise realize realise
    consider appreciate enjoy love like want wish seek know understand am consider
    prioritize prioritise embrace thrive pride pledge remain ensure demonstrate possess
    bring
    """.split()
)

HEDGES = (
    "i think",
    "i believe",
    "i guess",
    "kind of",
    "sort of",
    "you know",
    "basically",
    "actually",
    "to be honest",
    "more or less",
    "maybe",
    "somehow",
    "i would say",
    "um",
    "uh",
    "like i said",
)

# Ubiquitous acronyms of residency talk: naming them is not a concrete detail.
GENERIC_ACRONYMS = frozenset(
    """
    I US USA U.S. USMLE IMG IMGS ECFMG ERAS NRMP STAR SPIKES CV OK PGY ACGME MD
    """.split()
)

_NUMBER_WORDS = frozenset(
    """
    two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred hundreds thousand thousands half dozen dozens
    """.split()
)

# Suffixes of clinical and technical vocabulary (diagnoses, drugs, procedures, tests).
_TECHNICAL = re.compile(
    r"(itis|emia|aemia|osis|oma|ectomy|otomy|ostomy|plasty|scopy|gram|graphy|ology|pathy|"
    r"algia|uria|pnea|penia|cillin|mycin|floxacin|pril|sartan|olol|statin|azole|parin|"
    r"mab|nib|cyte|ectasis|plegia|trophy)$"
)
_ABSTRACT = re.compile(r"(tion|sion|ment|ity|ness|ence|ance|ship|ism|ive|ful|ous|ing|ly)$")

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.:%/]*")
_QUOTE = re.compile(r"[\"“'‘][^\"”'’]{6,}[\"”'’]")
_LABEL_LINE = re.compile(r"(^|[.;]\s+|\n)\s*([A-Z][A-Za-z ]{2,25}):\s")
_LIST = re.compile(r"(\b[\w\-]+(?: [\w\-]+){0,2}, ){2,}[\w\-]+(?: [\w\-]+){0,2},? (?:and|or) ")
_FIRST_PERSON_ACTION = re.compile(
    r"\b(?:i|we)\s+(?:also\s+|then\s+|immediately\s+|personally\s+|first\s+|finally\s+)?"
    r"(\w+ed|made|ran|took|gave|went|wrote|told|put|set|led|sat|saw|met|got|brought|built|"
    r"began|found|kept|sent|taught|drew|called|spoke|held|left|chose|did|caught|bought|paid|"
    r"make|ask|start|call|give|tell|teach|write|put|check|go|use|explain|draw|stay|sit|keep|"
    r"send|run|set|take|bring|talk|visit|review|stop|switch|move|read)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=32768)
def _is_buzz(word: str) -> bool:
    return word in BUZZWORDS


@dataclass(frozen=True)
class SentenceSignals:
    text: str
    words: int
    numbers: int
    names: int  # proper nouns and specific acronyms
    technical: int
    quotes: int
    actions: int  # first-person concrete actions
    attitudes: int  # "I believe / I value" statements
    buzz: int
    abstract: int
    lists: int  # enumerations of three or more items

    @property
    def concreteness(self) -> float:
        """0..1: how much a listener could picture or check."""
        points = (
            1.0 * min(self.numbers, 3)
            + 0.8 * min(self.names, 3)
            + 0.6 * min(self.technical, 3)
            + 1.0 * min(self.quotes, 1)
            + 0.7 * min(self.actions, 2)
        )
        return min(1.0, points / 2.2)

    @property
    def genericness(self) -> float:
        """0..1: how much of the sentence is stock qualities and abstractions."""
        if not self.words:
            return 0.0
        density = (1.6 * self.buzz + 0.6 * self.abstract + 0.8 * self.attitudes) / self.words
        return min(1.0, density * 3.0 + 0.25 * min(self.lists, 2))


def analyse_sentence(sentence: str) -> SentenceSignals:
    words = _WORD.findall(sentence)
    lower = [w.lower().strip("'’") for w in words]
    numbers = sum(1 for w in words if w[0].isdigit()) + sum(1 for w in lower if w in _NUMBER_WORDS)
    names = 0
    for position, word in enumerate(words):
        if position == 0 or not word[0].isupper() or word.upper() in GENERIC_ACRONYMS:
            continue
        names += 1
    technical = sum(1 for w in lower if len(w) >= 7 and _TECHNICAL.search(w) and not _is_buzz(w))
    abstract = sum(1 for w in lower if len(w) >= 7 and _ABSTRACT.search(w) and not _is_buzz(w))
    buzz = sum(1 for w in lower if _is_buzz(w))
    attitudes = len(
        re.findall(
            r"\bi\s+(?:really\s+|truly\s+|always\s+)?(" + "|".join(ATTITUDE_VERBS) + r")\b",
            sentence.lower(),
        )
    )
    return SentenceSignals(
        text=sentence,
        words=len(words),
        numbers=numbers,
        names=names,
        technical=technical,
        quotes=len(_QUOTE.findall(sentence)),
        actions=len(_FIRST_PERSON_ACTION.findall(sentence)),
        attitudes=attitudes,
        buzz=buzz,
        abstract=abstract,
        lists=len(_LIST.findall(sentence)),
    )


# "I" (not the "I" of "I.V." or of "type I diabetes"), with contractions as typed on a phone
_SELF = re.compile(
    r"\b(?:i(?![.\w])(?<!type i)|i'm|i’m|im|i've|i’ve|ive|i'd|i’d|i'll|i’ll|my|me|myself|mine)\b"
    r"|\bi\.(?=\s|$)",
    re.IGNORECASE,
)


def speaker_sentences(sentences: list[str]) -> int:
    """How many sentences the speaker appears in ("I", "my", "me"): an interview answer is about
    the applicant, and one mostly about hospitals, systems and statistics is talking around the
    question, however concrete it sounds."""
    return sum(1 for sentence in sentences if _SELF.search(sentence))


def count_hedges(text: str) -> int:
    lower = " " + re.sub(r"[^a-z' ]+", " ", text.lower()) + " "
    return sum(lower.count(f" {hedge} ") for hedge in HEDGES)


def count_labels(text: str) -> int:
    """Template labels such as "Situation:" or "Result:" written into the answer."""
    return len(_LABEL_LINE.findall(text))
