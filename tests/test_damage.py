"""Damage is said, not hidden (issue 16, acceptance 6): a collection whose decks or cards page SQLite
reads as garbage, or as an empty page, gives one line naming `check` and the newest backup; listings
never come out empty, and the quiz grades nothing."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result


def _damaged_copy(good: Path, target: Path, table: str, *, empty: bool) -> None:
    connection = sqlite3.connect(good)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    connection.close()
    data = bytearray(good.read_bytes())
    start = (root - 1) * page_size
    if empty:  # a well-formed empty leaf: SQLite reads the table as empty, without an error
        data[start:start + page_size] = bytes(page_size)
        data[start] = 0x0D
        data[start + 5:start + 7] = page_size.to_bytes(2, "big")
    else:
        data[start:start + page_size] = b"\x5a" * page_size
    target.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from flashcards.application.builtin import builtin_deck_files
    from flashcards.cli import cli

    home = tmp_path_factory.mktemp("good") / "home"
    runner = CliRunner(env={"FLASHCARDS_HOME": str(home), "FLASHCARDS_NOW": "2026-11-28T09:00:00+00:00",
                            "FLASHCARDS_TZ": "UTC"})
    assert runner.invoke(cli, ["import", str(builtin_deck_files()[0])]).exit_code == 0
    assert runner.invoke(cli, ["quiz"], input="\n5\n" * 3 + "q\n").exit_code == 0
    connection = sqlite3.connect(home / "flashcards.db")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return home / "flashcards.db"


@pytest.mark.parametrize("empty", [False, True], ids=["garbage", "empty page"])
@pytest.mark.parametrize("table", ["decks", "cards"])
def test_a_damaged_page_is_said_and_nothing_is_graded(
    invoke: Callable[..., Result], good: Path, isolated_home: Path, table: str, empty: bool
) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    db = isolated_home / "flashcards.db"
    _damaged_copy(good, db, table, empty=empty)
    (isolated_home / "backups").mkdir()
    shutil.copy(good, isolated_home / "backups" / "daily-2026-11-28.db")
    before = db.read_bytes()
    for command in (("cards", "--json"), ("cards",), ("quiz",)):
        result = invoke(*command, input="\n5\n" * 3 + "q\n")
        assert result.exit_code == 1, (command, result.output)
        (line,) = result.output.splitlines()[-1:]
        assert line.startswith("Error: the collection ") and "damaged (" in line, line
        assert line.endswith("nothing was changed: see `flashcards check`; `flashcards restore "
                             "daily-2026-11-28.db` puts back the newest daily backup"), line
        assert "[]" not in result.output
    assert db.read_bytes() == before  # nothing graded, nothing written
    assert invoke("check").exit_code == 1
