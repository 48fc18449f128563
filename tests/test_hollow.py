"""The hollow-answer reader: an answer that talks around the question loses points and is told so."""

from __future__ import annotations

from dataclasses import replace

from bot.core.interview_feedback import feedback_details
from bot.interview.hollow import FIRM_FROM
from bot.interview.scorer import ScoreResult
from bot.interview.signals import speaker_sentences
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.telegram_html import to_plain

QUESTION = "Tell me about a time you worked in a team under pressure."
# hospitals, statistics, history and other countries: never what the applicant did
TALKS_AROUND = (
    "Teams under pressure are something every hospital deals with. In Lagos, where I trained, "
    "the emergency department at a teaching hospital can see three hundred patients a day with "
    "maybe four doctors on the floor, and the nurses carry most of the load. Research from "
    "aviation shows that crews with flat hierarchies make fewer errors, and the same is true in "
    "operating rooms, which is why the WHO checklist was introduced in 2008. In the United States "
    "there are rapid response teams and closed-loop communication, and residents are trained in "
    "simulation labs. In many low-income countries there is no such training, and power cuts, "
    "missing blood and crowded wards make every shift stressful. Culture matters too: in some "
    "places a junior doctor would never question a consultant, and in others everyone speaks up. "
    "Pressure can bring a team together or break it apart, and leadership, communication and "
    "trust decide which one happens. That is why teamwork is one of the core competencies of "
    "residency and why programs look for it in applicants."
)
PLAIN = (
    "During a busy night shift in my internship we had several sick patients at once. I worked "
    "with the nurses and my senior to prioritise who needed attention first, and I made sure to "
    "communicate clearly and ask for help when I needed it. We managed to stabilise everyone. I "
    "learned that staying calm and communicating well are the most important things when a team "
    "is under pressure, and that everyone has a role to play."
)
STRONG = (
    "On a night shift in Cairo a bus crash brought nine injured patients to our emergency room "
    "within twenty minutes, with one senior resident, two nurses and me. I took the triage desk: "
    "I sorted patients by airway, bleeding and consciousness, and I wrote each patient's priority "
    "on the whiteboard so everyone could see it. When the nurse told me the O-negative blood was "
    "running low, I called the blood bank myself and asked the porter to collect four units. "
    "All nine patients were assessed within an hour and the two most critical went to theatre "
    "first. Afterwards I suggested a laminated triage card for mass-casualty nights, and our "
    "department still uses it. I learned that under pressure a team needs one shared picture."
)


def _feedback(knowledge: Knowledge, renderer: Renderer, result: ScoreResult) -> str:
    """The feedback a user reads for a scored answer to QUESTION, as plain text."""
    question = knowledge.bank.find(QUESTION)
    assert question is not None
    details = feedback_details(result, question)
    return to_plain(
        renderer.render("feedback", score=1, attempt=1, previous=None, star=[], **details)
    )


def test_an_answer_that_talks_around_the_question_loses_points_and_is_told_so(
    knowledge: Knowledge, renderer: Renderer
) -> None:
    hollow = knowledge.score(QUESTION, TALKS_AROUND)
    plain = knowledge.score(QUESTION, PLAIN)
    strong = knowledge.score(QUESTION, STRONG)
    assert knowledge.hollow is not None
    assert knowledge.hollow.cost(TALKS_AROUND) >= FIRM_FROM  # the lexicon alone
    assert hollow.hollow_cost >= FIRM_FROM
    assert plain.hollow_cost == 0 and strong.hollow_cost == 0
    assert hollow.score < plain.score < strong.score

    def feedback(result: ScoreResult) -> str:
        return _feedback(knowledge, renderer, result)

    # (this answer is also about everyone but the speaker, which has its own message below)
    assert "talking around the question" in feedback(replace(hollow, impersonal=None))
    assert "talking around the question" not in feedback(plain)
    assert "talking around the question" not in feedback(strong)


def test_every_point_it_takes_is_named_gently_when_few(
    knowledge: Knowledge, renderer: Renderer
) -> None:
    plain = knowledge.score(QUESTION, PLAIN)
    text = _feedback(knowledge, renderer, replace(plain, hollow_cost=FIRM_FROM / 2))
    assert "general talk around the question" in text
    assert "talking around the question rather than answering" not in text


def test_an_answer_it_cannot_read_costs_nothing(knowledge: Knowledge, renderer: Renderer) -> None:
    """A line in another language, or numbers: the lexicon reads none of it, so its neutral
    reading must not cost points or add a second message to "answer in English"."""
    for answer in (
        "Во время ночной смены в больнице к нам поступили девять пострадавших после аварии, и я "
        "отвечал за сортировку пациентов вместе с двумя медсёстрами и старшим резидентом.",
        # French in plain ASCII: read as English by its letters, but hardly a word of it known
        "Pendant une garde de nuit a Dakar, neuf blesses sont arrives apres un accident de bus. "
        "Je me suis occupe du triage avec deux infirmieres et le resident senior, et nous avons "
        "classe chaque patient selon les voies aeriennes, le saignement et la conscience. Tout le "
        "monde a ete vu en moins d'une heure.",
    ):
        result = knowledge.score(QUESTION, answer)
        assert result.hollow_cost == 0, answer
        assert "around the question" not in _feedback(knowledge, renderer, result), answer


def test_an_answer_about_everything_but_the_applicant_is_told_so(
    knowledge: Knowledge, renderer: Renderer
) -> None:
    """Hospitals, aviation research and other countries; the speaker in one sentence of eight."""
    about_others = knowledge.score(QUESTION, TALKS_AROUND)
    assert about_others.impersonal is not None
    appears, sentences = about_others.impersonal
    assert appears < sentences / 4
    text = _feedback(knowledge, renderer, about_others)
    assert f"You appear in only {appears} of your {sentences} sentences" in text
    for answer in (PLAIN, STRONG):
        result = knowledge.score(QUESTION, answer)
        assert result.impersonal is None
        assert "You appear in only" not in _feedback(knowledge, renderer, result)


def test_a_question_about_a_subject_is_not_asked_for_the_speaker(knowledge: Knowledge) -> None:
    """A strong answer on the Canadian system can rightly be about the system; the same kind of
    answer to a question about the applicant is told it leaves the applicant out."""
    system = (
        "Canada has a publicly funded, single-payer system under the Canada Health Act of 1984. "
        "The Act sets five principles: public administration, comprehensiveness, universality, "
        "portability and accessibility. Each province and territory runs its own insurance plan, "
        "such as OHIP in Ontario, and the federal government supports them through the Canada "
        "Health Transfer. Physician and hospital care are covered, but outpatient drugs, dental "
        "care and vision care mostly are not, so many people rely on employer plans. The main "
        "problems are long waits for specialists and surgery, a shortage of family doctors, and "
        "poorer access in rural, remote and Indigenous communities. Team-based primary care and "
        "virtual care are two of the responses provinces are trying now."
    )
    questions = {q.id: q for q in knowledge.content.questions}
    about_subject = knowledge.score(questions["canadian-healthcare-system"], system)
    assert about_subject.impersonal is None
    about_applicant = knowledge.score(questions["why-canada"], system)
    assert about_applicant.impersonal is not None


def test_the_speaker_is_found_as_people_type() -> None:
    assert speaker_sentences(["im on nights this week", "ive seen this before"]) == 2
    assert speaker_sentences(["Give 2 mg I.V. now", "Type I diabetes is common"]) == 0
