"""What a user asking questions gets: answers, clarifications, honest refusals.

Every query here was written for this file: none is an entry's own question or alternate
(content/faq), nor a case of the development sets the matcher was tuned on, so a test
passes only when the matcher generalises beyond the wordings it indexes."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from bot.knowledge import Knowledge

COMMON = [
    ("do i need us clinical experience to apply", "usce-what"),
    ("how does the supplemental offer process work after i go unmatched", "soap"),
    ("should i go for a j1 or an h1b program as an img", "visa-j1-vs-h1b"),
    ("nac still mandatory in 2027?", "canada-nac"),
    ("which oet grade does ecfmg accept", "ecfmg-oet"),
    ("is there a limit on how many times i can sit step 1", "usmle-attempt-limits"),
    ("tips for writing the residency essay as a foreign grad", "personal-statement"),
    ("in what order should i put the programs i interviewed with on my list", "rank-order-list"),
]
TYPOS = [
    ("best way to studdy for step one while working nights", "usmle-preparation"),
    ("what documnets do i need for h1b as a residnt", "visa-h1b"),
    ("my univrsity never heard of the mspe, what do i ask them for", "mspe"),
]
OUT_OF_SCOPE = [
    "how do i pass the plab 1 exam on the first try",
    "nclex pass rate for nurses from kerala",
    "which mcat prep book is best",
    "how to make butter chicken at home",
    "will it snow in toronto this weekend",
    # ordinary words the knowledge base never uses, around one word it does
    "what dose of paracetamol for a toddler with fever",
    "how to apply for a mortgage as a software engineer",
    "how to get a car loan as a new immigrant",
]


@pytest.mark.parametrize(("question", "entry"), COMMON)
def test_common_questions_get_the_right_answer(
    knowledge: Knowledge, question: str, entry: str
) -> None:
    result = knowledge.ask(question)
    assert result.status == "answer", result
    assert result.id == entry


# two entries close in both signals: the bot offers both, the fitting one first, rather than
# answer on a hair's lead (docs/MATCHING.md: agreement needs a clear lead in meaning)
CLOSE_CALLS = [
    ("failed step 1 twice, how many more tries do i get", "usmle-attempt-limits"),
    ("must i clear step 3 to start pgy1 on an h-1b", "visa-h1b"),
]


@pytest.mark.parametrize(("question", "entry"), CLOSE_CALLS)
def test_a_close_call_offers_a_choice_led_by_the_fitting_entry(
    knowledge: Knowledge, question: str, entry: str
) -> None:
    result = knowledge.ask(question)
    assert result.status == "clarify", result
    assert result.candidates[0].id == entry, result


@pytest.mark.parametrize(("question", "entry"), TYPOS)
def test_typos_and_abbreviations_are_understood(
    knowledge: Knowledge, question: str, entry: str
) -> None:
    result = knowledge.ask(question)
    assert (result.status, result.id) == ("answer", entry), result


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_questions_are_declined_not_clarified(
    knowledge: Knowledge, question: str
) -> None:
    """Outside what the bot covers it says so: no answer, and no "did you mean" that would
    offer entries about something else."""
    result = knowledge.ask(question)
    assert (result.status, result.outside, result.candidates) == ("none", True, []), result


def test_a_neighbouring_subject_is_named_when_declined(knowledge: Knowledge) -> None:
    result = knowledge.ask("how long after plab 1 can i sit plab 2")
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


def test_a_long_post_is_read_by_meaning_in_one_run_led_by_its_question(
    knowledge: Knowledge,
) -> None:
    """Encoding time grows with every run: a long post costs the embedding one bounded run,
    its asking sentence first, so a question at the end of a long story is still what it reads."""
    background = (
        "I finished my internship in Enugu in 2021 and have been working in a private hospital "
        "since then, mostly night shifts in the emergency room, while studying for my exams. "
        "My parents want me to stay in Nigeria but I have always wanted to train abroad, and "
        "my cousin in Texas says it is possible if I plan well and start early enough. "
    )
    question = "How many times am I allowed to attempt a USMLE Step if I fail it?"
    checks = knowledge.faq.checks
    read = checks.meaning_segments(background + question)
    assert len(read) == 1
    assert read[0].startswith(question)
    assert len(read[0].split()) <= checks.meaning_settings.post_words
    result = knowledge.ask(background + question)
    assert result.status == "answer" and result.id == "usmle-attempt-limits"


def test_words_only_one_entry_names_outweigh_the_embeddings_doubt(knowledge: Knowledge) -> None:
    """The embedding places a question among sibling entries poorly; one that names several
    things only one entry's phrasings name ("Step 2 CS", "communication skills") is answered."""
    question = (
        "Since there is no Step 2 CS now, how does ECFMG verify my clinical and communication "
        "skills? Is the OET enough?"
    )
    index = knowledge.faq.index
    entry = next(n for n, t in enumerate(index.targets) if t.id == "ecfmg-communication-skills")
    assert index.distinctive(index.analyzer.stems(question), entry) >= 2
    result = knowledge.ask(question)
    assert result.status == "answer" and result.id == "ecfmg-communication-skills"


def test_an_entrys_own_words_in_a_question_about_something_else_are_not_enough(
    knowledge: Knowledge,
) -> None:
    """'Laptop' and 'wifi' are words of the virtual-interview entry alone; a question that
    means nothing near any entry is still declined."""
    for question in ("how to fix laptop wifi", "wifi on my laptop not connecting"):
        assert knowledge.ask(question).status != "answer", question


def test_ask_json_contract(knowledge: Knowledge) -> None:
    data = knowledge.ask(COMMON[1][0]).as_json()
    assert set(data) == {"status", "id", "score", "candidates"}
    assert data["status"] == "answer" and data["id"] == COMMON[1][1]
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


def _wording(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def test_no_query_here_is_an_entrys_own_wording(knowledge: Knowledge) -> None:
    """A test that asks an entry's own question or alternate only shows the index works."""
    own = {
        _wording(text)
        for entry in knowledge.entries.values()
        for text in [entry.question, *entry.alternates]
    }
    queries = [q for q, _ in COMMON + TYPOS] + OUT_OF_SCOPE
    assert [q for q in queries if _wording(q) in own] == []


_TIED_WORDS = """
import itertools, json
from bot.faq.index import FaqIndex, Target
from bot.faq.matcher import FaqMatcher
letters = "bdfgklmnprstvz"
words = ["".join(p) + "o" for p in itertools.product(letters, "aeiu", letters)][:140]
# two common words ("zebra", "yak": each in 70 phrasings, past the matcher's common-word
# threshold) that tie in how often they occur
index = FaqIndex.from_documents(
    [
        (Target("zebras", "About zebras", True), [f"zebra {w}" for w in words[:70]], ""),
        (Target("yaks", "About yaks", True), [f"yak {w}" for w in words[70:]], ""),
    ],
    {},
)
matcher = FaqMatcher(index)
result = matcher.match("zebra yak")
print(json.dumps([result.status, result.id, sorted(matcher.scores("zebra yak").items())]))
"""


def test_words_that_tie_are_weighed_in_the_same_order_under_any_hash_seed() -> None:
    """Which of two equally common words the matcher takes first decides the candidates;
    the order of a set of words changes with PYTHONHASHSEED, so ties must be broken in a
    fixed order (the real content has no such tie today: this builds one)."""
    seen = set()
    for seed in range(1, 9):
        done = subprocess.run(
            [sys.executable, "-c", _TIED_WORDS],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        )
        seen.add(done.stdout)
    assert len(seen) == 1, seen
