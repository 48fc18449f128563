"""/roadmap as a user has it: six short questions (buttons or typing, each skippable), a dated
plan that fits Telegram, what changed since last time, the calendar file, and editing later."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from bot.core.events import Press
from bot.core.replies import Reply
from bot.service import Coach
from bot.telegram_html import MAX_MESSAGE, check_html
from tests.conftest import Chat

DEC_6 = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def user(coach: Coach) -> Chat:
    chat = Chat(coach)
    chat.now = DEC_6
    return chat


def fits_telegram(replies: list[Reply]) -> None:
    for reply in replies:
        assert len(reply.text) <= MAX_MESSAGE, len(reply.text)
        assert not check_html(reply.text), check_html(reply.text)
        for row in reply.buttons:
            for button in row:
                assert len(button.data.encode()) <= 64, button.data


def questions_asked(chat: Chat) -> int:
    return sum(1 for r in chat.last if "/6 · " in chat.text([r]))


def test_six_questions_by_buttons_give_a_dated_plan(user: Chat, coach: Coach) -> None:
    asked: list[str] = []
    replies = user.send("/roadmap")
    asked.append(user.text())
    assert "1/6" in user.text() and "Six quick questions" in user.text()
    for label in ("US", "2028", "2024", "Need a visa", "Step 1"):
        replies = user.press(label)
        fits_telegram(replies)
        asked.append(user.text())
    user.press("That's all")
    asked.append(user.text())
    replies = user.press("Internal medicine")
    numbers = [q.split(" · ")[0][-3:] for q in asked]
    assert list(dict.fromkeys(numbers)) == ["1/6", "2/6", "3/6", "4/6", "5/6", "6/6"]
    plan = user.text()
    assert "Your roadmap to the 2028 Match" in plan
    assert "graduated 2024" in plan and "Internal medicine" in plan
    assert "J-1" in plan  # the J-1 home-residence warning, with its source
    assert "Source" in plan and '<a href="https://' in replies[0].text
    fits_telegram(replies)
    state = coach.store.state(user.user_id)
    assert state is not None
    roadmap = state["roadmap"]
    assert roadmap["answers"] == {
        "match_year": 2028,
        "grad_year": 2024,
        "status": "needs-visa",
        "wants_h1b": False,
        "done": ["step1"],
        "specialty": None,
        "skipped": [],
    }
    assert state["profile"] == {"specialty": "internal-medicine", "country": "us"}


def test_typed_answers_are_taken_and_each_question_can_be_skipped(user: Chat, coach: Coach) -> None:
    user.send("/roadmap")
    for typed in ("both", "skip", "I graduated in 2019", "canadian pr", "mccqe and nac"):
        user.send(typed)
    assert "6/6" in user.text()
    user.send("dermatology")
    plan = user.text()
    assert "Your roadmap to the 2028 Match" in plan  # the skipped year: the next one still open
    state = coach.store.state(user.user_id)
    assert state is not None
    answers = state["roadmap"]["answers"]
    assert answers["grad_year"] == 2019 and answers["status"] == "ca-pr"
    assert answers["done"] == ["mccqe1", "nac"] and answers["specialty"] == "dermatology"
    assert answers["skipped"] == ["year"]
    assert "Both countries" in plan  # NRMP vs CaRMS
    assert "PGY-2" in plan  # dermatology has advanced programs


def test_an_answer_not_understood_is_asked_again_and_a_question_leaves(user: Chat) -> None:
    user.send("/roadmap")
    user.send("us")
    user.send("2028")
    user.send("long ago")
    assert "couldn't read that" in user.text() and "3/6" in user.text()
    user.send("do i need step 3 for h1b")  # a question instead: answered, the roadmap left
    assert "roadmap questions" in user.text()
    assert "Step 3" in user.text()
    user.send("/roadmap")  # resumes where it was left
    assert "3/6" in user.text()


def test_pages_fit_telegram_and_next_shows_the_rest(user: Chat) -> None:
    user.send("/roadmap")
    for typed in ("both", "2027", "2012", "none, h1b", "step 1", "emergency medicine"):
        user.send(typed)
    first = user.last
    fits_telegram(first)
    assert "1/" in user.text()
    pages = 1
    while any(b.label.startswith("Next") for b in user.buttons()):
        replies = user.press("Next")
        assert replies[0].replace  # the same message, edited in place
        fits_telegram(replies)
        pages += 1
    assert pages >= 3
    assert "Reminders" in user.text() or "reminder" in user.text()
    user.press("Back")
    assert f"{pages - 1}/{pages}" in user.text()


def test_roadmap_again_shows_what_changed(user: Chat) -> None:
    user.send("/roadmap")
    for typed in ("us", "2028", "2024", "j1", "none", "pediatrics"):
        user.send(typed)
    user.now = DEC_6 + dt.timedelta(days=1)
    user.send("/roadmap")
    assert "Nothing changed since 6 December 2026" in user.text()
    user.send("/profile")
    user.press("Roadmap answers")
    user.press("Exams passed")
    user.press("Step 1")
    user.press("Step 2 CK")
    user.press("That's all")
    changed = user.text()
    assert "What changed since 7 December 2026" in changed
    assert "USMLE Step 1 passed: later → done" in changed
    assert "Application for ECFMG Certification (MyIntealth): next → done" in changed
    # a year later the dates have come and gone
    user.now = dt.datetime(2027, 9, 10, 9, tzinfo=dt.UTC)
    user.send("/roadmap")
    later = user.text()
    assert "New warning: too late for this US season" in later
    assert "Program list and signals chosen: later → date passed" in later
    assert "…and 3 more" in later


def test_editing_one_answer_from_profile_keeps_the_others(user: Chat, coach: Coach) -> None:
    user.send("/roadmap")
    for typed in ("us", "2028", "2024", "green card", "step 1", "psychiatry"):
        user.send(typed)
    user.send("/profile")
    user.press("Roadmap answers")
    assert "US green card" in user.text()
    user.press("Graduation")
    assert "Now: 2024" in user.text()
    user.press("Skip")  # skipping while editing keeps the answer
    user.send("/roadmap edit")
    user.press("Graduation")
    user.send("2018")
    assert "By the 2028 Match it will be 10 years since you graduated" in user.text()
    state = coach.store.state(user.user_id)
    assert state is not None and state["roadmap"]["answers"]["status"] == "us-green-card"


def test_roadmap_ics_sends_a_calendar_file(user: Chat) -> None:
    user.send("/roadmap")
    for typed in ("canada", "2028", "2021", "pr", "nac", "family medicine"):
        user.send(typed)
    replies = user.send("/roadmap ics")
    assert replies[0].document is not None
    name, data = replies[0].document
    assert name == "residency-roadmap-2028.ics"
    events = list(icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert any(str(e["summary"]).startswith("CaRMS") for e in events)
    assert "calendar file" in user.text()


def test_reminders_opt_in_and_stop_with_one_tap(user: Chat, coach: Coach) -> None:
    user.send("/roadmap")
    for typed in ("us", "2028", "2024", "j1", "none", "pediatrics"):
        user.send(typed)
    user.press("Remind me")
    assert "Roadmap reminders on" in user.text()
    assert "30 March 2027" in user.text()  # a week before the ECFMG application is due
    state = coach.store.state(user.user_id)
    assert state is not None and state["roadmap"]["reminders"] is True
    replies = user.send(Press("m:rmstop"))  # the button under every reminder message
    assert "reminders are off" in user.text().lower()
    assert replies[0].notice
    state = coach.store.state(user.user_id)
    assert state is not None and state["roadmap"]["reminders"] is False


def test_every_button_payload_fits_and_old_buttons_expire(user: Chat) -> None:
    user.send("/roadmap")
    country = next(b for b in user.buttons() if b.label.endswith("US"))
    user.press("Canada")
    user.send(Press(country.data))  # a button from the first question, pressed again
    assert "expired" in user.text().lower() or "no longer" in user.text().lower()
