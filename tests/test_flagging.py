"""How the learned reader's readings become red flags or possible concerns."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.interview.flag_lexicon import Lexicon
from bot.interview.flagging import (
    ANSWER_LOCATED_AT,
    ANSWER_POINTS,
    RULE_ALONE_POINTS,
    RULE_BACKED_AT,
    SECONDED_AT,
    judge_answer,
)
from bot.knowledge import Knowledge

STORY = [
    "I was the intern on the medical ward in Lahore in 2021.",
    "A man came in with diabetic ketoacidosis after stopping his insulin during Ramadan.",
    "People like him never follow advice, so I kept his plan minimal and moved on.",
    "He went home on day four.",
]


@dataclass
class FixedReader:
    """A stand-in for the learned readers: sure about one sentence and one behaviour, and of
    a fixed mind about the whole answer."""

    behaviour: str
    probability: float
    sentence: int = 2
    answer: float | None = None
    sure_at: float = 0.9
    caution_at: float = 0.45
    answer_sure_at: float = 0.6
    answer_caution_at: float = 0.5

    def judge(self, sentences: list[str]) -> list[tuple[float, str]]:
        return [
            (self.probability if n == self.sentence else 0.01, self.behaviour)
            for n in range(len(sentences))
        ]

    def answer_probability(self, text: str) -> float | None:
        return self.answer


def _judge(knowledge: Knowledge, reader: FixedReader, answer: list[str] = STORY, **kwargs):
    question = knowledge.bank.get("difficult-patient")
    assert question is not None
    return judge_answer(
        question, " ".join(answer), answer, knowledge.red_flag_labels, judge=reader, **kwargs
    )


def test_a_behaviour_without_rules_is_a_possible_concern_never_an_accusation(
    knowledge: Knowledge,
) -> None:
    flags, cautions = _judge(knowledge, FixedReader("prejudice", 0.97))
    assert flags == []
    assert [(c.id, c.sentence) for c in cautions] == [("prejudice", 2)]
    assert cautions[0].confidence == 0.97


def test_a_sure_reading_of_a_behaviour_with_rules_is_a_red_flag(knowledge: Knowledge) -> None:
    flags, cautions = _judge(knowledge, FixedReader("dismissing-patients", 0.97))
    assert [(f.id, f.sentence) for f in flags] == [("dismissing-patients", 2)]
    assert cautions == []


def test_a_sure_sentence_the_answer_reader_finds_unlikely_is_only_a_possible_concern(
    knowledge: Knowledge,
) -> None:
    """Two readers must agree before a learned reading caps the score: a sentence reader that is
    very sure, on an answer the answer reader reads and finds clean, raises a caution only."""
    doubted = _judge(knowledge, FixedReader("dismissing-patients", 0.97, answer=SECONDED_AT - 0.01))
    seconded = _judge(knowledge, FixedReader("dismissing-patients", 0.97, answer=SECONDED_AT))
    assert doubted[0] == []
    assert [(c.id, c.sentence) for c in doubted[1]] == [("dismissing-patients", 2)]
    assert [(f.id, f.sentence) for f in seconded[0]] == [("dismissing-patients", 2)]


def test_an_unlikely_reading_raises_nothing(knowledge: Knowledge) -> None:
    assert _judge(knowledge, FixedReader("prejudice", 0.2)) == ([], [])


MISTAKE = [
    "On my medicine rotation in Enugu I gave a diabetic patient twice her insulin dose.",
    "Her sugar dropped to 3.1 and we corrected it within the hour.",
    "I didn't tell my senior about the mistake, because the patient was fine by morning.",
    "Since then I check every insulin order twice.",
]


def test_a_questions_own_cue_flags_the_sentence_that_says_it_not_one_that_denies_it(
    knowledge: Knowledge,
) -> None:
    """The failure question lists "bad luck" as blaming: said, it is a red flag on that
    sentence; negated, it is nothing."""
    question = knowledge.bank.get("failure")
    assert question is not None
    said = ["My Step 1 prep in Cairo failed.", "It was just bad luck on the day."]
    denied = ["My Step 1 prep in Cairo failed.", "It wasn't bad luck on the day."]
    labels = knowledge.red_flag_labels
    flags, _ = judge_answer(question, " ".join(said), said, labels)
    assert [(f.id, f.sentence) for f in flags] == [("blaming", 1)]
    assert judge_answer(question, " ".join(denied), denied, labels) == ([], [])


def test_a_rule_no_reader_backs_is_only_a_possible_concern(knowledge: Knowledge) -> None:
    flags, cautions = _judge(knowledge, FixedReader("hiding", 0.01), MISTAKE)
    assert flags == []
    assert [(c.id, c.sentence, c.cost) for c in cautions] == [("hiding", 2, RULE_ALONE_POINTS)]


def test_a_rule_backed_by_a_reader_is_a_red_flag(knowledge: Knowledge) -> None:
    by_sentence = _judge(knowledge, FixedReader("hiding", RULE_BACKED_AT), MISTAKE)
    by_answer = _judge(knowledge, FixedReader("hiding", 0.01, answer=0.5), MISTAKE)
    for flags, cautions in (by_sentence, by_answer):
        assert [(f.id, f.sentence) for f in flags] == [("hiding", 2)]
        assert cautions == []


def test_an_answer_sure_to_hide_a_red_flag_shows_it_on_its_likeliest_sentence(
    knowledge: Knowledge,
) -> None:
    reader = FixedReader("dismissing-patients", 0.5, answer=0.7)
    flags, cautions = _judge(knowledge, reader)
    assert [(f.id, f.sentence, f.confidence) for f in flags] == [("dismissing-patients", 2, 0.7)]
    assert cautions == []


def test_an_answer_likely_to_hide_a_red_flag_costs_in_proportion(knowledge: Knowledge) -> None:
    low = _judge(knowledge, FixedReader("dismissing-patients", 0.4, answer=0.52))[1]
    high = _judge(knowledge, FixedReader("dismissing-patients", 0.4, answer=0.58))[1]
    assert [(c.id, c.sentence) for c in low] == [("dismissing-patients", 2)]
    assert 0 < low[0].cost < high[0].cost < ANSWER_POINTS


def test_the_answer_reader_reads_only_answers_that_tell_a_story(knowledge: Knowledge) -> None:
    reader = FixedReader("dismissing-patients", 0.4, answer=0.9)
    assert _judge(knowledge, reader, story=False) == ([], [])
    assert _judge(knowledge, reader) != ([], [])


def test_the_answer_reader_alone_points_at_no_sentence(knowledge: Knowledge) -> None:
    """Sure about the answer but no sentence the sentence readers find likely: nothing to quote,
    so nothing is shown (a false alarm would quote an innocent sentence)."""
    reader = FixedReader("dismissing-patients", ANSWER_LOCATED_AT / 2, answer=0.9)
    assert _judge(knowledge, reader) == ([], [])


def test_the_lexicon_scores_words_and_word_pairs_as_trained(tmp_path: Path) -> None:
    """sublinear tf x idf over unigrams and bigrams, l2-normalised, then the logistic weights."""
    path = tmp_path / "lexicon.json"
    path.write_text(
        json.dumps(
            {
                "token_pattern": r"(?u)\b\w\w+\b",
                "intercept": -1.0,
                "terms": {"kept": [2.0, 3.0], "kept it": [1.0, 1.0], "quiet": [1.0, 2.0]},
            }
        )
    )
    lexicon = Lexicon.load(path)
    # "kept" twice (tf 1 + ln 2), "kept it" once, "quiet" once; "I" is too short to be a word
    kept, pair, quiet = (1 + math.log(2)) * 2.0, 1.0, 1.0
    norm = math.sqrt(kept**2 + pair**2 + quiet**2)
    logit = -1.0 + (kept * 3.0 + pair * 1.0 + quiet * 2.0) / norm
    expected = 1 / (1 + math.exp(-logit))
    assert lexicon.probability("I kept it QUIET, kept.") == pytest.approx(expected, abs=1e-9)
    assert lexicon.probability("nothing known here") == pytest.approx(1 / (1 + math.e))


PRESSURE = (
    "During my internship at a district hospital in Karachi I covered the medical ward alone at "
    "night, about forty patients. One night a 67-year-old woman with pneumonia had a pressure of "
    "80/40 and a lactate of 6 even after two litres of fluid. The ICU registrar was busy with "
    "another admission and said he would come when he could. {decision} I wrote a clear note "
    "and handed her over at eight. I learned a lot about prioritising on a busy night, and I now "
    "keep a list of my sickest patients on every shift."
)
UNSAFE = (
    "So I left her on the ward with the night nurse and planned to see her on the morning round."
)
SAFE = (
    "So I called the registrar again, told him she was in septic shock, and stayed at her "
    "bedside until she was moved to the ICU."
)


def test_the_shipped_readers_tell_a_red_flag_from_its_safe_twin(knowledge: Knowledge) -> None:
    """The same story, the critical moment handled unsafely and safely: the unsafe sentence is
    read after the risk the sentences before it describe."""
    question = knowledge.bank.get("time-management-overload")
    assert question is not None
    unsafe = knowledge.score(question, PRESSURE.format(decision=UNSAFE))
    safe = knowledge.score(question, PRESSURE.format(decision=SAFE))
    assert safe.red_flags == [] and safe.cautions == []
    shown = [*unsafe.red_flags, *unsafe.cautions]
    assert [f.evidence for f in shown] == [UNSAFE]
    assert unsafe.score <= safe.score - 15
