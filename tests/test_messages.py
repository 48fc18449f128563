"""Replies that say what the bot knows and no more: numbers, times, progress, the summary."""

from __future__ import annotations

import re

import pytest

from bot.knowledge import Knowledge
from bot.service import Coach
from tests.conftest import Chat

GOOD = (
    "When I was an intern at Mulago Hospital in Kampala in 2021, a night nurse and I disagreed "
    "about when to call me for a patient whose blood pressure was falling. I asked her to talk "
    "after rounds and listened: she had twelve patients and no clear rule. We agreed a one-page "
    "trigger sheet with numbers, and our senior adopted it. Calls came earlier after that. I "
    "learned to ask why before I judge."
)
WEAK = "I am a hard worker."


# --- numbers and times (point 4) -----------------------------------------------------------


@pytest.mark.parametrize("text", ["99", "7", "2027", "230?", "03:31", "19.00"])
def test_a_number_or_a_time_is_not_called_emoji(chat: Chat, text: str) -> None:
    reply = chat.text(chat.send(text))
    assert "emoji" not in reply
    assert "question" in reply.lower()  # it still says what to do


def test_a_time_on_its_own_offers_a_reminder_at_that_time(chat: Chat) -> None:
    assert "/remind 03:31" in chat.text(chat.send("03:31"))


def test_a_number_on_its_own_asks_for_the_whole_question(chat: Chat) -> None:
    reply = chat.text(chat.send("99"))
    assert "99" in reply and "number" in reply


def test_emoji_still_get_the_emoji_reply(chat: Chat) -> None:
    assert "emoji" in chat.text(chat.send("🙂🙂"))


# --- the summary (point 8) -----------------------------------------------------------------


def _interview(chat: Chat, track: str, size: str) -> None:
    chat.send("/interview")
    chat.press(track)
    chat.press(size)


def _answer(chat: Chat, text: str) -> None:
    chat.send(text)
    chat.send("/done")
    assert "/100" in chat.text()


def test_a_summary_of_one_answer_names_no_best_answer(chat: Chat) -> None:
    _interview(chat, "Classic", "3")
    _answer(chat, GOOD)
    chat.press("End")
    summary = chat.text()
    assert "Interview summary" in summary
    assert "Best answer" not in summary


def test_a_summary_of_two_answers_names_the_best(chat: Chat) -> None:
    _interview(chat, "Classic", "3")
    _answer(chat, WEAK)
    chat.press("Next")
    _answer(chat, GOOD)
    chat.press("End")
    assert "Best answer" in chat.text()


# --- /progress (point 7) -------------------------------------------------------------------


def _question_ids(coach: Coach, chat: Chat) -> list[str]:
    return coach.store.state(chat.user_id)["interview"]["question_ids"]


def test_progress_compares_a_question_only_with_itself(
    chat: Chat, coach: Coach, knowledge: Knowledge
) -> None:
    _interview(chat, "Classic", "3")
    first, second = (knowledge.bank.get(i) for i in _question_ids(coach, chat)[:2])
    _answer(chat, GOOD)
    chat.press("Next")
    _answer(chat, WEAK)
    chat.press("End")
    progress = chat.text(chat.send("/progress"))
    # two different questions: no "first → latest" between them
    assert "→" not in progress, progress
    assert "Classic" in progress and "average" in progress.lower()

    # the same question answered again (it comes back in /practice): its own trend, named
    chat.now = chat.now.replace(day=28)
    chat.send("/practice")
    again = knowledge.bank.get(_question_ids(coach, chat)[0])
    assert again in (first, second)
    _answer(chat, WEAK if again == first else GOOD)
    chat.press("End")
    progress = chat.text(chat.send("/progress"))
    trends = [line for line in progress.splitlines() if "→" in line]
    assert len(trends) == 1, progress
    assert again is not None and again.question[:30] in trends[0]


def test_progress_lists_untried_questions_as_a_list(chat: Chat) -> None:
    _interview(chat, "Classic", "3")
    _answer(chat, GOOD)
    chat.press("End")
    progress = chat.text(chat.send("/progress"))
    assert "Not tried yet" in progress
    after = progress.split("Not tried yet", 1)[1].splitlines()[1:]
    listed = [line for line in after if line.startswith("•")]
    assert len(listed) >= 2, progress
    assert not re.search(r"[.?!], [A-Z]", progress), progress
