"""Opening a collection: bad input gets one line naming the file, exit 1, and the file untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import Result

from flashcards.storage.models import Deck
from flashcards.storage.store import Store


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_home_says_there_are_no_decks_yet(invoke: Callable[..., Result], isolated_home: Path) -> None:
    result = invoke("decks")
    assert result.exit_code == 0, result.output
    assert result.output == "No decks yet. Import notes with: flashcards import NOTES.md\n"  # no empty table
    assert invoke("cards").output == "No cards to show.\n"
    assert (isolated_home / "flashcards.db").exists()


def test_home_option_wins_over_environment(invoke: Callable[..., Result], tmp_path: Path) -> None:
    other = tmp_path / "other-home"
    assert invoke("--home", str(other), "decks").exit_code == 0
    assert (other / "flashcards.db").exists()


def test_database_url_environment(invoke: Callable[..., Result], tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "elsewhere.db"
    monkeypatch.setenv("FLASHCARDS_DATABASE_URL", f"sqlite:///{target}")
    assert invoke("decks").exit_code == 0
    assert target.exists()


def test_not_a_database(invoke: Callable[..., Result], db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("these are my notes, not a database\n" * 50)
    before = _digest(db_path)
    result = invoke("decks")
    assert result.exit_code == 1
    assert result.output == f"Error: {db_path} is not a flashcards database (not a SQLite file)\n"
    assert _digest(db_path) == before


def test_foreign_sqlite_database(invoke: Callable[..., Result], db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    connection = sqlite3.connect(db_path)
    connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO photos (name) VALUES ('cat.jpg')")
    connection.commit()
    connection.close()
    before = _digest(db_path)
    result = invoke("check")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {db_path} is a SQLite database but not a flashcards one (no schema revision)\n"
    )
    assert _digest(db_path) == before


def test_database_from_a_newer_version(invoke: Callable[..., Result], db_path: Path) -> None:
    assert invoke("decks").exit_code == 0
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = 'f00dfeedbeef'")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = _digest(db_path)
    result = invoke("decks")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {db_path} was written by a newer version of flashcards (schema revision f00dfeedbeef); "
        "upgrade flashcards to open it\n"
    )
    assert _digest(db_path) == before
    assert not (db_path.parent / "backups").exists()


def test_home_that_cannot_be_written(invoke: Callable[..., Result], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    home = blocker / "home"
    result = invoke("--home", str(home), "decks")
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write to the data folder {home}: Not a directory\n"
    assert blocker.read_text() == "not a folder"


def test_corrupt_sqlite_file(invoke: Callable[..., Result], db_path: Path) -> None:
    assert invoke("decks").exit_code == 0
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # keep the magic header, wreck the schema page
    db_path.write_bytes(bytes(data))
    before = _digest(db_path)
    result = invoke("decks")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {db_path} is not a flashcards database (")
    assert result.output.count("\n") == 1
    assert _digest(db_path) == before


def test_bad_fake_clock(invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHCARDS_NOW", "yesterday")
    result = invoke("decks")
    assert result.exit_code == 1
    assert result.output == (
        "Error: FLASHCARDS_NOW='yesterday' is not an ISO-8601 time (example: 2026-11-28T09:30:00+01:00)\n"
    )


def test_check_passes_on_a_new_collection(invoke: Callable[..., Result]) -> None:
    result = invoke("check")
    assert result.exit_code == 0, result.output
    assert "All checks passed." in result.output
    assert "FAIL" not in result.output


def test_check_reports_broken_references(invoke: Callable[..., Result], db_path: Path) -> None:
    assert invoke("decks").exit_code == 0
    connection = sqlite3.connect(db_path)  # a plain connection: foreign keys off, as in a bad tool
    connection.execute(
        "INSERT INTO reviews (card_id, reviewed_at, review_day, grade, mode, repetitions_before, ef_before,"
        " interval_before, lapses_before, status_before, repetitions_after, ef_after, interval_after,"
        " lapses_after, status_after) VALUES (999, '2026-11-28 09:00:00', '2026-11-28', 5, 'scheduled',"
        " 0, 250, 0, 0, 'active', 1, 260, 1, 0, 'active')"
    )
    connection.commit()
    connection.close()
    result = invoke("check")
    assert result.exit_code == 1
    assert "FAIL  references between tables: 1 broken, first: reviews row 1 -> cards" in result.output
    assert "FAIL  every review belongs to a card: 1 review without a card" in result.output
    assert result.output.endswith("Error: 2 checks failed; the database was not changed\n")


def test_timestamps_round_trip_as_aware_utc(tmp_path: Path) -> None:
    berlin = timezone(timedelta(hours=1))
    moment = datetime(2026, 3, 29, 1, 30, tzinfo=berlin)
    store = Store.open(f"sqlite:///{tmp_path / 'c.db'}", tmp_path, moment)
    with store.transaction() as session:
        session.add(Deck(name="d", created_at=moment))
    with store.read() as session:
        deck = session.query(Deck).one()
    store.close()
    assert deck.created_at == moment
    assert deck.created_at.tzinfo == timezone.utc


def test_naive_timestamps_are_refused(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'c.db'}", tmp_path, datetime.now(timezone.utc))
    with pytest.raises(Exception, match="naive datetime"):
        with store.transaction() as session:
            session.add(Deck(name="d", created_at=datetime(2026, 1, 1)))
            session.flush()
    store.close()


def test_opening_the_store_keeps_this_process_s_sqlite_locks(tmp_path: Path) -> None:
    """Validating the file beside a live connection (the quiz's fast reader) must not release its locks.

    Closing any descriptor of a file drops all of the process's POSIX locks on it. If the store's
    validation opened the file itself, another process closing its last connection would believe
    it the only user and delete the write-ahead log under the live connection (seen as "database
    disk image is malformed" in an import run beside a quiz).
    """
    import subprocess
    import sys

    from flashcards.storage.fast import QuickReader

    home = tmp_path / "home"
    now = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
    Store.open(f"sqlite:///{home / 'flashcards.db'}", home, now).close()
    database = home / "flashcards.db"
    reader = QuickReader.open(f"sqlite:///{database}")
    assert reader is not None
    try:
        reader.run("SELECT count(*) FROM cards", {})
        store = Store.open(f"sqlite:///{database}", home, now)  # validates the file as every command does
        try:
            with store.transaction() as session:
                session.add(Deck(name="kept", created_at=now))
            # Another process opens, writes and closes: were our locks gone, its close would fold back
            # the log and delete it while our connections still use it.
            subprocess.run([sys.executable, "-c", (
                "import sqlite3; c = sqlite3.connect(%r); c.execute('PRAGMA journal_mode=WAL');"
                "c.execute(\"INSERT INTO settings (key, value) VALUES ('probe', 'x')\"); c.commit(); c.close()"
            ) % str(database)], check=True)
            assert (home / "flashcards.db-wal").exists()
        finally:
            store.close()
    finally:
        reader.close()
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("SELECT name FROM decks").fetchall() == [("kept",)]
    finally:
        connection.close()


# -- issue 16: odd home paths and many commands at once ----------------------------------------------

@pytest.mark.parametrize("name", ["a?b", "x%20y", "c#d", "with spaces", "ünï?%#"])
def test_a_home_with_url_characters_in_its_path_holds_its_own_database(
    invoke: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from flashcards.application.builtin import builtin_deck_files

    home = tmp_path / name / "home"
    monkeypatch.setenv("FLASHCARDS_HOME", str(home))
    assert invoke("import", str(builtin_deck_files()[0])).exit_code == 0
    for command in (("due",), ("decks",), ("cards",), ("stats",), ("check",), ("quiz",)):
        result = invoke(*command, input="\n5\nq\n")
        assert result.exit_code == 0, (command, result.output)
    assert sorted(path.name for path in tmp_path.rglob("*.db") if path.parent.name != "backups") == ["flashcards.db"]
    assert (home / "flashcards.db").is_file()
    assert sqlite3.connect(home / "flashcards.db").execute("SELECT count(*) FROM reviews").fetchone() == (1,)
    monkeypatch.setenv("FLASHCARDS_HOME", str(tmp_path / (name + "c") / "home"))  # a?b then a?bc: not the same
    assert invoke("decks").output.startswith("No decks yet")  # another home is another collection


def test_commands_started_together_on_one_home_all_succeed(tmp_path: Path) -> None:
    """Each open proved the home writable with one fixed probe file, and one process deleted another's."""
    import os
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASHCARDS_")}
    env.update(FLASHCARDS_HOME=str(tmp_path / "home"), FLASHCARDS_NOW="2026-11-28T09:00:00+00:00",
               FLASHCARDS_TZ="UTC")
    # FLASHCARDS_TRIALS=100 makes it the trial: 600 commands, six at a time.
    rounds = int(os.environ.get("FLASHCARDS_TRIALS", "6"))
    commands = [["due"], ["decks"], ["stats"], ["cards"], ["check"], ["due", "--json"]] * rounds

    def run(args: list[str]) -> tuple[int, str]:
        done = subprocess.run([sys.executable, "-m", "flashcards", *args], env=env, capture_output=True,
                              text=True, timeout=120, check=False)
        return done.returncode, done.stderr

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(run, commands))
    assert [result for result in results if result[0] != 0] == []


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00"])
@pytest.mark.parametrize("command", [("due",), ("due", "--json"), ("stats",), ("quiz",), ("decks",), ("exam",)])
def test_a_pretended_time_out_of_the_calendar_s_range_is_one_line(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, moment: str, command: tuple[str, ...]
) -> None:
    monkeypatch.setenv("FLASHCARDS_NOW", moment)
    result = invoke(*command, input="q\n")
    assert (result.exit_code, result.output) == (
        1, f"Error: FLASHCARDS_NOW='{moment}' is outside the years 1970 to 9899 that can be scheduled in\n")


def test_the_edges_of_the_range_work(invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    from flashcards.application.builtin import builtin_deck_files

    assert invoke("import", str(builtin_deck_files()[0])).exit_code == 0
    for moment in ("9899-12-31T23:59:59-12:00", "1970-01-01T00:00:00+14:00"):
        monkeypatch.setenv("FLASHCARDS_NOW", moment)
        for command in (("due",), ("stats",), ("decks",), ("quiz",)):
            result = invoke(*command, input="\n5\nq\n")
            assert result.exit_code == 0, (moment, command, result.output)
