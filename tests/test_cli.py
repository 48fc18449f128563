"""The command line others rely on: JSON contracts, content check on broken copies, bench."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.knowledge import Knowledge
from tests.conftest import CONTENT, PROMPTS

ROOT = Path(__file__).resolve().parent.parent


def imgcoach(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TELEGRAM_BOT_TOKEN": "", **(env or {})},
        timeout=timeout,
    )


def on_copy(content: Path, prompts: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """imgcoach run on a copy of content/ and prompts/."""
    return imgcoach(
        *args, env={"IMGCOACH_CONTENT_DIR": str(content), "IMGCOACH_PROMPTS_DIR": str(prompts)}
    )


def test_ask_json(knowledge: Knowledge) -> None:
    result = imgcoach("ask", "should i go for a j1 or an h1b program as an img", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "answer" and data["id"] == "visa-j1-vs-h1b"
    assert set(data) == {"status", "id", "answer", "score", "candidates"}
    entry = knowledge.entries["visa-j1-vs-h1b"]
    assert data["answer"] == entry.answer and "J-1" in data["answer"]


def test_ask_json_has_no_answer_text_when_it_does_not_answer() -> None:
    result = imgcoach("ask", "visa", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] != "answer"
    assert data["answer"] is None and data["id"] is None


def test_score_json_with_an_interviewers_paraphrase(tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(
        "In my psychiatry rotation in Lahore in 2022 I followed a 19-year-old with first-episode "
        "psychosis for three months; seeing him return to university made me choose psychiatry.",
        encoding="utf-8",
    )
    result = imgcoach(
        "score", "--question", "What drew you to psych?", "--answer-file", str(answer), "--json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["question_id"] == "why-psychiatry"
    assert set(data) == {"question_id", "score", "items", "red_flags", "words"}
    assert data["words"] == len(answer.read_text().split())
    assert all(set(item) == {"id", "label", "met", "evidence"} for item in data["items"])


def test_score_needs_exactly_one_answer() -> None:
    result = imgcoach("score", "--question", "Tell me about yourself.")
    assert result.returncode != 0
    assert "exactly one of --answer or --answer-file" in result.stderr


def test_eval_faq_json_shape() -> None:
    result = imgcoach(
        "eval", "faq", str(ROOT / "tests" / "data" / "faq_validation_real.yaml"), "--json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"cases", "hit_at_1", "wrong", "clarify", "oos_refusal", "results"}
    assert data["cases"] == len(data["results"])
    assert all(set(r) == {"query", "expect", "status", "id"} for r in data["results"])


def test_eval_faq_json_adds_general_asked_only_for_a_set_that_marks_general_questions(
    tmp_path: Path,
) -> None:
    path = tmp_path / "faq_set.yaml"
    path.write_text(
        "cases:\n"
        "  - {query: what is soap, expect: soap}\n"
        "  - {query: what do i need to know about residency, expect: clarify}\n"
    )
    result = imgcoach("eval", "faq", str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "cases",
        "hit_at_1",
        "wrong",
        "clarify",
        "oos_refusal",
        "general_asked",
        "results",
    }
    assert data["general_asked"] in (0.0, 1.0)


def test_eval_scoring_json_shape() -> None:
    result = imgcoach(
        "eval", "scoring", str(ROOT / "tests" / "data" / "scoring_validation_h.yaml"), "--json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"pairs", "pairwise_accuracy", "mean_by_grade", "fooled", "results"}
    assert set(data["mean_by_grade"]) == {"1", "2", "3"}
    assert all(
        set(r) == {"question", "question_id", "grade", "score", "words"} for r in data["results"]
    )


def test_eval_reports_a_broken_file_without_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("cases: [ {query: 'x', expect: ", encoding="utf-8")
    result = imgcoach("eval", "faq", str(broken))
    assert result.returncode != 0
    assert "cannot read evaluation set" in result.stderr
    assert "Traceback" not in result.stderr


def test_content_check_passes_on_the_real_content() -> None:
    result = imgcoach("content", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "content OK" in result.stdout


@pytest.fixture
def broken_copy(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    prompts = tmp_path / "prompts"
    shutil.copytree(CONTENT, content)
    shutil.copytree(PROMPTS, prompts)
    return content, prompts


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_content_check_lists_every_problem_with_file_entry_and_field(
    broken_copy: tuple[Path, Path],
) -> None:
    content, prompts = broken_copy
    match = content / "faq" / "match.yaml"
    text = match.read_text(encoding="utf-8")
    soap = text.index("- id: soap")
    related = text.index("related: [", soap)
    match.write_text(
        text[:related] + "related: [no-such-entry, " + text[related + len("related: [") :],
        encoding="utf-8",
    )
    _edit(match, "reviewed: 2026-12-06", "reviewed: 2026-13-45")
    visas = content / "faq" / "visas.yaml"
    text = visas.read_text(encoding="utf-8")
    first_sources = re.search(r"\n    sources:\n(?:      .*\n)+", text)
    assert first_sources
    visas.write_text(
        text.replace(first_sources.group(0), "\n    sources: []\n", 1), encoding="utf-8"
    )
    _edit(content / "faq" / "canada.yaml", "- id: canada-lmcc", "- id: canada-carms")
    (prompts / "help.j2").write_text("{% if broken %}never closed", encoding="utf-8")
    result = on_copy(content, prompts, "content", "check")
    assert result.returncode != 0
    report = result.stderr
    assert "content/faq/match.yaml: entry 'match-how-it-works', field 'reviewed'" in report
    assert "unknown related id 'no-such-entry'" in report
    assert "field 'sources'" in report
    assert "duplicate id" in report and "canada-carms" in report
    assert "prompts/help.j2" in report
    assert "Traceback" not in report


def test_content_check_keeps_entries_on_their_cycle_and_region(
    broken_copy: tuple[Path, Path],
) -> None:
    content, prompts = broken_copy
    eras = content / "faq" / "eras.yaml"
    text = eras.read_text(encoding="utf-8")
    timeline = text.index("- id: eras-timeline")
    cycle = text.index("cycle: 2027", timeline)
    eras.write_text(text[:cycle] + "cycle: 2026" + text[cycle + 11 :], encoding="utf-8")
    soap = content / "faq" / "match.yaml"
    text = soap.read_text(encoding="utf-8")
    answer = text.index("answer:", text.index("- id: soap"))
    line_end = text.index("\n", answer)
    soap.write_text(
        text[:line_end] + "\n      The latest figures are from 2024." + text[line_end:],
        encoding="utf-8",
    )
    _edit(
        content / "faq" / "usce.yaml", "alternates:\n", "alternates:\n      - does carms want it\n"
    )
    report = on_copy(content, prompts, "content", "check").stderr
    assert "entry 'eras-timeline', field 'cycle': written for the 2026 cycle" in report
    assert "entry 'soap', field 'answer': calls 2024 figures 'latest'" in report
    assert "'does carms want it' names only canada" in report


def test_malformed_yaml_names_the_file_and_line(broken_copy: tuple[Path, Path]) -> None:
    content, prompts = broken_copy
    (content / "faq" / "usce.yaml").write_text(
        "entries:\n  - id: usce-what\n    question: [unclosed\n", encoding="utf-8"
    )
    result = on_copy(content, prompts, "content", "check")
    assert result.returncode != 0
    assert "content/faq/usce.yaml" in result.stderr and "malformed YAML (line" in result.stderr


def test_an_answer_too_long_for_a_phone_is_reported(broken_copy: tuple[Path, Path]) -> None:
    content, prompts = broken_copy
    soap = content / "faq" / "match.yaml"
    text = soap.read_text(encoding="utf-8")
    start = text.index("  - id: soap")
    answer_at = text.index("    answer: |-\n", start) + len("    answer: |-\n")
    soap.write_text(
        text[:answer_at] + "      " + "Very long answer. " * 80 + "\n" + text[answer_at:],
        encoding="utf-8",
    )
    result = on_copy(content, prompts, "content", "check")
    assert result.returncode != 0
    assert "entry 'soap', field 'answer'" in result.stderr and "characters" in result.stderr


def test_the_bot_refuses_to_start_on_invalid_content(broken_copy: tuple[Path, Path]) -> None:
    content, prompts = broken_copy
    _edit(content / "faq" / "match.yaml", "- id: soap", "- id: SOAP!")
    result = on_copy(content, prompts, "chat")
    assert result.returncode != 0
    assert "content is invalid" in result.stderr and "field 'id'" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_without_a_token_explains_what_to_do() -> None:
    result = imgcoach("run")
    assert result.returncode != 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr


def test_bench_without_evaluation_sets_says_what_to_give() -> None:
    result = imgcoach("bench", "--quick", env={"IMGCOACH_EVAL_DIR": ""})
    assert result.returncode != 0
    assert "no evaluation sets given" in result.stderr and "--faq-set" in result.stderr


def test_bench_quick_json_returns_every_field(tmp_path: Path) -> None:
    data_dir = ROOT / "tests" / "data"
    result = imgcoach(
        "bench",
        "--quick",
        "--json",
        "--faq-set",
        str(data_dir / "faq_validation_real.yaml"),
        "--scoring-set",
        str(data_dir / "scoring_validation_h.yaml"),
        env={"DATABASE_URL": ""},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("faq", "faq_scale", "scoring", "core", "cold_start_s", "rss_mb", "machine"):
        assert key in data
    for method in ("ours", "lexical_only", "embeddings_only", "naive_wratio", "bm25"):
        assert {"hit_at_1", "wrong", "oos_refusal", "p50_ms", "p99_ms"} <= set(data["faq"][method])
    # the embedding signal is measured beside the lexical matcher, on the same set
    assert data["faq"]["ours"]["wrong"] <= data["faq"]["lexical_only"]["wrong"]
    assert {"short_query", "long_post"} <= set(data["meaning"])
    assert all({"factor", "entries", "p50_ms", "p99_ms"} <= set(row) for row in data["faq_scale"])
    assert {"p50_ms", "p99_ms", "pairwise_accuracy", "keyword_baseline"} <= set(data["scoring"])
    assert "pairwise_accuracy" in data["scoring"]["keyword_baseline"]
    assert "events_per_s" in data["core"]["sqlite"]
    assert {"cores", "python"} <= set(data["machine"])


def test_content_stale_lists_entries_by_age_and_cycle() -> None:
    now = json.loads(imgcoach("content", "stale", "--json", "--today", "2026-12-07").stdout)
    assert now["current_cycle"] == 2027 and now["due"] == 0
    assert sum(now["by_cycle"].values()) == len(now["entries"]) > 100
    later = json.loads(imgcoach("content", "stale", "--json", "--today", "2027-12-07").stdout)
    assert later["due"] == len(later["entries"])  # a year on, everything is due for review
    ages = [row["age_days"] for row in later["entries"]]
    assert ages == sorted(ages, reverse=True)
