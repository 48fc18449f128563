"""The red-flag rules' data as the detectors read it: content/red_flags.yaml, compiled once."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from bot.config import Settings
from bot.content.loader import ContentError, load_red_flags
from bot.content.schema import RedFlagCatalogue


@dataclass(frozen=True)
class BehaviourRules:
    """One behaviour: how it is shown, and the word classes and phrases its detector reads
    (its own, then the shared ones)."""

    id: str
    label: str
    why: str
    serious: bool
    question_scoped: bool
    reported: bool
    word_classes: dict[str, frozenset[str]]
    phrases: dict[str, re.Pattern[str]]
    invited_by: re.Pattern[str] | None = None

    def words(self, name: str) -> frozenset[str]:
        return self.word_classes[name]

    def phrase(self, name: str) -> re.Pattern[str]:
        return self.phrases[name]


@dataclass(frozen=True)
class RedFlagRules:
    behaviours: dict[str, BehaviourRules]  # in the order the rules try them

    def __getitem__(self, behaviour: str) -> BehaviourRules:
        return self.behaviours[behaviour]

    @cached_property
    def reported(self) -> list[str]:
        """Behaviours the bot looks for in answers."""
        return [b for b, rules in self.behaviours.items() if rules.reported]

    @cached_property
    def serious(self) -> frozenset[str]:
        return frozenset(b for b, rules in self.behaviours.items() if rules.serious)

    @cached_property
    def question_scoped(self) -> frozenset[str]:
        return frozenset(b for b, rules in self.behaviours.items() if rules.question_scoped)

    @cached_property
    def reader_only(self) -> list[str]:
        """Behaviours with no rules: the learned reader may raise them as possible concerns,
        never as sure red flags."""
        return [
            b
            for b, rules in self.behaviours.items()
            if not rules.reported and not rules.question_scoped
        ]

    @cached_property
    def always_judged(self) -> list[str]:
        """Behaviours judged in every answer, whatever the question."""
        return [b for b in self.reported if b not in self.question_scoped]

    def invited(self, asked: str) -> set[str]:
        """Question-scoped behaviours that an interviewer's wording asks about."""
        return {
            b
            for b, rules in self.behaviours.items()
            if rules.invited_by is not None and rules.invited_by.search(asked)
        }

    @classmethod
    def from_catalogue(cls, catalogue: RedFlagCatalogue) -> RedFlagRules:
        shared = catalogue.shared
        shared_words = {name: frozenset(words) for name, words in shared.words.items()}
        shared_phrases = {name: re.compile(shared.pattern(name)) for name in shared.phrases}
        behaviours = {}
        for behaviour, spec in catalogue.red_flags.items():
            invited = "|".join(f"(?:{wording})" for wording in spec.invited_by)
            behaviours[behaviour] = BehaviourRules(
                id=behaviour,
                label=spec.label,
                why=spec.why,
                serious=spec.serious,
                question_scoped=spec.question_scoped,
                reported=spec.reported,
                word_classes={
                    **shared_words,
                    **{name: frozenset(words) for name, words in spec.words.items()},
                },
                phrases={
                    **shared_phrases,
                    **{name: re.compile(spec.pattern(name)) for name in spec.phrases},
                },
                invited_by=re.compile(invited, re.IGNORECASE) if invited else None,
            )
        return cls(behaviours)


# per content folder: the red_flags.yaml version (mtime, size) read, and its rules
_LOADED: dict[Path, tuple[tuple[int, int], RedFlagRules]] = {}


def rules_in(content_dir: Path) -> RedFlagRules:
    """The rules of one content folder, read again when its red_flags.yaml changes (a content
    reload sees new phrasings). Raises ContentError if the file is invalid on first use; an
    invalid edit later keeps the rules in use, as a reload keeps the content in use."""
    path = content_dir / "red_flags.yaml"
    try:
        status = path.stat()
        stamp = (status.st_mtime_ns, status.st_size)
    except OSError:
        stamp = (0, 0)
    known = _LOADED.get(content_dir)
    if known is not None and known[0] == stamp:
        return known[1]
    catalogue, problems = load_red_flags(content_dir)
    if catalogue is None or problems:
        if known is not None:
            return known[1]
        raise ContentError(problems)
    rules = RedFlagRules.from_catalogue(catalogue)
    _LOADED[content_dir] = (stamp, rules)
    return rules


def current_rules() -> RedFlagRules:
    """The rules of the content folder the bot runs with (IMGCOACH_CONTENT_DIR or the bundled
    one), for a caller that does not pass its own."""
    return rules_in(_content_dir(os.environ.get("IMGCOACH_CONTENT_DIR", "")))


@cache
def _content_dir(configured: str) -> Path:
    return Settings.from_env({"IMGCOACH_CONTENT_DIR": configured} if configured else {}).content_dir
