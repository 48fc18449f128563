"""Red-flag knowledge is content: content/red_flags.yaml is the one list of behaviours, with
the words and phrasings the rules read, and `content check` keeps questions, rules, the learned
reader and checklist cues in line with it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.content import red_flag_check
from bot.content.check import cross_check
from bot.content.loader import load_content
from bot.interview.clauses import Clauses
from bot.interview.flagging import judge_answer
from bot.interview.redflags import DETECTORS, BehaviourRules, detect, rules_in
from bot.knowledge import Knowledge
from bot.text import sentences

CONTENT = PROJECT_ROOT / "content"
PROMPTS = PROJECT_ROOT / "prompts"
CORPUS = PROJECT_ROOT / "tools" / "redflag_corpus"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of content/ to break."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _problems(content_dir: Path) -> list[str]:
    content = load_content(content_dir)
    return [str(p) for p in [*content.problems, *cross_check(content)]]


# --- one list of behaviours ------------------------------------------------------------------


def test_the_real_content_names_only_behaviours_of_the_one_list() -> None:
    assert _problems(CONTENT) == []


def test_a_behaviour_added_to_the_list_can_be_named_by_a_question(copy: Path) -> None:
    """The list lives in content: a new behaviour needs no Python to be valid in a question."""
    _edit(
        copy / "red_flags.yaml",
        "\nred_flags:\n",
        "\nred_flags:\n"
        "  gossip:\n"
        '    label: "Gossips about colleagues"\n'
        '    why: "What you say about others now is what you will say about this team."\n'
        "    serious: false\n"
        "    question_scoped: false\n",
    )
    _edit(
        copy / "interview" / "behavioral.yaml",
        '- behaviour: blaming\n        label: "Blames the nurse, the system or the workload"',
        '- behaviour: gossip\n        label: "Blames the nurse, the system or the workload"',
    )
    assert _problems(copy) == []


def test_a_question_naming_a_behaviour_off_the_list_is_rejected(copy: Path) -> None:
    _edit(
        copy / "interview" / "behavioral.yaml",
        '- behaviour: hiding\n        label: "Hides or quietly fixes the mistake"',
        '- behaviour: hidding\n        label: "Hides or quietly fixes the mistake"',
    )
    problems = _problems(copy)
    assert len(problems) == 1
    assert problems[0].startswith(
        "content/interview/behavioral.yaml: entry 'medical-mistake', field 'red_flags[0].behaviour': "
        "unknown behaviour 'hidding'; content/red_flags.yaml lists hiding, falsifying"
    )


def test_a_question_cannot_name_a_behaviour_the_bot_does_not_look_for(copy: Path) -> None:
    _edit(
        copy / "interview" / "behavioral.yaml",
        '- behaviour: hiding\n        label: "Hides or quietly fixes the mistake"',
        '- behaviour: boundaries\n        label: "Hides or quietly fixes the mistake"',
    )
    assert _problems(copy) == [
        "content/interview/behavioral.yaml: entry 'medical-mistake', field "
        "'red_flags[0].behaviour': 'boundaries' has no rules, only possible concerns (reported: "
        "false in content/red_flags.yaml)"
    ]


def test_a_behaviour_of_the_learned_reader_must_be_on_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meta = json.loads(red_flag_check.READER_META.read_text(encoding="utf-8"))
    meta["behaviours"].append("gaslighting")
    changed = tmp_path / "redflag-reader.json"
    changed.write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setattr(red_flag_check, "READER_META", changed)
    assert _problems(CONTENT) == [
        "bot/models/redflag-reader.json, field 'behaviours': the learned reader knows "
        "'gaslighting', which content/red_flags.yaml does not list"
    ]


def test_a_rule_for_a_behaviour_removed_from_the_list_is_reported(copy: Path) -> None:
    text = (copy / "red_flags.yaml").read_text(encoding="utf-8")
    start = text.index("  unsafe-care:\n")
    end = text.index("  misrepresenting:\n")
    (copy / "red_flags.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    assert _problems(copy) == [
        "content/red_flags.yaml: entry 'unsafe-care': bot.interview.redflags.safety detects "
        "'unsafe-care', which this file does not list",
        "bot/models/redflag-reader.json, field 'behaviours': the learned reader knows "
        "'unsafe-care', which content/red_flags.yaml does not list",
    ]


# --- the word lists and phrasings the rules read ---------------------------------------------


def test_a_misspelt_phrase_list_is_named_both_ways(copy: Path) -> None:
    _edit(copy / "red_flags.yaml", "      quiet_fix:\n", "      quiet_fixes:\n")
    assert _problems(copy) == [
        "content/red_flags.yaml: entry 'hiding': no word class or phrase list 'quiet_fix': its "
        "rule reads it",
        "content/red_flags.yaml: entry 'hiding', field 'phrases.quiet_fixes': no rule reads this "
        "list (a misspelt name, or a behaviour without rules)",
    ]


def test_a_broken_pattern_names_the_behaviour_and_the_list(copy: Path) -> None:
    _edit(
        copy / "red_flags.yaml",
        "        - '\\bleft it out of\\b'\n",
        "        - '\\bleft it (out of'\n",
    )
    (problem,) = _problems(copy)
    assert problem.startswith(
        "content/red_flags.yaml, field 'red_flags.hiding': phrases.quiet_fix[2] is not a valid "
        "pattern: missing ), unterminated subpattern"
    )


def test_a_word_that_no_sentence_word_can_be_is_rejected(copy: Path) -> None:
    _edit(copy / "red_flags.yaml", "[they, there, them]", "[they, there, them, those people]")
    (problem,) = _problems(copy)
    assert problem.startswith(
        "content/red_flags.yaml, field 'red_flags.disparaging.words.someone[3]': String should "
        "match pattern"
    )


def test_a_phrasing_written_in_content_is_detected_without_a_restart(copy: Path) -> None:
    """An edited red_flags.yaml is read again (a content reload sees it); an invalid edit keeps
    the rules in use, as a reload keeps the content in use."""
    answer = "Frankly, I am the strongest resident they will ever see."
    assert detect(answer, rules=rules_in(copy)) == []
    _edit(
        copy / "red_flags.yaml",
        "    phrases:\n      above_others:\n",
        "    phrases:\n      above_others:\n        - '\\bthe strongest resident\\b'\n",
    )
    assert [h.behaviour for h in detect(answer, rules=rules_in(copy))] == ["arrogance"]
    _edit(copy / "red_flags.yaml", "  arrogance:\n", "  arrogance:\n    bogus: 1\n")
    assert [h.behaviour for h in detect(answer, rules=rules_in(copy))] == ["arrogance"]


def test_what_is_serious_is_content(copy: Path, knowledge: Knowledge) -> None:
    question = knowledge.bank.get("strengths")
    assert question is not None
    answer = "I am better than most of my peers at reading ECGs."
    (flag,), _ = judge_answer(question, answer, sentences(answer), {}, rules=rules_in(CONTENT))
    assert (flag.id, flag.serious) == ("arrogance", False)
    _edit(
        copy / "red_flags.yaml",
        '  arrogance:\n    label: "Puts yourself above peers, supervision or guidelines"\n'
        '    why: "Programs want residents who know their limits, ask for help and follow '
        'evidence-based practice."\n    serious: false\n',
        '  arrogance:\n    label: "Puts yourself above peers, supervision or guidelines"\n'
        '    why: "Programs want residents who know their limits, ask for help and follow '
        'evidence-based practice."\n    serious: true\n',
    )
    (flag,), _ = judge_answer(question, answer, sentences(answer), {}, rules=rules_in(copy))
    assert (flag.id, flag.serious) == ("arrogance", True)


def test_a_fake_weakness_is_judged_only_where_a_weakness_is_asked_for(
    knowledge: Knowledge,
) -> None:
    teamwork = knowledge.bank.generic
    answer = "My weakness is that I care too much about my patients."
    rules = rules_in(CONTENT)
    flags, _ = judge_answer(teamwork, answer, sentences(answer), {}, rules=rules)
    assert flags == []
    asked = "Which area of development are you working on?"
    flags, _ = judge_answer(teamwork, answer, sentences(answer), {}, asked=asked, rules=rules)
    assert [f.id for f in flags] == ["non-weakness"]


class _Reading:
    """A behaviour's rules that remember which lists its detector asked for."""

    def __init__(self, rules: BehaviourRules) -> None:
        self.rules = rules
        self.read: set[str] = set()

    def words(self, name: str) -> frozenset[str]:
        self.read.add(name)
        return self.rules.words(name)

    def phrase(self, name: str) -> re.Pattern[str]:
        self.read.add(name)
        return self.rules.phrase(name)


def test_every_list_a_rule_reads_is_one_it_declares() -> None:
    """`content check` trusts each detector's declared lists; a rule reading another one would
    fail on content that the check passed."""
    texts = [
        line.split('"', 1)[1].rsplit('"', 1)[0]
        for path in sorted(CORPUS.glob("*.yaml"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith('- "')
    ]
    assert len(texts) > 1000
    rules = rules_in(CONTENT)
    for behaviour, found in DETECTORS.items():
        reading = _Reading(rules[behaviour])
        for text in texts:
            for sentence in sentences(text):
                found.rule(Clauses(sentence), text, reading)  # type: ignore[arg-type]
        assert reading.read <= set(found.reads), (behaviour, reading.read - set(found.reads))


# --- checklist cues ---------------------------------------------------------------------------


def test_content_check_rejects_a_cue_that_stems_to_one_letter(tmp_path: Path) -> None:
    content = tmp_path / "content"
    prompts = tmp_path / "prompts"
    shutil.copytree(CONTENT, content)
    shutil.copytree(PROMPTS, prompts)
    _edit(
        content / "interview" / "behavioral.yaml",
        '          - "morbidity mortality"\n',
        '          - "morbidity mortality"\n          - "M&M"\n',
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "content", "check"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "TELEGRAM_BOT_TOKEN": "",
            "IMGCOACH_CONTENT_DIR": str(content),
            "IMGCOACH_PROMPTS_DIR": str(prompts),
        },
        timeout=120,
    )
    assert result.returncode == 1
    assert "1 problem(s):" in result.stderr
    assert (
        "content/interview/behavioral.yaml: entry 'medical-mistake', field 'checklist[3].cues[6]': "
        "item 'reported', cue \"M&M\" stems to the single letter 'm'"
    ) in result.stderr


def test_a_cue_with_a_real_word_beside_a_letter_or_a_number_is_kept() -> None:
    content = load_content(CONTENT)
    cues = {cue for q in content.questions for item in q.checklist for cue in item.cues}
    assert {"C-SSRS", "Step 2"} <= cues  # "c" and "2" sit beside a word that carries the cue
    assert not [p for p in cross_check(content) if "cue" in p.message]
