"""Command line: imgcoach [chat | run | ask | score | eval | content check | bench | report]."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from bot.config import ConfigError, Settings
from bot.roadmap.cli import roadmap as roadmap_command


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _fail(message: str, code: int = 2) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def _knowledge(settings: Settings, spec: bool = False) -> Any:
    from bot.content.loader import ContentError
    from bot.knowledge import Knowledge

    try:
        return Knowledge.load(settings.content_dir, settings.spec_dir if spec else None)
    except ContentError as exc:
        _fail(str(exc))


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group(invoke_without_command=True)
@click.pass_context
def main(context: click.Context) -> None:
    """IMG Residency Coach. Without a command: Telegram when TELEGRAM_BOT_TOKEN is set,
    otherwise the terminal chat."""
    if context.invoked_subcommand is None:
        settings = _settings()
        if settings.token:
            context.invoke(run)
        else:
            context.invoke(chat)


@main.command()
def chat() -> None:
    """Chat with the bot in this terminal."""
    from bot.adapters.console import ConsoleChat

    settings = _settings()
    coach = _coach(settings)
    _say_where_the_data_is(settings, coach)
    sys.exit(ConsoleChat(coach, data_dir=settings.data_dir).run())


def _say_where_the_data_is(settings: Settings, coach: Any) -> None:
    from bot.config import database_location
    from bot.telegram_html import to_plain

    custom = bool(os.environ.get("DATABASE_URL"))
    where = database_location(settings.database_url)
    text = coach.core.renderer.render("terminal", kind="data", where=where, default=not custom)
    click.echo(to_plain(text), err=True)


def _coach(settings: Settings, charts: bool = False) -> Any:
    from bot.app import build_coach
    from bot.content.loader import ContentError
    from bot.store.sql import StoreError

    try:
        return build_coach(settings, charts=charts)
    except ContentError as exc:
        _fail(f"The bot cannot start: its content is invalid.\n{exc}")
    except StoreError as exc:
        _fail(f"The bot cannot start: {exc}")


@main.command()
@click.option(
    "--webhook", is_flag=True, help="Serve a webhook (WEBHOOK_URL, PORT) instead of polling."
)
def run(webhook: bool) -> None:
    """Run the bot on Telegram (TELEGRAM_BOT_TOKEN)."""
    from bot.adapters.telegram import run_bot
    from bot.logs import configure

    settings = _settings()
    if not settings.token:
        _fail(
            "Set TELEGRAM_BOT_TOKEN (from @BotFather) to run on Telegram, or use `imgcoach chat`."
        )
    if webhook and not settings.webhook_url:
        _fail("Webhook mode needs WEBHOOK_URL (the public https address Telegram will call).")
    configure(settings.log_level, settings.secrets())
    coach = _coach(settings, charts=True)
    _say_where_the_data_is(settings, coach)
    run_bot(settings, coach, webhook=webhook)


@main.command()
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def ask(text: str, as_json: bool) -> None:
    """Look up one question in the FAQ."""
    knowledge = _knowledge(_settings())
    result = knowledge.ask(text)
    if as_json:
        entry = knowledge.entries.get(result.id) if result.status == "answer" else None
        found = result.as_json()
        # the answered entry's text beside its id (DESIGN.md's contract), null otherwise
        _print_json(
            {
                "status": found["status"],
                "id": entry.id if entry else None,
                "answer": entry.answer if entry else None,
                **{k: v for k, v in found.items() if k not in ("status", "id")},
            }
        )
        return
    if result.status == "answer" and result.id:
        entry = knowledge.entries[result.id]
        click.echo(f"{entry.question}  [{entry.id}, score {result.score}]\n\n{entry.answer}\n")
        for source in entry.sources:
            click.echo(f"  source: {source.title} <{source.url}>")
    elif result.status == "clarify":
        click.echo("Did you mean:")
        for candidate in result.candidates:
            click.echo(f"  - {candidate.question}  [{candidate.id}, {candidate.score}]")
    else:
        note = f" ({result.declined_topic}: out of scope)" if result.declined_topic else ""
        click.echo(f"No answer{note}.")


@main.command()
@click.option("--question", required=True, help="The interview question, in any wording.")
@click.option("--answer", help="The answer text.")
@click.option("--answer-file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def score(question: str, answer: str | None, answer_file: Path | None, as_json: bool) -> None:
    """Score one interview answer."""
    if (answer is None) == (answer_file is None):
        _fail("Give the answer with exactly one of --answer or --answer-file.")
    if answer_file is not None:
        answer = answer_file.read_text(encoding="utf-8", errors="replace")
    knowledge = _knowledge(_settings())
    result = knowledge.score(question, answer or "")
    if as_json:
        _print_json(result.as_json())
        return
    click.echo(f"{result.question}  [{result.question_id or 'generic rubric'}]")
    click.echo(f"score {result.score}/100, {result.words} words")
    for flag in result.red_flags:
        click.echo(f"  RED FLAG {flag.label}: {flag.evidence}")
    for item in result.items:
        mark = "+" if item.met else "-"
        detail = f'"{item.evidence}"' if item.met else item.tip
        click.echo(f"  {mark} {item.label}: {detail}")


@main.group(name="eval")
def eval_group() -> None:
    """Batch evaluation on a test set (formats in ../shared/eval/)."""


@eval_group.command(name="faq")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def eval_faq(file: Path, as_json: bool) -> None:
    """hit@1, confidently wrong, clarify and out-of-scope refusal rates."""
    from bot.eval.faq_eval import EvalFileError, evaluate_faq, format_faq_report, load_faq_cases

    knowledge = _knowledge(_settings())
    try:
        cases = load_faq_cases(file)
    except EvalFileError as exc:
        _fail(str(exc))
    report = evaluate_faq(knowledge.faq, cases)
    if as_json:
        _print_json(report)
    else:
        click.echo(format_faq_report(report))


@eval_group.command(name="scoring")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def eval_scoring(file: Path, as_json: bool) -> None:
    """Pairwise ordering accuracy, mean score per grade, share of weak answers scored 60+."""
    from bot.eval.faq_eval import EvalFileError
    from bot.eval.scoring_eval import evaluate_scoring, format_scoring_report, load_scoring_cases

    knowledge = _knowledge(_settings())
    try:
        answers = load_scoring_cases(file)
    except EvalFileError as exc:
        _fail(str(exc))

    def score_one(question: str, answer: str) -> tuple[str | None, int, int]:
        result = knowledge.score(question, answer)
        return result.question_id, result.score, result.words

    report = evaluate_scoring(score_one, answers)
    if as_json:
        _print_json(report)
    else:
        click.echo(format_scoring_report(report))


@eval_group.command(name="bank")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def eval_bank(file: Path, as_json: bool) -> None:
    """Share of reworded interview questions that find their bank question."""
    from bot.eval.bank_eval import evaluate_bank, format_bank_report, load_bank_cases
    from bot.eval.faq_eval import EvalFileError

    knowledge = _knowledge(_settings())
    try:
        cases = load_bank_cases(file)
    except EvalFileError as exc:
        _fail(str(exc))

    def find(wording: str) -> str | None:
        question = knowledge.bank.find(wording)
        return question.id if question else None

    report = evaluate_bank(find, cases)
    if as_json:
        _print_json(report)
    else:
        click.echo(format_bank_report(report))


@main.group()
def content() -> None:
    """Check the knowledge base, the question bank and the prompts."""


@content.command(name="check")
def content_check() -> None:
    """Validate content/ and prompts/; non-zero exit with every problem listed."""
    from bot.content.templates import check_everything

    settings = _settings()
    problems, summary = check_everything(settings)
    if problems:
        click.echo(f"{len(problems)} problem(s):", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    click.echo(f"content OK: {summary}")


@content.command(name="stale")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Fix the date.")
def content_stale(as_json: bool, today: dt.datetime | None) -> None:
    """FAQ entries by age of review and by cycle: what the yearly update must look at."""
    from bot.content.loader import load_content
    from bot.content.stale import format_stale, stale_report

    content = load_content(_settings().content_dir)
    report = stale_report(content, (today or dt.datetime.now()).date())
    if as_json:
        _print_json(report)
    else:
        click.echo(format_stale(report))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--quick", is_flag=True, help="A shorter run (under a minute).")
@click.option(
    "--faq-set",
    "faq_sets",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="FAQ set (repeatable).",
)
@click.option(
    "--scoring-set",
    "scoring_sets",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Scoring set (repeatable).",
)
@click.option(
    "--eval-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    envvar="IMGCOACH_EVAL_DIR",
    help="Folder of faq_*.yaml and scoring_*.yaml sets.",
)
def bench(
    as_json: bool,
    quick: bool,
    faq_sets: tuple[Path, ...],
    scoring_sets: tuple[Path, ...],
    eval_dir: Path | None,
) -> None:
    """Measure quality and speed against baselines on this machine."""
    from bot.bench.report import format_table
    from bot.bench.runner import NoEvaluationSets, evaluation_sets, run_benchmark

    try:
        faq, scoring = evaluation_sets(list(faq_sets), list(scoring_sets), eval_dir)
    except NoEvaluationSets as exc:
        _fail(str(exc))
    results = run_benchmark(_settings(), quick=quick, faq_sets=faq, scoring_sets=scoring)
    if as_json:
        _print_json(results)
    else:
        click.echo(format_table(results))


main.add_command(roadmap_command)  # bot/roadmap/cli.py: the JSON contract lives there


@main.group()
def report() -> None:
    """Reports for the content maintainer."""


@report.command(name="unanswered")
@click.option("--since", "days", default=30, show_default=True, help="Days to look back.")
@click.option("--json", "as_json", is_flag=True)
def report_unanswered(days: int, as_json: bool) -> None:
    """Questions the bot could not answer, grouped by similarity, and 👎 answers."""
    from bot.reports import unanswered_report
    from bot.store.sql import SqlStore, StoreError

    settings = _settings()
    try:
        store = SqlStore.open(settings.database_url)
    except StoreError as exc:
        _fail(str(exc))
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    data = unanswered_report(store, since)
    if as_json:
        _print_json(data)
        return
    click.echo(f"Unanswered or unclear questions in the last {days} days: {data['total']}")
    for group in data["groups"]:
        click.echo(f"\n[{group['count']}x] {group['example']}")
        for other in group["others"][:4]:
            click.echo(f"      · {other}")
    if data["down_votes"]:
        click.echo("\n👎 answers:")
        for vote in data["down_votes"]:
            click.echo(f"  {vote['entry_id']}: {vote['down']} down, {vote['up']} up")
