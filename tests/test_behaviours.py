"""Behaviours a user or an operator notices that no other test pinned down: /hint, /skip, how the
profile and the track choose the questions, when a question comes back for practice, the
/progress chart, and the arithmetic of `imgcoach eval`. Each test here fails when its
behaviour is taken out of the product (issue 15, "Tests that can fail")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.app import build_coach
from bot.bench.quality import faq_methods
from bot.config import Settings
from bot.core.records import AnswerScored, PracticeScheduled
from bot.eval.faq_eval import FaqCase, evaluate_faq, format_faq_report, load_faq_cases
from bot.eval.scoring_eval import GradedAnswer, evaluate_scoring
from bot.faq.matcher import Candidate, MatchResult
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store.sql import SqlStore
from tests.adapter_harness import running_bot, until
from tests.conftest import Chat
from tests.test_scorer import STRONG_MISTAKE

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
ANSWER = (
    "When I was an intern at Mulago Hospital in Kampala in 2021, a night nurse and I disagreed "
    "about when to call me for a patient whose blood pressure was falling. We agreed a trigger "
    "sheet with numbers and calls came earlier. I learned to ask why before I judge."
)
WEAK = "I forgot, sorry."


def _session(coach: Coach, chat: Chat) -> dict:
    return coach.store.state(chat.user_id)["interview"]


def _kind_shown(chat: Chat) -> str:
    """The kind of question the bot names in "Question n of m · Kind"."""
    header = next(line for line in chat.text().splitlines() if line.startswith("Question "))
    return header.split(" · ")[1]


# --- /hint and /skip ------------------------------------------------------------------------


def test_hint_says_what_the_question_tests_and_keeps_the_answer_started(
    chat: Chat, coach: Coach, knowledge: Knowledge
) -> None:
    chat.send("/interview")
    chat.press("Quick mix")
    question = knowledge.bank.get(_session(coach, chat)["question_ids"][0])
    assert question is not None
    chat.send(ANSWER)
    hint = chat.text(chat.send("/hint"))
    assert question.why_asked.strip()[:60] in hint
    for item in question.checklist:  # every point a strong answer covers
        assert item.label in hint, item.label
    assert "/100" not in hint  # a hint scores nothing
    chat.send("/done")
    assert f"{len(ANSWER.split())} words" in chat.text()  # the answer begun before the hint


def test_skip_moves_on_without_a_score_and_the_summary_says_skipped(
    chat: Chat, coach: Coach, knowledge: Knowledge
) -> None:
    chat.send("/interview")
    chat.press("Quick mix")
    first, second = (knowledge.bank.get(i) for i in _session(coach, chat)["question_ids"][:2])
    assert first is not None and second is not None
    skipped = chat.text(chat.send("/skip"))
    assert "Question 2 of 5" in skipped and second.question in skipped
    assert coach.store.history(chat.user_id).answers == []
    chat.send(ANSWER)
    chat.send("/done")
    chat.press("End")
    summary = chat.text()
    assert f"1. {first.question} — skipped" in summary
    assert f"2. {second.question} — " in summary and "skipped" not in summary.split("2. ")[1]
    answered = coach.store.history(chat.user_id).answers
    assert [a["question_id"] for a in answered] == [second.id]


# --- which questions a session asks ---------------------------------------------------------


def _quick_mix_kinds(chat: Chat) -> list[str]:
    chat.send("/interview")
    chat.press("Quick mix")
    kinds = [_kind_shown(chat)]
    for _ in range(4):
        chat.send("/skip")
        kinds.append(_kind_shown(chat))
    return kinds


def test_a_quick_mix_asks_one_of_each_kind_in_an_interviews_order(coach: Coach) -> None:
    for user in ("mix-a", "mix-b", "mix-c"):
        kinds = _quick_mix_kinds(Chat(coach, user_id=user, now=NOW))
        assert kinds == ["Classic", "Behavioral", "IMG-specific", "Ethics", "About the program"]


def test_the_profile_puts_canada_and_the_specialty_into_the_mix(
    coach: Coach, knowledge: Knowledge
) -> None:
    chat = Chat(coach, user_id="profiled", now=NOW)
    chat.send("/profile")
    chat.press("Country")
    chat.press("Canada")
    assert "Applying to: 🇨🇦 Canada" in chat.text()
    chat.send("/profile")
    chat.press("Specialty")
    chat.press("Psychiatry")
    assert "Specialty: Psychiatry" in chat.text()
    kinds = _quick_mix_kinds(chat)
    assert kinds == ["Classic", "Behavioral", "Canada", "Specialty", "About the program"]
    fourth = knowledge.bank.get(_session(coach, chat)["question_ids"][3])
    assert fourth is not None and fourth.specialty == "psychiatry"


def test_the_specialty_in_the_profile_is_used_without_asking_again(
    coach: Coach, knowledge: Knowledge
) -> None:
    chat = Chat(coach, user_id="psych", now=NOW)
    chat.send("/profile")
    chat.press("Specialty")
    chat.press("Psychiatry")
    chat.send("/interview")
    chat.press("My specialty")
    assert "Which specialty" not in chat.text()
    psychiatry = knowledge.bank.for_track("specialty", "psychiatry")
    assert f"Question 1 of {len(psychiatry)}" in chat.text()
    asked = [knowledge.bank.get(i) for i in _session(coach, chat)["question_ids"]]
    assert asked and all(q is not None and q.specialty == "psychiatry" for q in asked)


def test_practice_with_nothing_due_starts_with_the_profiles_specialty(
    coach: Coach, knowledge: Knowledge
) -> None:
    chat = Chat(coach, user_id="fresh-psych", now=NOW)
    chat.send("/profile")
    chat.press("Specialty")
    chat.press("Psychiatry")
    shown = chat.text(chat.send("/practice"))
    assert "Nothing is due right now" in shown and "Question 1 of 3" in shown
    first = knowledge.bank.get(_session(coach, chat)["question_ids"][0])
    assert first is not None and first.specialty == "psychiatry" and first.question in shown


def test_a_track_opens_with_the_opening_questions(coach: Coach, knowledge: Knowledge) -> None:
    """The openers ("tell me about yourself", "walk me through your CV") come first when a
    session has them (here: a user who has answered six other classic questions, so the ten
    unanswered ones, openers included, make the session)."""
    openers = {"tell-me-about-yourself", "walk-through-cv"}
    classic = [q.id for q in knowledge.bank.for_track("traditional")]
    answered = [q for q in classic if q not in openers][:6]
    with coach.store.unit("classic-user") as unit:
        unit.write(
            [AnswerScored("old", q, "traditional", 70, [], [], [], 150) for q in answered],
            NOW - dt.timedelta(days=30),
        )
    chat = Chat(coach, user_id="classic-user", now=NOW)
    chat.send("/interview")
    chat.press("Classic")
    chat.press("10")
    ids = _session(coach, chat)["question_ids"]
    assert len(ids) == 10 and not set(answered) & set(ids)  # the unanswered ones first
    assert set(ids[:2]) == openers, ids


# --- when a question comes back -------------------------------------------------------------


def test_a_question_answered_well_comes_back_later_each_time_and_a_weak_one_the_next_day(
    coach: Coach,
) -> None:
    """Spaced practice as the user sees it in /practice: after a good answer the question
    comes back in 1 day, then 3, then about a week; after a weak one, the next day."""
    chat = Chat(coach, user_id="spaced", now=NOW)
    with coach.store.unit(chat.user_id) as unit:
        unit.write([PracticeScheduled("medical-mistake", NOW, 0.0, 2.5, 0)], NOW)

    def practise(at: dt.datetime, answer: str | None = None) -> str:
        chat.now = at
        shown = chat.text(chat.send("/practice"))
        if answer is not None:
            assert _session(coach, chat)["question_ids"] == ["medical-mistake"], shown
            chat.send(answer)
            chat.send("/done")
        chat.send("/end")
        return shown

    def comes_back_on(at: dt.datetime) -> str:
        shown = practise(at)
        assert "Nothing is due right now" in shown, shown
        return shown.split("comes back on ")[1].split(".")[0]

    day, hour = dt.timedelta(days=1), dt.timedelta(hours=1)
    assert "Question 1 of 1" in practise(NOW, STRONG_MISTAKE)  # 25 Nov, 9:00
    assert comes_back_on(NOW + hour) == "26 Nov"
    assert "Question 1 of 1" in practise(NOW + day + 2 * hour, STRONG_MISTAKE)  # 26 Nov
    assert comes_back_on(NOW + 2 * day) == "29 Nov"  # 3 days after the second good answer
    assert "Question 1 of 1" in practise(NOW + 4 * day + 3 * hour, STRONG_MISTAKE)  # 29 Nov
    assert comes_back_on(NOW + 5 * day) in ("6 Dec", "7 Dec")  # about a week later
    assert "Question 1 of 1" in practise(NOW + 12 * day, WEAK)  # 7 Dec
    assert comes_back_on(NOW + 12 * day + hour) == "8 Dec"  # a weak answer: the next day
    assert "Question 1 of 1" in practise(NOW + 13 * day + 2 * hour)


# --- the /progress chart --------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_progress_on_telegram_comes_with_a_chart_of_the_scores(tmp_path: Path) -> None:
    """The bot as `imgcoach run` builds it (charts on) sends /progress as a picture with the
    text beside it, and the picture changes as the scores do."""
    pytest.importorskip("matplotlib")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'bot.db'}")
    coach = build_coach(settings, charts=True)
    chat = Chat(coach, now=NOW)
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send(ANSWER)
    chat.send("/done")
    chat.press("Next")
    chat.send(WEAK)
    chat.send("/done")
    chat.press("End")
    (first,) = chat.send("/progress")
    assert first.image is not None and "Your progress" in first.text
    width, height = _png_size(first.image)
    assert width >= 300 and height >= 150
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send(ANSWER)
    chat.send("/done")
    chat.press("End")
    (second,) = chat.send("/progress")
    assert second.image is not None and second.image != first.image
    coach.store.close()


@pytest.mark.asyncio(loop_scope="function")
async def test_progress_chart_is_sent_as_a_photo_on_telegram(
    knowledge: Knowledge, renderer: Renderer, sqlite_store: SqlStore
) -> None:
    pytest.importorskip("matplotlib")
    from bot.charts import progress_chart

    coach = Coach(knowledge, renderer, sqlite_store, chart=progress_chart)
    user = 4321
    with sqlite_store.unit(str(user)) as unit:
        unit.write([AnswerScored("s", "medical-mistake", "behavioral", 72, [], [], [], 99)], NOW)
    async with running_bot(coach) as (stub, _adapter, _application):
        stub.state.send_text(user, "/progress")
        (sent,) = await until(lambda: stub.state.bot_messages(user))
    assert sent.get("photo") and "Your progress" in sent.get("caption", "")
    assert stub.state.calls_of("sendPhoto", chat_id=user)


# --- `imgcoach eval`: the arithmetic --------------------------------------------------------


class _Answers:
    """A matcher that answers each query as told."""

    def __init__(self, results: dict[str, MatchResult]) -> None:
        self.results = results

    def match(self, query: str) -> MatchResult:
        return self.results[query]


def _answer(entry: str) -> MatchResult:
    return MatchResult("answer", entry, 80, [Candidate(entry, entry, 80)])


def test_eval_faq_counts_hits_wrong_answers_clarifications_and_refusals() -> None:
    cases = [
        FaqCase("right", ["soap", "match-how-it-works"], ["soap", "match-how-it-works"]),
        FaqCase("wrong", ["soap"], "soap"),
        FaqCase("unsure", ["soap"], "soap"),
        FaqCase("refused", None, None),
        FaqCase("answered anyway", None, None),
    ]
    matcher = _Answers(
        {
            "right": _answer("match-how-it-works"),
            "wrong": _answer("visa-h1b"),
            "unsure": MatchResult("clarify", None, 40, []),
            "refused": MatchResult("none", None, 10, []),
            "answered anyway": _answer("soap"),
        }
    )
    report = evaluate_faq(matcher, cases)  # type: ignore[arg-type]
    assert report["cases"] == 5
    # three in scope: one hit, one confidently wrong, one clarification
    assert (report["hit_at_1"], report["wrong"], report["clarify"]) == (0.3333, 0.3333, 0.3333)
    assert report["oos_refusal"] == 0.5  # of the two out of scope, one was refused


def test_eval_faq_counts_general_questions_apart_by_whether_the_bot_asked(
    tmp_path: Path,
) -> None:
    path = tmp_path / "faq_set.yaml"
    path.write_text(
        "cases:\n"
        "  - {query: right, expect: soap}\n"
        "  - {query: general asked, expect: clarify}\n"
        "  - {query: general answered, expect: clarify}\n"
    )
    cases = load_faq_cases(path)
    matcher = _Answers(
        {
            "right": _answer("soap"),
            "general asked": MatchResult("clarify", None, 40, []),
            "general answered": _answer("visa-h1b"),
        }
    )
    report = evaluate_faq(matcher, cases)  # type: ignore[arg-type]
    # a general question is neither in scope (no entry is its answer) nor out of scope
    assert (report["hit_at_1"], report["wrong"]) == (1.0, 0.0)
    assert report["general_asked"] == 0.5
    text = format_faq_report(report)
    assert "general questions asked about: 50.0% of 2" in text
    assert "'general answered': expected clarify, got visa-h1b" in text
    assert "general asked" not in text.split("misses")[1]


def test_the_benchmark_leaves_general_questions_out_of_its_rates(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    """A general question answered narrowly is not an out-of-scope question answered."""
    path = tmp_path / "faq_set.yaml"
    path.write_text(
        "cases:\n"
        "  - {query: which visa do i need, expect: clarify}\n"
        "  - {query: how to renew my passport, expect: null}\n"
        "  - {query: what is soap in the match, expect: soap}\n"
    )
    lexical = Knowledge.from_content(knowledge.content, meaning=False)
    rates = faq_methods(knowledge, lexical, [("soap", "What is SOAP?")], path, 1)["ours"]
    assert knowledge.ask("which visa do i need").status == "answer"  # the narrow entry
    assert rates["oos_refusal"] == 1.0 and rates["hit_at_1"] == 1.0


def test_eval_scoring_counts_ordered_pairs_means_and_the_share_fooled() -> None:
    scores = {"a1": 10, "a2": 50, "a3": 50, "b1": 70, "b3": 40}
    answers = [
        GradedAnswer("A", 1, "a1"),
        GradedAnswer("A", 2, "a2"),
        GradedAnswer("A", 3, "a3"),
        GradedAnswer("B", 1, "b1"),
        GradedAnswer("B", 3, "b3"),
    ]
    report = evaluate_scoring(lambda _q, text: (None, scores[text], 1), answers)
    # pairs of different grades within a question: A 1<2 right, 1<3 right, 2<3 a tie
    # (not right); B 1<3 wrong
    assert report["pairs"] == 4 and report["pairwise_accuracy"] == 0.5
    assert report["mean_by_grade"] == {"1": 40.0, "2": 50.0, "3": 45.0}
    assert report["fooled"] == 0.5  # one of the two grade-1 answers scored 60 or more


def test_eval_sets_that_lack_a_kind_of_case_report_zero_not_an_error() -> None:
    only_in_scope = evaluate_faq(_Answers({"q": _answer("soap")}), [FaqCase("q", ["soap"], "soap")])  # type: ignore[arg-type]
    assert only_in_scope["hit_at_1"] == 1.0 and only_in_scope["oos_refusal"] == 0.0
    one_grade = evaluate_scoring(lambda _q, _t: (None, 50, 1), [GradedAnswer("A", 2, "x")])
    assert one_grade["pairs"] == 0 and one_grade["pairwise_accuracy"] == 0.0
    assert one_grade["fooled"] == 0.0
