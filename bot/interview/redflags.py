"""Detect behaviours that sink an interview answer, whatever words express them.

Each detector looks for a behaviour, not a phrase: who acts (the applicant or someone
else), what kind of act it is (telling, recording, posting, overriding a refusal...) and
whether it is negated. Lexicons name classes of words (disclosure verbs, record nouns,
people), so new wordings of the same behaviour are still caught.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.interview.clauses import Clauses
from bot.text import sentences


@dataclass(frozen=True)
class FlagHit:
    behaviour: str
    evidence: str


def _words(*groups: str) -> re.Pattern[str]:
    return re.compile("|".join(g.strip().replace("\n", "|").replace(" ", "|") for g in groups))


# --- word classes -------------------------------------------------------------------------
DISCLOSE = _words(
    "tell tells told telling mention mentioned mentioning report reported reporting reports "
    "inform informed informing disclose disclosed disclosing admit admitted notify notified "
    "escalate escalated raise raised flag flagged file filed say said confess confessed "
    "alert alerted"
)
SUPERIORS = _words(
    "senior seniors attending attendings supervisor supervisors consultant consultants "
    "registrar resident residents chief team nurse nurses pharmacist doctor handover "
    "sign-out signout director pd family patient son daughter wife husband anyone "
    "anybody someone incident it mistake error anything"
)
RECORD = _words(
    "chart charted charting note notes record records documented documentation document "
    "order orders progress template templates pre-marked premarked signed wrote written "
    "write entered entry ros exam examination"
)
NOT_DONE = _words(
    "asked ask examined examine performed perform done checked check seen see assessed assess "
    "auscultated palpated measured taken obtained"
)
SOCIAL = _words(
    "instagram facebook tiktok twitter youtube whatsapp telegram snapchat linkedin reddit "
    "followers follower subscribers blog vlog channel post posted posts posting "
    "uploaded upload reel reels"
)
PATIENT_DETAIL = _words(
    "patient patients case cases x-ray xray ecg ct mri scan photo photos picture pictures "
    "image images face village name age story wound chart"
)
OUTSIDERS = _words(
    "friend friends neighbour neighbor neighbours neighbors employer boss journalist "
    "reporter relatives cousin brother sister roommate classmates group"
)
PEOPLE = _words(
    "consultants consultant doctors doctor nurses nurse residents resident attendings "
    "attending colleagues colleague staff department program programme hospital system "
    "country patients people faculty seniors senior interns intern registrar registrars "
    "supervisor supervisors school government administration management teachers "
    "professors everyone they physicians americans"
)
NEGATIVE_JUDGEMENT = _words(
    "incompetent lazy useless stupid ignorant uneducated corrupt hopeless backward "
    "terrible awful pathetic clueless careless arrogant rude unprofessional worthless "
    "unqualified mediocre primitive disgusting dumb idiots idiot clowns joke mess disaster "
    "circus zoo jealous waste difficult unreliable dishonest negligent "
    "inferior third-world uncivilized ungrateful nonsense"
)
SELF_SUPERIOR = _words("better smarter faster above ahead beyond superior")
PEERS = _words("peers peer classmates colleagues interns residents others everyone batch")
MOTIVE = _words("reason reasons filter factor motivation motive criterion purpose priority")
MONEY_VISA = _words(
    "money salary salaries pay paid paying income earn earns earning wealth rich visa visas "
    "h-1b h1b sponsorship sponsor sponsors green card citizenship immigration lifestyle "
    "dollars"
)
OVERRIDE = _words("anyway anyways regardless nevertheless secretly forcibly")
REFUSAL = _words("refused refuses refusing refusal declined declines decline rejected against")
BACKUP = _words("backup back-up fallback stepping stone")
CAUSE_OF_FAILURE = _words(
    "fault blame blamed because due caused misled misleading unfair prepared taught"
)
OWNERSHIP = re.compile(
    r"\b(my (own )?(fault|mistake|error|responsibility|failure)|i (should|could) have|"
    r"i (was|am) responsible|i take (full )?responsibility|it was (on )?me|mine also|"
    r"i failed (because|to)|i (had )?not (prepared|planned|studied|asked|checked|realised|realized)|"
    r"i did not (prepare|plan|study|ask|check|review|realise|realize|listen)|i underestimated|"
    r"i (had )?overestimated|i misjudged|i relied|i approached|i designed|i chose|i ignored)\b"
)

# --- detectors ----------------------------------------------------------------------------


def _first_person_negated(clause: Clauses, pattern: re.Pattern[str]) -> int | None:
    """A word of the class that the applicant negates ("I did not report it")."""
    for i in clause.find(pattern):
        negator = clause.negation_of(i)
        if negator is None or clause.requested_of_me(negator):
            continue
        if clause.subject(i) in ("i", "we") or (clause.subject(i) is None and "i" in clause.words):
            return i
    return None


def _withheld_from_someone(clause: Clauses) -> bool:
    """The applicant does not tell or report something to someone who should know."""
    hit = _first_person_negated(clause, DISCLOSE)
    if hit is None:
        return False
    return any(SUPERIORS.fullmatch(w) for w in clause.words[hit + 1 : hit + 8])


def hiding(sentence: Clauses, text: str) -> bool:
    """The applicant does not disclose or report their own mistake, or quietly fixes it."""
    words = sentence.words
    if _withheld_from_someone(sentence):
        return True
    joined = " ".join(words)
    if re.search(
        r"\b(so|so that)\b[^.]*\b(nobody|no one|no-one)\b[^.]*\b(know|knew|notice|noticed|find|found|see|saw)\b",
        joined,
    ):
        return "i" in words
    if re.search(
        r"\b(i|we) (quietly|silently|just) (changed|corrected|fixed|deleted|edited|removed|erased|amended)\b",
        joined,
    ):
        return True
    if re.search(
        r"\b(i|we) (changed|corrected|edited|altered|amended|deleted) (the|my|his|her) (order|chart|note|record|entry|time)s?\b[^.]*\b(so|consistent|match|nobody|no one)\b",
        joined,
    ):
        return True
    return bool(
        re.search(
            r"\b(kept|keep) (it|this|the mistake|the error) (to myself|quiet|secret|between)\b",
            joined,
        )
    )


def falsifying(sentence: Clauses, text: str) -> bool:
    """Records something as done that was not done, or alters a record after the fact."""
    joined = " ".join(sentence.words)
    if re.search(
        r"\b(backdat\w*|forg(ed|e|ing) (a|the|his|her)? ?signature|made up (the|a)?|fabricat\w*|falsif\w*)\b",
        joined,
    ):
        return "i" in sentence.words or "we" in sentence.words
    records = sentence.find(RECORD)
    if not records:
        return False
    for i in sentence.find(NOT_DONE):
        if sentence.negated(i) and any(r < i for r in records):
            subject = sentence.subject(i)
            if subject in ("i", "we", None):
                return True
    return bool(
        re.search(r"\b(pre-?marked|pre-?filled|pre-?checked) (negative|normal)\b", joined)
        and re.search(r"\b(even|without|not|never|hadn't)\b", joined)
    )


def confidentiality(sentence: Clauses, text: str) -> bool:
    """Shares a patient's details or images outside the care team (social media, friends)."""
    words = sentence.words
    social = sentence.find(SOCIAL)
    if social and sentence.find(PATIENT_DETAIL) and ("i" in words or "my" in words):
        # posting about patients on a platform, even "anonymised" with a blurred face
        return not any(sentence.negated(i) for i in social)
    joined = " ".join(words)
    if re.search(
        r"\b(told|showed|shared|sent|forwarded|gave)\b[^.]{0,40}\b(patient|his|her|their)\b[^.]{0,30}\b(diagnosis|result|results|status|details|photo|picture|record|records)\b[^.]{0,30}\bto (my|his|her|their|the)? ?(friend|friends|neighbou?rs?|employer|boss|journalist|relatives|cousin|group)\b",
        joined,
    ):
        return "i" in words or "we" in words
    return False


def covering(sentence: Clauses, text: str) -> bool:
    """Protects an impaired or unsafe colleague instead of escalating."""
    joined = " ".join(sentence.words)
    for match in re.finditer(
        r"\b(cover(ed|ing)? for (him|her|them|my)|cover (his|her|their) (patients|shift|work)|between (us|ourselves)|protect each other|loyalty (between|among|to))\b",
        joined,
    ):
        index = len(joined[: match.start()].split())
        if not sentence.negated(index):
            return True
    if not re.search(
        r"\b(colleague|co-resident|friend|drunk|alcohol|impaired|intoxicated|smell\w*)\b",
        text.lower(),
    ):
        return False
    return _withheld_from_someone(sentence)


def deceiving_patient(sentence: Clauses, text: str) -> bool:
    """Withholds the truth from a capable patient, e.g. because the family asked."""
    joined = " ".join(sentence.words)
    lower_text = text.lower()
    family_request = re.search(
        r"(asked|begged|wanted|requested|insisted)[^.]{0,40}\bnot to (tell|inform|disclose|say)|"
        r"(did not|didn't|do not|don't) want (him|her|them|the patient) to know|"
        r"(family|son|sons|daughter|daughters|wife|husband|relatives)[^.]{0,60}\b(decide|decides|handle|handles)\b",
        lower_text,
    )
    complied = re.search(
        r"\b(i|we) (agreed|complied|respected (that|their|the family|it|this|her|his)|went along|kept it from|"
        r"will respect that|would respect that|would do the same)\b",
        joined,
    )
    if family_request and complied:
        return True
    if re.search(r"\b(i|we) (lied|lie|will lie|would lie)\b", joined):
        return True
    # telling the patient a softer false diagnosis ("told him he had an inflammation")
    return bool(
        family_request
        and re.search(
            r"\b(i|we) (told|tell|will tell|would tell|said)\b[^.]*\b(he|she|it|the patient)\b[^.]*\b(needs more tests|only|just|inflammation|infection|ulcer|nothing serious|not serious)\b",
            joined,
        )
    )


def no_consent(sentence: Clauses, text: str) -> bool:
    """Treats against the refusal of a capable patient or a guardian."""
    joined = " ".join(sentence.words)
    lower_text = text.lower()
    refused = re.search(
        r"\b(refused|refuses|refusing|declined|did not want|didn't want|said no|would not accept|did not agree|didn't agree)\b",
        lower_text,
    )
    if not refused:
        return False
    if re.search(
        r"\b(i|we)\b[^.]*\b(gave|give|did|do|vaccinated|injected|treated|proceeded|went ahead|performed|administered|started|sedated)\b[^.]*\b(anyway|anyways|regardless|secretly|behind (her|his|their) back|without (her|his|their|the mother's|the father's|the parent's|the patient's) (consent|permission|knowledge|knowing))\b",
        joined,
    ):
        return True
    return bool(
        re.search(
            r"\b(when|while|after) (she|he|they|the mother|the father|the parents?) (stepped|went|was|were|left)\b[^.]*\b(out|away|outside)\b[^.]*\b(i|we) (gave|vaccinated|injected|did)\b",
            joined,
        )
        or re.search(
            r"\b(stepped|went|was|were) (out|away|outside)\b[^.]*\b(i|we) (asked|gave|vaccinated|injected)\b[^.]*\b(gave|anyway|vaccine|injection)\b",
            joined,
        )
    )


def disparaging(sentence: Clauses, text: str) -> bool:
    """Passes a contemptuous judgement on colleagues, a program, patients or a country."""
    words = sentence.words
    joined = " ".join(words)
    judgements = sentence.find(NEGATIVE_JUDGEMENT)
    if not judgements:
        extra = re.search(
            r"\b(hide behind|could not be bothered|couldn't be bothered|can not think|cannot think|can't think|"
            r"stopped reading|learned more from youtube|nothing to learn from|do not care|does not care|"
            r"never want to go back|you can not trust|you cannot trust|can not be trusted|cannot be trusted|run like a|"
            r"lost cause|waste of time)\b",
            joined,
        )
        return bool(extra) and bool(sentence.find(PEOPLE))
    for index in judgements:
        word = words[index]
        if sentence.negated(index):
            continue
        # the judgement is about people or an institution, not about a task or an illness
        window = words[max(0, index - 8) : index]
        if not any(PEOPLE.fullmatch(w) for w in window):
            continue
        if word == "difficult" and not re.search(
            r"\b(she|he|they) (was|were|is|are) (just |really |so )?difficult\b|knew (she|he) was difficult",
            joined,
        ):
            continue
        if word == "waste" and "time" not in joined:
            continue
        return True
    return False


def arrogance(sentence: Clauses, text: str) -> bool:
    """Sets oneself above peers, supervision, teaching or guidelines."""
    joined = " ".join(sentence.words)
    if re.search(
        r"\b(better|smarter|faster|more) than (most|all|any|my|the other|other)\b[^.]{0,25}\b(peers|colleagues|interns|residents|classmates|people|doctors|students)\b",
        joined,
    ):
        return True
    if re.search(
        r"\b(above|ahead of|beyond) (all |most )?(my |the )?(peers|colleagues|classmates|other residents|other interns)\b",
        joined,
    ):
        return True
    if re.search(
        r"\b(rarely|seldom|never|hardly|not really|do not really|don't really|do not|don't|won't|will not) (need|needs|require) (much |a lot of |any |close )?(supervision|supervising|teaching|guidance|help)\b",
        joined,
    ):
        return True
    if re.search(
        r"\b(conferences?|teaching|lectures?|rounds|guidelines?|protocols?|order sets?)\b[^.]{0,30}\b(too basic|too simple|are for|is for|unnecessary|a waste)\b",
        joined,
    ):
        return True
    if re.search(
        r"\b(my own (clinical )?judgm?ent|my own experience|my instinct)\b[^.]{0,25}\b(rather than|instead of|over)\b",
        joined,
    ):
        return True
    return bool(
        re.search(
            r"\b(usually|always) right\b|\bknew more than\b|\bknow more than\b|\bobvious to me\b",
            joined,
        )
    )


def money_or_visa(sentence: Clauses, text: str) -> bool:
    """Money, a visa or lifestyle is named as the main motive."""
    joined = " ".join(sentence.words)
    money = sentence.find(MONEY_VISA) or re.search(r"\bgreen card\b", joined)
    if not money:
        return False
    if re.search(
        r"\b(main|only|real|first|primary|biggest|major|most important|number one|true|key)\b[^.]{0,25}\b(reason|reasons|filter|factor|motivation|motive|criterion|priority|thing)\b",
        joined,
    ):
        return True
    if re.search(
        r"\b(mainly|mostly|only|just|primarily) (for|because of|because|to get|to earn|to make)\b",
        joined,
    ):
        return True
    if re.search(
        r"\bfor (exactly )?this purpose\b|\bfor the (money|visa|green card|salary)\b", joined
    ):
        return True
    if re.search(
        r"\b(earn|make|making|earning) (more|a lot|good|very good|much more|big|a very high)\b|\b(better|higher|high|bigger|good) (salary|salaries|pay|income|lifestyle)\b",
        joined,
    ):
        return True
    return bool(
        re.search(
            r"\bnot (really )?interested in (programs|places|anything) that (only|do not|don't)\b",
            joined,
        )
    )


def backup_plan(sentence: Clauses, text: str) -> bool:
    """The specialty or program is a fallback or a stepping stone to something else."""
    joined = " ".join(sentence.words)
    if sentence.find(BACKUP) and not re.search(
        r"\b(not|never|no) (a |my )?(backup|back-up|fallback)\b", joined
    ):
        return True
    patterns = (
        r"\b(first|true|real) (love|choice|passion|plan|interest) (is|was|remains)\b",
        r"\b(realistic|easier|easy|safe|quick) (way|route|path|option|entry|door|chance)\b[^.]{0,20}\b(in|into|to)\b",
        r"\b(way|foot) (into|in) the (system|door|country|us)\b",
        r"\bget into the system\b",
        r"\btry again (for|to get)\b|\bapply (out|again) to\b|\bapply out\b|\breapply (to|for)\b",
        r"\btransfer (to|out|into)\b[^.]{0,30}\b(program|programs|specialty|after|year)\b",
        r"\b(after|once) (my |the |i finish |i complete )?(pgy-?1|pgy1|intern year|first year|prelim)\b[^.]{0,40}\b(apply|switch|transfer|move)\b",
        r"\b(did not|didn't|not) get enough\b[^.]{0,20}\binterviews\b",
        r"\bbetter chance to match\b|\beasier to (match|get in)\b|\bi can decide later\b",
        r"\bnot (that|really|very) passionate about\b",
    )
    return any(re.search(p, joined) for p in patterns)


def non_weakness(sentence: Clauses, text: str) -> bool:
    """A strength presented as a weakness, or the claim of having none."""
    joined = " ".join(sentence.words)
    return bool(
        re.search(
            r"\b(perfectionis[mt]|i (care|work) too (much|hard)|too (dedicated|hardworking|committed|detail-oriented)|"
            r"(have|had) not failed|do not think i have (failed|a weakness|any weakness|made)|"
            r"don't think i have (failed|a weakness|any weakness|made)|i (do not|don't) (really )?have (a|any) weakness)\b",
            joined,
        )
    )


def dismissing_feedback(sentence: Clauses, text: str) -> bool:
    """Hears criticism and rejects it without changing anything."""
    lower_text = text.lower()
    if not re.search(
        r"\b(feedback|criticis\w+|critique|told me|pointed out|wrote that|said i|comments?)\b",
        lower_text,
    ):
        return False
    joined = " ".join(sentence.words)
    for index in sentence.find(
        re.compile(r"change|changed|adjust|adjusted|adapt|adapted|modify|modified|alter|altered")
    ):
        if (
            sentence.negated(index)
            and sentence.subject(index) in ("i", None)
            and "i" in sentence.words
        ):
            return True
    return bool(
        re.search(
            r"\b(preference|opinion|personal style|style) rather than\b|\bnot a real problem\b|"
            r"\bnothing wrong with my\b|\bthey were wrong\b|\bshe was wrong\b|\bhe was wrong\b|"
            r"\b(ignored|dismissed) (the|her|his|their) (feedback|advice|comments|criticism)\b|\bkept doing it my way\b",
            joined,
        )
    )


def retaliation(sentence: Clauses, text: str) -> bool:
    """Removes, punishes or silences someone who raised a concern."""
    joined = " ".join(sentence.words)
    objection = re.search(
        r"\b(object\w*|complain\w*|question\w*|disagree\w*|concern\w*|pushed back|raised|challenged|criticis\w*)\b",
        text.lower(),
    )
    if not objection:
        return False
    if re.search(
        r"\b(i|we)\b[^.]{0,40}\b(transfer\w*|moved|removed|fired|dismissed|disciplined|written up|wrote (her|him) up|"
        r"reported (her|him|them)|took (her|him) off|replaced (her|him)|excluded|banned)\b",
        joined,
    ) and re.search(r"\b(her|him|them|nurse|colleague|resident|intern)\b", joined):
        return True
    return bool(
        re.search(
            r"\bafter that (nobody|no one|no-one) (questioned|complained|objected|dared|challenged|said)\b",
            joined,
        )
    )


def blaming(sentence: Clauses, text: str) -> bool:
    """Puts the cause of one's own failure on others or on circumstances (checked per answer)."""
    joined = " ".join(sentence.words)
    if re.search(
        r"\b(was not|wasn't|not) (really )?my fault\b|\b(their|his|her|the nurse's|the exam's|the school's) fault\b",
        joined,
    ):
        return True
    if re.search(
        r"\b(came|comes) down to (the|my|our)\b[^.]{0,40}\b(nurses|residents|team|colleagues|school|exam|staff|others|doctors|them)\b",
        joined,
    ):
        return True
    if re.search(
        r"\b(misled|mislead|never prepared|did not prepare us|nobody (taught|told) us|no one (taught|told) us|badly written)\b",
        joined,
    ) or re.search(
        r"\b(exam|test|questions|grading|centre|center|proctor)\b[^.]{0,30}\bunfair\b", joined
    ):
        return True
    if re.search(
        r"\bi did my part\b|\bnot because of me\b|\bdid not reflect my (medical )?knowledge\b|\bdidn't reflect my (medical )?knowledge\b|\bdoes not reflect my knowledge\b|\bdoesn't reflect my knowledge\b",
        joined,
    ):
        return True
    return bool(
        re.search(
            r"\b(would not|wouldn't|couldn't|could not|did not|didn't)\b[^.]{0,12}\b(be bothered|follow|cooperate|listen)\b",
            joined,
        )
        and re.search(r"\b(nurses|residents|they|team|doctors|colleagues|staff)\b", joined)
    )


Detector = Callable[[Clauses, str], bool]

DETECTORS: dict[str, Detector] = {
    "hiding": hiding,
    "falsifying": falsifying,
    "confidentiality": confidentiality,
    "covering": covering,
    "deceiving-patient": deceiving_patient,
    "no-consent": no_consent,
    "retaliation": retaliation,
    "disparaging": disparaging,
    "arrogance": arrogance,
    "money-or-visa": money_or_visa,
    "backup-plan": backup_plan,
    "blaming": blaming,
    "dismissing-feedback": dismissing_feedback,
    "non-weakness": non_weakness,
}

# Behaviours that end an interview whatever else the answer does.
SERIOUS = frozenset(
    {
        "hiding",
        "falsifying",
        "confidentiality",
        "covering",
        "deceiving-patient",
        "no-consent",
        "retaliation",
    }
)


def detect(text: str, behaviours: list[str] | None = None) -> list[FlagHit]:
    """Behaviours found in the answer, each with the sentence that shows it."""
    wanted = list(DETECTORS) if behaviours is None else behaviours
    parsed = [Clauses(s) for s in sentences(text)]
    hits: list[FlagHit] = []
    for behaviour in wanted:
        detector = DETECTORS.get(behaviour)
        if detector is None:
            continue
        for clause in parsed:
            if detector(clause, text):
                hits.append(FlagHit(behaviour, clause.sentence))
                break
    if any(h.behaviour == "blaming" for h in hits) and OWNERSHIP.search(text.lower()):
        # someone who names their own part in the failure is explaining, not blaming
        own_count = len(OWNERSHIP.findall(text.lower()))
        if own_count >= 1:
            hits = [h for h in hits if h.behaviour != "blaming"]
    return hits
