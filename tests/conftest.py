"""Shared fixtures: the real content and prompts, stores on SQLite and PostgreSQL, a chat helper."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text

from bot.config import PROJECT_ROOT
from bot.core.events import Command, Event, Press, Text, Unsupported
from bot.core.replies import Button, Reply
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store import schema
from bot.store.sql import SqlStore
from bot.telegram_html import to_plain

_USER_NUMBERS = itertools.count(1)
# far above the local Bot API server's update ids: a test that talks to the same store through
# both must never have one update taken for a duplicate of the other
_UPDATE_IDS = itertools.count(1_000_000_000)
CONTENT = PROJECT_ROOT / "content"
PROMPTS = PROJECT_ROOT / "prompts"
# the PostgreSQL tests' server: user `postgres`, database `test` (trust auth), unless
# IMGCOACH_TEST_POSTGRES names another (README, "Quick start")
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
PG_URL = os.environ.get("IMGCOACH_TEST_POSTGRES", PG_DEFAULT)


@pytest.fixture(scope="session", autouse=True)
def _user_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bot's default data folder, and its cache of sentence vectors, point into temporary
    folders (this process and every `imgcoach` the tests start), never the user's own: a
    vector cached by another version of the bot must not decide a test."""
    folder = tmp_path_factory.mktemp("imgcoach-test-data")
    cache = tmp_path_factory.mktemp("imgcoach-test-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IMGCOACH_DATA_DIR", str(folder))
        patch.setenv("IMGCOACH_CACHE_DIR", str(cache))
        yield folder


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return Knowledge.load(CONTENT)


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    return Renderer(PROMPTS)


def _postgres_available() -> bool:
    try:
        engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh schema in the local PostgreSQL; CI must have the server (never skipped there)."""
    if not _postgres_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but {PG_URL} is not reachable")
        pytest.skip("no PostgreSQL server reachable")
    schema = f"t_{uuid.uuid4().hex[:10]}"
    engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        connection.execute(text(f"create schema {schema}"))
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(text(f"drop schema {schema} cascade"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(database_url: str) -> Iterator[SqlStore]:
    store = SqlStore.open(database_url)
    with store.engine.begin() as connection:  # the PostgreSQL schema is shared by the session
        for table in schema.USER_TABLES:
            connection.execute(table.delete())
    yield store
    store.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SqlStore]:
    store = SqlStore.open(f"sqlite:///{tmp_path / 'bot.db'}")
    yield store
    store.close()


@pytest.fixture
def coach(knowledge: Knowledge, renderer: Renderer, sqlite_store: SqlStore) -> Coach:
    return Coach(knowledge, renderer, sqlite_store, admin_ids=frozenset({"admin"}))


@dataclass
class Chat:
    """A user talking to the bot through the service, the way an adapter would."""

    coach: Coach
    user_id: str = field(default_factory=lambda: f"user{next(_USER_NUMBERS)}")
    now: dt.datetime = field(
        default_factory=lambda: dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    )
    last: list[Reply] = field(default_factory=list)
    update_id: int = 0

    def send(self, event: Event | str) -> list[Reply]:
        if isinstance(event, str):
            event = _to_event(event)
        self.update_id = next(_UPDATE_IDS)
        self.now += dt.timedelta(seconds=5)
        handled = self.coach.handle(self.user_id, event, update_id=self.update_id, now=self.now)
        if handled.replies:
            self.last = handled.replies
        return handled.replies

    def buttons(self) -> list[Button]:
        return [b for reply in self.last for row in reply.buttons for b in row]

    def press(self, label_part: str) -> list[Reply]:
        for button in self.buttons():
            if label_part.lower() in button.label.lower():
                return self.send(Press(button.data))
        raise AssertionError(
            f"no button like {label_part!r} in {[b.label for b in self.buttons()]}"
        )

    def text(self, replies: list[Reply] | None = None) -> str:
        return "\n\n".join(
            to_plain(r.text or r.notice or "") for r in (self.last if replies is None else replies)
        )


def _to_event(line: str) -> Event:
    match = re.match(r"^/(\w+)(?:\s+(.*))?$", line, re.DOTALL)
    if match:
        return Command(match.group(1).lower(), match.group(2) or "")
    if line.startswith("<") and line.endswith(">") and " " not in line:
        return Unsupported(line.strip("<>"))
    return Text(line)


@pytest.fixture
def chat(coach: Coach) -> Chat:
    return Chat(coach)


# --- hypothesis profiles of the dialog fuzz (tests/test_fuzz_dialog.py, docs/TESTING.md) ------
# "fuzz": 2,000 derandomized examples, the CI default (it cannot flake); "fuzz-long": 10,000
# random ones, with `pytest --long` (or IMGCOACH_FUZZ=long)
settings.register_profile(
    "fuzz", max_examples=2000, derandomize=True, deadline=None, database=None, print_blob=True
)
settings.register_profile("fuzz-long", max_examples=10_000, deadline=None, print_blob=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--long", action="store_true", help="run the dialog fuzz with 10,000 random examples"
    )
