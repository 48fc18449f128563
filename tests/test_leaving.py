"""Every question the bot asks can be left: by a command, by "cancel", or by asking something else."""

from __future__ import annotations

from collections.abc import Callable
from typing import get_args

import pytest

from bot.core.state import Pending
from bot.knowledge import Knowledge
from bot.service import Coach
from bot.telegram_html import check_html
from tests.conftest import Chat

ANSWER = (
    "When I was an intern at Mulago Hospital in Kampala in 2021, a night nurse and I disagreed "
    "about when to call me for a patient whose blood pressure was falling."
)


def _steps(*steps: str) -> Callable[[Chat], None]:
    """Commands and texts to send; "press:<label>" presses a button of the last reply."""

    def reach(chat: Chat) -> None:
        for step in steps:
            if step.startswith("press:"):
                chat.press(step[len("press:") :])
            else:
                chat.send(step)

    return reach


# how a user gets to each question the bot can be waiting on an answer to
REACH: dict[str, Callable[[Chat], None]] = {
    "timezone": _steps("/remind 19:00"),
    "remind-time": _steps("/remind"),
    "track": _steps("/interview"),
    "specialty": _steps("/interview", "press:My specialty"),
    "length": _steps("/interview", "press:Behavioral"),
    "confirm-delete": _steps("/deletemydata"),
    "profile-specialty": _steps("/profile", "press:Specialty"),
    "profile-country": _steps("/profile", "press:Country"),
    "roadmap": _steps("/roadmap"),
}
MODES = sorted(REACH)


def test_every_mode_of_the_dialog_is_covered_here() -> None:
    assert set(get_args(Pending)) <= set(REACH)


def _reach(chat: Chat, coach: Coach, mode: str) -> str:
    REACH[mode](chat)
    assert coach.store.state(chat.user_id)["pending"] == mode
    return chat.text()


@pytest.mark.parametrize("mode", MODES)
def test_each_question_says_how_to_leave_and_cancel_leaves_it(
    chat: Chat, coach: Coach, mode: str
) -> None:
    prompt = _reach(chat, coach, mode)
    assert "cancel" in prompt.lower(), prompt
    left = chat.text(chat.send("cancel"))
    assert "I've left" in left and "Nothing was changed" in left, left
    assert coach.store.state(chat.user_id)["pending"] is None
    # the next text is a question again, not an answer to the old prompt
    assert "Supplemental Offer" in chat.text(chat.send("what is soap"))


@pytest.mark.parametrize("mode", MODES)
def test_a_question_typed_at_any_prompt_is_answered_and_says_the_prompt_was_left(
    chat: Chat, coach: Coach, mode: str
) -> None:
    _reach(chat, coach, mode)
    replies = chat.send("what is soap?")
    text = chat.text(replies)
    assert "Supplemental Offer" in text
    assert "I've left" in text
    assert coach.store.state(chat.user_id)["pending"] is None
    assert all(not check_html(r.text) and len(r.text) <= 4096 for r in replies)


def test_the_reminder_trap_as_reported_is_gone(chat: Chat) -> None:
    chat.send("/remind 19:00")
    assert "cancel" in chat.text()
    text = chat.text(chat.send("what is soap"))
    assert "I've left the reminder set-up" in text and "Supplemental Offer" in text
    chat.send("/remind 19:00")
    for command, shows in [("/privacy", "What I store"), ("/end", "no interview in progress")]:
        assert shows in chat.text(chat.send(command))
        assert "couldn't read" not in chat.text(chat.send("what is soap"))


@pytest.mark.parametrize("mode", MODES)
def test_commands_work_at_any_prompt_and_leave_it(chat: Chat, coach: Coach, mode: str) -> None:
    _reach(chat, coach, mode)
    assert "How to use me" in chat.text(chat.send("/help"))
    assert coach.store.state(chat.user_id)["pending"] is None
    assert "Supplemental Offer" in chat.text(chat.send("what is soap"))


@pytest.mark.parametrize("word", ["stop", "back", "Cancel."])
def test_stop_and_back_leave_the_reminder_set_up_too(chat: Chat, coach: Coach, word: str) -> None:
    chat.send("/remind 19:00")
    assert "I've left the reminder set-up" in chat.text(chat.send(word))
    assert coach.store.reminders() == []


def test_a_mistyped_time_is_asked_again_with_the_way_out(chat: Chat, coach: Coach) -> None:
    chat.send("/remind 19:00")
    again = chat.text(chat.send("25:99"))
    assert "couldn't read" in again and "cancel" in again
    chat.send("+5:30")
    assert "Daily reminder set for 19:00" in chat.text()
    assert [r["time"] for r in coach.store.reminders()] == ["19:00"]


def test_leaving_a_picker_retires_its_buttons(chat: Chat) -> None:
    chat.send("/deletemydata")
    yes = next(b for b in chat.buttons() if "Yes" in b.label)
    chat.send("what is soap")
    from bot.core.events import Press

    late = chat.text(chat.send(Press(yes.data)))
    assert "erased" not in late and "expired" in late


# --- the specialty picker (point 9) --------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "specialty"),
    [
        ("psych", "psychiatry"),
        ("Psychiatry", "psychiatry"),
        ("peds", "pediatrics"),
        ("IM", "internal-medicine"),
        ("I'm applying to family med", "family-medicine"),
        ("ob gyn", "obgyn"),
        ("emergency", "emergency-medicine"),
        ("neurlogy", "neurology"),
    ],
)
def test_a_specialty_typed_at_the_picker_is_picked(
    chat: Chat, coach: Coach, typed: str, specialty: str
) -> None:
    chat.send("/interview")
    chat.press("My specialty")
    chat.send(typed)
    text = chat.text()
    assert "Did you mean" not in text and "I've left" not in text, text
    assert coach.store.state(chat.user_id)["profile"]["specialty"] == specialty


def test_a_specialty_not_on_the_picker_is_asked_again(chat: Chat, coach: Coach) -> None:
    chat.send("/interview")
    chat.press("My specialty")
    again = chat.text(chat.send("dermatology"))
    assert "Which specialty" in again and "cancel" in again
    assert coach.store.state(chat.user_id)["pending"] == "specialty"
    assert len(chat.buttons()) == len(coach.knowledge.bank.specialties())


def test_a_choice_with_one_option_is_not_asked(
    chat: Chat, coach: Coach, knowledge: Knowledge
) -> None:
    from bot.core.interview_setup import LENGTHS

    small = [
        s
        for s in knowledge.bank.specialties()
        if len(knowledge.bank.for_track("specialty", s)) <= min(LENGTHS)
    ]
    assert small, "every specialty has enough questions for a choice"
    count = len(knowledge.bank.for_track("specialty", small[0]))
    chat.send("/interview")
    chat.press("My specialty")
    chat.press(coach.core.renderer.label("specialties", small[0]))
    text = chat.text()
    assert "how many" not in text.lower()
    assert f"Question 1 of {count}" in text


def test_a_number_typed_at_the_length_picker_starts_that_many(chat: Chat) -> None:
    chat.send("/interview")
    chat.press("Behavioral")
    chat.send("3")
    assert "Question 1 of 3" in chat.text()


def test_a_kind_of_questions_typed_at_the_tracks_menu_is_picked(chat: Chat) -> None:
    chat.send("/interview")
    chat.send("ethics")
    assert "Ethics" in chat.text() and "how many" in chat.text().lower()


# --- /ask during an interview (point 10) ---------------------------------------------------


def test_ask_during_an_interview_says_it_is_still_open_and_how_to_go_back(
    chat: Chat, coach: Coach
) -> None:
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send(ANSWER)
    text = chat.text(chat.send("/ask what is soap"))
    assert "Supplemental Offer" in text
    assert "interview is still open" in text and "question 1 of 5" in text
    chat.press("Back to the interview")
    back = chat.text()
    assert "Question 1 of 5" in back
    assert any("Done" in b.label for b in chat.buttons())  # the draft answer is kept
    assert coach.store.state(chat.user_id)["interview"]["parts"] == [ANSWER]


def test_ask_after_feedback_says_where_the_interview_is_paused(chat: Chat) -> None:
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send(ANSWER)
    chat.send("/done")
    text = chat.text(chat.send("/ask what is soap"))
    assert "Supplemental Offer" in text and "question 1 of 5" in text
    chat.press("Next question")
    assert "Question 2 of 5" in chat.text()


def test_a_question_typed_at_a_prompt_during_an_interview_keeps_the_interview(
    chat: Chat, coach: Coach
) -> None:
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send(ANSWER)
    chat.send("/remind 19:00")
    text = chat.text(chat.send("what is soap?"))
    assert "I've left the reminder set-up" in text and "interview is still open" in text
    assert coach.store.state(chat.user_id)["interview"]["parts"] == [ANSWER]
