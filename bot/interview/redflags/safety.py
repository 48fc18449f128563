"""Red flags of patient safety and trust: breaching confidentiality, covering for an unsafe
colleague, treating against a refusal, leaving a patient unsafe, retaliating against someone
who raised a concern, accepting valuable gifts."""

from __future__ import annotations

from bot.interview.clauses import Clauses
from bot.interview.redflags.base import detector, in_answer, said, withheld, word_at
from bot.interview.redflags.rules import BehaviourRules


@detector(
    "confidentiality",
    "social",
    "place_before_post",
    "posting",
    "patient_detail",
    "filming",
    "passed_on",
    "asked_not_to_tell",
    "contacted",
    "sensitive",
    "told_outsider",
    "news_through_relative",
    "hinted_visit",
    "shared_with_outsider",
)
def confidentiality(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Shares a patient's details or images outside the care team (social media, outsiders)."""
    words = clause.words
    mine = "i" in words or "my" in words or "we" in words
    # a "health post" or "police post" is a place, not a social-media post
    place = r.words("place_before_post")
    social = [i for i in clause.find(r.words("social")) if i == 0 or words[i - 1] not in place]
    posting = said(r.phrase("posting"), clause)
    if mine and social and posting and clause.find(r.words("patient_detail")):
        return not any(clause.negated(i) for i in social)
    if mine and said(r.phrase("filming"), clause) and in_answer(r.phrase("passed_on"), text):
        return True
    if (
        mine
        and in_answer(r.phrase("asked_not_to_tell"), text)
        and said(r.phrase("contacted"), clause)
    ):
        return True
    if mine and in_answer(r.phrase("sensitive"), text):
        if said(r.phrase("told_outsider"), clause):
            return True
        if said(r.phrase("news_through_relative"), clause):
            return True
    if mine and said(r.phrase("hinted_visit"), clause):
        return True
    return bool(mine and said(r.phrase("shared_with_outsider"), clause))


@detector(
    "covering",
    "impaired",
    "misconduct",
    "kept_quiet",
    "no_point",
    "covered_for",
    "disclose",
    "authority",
)
def covering(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Protects an impaired or unsafe colleague instead of removing them from care and escalating."""
    impaired = in_answer(r.phrase("impaired"), text)
    if not (impaired or in_answer(r.phrase("misconduct"), text)):
        return False
    if said(r.phrase("kept_quiet"), clause):
        return True
    if not impaired:
        # a colleague's misconduct: only an explicit choice to keep it quiet counts
        return bool(said(r.phrase("no_point"), clause))
    if said(r.phrase("covered_for"), clause):
        return True
    return withheld(clause, r) or bool(said(r.phrase("no_point"), clause))


@detector(
    "no-consent",
    "refusal",
    "treated_anyway",
    "while_away",
    "first_person",
    "sedated_then",
    "signed_consent",
    "relative",
    "capable",
    "relative_consented",
)
def no_consent(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Treats against the refusal of a capable patient or of a guardian."""
    if not in_answer(r.phrase("refusal"), text):
        return False
    if said(r.phrase("treated_anyway"), clause):
        return True
    # acting while the patient or the guardian is away or no longer able to object
    if said(r.phrase("while_away"), clause) and said(r.phrase("first_person"), clause):
        return True
    if said(r.phrase("sedated_then"), clause):
        return True
    if said(r.phrase("signed_consent"), clause) and in_answer(r.phrase("relative"), text):
        return in_answer(r.phrase("capable"), text)
    # a relative's signature over a capable patient's refusal
    return bool(
        said(r.phrase("relative_consented"), clause) and in_answer(r.phrase("capable"), text)
    )


@detector("unsafe-care", "unsafe")
def unsafe_care(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Leaves an unstable patient's safety to relatives, or works unfit."""
    return bool(said(r.phrase("unsafe"), clause))


@detector("retaliation", "objection", "punished", "silenced", "found_who")
def retaliation(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Removes, punishes or silences someone who raised a concern."""
    if not in_answer(r.phrase("objection"), text):
        return False
    if said(r.phrase("punished"), clause):
        return True
    return bool(said(r.phrase("silenced"), clause) or said(r.phrase("found_who"), clause))


@detector(
    "accepting-gifts",
    "gift",
    "accepted",
    "small_courtesy",
    "valuable",
    "gave_back",
    "company_paid",
    "kept_quiet",
)
def accepting_gifts(clause: Clauses, text: str, r: BehaviourRules) -> bool:
    """Takes a valuable gift from a patient or a company, or keeps one quiet."""
    if not in_answer(r.phrase("gift"), text):
        return False
    joined = clause.joined
    # "I accepted the voucher", not "the abstract was accepted as a poster"
    for match in r.phrase("accepted").finditer(joined):
        if clause.negated(word_at(joined, match.start("verb"))):
            continue
        # "I accept only the dates and the coffee" is courtesy, not a valuable gift
        if (
            not said(r.phrase("small_courtesy"), clause)
            and in_answer(r.phrase("valuable"), text)
            and not r.phrase("gave_back").search(joined[match.end() :])
        ):
            return True
    if said(r.phrase("company_paid"), clause):
        return True
    return bool(said(r.phrase("kept_quiet"), clause))
