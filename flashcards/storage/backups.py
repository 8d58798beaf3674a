"""Daily backups of a SQLite collection, their list, and putting one back (`flashcards backups/restore`).

Copies are made with SQLite's backup API from a read-only connection, so a quiz running meanwhile is
neither blocked for long nor copied half-way, and written to a temporary name first: a backup that
exists is whole. Restoring copies the current collection aside first (`before-restore-…`), then
copies the chosen backup into the live database through the same API, which takes SQLite's locks,
so another command sees either the old collection or the restored one, never a mix.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path

from flashcards.core.backups import BackupInfo, kept_days
from flashcards.core.errors import FlashcardsError
from flashcards.storage.sqlite_files import UnreadableLog, connect_immutable, connect_readonly

DAILY_NAME = re.compile(r"^daily-(\d{4}-\d{2}-\d{2})\.db$")


def copy_database(source_path: Path, target: Path) -> None:
    """`source_path` copied whole to `target` (written under a temporary name, then renamed)."""
    partial = target.with_name(target.name + ".partial")
    source, _ = connect_readonly(str(source_path), timeout=30)
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
            # A copy of a WAL collection is a WAL file too, and reading one makes SQLite create its -shm
            # and -wal beside it: `flashcards backups` would write into the folder it lists. A backup is
            # one self-contained file, read far more often than written.
            destination.execute("PRAGMA journal_mode=DELETE").fetchone()
        finally:
            destination.close()
    finally:
        source.close()
    os.replace(partial, target)


def daily_backup(database: Path, backups: Path, day: date) -> Path | None:
    """Back up `database` as `daily-DAY.db` unless today's exists; prune the old ones. The new path, or None."""
    target = backups / f"daily-{day.isoformat()}.db"
    if target.exists() or not database.is_file():
        return None
    backups.mkdir(parents=True, exist_ok=True)
    copy_database(database, target)
    taken = {date.fromisoformat(match.group(1)): path for path in backups.iterdir()
             if (match := DAILY_NAME.match(path.name))}
    for old_day in set(taken) - kept_days(taken, day):
        taken[old_day].unlink(missing_ok=True)
    return target


def _counted(open_connection: Callable[[], sqlite3.Connection]) -> tuple[int | None, int | None]:
    """The cards and reviews of the collection a connection opens; (None, None) when it is none."""
    try:
        connection = open_connection()
        try:
            cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
            reviews = connection.execute("SELECT count(*) FROM reviews").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return None, None
    return int(cards), int(reviews)


def backup_counts(path: Path) -> tuple[int | None, int | None]:
    """The cards and reviews a backup holds (None, None when it is no readable collection).

    A backup is never written after it is made (`copy_database` renames it into place whole), so it
    is read as immutable: no lock, no -shm or -wal made beside it, on any disk. (A WAL backup made
    before backups were written in rollback mode holds everything in its main file too: the backup
    API writes whole pages there.)
    """
    return _counted(lambda: connect_immutable(str(path), timeout=5))


def live_counts(database: Path) -> tuple[int | None, int | None]:
    """The cards and reviews the live collection holds, read-only (its log included, unlike a backup)."""
    return _counted(lambda: connect_readonly(str(database), timeout=5)[0])


def find_backup(backups: Path, name: str) -> Path | None:
    """The backup a learner named (with or without `.db`), or None."""
    if "/" in name or os.sep in name:
        return None
    for candidate in (backups / name, backups / f"{name}.db"):
        if candidate.is_file():
            return candidate
    return None


def list_backups(backups: Path) -> list[BackupInfo]:
    """Every backup in the folder (daily, before a migration, before a restore), newest first."""
    if not backups.is_dir():
        return []
    found: list[BackupInfo] = []
    for path in backups.iterdir():
        if path.suffix != ".db" or not path.is_file():
            continue
        stat = path.stat()
        cards, reviews = backup_counts(path)
        found.append(BackupInfo(path.name, str(path), datetime.fromtimestamp(stat.st_mtime, timezone.utc),
                                stat.st_size, cards, reviews))
    return sorted(found, key=lambda info: (info.taken_at, info.name), reverse=True)


def restore_backup(database: Path, backups: Path, name: str, now: datetime) -> Path:
    """Put the backup `name` in place of `database`, after copying `database` aside; the aside copy.

    Raises:
        FlashcardsError: no backup of that name, or it is not a readable flashcards collection.
    """
    chosen = find_backup(backups, name)  # `daily-2026-12-01` names the same backup as `daily-2026-12-01.db`
    if chosen is None:
        raise FlashcardsError(f"no backup named {name!r} in {backups}; see `flashcards backups`")
    if backup_counts(chosen) == (None, None):
        raise FlashcardsError(f"{chosen} is not a readable flashcards collection; nothing was changed")
    aside = _aside_name(backups, now)
    copy_database(database, aside)
    source, _ = connect_readonly(str(chosen), timeout=30)
    try:
        live = sqlite3.connect(database, timeout=30)
        try:
            source.backup(live)
        finally:
            live.close()
    finally:
        source.close()
    return aside


def _aside_name(backups: Path, now: datetime) -> Path:
    """A name for the collection set aside by a restore that no backup has yet.

    Two restores in one second (restoring, then undoing it by restoring the copy just set aside)
    gave the same name, and the second copy overwrote the very backup being restored.
    """
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    aside, number = backups / f"before-restore-{stamp}.db", 2
    while aside.exists():
        aside, number = backups / f"before-restore-{stamp}-{number}.db", number + 1
    return aside


def quick_check(database: Path) -> list[str]:
    """What SQLite's integrity and foreign-key checks find wrong in the file (empty: sound), read-only.

    A page SQLite reads as an empty leaf makes a table look empty without any error: `cards --json`
    printed `[]` and the quiz would have graded into such a file. The check reads every page (about 3 s
    for 220 MB), so it runs where an answer would otherwise be wrong: at the quiz's start, on a thread,
    and when a listing comes out empty.
    """
    try:
        connection, _ = connect_readonly(str(database), timeout=30)
    except UnreadableLog:
        return []  # not damage: a log that cannot be read here; the command itself says so in one line
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    try:
        try:
            # integrity_check, not quick_check: only it compares indexes with their tables (a decks
            # page read as empty leaves the unique index on deck names full), and it costs about the
            # same (2.6 s against 2.9 s at 220 MB); foreign_key_check finds cards of a deck gone.
            found = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
            orphans = connection.execute("PRAGMA foreign_key_check").fetchmany(3)
            if orphans and found == ["ok"]:
                found = [f"row {row[1]} of {row[0]} points at a missing row of {row[2]}" for row in orphans]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if found == ["ok"] else found


def latest_backup(backups: Path) -> str | None:
    """The name of the newest daily backup, for the message that says the collection is damaged."""
    if not backups.is_dir():
        return None
    daily = sorted(path.name for path in backups.iterdir() if DAILY_NAME.match(path.name))
    return daily[-1] if daily else None
