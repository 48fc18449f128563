"""`imgcoach eval scoring`: pairwise ordering accuracy, mean score per grade, share fooled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from bot.eval.faq_eval import EvalFileError, read_cases

FOOLED_AT = 60


@dataclass(frozen=True)
class GradedAnswer:
    question: str
    grade: int
    text: str


def load_scoring_cases(path: Path) -> list[GradedAnswer]:
    answers: list[GradedAnswer] = []
    for number, case in enumerate(read_cases(path), start=1):
        if not isinstance(case, dict) or not isinstance(case.get("question"), str):
            raise EvalFileError(f"{path}: case #{number} needs a 'question' string")
        for answer in case.get("answers") or []:
            grade, text = answer.get("grade"), answer.get("text")
            if grade not in (1, 2, 3) or not isinstance(text, str):
                raise EvalFileError(
                    f"{path}: case #{number} needs answers with grade 1-3 and a text"
                )
            answers.append(GradedAnswer(case["question"], grade, text))
    return answers


# (question text, answer text) -> (question id or None, score, words)
ScoreFn = Callable[[str, str], tuple[str | None, int, int]]


def evaluate_scoring(score: ScoreFn, answers: list[GradedAnswer]) -> dict[str, Any]:
    results: list[dict[str, Any]] = []
    for answer in answers:
        question_id, value, words = score(answer.question, answer.text)
        results.append(
            {
                "question": answer.question,
                "question_id": question_id,
                "grade": answer.grade,
                "score": value,
                "words": words,
            }
        )
    pairs = correct = 0
    by_question: dict[str, list[dict[str, Any]]] = {}
    for result in results:
        by_question.setdefault(result["question"], []).append(result)
    for group in by_question.values():
        for first, second in combinations(group, 2):
            if first["grade"] == second["grade"]:
                continue
            pairs += 1
            high, low = (first, second) if first["grade"] > second["grade"] else (second, first)
            correct += high["score"] > low["score"]
    mean_by_grade: dict[str, float] = {}
    for grade in (1, 2, 3):
        scores = [r["score"] for r in results if r["grade"] == grade]
        mean_by_grade[str(grade)] = round(sum(scores) / len(scores), 1) if scores else 0.0
    weak = [r for r in results if r["grade"] == 1]
    fooled = sum(1 for r in weak if r["score"] >= FOOLED_AT)
    return {
        "pairs": pairs,
        "pairwise_accuracy": round(correct / pairs, 4) if pairs else 0.0,
        "mean_by_grade": mean_by_grade,
        "fooled": round(fooled / len(weak), 4) if weak else 0.0,
        "results": results,
    }


def format_scoring_report(report: dict[str, Any]) -> str:
    means = report["mean_by_grade"]
    lines = [
        f"answers: {len(report['results'])}   pairs: {report['pairs']}",
        f"pairwise accuracy: {report['pairwise_accuracy']:.1%}   "
        f"fooled (grade 1 scoring {FOOLED_AT}+): {report['fooled']:.1%}",
        f"mean score by grade: 1 = {means['1']}   2 = {means['2']}   3 = {means['3']}",
    ]
    return "\n".join(lines)
