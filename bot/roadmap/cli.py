"""`imgcoach roadmap --country … --match-year … --grad-year … --status … [--done …] --json`.

The contract (tests elsewhere depend on it): prints {"milestones": [{"id", "title", "date"
(ISO or null), "date_text", "status" (done|next|later|at_risk|missed), "source"}], "flags":
[{"id", "text", "source"}]}, milestones in date order (undated ones last). `--today` fixes the
clock so plans can be tested. Only content/roadmap/ is read: no model is loaded.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from bot.config import ConfigError, Settings
from bot.roadmap.plan import COUNTRIES, STATUSES, Answers, UnknownCycle, build_plan
from bot.roadmap.rules import load_roadmap
from bot.roadmap.schema import EXAMS


def _date(_context: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-12-06") from None


def _done(_context: click.Context, _param: click.Parameter, value: str | None) -> frozenset[str]:
    names = [part.strip().lower() for part in (value or "").split(",") if part.strip()]
    unknown = [name for name in names if name not in EXAMS]
    if unknown:
        raise click.BadParameter(f"unknown exam {', '.join(unknown)}; use any of {','.join(EXAMS)}")
    return frozenset(names)


@click.command(name="roadmap")
@click.option("--country", required=True, type=click.Choice(COUNTRIES))
@click.option("--match-year", required=True, type=int, help="The Match year aimed for.")
@click.option("--grad-year", required=True, type=int, help="Medical school graduation year.")
@click.option("--status", required=True, type=click.Choice(STATUSES))
@click.option("--done", callback=_done, help=f"Exams passed, comma-separated: {','.join(EXAMS)}.")
@click.option("--specialty", help="Specialty aimed for, e.g. internal-medicine.")
@click.option("--wants-h1b", is_flag=True, help="Aiming for an H-1B rather than a J-1.")
@click.option("--today", callback=_date, help="The date to plan from (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
def roadmap(
    country: str,
    match_year: int,
    grad_year: int,
    status: str,
    done: frozenset[str],
    specialty: str | None,
    wants_h1b: bool,
    today: dt.date | None,
    as_json: bool,
) -> None:
    """A personal dated plan to the Match, from content/roadmap/."""
    try:
        settings = Settings.from_env()
    except ConfigError as exc:  # said as bot.cli says it (bot.cli imports this module)
        raise click.ClickException(str(exc)) from None
    rules = load_roadmap(settings.content_dir)
    if rules.problems:
        click.echo(f"content/roadmap has {len(rules.problems)} problem(s):", err=True)
        for problem in rules.problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(2)
    answers = Answers(
        country=country,
        match_year=match_year,
        grad_year=grad_year,
        status=status,
        done=done,
        specialty=specialty,
        wants_h1b=wants_h1b,
    )
    try:
        plan = build_plan(rules, answers, today or dt.date.today())
    except UnknownCycle as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(plan.as_json(), ensure_ascii=False, indent=2))
        return
    click.echo(f"Roadmap to the {plan.cycle} Match ({plan.country}), as of {plan.today}")
    for m in plan.milestones:
        click.echo(f"  [{m.status:7}] {m.title}: {m.date_text}\n            {m.source}")
    for flag in plan.flags:
        click.echo(f"  ! {flag.text}\n    {flag.source}")
