"""Read paths that skip SQLAlchemy and Alembic, for commands that must start instantly.

`flashcards due` runs in a shell prompt: importing SQLAlchemy alone costs about a third of a second.
When the database is a local SQLite file already at the current schema, these functions read it with
the standard `sqlite3` module in read-only mode, through the same SQL text and the same `plan_day` as
every other path (`storage/day_rows.py`). In every other case (no file yet, an older schema that needs
an upgrade and a backup, a server URL, a setting that needs reporting) they return None and the caller
takes the full path, which reports what is wrong.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from flashcards.system import clock
from flashcards.system.paths import sqlite_path_from_url
from flashcards.core.day_plan import DayPlan
from flashcards.core.days import parse_rollover_hour, review_day
from flashcards.storage.day_rows import SETTINGS_SQL, read_day_plan, settings_from
from flashcards.storage.schema_version import HEAD_REVISION

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs `flashcards due` 3 ms (mypy reads both)
if TYPE_CHECKING:
    from flashcards.storage.day_rows import Row, Run


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


def _runner(connection: sqlite3.Connection) -> Run:
    def run(sql: str, params: Mapping[str, object]) -> list[Row]:
        # SQLite keeps dates as ISO text; the other paths bind them as DATE.
        bound = {key: value.isoformat() if isinstance(value, date) else value for key, value in params.items()}
        return connection.execute(sql, bound).fetchall()
    return run


def day_plan(url: str, now: datetime) -> DayPlan | None:
    """Today's plan for every deck, or None when the fast path does not apply."""
    connection = _connect_read_only(url)
    if connection is None:
        return None
    try:
        run = _runner(connection)
        timezone, rollover = settings_from(run(SETTINGS_SQL, {}))
        today = review_day(now, clock.local_zone(timezone), parse_rollover_hour(rollover))
        return read_day_plan(run, today, dialect="sqlite")
    except (sqlite3.Error, ValueError):  # the full path reports a bad setting or a damaged file
        return None
    finally:
        connection.close()
