"""`imgcoach bench`: quality and speed of the matcher, the scorer and the dialog core on this
machine, side by side with baselines on the same data. Timing lives here, never in tests."""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bot.bench.baselines import percentile
from bot.bench.quality import faq_methods, latency, scoring_set, timed
from bot.config import PROJECT_ROOT, Settings
from bot.content.schema import FaqEntry
from bot.core.events import Command, Event, Press, Text
from bot.eval.faq_eval import FaqCase, load_faq_cases
from bot.faq.analyzer import english_words
from bot.faq.index import FaqIndex
from bot.faq.matcher import FaqMatcher
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.semantic.encoder import shared_encoder
from bot.service import Coach
from bot.store.sql import SqlStore


class NoEvaluationSets(ValueError):
    """The benchmark was given no evaluation set to measure quality on."""


def evaluation_sets(
    faq_sets: list[Path], scoring_sets: list[Path], eval_dir: Path | None
) -> tuple[list[Path], list[Path]]:
    """The sets named, or every faq_*/scoring_* file of the evaluation folder."""
    if not faq_sets and not scoring_sets and eval_dir is not None:
        faq_sets = sorted(eval_dir.glob("faq_*.yaml"))
        scoring_sets = sorted(eval_dir.glob("scoring_*.yaml"))
    if not faq_sets or not scoring_sets:
        raise NoEvaluationSets(
            "no evaluation sets given: pass --faq-set and --scoring-set (each repeatable) or "
            "--eval-dir, or set IMGCOACH_EVAL_DIR to a folder of faq_*.yaml and scoring_*.yaml"
        )
    return faq_sets, scoring_sets


def _spec_questions(settings: Settings, entries: list[FaqEntry]) -> list[tuple[str, str]]:
    spec = (settings.spec_dir / "faq_topics.yaml") if settings.spec_dir else None
    if spec and spec.exists():
        topics = yaml.safe_load(spec.read_text(encoding="utf-8"))["topics"]
        return [(t["id"], t["question"]) for t in topics]
    return [(e.id, e.question) for e in entries]


def _synthetic_entries(entries: list[FaqEntry], factor: int) -> list[FaqEntry]:
    """A knowledge base `factor` times larger, made of reworded copies of the real one."""
    rng = random.Random(factor)
    out = list(entries)
    fillers = ["exactly", "really", "in detail", "for 2027", "as an applicant", "please", "today"]

    def vary(text: str, copy: int) -> str:
        words = text.split()
        rng.shuffle(words)
        return " ".join(words) + f" {rng.choice(fillers)} v{copy}"

    for copy in range(1, factor):
        for entry in entries:
            out.append(
                entry.model_copy(
                    update={
                        "id": f"{entry.id[:30]}-x{copy}",
                        "question": vary(entry.question, copy),
                        "alternates": [vary(a, copy) for a in entry.alternates],
                        "keywords": [f"{k} v{copy}" for k in entry.keywords],
                        "related": [],
                    }
                )
            )
    return out


def faq_scale(
    knowledge: Knowledge, cases: list[FaqCase], factors: list[int]
) -> list[dict[str, Any]]:
    vocabulary = knowledge.content.vocabulary
    rows = []
    for factor in factors:
        entries = _synthetic_entries(knowledge.content.faq, factor)
        index, build_ms = timed(
            lambda e=entries: FaqIndex.build(e, vocabulary.out_of_scope, vocabulary.synonyms)
        )
        match = FaqMatcher(index).match
        times = [timed(lambda q=c.query, m=match: m(q))[1] for c in cases]
        rows.append(
            {
                "factor": factor,
                "entries": len(entries),
                "build_ms": round(build_ms, 1),
                **latency(times),
            }
        )
    return rows


def scoring_speed(knowledge: Knowledge, quick: bool) -> dict[str, Any]:
    question = knowledge.bank.get("medical-mistake") or knowledge.bank.questions[0]
    typical = (
        "As an intern in Lagos in 2022 I gave a 70-year-old man with heart failure a full dose of "
        "enoxaparin without checking his kidney function. The pharmacist caught it after the first "
        "dose. I told my senior at once and explained to the patient and his daughter what had "
        "happened; we changed the dose and he had no bleeding. I filed the incident report myself. "
        "Since then I check renal function before I sign any renally cleared drug."
    )
    samples = {
        "short": "I forgot a lab once and told my senior.",
        "typical": typical,
        "2000_words": " ".join([typical] * (2000 // len(typical.split()) + 1)),
    }
    rounds = 20 if quick else 200
    out: dict[str, Any] = {}
    for name, answer in samples.items():
        knowledge.score(question, answer)  # the first answer loads the red-flag reader
        times = [timed(lambda a=answer: knowledge.score(question, a))[1] for _ in range(rounds)]
        out[name] = latency(times)
    out.update(out["typical"])
    return out


def meaning_cost(knowledge: Knowledge, quick: bool) -> dict[str, Any]:
    """What the embedding signal costs per question on its own: a short question and a long
    post, each encoded as the matcher reads it (a long post: one text of at most 48 words)."""
    encoder = shared_encoder()
    read = knowledge.faq.checks.meaning_segments
    short = "do i need step 3 for h1b visa as a non us img"
    long = " ".join(
        ["I graduated in 2016 from a school in Lagos and I am applying this cycle."] * 6
        + ["Do I need to pass Step 3 before I apply for an H-1B residency position?"]
    )
    rounds = 30 if quick else 200
    return {
        name: latency(
            [timed(lambda t=f"{i} {text}": encoder.encode(read(t)))[1] for i in range(rounds)]
        )
        for name, text in (("short_query", short), ("long_post", long))
    }


def _workload(users: int, seed: int = 7) -> list[tuple[str, Event]]:
    """A mixed day: FAQ questions, small talk, menus, interview answers and button presses."""
    rng = random.Random(seed)
    questions = [
        "what is soap",
        "do i need usce",
        "j1 vs h1b?",
        "how many attempts usmle",
        "what is carms",
        "is nac still required",
        "eras fee for 100 programs",
        "thanks",
        "hello",
        "how to write personal statement",
    ]
    sessions: list[list[tuple[str, Event]]] = []
    for number in range(users):
        user = f"bench-{number}"
        events: list[tuple[str, Event]] = []
        sessions.append(events)
        events.append((user, Command("start")))
        for _ in range(rng.randint(1, 3)):
            events.append((user, Text(rng.choice(questions))))
        if number % 3 == 0:
            events.append((user, Command("interview")))
            events.append((user, Press("s:1:track:mixed")))
            events.append(
                (user, Text("When I was an intern in 2022 I made a handover sheet with my senior."))
            )
            events.append(
                (
                    user,
                    Text("Missed tasks fell from five a week to one and I learned to ask early."),
                )
            )
            events.append((user, Command("done")))
            events.append((user, Command("next")))
    # users interleave at random, each one's own events stay in order
    mixed: list[tuple[str, Event]] = []
    pending = [list(reversed(events)) for events in sessions]
    while pending:
        turn = rng.randrange(len(pending))
        mixed.append(pending[turn].pop())
        if not pending[turn]:
            pending[turn] = pending[-1]
            pending.pop()
    return mixed


def core_throughput(
    knowledge: Knowledge, renderer: Renderer, url: str, users: int
) -> dict[str, Any]:
    store = SqlStore.open(url)
    coach = Coach(knowledge, renderer, store)
    english_words()  # as the running bot does at start (bot.app), not inside the timing
    events = _workload(users)
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
    start = time.perf_counter()
    for number, (user, event) in enumerate(events):
        coach.handle(user, event, update_id=10_000_000 + number, now=now)
    elapsed = time.perf_counter() - start
    store.close()
    return {
        "events": len(events),
        "users": users,
        "seconds": round(elapsed, 2),
        "events_per_s": round(len(events) / elapsed, 1),
    }


def cold_start(runs: int) -> dict[str, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", "what is soap", "--json"],
            check=True,
            capture_output=True,
            cwd=PROJECT_ROOT,
        )
        times.append(time.perf_counter() - start)
    return {
        "cold_start_s": round(percentile(times, 0.5), 3),
        "cold_start_max_s": round(max(times), 3),
    }


def footprint_child() -> None:
    """Run in a fresh interpreter: the whole bot (content, prompts, store, a short dialog),
    then print its peak resident memory in MB."""
    from bot.app import build_coach

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/footprint.db")
        coach = build_coach(settings, charts=False)
        now = dt.datetime.now(dt.UTC)
        script: list[Event] = [
            Command("start"),
            Text("what is soap"),
            Text("do i need usce"),
            Command("interview"),
            Press("s:1:track:mixed"),
            Text("In 2022 as an intern I made a handover sheet with my senior; missed tasks fell."),
            Command("done"),
        ]
        for number, event in enumerate(script):
            coach.handle("footprint", event, update_id=number + 1, now=now)
        coach.store.close()
    print(_peak_rss_mb())


def _peak_rss_mb() -> float:
    """This process's own high-water mark. ru_maxrss would not do in a child: Linux carries
    the parent's figure over the fork, and the parent here is the benchmark."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def footprint() -> float:
    # a fresh interpreter, so the figure is the bot's alone
    done = subprocess.run(
        [sys.executable, "-c", "from bot.bench.runner import footprint_child; footprint_child()"],
        check=True,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    return float(done.stdout.strip().splitlines()[-1])


def run_benchmark(
    settings: Settings,
    *,
    faq_sets: list[Path],
    scoring_sets: list[Path],
    quick: bool = False,
) -> dict[str, Any]:
    knowledge = Knowledge.load(settings.content_dir)
    plain = Knowledge.from_content(knowledge.content, meaning=False)
    renderer = Renderer(settings.prompts_dir)
    repeat = 1 if quick else 5
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "quick": quick}
    spec = _spec_questions(settings, knowledge.content.faq)
    by_set = {path.name: faq_methods(knowledge, plain, spec, path, repeat) for path in faq_sets}
    results["faq_sets"] = by_set
    results["faq"] = {"set": faq_sets[0].name, **by_set[faq_sets[0].name]}
    cases = load_faq_cases(faq_sets[0])
    results["faq_scale"] = faq_scale(knowledge, cases, [1, 10] if quick else [1, 10, 100])
    results["meaning"] = meaning_cost(knowledge, quick)
    scoring: dict[str, Any] = scoring_speed(knowledge, quick)
    scoring["sets"] = {path.name: scoring_set(knowledge, plain, path) for path in scoring_sets}
    first = scoring["sets"][scoring_sets[0].name]
    scoring.update(
        set=scoring_sets[0].name,
        pairwise_accuracy=first["ours"]["pairwise_accuracy"],
        fooled=first["ours"]["fooled"],
        keyword_baseline=first["keyword_baseline"],
    )
    results["scoring"] = scoring

    core: dict[str, Any] = {}
    users = 100 if quick else 1000
    with tempfile.TemporaryDirectory() as folder:
        core["sqlite"] = core_throughput(knowledge, renderer, f"sqlite:///{folder}/bench.db", users)
    database = os.environ.get("DATABASE_URL", "")
    if database.startswith(("postgresql://", "postgres://")):
        core["postgresql"] = core_throughput(knowledge, renderer, database, users)
    else:
        core["postgresql"] = {"skipped": "set DATABASE_URL=postgresql://... to measure it"}
    results["core"] = core
    results.update(cold_start(2 if quick else 5))
    # the bot's own footprint, measured in its own process (the benchmark itself holds the
    # x100 index and every baseline, so its own RSS says nothing about the bot)
    results["rss_mb"] = footprint()
    results["bench_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["machine"] = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "processor": platform.machine(),
    }
    return results
