"""`imgcoach content check`: content, spec ids, prompts that parse and render, message sizes.

Templates are checked by use, not by guesswork: every FAQ answer is rendered as the bot
would send it, and a scripted conversation (FAQ, topics, a full mock interview, progress,
privacy...) runs through the real dialog core, so a template that fails to render, breaks
Telegram's HTML or outgrows a message is named with what triggered it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from bot.config import Settings
from bot.content.check import cross_check, spec_check
from bot.content.loader import ContentProblem, load_content
from bot.core.dialog import Core
from bot.core.events import Command, Event, Incoming, Press, Text, Unsupported
from bot.core.state import UserState
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.roadmap.flow import content_check_script as roadmap_script
from bot.telegram_html import MAX_MESSAGE, check_html


def check_everything(settings: Settings) -> tuple[list[ContentProblem], str]:
    content = load_content(settings.content_dir)
    problems = list(content.problems)
    problems += cross_check(content)
    if settings.spec_dir is not None:
        problems += spec_check(content, settings.spec_dir)
    renderer_problems, renderer = _load_prompts(settings.prompts_dir)
    problems += renderer_problems
    if problems or renderer is None:
        return problems, ""
    knowledge = Knowledge.from_content(content)
    problems += check_rendering(knowledge, renderer)
    summary = (
        f"{len(content.faq)} FAQ entries, {len(content.questions)} interview questions, "
        f"{len(renderer.template_names())} templates"
    )
    return problems, summary


def _load_prompts(prompts_dir: Path) -> tuple[list[ContentProblem], Renderer | None]:
    problems: list[ContentProblem] = []
    if not prompts_dir.is_dir():
        return [ContentProblem(str(prompts_dir), None, None, "prompts folder not found")], None
    try:
        renderer = Renderer(prompts_dir)
    except Exception as exc:
        return [ContentProblem("prompts/labels.yaml", None, None, f"cannot load: {exc}")], None
    for name in renderer.template_names():
        try:
            renderer.env.get_template(f"{name}.j2")
        except TemplateSyntaxError as exc:
            problems.append(
                ContentProblem(
                    f"prompts/{name}.j2", None, f"line {exc.lineno}", exc.message or "syntax error"
                )
            )
    return problems, renderer


def check_rendering(knowledge: Knowledge, renderer: Renderer) -> list[ContentProblem]:
    problems: list[ContentProblem] = []
    core = Core(knowledge, renderer)
    now = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)

    def run(state: UserState, event: Event, what: str) -> None:
        try:
            outcome = core.handle(state, Incoming("content-check", event, now, is_admin=True))
        except TemplateError as exc:
            problems.append(ContentProblem("prompts", None, what, f"template failed: {exc}"))
            return
        except Exception as exc:  # a template calling something that breaks: name it
            problems.append(ContentProblem("prompts", None, what, f"{type(exc).__name__}: {exc}"))
            return
        for reply in outcome.replies:
            for issue in check_html(reply.text) if reply.text else []:
                problems.append(
                    ContentProblem("prompts", None, what, f"invalid Telegram HTML: {issue}")
                )
            if len(reply.text) > MAX_MESSAGE:
                problems.append(
                    ContentProblem(
                        "prompts",
                        None,
                        what,
                        f"message is {len(reply.text)} characters (limit {MAX_MESSAGE})",
                    )
                )

    for entry in knowledge.content.faq:
        before = len(problems)
        run(UserState(), Press(f"f:{entry.id}"), f"answer to {entry.id}")
        for problem in problems[before:]:
            problems[problems.index(problem)] = ContentProblem(
                knowledge.content.faq_files.get(entry.id, "content/faq"),
                entry.id,
                "answer",
                problem.message,
            )

    state = UserState()
    script: list[tuple[Event, str]] = [
        (Command("start"), "/start"),
        (Command("help"), "/help"),
        (Command("topics"), "/topics"),
        (Press("g:match"), "a topic group"),
        (Text("hello"), "small talk"),
        (Text("what is soap"), "an FAQ question"),
        (Text("visa"), "a vague FAQ question"),
        (
            Text(
                "Do I need step 3 for h1b? Also, how many programs should I apply to? And what is soap?"
            ),
            "a post with several questions",
        ),
        (Text("recipe for chicken biryani"), "an unknown question"),
        (Text("كيف أتقدم للإقامة"), "a question in another script"),
        (Text("🙂🙂"), "emoji only"),
        (Unsupported("sticker"), "a sticker"),
        (Command("nosuchcommand"), "an unknown command"),
        (Press("s:999:done"), "an expired button"),
        (Command("profile"), "/profile"),
        (Command("privacy"), "/privacy"),
        (Command("remind", "19:00"), "/remind"),
        (Text("+5:30"), "a time zone"),
        (Command("interview"), "/interview"),
    ]
    for event, what in script:
        run(state, event, what)
    run(state, Press(f"s:{state.step}:track:behavioral"), "choosing a track")
    run(state, Press(f"s:{state.step}:len:3"), "choosing a length")
    for number in range(3):
        run(state, Command("hint"), "/hint")
        run(
            state,
            Text(
                "When I was an intern in 2022 our ward had 60 patients and I made a "
                "handover checklist with my senior; missed tasks fell from 5 to 1 a week."
            ),
            "an answer",
        )
        run(state, Text("I learned to ask early."), "a second part of an answer")
        run(state, Command("done"), f"feedback on question {number + 1}")
        run(state, Command("outline"), "an example outline")
        run(state, Command("next"), "the next question or the summary")
    for event, what in [
        (Command("progress"), "/progress"),
        (Command("practice"), "/practice"),
        (Command("end"), "ending an interview"),
        (Command("stats"), "/stats"),
        (Command("deletemydata"), "/deletemydata"),
    ]:
        run(state, event, what)
    roadmap_state = UserState()
    for step, what in roadmap_script():
        run(roadmap_state, step(roadmap_state) if callable(step) else step, what)
    return problems
