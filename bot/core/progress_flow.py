"""/progress: each question's own first → latest score, averages per kind, what is missed most.

A trend only ever compares answers to the same question: two different questions of one
kind are not "before and after", so a kind shows its average, said as such.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from bot.core.turn import Turn
from bot.interview.practice import due_questions

UNTRIED_EXAMPLES = 2
TRENDS_SHOWN = 5


def _bar(score: int) -> str:
    filled = round(score / 20)
    return "▰" * filled + "▱" * (5 - filled)


def progress(turn: Turn) -> None:
    history = turn.history
    bank = turn.knowledge.bank
    answers = history.answers
    by_kind: dict[str, list[int]] = defaultdict(list)
    by_question: dict[str, list[int]] = defaultdict(list)
    for answer in answers:
        by_kind[str(answer["kind"])].append(int(answer["score"]))
        by_question[str(answer["question_id"])].append(int(answer["score"]))
    kinds = [
        {
            "label": turn.label("kinds", kind),
            "average": round(sum(scores) / len(scores)),
            "count": len(scores),
            "bar": _bar(round(sum(scores) / len(scores))),
        }
        for kind, scores in by_kind.items()
    ]
    # the questions answered more than once, most recently answered first
    recent = list(dict.fromkeys(str(a["question_id"]) for a in reversed(answers)))
    trends = []
    for question_id in recent:
        scores = by_question[question_id]
        question = bank.get(question_id)
        if len(scores) >= 2 and question is not None:
            trends.append(
                {
                    "question": question.question,
                    "first": scores[0],
                    "latest": scores[-1],
                    "count": len(scores),
                }
            )
    labels = {(q.id, item.id): item.label for q in bank.questions for item in q.checklist}
    missed = Counter(
        labels.get((str(a["question_id"]), item), item) for a in answers for item in a["missed"]
    )
    tried = {a["question_id"] for a in answers}
    untried = [q for q in bank.questions if q.id not in tried]
    specialty = turn.state.profile.specialty
    untried.sort(key=lambda q: q.specialty != specialty or specialty is None)
    average = round(sum(int(a["score"]) for a in answers) / len(answers)) if answers else None
    image = None
    if turn.chart is not None and answers:
        # running averages per kind, which the chart labels as averages
        image = turn.chart([(turn.label("kinds", k), v) for k, v in by_kind.items()])
    turn.say(
        "progress",
        [[turn.menu_button("practice", "practice"), turn.menu_button("interview", "interview")]],
        image=image,
        sessions=len(history.sessions),
        answers=len(answers),
        average=average,
        trends=trends[:TRENDS_SHOWN],
        kinds=kinds,
        missed=[label for label, _ in missed.most_common(3)],
        untried=[q.question for q in untried[:UNTRIED_EXAMPLES]],
        untried_count=len(untried),
        due=len(due_questions(history.schedule, turn.now)),
    )
