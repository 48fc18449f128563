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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bot.bench.baselines import bm25, embeddings, keyword_share, naive_wratio, percentile
from bot.config import PROJECT_ROOT, Settings
from bot.content.schema import FaqEntry
from bot.core.events import Command, Event, Press, Text
from bot.eval.faq_eval import FaqCase, load_faq_cases
from bot.eval.scoring_eval import evaluate_scoring, load_scoring_cases
from bot.faq.analyzer import english_words
from bot.faq.index import FaqIndex
from bot.faq.matcher import FaqMatcher, MatchResult
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store.sql import SqlStore

SHARED_EVAL = PROJECT_ROOT.parent / "shared" / "eval"


def _timed(function: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = function()
    return result, (time.perf_counter() - start) * 1000


def _latency(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(values, 0.5), 3),
        "p99_ms": round(percentile(values, 0.99), 3),
    }


def faq_quality(
    match: Callable[[str], MatchResult], cases: list[FaqCase], repeat: int = 1
) -> dict[str, Any]:
    for case in cases[:5]:  # warm caches (typo dictionary, stems) before timing
        match(case.query)
    hits = wrong = clarify = in_scope = refused = out_scope = 0
    times: list[float] = []
    for case in cases:
        result, elapsed = _timed(lambda q=case.query: match(q))
        times.append(elapsed)
        for _ in range(repeat - 1):
            times.append(_timed(lambda q=case.query: match(q))[1])
        if case.expect is None:
            out_scope += 1
            refused += result.status != "answer"
            continue
        in_scope += 1
        if result.status == "answer":
            hits += result.id in case.expect
            wrong += result.id not in case.expect
        elif result.status == "clarify":
            clarify += 1
    return {
        "hit_at_1": round(hits / in_scope, 4) if in_scope else 0.0,
        "wrong": round(wrong / in_scope, 4) if in_scope else 0.0,
        "clarify": round(clarify / in_scope, 4) if in_scope else 0.0,
        "oos_refusal": round(refused / out_scope, 4) if out_scope else 0.0,
        **_latency(times),
    }


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
        index, build_ms = _timed(
            lambda e=entries: FaqIndex.build(e, vocabulary.out_of_scope, vocabulary.synonyms)
        )
        match = FaqMatcher(index).match
        times = [_timed(lambda q=c.query, m=match: m(q))[1] for c in cases]
        rows.append(
            {
                "factor": factor,
                "entries": len(entries),
                "build_ms": round(build_ms, 1),
                **_latency(times),
            }
        )
    return rows


def scoring_bench(knowledge: Knowledge, scoring_set: Path | None, quick: bool) -> dict[str, Any]:
    path = scoring_set or SHARED_EVAL / "scoring_dev.yaml"
    out: dict[str, Any] = {}
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
    for name, answer in samples.items():
        times = [_timed(lambda a=answer: knowledge.score(question, a))[1] for _ in range(rounds)]
        out[name] = _latency(times)
    out.update(out["typical"])
    if path.exists():
        answers = load_scoring_cases(path)

        def ours(q: str, a: str) -> tuple[str | None, int, int]:
            result = knowledge.score(q, a)
            return result.question_id, result.score, result.words

        def keywords(q: str, a: str) -> tuple[str | None, int, int]:
            found = knowledge.bank.find(q) or knowledge.bank.generic
            return found.id, keyword_share(found, a), len(a.split())

        report = evaluate_scoring(ours, answers)
        baseline = evaluate_scoring(keywords, answers)
        out["set"] = path.name
        out["pairwise_accuracy"] = report["pairwise_accuracy"]
        out["fooled"] = report["fooled"]
        out["keyword_baseline"] = {
            "pairwise_accuracy": baseline["pairwise_accuracy"],
            "fooled": baseline["fooled"],
        }
    return out


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
    quick: bool = False,
    faq_set: Path | None = None,
    scoring_set: Path | None = None,
) -> dict[str, Any]:
    knowledge = Knowledge.load(settings.content_dir)
    renderer = Renderer(settings.prompts_dir)
    cases = load_faq_cases(faq_set or SHARED_EVAL / "faq_dev.yaml")
    repeat = 1 if quick else 5
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "quick": quick}

    faq: dict[str, Any] = {"set": (faq_set or SHARED_EVAL / "faq_dev.yaml").name}
    faq["ours"] = faq_quality(knowledge.faq.match, cases, repeat)
    faq["naive_wratio"] = faq_quality(
        naive_wratio(_spec_questions(settings, knowledge.content.faq)), cases, repeat
    )
    bm = bm25(knowledge.content.faq)
    if bm is not None:
        bm.fit_threshold([(c.query, c.expect) for c in cases])
        faq["bm25"] = {**faq_quality(bm, cases, repeat), "threshold": round(bm.threshold, 2)}
    else:
        faq["bm25"] = {"skipped": "install the bench extra: pip install -e '.[bench]'"}
    embedder = embeddings(knowledge.content.faq)
    faq["minilm"] = (
        faq_quality(embedder, cases, 1)
        if embedder
        else {"skipped": "optional: needs sentence-transformers and a local all-MiniLM-L6-v2 model"}
    )
    results["faq"] = faq
    results["faq_scale"] = faq_scale(knowledge, cases, [1, 10] if quick else [1, 10, 100])
    results["scoring"] = scoring_bench(knowledge, scoring_set, quick)

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


def format_table(results: dict[str, Any]) -> str:
    lines = [
        f"IMG Residency Coach benchmark — {results['date']} — "
        f"{results['machine']['cores']} cores, Python {results['machine']['python']}",
        "",
    ]
    lines.append(
        f"FAQ on {results['faq']['set']}:  method        hit@1   wrong   refuse  p50 ms  p99 ms"
    )
    for name in ("ours", "naive_wratio", "bm25", "minilm"):
        row = results["faq"][name]
        if "skipped" in row:
            lines.append(f"  {name:<14} skipped: {row['skipped']}")
            continue
        lines.append(
            f"  {name:<14} {row['hit_at_1']:>6.1%} {row['wrong']:>7.1%} {row['oos_refusal']:>7.1%}"
            f" {row['p50_ms']:>7.3f} {row['p99_ms']:>7.3f}"
        )
    lines.append("")
    lines.append("FAQ look-up vs knowledge-base size:")
    for row in results["faq_scale"]:
        lines.append(
            f"  x{row['factor']:<4} {row['entries']:>6} entries  build {row['build_ms']:>8.1f} ms"
            f"  p50 {row['p50_ms']:.3f} ms  p99 {row['p99_ms']:.3f} ms"
        )
    scoring = results["scoring"]
    lines.append("")
    lines.append(
        f"Scorer: typical answer p50 {scoring['typical']['p50_ms']:.2f} ms, p99 {scoring['typical']['p99_ms']:.2f} ms;"
        f" 2,000 words p99 {scoring['2000_words']['p99_ms']:.2f} ms"
    )
    if "pairwise_accuracy" in scoring:
        lines.append(
            f"  ordering on {scoring['set']}: ours {scoring['pairwise_accuracy']:.1%} (fooled {scoring['fooled']:.1%}),"
            f" keyword baseline {scoring['keyword_baseline']['pairwise_accuracy']:.1%}"
        )
    lines.append("")
    for store, row in results["core"].items():
        if "skipped" in row:
            lines.append(f"Dialog core on {store}: skipped ({row['skipped']})")
        else:
            lines.append(
                f"Dialog core on {store}: {row['events_per_s']:.0f} events/s ({row['events']} events, {row['users']} users)"
            )
    lines.append(
        f"Cold start to first reply: {results['cold_start_s']:.2f} s   peak RSS: {results['rss_mb']:.0f} MB"
    )
    return "\n".join(lines)
