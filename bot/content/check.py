"""Cross-entry checks on loaded content: duplicate ids, dangling related ids, cues the scorer
cannot use, red-flag behaviours off the one list, required spec ids."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from bot.content.cycle_check import cycle_problems, region_problems
from bot.content.loader import Content, ContentProblem
from bot.content.red_flag_check import red_flag_problems
from bot.interview.answer_text import CueMatcher
from bot.roadmap.checks import cycle_problems as roadmap_cycle_problems


def cross_check(content: Content) -> list[ContentProblem]:
    problems: list[ContentProblem] = []
    faq_ids = Counter(entry.id for entry in content.faq)
    for entry_id, count in faq_ids.items():
        if count > 1:
            problems.append(
                ContentProblem(
                    content.faq_files[entry_id], entry_id, "id", f"duplicate id ({count}x)"
                )
            )
    known = set(faq_ids) | content.faq_ids_seen
    for entry in content.faq:
        where = content.faq_files[entry.id]
        for related in entry.related:
            if related not in known:
                problems.append(
                    ContentProblem(where, entry.id, "related", f"unknown related id '{related}'")
                )
            elif related == entry.id:
                problems.append(
                    ContentProblem(where, entry.id, "related", "an entry relates to itself")
                )

    question_ids = Counter(question.id for question in content.questions)
    for question_id, count in question_ids.items():
        if count > 1:
            problems.append(
                ContentProblem(
                    content.question_files[question_id],
                    question_id,
                    "id",
                    f"duplicate id ({count}x)",
                )
            )
    for question in content.questions:
        where = content.question_files[question.id]
        item_ids = Counter(item.id for item in question.checklist)
        for item_id, count in item_ids.items():
            if count > 1:
                problems.append(
                    ContentProblem(
                        where, question.id, "checklist", f"duplicate item id '{item_id}'"
                    )
                )
        if question.kind == "behavioral" and not question.star:
            problems.append(
                ContentProblem(
                    where, question.id, "star", "behavioral questions use STAR: set star: true"
                )
            )
    problems += cue_problems(content)
    problems += red_flag_problems(content)
    problems += cycle_problems(content)
    problems += region_problems(content)
    problems += roadmap_cycle_problems(
        content.roadmap, content.cycle.current if content.cycle else None
    )
    return problems


def cue_problems(content: Content) -> list[ContentProblem]:
    """A cue whose words stem to single letters ("M&M" becomes "m") is met by any stray
    letter: "at 7 p.m." would meet "reported it through the safety system"."""
    cues = CueMatcher(content.vocabulary.synonyms)
    questions = [(q, content.question_files[q.id]) for q in content.questions]
    if content.generic_rubric is not None:
        questions.append((content.generic_rubric, content.generic_rubric_file))
    problems: list[ContentProblem] = []
    for question, where in questions:
        for number, item in enumerate(question.checklist):
            for index, cue in enumerate(item.cues):
                stems = cues.cue(cue)
                if not stems or not all(len(s) == 1 and s.isalpha() for s in stems):
                    continue
                letters = list(dict.fromkeys(stems))
                said = (
                    f"the single letter '{letters[0]}'"
                    if len(letters) == 1
                    else "single letters " + ", ".join(f"'{s}'" for s in letters)
                )
                problems.append(
                    ContentProblem(
                        where,
                        question.id,
                        f"checklist[{number}].cues[{index}]",
                        f"item '{item.id}', cue \"{cue}\" stems to {said}, which any stray "
                        "letter meets (\"at 7 p.m.\" has an 'm'): write the words out",
                    )
                )
    return problems


def spec_check(content: Content, spec_dir: Path) -> list[ContentProblem]:
    """Every id in the shared spec must exist, with the kind the spec gives."""
    problems: list[ContentProblem] = []
    faq_spec = spec_dir / "faq_topics.yaml"
    questions_spec = spec_dir / "interview_questions.yaml"
    faq_ids = {entry.id for entry in content.faq}
    kinds = {question.id: question.kind for question in content.questions}
    if faq_spec.exists():
        for topic in yaml.safe_load(faq_spec.read_text(encoding="utf-8"))["topics"]:
            if topic["id"] not in faq_ids:
                problems.append(
                    ContentProblem(
                        "content/faq", topic["id"], "id", "required FAQ topic is missing"
                    )
                )
    if questions_spec.exists():
        for spec in yaml.safe_load(questions_spec.read_text(encoding="utf-8"))["questions"]:
            if spec["id"] not in kinds:
                problems.append(
                    ContentProblem(
                        "content/interview",
                        spec["id"],
                        "id",
                        "required interview question is missing",
                    )
                )
            elif kinds[spec["id"]] != spec["kind"]:
                problems.append(
                    ContentProblem(
                        "content/interview",
                        spec["id"],
                        "kind",
                        f"spec says kind '{spec['kind']}', found '{kinds[spec['id']]}'",
                    )
                )
    return problems
