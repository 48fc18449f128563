"""Typed schema of everything under content/: FAQ entries, synonyms, interview questions,
red-flag behaviours."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=2, max_length=40),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)]

# An answer must fit one phone screen; the whole rendered message is checked against
# Telegram's 4096-character limit separately by `content check`.
ANSWER_MAX_CHARS = 900

FaqGroup = Literal[
    "basics", "ecfmg", "usmle", "eras", "usce", "match", "interviews", "visas", "canada"
]
Region = Literal["us", "canada", "both"]
QuestionKind = Literal[
    "traditional", "behavioral", "img", "ethics", "program", "specialty", "canada"
]
Specialty = Literal[
    "internal-medicine",
    "family-medicine",
    "pediatrics",
    "pathology",
    "neurology",
    "psychiatry",
    "general-surgery",
    "emergency-medicine",
    "obgyn",
    "anesthesiology",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]


class FaqEntry(Strict):
    id: Slug
    group: FaqGroup
    region: Region
    question: Text
    alternates: list[Text] = Field(min_length=3)
    keywords: list[Text] = Field(default_factory=list)
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=40)]
    sources: list[Source] = Field(min_length=1)
    reviewed: dt.date
    # the Match year (NRMP Main Residency Match / CaRMS R-1) whose dates and figures the answer
    # presents as current; null for an answer that holds whatever the year
    cycle: int | None = Field(default=None, ge=2000, le=2100)
    related: list[Slug] = Field(default_factory=list)

    @field_validator("answer")
    @classmethod
    def _answer_fits_a_phone_screen(cls, value: str) -> str:
        if len(value) > ANSWER_MAX_CHARS:
            raise ValueError(
                f"answer is {len(value)} characters; keep it under {ANSWER_MAX_CHARS} "
                "(aim for 700) and link to the source for more"
            )
        return value

    @field_validator("reviewed")
    @classmethod
    def _reviewed_not_in_future(cls, value: dt.date) -> dt.date:
        if value > dt.date.today():
            raise ValueError(f"reviewed date {value} is in the future")
        return value


class FaqFile(Strict):
    entries: list[FaqEntry] = Field(min_length=1)


class OutOfScopeTopic(Strict):
    """A neighbouring subject the bot must decline (UK exams, dentistry, symptoms...)."""

    id: Slug
    label: Text
    phrases: list[Text] = Field(min_length=2)


class Vocabulary(Strict):
    # Abbreviation or variant (as users type it) -> canonical words the index uses.
    synonyms: dict[str, str]
    out_of_scope: list[OutOfScopeTopic] = Field(default_factory=list)
    # Words that name a country's system ("carms", "usmle"): a question that names one region
    # only is answered from that region's entries or from entries for both.
    regions: dict[Literal["us", "canada"], list[Text]] = Field(default_factory=dict)
    smalltalk: dict[Literal["greeting", "thanks", "bye", "how", "who", "ack"], list[Text]] = Field(
        default_factory=dict
    )


class ChecklistItem(Strict):
    id: Slug
    label: Text
    cues: list[Text] = Field(min_length=3)
    tip: Text


class RedFlag(Strict):
    # one of the behaviours of content/red_flags.yaml (checked there by `content check`)
    behaviour: Slug
    label: Text
    why: Text
    cues: list[Text] = Field(default_factory=list)


class InterviewQuestion(Strict):
    id: Slug
    kind: QuestionKind
    specialty: Specialty | None = None
    question: Text
    alternates: list[Text] = Field(min_length=2)
    why_asked: Text
    star: bool = False
    # "applicant": a strong answer is about the applicant (what they did, think, would do);
    # "subject": it may rightly be mostly about something else (a health system, a role model,
    # a protocol), so the scorer does not ask for the speaker in its sentences
    about: Literal["applicant", "subject"] = "applicant"
    checklist: list[ChecklistItem] = Field(min_length=3, max_length=6)
    red_flags: list[RedFlag] = Field(min_length=1)
    outline: list[Text] = Field(min_length=3)
    follow_ups: list[Text] = Field(min_length=1, max_length=3)

    @field_validator("specialty")
    @classmethod
    def _specialty_only_for_specialty_kind(cls, value: str | None, info) -> str | None:
        kind = info.data.get("kind")
        if kind == "specialty" and value is None:
            raise ValueError("a specialty question needs its specialty")
        return value


class CycleSettings(Strict):
    """content/cycle.yaml: the application cycle the knowledge base is written for."""

    current: int = Field(ge=2000, le=2100)
    label: Text
    review_every_days: int = Field(default=365, ge=30)


class InterviewFile(Strict):
    questions: list[InterviewQuestion] = Field(min_length=1)


class GenericRubric(Strict):
    question: InterviewQuestion


# --- content/red_flags.yaml: the behaviours, and the words and phrasings their rules read ----

ListName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
# one word as bot/interview/clauses.py splits a sentence ("sign-out" and "didn't" are one word)
Word = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-'][a-z0-9]+)*$")]
# a regular expression, kept exactly as written (a space at either end can matter)
Phrase = Annotated[str, StringConstraints(min_length=1)]
_TERM = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class RedFlagLists(Strict):
    """Word classes, named terms and phrase lists that the red-flag rules read."""

    words: dict[ListName, list[Word]] = Field(default_factory=dict)
    terms: dict[ListName, list[Phrase]] = Field(default_factory=dict)
    phrases: dict[ListName, list[Phrase]] = Field(default_factory=dict)

    def pattern(self, name: str) -> str:
        """A phrase list as one regular expression, its {terms} filled in."""
        return "|".join(f"(?:{self._fill(phrase)})" for phrase in self.phrases[name])

    def _fill(self, phrase: str) -> str:
        return _TERM.sub(lambda term: "(" + "|".join(self.terms[term.group(1)]) + ")", phrase)

    @model_validator(mode="after")
    def _lists_are_usable(self) -> RedFlagLists:
        problems = [f"words.{name} is empty" for name, words in self.words.items() if not words]
        problems += [
            f"'{name}' names both words and phrases"
            for name in self.words.keys() & self.phrases.keys()
        ]
        for name, phrases in self.phrases.items():
            if not phrases:
                problems.append(f"phrases.{name} is empty")
            for number, phrase in enumerate(phrases):
                unknown = [term for term in _TERM.findall(phrase) if term not in self.terms]
                if unknown:
                    problems.append(
                        f"phrases.{name}[{number}] names an unknown term {{{unknown[0]}}}"
                    )
                    continue
                try:
                    re.compile(self._fill(phrase))
                except re.error as exc:
                    problems.append(f"phrases.{name}[{number}] is not a valid pattern: {exc}")
        used = {
            term for phrases in self.phrases.values() for p in phrases for term in _TERM.findall(p)
        }
        problems += [
            f"terms.{term} is not used by any phrase" for term in self.terms if term not in used
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self


class RedFlagBehaviour(RedFlagLists):
    """One behaviour that sinks an answer (see the top of content/red_flags.yaml)."""

    label: Text
    why: Text
    serious: bool
    question_scoped: bool
    # the learned reader knows it, the bot does not look for it (no rules yet)
    reported: bool = True
    # for a question-scoped behaviour: interviewers' wordings that ask for it (any case)
    invited_by: list[Phrase] = Field(default_factory=list)

    @model_validator(mode="after")
    def _invitations_compile(self) -> RedFlagBehaviour:
        if self.invited_by and not self.question_scoped:
            raise ValueError("invited_by is for question_scoped behaviours")
        for number, wording in enumerate(self.invited_by):
            try:
                re.compile(wording, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"invited_by[{number}] is not a valid pattern: {exc}") from exc
        return self


class RedFlagCatalogue(Strict):
    """content/red_flags.yaml: the one list of behaviours, in the order the rules try them."""

    shared: RedFlagLists = Field(default_factory=RedFlagLists)
    red_flags: dict[Slug, RedFlagBehaviour] = Field(min_length=1)

    @model_validator(mode="after")
    def _shared_names_not_reused(self) -> RedFlagCatalogue:
        shared = self.shared.words.keys() | self.shared.phrases.keys()
        for behaviour, rules in self.red_flags.items():
            reused = sorted(shared & (rules.words.keys() | rules.phrases.keys()))
            if reused:
                raise ValueError(f"{behaviour} reuses the shared name '{reused[0]}'")
        return self

    @property
    def behaviours(self) -> list[str]:
        return list(self.red_flags)
