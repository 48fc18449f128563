"""Conversations as a user has them: FAQ, topics, small talk, bad input, a full mock interview."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from functools import partial
from pathlib import Path

from bot.app import reload_everything
from bot.config import PROJECT_ROOT, Settings
from bot.core.events import Press, Unsupported
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store.sql import SqlStore
from bot.telegram_html import check_html
from tests.conftest import Chat

GOOD_ANSWER_PART_1 = (
    "When I was an intern at Mulago Hospital in Kampala in 2021, a night nurse and I disagreed "
    "about when to call me for a patient whose blood pressure was falling."
)
GOOD_ANSWER_PART_2 = (
    "I asked her to talk after rounds and listened: she had twelve patients and no clear rule. We "
    "agreed a one-page trigger sheet with numbers, and I showed it to our senior, who adopted it. "
    "After that calls came earlier and nobody on our ward crashed that month. I learned to ask "
    "why before I judge."
)


def test_start_says_what_the_bot_does_with_two_taps_to_either_job(chat: Chat) -> None:
    chat.send("/start")
    text = chat.text()
    assert "residency" in text and "interview" in text.lower()
    labels = [b.label for b in chat.buttons()]
    assert any("interview" in label.lower() for label in labels)
    assert any("topics" in label.lower() for label in labels)


def test_a_question_gets_a_sourced_answer_with_related_and_rating_buttons(chat: Chat) -> None:
    replies = chat.send("what is soap")
    assert len(replies) == 1
    reply = replies[0]
    assert "Supplemental Offer and Acceptance Program" in chat.text()
    assert '<a href="https://www.nrmp.org' in reply.text
    assert "Reviewed" in chat.text()
    labels = [b.label for b in chat.buttons()]
    assert any("Helpful" in label for label in labels) and any(
        "Not helpful" in label for label in labels
    )
    assert len(labels) >= 4  # related questions too
    assert not check_html(reply.text)


def test_rating_an_answer_twice_is_noted_once(chat: Chat, coach: Coach) -> None:
    chat.send("what is soap")
    first = chat.press("Helpful")
    assert first[0].silent and "Thanks" in (first[0].notice or "")
    chat.send("what is soap")
    second = chat.press("Helpful")
    assert "already rated" in (second[0].notice or "")
    history = coach.store.history(chat.user_id)
    assert len(history.votes) == 1


def test_a_clarification_button_replaces_itself_with_the_answer(chat: Chat) -> None:
    chat.send("visa")
    assert "did you mean" in chat.text().lower()
    options = [b for b in chat.buttons() if b.data.startswith("c:")]
    assert len(options) >= 2
    replies = chat.send(Press(options[0].data))
    assert replies[0].replace
    assert options[0].label in chat.text()


def test_an_unrelated_question_is_called_out_of_scope_without_promising_anything(
    chat: Chat, coach: Coach
) -> None:
    for question in ("how do I renew my car insurance online", "how do I cook rice"):
        chat.send(question)
        text = chat.text()
        assert "outside what I cover" in text
        assert "noted" not in text and "did you mean" not in text.lower()
        assert len(chat.buttons()) >= 6  # topic groups
    history = coach.store.history(chat.user_id)
    assert [f["status"] for f in history.faq[-2:]] == ["outside", "outside"]
    assert coach.store.unanswered(dt.datetime(2000, 1, 1, tzinfo=dt.UTC)) == []


def test_a_canada_question_never_gets_a_us_only_answer(chat: Chat) -> None:
    chat.send("age limit for residency in canada?")
    text = chat.text()
    assert "for Canada yet" in text and "won't answer it with the other country" in text


def test_answered_questions_are_logged_without_their_text(chat: Chat, coach: Coach) -> None:
    chat.send("what is soap")
    logged = coach.store.history(chat.user_id).faq[-1]
    assert logged["status"] == "answer" and logged["entry_id"] == "soap" and logged["query"] is None


def test_small_talk_gets_a_human_reply(chat: Chat) -> None:
    assert "Hi" in chat.text(chat.send("hello!"))
    assert "welcome" in chat.text(chat.send("thanks a lot")).lower()
    assert "don't know" not in chat.text(chat.send("ok")).lower()


def test_topics_browse_by_group(chat: Chat) -> None:
    chat.send("/topics")
    chat.press("Visas")
    entries = [b for b in chat.buttons() if b.data.startswith("f:visa")]
    assert len(entries) >= 7
    chat.send(Press(entries[0].data))
    assert entries[0].label in chat.text()


def test_bad_input_gets_sensible_replies_and_loses_nothing(chat: Chat, coach: Coach) -> None:
    assert "Type a question" in chat.text(chat.send("   "))
    assert "emoji" in chat.text(chat.send("😀😀😀"))
    assert "English" in chat.text(chat.send("كيف أتقدم للإقامة في أمريكا؟"))
    assert "English" in chat.text(chat.send("मुझे रेजीडेंसी के बारे में बताइए"))
    replies = chat.send("<b>{{ 7*7 }}</b> '; DROP TABLE users; --")
    assert "49" not in replies[0].text
    assert all(not check_html(r.text) for r in replies if r.text)
    huge = "What is SOAP? " + "I have been worrying about the Match for months. " * 420
    assert len(huge) > 20_000
    replies = chat.send(huge)
    assert "first 1500 characters" in chat.text(replies)
    assert "Supplemental Offer" in chat.text(replies)
    assert coach.store.state(chat.user_id) is not None


def test_stickers_photos_and_voice_get_a_friendly_reply(chat: Chat) -> None:
    assert "only read text" in chat.text(chat.send(Unsupported("sticker")))
    assert "voice" in chat.text(chat.send(Unsupported("voice"))).lower()


def test_an_unknown_command_is_named(chat: Chat) -> None:
    assert "/frobnicate" in chat.text(chat.send("/frobnicate"))


def test_stats_is_for_admins_only(coach: Coach) -> None:
    user = Chat(coach)
    assert "don't know the command" in user.text(user.send("/stats"))
    admin = Chat(coach, user_id="admin")
    admin.send("what is soap")
    assert "FAQ questions: 1" in admin.text(admin.send("/stats"))


def _score(feedback: str) -> int:
    found = re.search(r"(\d+)/100", feedback)
    assert found, feedback
    return int(found.group(1))


def _answer_current_question(chat: Chat) -> None:
    first = chat.send(GOOD_ANSWER_PART_1)
    assert "Got it" in chat.text(first)
    assert chat.send(GOOD_ANSWER_PART_2) == []  # quiet while the user is still typing
    chat.send("/done")


def test_a_full_five_question_interview_with_retry_outline_and_summary(
    chat: Chat, coach: Coach
) -> None:
    chat.send("/interview")
    chat.press("Quick mix")
    assert "Question 1 of 5" in chat.text()
    best: list[int] = []  # each question's best score, as the feedback showed it
    for number in range(1, 6):
        assert f"Question {number} of 5" in chat.text()
        _answer_current_question(chat)
        feedback = chat.text()
        assert "/100" in feedback and "words" in feedback
        best.append(_score(feedback))
        if number == 2:
            chat.press("Retry")
            assert "attempt 2" in chat.text()
            _answer_current_question(chat)
            assert "attempt 2" in chat.text()
            best[-1] = max(best[-1], _score(chat.text()))
        if number == 3:
            chat.press("outline")
            assert "Example outline" in chat.text()
        chat.press("Finish" if number == 5 else "Next")
    summary = chat.text()
    assert "Interview summary" in summary
    listed = [int(n) for n in re.findall(r"^\d\. .+ — (\d+)$", summary, re.M)]
    assert listed == best, summary
    assert f"Average: {round(sum(best) / len(best))}/100" in summary
    if min(best) >= 80:
        assert "Strong session" in summary and "Practise next" not in summary
    else:  # the weakest answer is named to practise next, with its score
        assert "Practise next:" in summary and f"{min(best)}/100" in summary
    history = coach.store.history(chat.user_id)
    assert len(history.answers) == 6  # five answers and one retry
    assert history.sessions[-1]["answered"] == 5
    assert coach.store.state(chat.user_id)["interview"] is None


def test_feedback_quotes_only_the_users_own_words(chat: Chat) -> None:
    chat.send("/interview")
    chat.press("Behavioral")
    chat.send(Press(chat.buttons()[0].data))  # 3 questions
    _answer_current_question(chat)
    feedback = chat.text()
    quotes = re.findall(r"“([^”]+)”", feedback)
    answer = GOOD_ANSWER_PART_1 + " " + GOOD_ANSWER_PART_2
    assert quotes, feedback
    for quote in quotes:
        assert quote.rstrip("…") in answer


def test_done_without_an_answer_and_a_double_tap_on_done(chat: Chat) -> None:
    chat.send("/interview")
    chat.press("Quick mix")
    assert "haven't typed an answer" in chat.text(chat.send("/done"))
    chat.send(GOOD_ANSWER_PART_1)
    done_button = next(b for b in chat.buttons() if "Done" in b.label)
    chat.send(Press(done_button.data))
    assert "/100" in chat.text()
    again = chat.send(Press(done_button.data))
    assert again[0].silent and again[0].notice  # a pop-up, no second scoring


def test_an_old_button_says_expired_and_shows_where_you_are(chat: Chat) -> None:
    chat.send("/interview")
    track_buttons = chat.buttons()
    chat.press("Quick mix")
    replies = chat.send(Press(track_buttons[1].data))
    text = chat.text(replies)
    assert "expired" in text and "question 1 of 5" in text


def test_asking_the_bot_mid_interview_keeps_the_draft_answer(chat: Chat, coach: Coach) -> None:
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send(GOOD_ANSWER_PART_1)
    replies = chat.send("/ask what is soap")
    assert "Supplemental Offer" in chat.text(replies)
    state = coach.store.state(chat.user_id)
    assert state["interview"]["parts"] == [GOOD_ANSWER_PART_1]
    chat.send(GOOD_ANSWER_PART_2)
    chat.send("/done")
    assert "/100" in chat.text()


def test_voice_during_an_interview_asks_to_type(chat: Chat) -> None:
    chat.send("/interview")
    chat.press("Quick mix")
    assert "type your answer" in chat.text(chat.send(Unsupported("voice"))).lower()


def test_the_interview_survives_a_restart_of_the_bot(coach: Coach, knowledge, renderer) -> None:  # type: ignore[no-untyped-def]
    chat = Chat(coach)
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send(GOOD_ANSWER_PART_1)
    restarted = Coach(knowledge, renderer, coach.store)
    chat.coach = restarted
    chat.send(GOOD_ANSWER_PART_2)
    chat.send("/done")
    feedback = chat.text()
    assert "/100" in feedback
    both_parts = len(GOOD_ANSWER_PART_1.split()) + len(GOOD_ANSWER_PART_2.split())
    assert f"{both_parts} words" in feedback  # the part typed before the restart was kept


def test_a_20000_character_answer_is_scored_on_its_first_words(chat: Chat) -> None:
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send((GOOD_ANSWER_PART_2 + " ") * 80)
    chat.send("/done")
    assert "I scored the first 1000" in chat.text()


def test_an_answer_in_another_language_is_not_scored_as_english(chat: Chat) -> None:
    chat.send("/interview")
    chat.press("Quick mix")
    chat.send("أنا طبيب من مصر وأريد أن أتدرب في الطب الباطني لأنني أحب المرضى")
    chat.send("/done")
    assert "English" in chat.text()


def test_progress_and_practice_after_a_session(chat: Chat, coach: Coach) -> None:
    chat.send("/interview")
    chat.press("Quick mix")
    answered = coach.knowledge.bank.get(
        coach.store.state(chat.user_id)["interview"]["question_ids"][0]
    )
    assert answered is not None
    _answer_current_question(chat)
    chat.press("End")
    progress = chat.text(chat.send("/progress"))
    assert "answers scored: 1" in progress
    assert "Not tried yet" in progress
    assert "due for another try" not in progress  # not yet: it comes back tomorrow
    chat.now = chat.now.replace(day=28)
    assert "1 question due for another try" in chat.text(chat.send("/progress"))
    practice = chat.text(chat.send("/practice"))
    # the question answered three days ago, on its own: not a fresh set of new questions
    assert "Question 1 of 1" in practice and answered.question in practice


def test_admin_reload_checks_first_and_keeps_the_old_content_on_error(
    tmp_path: Path, knowledge: Knowledge, renderer: Renderer, sqlite_store: SqlStore
) -> None:
    content = tmp_path / "content"
    prompts = tmp_path / "prompts"
    shutil.copytree(PROJECT_ROOT / "content", content)
    shutil.copytree(PROJECT_ROOT / "prompts", prompts)
    settings = Settings(content_dir=content, prompts_dir=prompts)
    coach = Coach(
        knowledge,
        renderer,
        sqlite_store,
        admin_ids=frozenset({"admin"}),
        reload=partial(reload_everything, settings),
    )
    admin, user = Chat(coach, user_id="admin"), Chat(coach)

    soap = content / "faq" / "match.yaml"
    text = soap.read_text(encoding="utf-8")
    related = text.index("related: [", text.index("- id: soap"))
    soap.write_text(
        text[:related] + "related: [nowhere, " + text[related + len("related: [") :],
        encoding="utf-8",
    )
    admin.send("/reload")
    assert "NOT reloaded" in admin.text() and "nowhere" in admin.text()
    user.send("what is soap")
    assert "Supplemental Offer" in user.text()  # the old content still answers

    shutil.copy(PROJECT_ROOT / "content" / "faq" / "match.yaml", soap)
    welcome = prompts / "welcome.j2"
    welcome.write_text("Reloaded hello.\n" + welcome.read_text(encoding="utf-8"), encoding="utf-8")
    admin.send("/reload")
    assert "Content reloaded" in admin.text()
    user.send("/start")
    assert "Reloaded hello." in user.text()

    user.send("/reload")  # not an admin: the normal reply to an unknown command
    assert "reloaded" not in user.text().lower()


def test_a_post_with_several_questions_answers_one_and_offers_the_others(chat: Chat) -> None:
    chat.send(
        "Hi all, I graduated in 2016 from Lahore and I'm applying this cycle. Do I need step 3 "
        "for h1b? Also how many programs should I apply to for IM? And what is soap?"
    )
    messages = [r.text or "" for r in chat.last]
    assert len(messages) == 2, messages
    assert "You also asked about" in messages[1]
    offered = [b.label for row in chat.last[1].buttons for b in row]
    first_answer = messages[0]
    # the three asks are all covered: one answered, two a tap away
    asked = ["What is the H-1B", "What is SOAP", "How many programs should"]
    assert sum(1 for key in asked if key in first_answer) == 1
    assert sum(1 for key in asked if any(key in label for label in offered)) == 2
