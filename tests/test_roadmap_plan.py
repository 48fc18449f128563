"""The roadmap plan: what an IMG in each real situation is told, and rules that hold for every
combination of answers (dates in order, nothing done shown as next, a source for every step,
each warning exactly when its rule says so). Also the `imgcoach roadmap --json` contract."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.roadmap.plan import (
    COUNTRIES,
    MILESTONE_STATUSES,
    STATUSES,
    Answers,
    Plan,
    build_plan,
    default_year,
)
from bot.roadmap.rules import EXAMS, RoadmapRules, load_roadmap
from tests.conftest import CONTENT

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 6)
US_STATUSES = ("us-citizen", "us-green-card", "needs-visa")
CA_STATUSES = ("ca-citizen", "ca-pr", "none")
SPECIALTIES = (None, "internal-medicine", "emergency-medicine", "obgyn", "neurology", "dermatology")


@pytest.fixture(scope="module")
def rules() -> RoadmapRules:
    loaded = load_roadmap(CONTENT)
    assert loaded.ok, loaded.problems
    return loaded


# --- golden cases: the eight situations of the issue, and two more ----------------------------


GOLDEN: dict[str, tuple[Answers, dict[str, object]]] = {
    "a 2019 graduate needing a J-1 for internal medicine, next cycle": (
        Answers("us", 2028, 2019, "needs-visa", frozenset(), "internal-medicine"),
        {
            "flags": {"graduation-year", "j1-home-residence"},
            "next": {"ecfmg-application"},
            "status": {"step1": "later", "j1-sponsorship": "later", "eras-submit": "later"},
            "absent": {"step3", "physiciansapply"},
            "text": {"graduation-year": "9 years since you graduated"},
        },
    ),
    "a US citizen from a Caribbean school with Step 1": (
        Answers("us", 2028, 2027, "us-citizen", frozenset({"step1"})),
        {
            "flags": {"us-citizen-img"},
            "next": {"eras-opens", "eras-token"},
            "status": {"step1": "done", "ecfmg-application": "done", "fsmb-registration": "done"},
            "absent": {"j1-sponsorship", "step3"},
        },
    ),
    "a green-card holder with Steps 1 and 2 CK": (
        Answers("us", 2028, 2024, "us-green-card", frozenset({"step1", "step2ck"})),
        {
            "flags": {"green-card-nrmp"},
            "next": {"eras-opens", "eras-token"},
            "status": {"step2ck": "done", "oet": "later", "ecfmg-requirements": "later"},
            "absent": {"j1-sponsorship"},
        },
    ),
    "a Canadian PR with MCCQE Part I applying to both countries": (
        Answers("both", 2028, 2023, "ca-pr", frozenset({"mccqe1"})),
        {
            "flags": {"graduation-year", "j1-home-residence", "return-of-service", "both-matches"},
            "next": {"ecfmg-application"},
            "status": {"mccqe1": "done", "physiciansapply": "done", "nac": "later"},
            "present": {"carms-apply", "eras-submit", "language-test"},
        },
    ),
    "a graduate with Step 1 only": (
        Answers("us", 2028, 2024, "needs-visa", frozenset({"step1"})),
        {
            "flags": {"j1-home-residence"},
            "next": {"eras-opens", "eras-token"},
            "status": {"step1": "done", "step2ck": "later", "ecfmg-application": "done"},
        },
    ),
    "a final-year student with no exams yet": (
        Answers("us", 2028, 2027, "needs-visa", frozenset(), "pediatrics"),
        {
            "flags": {"j1-home-residence"},
            "next": {"ecfmg-application"},
            "status": {"step1": "later", "step2ck": "later", "residency-start": "later"},
        },
    ),
    "one too late for this cycle": (
        Answers("us", 2027, 2025, "needs-visa", frozenset({"step1"})),
        {
            "flags": {"too-late-us", "step2ck-late", "j1-home-residence"},
            "next": {"interview-season", "oet"},
            "status": {
                "eras-submit": "missed",
                "step2ck": "missed",
                "pathway": "missed",
                "eras-opens": "done",
                "ecfmg-requirements": "at_risk",
                "step1": "done",
            },
        },
    ),
    "one with Step 3 aiming for an H-1B": (
        Answers(
            "us", 2028, 2024, "needs-visa", frozenset({"step1", "step2ck", "step3"}), None, True
        ),
        {
            "flags": {"h1b-payment"},
            "next": {"eras-opens", "eras-token"},
            "status": {
                "step3": "done",
                "oet": "done",
                "pathway": "done",
                "ecfmg-requirements": "done",
            },
            "absent": {"j1-sponsorship"},
        },
    ),
    "an H-1B hopeful without Step 3, in emergency medicine": (
        Answers("us", 2028, 2025, "needs-visa", frozenset(), "emergency-medicine", True),
        {
            "flags": {"h1b-needs-step3", "h1b-payment", "residencycas"},
            "next": {"ecfmg-application"},
            "status": {"step3": "later"},
        },
    ),
    "a US citizen looking at Canada": (
        Answers("ca", 2028, 2022, "us-citizen", frozenset({"nac"})),
        {
            "flags": {"r1-citizenship", "return-of-service", "graduation-year"},
            "next": {"source-verification"},
            "status": {"nac": "done", "physiciansapply": "done", "mccqe1": "later"},
            "absent": {"eras-submit"},
        },
    ),
}


@pytest.mark.parametrize("situation", list(GOLDEN))
def test_golden_case(rules: RoadmapRules, situation: str) -> None:
    answers, expected = GOLDEN[situation]
    plan = build_plan(rules, answers, TODAY)
    assert {f.id for f in plan.flags} == expected["flags"], situation
    assert {m.id for m in plan.milestones if m.status == "next"} == expected["next"], situation
    statuses = {m.id: m.status for m in plan.milestones}
    for milestone_id, status in expected.get("status", {}).items():  # type: ignore[union-attr]
        assert statuses.get(milestone_id) == status, (situation, milestone_id, statuses)
    for milestone_id in expected.get("absent", ()):  # type: ignore[union-attr]
        assert milestone_id not in statuses, (situation, milestone_id)
    for milestone_id in expected.get("present", ()):  # type: ignore[union-attr]
        assert milestone_id in statuses, (situation, milestone_id)
    for flag_id, words in expected.get("text", {}).items():  # type: ignore[union-attr]
        assert words in next(f.text for f in plan.flags if f.id == flag_id)


def test_the_next_match_that_can_still_be_met_is_the_default(rules: RoadmapRules) -> None:
    # December 2026: the 2027 applications went out in September 2026
    assert default_year(rules, "us", TODAY) == 2028
    assert default_year(rules, "ca", TODAY) == 2028
    # in spring 2026 the 2027 Match was still ahead
    assert default_year(rules, "us", dt.date(2026, 4, 1)) == 2027
    plan = build_plan(rules, Answers("us", None, 2020, "needs-visa"), TODAY)
    assert plan.cycle == 2028


def test_unannounced_dates_say_expected_and_the_rule(rules: RoadmapRules) -> None:
    plan = build_plan(rules, Answers("us", 2028, 2024, "needs-visa"), TODAY)
    match_day = plan.get("match-day")
    assert match_day is not None and match_day.date == dt.date(2028, 3, 17)
    assert match_day.date_text.startswith("expected around 17 March 2028")
    assert "third Friday of March" in match_day.date_text
    eras_opens = plan.get("eras-opens")
    assert eras_opens is not None and "expected around" in eras_opens.date_text
    residency = plan.get("residency-start")
    assert residency is not None and residency.date_text == "1 July 2028"
    # a date only secondary sources give is said to be reported
    this_cycle = build_plan(rules, Answers("us", 2027, 2024, "needs-visa"), TODAY)
    assert "reported" in (this_cycle.get("eras-opens").date_text or "")  # type: ignore[union-attr]


# --- every combination of answers -------------------------------------------------------------


def _closure(done: frozenset[str]) -> set[str]:
    """Step 3 needs Steps 1 and 2 CK and ECFMG certification (with OET): it proves them."""
    return set(done) | ({"step1", "step2ck", "oet"} if "step3" in done else set())


def expected_flags(rules: RoadmapRules, a: Answers, today: dt.date) -> set[str]:
    """Each warning's rule, written out again by hand from content/roadmap/flags.yaml."""
    regions = {"us": {"us"}, "ca": {"ca"}}.get(a.country or "both", {"us", "ca"})
    us, ca = "us" in regions, "ca" in regions
    us_status = None if a.status is None else a.status if a.status in US_STATUSES else "needs-visa"
    ca_status = None if a.status is None else a.status if a.status in CA_STATUSES else "none"
    done = _closure(a.done)
    cycle = rules.cycles[a.match_year or default_year(rules, a.country, today)]

    def passed(milestone_id: str, exam: str | None = None) -> bool:
        when = cycle.dates[milestone_id].date
        return when is not None and when < today and (exam is None or exam not in done)

    match_year = cycle.year
    years = None if a.grad_year is None else match_year - a.grad_year
    spec = (a.specialty or "").replace(" ", "-").lower()
    rules_by_flag = {
        "too-late-us": us and passed("eras-submit"),
        "too-late-ca": ca and passed("carms-apply"),
        "step1-late": us and passed("step1", "step1"),
        "step2ck-late": us and passed("step2ck", "step2ck"),
        "oet-late": us and passed("oet", "oet"),
        "mccqe1-late": ca and passed("mccqe1", "mccqe1"),
        "nac-late": ca and passed("nac", "nac"),
        "graduation-year": years is not None and years >= 5,
        "graduates-after-match": a.grad_year is not None and a.grad_year > match_year,
        "h1b-needs-step3": us and a.wants_h1b and "step3" not in done,
        "h1b-payment": us and a.wants_h1b and us_status == "needs-visa",
        "j1-home-residence": us and us_status == "needs-visa" and not a.wants_h1b,
        "green-card-nrmp": us and us_status == "us-green-card",
        "us-citizen-img": us and us_status == "us-citizen",
        "residencycas": us and spec in ("emergency-medicine", "obgyn"),
        "advanced-programs": us
        and spec in ("anesthesiology", "neurology", "dermatology", "radiology"),
        "r1-citizenship": ca and ca_status == "none",
        "return-of-service": ca,
        "both-matches": (a.country or "both") == "both",
    }
    assert set(rules_by_flag) == {f.id for f in rules.flags}, "a flag without its rule in this test"
    return {flag for flag, fires in rules_by_flag.items() if fires}


def check_plan(rules: RoadmapRules, a: Answers, today: dt.date) -> Plan:
    plan = build_plan(rules, a, today)
    milestones = plan.milestones
    dated = [m.date for m in milestones if m.date is not None]
    assert dated == sorted(dated), "milestones out of date order"
    first_undated = next((i for i, m in enumerate(milestones) if m.date is None), len(milestones))
    assert all(m.date is None for m in milestones[first_undated:]), "undated ones come last"
    done = _closure(a.done)
    regions = {"us": {"us"}, "ca": {"ca"}}.get(a.country or "both", {"us", "ca"})
    upcoming_next = [
        m.date for m in milestones if m.status == "next" and m.date and m.date >= today
    ]
    for m in milestones:
        assert m.status in MILESTONE_STATUSES
        assert m.source.startswith("https://"), m.id
        assert m.date_text and m.title and m.why
        assert m.region in regions
        exam = m.id if m.id in EXAMS else None
        if exam in done:
            assert m.status == "done", (m.id, "done by the user")
        if m.status == "missed":
            assert m.date is not None and m.date < today and m.kind != "event"
        if m.status == "next":
            assert m.date is not None, "an undated step is never next"
            assert m.date >= today or (m.end is not None and m.end >= today)
        if m.status == "later" and m.date is not None and upcoming_next:
            assert m.date >= min(upcoming_next), (m.id, "later but before what is next")
        if m.status in ("later", "at_risk") and m.date is not None:
            assert m.date >= today
    if "step3" in {m.id for m in milestones}:
        assert a.wants_h1b
    if "j1-sponsorship" in {m.id for m in milestones}:
        assert (
            not a.wants_h1b
            and a.status is not None
            and a.status not in ("us-citizen", "us-green-card")
        )
    assert {f.id for f in plan.flags} == expected_flags(rules, a, today)
    assert all(f.source.startswith("https://") and "{" not in f.text for f in plan.flags)
    json.dumps(plan.as_json())
    return plan


def test_every_combination_of_the_answers_that_change_the_plan(rules: RoadmapRules) -> None:
    exam_sets = [
        frozenset(c) for n in range(len(EXAMS) + 1) for c in itertools.combinations(EXAMS, n)
    ]
    days = (TODAY, dt.date(2027, 9, 10), dt.date(2028, 2, 1))
    count = 0
    for country, year, status, done, h1b, today in itertools.product(
        COUNTRIES, sorted(rules.cycles), (*STATUSES, None), exam_sets, (False, True), days
    ):
        check_plan(rules, Answers(country, year, year - 6, status, done, None, h1b), today)
        count += 1
    assert count == 3 * 2 * 7 * 64 * 2 * 3


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    country=st.sampled_from((*COUNTRIES, None)),
    year=st.sampled_from((2027, 2028, None)),
    grad=st.one_of(st.none(), st.integers(1985, 2034)),
    status=st.sampled_from((*STATUSES, None)),
    done=st.frozensets(st.sampled_from(EXAMS)),
    specialty=st.sampled_from((*SPECIALTIES, "Emergency Medicine", "radiology", "anesthesiology")),
    h1b=st.booleans(),
    today=st.dates(dt.date(2025, 6, 1), dt.date(2028, 12, 31)),
)
def test_any_answers_on_any_day(
    rules: RoadmapRules,
    country: str | None,
    year: int | None,
    grad: int | None,
    status: str | None,
    done: frozenset[str],
    specialty: str | None,
    h1b: bool,
    today: dt.date,
) -> None:
    check_plan(rules, Answers(country, year, grad, status, done, specialty, h1b), today)


# --- the command line contract ----------------------------------------------------------------


def imgcoach(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TELEGRAM_BOT_TOKEN": ""},
        timeout=120,
    )


def test_roadmap_json_contract(rules: RoadmapRules) -> None:
    result = imgcoach(
        "roadmap", "--country", "both", "--match-year", "2028", "--grad-year", "2023",
        "--status", "ca-pr", "--done", "mccqe1", "--specialty", "internal-medicine",
        "--today", "2026-12-06", "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"milestones", "flags"}
    for milestone in data["milestones"]:
        assert set(milestone) == {"id", "title", "date", "date_text", "status", "source"}
        assert milestone["status"] in MILESTONE_STATUSES
    for flag in data["flags"]:
        assert set(flag) == {"id", "text", "source"}
    dates = [m["date"] for m in data["milestones"] if m["date"]]
    assert dates == sorted(dates) and data["milestones"][-1]["date"] is None
    plan = build_plan(
        rules, GOLDEN["a Canadian PR with MCCQE Part I applying to both countries"][0], TODAY
    )
    assert data == plan.as_json()


def test_roadmap_json_with_h1b_and_every_option() -> None:
    result = imgcoach(
        "roadmap", "--country", "us", "--match-year", "2028", "--grad-year", "2024",
        "--status", "needs-visa", "--done", "step1,step2ck,step3", "--wants-h1b",
        "--today", "2026-12-06", "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [f["id"] for f in data["flags"]] == ["h1b-payment"]
    assert {m["id"]: m["status"] for m in data["milestones"]}["step3"] == "done"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--done", "step4"), "unknown exam step4"),
        (("--match-year", "2031"), "no roadmap for the 2031 Match"),
        (("--today", "yesterday"), "is not a date"),
    ],
)
def test_roadmap_refuses_what_it_cannot_plan(args: tuple[str, ...], says: str) -> None:
    base = {"--country": "us", "--match-year": "2028", "--grad-year": "2020", "--status": "none"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    result = imgcoach("roadmap", *[x for pair in base.items() for x in pair], "--json")
    assert result.returncode != 0
    assert says in result.stderr and "Traceback" not in result.stderr
