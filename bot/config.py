"""Settings from the environment (twelve-factor); secrets never appear in repr or logs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "imgcoach"


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The user's data folder for the bot, wherever the command is run from: the platform's
    (~/.local/share/imgcoach on Linux), or IMGCOACH_DATA_DIR."""
    env = os.environ if env is None else env
    configured = env.get("IMGCOACH_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_database_url(env: Mapping[str, str] | None = None) -> str:
    return f"sqlite:///{data_dir(env) / 'bot.db'}"


def database_location(url: str) -> str:
    """Where the data is, for people: the SQLite file, or the server URL without password."""
    # imported here: SQLAlchemy takes a quarter of a second to import, and `imgcoach ask` never
    # opens the store
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return "(DATABASE_URL is not a valid database URL)"
    if parsed.drivername.startswith("sqlite"):
        database = parsed.database or ":memory:"
        return database if database == ":memory:" else str(Path(database).expanduser().resolve())
    return parsed.render_as_string(hide_password=True)


def _default_dir(name: str) -> Path:
    bundled = PROJECT_ROOT / name
    return bundled if bundled.is_dir() else Path.cwd() / name


class ConfigError(ValueError):
    """A setting has a value the bot cannot use; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    database_url: str = field(default_factory=default_database_url)
    data_dir: Path = field(default_factory=data_dir)
    telegram_base_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    port: int = 8080
    admin_ids: frozenset[int] = frozenset()
    log_level: str = "INFO"
    content_dir: Path = field(default_factory=lambda: _default_dir("content"))
    prompts_dir: Path = field(default_factory=lambda: _default_dir("prompts"))
    spec_dir: Path | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        try:
            port = int(env.get("PORT", "8080"))
        except ValueError as exc:
            raise ConfigError(f"PORT must be a number, got {env.get('PORT')!r}") from exc
        admins: set[int] = set()
        for part in env.get("ADMIN_IDS", "").replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.lstrip("-").isdigit():
                raise ConfigError(
                    f"ADMIN_IDS must be Telegram user ids separated by commas, got {part!r}"
                )
            admins.add(int(part))
        # the shared spec of required ids is a maintainer's check, named explicitly
        spec = env.get("IMGCOACH_SPEC_DIR")
        return cls(
            token=env.get("TELEGRAM_BOT_TOKEN") or None,
            database_url=env.get("DATABASE_URL") or default_database_url(env),
            data_dir=data_dir(env),
            telegram_base_url=env.get("TELEGRAM_BASE_URL") or None,
            webhook_url=env.get("WEBHOOK_URL") or None,
            webhook_secret=env.get("WEBHOOK_SECRET") or None,
            port=port,
            admin_ids=frozenset(admins),
            log_level=(env.get("LOG_LEVEL") or "INFO").upper(),
            content_dir=Path(env["IMGCOACH_CONTENT_DIR"])
            if env.get("IMGCOACH_CONTENT_DIR")
            else _default_dir("content"),
            prompts_dir=Path(env["IMGCOACH_PROMPTS_DIR"])
            if env.get("IMGCOACH_PROMPTS_DIR")
            else _default_dir("prompts"),
            spec_dir=Path(spec) if spec else None,
        )

    def secrets(self) -> list[str]:
        """Values that must be masked wherever text is logged."""
        found = [s for s in (self.token, self.webhook_secret) if s]
        password = _database_password(self.database_url)
        if password:
            found.append(password)
        return found


def _database_password(url: str) -> str | None:
    # postgresql://user:password@host/db
    if "://" not in url or "@" not in url:
        return None
    credentials = url.split("://", 1)[1].rsplit("@", 1)[0]
    if ":" not in credentials:
        return None
    return credentials.split(":", 1)[1] or None
