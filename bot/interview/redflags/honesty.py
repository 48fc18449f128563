"""Red flags of honesty: hiding a mistake, falsifying a record, deceiving a patient,
misrepresenting one's experience."""

from __future__ import annotations

from bot.interview.clauses import Clauses
from bot.interview.redflags.base import detector, first_person, in_answer, said, withheld
from bot.interview.redflags.rules import BehaviourRules


@detector("hiding", "about_mistake", "no_point", "quiet_fix", "disclose", "authority")
def hiding(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """The applicant conceals their own mistake: no disclosure, no report, a quiet fix."""
    if not in_answer(r.phrase("about_mistake"), text):
        return False
    if withheld(clause, r) or said(r.phrase("no_point"), clause):
        return True
    return bool(said(r.phrase("quiet_fix"), clause))


@detector(
    "falsifying",
    "falsify_words",
    "made_up_results",
    "certificate_as_asked",
    "documented_as",
    "kept_from_others",
    "looks_complete",
    "log_sheet",
    "written_later",
    "timed_as",
    "record",
    "not_done",
    "premarked",
    "before_seeing",
    "filled_in",
    "charted_presence",
    "contrast",
)
def falsifying(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Records something as done that was not done, or before it was done."""
    if not first_person(clause):
        return False
    if said(r.phrase("falsify_words"), clause) or said(r.phrase("made_up_results"), clause):
        return True
    if said(r.phrase("certificate_as_asked"), clause):
        return True
    if said(r.phrase("documented_as"), clause) and in_answer(r.phrase("kept_from_others"), text):
        return True
    if said(r.phrase("looks_complete"), clause) and said(r.phrase("log_sheet"), clause):
        return True
    # a late entry written as if at the time ("added it the next morning, timed at 20:05")
    if said(r.phrase("written_later"), clause) and said(r.phrase("timed_as"), clause):
        return True
    records = clause.find(r.words("record"))
    if not records:
        return False
    for i in clause.find(r.words("not_done")):
        # "I charted the exam I had not done", not "if the documented exam wasn't done"
        if clause.negated(i) and any(k < i for k in records) and clause.subject(i) in ("i", "we"):
            return True
    if said(r.phrase("premarked"), clause):
        return True
    # writing the examination or the note before seeing the patient
    if said(r.phrase("before_seeing"), clause) and said(r.phrase("filled_in"), clause):
        return True
    # charting a person or a step that was not there ("documented an interpreter")
    return bool(said(r.phrase("charted_presence"), clause) and said(r.phrase("contrast"), clause))


@detector(
    "deceiving-patient",
    "family_request",
    "complied",
    "lied",
    "denial_opening",
    "told_patient",
    "not_strictly_true",
    "we_told",
    "softer_story",
    "placebo",
)
def deceiving_patient(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Deceives a capable patient: withholds a diagnosis, or tells them something untrue."""
    joined = clause.joined
    family_request = in_answer(r.phrase("family_request"), text)
    if family_request and said(r.phrase("complied"), clause):
        return True
    if said(r.phrase("lied"), clause):
        return True
    # "I told her the scanner was down. It wasn't, but..."
    if r.phrase("denial_opening").match(joined) and in_answer(r.phrase("told_patient"), text):
        return True
    # "that wasn't strictly true" about what the applicant told a patient or family
    if said(r.phrase("not_strictly_true"), clause) and in_answer(r.phrase("we_told"), text):
        return True
    # telling the patient a softer or false story ("told him it was a stubborn ulcer")
    told_false = said(r.phrase("softer_story"), clause)
    return bool(told_false and (family_request or in_answer(r.phrase("placebo"), text)))


@detector("misrepresenting", "inflated", "not_strictly", "about_the_record")
def misrepresenting(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Presents experience as more than it was, on a CV, in a letter or an application."""
    if said(r.phrase("inflated"), clause):
        return True
    return bool(
        said(r.phrase("not_strictly"), clause) and said(r.phrase("about_the_record"), clause)
    )
