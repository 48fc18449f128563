"""Builds the bot from settings: content, prompts, store and the service adapters share."""

from __future__ import annotations

from functools import partial

from bot.config import Settings
from bot.content.loader import ContentError
from bot.faq.analyzer import english_words
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store.sql import SqlStore


def load_knowledge(settings: Settings) -> Knowledge:
    """Raises ContentError (every problem listed) when content/ is invalid."""
    knowledge = Knowledge.load(settings.content_dir, settings.spec_dir)
    knowledge.warm()
    return knowledge


def reload_everything(settings: Settings) -> tuple[Knowledge, Renderer]:
    """Content and prompts, checked as `imgcoach content check` does; raises ContentError."""
    from bot.content.templates import check_everything

    problems, _ = check_everything(settings)
    if problems:
        raise ContentError(problems)
    return load_knowledge(settings), Renderer(settings.prompts_dir)


def build_coach(settings: Settings, *, charts: bool = False) -> Coach:
    knowledge = load_knowledge(settings)
    english_words()  # read at start, not on the first user's question
    renderer = Renderer(settings.prompts_dir)
    store = SqlStore.open(settings.database_url)
    chart = None
    if charts:
        from bot.charts import progress_chart

        chart = progress_chart
    return Coach(
        knowledge,
        renderer,
        store,
        admin_ids=frozenset(str(i) for i in settings.admin_ids),
        chart=chart,
        reload=partial(reload_everything, settings),
    )
