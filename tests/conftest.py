"""Shared fixtures. Every test gets its own data folder: no test can touch a real user's collection."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

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
def anki_col(tmp_path: Path) -> Iterator[Any]:
    """A fresh, empty Anki collection (the real backend)."""
    pytest.importorskip("anki")
    from anki.collection import Collection

    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    yield col
    col.close()


SEED = SHARED / "seeds" / "docker-notes.md"


@pytest.fixture
def seed_notes(tmp_path: Path) -> Path:
    """A copy of the seed notes (../shared/seeds/docker-notes.md) that a test may edit."""
    if not SEED.exists():
        pytest.skip(f"the seed notes are absent ({SEED})")
    notes = tmp_path / "notes" / "docker.md"
    notes.parent.mkdir()
    notes.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return notes


@pytest.fixture
def db_path(isolated_home: Path) -> Path:
    return isolated_home / "flashcards.db"


@pytest.fixture
def store(isolated_home: Path) -> Iterator[Any]:
    """An open store over a collection of two new cards ("a", "b"), made at 2026-11-28 09:00 UTC."""
    from flashcards.storage.store import Store

    made = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
    make_collection(isolated_home, made, [{"front": "a"}, {"front": "b"}])
    opened = Store.open(f"sqlite:///{isolated_home / 'flashcards.db'}", isolated_home, made)
    yield opened
    opened.close()


def make_collection(home: Path, now: datetime, cards: list[dict[str, object]], deck: str = "docker",
                    **deck_settings: object) -> list[int]:
    """A collection with one deck and the given cards (column values), built through the real store."""
    from flashcards.storage.models import Card, Deck
    from flashcards.storage.store import Store

    store = Store.open(f"sqlite:///{home / 'flashcards.db'}", home, now)
    ids = []
    with store.transaction() as session:
        row = Deck(name=deck, created_at=now, **deck_settings)
        session.add(row)
        session.flush()
        for n, values in enumerate(cards):
            front = str(values.get("front", f"front {n}"))
            card = Card(
                deck_id=row.id, key=f"{deck}|definition|Terms|{front}", kind="definition", front=front,
                back=str(values.get("back", f"back {n}")), context=["Terms"], source_path="/notes/x.md",
                source_line=n + 1, position=n, content_hash=f"h{n}", created_at=now, content_changed_at=now,
            )
            for column, value in values.items():
                setattr(card, column, value)
            session.add(card)
            session.flush()
            ids.append(card.id)
    store.close()
    return ids
