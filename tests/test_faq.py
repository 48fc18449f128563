"""What a user asking questions gets: answers, clarifications, honest refusals."""

from __future__ import annotations

import pytest

from bot.knowledge import Knowledge


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("do i need usce", "usce-what"),
        ("what is soap", "soap"),
        ("j1 vs h1b?", "visa-j1-vs-h1b"),
        ("is nac still required?", "canada-nac"),
        ("what oet score do i need for ecfmg", "ecfmg-oet"),
        ("how many attempts for usmle are allowed", "usmle-attempt-limits"),
        ("do i need step 3 for h1b", "visa-h1b"),
        ("how to write my PS", "personal-statement"),
        ("how should i rank programs in my rol", "rank-order-list"),
    ],
)
def test_common_questions_get_the_right_answer(
    knowledge: Knowledge, question: str, entry: str
) -> None:
    result = knowledge.ask(question)
    assert result.status == "answer", result
    assert result.id == entry


def test_typos_and_abbreviations_are_understood(knowledge: Knowledge) -> None:
    assert knowledge.ask("how to prepair for usmle").id == "usmle-preparation"
    assert knowledge.ask("requirments for h1b visa for residency").id == "visa-h1b"
    assert knowledge.ask("what is the mspe / deans letter").id == "mspe"


@pytest.mark.parametrize(
    "question",
    [
        "how to pass plab 2",
        "nclex rn requirements for foreign nurses",
        "mcat score needed for us medical school",
        "recipe for chicken biryani",
        "weather in chicago tomorrow",
        # ordinary words the knowledge base never uses, around one word it does
        "what dose of ibuprofen for a child",
        "how to apply for a mortgage as a software engineer",
    ],
)
def test_out_of_scope_questions_are_not_answered(knowledge: Knowledge, question: str) -> None:
    assert knowledge.ask(question).status in ("none", "clarify")


def test_a_neighbouring_subject_is_named_when_declined(knowledge: Knowledge) -> None:
    result = knowledge.ask("when can i book plab 2 after plab 1")
    assert result.status == "none"
    assert result.declined_topic and "UK" in result.declined_topic


def test_a_vague_question_offers_choices(knowledge: Knowledge) -> None:
    result = knowledge.ask("visa")
    assert result.status == "clarify"
    assert 2 <= len(result.candidates) <= 3
    assert all("visa" in c.id for c in result.candidates)


def test_a_bare_topic_word_with_one_clear_entry_is_answered(knowledge: Knowledge) -> None:
    assert knowledge.ask("soap").id == "soap"
    assert knowledge.ask("eras").status == "clarify"


def test_a_long_forum_post_finds_its_one_question(knowledge: Knowledge) -> None:
    post = (
        "Hello everyone, I graduated from a medical school in Lahore in 2016 and worked in "
        "emergency for a few years, then moved to Dubai with my husband and worked in a clinic. "
        "My family keeps asking when I will start residency and I am quite stressed. "
        "Anyway, my real question: what exactly is the couples match and can my husband "
        "(also an IMG) and I use it to end up in the same city?"
    )
    result = knowledge.ask(post)
    assert result.status == "answer"
    assert result.id == "couples-match"


def test_ask_json_contract(knowledge: Knowledge) -> None:
    data = knowledge.ask("what is soap").as_json()
    assert set(data) == {"status", "id", "score", "candidates"}
    assert data["status"] == "answer" and data["id"] == "soap"
    assert 0 <= data["score"] <= 100
    clarify = knowledge.ask("visa").as_json()
    assert clarify["id"] is None
    assert all(set(c) == {"id", "question", "score"} for c in clarify["candidates"])


def test_numbers_and_markup_alone_never_match(knowledge: Knowledge) -> None:
    assert knowledge.ask("<b>{{ 7*7 }}</b>").status == "none"
    assert knowledge.ask("2024 2025 100").status == "none"


def test_the_shipped_model_is_the_pinned_one() -> None:
    import hashlib

    from bot.semantic.encoder import MODEL_DIR

    for line in (MODEL_DIR / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((MODEL_DIR / name).read_bytes()).hexdigest() == digest, name
