"""content/roadmap/ checked by `imgcoach content check`: unknown events and cycles, broken
dependencies and dates out of order are each named with file, milestone and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content.check import cross_check
from bot.content.loader import load_content
from bot.roadmap.rules import load_roadmap
from tests.conftest import CONTENT, PROMPTS
from tests.test_cli import on_copy


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def _problems(content: Path) -> list[str]:
    return [str(p) for p in load_roadmap(content).problems]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_real_roadmap_has_no_problems() -> None:
    rules = load_roadmap(CONTENT)
    assert rules.ok, rules.problems
    assert set(rules.cycles) >= {2027, 2028}


@pytest.mark.parametrize(
    ("file", "old", "new", "says"),
    [
        (
            "2028.yaml",
            "rule: {after: eras-submit, weeks: 3,",
            "rule: {after: eras-sumbit, weeks: 3,",
            "entry 'eras-review', field 'rule': unknown event 'eras-sumbit'",
        ),
        (
            "2028.yaml",
            "rule: {like: eras-opens, cycle: 2027,",
            "rule: {like: eras-opens, cycle: 2019,",
            "unknown cycle 2019",
        ),
        (
            "2027.yaml",
            "rule: {before: eras-submit, weeks: 4}",
            "rule: {after: fsmb-registration, weeks: 4}",
            "broken dependency: the rules go round in a loop",
        ),
        (
            "2027.yaml",
            "    follows: [interview-season]\n",
            "    follows: [residency-start]\n",
            "entry 'rol-deadline', field 'date': dates out of order",
        ),
        (
            "2027.yaml",
            "    needs: [ecfmg-application]\n",
            "    needs: [ecfmg-aplication]\n",
            "entry 'fsmb-registration', field 'needs': unknown event 'ecfmg-aplication'",
        ),
        (
            "2027.yaml",
            "    date: 2027-07-01\n",
            "    date: 2031-07-01\n",
            "outside the 2027 cycle",
        ),
        (
            "flags.yaml",
            "when: {late: step2ck}",
            "when: {late: step-2ck}",
            "entry 'step2ck-late', field 'when.late': unknown event 'step-2ck'",
        ),
        (
            "2027.yaml",
            "rule: {nth: 3, weekday: fri, month: 3,",
            "rule: {nth: 3, month: 3,",
            "a weekday rule needs nth, weekday and month",
        ),
    ],
)
def test_a_broken_rule_is_named(tmp_path: Path, file: str, old: str, new: str, says: str) -> None:
    content = _copy(tmp_path)
    _edit(content / "roadmap" / file, old, new)
    problems = _problems(content)
    assert any(says in p for p in problems), problems
    assert all(p.startswith("content/roadmap/") for p in problems), problems


def test_the_current_cycle_needs_its_roadmap(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    _edit(content / "cycle.yaml", "current: 2027", "current: 2029")
    loaded = load_content(content)
    problems = [str(p) for p in cross_check(loaded)]
    assert any("unknown cycle: content/cycle.yaml says 2029" in p for p in problems), problems


def test_a_new_cycle_is_a_content_change(tmp_path: Path) -> None:
    """Copying a cycle's file with its year raised gives a valid roadmap for that year."""
    content = _copy(tmp_path)
    text = (content / "roadmap" / "2028.yaml").read_text(encoding="utf-8")
    text = text.replace("cycle: 2028", "cycle: 2029").replace(
        "date: 2028-07-01", "date: 2029-07-01"
    )
    text = text.replace("cycle: 2027, weeks: 52", "cycle: 2028, weeks: 52")
    (content / "roadmap" / "2029.yaml").write_text(text, encoding="utf-8")
    rules = load_roadmap(content)
    assert rules.ok, rules.problems
    assert rules.cycles[2029].dates["match-day"].display == "16 March 2029"


def test_content_check_lists_roadmap_problems(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    prompts = tmp_path / "prompts"
    shutil.copytree(PROMPTS, prompts)
    _edit(
        content / "roadmap" / "2028.yaml",
        "rule: {before: match-day, days: 16,",
        "rule: {before: match-dya, days: 16,",
    )
    result = on_copy(content, prompts, "content", "check")
    assert result.returncode == 1
    assert (
        "content/roadmap/2028.yaml: entry 'rol-deadline', field 'rule': unknown event 'match-dya'"
        in result.stderr
    )
