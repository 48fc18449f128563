"""Detect behaviours that sink an interview answer, whatever words express them.

A detector looks for a behaviour, not a phrase: who acts (the applicant or someone else),
what kind of act it is (telling, recording, posting, overriding a refusal, moving someone
who objected...), whether it is negated, and what the answer is about (a mistake, an
impaired colleague, a refusal, feedback). Word classes name kinds of words (disclosure
verbs, people with authority, records), so new wordings of a behaviour are still caught,
and context keeps the same words from firing where they are innocent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from bot.interview.clauses import NEGATORS, Clauses
from bot.text import sentences


@dataclass(frozen=True)
class FlagHit:
    behaviour: str
    evidence: str


def _class(words: str) -> re.Pattern[str]:
    """A class of single words, matched against one token at a time."""
    return re.compile("|".join(words.split()))


@cache
def _phrases(*patterns: str) -> re.Pattern[str]:
    """Phrases matched against the folded sentence (tokens joined by spaces)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# --- word classes -------------------------------------------------------------------------
# telling, reporting or owning up to something
DISCLOSE = _class(
    "tell tells told telling mention mentioned mentioning report reported reporting inform "
    "informed informing disclose disclosed disclosing admit admitted notify notified escalate "
    "escalated raise raised flag flagged file filed say said confess confessed alert alerted "
    "involve involved involving bring brought take took taken make made went go call called "
    "share shared let"
)
# people and places a mistake or a concern should reach
AUTHORITY = _class(
    "senior seniors attending attendings supervisor supervisors consultant consultants "
    "registrar chief chiefs director pd program programme administration management manager "
    "head team handover sign-out signout round rounds family patient patients son daughter wife "
    "husband parents mother father anyone anybody someone incident committee nurse "
    "nurses pharmacist doctor doctors boss hr board it mistake error anything"
)
RECORD = _class(
    "chart charted charting note notes record records documentation order orders template "
    "templates examination exam findings ros history"
)
NOT_DONE = _class(
    "asked ask examined examine performed perform done checked check seen see assessed assess "
    "auscultated palpated measured taken obtained used present called"
)
SOCIAL = _class(
    "instagram facebook tiktok twitter youtube whatsapp snapchat linkedin reddit followers "
    "follower subscribers blog vlog channel post posts posted posting uploaded upload reel reels "
    "viral"
)
PATIENT_DETAIL = _class(
    "patient patients case cases x-ray xray ecg ct mri scan photo photos picture pictures image "
    "images face faces village name names age story stories wound chart video clip filmed rash"
)
PEOPLE = _class(
    "consultants consultant doctors doctor nurses nurse residents resident attendings attending "
    "colleagues colleague staff department program programme hospital system country patients "
    "people faculty seniors senior interns intern registrar registrars supervisor supervisors "
    "school government administration management teachers professors everyone they physicians "
    "americans midwives surgeons specialists healthcare hospitals ministry institutions "
    "universities physicians psychiatrists surgeons internists pediatricians radiologists"
)
NEGATIVE_JUDGEMENT = _class(
    "incompetent lazy useless stupid ignorant uneducated corrupt hopeless backward terrible "
    "awful pathetic clueless careless arrogant rude unprofessional worthless unqualified "
    "mediocre primitive disgusting dumb idiots idiot clowns joke mess disaster circus zoo "
    "jealous unreliable dishonest negligent inferior third-world uncivilized ungrateful "
    "nonsense dinosaurs outdated ancient sloppy filthy dirty"
)
MONEY_LIFESTYLE = _class(
    "money salary salaries pay paid paying income incomes earn earns earning wealth rich visa "
    "visas h1b sponsorship sponsor sponsors citizenship immigration lifestyle dollars hours "
    "predictability predictable paycheck moonlighting bonus compensation"
)
SPECIALTIES = (
    r"dermatology|derm|radiology|anesthesiology|anaesthesiology|anesthesia|anaesthesia|"
    r"ophthalmology|orthopedics|orthopaedics|plastics|plastic surgery|cardiology|neurosurgery|"
    r"urology|ent|otolaryngology|emergency medicine|surgery|psychiatry|pediatrics|paediatrics|"
    r"internal medicine|family medicine|neurology|pathology|radiation oncology"
)

# --- contexts: what the answer is about ---------------------------------------------------

_MISTAKE = re.compile(
    r"\b(mistakes?|errors?|wrong|overdose|too high|too much|instead of|forgot|missed|without "
    r"(checking|adjusting)|i caught it|caught it|i noticed|slip|mix-?up|mixed up|swapped|"
    r"mislabel\w*|relabel\w*|full dose|ten times)\b"
)
_IMPAIRED = re.compile(
    r"\b(alcohol|drunk|drinking|intoxicated|impaired|slurr\w*|unsteady|smell\w* of|high on|"
    r"hungover|hangover|under the influence|sedated himself|pills|substance|not fit)\b"
)
_REFUSAL = re.compile(
    r"\b(refused|refuses|refusing|refusal|declined|declines|would not (accept|agree|consent)|"
    r"did not (want|agree|consent)|said no|against (it|the))\b"
)
_FEEDBACK = re.compile(
    r"\b(feedback|evaluations?|appraisals?|criticis\w+|critique|complain\w*|told me (that|my|i)|pointed out|wrote that|"
    r"asked me (twice |again |several times )?to|felt (my|that my)|said (my|that my)|suggested "
    r"(i|that i))\b"
)
_FAILURE = re.compile(
    r"\b(fail\w*|did not pass|didn't pass|retake|second attempt|unmatched|not renewed|"
    r"wasn't renewed|was not renewed|cost me|lost (my|the)|gap)\b"
)
_OBJECTION = re.compile(
    r"\b(object\w*|complain\w*|question\w*|disagree\w*|concern\w*|pushed back|raised|"
    r"challenged|criticis\w*|refused|over my head|reported|wrote (a|an) (letter|email)|spoke up)\b"
)


@lru_cache(maxsize=1024)
def _in_answer(pattern: re.Pattern[str], text: str) -> bool:
    """Whether the whole answer says something (asked once per answer, not per sentence)."""
    return pattern.search(text.lower()) is not None


_PASSED_ON = re.compile(r"\b(shared|sent|posted|forwarded|showed|group|friends)\b")
_ASKED_NOT_TO_TELL = re.compile(
    r"asked (me|us)( \w+){0,2} not to (tell|inform|share|let|call|involve)"
)
_FAMILY_REQUEST = re.compile(
    r"(asked|begged|wanted|requested|insisted|pleaded)[^.]{0,40}\bnot to (tell|inform|disclose|say)|"
    r"(did not|didn't|do not|don't) want (him|her|them|the patient|their (father|mother)) to know|"
    r"(family|son|sons|daughter|daughters|wife|husband|relatives)[^.]{0,60}\b(decide|decides|handle|handles)\b"
)
_SENSITIVE = re.compile(
    r"\b(hiv|status|diagnosis|pregnan\w*|positive|cancer|tb|tuberculosis|abortion|result|results)\b"
)
_PLACEBO = re.compile(r"\b(saline|placebo|sugar pill|water injection|vitamin injection)\b")
_CAPABLE = re.compile(r"\b(lucid|understood|capacity|alert|competent|clear|oriented)\b")
_VALUABLE = re.compile(
    r"\b(voucher|envelope|cash|money|watch|jewel\w*|tickets?|weekend|trip|expensive|fees|dollars|gold)\b"
)


def _first_person(clause: Clauses) -> bool:
    return any(w in ("i", "we") for w in clause.words)


def _negated_first_person(clause: Clauses, pattern: re.Pattern[str]) -> int | None:
    """A word of the class that the applicant negates ("I never took it to the attending")."""
    for i in clause.find(pattern):
        negator = clause.negation_of(i)
        if negator is None or clause.requested_of_me(negator):
            continue
        subject = clause.subject(i)
        if subject in ("i", "we") or (subject is None and _first_person(clause)):
            return i
    return None


def _withheld(clause: Clauses) -> bool:
    """The applicant did not tell or take something to someone who should know."""
    hit = _negated_first_person(clause, DISCLOSE)
    if hit is None:
        return False
    return any(AUTHORITY.fullmatch(w) for w in clause.words[hit + 1 : hit + 10])


_NO_POINT = _phrases(
    r"\b(no|any|the|much) (point|need|reason) (in |to )?(worrying|worry|telling|tell|bothering|"
    r"bother|informing|inform|reporting|report|mentioning|mention|upsetting|alarming|making it)",
    r"\b(did not|didn't|do not|don't) want to (worry|upset|alarm|bother|scare)\b",
    r"\bkept (it|this|the (mistake|error)) (to myself|quiet|secret|between)",
    r"\b(so|so that) (nobody|no one|no-one) (would|could|will|ever) (know|notice|find out|see)",
    r"\bnever (made|make) it a thing\b",
    r"\b(stay|stayed|stays|kept|keep|keeps|remain|remained) (it )?between (us|ourselves|the two of us|"
    r"the three of us|me and)",
)


def hiding(clause: Clauses, text: str) -> bool:
    """The applicant conceals their own mistake: no disclosure, no report, a quiet fix."""
    if not _in_answer(_MISTAKE, text):
        return False
    joined = clause.joined
    if _withheld(clause) or _NO_POINT.search(joined):
        return True
    quiet_fix = _phrases(
        r"\b(i|we) (quietly|silently|just|simply) (changed|corrected|fixed|deleted|edited|"
        r"removed|erased|amended|relabel\w*|swapped|adjusted)",
        r"\b(i|we) (changed|corrected|edited|altered|amended|deleted|relabel\w*) (the|my|his|her) "
        r"\w*\s?(order|chart|note|record|entry|time|label|labels)s?\b.*\b(so|consistent|matched|"
        r"match|nobody|no one)\b",
        r"\bleft it out of\b",
    )
    return bool(quiet_fix.search(joined))


def falsifying(clause: Clauses, text: str) -> bool:
    """Records something as done that was not done, or before it was done."""
    joined = clause.joined
    if not _first_person(clause):
        return False
    if re.search(r"\b(backdat\w*|forg(ed|e|ing)\b|fabricat\w*|falsif\w*|made up the)", joined):
        return True
    # results made up and passed off ("estimated those months and submitted them")
    if re.search(
        r"\b(estimated|guessed|extrapolated|made up|invented|filled in)\b.{0,80}\b(submitted|presented|"
        r"reported|published|sent) (the |them |it |those )?(results?|data|numbers|them|it|as)\b",
        joined,
    ):
        return True
    # a certificate for days the applicant did not see the patient, written as asked
    if re.search(
        r"\b(wrote|signed|issued|gave) (her|him|them|a|the) (\w+ )?(certificate|sick note|note|form|"
        r"letter)\b.{0,60}\b(as (she|he|they) asked|previous week|last week)\b",
        joined,
    ):
        return True
    if re.search(r"\b(documented|charted|recorded) (it|this|them) as\b", joined) and re.search(
        r"\b(never (told|knew|found out)|was not told|were not told|so (nobody|no one))\b",
        text.lower(),
    ):
        return True
    if re.search(r"\b(looked|look|appear|appeared) complete\b", joined) and re.search(
        r"\b(sheet|record|rota|log|chart|register|list)\b", joined
    ):
        return True
    # a late entry written as if at the time ("added it the next morning, timed at 20:05")
    if re.search(
        r"\b(went back|the next (morning|day)|later (that|the next)|afterwards|after the fact)\b",
        joined,
    ) and re.search(
        r"\b(added|wrote|entered|put|changed|edited)\b.*\b(timed|dated) (at|as|for)\b", joined
    ):
        return True
    records = clause.find(RECORD)
    if not records:
        return False
    for i in clause.find(NOT_DONE):
        # "I charted the exam I had not done", not "if the documented exam wasn't done"
        if clause.negated(i) and any(r < i for r in records) and clause.subject(i) in ("i", "we"):
            return True
    if re.search(
        r"\b(pre-?marked|pre-?filled|pre-?checked|pre-?written) (as )?(negative|normal)", joined
    ):
        return True
    # writing the examination or the note before seeing the patient
    if re.search(
        r"\b(the night before|the evening before|in advance|ahead of time|before (i|we) (saw|see|"
        r"examined|examine|had seen)|before seeing|before the (round|patient|exam))\b",
        joined,
    ) and re.search(r"\b(filled|wrote|write|prepared|documented|completed|signed)\b", joined):
        return True
    # charting a person or a step that was not there ("documented an interpreter")
    return bool(
        re.search(
            r"\b(chart|charted|document|documented|wrote|write|record|recorded) (that )?(an? )?"
            r"(certified |professional )?(interpreter|chaperone|consent|time)\b",
            joined,
        )
        and re.search(
            r"\b(even though|although|though|without|not|never|wasn't|weren't|but)\b", joined
        )
    )


_PLACE_BEFORE_POST = frozenset("health police border military trading army guard nursing".split())


def confidentiality(clause: Clauses, text: str) -> bool:
    """Shares a patient's details or images outside the care team (social media, outsiders)."""
    words = clause.words
    mine = "i" in words or "my" in words or "we" in words
    # a "health post" or "police post" is a place, not a social-media post
    social = [i for i in clause.find(SOCIAL) if i == 0 or words[i - 1] not in _PLACE_BEFORE_POST]
    # the applicant posts ("every week I post a case"), not "even a post made in good faith"
    posting = re.search(
        r"\b(i|we) (?!(was|were|am|got|been|get) )(\w+ ){0,3}(post|posted|posting|posts|uploaded|upload|"
        r"shared|share|put)\b|"
        r"\b(my|our) (\w+ ){0,2}(followers|channel|page|account|reel)\b",
        clause.joined,
    )
    if mine and social and posting and clause.find(PATIENT_DETAIL):
        return not any(clause.negated(i) for i in social)
    joined = clause.joined
    if (
        mine
        and re.search(
            r"\b(filmed|recorded|photographed|took (a )?(photo|picture|video)s?)\b", joined
        )
        and _in_answer(_PASSED_ON, text)
    ):
        return True
    if mine and _in_answer(_ASKED_NOT_TO_TELL, text):
        for match in re.finditer(
            r"\b(phoned|called|rang|texted|messaged|contacted|informed|told) (her|him|them|his|the)\b"
            r"|\bexplained everything\b",
            joined,
        ):
            if not clause.negated(len(joined[: match.start()].split())):
                return True
    if (
        mine
        and _in_answer(_SENSITIVE, text)
        and re.search(
            r"\b(explained|told|disclosed|shared|informed|mentioned)\b.{0,30}\bto (her|his|their|the) "
            r"(aunt|uncle|family|relatives?|neighbou?rs?|village|chief|employer|boss|head|teacher|pastor|"
            r"imam|priest|community|elders?)\b",
            joined,
        )
    ):
        return True
    if (
        mine
        and _in_answer(_SENSITIVE, text)
        and re.search(
            r"\b(explained|told|gave|broke) (her |him )?(the )?(result|results|diagnosis|news)\b.{0,30}\b"
            r"(through|via|to) (the|her|his) (uncle|aunt|brother|father|mother|son|daughter|relative|cousin)\b",
            joined,
        )
    ):
        return True
    relative = r"(mother|father|parents|mum|mom|dad|wife|husband|employer|boss|family)"
    for match in re.finditer(
        rf"\b(mentioned|hinted|told (her|his|the|their) {relative}|let (her|him|them) know)\b.{{0,40}}"
        rf"\b(daughter|son|child|wife|husband|he|she)\b.{{0,30}}\b(had been in|came in|came to see|was "
        rf"seeing|had visited|was pregnant|was on|had asked for)\b",
        joined,
    ):
        if mine and not clause.negated(len(joined[: match.start()].split())):
            return True
    return bool(
        mine
        and re.search(
            r"\b(told|showed|shared|sent|forwarded|gave)\b.*\b(diagnosis|results?|status|details|"
            r"photo|picture|records?|hiv|pregnan\w*)\b.*\bto (my|his|her|their|the)? ?(friends?|"
            r"neighbou?rs?|employer|boss|journalist|relatives|cousin|group|colleagues at)\b",
            joined,
        )
    )


_MISCONDUCT = re.compile(
    r"\b(documented|charted|signed|recorded|wrote)\b[^.]{0,80}\b(never|not|hadn't|had not|"
    r"without)\b|\bfalsif\w*|\bfabricat\w*|\bbackdat\w*|\bhad not been in the room\b|"
    r"\bhadn't been in the room\b|\bbefore seeing (the )?patients\b"
)
_KEPT_QUIET = _phrases(
    r"\b(did not|didn't) want (it|this) to follow (him|her|them)\b",
    r"\brather than make (it|this) an issue\b",
    r"\bi (said|told \w+) (that )?(he|she) was (busy|with another patient|in theatre|sick|unwell)\b",
    r"\b(nobody|no one|no-one) (ever )?(found out|knew|noticed)\b",
    r"\btold (the team|them|everyone|the chief|the consultant|the attending|the nurses) (that )?(he|she) "
    r"(had|was) (a |an )?(migraine|headache|sick|ill|stomach|flu|family emergency|unwell)\b",
    r"\b(a|any) report\b.{0,40}\b(would|will|could) (have )?(follow\w*|ruin\w*|end\w*|hurt|damag\w*|"
    r"destroy\w*)\b",
    r"\b(did not|didn't|do not|don't) want to (ruin|end|destroy|damage|hurt) (his|her|their) "
    r"(career|future|reputation)\b",
    r"\b(quietly|secretly|privately) (checked|watched|monitored|re-?checked|reviewed) (his|her|"
    r"their) (notes|orders|work|patients|charts)\b",
)


def covering(clause: Clauses, text: str) -> bool:
    """Protects an impaired or unsafe colleague instead of removing them from care and escalating."""
    impaired = _in_answer(_IMPAIRED, text)
    if not (impaired or _in_answer(_MISCONDUCT, text)):
        return False
    joined = clause.joined
    if _KEPT_QUIET.search(joined):
        return True
    if not impaired:
        # a colleague's misconduct: only an explicit choice to keep it quiet counts
        return bool(_NO_POINT.search(joined))
    for match in re.finditer(
        r"\b(cover(ed|ing)? for (him|her|them|my)|cover (his|her|their) (patients|shift|work)|"
        r"protect(ed)? each other|loyalty (between|among|to)|looked after (him|her) ourselves|"
        r"handled (it|this) (between|among) )",
        joined,
    ):
        index = len(joined[: match.start()].split())
        if not clause.negated(index):
            return True
    return _withheld(clause) or bool(_NO_POINT.search(joined))


def deceiving_patient(clause: Clauses, text: str) -> bool:
    """Deceives a capable patient: withholds a diagnosis, or tells them something untrue."""
    joined = clause.joined
    family_request = _in_answer(_FAMILY_REQUEST, text)
    complied = re.search(
        r"\b(i|we) (agreed|complied|respected (that|their|the family|it|this|her|his)|went along|"
        r"kept it from|will respect that|would respect that|would do the same)\b",
        joined,
    )
    if family_request and complied:
        return True
    if re.search(r"\b(i|we) (lied|lie|will lie|would lie)\b", joined):
        return True
    # "I told her the scanner was down. It wasn't, but..."
    if re.match(r"(it|that|this) (was not|wasn't|is not|isn't)\b", joined) and re.search(
        r"\b(i|we) told (her|him|them|the patient|the family)\b", text.lower()
    ):
        return True
    # "that wasn't strictly true" about what the applicant told a patient or family
    if re.search(
        r"\b(was not|wasn't|is not|isn't) (strictly|exactly|entirely|completely|really|quite) true\b",
        joined,
    ) and re.search(r"\b(i|we) (told|said|explained)\b", text.lower()):
        return True
    # telling the patient a softer or false story ("told him it was a stubborn ulcer")
    told_false = re.search(
        r"\b(i|we) (told|tell|will tell|would tell|said|explained)\b.*\b(he|she|it|the patient|him|her)\b.*"
        r"\b(only|just|simply|inflammation|infection|ulcer|nothing serious|not serious|a cyst|"
        r"his usual|her usual|the usual|vitamins?|stubborn)\b",
        joined,
    )
    return bool(told_false and (family_request or _in_answer(_PLACEBO, text)))


def no_consent(clause: Clauses, text: str) -> bool:
    """Treats against the refusal of a capable patient or of a guardian."""
    if not _in_answer(_REFUSAL, text):
        return False
    joined = clause.joined
    if re.search(
        r"\b(i|we)\b.*\b(gave|give|did|do|vaccinated|injected|treated|proceeded|went ahead|performed|"
        r"administered|started|sedated|took|done)\b.*\b(anyway|anyways|regardless|secretly|behind "
        r"(her|his|their) back|without (her|his|their|the mother's|the father's|the parent's|the "
        r"patient's|the parents'|asking|telling) ?(consent|permission|knowledge|knowing)?)\b",
        joined,
    ):
        return True
    # acting while the patient or the guardian is away or no longer able to object
    if re.search(
        r"\b(when|while|after|once) (she|he|they|the mother|the father|the parents?|the patient)\b.*"
        r"\b(stepped out|went out|was away|were away|left|was out|were out|at the cafeteria|became "
        r"drowsy|was drowsy|became confused|fell asleep|was sedated|lost consciousness|was (still )?"
        r"under (general )?an(a)?esthesia)\b",
        joined,
    ) and re.search(r"\b(i|we)\b", joined):
        return True
    if re.search(
        r"\b(midazolam|sedation|sedated|haloperidol|lorazepam|ketamine)\b.{0,80}\b(went ahead|proceeded)\b",
        joined,
    ):
        return True
    if re.search(r"\b(she|he) (came in and )?signed the consent\b", joined) and re.search(
        r"\b(wife|husband|son|daughter|brother|sister|mother|father)\b", text.lower()
    ):
        return _in_answer(_CAPABLE, text)
    # a relative's signature over a capable patient's refusal
    return bool(
        re.search(
            r"\b(son|daughter|wife|husband|brother|sister|family|relative)s? (signed|consented|gave (the )?consent)",
            joined,
        )
        and _in_answer(_CAPABLE, text)
    )


def disparaging(clause: Clauses, text: str) -> bool:
    """Passes a contemptuous judgement on colleagues, a program, patients or a country."""
    words = clause.words
    joined = clause.joined
    if _phrases(
        r"\bhide behind\b",
        r"\b(could|can) not be bothered\b",
        r"\b(can|could) not think\b",
        r"\bstopped reading\b",
        r"\blearned more from youtube\b",
        r"\bnothing to learn from\b",
        r"\b(do|does|did) not care\b",
        r"\bnever want to go back\b",
        r"\b(you )?(can|could) not (be )?trust",
        r"\brun like a\b",
        r"\blost cause\b",
        r"\bwaste of time\b",
        r"\b(had|have|has) not (opened|read|touched) a (book|textbook|journal)",
        r"\b(happy|content) to (copy|repeat|coast)",
        r"\bnot (really )?capable of (understanding|following)",
        r"\btoo (uneducated|ignorant|lazy|backward|simple) to\b",
        r"\bmost of what i know i taught myself\b",
        r"\b(could not|can not|cannot|do not know how to|did not know how to) (do|read|perform|"
        r"manage|examine|interpret|take)( even)? (a |an )?(proper|basic|simple|decent)\b",
        r"\bnothing (you|they) can (actually |really )?(prove|measure|see)\b",
        r"\b(is|are) not (real|proper) (medicine|doctors|science)\b",
        r"\b(do not|don't|did not|didn't) have the (training|knowledge|education|background|brains) to\b",
        r"\b(slows?|slowing|slowed) (things|us|me|everything|the team|the work) down\b",
        r"\b(are not|aren't|were not|weren't) (really )?(trained|able|capable|taught|expected|qualified) "
        r"to (think|judge|decide|question|assess)\b",
        r"\b(mostly|just|only) order tests\b|\blook at one organ\b",
        r"\bhave to be chased\b",
        r"\bhalf of what (specialists|they|surgeons|internists|doctors|physicians) do\b",
        r"\b(saw|see|sees|treat|treated) a number rather than a person\b",
        r"\bwhere the real medicine (happens|is)\b",
        r"\b(the )?rest of the (hospital|team|staff) (is|are) (just |only )?(there )?to (support|serve|help)\b",
    ).search(joined) and any(PEOPLE.fullmatch(w) or w in ("they", "there", "them") for w in words):
        return True
    for index in clause.find(NEGATIVE_JUDGEMENT):
        if clause.negated(index):
            continue
        # the judgement is about people or an institution, not about a task or an illness
        window = words[max(0, index - 8) : index]
        if not any(PEOPLE.fullmatch(w) for w in window):
            continue
        if words[index] == "difficult" and not re.search(
            r"\b(she|he|they) (was|were|is|are) (just |really |so )?difficult\b", joined
        ):
            continue
        return True
    return False


def arrogance(clause: Clauses, text: str) -> bool:
    """Sets oneself above peers, supervision, teaching or guidelines."""
    joined = clause.joined
    return bool(
        _phrases(
            r"\b(better|smarter|faster|more) than (most|all|any|my|the other|other)\b.{0,30}\b(peers|"
            r"colleagues|interns|residents|classmates|people|doctors|students|us residents)\b",
            r"\b(above|ahead of|beyond|outpace|outperform) (all |most )?(my |the |his |her )?(peers|"
            r"colleagues|classmates|other residents|other interns|co-residents)\b",
            r"\b(rarely|seldom|never|hardly|not really|do not really|do not|will not|would not|won't)"
            r" (need|needs|require) (much |a lot of |any |close )?(supervision|supervising|teaching|"
            r"guidance|help|oversight)\b",
            r"\b(supervision|oversight|teaching|guidance)\b.{0,40}\b(formality|unnecessary|not "
            r"necessary|a waste|too basic|overkill)\b",
            r"\b(will not|won't|would not|do not|don't) (need|have) to hold my hand\b",
            r"\b(conferences?|teaching|lectures?|rounds|guidelines?|protocols?|order sets?|checklists?)"
            r"\b.{0,30}\b(too basic|too simple|are for|is for|unnecessary|a waste|slow me down|"
            r"slows me down|for beginners)\b",
            r"\b(skip|ignore|bypass|not bother with) (the )?(checklists?|guidelines?|protocols?|"
            r"time-?outs?|timing rules)\b",
            r"\bmy own (clinical )?(judgm?ent|experience|instinct)\b.{0,25}\b(rather than|instead of|over)\b",
            r"\b(usually|always) right\b|\bknew more than\b|\bknow more than\b|\bobvious to me\b",
            r"\bmore .{0,30} than most (us |american )?(residents|doctors|interns) (see|do|have)\b",
            r"\b(see|spot|catch|notice) (these |such )?things before (the )?(seniors|attendings|"
            r"consultants|others|anyone|my seniors)\b",
            r"\b(do not|don't|will not|won't|wouldn't|would not) need (a lot of|much|any|the) hand-?holding\b",
            r"\bcorrecting (the |my )?(consultants|attendings|seniors|specialists)\b",
            r"\b(do not|don't) expect to need (much|any|a lot)\b",
            r"\bmake the program look good\b|\bcould have applied only to\b",
            r"\b(more|just|only|merely) a (licensing step|formality|box to tick)\b",
            r"\brun the (team|service|ward|unit) (much )?(earlier|sooner|faster) than (most|other)\b",
            r"\b(understands?|knows?|see|sees) (the patient |things )?better than (the|my|our) (person|people|"
            r"senior|seniors|attending|attendings|consultant|consultants|registrar|team)\b",
            r"\bact on (your|my) own judgm?ent\b|\blet the results speak\b",
            r"\b(always )?trust(ed)? my (own )?(clinical )?(eye|gut|instinct)s?,? so i\b",
            r"\bare the (only )?ones who (actually|really) (solve|fix|do|know|understand)\b",
        ).search(joined)
    )


_NO_NIGHTS = re.compile(
    r"\b(do not|don't|never) want (a career of |a life of |to work |to do |any )?(nights|weekends|night "
    r"shifts|call)\b"
)


def money_or_visa(clause: Clauses, text: str) -> bool:
    """Money, a visa or lifestyle named as the real motive."""
    if _NO_NIGHTS.search(clause.joined):
        return True
    words = clause.words
    joined = clause.joined
    # "care regardless of their ability to pay" is about patients, not the applicant's pay
    own_money = [
        i
        for i in clause.find(MONEY_LIFESTYLE)
        if " ".join(words[max(0, i - 2) : i]) != "ability to"
        # "the visa type won't change how I rank programs" says the opposite
        and not any(w in NEGATORS for w in words[i + 1 : i + 6])
    ]
    if not (
        own_money or re.search(r"\bgreen card\b|\bhome by\b|\bno call\b|\bgood income\b", joined)
    ):
        return False
    return bool(
        _phrases(
            r"\b(main|only|real|first|primary|biggest|major|most important|number one|true|key|"
            r"deciding)\b.{0,25}\b(reason|reasons|filter|factor|motivation|motive|criterion|priority|"
            r"thing|draw|attraction|appeal|pull|goal|aim)\b",
            r"\b(big|major|huge|main|deciding|key) factor in (how|where|which)\b",
            r"\b(would|will|must) (have to )?come first\b|\bcomes? first for me\b",
            r"\b(surest|best|fastest|easiest|only|quickest|safest|realistic) (route|way|path|ticket) (i have )?"
            r"to (a |the )?(green card|visa|citizenship|the us|america)\b",
            r"\bwhat (residency|this|medicine|it) is (really )?about for me\b",
            r"\bwherever the (best|highest) (offer|pay|salary|money)\b",
            r"\b(while|and) (still )?earning (well|about the same|the same|more)\b",
            r"\bthe (compensation|salary|pay|income|money) would give\b",
            r"\b(the )?hours are (more |very |quite )?predictable\b",
            r"\b(income|salary|pay|money) is (very |quite |really )?(competitive|good|high|great|excellent)\b",
            r"\b(mainly|mostly|only|just|primarily) (for|because of|because|to get|to earn|to make)\b",
            r"\bfor (exactly )?this purpose\b|\bfor the (money|visa|green card|salary)\b",
            r"\b(earn|make|making|earning) (more|a lot|good|very good|much more|big|a very high)\b",
            r"\b(better|higher|high|bigger|good|very good) (salary|salaries|pay|income|lifestyle)\b",
            r"\bnot (really )?interested in (programs|places|anything) that (only|do not)\b",
            r"\b(what|which) (really )?(decided|decides|tipped) (it|me)\b|\bthat is (really )?why i chose\b",
        ).search(joined)
    )


def backup_plan(clause: Clauses, text: str) -> bool:
    """The specialty, program or country is a fallback or a stepping stone to something else."""
    joined = clause.joined
    return bool(
        _phrases(
            r"\b(my |a |as a |as my |is my |it is my )(backup|back-up|fallback|plan b|second choice)\b",
            r"\bstepping stone\b",
            r"\b(first|true|real) (love|choice|passion) (is|was|remains)\b",
            r"\b(realistic|easier|easy|quick|practical|back) (way|route|path|option|entry|door|ticket)"
            r" (in|into)\b",
            r"\b(way|foot|door) (into|in) (the )?(system|door|country|us|states)\b",
            r"\bget into the system\b|\bfoot in the door\b",
            r"\btry again for\b|\bapply (out|again) to\b|\bapply out\b|\breapply (to|for)\b",
            rf"\b(move|moving|switch|switching|transfer|transferring|cross|crossing) (across |over )?"
            rf"(to|into) (a |an |the )?(pgy-?2 |categorical )?({SPECIALTIES})\b",
            rf"\bpgy-?2 ({SPECIALTIES}) (spot|position|place|slot)\b",
            r"\btransfer (to|out|into)\b.{0,30}\b(program|programs|specialty|after|year)\b",
            r"\b(after|once) (my |the |i finish |i complete )?(pgy-?1|pgy1|intern year|first year|prelim)"
            r"\b.{0,40}\b(apply|switch|transfer|move)\b",
            r"\b(did not|not) get enough\b.{0,20}\binterviews\b",
            r"\bbetter chance to match\b|\beasier to (match|get in)\b|\bi can decide later\b",
            r"\bnot (that|really|very) passionate about\b",
            r"\bbuy (myself|my way|me|ourselves) out\b|\b(buy|bought|buying) out (the|my|their|our) "
            r"(rest|remainder|remaining|commitment|contract|return)\b",
            r"\ba box to tick\b",
            r"\balso applying (in|to|for) (\w+ )?(\w+ )?this (cycle|year)\b",
            r"\b(will be|are|is) at the top of my rank list\b",
            r"\b(after|once) (residency|training|i finish|we finish)\b.{0,50}\b(settle|move|go|head) back\b",
            r"\b(do|serve|stay|spend) (a|one) year or (so|two) (there )?and then\b",
        ).search(joined)
    )


def non_weakness(clause: Clauses, text: str) -> bool:
    """A strength presented as a weakness (or a failure that is really a success)."""
    joined = clause.joined
    return bool(
        _phrases(
            r"\bperfectionis[mt]\b",
            r"\bi (care|work|worry) too (much|hard)\b",
            r"\btoo (dedicated|hardworking|committed|detail-oriented|thorough|caring|passionate)\b",
            r"\b(have|had) not failed\b|\b(do not|did not) think i have (failed|a weakness|any weakness|made)\b",
            r"\bi (do not|don't) (really )?have (a|any) (real )?weakness\b",
            r"\b(hard|difficult) (for me )?to (leave|go home|say no|let go|stop working)\b",
            r"\bwhat makes (my )?(patients|people|everyone) (love|trust|like) me\b",
            r"\b(stayed|stay|staying) (late|until|past|after my shift|on my day off|beyond)\b.{0,40}\b(patient|shift)\b",
            r"\bmy (only |real )?(mistake|failure|weakness) (was|is) that i (cared|care|worked|work|was too)\b",
            r"\bthe team (had )?missed\b.{0,60}\bi (caught|diagnosed|found|noticed)\b",
            r"\b(trouble|a hard time|difficulty) (leaving|letting go|going home|saying no)\b",
            r"\bmy patients (have )?(benefit|benefited|benefitted) from (it|that|this)\b",
            r"\b(does|do|doing) too much\b|\berr(ing)? on the side of (high|higher) standards\b",
        ).search(joined)
    )


def dismissing_feedback(clause: Clauses, text: str) -> bool:
    """Hears criticism and keeps doing the same thing."""
    if not _in_answer(_FEEDBACK, text):
        return False
    joined = clause.joined
    for index in clause.find(
        re.compile(r"change|changed|adjust|adjusted|adapt|adapted|modify|modified|alter|altered")
    ):
        if clause.negated(index) and clause.subject(index) == "i":
            return True
    return bool(
        _phrases(
            r"\b(preference|opinion|personal style|style) rather than\b",
            r"\bnot a real problem\b|\bnothing wrong with my\b",
            r"\b(they|she|he) (was|were) (simply |just )?wrong\b",
            r"\b(ignored|dismissed) (the|her|his|their) (feedback|advice|comments|criticism)\b",
            r"\bkept doing it my way\b|\bstuck (to|with) my (way|style|approach)\b",
            r"\b(do|did|would do|will do) it the same way\b",
            r"\bthat is (just )?(how|who) i am\b",
            r"\b(take|took|remove|removed|taken|delete|deleted) (them|it|those|these|the \w+) (out of|off|"
            r"from) my (file|record|portfolio)\b",
            r"\bpersonality clash(es)?\b",
            r"\bcontinued (the way|as) i (was trained|always|had)\b",
            r"\b(he|she|they) stopped (raising|mentioning) it\b",
            r"\b(choose|pick|select) (which|who|the) (faculty|attendings?|people|consultants?) "
            r"(evaluate|assess|grade|rate)\b",
        ).search(joined)
    )


def retaliation(clause: Clauses, text: str) -> bool:
    """Removes, punishes or silences someone who raised a concern."""
    if not _in_answer(_OBJECTION, text):
        return False
    joined = clause.joined
    person = r"(her|him|them|she|he|the (nurse|intern|resident|student|colleague|midwife|tech\w*))"
    moved = r"(transferred|moved|removed|rotated|reassigned|switched|taken off|fired|dismissed|disciplined|written up|excluded|banned|replaced)"
    if re.search(
        rf"\b(have|had|get|got|asked that|ask that|requested that|made sure) {person} (be |was |were )?{moved}\b"
        rf"|\b(i|we) (had |got )?(transfer\w*|moved|removed|rotated|reassigned|fired|disciplined|wrote up|reported|replaced|excluded|banned) {person}\b"
        rf"|\b(gave|assigned|put) {person} (on )?(two months of |extra |all the |only )?(nights|night shifts|weekends|nights and weekends)\b",
        joined,
    ):
        return True
    return bool(
        re.search(
            r"\b(after that|from then on|since then) (nobody|no one|no-one) (questioned|complained|objected|dared|challenged|said)",
            joined,
        )
        or re.search(
            r"\b(worked out|found out|figured out) who (wrote|complained|reported|sent)\b", joined
        )
    )


_OTHERS_SHOULD_HAVE = re.compile(
    r"\b(?!(?:i|we)\b)(\w+) (really )?should have (questioned|caught|checked|noticed|flagged|"
    r"stopped|picked (it )?up|spotted|known|warned|double-checked|asked|told me|prevented)\b"
)


def blaming(clause: Clauses, text: str) -> bool:
    """Puts the cause of one's own failure on others or on circumstances."""
    mistake = _in_answer(_MISTAKE, text)
    if not (mistake or _in_answer(_FAILURE, text)):
        return False
    joined = clause.joined
    # after one's own slip, "an experienced nurse should have questioned it"
    if mistake and _OTHERS_SHOULD_HAVE.search(joined):
        return True
    return bool(
        _phrases(
            r"\btechnically true,? but\b",
            r"\bthe real (failure|problem|issue|cause|fault|mistake) (was|lay|lies) (in|with) (the|their)\b",
            r"\b(can not|cannot|can't) assume (that )?the other people\b",
            r"\bwent wrong around me\b|\bwhich is (her|his|their) (responsibility|job)\b",
            r"\b(can not|cannot|can't) rely on the system\b",
            r"\b(was not|not) (really )?my fault\b|\b(their|his|her|the nurse's|the exam's|the school's) fault\b",
            r"\b(came|comes|come) down to (the|my|our)\b.{0,40}\b(nurses|residents|team|colleagues|"
            r"school|exam|staff|others|doctors|them|program|director)\b",
            r"\b(misled|mislead|never prepared|did not prepare us|nobody (taught|told) us|no one "
            r"(taught|told) us|badly written)\b",
            r"\b(exam|test|questions|grading|centre|center|proctor|room)\b.{0,40}\b(unfair|freezing|"
            r"noisy|broken|cancell?ing|cancell?ed|interrupted|slow)\b",
            r"\bi did my part\b|\bnot because of me\b",
            r"\b(did not|does not) reflect my (medical )?knowledge\b",
            r"\b(so|which is why) the result (did not|was not|wasn't) (come as )?(a )?surprise\b",
            r"\bwhich cost me\b|\b(slow|late|failed) to (correct|send|submit|renew)\b",
            r"\b(because of|due to) (the|my|a|an) (program|director|pd|school|dean|exam|centre|center|"
            r"proctor|covid|pandemic|attending|chief|politics)\b",
            r"\b(would not|could not|did not)\b.{0,12}\b(be bothered|follow|cooperate|listen)\b.*\b(nurses|"
            r"residents|they|team|doctors|colleagues|staff)\b",
        ).search(joined)
    )


_GIFT = re.compile(
    r"\b(gift|gifts|voucher|envelope|cash|money|watch|jewel\w*|tickets?|present|flights?|hotel|"
    r"sponsor\w*|dinner|fees)\b"
)


def accepting_gifts(clause: Clauses, text: str) -> bool:
    """Takes a valuable gift from a patient or a company, or keeps one quiet."""
    if not _in_answer(_GIFT, text):
        return False
    joined = clause.joined
    # "I accepted the voucher", not "the abstract was accepted as a poster"
    for match in re.finditer(r"\b(i|we) (\w+ ){0,2}?(accepted|accept|took|kept|keep)\b", joined):
        if clause.negated(len(joined[: match.start(3)].split())):
            continue
        # "I accept only the dates and the coffee" is courtesy, not a valuable gift
        small = re.search(
            r"\b(only|dates|coffee|tea|sweets|chocolates?|flowers|card|cake|biscuits)\b", joined
        )
        if (
            not small
            and _in_answer(_VALUABLE, text)
            and not re.search(
                r"\b(declin\w*|return\w*|refus\w*|donat\w*|shared? (it|them) with)\b",
                joined[match.end() :],
            )
        ):
            return True
    if re.search(
        r"\b(company|they|representative|rep|sponsor) (covered|paid for|paid|funded) my (flights?|hotel|"
        r"trip|travel|registration|stay)\b|\b(i )?(did )?(use|prescribe|prescribed|used) more of (their|the "
        r"company's|the sponsor's)\b",
        joined,
    ):
        return True
    return bool(
        re.search(
            r"\b(did not|didn't|never) (see any reason to )?(mention|tell|report|declare)\b.{0,40}\b(team|anyone|colleagues|department)\b",
            joined,
        )
    )


def dismissing_patients(clause: Clauses, text: str) -> bool:
    """Talks about patients with contempt: labels, suspicion as a rule, "real" patients."""
    joined = clause.joined
    match = _phrases(
        r"\bfrequent flyers?\b",
        r"\b(they|most of them|half of them|these patients|such patients|these people) (are|were|come|"
        r"came|just come|only come) (just |only |mostly |all )?(there |here |in )?(for|after) the "
        r"(drugs|attention|sick notes?|free|food|bed)\b",
        r"\bthe real patients\b",
        r"\bwithout (that|the|all that|all the) noise\b",
        r"\bno point in (a full|doing a|any|a long) (work-?up|assessment|history|conversation)\b",
        r"\bpatients who actually want to\b|\bsave (your|my) energy for\b",
        r"\bhow little (of it|patient contact|contact|interaction) there is\b",
        r"\bnot (to )?invest (too much|much|my time|time|energy)\b",
        r"\b(move|moved|get|got) (them|him|her) (on|out) (quickly|fast)?\b.{0,40}\b(real|other|"
        r"sicker) patients\b",
        r"\bwast(e|es|ed|ing) (my|our|the team's) time\b",
        r"\b(those|these) (people|patients) (always|never|just|only)\b",
    ).search(joined)
    if match is None:
        return False
    return not clause.negated(len(joined[: match.start()].split()))


def unsafe_care(clause: Clauses, text: str) -> bool:
    """Leaves an unstable patient's safety to relatives, or works unfit."""
    joined = clause.joined
    return bool(
        _phrases(
            r"\b(told|asked) (his|her|their|the) (wife|husband|son|daughter|mother|father|family|"
            r"relatives?|parents?|sister|brother) to (run|call|shout|watch|get|fetch|keep an eye|"
            r"check|press)\b",
            r"\bleft (him|her|them|the patient|my patient) (alone|with (his|her|their) (wife|"
            r"husband|family|relatives|mother|father))\b",
            r"\b(did not|didn't) want to (call|wake|bother|disturb|page) (him|her|them|the (resident|senior|"
            r"registrar|attending|consultant))\b",
            r"\b(presented|handed (him|her|them) over|signed (him|her|them) out) (him |her |them )?as "
            r"(stable|fine|well|unremarkable)\b",
            r"\b(did not|didn't) think calling (him|her|them|the \w+)\b",
            r"\bnever (placed|done|performed|inserted) one on a patient\b",
            r"\b(fever|febrile|gastroenteritis|vomiting|migraine|flu)\b.{0,100}\b(finished the shift|rather "
            r"than call|kept working|carried on working)\b",
            r"\b(never|not once) taken a sick day\b|\b(do not|don't) let myself get sick\b",
            r"\b(vomiting|feverish|febrile|lightheaded|light-headed|dizzy|unwell|drunk|hungover)\b.{0,80}"
            r"\bbut i (did not|didn't|kept|still|carried|went|scrubbed)\b",
            r"\b(write|wrote|writing|prescribe|prescribed|prescribing) (myself|for myself) (a |some )?"
            r"(small |little )?(prescription|script|tablets?|pills|supply)\b|\bself-?prescrib\w*",
            r"\b(worked|covered|did) (the|my|a) (shift|night|call|list)\b.{0,30}\b(drunk|"
            r"hungover|feverish|exhausted|unwell|after (two|a few|some) (drinks|beers))\b",
        ).search(joined)
    )


def misrepresenting(clause: Clauses, text: str) -> bool:
    """Presents experience as more than it was, on a CV, in a letter or an application."""
    joined = clause.joined
    if _phrases(
        r"\b(stretch|stretched|embellish\w*|inflat\w*|pad|padded|round(ed)? up) (the |my )?(truth|"
        r"cv|hours|numbers|role|experience|dates|months|weeks)\b",
        r"\blisted (myself|me) as\b|\bthe closest (equivalent|title)\b",
        r"\blisted (it|them|this|that|those) as (a |an )?([\w-]+ )?(author|paper|publication|"
        r"hands-on|clinical|usce|externship|research|first-author)\b",
    ).search(joined):
        return True
    return bool(
        re.search(
            r"\b(is not|isn't|was not|wasn't|not) (strictly|exactly|technically|quite|really) (how|"
            r"what|true|accurate|the case)\b|\bstrictly speaking\b|\bkept (it|them) (in|on) (the |my )?"
            r"(publications?|cv|eras|application)\b|\b(happy|willing|agreed|offered) to (write|word|phrase|"
            r"describe|call|list|sign) it (that way|as)\b|\b(present|presented|describe|described|word|"
            r"worded|frame|framed) it that way\b",
            joined,
        )
        and re.search(
            r"\b(letter|cv|application|eras|describe\w*|classif\w*|label\w*|listed|wrote|write|"
            r"called|signed|certificate)\b",
            joined,
        )
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
    "dismissing-patients": dismissing_patients,
    "unsafe-care": unsafe_care,
    "misrepresenting": misrepresenting,
    "accepting-gifts": accepting_gifts,
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
        "unsafe-care",
        "misrepresenting",
    }
)
# Behaviours judged only when the question invites them: "I stayed late for my patient" is a
# humble-brag in a weakness answer and simply true in a story about teamwork.
QUESTION_SCOPED = frozenset({"non-weakness"})

OWNERSHIP = re.compile(
    r"\b(my (own )?(fault|mistake|error|responsibility|failure|part)|i (should|could) have|"
    r"i (was|am) responsible|i take (full )?responsibility|it was (on )?me|mine also|"
    r"i failed (because|to)|i (had )?not (prepared|planned|studied|asked|checked|realised|realized)|"
    r"i did not (prepare|plan|study|ask|check|review|realise|realize|listen)|i underestimated|"
    r"i (had )?overestimated|i misjudged|i relied|i approached|i designed|i chose|i ignored|"
    r"that was my|i own)\b"
)


def detect(
    text: str, behaviours: list[str] | None = None, split: list[str] | None = None
) -> list[FlagHit]:
    """Behaviours found in the answer, each with the sentence that shows it (split: the
    answer's sentences, when the caller has them already)."""
    wanted = (
        [b for b in DETECTORS if b not in QUESTION_SCOPED] if behaviours is None else behaviours
    )
    parsed = [Clauses(s) for s in (split if split is not None else sentences(text))]
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
        hits = [h for h in hits if h.behaviour != "blaming"]
    return hits
