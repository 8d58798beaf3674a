"""Read paths that skip SQLAlchemy and Alembic, for commands that must start instantly.

`flashcards due` runs in a shell prompt: importing SQLAlchemy alone costs about a third of a second.
When the database is a local SQLite file already at the current schema, these functions read it with
the standard `sqlite3` module in read-only mode. In every other case (no file yet, an older schema that
needs an upgrade and a backup, a server URL) they return None and the caller takes the full path.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

from flashcards.application import clock
from flashcards.core.days import parse_rollover_hour, review_day
from flashcards.application.paths import sqlite_path_from_url
from flashcards.storage.counts import DECK_COUNTS_SQL, DeckDue, apply_limits
from flashcards.storage.schema_version import HEAD_REVISION


def _connect_read_only(url: str) -> sqlite3.Connection | None:
    path = sqlite_path_from_url(url)
    if path is None or not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        return None
    if revision != [(HEAD_REVISION,)]:
        connection.close()
        return None
    return connection


def _setting(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def today_from(connection: sqlite3.Connection, now: datetime) -> date:
    """The review day at `now`, with the collection's time zone and rollover settings.

    Raises ValueError for a rollover setting that is not an hour (the full path reports it).
    """
    zone = clock.local_zone(_setting(connection, "timezone"))
    return review_day(now, zone, parse_rollover_hour(_setting(connection, "rollover_hour")))


def due_counts(url: str, now: datetime) -> tuple[date, list[DeckDue]] | None:
    """Today's review day and each deck's due counts, or None when the fast path does not apply."""
    connection = _connect_read_only(url)
    if connection is None:
        return None
    try:
        today = today_from(connection, now)
        rows = connection.execute(DECK_COUNTS_SQL, {"today": today.isoformat()}).fetchall()
    except (sqlite3.Error, ValueError):  # the full path reports a bad setting
        return None
    finally:
        connection.close()
    return today, [apply_limits(today, *row) for row in rows]
