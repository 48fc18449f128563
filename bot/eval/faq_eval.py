"""`imgcoach eval faq`: hit@1, confidently wrong, clarify and out-of-scope refusal rates.

A case's `expect` is an entry id (or a list of acceptable ids), null for a question the bot must
not answer, or `clarify` for a general question that several entries each answer a narrower part
of, where the bot should ask which is meant; those are counted apart (`general_asked`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.faq.matcher import FaqMatcher, MatchResult


@dataclass(frozen=True)
class FaqCase:
    query: str
    expect: list[str] | None  # None: out of scope (the bot must not answer), unless ask
    raw_expect: Any
    ask: bool = False  # a general question: the bot should ask which entry is meant


ASK = "clarify"  # the `expect` of a general question


class EvalFileError(ValueError):
    pass


def read_cases(path: Path) -> list[Any]:
    """The `cases:` list of an evaluation file (FAQ or scoring), or a clear error."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EvalFileError(f"{path}: cannot read evaluation set: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise EvalFileError(f"{path}: expected a top-level 'cases:' list")
    return data["cases"]


def load_faq_cases(path: Path) -> list[FaqCase]:
    cases: list[FaqCase] = []
    for number, case in enumerate(read_cases(path), start=1):
        if not isinstance(case, dict) or not isinstance(case.get("query"), str):
            raise EvalFileError(f"{path}: case #{number} needs a 'query' string")
        expect = case.get("expect")
        if expect == ASK:
            cases.append(FaqCase(case["query"], None, expect, ask=True))
            continue
        if expect is None:
            ids = None
        elif isinstance(expect, str):
            ids = [expect]
        elif isinstance(expect, list) and all(isinstance(i, str) for i in expect):
            ids = list(expect)
        else:
            raise EvalFileError(f"{path}: case #{number} 'expect' must be an id, a list or null")
        cases.append(FaqCase(case["query"], ids, expect))
    return cases


def evaluate_faq(matcher: FaqMatcher, cases: list[FaqCase]) -> dict[str, Any]:
    results: list[dict[str, Any]] = []
    in_scope = hits = wrong = clarify = 0
    out_of_scope = refused = 0
    general = asked = 0
    for case in cases:
        result: MatchResult = matcher.match(case.query)
        results.append(
            {
                "query": case.query,
                "expect": case.raw_expect,
                "status": result.status,
                "id": result.id,
            }
        )
        if case.ask:
            general += 1
            asked += result.status == "clarify"
            continue
        if case.expect is None:
            out_of_scope += 1
            refused += result.status in ("none", "clarify")
            continue
        in_scope += 1
        if result.status == "answer":
            if result.id in case.expect:
                hits += 1
            else:
                wrong += 1
        elif result.status == "clarify":
            clarify += 1
    report: dict[str, Any] = {
        "cases": len(cases),
        "hit_at_1": _rate(hits, in_scope),
        "wrong": _rate(wrong, in_scope),
        "clarify": _rate(clarify, in_scope),
        "oos_refusal": _rate(refused, out_of_scope),
        "results": results,
    }
    if general:  # only files that mark general questions: the contract's keys stay as they were
        report["general_asked"] = _rate(asked, general)
    return report


def _rate(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def format_faq_report(report: dict[str, Any]) -> str:
    lines = [
        f"cases: {report['cases']}",
        f"hit@1: {report['hit_at_1']:.1%}   wrong: {report['wrong']:.1%}   "
        f"clarify: {report['clarify']:.1%}   out-of-scope refusal: {report['oos_refusal']:.1%}",
    ]
    general = sum(1 for r in report["results"] if r["expect"] == ASK)
    if general:
        lines.append(f"general questions asked about: {report['general_asked']:.1%} of {general}")
    misses = [r for r in report["results"] if not _as_expected(r)]
    if misses:
        lines.append(f"misses ({len(misses)}):")
        for r in misses:
            got = r["id"] if r["status"] == "answer" else r["status"]
            query = r["query"] if len(r["query"]) <= 90 else r["query"][:87] + "..."
            lines.append(f"  - {query!r}: expected {r['expect']}, got {got}")
    return "\n".join(lines)


def _as_expected(result: dict[str, Any]) -> bool:
    expect, status = result["expect"], result["status"]
    if expect == ASK:
        return status == "clarify"
    if expect is None:
        return status != "answer"
    return status == "answer" and result["id"] in ([expect] if isinstance(expect, str) else expect)
