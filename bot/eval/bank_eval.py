"""`imgcoach eval bank`: how often an interviewer's rewording finds its bank question."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.eval.faq_eval import EvalFileError, read_cases


def load_bank_cases(path: Path) -> list[tuple[str, str]]:
    cases = []
    for number, case in enumerate(read_cases(path), start=1):
        if not (
            isinstance(case, dict)
            and isinstance(case.get("question"), str)
            and isinstance(case.get("expect"), str)
        ):
            raise EvalFileError(f"{path}: case #{number} needs a 'question' and an 'expect' id")
        cases.append((case["question"], case["expect"]))
    return cases


def evaluate_bank(
    find: Callable[[str], str | None], cases: list[tuple[str, str]]
) -> dict[str, Any]:
    results = [{"question": q, "expect": e, "found": find(q)} for q, e in cases]
    found = sum(1 for r in results if r["found"] == r["expect"])
    wrong = sum(1 for r in results if r["found"] not in (None, r["expect"]))
    total = len(results) or 1
    return {
        "cases": len(results),
        "found": round(found / total, 4),
        "wrong": round(wrong / total, 4),
        "generic": round((len(results) - found - wrong) / total, 4),
        "results": results,
    }


def format_bank_report(report: dict[str, Any]) -> str:
    lines = [
        f"cases: {report['cases']}",
        f"found: {report['found']:.1%}   wrong question: {report['wrong']:.1%}   "
        f"generic rubric: {report['generic']:.1%}",
    ]
    misses = [r for r in report["results"] if r["found"] != r["expect"]]
    if misses:
        lines.append(f"misses ({len(misses)}):")
        lines += [
            f"  - {r['question'][:90]!r}: expected {r['expect']}, got {r['found']}" for r in misses
        ]
    return "\n".join(lines)
