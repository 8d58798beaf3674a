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


# Every command, not only `cards` and the quiz: `due` and `decks` counted cards from a covering index
# that never reads the damaged table (`storage/hollow.py`), `stats`, `exam` and `export` printed zeros.
EVERY_COMMAND = (
    ("due",), ("due", "--json"), ("decks",), ("decks", "--json"), ("cards", "--search", "docker"), ("stats",),
    ("stats", "docker"), ("exam",), ("exam", "--json"), ("config",), ("export", "csv", "-o", "{out}/x.txt"),
    ("export", "anki", "-o", "{out}/x.apkg"), ("quiz", "--no-sync"), ("quiz", "--cram"), ("sync",),
    ("suspend", "1"), ("reset", "1"), ("config", "new-per-day", "3"), ("decks", "set", "docker", "--new-per-day", "3"),
    ("exam", "docker", "--date", "2026-12-24"),
)
EMPTY_RESULTS = ("[]", "0 due, 0 new", "Wrote 0 notes", "No decks yet", "No cards to show", "No exam set",
                 "Reviews: 0", "0 reviews")


@pytest.mark.parametrize("empty", [False, True], ids=["garbage", "empty page"])
@pytest.mark.parametrize("table", ["decks", "cards"])
def test_every_command_says_the_damage_and_none_prints_an_empty_result(
    invoke: Callable[..., Result], good: Path, isolated_home: Path, tmp_path: Path, table: str, empty: bool
) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    db = isolated_home / "flashcards.db"
    _damaged_copy(good, db, table, empty=empty)
    before = db.read_bytes()
    for command in EVERY_COMMAND:
        result = invoke(*(arg.format(out=tmp_path) for arg in command), input="\n5\n" * 3 + "q\n")
        assert result.exit_code == 1, (command, result.output)
        (line,) = result.output.splitlines()
        assert line.startswith("Error: the collection ") and " damaged (" in line, (command, line)
        assert line.endswith("nothing was changed: see `flashcards check`; no daily backup exists yet"), line
        assert not any(empty_result in result.output for empty_result in EMPTY_RESULTS), (command, result.output)
    assert not (tmp_path / "x.txt").exists() and not (tmp_path / "x.apkg").exists()
    assert db.read_bytes() == before
    checked = invoke("check")  # lists what it finds instead of stopping at the first bad page
    assert checked.exit_code == 1
    assert "FAIL  SQLite integrity: " in checked.output and "ok    schema revision" in checked.output
    assert checked.output.splitlines()[-1].startswith("Error: ") and "checks failed" in checked.output


def test_a_sound_empty_collection_is_not_taken_for_a_damaged_one(invoke: Callable[..., Result]) -> None:
    """The look for hollow tables (`storage/hollow.py`) on a collection with nothing in it yet."""
    assert invoke("decks").output == "No decks yet. Import notes with: flashcards import NOTES.md\n"
    for command in (("due",), ("cards",), ("stats",), ("exam",), ("config",)):
        assert invoke(*command).exit_code == 0, command


def test_hollow_tables_reads_a_few_pages_and_names_the_table(good: Path, tmp_path: Path) -> None:
    from flashcards.storage.hollow import hollow_tables

    def hollow_in(path: Path) -> list[str]:
        connection = sqlite3.connect(path)
        try:
            return hollow_tables(lambda sql, params: connection.execute(sql, params).fetchall())
        finally:
            connection.close()

    for table in ("decks", "cards"):
        damaged = tmp_path / f"{table}.db"
        _damaged_copy(good, damaged, table, empty=True)
        assert hollow_in(damaged) == [table]
    assert hollow_in(good) == []
