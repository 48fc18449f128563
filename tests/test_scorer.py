"""What an applicant's typed answer is worth, and why: checklist, evidence, red flags, score."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from bot.config import PROJECT_ROOT
from bot.interview.redflags import detect
from bot.interview.scorer import MAX_SCORED_WORDS
from bot.knowledge import Knowledge

STRONG_MISTAKE = (
    "As an intern in Lagos in 2022 I gave a 70-year-old man with heart failure his full dose of "
    "enoxaparin without checking his kidney function; his creatinine clearance was 25. The "
    "pharmacist caught it after the first dose. I told my senior at once and explained to the "
    "patient and his daughter what had happened, we changed the dose and he had no bleeding. I "
    "filed the incident report myself. Since then I check renal function before I sign any "
    "renally cleared drug, and I treat the pharmacist's call as a safety net I actively use."
)
NON_NATIVE_MISTAKE = (
    "When I was intern in Cairo University Hospital, I had patient 68 years with heart failure on "
    "furosemide. I sent the potassium but I was busy with admissions and I go home without check "
    "the result. Night doctor found it 2.8 and correct it, the patient was fine. In the morning I "
    "go directly to my senior and I tell him it was my fault, and I explain to the patient son "
    "what happen. After this I make rule for me, I never leave before check all pending labs or "
    "I write them in the handover. Also I suggest a column 'pending results' in our handover "
    "paper and now all interns use it. I learn is better to speak early."
)
KEYWORD_SALAD = (
    "Situation: during my training an error occurred. Task: ensure patient safety and quality. "
    "Action: I acknowledged the mistake, took accountability, communicated openly and honestly "
    "with the team, patient and family, and followed protocols including incident reporting. "
    "Result: patient safety was maintained. What I learned: accountability, transparency, "
    "teamwork, communication, systems thinking, humility and lifelong learning."
)
HIDDEN_MISTAKE = (
    "In my first year in the emergency department in Recife I wrote 40 mEq of potassium to run "
    "over one hour instead of four for a 59-year-old man. At 3 a.m. I noticed it, put him on a "
    "monitor and repeated the potassium, which was fine. I changed the order in the system to "
    "the right rate so the chart matched, and left it out of my handover; an incident report "
    "would only have worried his family. Now I read every high-risk order back before signing."
)


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text.strip())


def _is_a_sentence_of(quote: str | None, answer: str) -> bool:
    """A quote is one sentence of the answer, whole or cut short with an ellipsis."""
    if not quote:
        return False
    if quote.endswith("…"):
        return any(s.startswith(quote[:-1]) for s in _sentences(answer))
    return quote in _sentences(answer)


def _quoted(result, item_id: str) -> str | None:  # type: ignore[no-untyped-def]
    item = next(i for i in result.items if i.id == item_id)
    return item.evidence if item.met else None


def test_a_strong_specific_answer_scores_high_with_quoted_evidence(knowledge: Knowledge) -> None:
    result = knowledge.score(
        "Tell me about a mistake you made and what you learned.", STRONG_MISTAKE
    )
    assert result.question_id == "medical-mistake"
    assert result.score >= 70
    met = [item for item in result.items if item.met]
    assert len(met) >= 3
    # every quote is one whole sentence of the answer...
    assert all(_is_a_sentence_of(i.evidence, STRONG_MISTAKE) for i in met), [
        i.evidence for i in met
    ]
    # ...and the one that shows the point it is quoted for
    assert _quoted(result, "reported") == "I filed the incident report myself."
    assert (_quoted(result, "changed-practice") or "").startswith("Since then I check renal")
    assert (_quoted(result, "told-supervisor-patient") or "").startswith("I told my senior")
    assert not result.red_flags
    assert result.star is not None and result.star["action"] and result.star["learned"]


def test_imperfect_english_with_real_content_still_scores_high(knowledge: Knowledge) -> None:
    result = knowledge.score(
        "Tell me about a mistake you made and what you learned.", NON_NATIVE_MISTAKE
    )
    assert result.score >= 65
    assert not result.red_flags


def test_keyword_stuffing_scores_low_even_with_every_checklist_word(knowledge: Knowledge) -> None:
    result = knowledge.score(
        "Tell me about a mistake you made and what you learned.", KEYWORD_SALAD
    )
    assert result.score < 50
    strong = knowledge.score(
        "Tell me about a mistake you made and what you learned.", STRONG_MISTAKE
    )
    assert strong.score - result.score >= 25


def test_a_two_line_answer_scores_low(knowledge: Knowledge) -> None:
    result = knowledge.score("Why internal medicine?", "Because I like it and it has many options.")
    assert result.score <= 25
    assert result.length == "too-short"


def test_an_answer_to_a_different_question_scores_low(knowledge: Knowledge) -> None:
    why_us = (
        "I want to train in the United States because the training is structured and there are "
        "many research opportunities. The ECFMG pathway is clear, many programs sponsor visas, my "
        "cousin trained in Texas, and the salary is better. I passed Step 1 and Step 2 CK."
    )
    result = knowledge.score("Why internal medicine?", why_us)
    assert result.score <= 35


def test_hiding_a_mistake_is_a_red_flag_that_caps_the_score(knowledge: Knowledge) -> None:
    result = knowledge.score(
        "Tell me about a mistake you made and what you learned.", HIDDEN_MISTAKE
    )
    flags = {flag.id for flag in result.red_flags}
    assert "hiding" in flags
    flag = next(f for f in result.red_flags if f.id == "hiding")
    assert flag.evidence and flag.why
    assert result.score < 40


def test_saying_you_would_not_cover_is_not_covering(knowledge: Knowledge) -> None:
    answer = (
        "I would not cover for him. If a colleague smelled of alcohol on a night shift in my "
        "hospital in Hanoi, I would first make sure his patients were safe, then speak to him "
        "privately, and tell the senior resident and the attending on call at once."
    )
    result = knowledge.score(
        "What would you do if you suspected a colleague was working impaired?", answer
    )
    assert "covering" not in {flag.id for flag in result.red_flags}


def test_a_rule_phrase_under_a_negation_is_not_said() -> None:
    """The rules read a phrase only where the applicant says it, not where a negation before
    it turns it round; a phrase that carries its own negation still counts."""
    story = (
        "My co-intern wrote that he had changed a dressing he never changed. I told our "
        "registrar that evening and he wrote a timed correction. {}"
    )
    kept = detect(story.format("I kept it between us after that."))
    refused = detect(story.format("Looking back I'm glad I didn't keep it between us."))
    assert [hit.behaviour for hit in kept] == ["covering"]
    assert refused == []


def test_covering_for_a_colleague_is_caught_in_other_words(knowledge: Knowledge) -> None:
    answer = (
        "Last year in Tbilisi my co-resident came to a night shift smelling of alcohol. I sent him "
        "to sleep in the call room and took over his eight patients myself, checking every order "
        "he had written. I never took it to the attending or the program: it stayed between the "
        "two of us, and he promised me it would not happen again."
    )
    result = knowledge.score(
        "What would you do if you suspected a colleague was working impaired?", answer
    )
    assert "covering" in {flag.id for flag in result.red_flags}
    assert result.score < 40


def test_an_interviewers_paraphrase_finds_the_bank_question(knowledge: Knowledge) -> None:
    assert knowledge.bank.find("What drew you to psych?").id == "why-psychiatry"
    assert knowledge.bank.find("So, tell me a bit about yourself").id == "tell-me-about-yourself"
    assert knowledge.bank.find("What's your favourite football team?") is None


def test_a_question_told_as_a_scenario_finds_the_bank_question(knowledge: Knowledge) -> None:
    """Wordings in the interviewer's own frame, which share few words with the bank's: meaning
    leads, and one look-alike wording of another question ("take me through…") cannot carry it."""
    stroke = (
        "Pager goes off: a 74-year-old with a sudden facial droop and a weak left arm, onset half "
        "an hour ago. Take me through your first ten minutes."
    )
    colleague = (
        "A colleague of yours keeps leaving work undone at sign-out and it's starting to affect "
        "patients. Tell me how you dealt with something like that."
    )
    assert knowledge.bank.find(stroke).id == "neuro-stroke-code"
    assert knowledge.bank.find(colleague).id == "conflict-with-colleague"


def test_an_unknown_question_is_scored_on_the_generic_rubric(knowledge: Knowledge) -> None:
    question = "What's your favourite football team?"
    specific = (
        "My answer is Al Ahly, the club my father took me to see in Cairo. For example, in my "
        "intern year I organised a Friday match for the night-shift nurses and doctors, and I "
        "booked the pitch and made the teams myself. Twenty of us came every week, and the "
        "nurses told me that handovers felt easier after it. It taught me that a team that "
        "knows each other works better, which I want to bring to residency."
    )
    result = knowledge.score(question, specific)
    assert result.question_id is None
    generic = [item.id for item in knowledge.bank.generic.checklist]
    assert generic and [item.id for item in result.items] == generic
    assert sum(item.met for item in result.items) >= 3
    vague = knowledge.score(question, "I like football a lot and watch it on weekends.")
    assert sum(i.met for i in vague.items) < sum(i.met for i in result.items)
    assert vague.score < result.score
    data = result.as_json()
    assert set(data) == {"question_id", "score", "items", "red_flags", "words"}
    assert all(set(i) == {"id", "label", "met", "evidence"} for i in data["items"])


def test_a_very_long_answer_is_scored_on_its_first_words(knowledge: Knowledge) -> None:
    """Past the length the bot says it scores, nothing more counts: a point made only at the
    end of a very long answer is missed, the same point early is seen."""
    question = "Tell me about a mistake you made and what you learned."
    report = "I filed the incident report myself."
    story = STRONG_MISTAKE.replace(report + " ", "")
    filler = "The ward was full that winter and every bed had a family waiting beside it. "
    padding = filler * (MAX_SCORED_WORDS // len(filler.split()) + 5)
    late = knowledge.score(question, f"{story} {padding}{report}")
    assert late.truncated and late.scored_words < late.words
    assert _quoted(late, "reported") is None
    early = knowledge.score(question, f"{story} {report} {padding}")
    assert _quoted(early, "reported") == report
    short = knowledge.score(question, STRONG_MISTAKE)
    assert not short.truncated and short.scored_words == short.words


_SCORE_EVERYTHING = """
import json, sys, yaml
from bot.config import Settings
from bot.knowledge import Knowledge
knowledge = Knowledge.load(Settings.from_env().content_dir)
cases = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))["cases"]
queries = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))["cases"]
print(json.dumps({
    "scores": [knowledge.score(c["question"], a["text"]).as_json()
               for c in cases for a in c["answers"]],
    "faq": [knowledge.faq.match(q["query"]).as_json() for q in queries],
}))
"""


def test_scores_and_answers_are_the_same_under_any_hash_seed() -> None:
    """Set iteration order changes with PYTHONHASHSEED; no result may depend on it."""
    data = PROJECT_ROOT / "tests" / "data"
    runs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                _SCORE_EVERYTHING,
                str(data / "scoring_fresh_a.yaml"),
                str(data / "faq_fresh_a.yaml"),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        runs.append(json.loads(done.stdout))
    assert len(runs[0]["scores"]) == 100 and len(runs[0]["faq"]) > 150
    assert runs[0] == runs[1]


def test_answers_in_another_language_are_not_scored_as_english(knowledge: Knowledge) -> None:
    result = knowledge.score(
        "Tell me about yourself.", "أنا طبيب من مصر وأريد أن أتدرب في الطب الباطني"
    )
    assert not result.english
    assert result.score <= 25


def _flags(knowledge: Knowledge, question: str, answer: str) -> set[str]:
    return {flag.id for flag in knowledge.score(question, answer).red_flags}


def test_subtle_red_flags_are_caught_in_plain_words(knowledge: Knowledge) -> None:
    """Each told the way a fluent applicant would say it, without the obvious keyword."""
    cases = [
        (
            "Tell me about a difficult patient.",
            "On nights in Karachi I saw the same man with back pain every week. To be honest, "
            "those people just come for the injections, so I keep it short and move them on "
            "quickly to the real patients waiting.",
            "dismissing-patients",
        ),
        (
            "Tell me about a time you worked under pressure.",
            "A trauma call came while my patient with a GI bleed was still dropping his pressure, "
            "so I told his daughter to call a nurse if he got worse and ran to the trauma bay.",
            "unsafe-care",
        ),
        (
            "What did you do during your observership?",
            "My attending's letter calls it a hands-on externship, which is not strictly what the "
            "hospital called it, but he was happy to write it that way for ERAS.",
            "misrepresenting",
        ),
        (
            "Tell me about a mistake you made.",
            "I ordered the full dose of gentamicin without checking the creatinine of an 80-year-old "
            "woman. The ward pharmacist really should have caught it before it was given, that is "
            "what they are there for.",
            "blaming",
        ),
    ]
    for question, answer, behaviour in cases:
        assert behaviour in _flags(knowledge, question, answer), behaviour


def test_ordinary_words_that_look_like_red_flags_are_not_flagged(knowledge: Knowledge) -> None:
    answer = (
        "I ran a health post in the Andes for a year, seeing 30 patients a day, and built a "
        "register of 120 hypertensive patients. What I value in Canada is care for everyone "
        "regardless of their ability to pay."
    )
    assert not _flags(knowledge, "Why do you want to practise in Canada?", answer)


CONFLICT_WITH_DREAM = (
    "In my second year at Kenyatta Hospital in Nairobi a fellow intern, Wanjiru, kept leaving "
    "her discharge summaries for the night team, so at handover I had six unfinished ones. "
    "I asked her for tea after the shift and we talked alone in the canteen about what was "
    "happening. She told me her mother was ill and she was leaving early to take her to "
    "dialysis. We agreed she would do summaries before noon and I would cover her last hour "
    "twice a week, and we told our registrar together. My dream is to travel to Japan with my "
    "family one day. Since then I ask about the reason before I judge a colleague."
)


def test_each_covered_item_quotes_the_sentence_that_shows_it(knowledge: Knowledge) -> None:
    result = knowledge.score(
        "Tell me about a time you had a conflict with a colleague.", CONFLICT_WITH_DREAM
    )
    quoted = [item.evidence for item in result.items if item.met]
    assert quoted, "a concrete conflict story covers something"
    assert all(_is_a_sentence_of(quote, CONFLICT_WITH_DREAM) for quote in quoted), quoted
    assert not any("Japan" in (evidence or "") for evidence in quoted)
    assert _quoted(result, "spoke-directly") == (
        "I asked her for tea after the shift and we talked alone in the canteen about what was "
        "happening."
    )


def test_a_measurable_result_is_seen_in_a_number_that_changed(knowledge: Knowledge) -> None:
    answer = (
        "As the senior house officer in the emergency department at Mulago Hospital in 2023 I "
        "noticed septic patients waited over two hours for antibiotics. I set up a sepsis "
        "trolley with pre-drawn kits, trained the nurses on night shifts, and put a laminated "
        "checklist at triage. I reviewed every case each Friday with the charge nurse. Within "
        "three months the median time to antibiotics fell to 55 minutes. I learned that "
        "leading is mostly removing small obstacles for others."
    )
    result = knowledge.score("Give an example of when you showed leadership.", answer)
    assert _quoted(result, "result") == (
        "Within three months the median time to antibiotics fell to 55 minutes."
    )


def test_labelled_star_parts_count_as_present(knowledge: Knowledge) -> None:
    answer = (
        "Situation: on my surgical rotation in Dhaka in 2021 the ward had two doctors for 60 "
        "beds. Task: I had to make sure post-operative patients got their drains checked. "
        "Action: I wrote a drain chart and asked the night nurse to record output every four "
        "hours, and I reviewed it on my morning round. Result: two early leaks were caught in "
        "the first month and both patients went home on time. Lesson: a simple shared chart "
        "does more than my memory."
    )
    result = knowledge.score("Tell me about a time you worked in a team under pressure.", answer)
    assert result.star is not None
    assert all(result.star.values()), result.star


def test_a_list_of_keywords_stays_under_40(knowledge: Knowledge) -> None:
    answer = (
        "Teamwork, communication, leadership, empathy, accountability, patient safety, "
        "situation, task, action, result, reflection, humility, resilience, growth mindset, "
        "professionalism, lifelong learning, escalation, documentation, feedback, ownership"
    )
    result = knowledge.score("Tell me about a mistake you made and what you learned.", answer)
    assert result.keyword_list
    assert result.score < 40


def test_an_answer_to_another_question_is_told_so(knowledge: Knowledge) -> None:
    why_us = (
        "I want to train in the United States because residency there is structured, with "
        "protected teaching and clear milestones. During my observership at a hospital in "
        "Ohio in 2024 I saw residents present at morning report every day and attendings "
        "teach at the bedside. Research is also easier there: my mentor in Lahore and I "
        "published a small audit of 120 diabetic foot cases and I want to keep doing that."
    )
    result = knowledge.score("What do you do outside of medicine?", why_us)
    assert result.off_topic
    assert result.score <= 35


def test_a_dangerous_sentence_never_counts_as_covering_an_item(knowledge: Knowledge) -> None:
    answer = (
        "A 19-year-old student told me in the clinic in Karachi that she had thought about "
        "taking her mother's sleeping pills. Suicide is a sin in our culture, so I told her "
        "family to take her home, pray with her and keep her busy, and I did not ask her about "
        "a plan because that would only put the idea in her head. I involved the supervisor, "
        "the team and the family in the decision to send her home the same day."
    )
    result = knowledge.score(
        "How would you manage a patient who tells you they are thinking of suicide?", answer
    )
    flagged = {f.evidence for f in [*result.red_flags, *result.cautions]}
    assert flagged, "a dismissed suicide risk must be flagged"
    assert not any(item.evidence in flagged for item in result.items if item.met)
    assert result.score < 40


def test_capitals_or_no_punctuation_buy_no_points(knowledge: Knowledge) -> None:
    """Typed on a phone in capitals, or without a full stop: read as the same answer (capitals
    would read as names, and one endless sentence as meeting every item at once)."""
    from tests.test_hollow import PLAIN, QUESTION

    typed = knowledge.score(QUESTION, PLAIN).score
    no_stops = re.sub(r"[.!?;:,]", "", PLAIN)
    for variant in (PLAIN.upper(), no_stops, no_stops.upper()):
        assert abs(knowledge.score(QUESTION, variant).score - typed) <= 5, variant
