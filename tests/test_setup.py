"""Where the bot keeps its data, and what an operator or contributor reads to set it up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.config import Settings
from tests.conftest import PG_DEFAULT

ROOT = Path(__file__).resolve().parent.parent


def _chat_in(folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        capture_output=True,
        text=True,
        input="",
        cwd=folder,
        env=env,
        timeout=120,
    )


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_DATA_HOME is where Linux keeps user data")
def test_the_terminal_chat_finds_the_same_profile_from_any_folder(tmp_path: Path) -> None:
    home = tmp_path / "xdg"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "IMGCOACH_DATA_DIR", "TELEGRAM_BOT_TOKEN")
    }
    env |= {"XDG_DATA_HOME": str(home), "PYTHONPATH": str(ROOT)}
    first = _chat_in(tmp_path / "one", env)
    assert first.returncode == 0, first.stderr
    assert "Welcome back" not in first.stdout
    database = home / "imgcoach" / "bot.db"
    assert str(database) in first.stdout + first.stderr  # said where it is, at start
    second = _chat_in(tmp_path / "elsewhere", env)
    assert second.returncode == 0, second.stderr
    assert "Welcome back" in second.stdout  # the same profile, not a new empty one
    assert database.exists()
    assert not (tmp_path / "one" / "data").exists()
    assert not (tmp_path / "elsewhere" / "data").exists()


def test_database_url_still_chooses_the_database(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'mine.db'}", "PYTHONPATH": str(ROOT)}
    result = _chat_in(tmp_path / "cwd", env)
    assert result.returncode == 0, result.stderr
    assert str(tmp_path / "mine.db") in result.stdout + result.stderr
    assert (tmp_path / "mine.db").exists()


def test_a_password_in_database_url_is_not_printed(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env |= {
        "DATABASE_URL": "postgresql://admin:s3cretPass@127.0.0.1:1/nowhere",
        "PYTHONPATH": str(ROOT),
    }
    result = _chat_in(tmp_path / "cwd", env)
    assert "s3cretPass" not in result.stdout + result.stderr


def test_the_default_database_is_in_the_user_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    settings = Settings.from_env({})
    assert make_url(settings.database_url).database == str(tmp_path / "xdg" / "imgcoach" / "bot.db")
    assert Settings.from_env({"DATABASE_URL": "sqlite:///x.db"}).database_url == "sqlite:///x.db"
    assert Settings.from_env({"IMGCOACH_DATA_DIR": str(tmp_path / "d")}).database_url.endswith(
        str(tmp_path / "d" / "bot.db")
    )


def test_tests_never_write_to_the_real_user_data_directory() -> None:
    assert os.environ.get("IMGCOACH_DATA_DIR")
    assert "imgcoach-test" in Settings.from_env().database_url


# --- README (point 13) ---------------------------------------------------------------------


def test_readme_names_the_test_database_its_user_and_the_variable_that_changes_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    url = make_url(PG_DEFAULT)
    assert f"user `{url.username}`" in readme
    assert f"database `{url.database}`" in readme
    assert "IMGCOACH_TEST_POSTGRES" in readme
    assert PG_DEFAULT in readme
