"""Load content/*.yaml into typed objects, collecting every problem with file, entry and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.content.files import ContentProblem
from bot.content.files import field_path as _field_path
from bot.content.files import read_yaml as _read_yaml
from bot.content.files import relative as _relative
from bot.content.schema import (
    CycleSettings,
    FaqEntry,
    GenericRubric,
    InterviewQuestion,
    RedFlagCatalogue,
    Vocabulary,
)
from bot.roadmap.rules import load_roadmap

Model = TypeVar("Model", bound=BaseModel)


@dataclass
class Content:
    faq: list[FaqEntry] = field(default_factory=list)
    questions: list[InterviewQuestion] = field(default_factory=list)
    vocabulary: Vocabulary = field(default_factory=lambda: Vocabulary(synonyms={}))
    generic_rubric: InterviewQuestion | None = None
    # content/red_flags.yaml: the behaviours, their labels and the rules' word lists
    red_flag_texts: RedFlagCatalogue | None = None
    cycle: CycleSettings | None = None
    problems: list[ContentProblem] = field(default_factory=list)
    # where each entry came from, for messages that name the file
    faq_files: dict[str, str] = field(default_factory=dict)
    # every FAQ id written in a file, valid entry or not (so one broken entry does not make
    # every link to it look dangling too)
    faq_ids_seen: set[str] = field(default_factory=set)
    question_files: dict[str, str] = field(default_factory=dict)
    roadmap: Any = None  # bot.roadmap.rules.RoadmapRules, from content/roadmap/
    generic_rubric_file: str = "content/generic_rubric.yaml"
    red_flags_file: str = "content/red_flags.yaml"

    @property
    def ok(self) -> bool:
        return not self.problems


class ContentError(Exception):
    """Content is invalid; the message lists every problem, one per line."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        lines = [f"Content has {len(problems)} problem(s):"] + [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


def _validate_list(
    data: Any,
    key: str,
    model: type[Model],
    rel: str,
    problems: list[ContentProblem],
) -> list[Model]:
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        problems.append(ContentProblem(rel, None, key, f"expected a top-level '{key}:' list"))
        return []
    valid: list[Model] = []
    for index, raw in enumerate(data[key]):
        label = raw.get("id") if isinstance(raw, dict) and raw.get("id") else f"#{index + 1}"
        try:
            valid.append(model.model_validate(raw))
        except ValidationError as exc:
            for err in exc.errors():
                message = err["msg"].removeprefix("Value error, ")
                problems.append(ContentProblem(rel, str(label), _field_path(err["loc"]), message))
    return valid


def load_content(content_dir: Path) -> Content:
    """Load and validate every file; never raises for bad content, records problems instead."""
    content = Content()
    problems = content.problems
    if not content_dir.is_dir():
        problems.append(ContentProblem(str(content_dir), None, None, "content folder not found"))
        return content

    for path in sorted((content_dir / "faq").glob("*.yaml")):
        rel = _relative(path, content_dir)
        data = _read_yaml(path, content_dir, problems)
        if data is None:
            continue
        if isinstance(data, dict) and isinstance(data.get("entries"), list):
            content.faq_ids_seen.update(
                str(raw["id"]) for raw in data["entries"] if isinstance(raw, dict) and raw.get("id")
            )
        for entry in _validate_list(data, "entries", FaqEntry, rel, problems):
            content.faq.append(entry)
            content.faq_files.setdefault(entry.id, rel)

    for path in sorted((content_dir / "interview").glob("*.yaml")):
        rel = _relative(path, content_dir)
        data = _read_yaml(path, content_dir, problems)
        if data is None:
            continue
        for question in _validate_list(data, "questions", InterviewQuestion, rel, problems):
            content.questions.append(question)
            content.question_files.setdefault(question.id, rel)

    content.generic_rubric_file = _relative(content_dir / "generic_rubric.yaml", content_dir)
    content.red_flags_file = _relative(content_dir / "red_flags.yaml", content_dir)
    rubric = _load_single(content_dir / "generic_rubric.yaml", GenericRubric, content_dir, problems)
    content.generic_rubric = rubric.question if rubric else None
    vocabulary = _load_single(content_dir / "vocabulary.yaml", Vocabulary, content_dir, problems)
    if vocabulary is not None:
        content.vocabulary = vocabulary
    content.red_flag_texts = _load_single(
        content_dir / "red_flags.yaml", RedFlagCatalogue, content_dir, problems
    )
    content.cycle = _load_single(content_dir / "cycle.yaml", CycleSettings, content_dir, problems)
    content.roadmap = load_roadmap(content_dir, problems)
    return content


def load_red_flags(content_dir: Path) -> tuple[RedFlagCatalogue | None, list[ContentProblem]]:
    """content/red_flags.yaml alone: what the red-flag rules read."""
    problems: list[ContentProblem] = []
    catalogue = _load_single(
        content_dir / "red_flags.yaml", RedFlagCatalogue, content_dir, problems
    )
    return catalogue, problems


def _load_single(
    path: Path, model: type[Model], content_dir: Path, problems: list[ContentProblem]
) -> Model | None:
    rel = _relative(path, content_dir)
    if not path.exists():
        problems.append(ContentProblem(rel, None, None, "file is missing"))
        return None
    data = _read_yaml(path, content_dir, problems)
    if data is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            message = err["msg"].removeprefix("Value error, ")
            problems.append(ContentProblem(rel, None, _field_path(err["loc"]), message))
    return None
