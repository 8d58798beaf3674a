"""Shared fixtures. Every test gets its own data folder: no test can touch a real user's collection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """FLASHCARDS_HOME points into the test's temp folder; clock and zone are fixed unless a test says."""
    home = tmp_path / "home"
    monkeypatch.setenv("FLASHCARDS_HOME", str(home))
    monkeypatch.delenv("FLASHCARDS_DATABASE_URL", raising=False)
    monkeypatch.setenv("FLASHCARDS_TZ", "UTC")
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-11-28T09:00:00+00:00")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    return home


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def invoke() -> Callable[..., Result]:
    """Run the CLI in-process; `input` feeds stdin."""
    from flashcards.cli import cli

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=True)

    return run


@pytest.fixture
def db_path(isolated_home: Path) -> Path:
    return isolated_home / "flashcards.db"
