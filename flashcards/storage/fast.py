"""Read paths that skip SQLAlchemy and Alembic, for what must start instantly: `due` and the first card.

`flashcards due` runs in a shell prompt, and the quiz should show its first card at once: importing
SQLAlchemy alone costs about a third of a second. When the database is a local SQLite file already at
the current schema, `QuickReader` reads it with the standard `sqlite3` module in read-only mode, through
the same SQL text and the same `plan_day` as every other path (`storage/day_rows.py`,
`storage/quiz_rows.py`). In every other case (no file yet, an older schema that needs an upgrade and a
backup, a server URL) `QuickReader.open` returns None and the caller takes the full path, which also
reports whatever is wrong (a bad setting, a damaged file) properly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from flashcards.core.day_plan import DayPlan
from flashcards.core.days import parse_rollover_hour, review_day
from flashcards.storage.day_rows import SETTINGS_SQL, read_day_plan, settings_from
from flashcards.storage.schema_version import HEAD_REVISION
from flashcards.system import clock
from flashcards.system.paths import sqlite_path_from_url

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs `flashcards due` 3 ms (mypy reads both)
if TYPE_CHECKING:
    from flashcards.core.quiz_items import QuizCard
    from flashcards.storage.day_rows import Row


class Unavailable(Exception):
    """The fast path could not read (a damaged file, a bad setting): take the full path, which reports it."""


class QuickReader:
    """A read-only `sqlite3` connection to a collection known to be at the current schema.

    Every method raises `Unavailable` where the file or a setting cannot be read, so the caller falls
    back to the full path. The connection may be used from any thread (one at a time).
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    @classmethod
    def open(cls, url: str) -> QuickReader | None:
        """A reader on `url`, or None when the fast path does not apply (see the module docstring)."""
        path = sqlite_path_from_url(url)
        if path is None or not path.is_file():
            return None
        try:
            connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=10,
                                         check_same_thread=False)
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.Error:
            return None
        if revision != [(HEAD_REVISION,)]:
            connection.close()
            return None
        return cls(connection)

    def run(self, sql: str, params: Mapping[str, object]) -> list[Row]:
        """`day_rows.Run`: SQLite keeps dates as ISO text; the other paths bind them as DATE."""
        bound = {key: value.isoformat() if isinstance(value, date) else value for key, value in params.items()}
        try:
            return self._connection.execute(sql, bound).fetchall()
        except sqlite3.Error as exc:
            raise Unavailable(str(exc)) from exc

    def today(self, now: datetime) -> date:
        """The learner's review day at `now`."""
        timezone, rollover = settings_from(self.run(SETTINGS_SQL, {}))
        try:
            return review_day(now, clock.local_zone(timezone), parse_rollover_hour(rollover))
        except ValueError as exc:  # a rollover setting that is not an hour
            raise Unavailable(str(exc)) from exc

    def day_plan(self, today: date, decks: Sequence[str] | None = None, *, reverse_only: bool = False) -> DayPlan:
        return read_day_plan(self.run, today, decks, reverse_only=reverse_only, dialect="sqlite")

    def quiz_cards(self, ids: Sequence[int]) -> dict[int, QuizCard]:
        from flashcards.storage.quiz_rows import read_quiz_cards

        try:
            return read_quiz_cards(self.run, ids)
        except ValueError as exc:  # a context that is not JSON: a damaged row
            raise Unavailable(str(exc)) from exc

    def has_cards(self) -> bool:
        from flashcards.storage.quiz_rows import has_cards

        return has_cards(self.run)

    def close(self) -> None:
        self._connection.close()


def day_plan(url: str, now: datetime) -> DayPlan | None:
    """Today's plan for every deck, or None when the fast path does not apply."""
    reader = QuickReader.open(url)
    if reader is None:
        return None
    try:
        return reader.day_plan(reader.today(now))
    except Unavailable:  # the full path reports a bad setting or a damaged file
        return None
    finally:
        reader.close()
