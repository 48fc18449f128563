"""Typed schema of everything under content/: FAQ entries, synonyms, interview questions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

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

# Behaviours the scorer detects in an answer; a question lists the ones that would hurt it.
RedFlagBehaviour = Literal[
    "blaming",  # puts the cause of one's own failure or mistake on others or circumstances
    "disparaging",  # bad-mouths a past program, colleagues, patients or a country
    "hiding",  # conceals a mistake: no disclosure, no report, quietly fixes the record
    "falsifying",  # documents what was not done, alters or backdates records
    "confidentiality",  # shares patient information or images outside the care team
    "covering",  # protects an impaired or unsafe colleague instead of escalating
    "deceiving-patient",  # lies to or withholds the truth from a competent patient
    "no-consent",  # treats against a capable patient's or guardian's refusal
    "arrogance",  # above peers, needs no supervision, ignores guidelines
    "money-or-visa",  # money, visa or lifestyle as the main motive
    "backup-plan",  # specialty or program as a stepping stone or fallback
    "non-weakness",  # a strength disguised as a weakness ("I work too hard")
    "dismissing-feedback",  # rejects feedback and does not change
    "retaliation",  # silences or punishes someone who raised a concern
    "dismissing-patients",  # talks about patients with contempt ("frequent flyers")
    "unsafe-care",  # leaves an unstable patient to relatives, works unfit
    "misrepresenting",  # presents experience as more than it was (CV, letters)
    "accepting-gifts",  # takes a valuable gift from a patient or company, or keeps it quiet
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
    behaviour: RedFlagBehaviour
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


class RedFlagText(Strict):
    label: Text
    why: Text


class RedFlagTexts(Strict):
    red_flags: dict[RedFlagBehaviour, RedFlagText]


class CycleSettings(Strict):
    """content/cycle.yaml: the application cycle the knowledge base is written for."""

    current: int = Field(ge=2000, le=2100)
    label: Text
    review_every_days: int = Field(default=365, ge=30)


class InterviewFile(Strict):
    questions: list[InterviewQuestion] = Field(min_length=1)


class GenericRubric(Strict):
    question: InterviewQuestion
