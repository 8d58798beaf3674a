"""Backups a learner can use (issue 16, acceptance 4): a copy before each day's first change, a list,
and a restore that keeps the replaced collection aside."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import Result

from flashcards.core.backups import kept_days


def _reviews(db: Path) -> int:
    connection = sqlite3.connect(db)
    try:
        return int(connection.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        connection.close()


def test_five_days_of_study_give_five_daily_backups_and_any_day_comes_back(
    invoke: Callable[..., Result], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = tmp_path / "shell.md"
    note.write_text("# Shell\n\n" + "".join(f"- `cmd{n}`: does thing {n}\n" for n in range(20)), encoding="utf-8")
    db = isolated_home / "flashcards.db"
    after_day: dict[int, int] = {}
    for day in range(1, 6):
        monkeypatch.setenv("FLASHCARDS_NOW", f"2026-12-0{day}T09:00:00+00:00")
        if day == 1:
            assert invoke("import", str(note)).exit_code == 0
        result = invoke("quiz", input="\n5\n" * 3 + "q\n")
        assert result.exit_code == 0, result.output
        after_day[day] = _reviews(db)
    backups = isolated_home / "backups"
    assert sorted(path.name for path in backups.glob("daily-*.db")) == [
        f"daily-2026-12-0{day}.db" for day in range(1, 6)]
    listing = invoke("backups")
    assert listing.exit_code == 0, listing.output
    assert "daily-2026-12-03.db" in listing.output and "40 cards, 6 reviews" in listing.output
    # The backup of day 4 holds the collection as day 3 left it.
    restored = invoke("restore", "daily-2026-12-04.db", "--yes")
    assert restored.exit_code == 0, restored.output
    assert restored.output == ("Restored daily-2026-12-04.db; the collection as it was is kept as \n"
                               "before-restore-20261205T090000Z.db.\n")
    assert _reviews(db) == after_day[3]
    aside = sorted(backups.glob("before-restore-*.db"))
    assert len(aside) == 1 and _reviews(aside[0]) == after_day[5]
    assert invoke("check").output.endswith("All checks passed.\n")
    monkeypatch.setenv("FLASHCARDS_HOME", str(tmp_path / "aside-home"))
    (tmp_path / "aside-home").mkdir()
    (tmp_path / "aside-home" / "flashcards.db").write_bytes(aside[0].read_bytes())
    assert invoke("check").output.endswith("All checks passed.\n")


def test_undoing_a_restore_in_the_same_second_brings_the_collection_back(
    invoke: Callable[..., Result], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Restoring the copy a restore just set aside, within one second, gave the new copy the same name,
    and it overwrote the very file being restored: the collection was lost."""
    note = tmp_path / "shell.md"
    note.write_text("# Shell\n\n" + "".join(f"- `cmd{n}`: does thing {n}\n" for n in range(10)), encoding="utf-8")
    db = isolated_home / "flashcards.db"
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-12-01T09:00:00+00:00")
    assert invoke("import", str(note)).exit_code == 0
    assert invoke("quiz", input="\n5\n" * 2 + "q\n").exit_code == 0
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-12-02T09:00:00+00:00")
    assert invoke("quiz", input="\n5\n" * 4 + "q\n").exit_code == 0
    studied = _reviews(db)
    first = invoke("restore", "daily-2026-12-02.db", "--yes")  # back to day 1's end; same FLASHCARDS_NOW below
    assert first.exit_code == 0, first.output
    assert _reviews(db) == 2
    aside = first.output.split("kept as")[1].split()[0].rstrip(".")
    undo = invoke("restore", aside.removesuffix(".db"), "--yes")  # the name as listed, or without its .db
    assert undo.exit_code == 0, undo.output
    assert _reviews(db) == studied
    second_aside = undo.output.split("kept as")[1].split()[0].rstrip(".")
    assert second_aside != aside
    assert _reviews(isolated_home / "backups" / aside) == studied
    assert _reviews(isolated_home / "backups" / second_aside) == 2
    assert invoke("check").output.endswith("All checks passed.\n")


def test_listing_the_backups_writes_nothing_beside_them(
    invoke: Callable[..., Result], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup is one file: reading it for its counts leaves no -shm or -wal in the folder."""
    note = tmp_path / "shell.md"
    note.write_text("# Shell\n\n- `ls`: lists files\n- `cd`: changes folder\n", encoding="utf-8")
    for day in range(1, 4):
        monkeypatch.setenv("FLASHCARDS_NOW", f"2026-12-0{day}T09:00:00+00:00")
        assert invoke("import" if day == 1 else "quiz", *([str(note)] if day == 1 else []),
                      input="\n5\nq\n").exit_code == 0
    backups = isolated_home / "backups"
    before = sorted(path.name for path in backups.iterdir())
    assert before and all(name.endswith(".db") for name in before)
    listing = invoke("backups")
    assert listing.exit_code == 0, listing.output
    assert "cards" in listing.output and "reviews" in listing.output
    assert sorted(path.name for path in backups.iterdir()) == before


def test_restore_refuses_an_unknown_name_and_without_a_terminal(invoke: Callable[..., Result]) -> None:
    assert invoke("decks").exit_code == 0
    missing = invoke("restore", "daily-1999-01-01.db", "--yes")
    assert missing.exit_code == 1 and "no backup named 'daily-1999-01-01.db'" in missing.output
    asked = invoke("restore", "daily-1999-01-01.db")
    assert (asked.exit_code, asked.output) == (1, "Error: restore would replace the collection with "
                                                  "daily-1999-01-01.db; nothing was changed (add --yes to do it "
                                                  "without a terminal)\n")


def test_the_retention_keeps_a_week_of_days_four_weeks_and_twelve_months() -> None:
    today = date(2026, 12, 3)
    days = [today - timedelta(days=n) for n in range(400)]
    kept = kept_days(days, today)
    assert {today - timedelta(days=n) for n in range(7)} <= kept
    assert len(kept) <= 7 + 4 + 12
    assert today - timedelta(days=399) not in kept and today - timedelta(days=7 * 4 + 7) not in kept
    months = {(day.year, day.month) for day in kept}
    assert len(months) == 12
    assert kept_days([today + timedelta(days=3)], today) == {today + timedelta(days=3)}


def test_the_restore_question_says_what_is_replaced_by_what(
    invoke: Callable[..., Result], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = tmp_path / "shell.md"
    note.write_text("# Shell\n\n" + "".join(f"- `cmd{n}`: does thing {n}\n" for n in range(5)), encoding="utf-8")
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-12-01T09:00:00+00:00")
    assert invoke("import", str(note)).exit_code == 0
    assert invoke("quiz", input="\n5\n" * 2 + "q\n").exit_code == 0
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-12-02T09:00:00+00:00")
    assert invoke("quiz", input="\n5\n" * 3 + "q\n").exit_code == 0  # today's backup holds day 1's 2 reviews
    monkeypatch.setattr("flashcards.cli.prompts.can_ask", lambda: True)
    refused = invoke("restore", "daily-2026-12-02", input="n\n")
    assert refused.exit_code == 1
    assert ("Replace the collection (10 cards, 5 reviews) with daily-2026-12-02 (10 cards, 2 reviews)? "
            "(the current one is kept aside) [y/N]: n") in refused.output
    assert _reviews(isolated_home / "flashcards.db") == 5
