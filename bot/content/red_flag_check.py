"""Checks that keep one list of red-flag behaviours (content check): questions, rule detectors
and the learned reader name only behaviours of content/red_flags.yaml, and every word class or
phrase list written there is one that a detector reads."""

from __future__ import annotations

import json

from bot.content.loader import Content, ContentProblem
from bot.content.schema import InterviewQuestion
from bot.interview.flag_model import READER_META
from bot.interview.redflags import DETECTORS


def red_flag_problems(content: Content) -> list[ContentProblem]:
    catalogue = content.red_flag_texts
    if catalogue is None:
        return []  # the file itself is invalid, and reported as such
    return [
        *_question_problems(content),
        *_detector_problems(content),
        *_reader_problems(content),
    ]


def _questions(content: Content) -> list[tuple[InterviewQuestion, str]]:
    found = [(q, content.question_files[q.id]) for q in content.questions]
    if content.generic_rubric is not None:
        found.append((content.generic_rubric, content.generic_rubric_file))
    return found


def _question_problems(content: Content) -> list[ContentProblem]:
    assert content.red_flag_texts is not None
    behaviours = content.red_flag_texts.red_flags
    problems: list[ContentProblem] = []
    for question, where in _questions(content):
        for number, flag in enumerate(question.red_flags):
            field = f"red_flags[{number}].behaviour"
            spec = behaviours.get(flag.behaviour)
            if spec is None:
                problems.append(
                    ContentProblem(
                        where,
                        question.id,
                        field,
                        f"unknown behaviour '{flag.behaviour}'; {content.red_flags_file} lists "
                        + ", ".join(behaviours),
                    )
                )
            elif not spec.reported:
                problems.append(
                    ContentProblem(
                        where,
                        question.id,
                        field,
                        f"'{flag.behaviour}' has no rules, only possible concerns (reported: "
                        f"false in {content.red_flags_file})",
                    )
                )
    return problems


def _detector_problems(content: Content) -> list[ContentProblem]:
    assert content.red_flag_texts is not None
    catalogue = content.red_flag_texts
    file = content.red_flags_file
    shared = {**dict.fromkeys(catalogue.shared.words, "words")}
    shared.update(dict.fromkeys(catalogue.shared.phrases, "phrases"))
    problems: list[ContentProblem] = []
    read_shared: set[str] = set()
    for behaviour, spec in catalogue.red_flags.items():
        own = {**dict.fromkeys(spec.words, "words"), **dict.fromkeys(spec.phrases, "phrases")}
        found = DETECTORS.get(behaviour)
        reads = set(found.reads) if found is not None else set()
        for name in found.reads if found is not None else ():
            if name not in own and name not in shared:
                problems.append(
                    ContentProblem(
                        file,
                        behaviour,
                        None,
                        f"no word class or phrase list '{name}': its rule reads it",
                    )
                )
        read_shared |= reads & shared.keys()
        for name, kind in own.items():
            if name not in reads:
                problems.append(
                    ContentProblem(
                        file,
                        behaviour,
                        f"{kind}.{name}",
                        "no rule reads this list (a misspelt name, or a behaviour without rules)",
                    )
                )
    for behaviour, found in DETECTORS.items():
        if behaviour not in catalogue.red_flags:
            problems.append(
                ContentProblem(
                    file,
                    behaviour,
                    None,
                    f"{found.rule.__module__} detects '{behaviour}', which this file does not list",
                )
            )
    for name, kind in shared.items():
        if name not in read_shared:
            problems.append(
                ContentProblem(file, None, f"shared.{kind}.{name}", "no rule reads this list")
            )
    return problems


def _reader_problems(content: Content) -> list[ContentProblem]:
    """The learned reader (bot/models) names behaviours by id: each must be on the list."""
    assert content.red_flag_texts is not None
    if not READER_META.exists():
        return []
    behaviours = json.loads(READER_META.read_text(encoding="utf-8")).get("behaviours", [])
    where = f"bot/models/{READER_META.name}"
    return [
        ContentProblem(
            where,
            None,
            "behaviours",
            f"the learned reader knows '{b}', which {content.red_flags_file} does not list",
        )
        for b in behaviours
        if b not in content.red_flag_texts.red_flags
    ]
