"""Red flags of attitude and motive: disparaging others, arrogance, money or a visa as the
motive, a specialty as a fallback, blaming, dismissing feedback, a fake weakness, contempt for
patients."""

from __future__ import annotations

from bot.interview.clauses import NEGATORS, Clauses
from bot.interview.redflags.base import detector, in_answer, said
from bot.interview.redflags.rules import BehaviourRules


@detector("disparaging", "contempt", "people", "someone", "negative_judgement")
def disparaging(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Passes a contemptuous judgement on colleagues, a program, patients or a country."""
    words = clause.words
    people = r.words("people")
    if said(r.phrase("contempt"), clause):
        someone = r.words("someone")
        if any(w in people or w in someone for w in words):
            return True
    for index in clause.find(r.words("negative_judgement")):
        if clause.negated(index):
            continue
        # the judgement is about people or an institution, not about a task or an illness
        if any(w in people for w in words[max(0, index - 8) : index]):
            return True
    return False


@detector("arrogance", "above_others")
def arrogance(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Sets oneself above peers, supervision, teaching or guidelines."""
    return bool(said(r.phrase("above_others"), clause))


@detector(
    "money-or-visa", "no_nights", "money_lifestyle", "not_own_money", "money_phrases", "motive"
)
def money_or_visa(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Money, a visa or lifestyle named as the real motive."""
    words = clause.words
    if said(r.phrase("no_nights"), clause):
        return True
    not_own = r.phrase("not_own_money")
    own_money = [
        i
        for i in clause.find(r.words("money_lifestyle"))
        # "care regardless of their ability to pay" is about patients, not the applicant's pay
        if not not_own.fullmatch(" ".join(words[max(0, i - 2) : i]))
        # "the visa type won't change how I rank programs" says the opposite
        and not any(w in NEGATORS for w in words[i + 1 : i + 6])
    ]
    if not (own_money or said(r.phrase("money_phrases"), clause)):
        return False
    return bool(said(r.phrase("motive"), clause))


@detector("backup-plan", "fallback")
def backup_plan(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """The specialty, program or country is a fallback or a stepping stone to something else."""
    return bool(said(r.phrase("fallback"), clause))


@detector("blaming", "ownership", "about_mistake", "failure", "others_should_have", "excuses")
def blaming(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Puts the cause of one's own failure on others or on circumstances."""
    # someone who names their own part in the failure is explaining, not blaming
    if in_answer(r.phrase("ownership"), text):
        return False
    mistake = in_answer(r.phrase("about_mistake"), text)
    if not (mistake or in_answer(r.phrase("failure"), text)):
        return False
    # after one's own slip, "an experienced nurse should have questioned it"
    if mistake and said(r.phrase("others_should_have"), clause):
        return True
    return bool(said(r.phrase("excuses"), clause))


@detector("dismissing-feedback", "feedback", "change", "kept_on")
def dismissing_feedback(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Hears criticism and keeps doing the same thing."""
    if not in_answer(r.phrase("feedback"), text):
        return False
    for index in clause.find(r.words("change")):
        if clause.negated(index) and clause.subject(index) == "i":
            return True
    return bool(said(r.phrase("kept_on"), clause))


@detector("non-weakness", "humble_brag")
def non_weakness(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """A strength presented as a weakness (or a failure that is really a success)."""
    return bool(said(r.phrase("humble_brag"), clause))


@detector("dismissing-patients", "contempt")
def dismissing_patients(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Talks about patients with contempt: labels, suspicion as a rule, "real" patients."""
    return said(r.phrase("contempt"), clause) is not None
