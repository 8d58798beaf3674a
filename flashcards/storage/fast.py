"""Read paths that skip SQLAlchemy and Alembic, for what must start instantly: `due` and the first card.

`flashcards due` runs in a shell prompt, and the quiz should show its first card at once: importing
SQLAlchemy alone costs about a third of a second. When the database is a local SQLite file already at
the current schema, `QuickReader` reads it with the standard `sqlite3` module in read-only mode, through
the same SQL text and the same `plan_day` as every other path (`storage/day_rows.py`,
`storage/quiz_rows.py`). In every other case (no file yet, an older schema that needs an upgrade and a
backup, a server URL) `QuickReader.open` returns None and the caller takes the full path, which also
reports whatever is wrong (a bad setting, a damaged file) properly.

`flashcards due` on PostgreSQL has its own reader (`ServerReader`): the driver (`psycopg`) read-only,
in one repeatable-read transaction, through the same SQL text. Without it every `due` on a server
paid for SQLAlchemy, its ORM and the models, about a second on the benchmark machine.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from flashcards.core.day_plan import DayPlan
from flashcards.core.days import parse_rollover_hour, review_day
from flashcards.storage.day_rows import SETTINGS_SQL, read_day_plan, settings_from
from flashcards.storage.schema_version import HEAD_REVISION
from flashcards.system import clock
from flashcards.storage.sqlite_files import connect_readonly
from flashcards.system.paths import sqlite_file_from_url

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs `flashcards due` 3 ms (mypy reads both)
if TYPE_CHECKING:
    from typing import Any

    from flashcards.core.quiz_items import QuizCard
    from flashcards.storage.day_rows import Row


class Unavailable(Exception):
    """The fast path could not read (a damaged file, a bad setting): take the full path, which reports it."""


class _Reader:
    """What both readers answer from `run` (one SQL text with `:name` parameters, its rows)."""

    dialect = ""

    def run(self, sql: str, params: Mapping[str, object]) -> list[Row]:
        raise NotImplementedError

    def today(self, now: datetime) -> date:
        """The learner's review day at `now`."""
        timezone, rollover = settings_from(self.run(SETTINGS_SQL, {}))
        try:
            return review_day(now, clock.local_zone(timezone), parse_rollover_hour(rollover))
        except ValueError as exc:  # a rollover setting that is not an hour
            raise Unavailable(str(exc)) from exc

    def day_plan(self, today: date, decks: Sequence[str] | None = None, *, reverse_only: bool = False) -> DayPlan:
        from flashcards.core.settings import BadSetting

        try:
            return read_day_plan(self.run, today, decks, reverse_only=reverse_only, dialect=self.dialect)
        except BadSetting as exc:  # a budget setting that is not a count: the full path reports it
            raise Unavailable(str(exc)) from exc

    def close(self) -> None:
        raise NotImplementedError


class QuickReader(_Reader):
    """A read-only `sqlite3` connection to a collection known to be at the current schema.

    Every method raises `Unavailable` where the file or a setting cannot be read, so the caller falls
    back to the full path. The connection may be used from any thread (one at a time).
    """

    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    @classmethod
    def open(cls, url: str) -> QuickReader | None:
        """A reader on `url`, or None when the fast path does not apply (see the module docstring)."""
        path = sqlite_file_from_url(url)
        if path is None or not os.path.isfile(path):
            return None
        try:
            # Read-only even where nothing can be written (a read-only mount, a full disk): sqlite_files.py.
            connection, _ = connect_readonly(path, timeout=10, check_same_thread=False)
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.Error:
            return None
        if revision != [(HEAD_REVISION,)]:
            connection.close()
            return None
        reader = cls(connection)
        from flashcards.storage.hollow import hollow_tables

        try:
            hollow = hollow_tables(reader.run)
        except Unavailable:
            hollow = ["?"]
        if hollow:  # a damaged page read as an empty table: the full path says so (storage/hollow.py)
            connection.close()
            return None
        return reader

    def run(self, sql: str, params: Mapping[str, object]) -> list[Row]:
        """`day_rows.Run`: SQLite keeps dates as ISO text; the other paths bind them as DATE."""
        bound = {key: value.isoformat() if isinstance(value, date) else value for key, value in params.items()}
        try:
            return self._connection.execute(sql, bound).fetchall()
        except sqlite3.Error as exc:
            raise Unavailable(str(exc)) from exc

    def quiz_cards(self, ids: Sequence[int]) -> dict[int, QuizCard]:
        from flashcards.storage.quiz_rows import read_quiz_cards

        try:
            return read_quiz_cards(self.run, ids)
        except ValueError as exc:  # a context that is not JSON: a damaged row
            raise Unavailable(str(exc)) from exc

    def has_cards(self) -> bool:
        from flashcards.storage.quiz_rows import has_cards

        return has_cards(self.run)

    def known_sources(self) -> dict[str, tuple[str, str, str | None]]:
        """Each imported file's path -> (content hash, deck, extractor) (`storage/import_rows.py`)."""
        from flashcards.storage.import_rows import KNOWN_SOURCES_SQL

        return {str(path): (str(digest), str(deck), None if extractor is None else str(extractor))
                for path, digest, deck, extractor in self.run(KNOWN_SOURCES_SQL, {})}

    def note_suffixes(self) -> frozenset[str]:
        """The suffixes the learner added to the Markdown ones (`storage/import_rows.py`)."""
        from flashcards.core.settings import parse_suffixes
        from flashcards.storage.import_rows import NOTE_SUFFIXES_SQL

        rows = self.run(NOTE_SUFFIXES_SQL, {})
        return parse_suffixes("note-suffixes", str(rows[0][0]) if rows else None)

    def retired_decks(self) -> frozenset[str]:
        """The names of the retired decks (`storage/import_rows.py`)."""
        from flashcards.storage.import_rows import RETIRED_DECKS_SQL

        return frozenset(str(name) for (name,) in self.run(RETIRED_DECKS_SQL, {}))

    def source_roots(self) -> dict[str, str]:
        """Each folder or file imported -> its deck prefix, in import order (`storage/import_rows.py`)."""
        from flashcards.storage.import_rows import SOURCE_ROOTS_SQL

        return {str(path): str(deck) for path, deck in self.run(SOURCE_ROOTS_SQL, {})}

    def close(self) -> None:
        self._connection.close()


SERVER_PREFIX = "postgresql+psycopg://"
"""The one server URL form read without SQLAlchemy: the psycopg driver, which the program installs.
(A bare `postgresql://` means psycopg2 to SQLAlchemy; such URLs keep the full path, which says so.)"""


def to_pyformat(sql: str) -> str:
    """`:name` parameters as psycopg's `%(name)s`, and a literal `%` doubled (`LIKE '%-reverse'`).

    The parameter pattern is the one SQLAlchemy's `text()` uses, so both paths bind the same names
    (a `::` cast or a `\\:` is left alone).
    """
    import re

    return re.sub(r"(?<![:\w\\]):(\w+)(?!:)", r"%(\1)s", sql.replace("%", "%%"))


class ServerReader(_Reader):
    """A read-only psycopg connection to a PostgreSQL collection at the current schema, for `due`.

    One REPEATABLE READ, READ ONLY transaction: every query of the plan sees the same snapshot (an
    import committing meanwhile is seen entirely or not at all), and nothing can be written.
    """

    dialect = "postgresql"

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._texts: dict[str, str] = {}

    @classmethod
    def open(cls, url: str) -> ServerReader | None:
        """A reader on a `postgresql+psycopg://` URL at the current schema, else None."""
        if not url.startswith(SERVER_PREFIX):
            return None
        try:
            import psycopg
        except ImportError:
            return None
        try:
            # libpq reads the rest of the URL as SQLAlchemy hands it to psycopg: user, password, host,
            # port, database, and query parameters (`?host=/run/postgresql`, `sslmode=...`).
            connection = psycopg.connect("postgresql://" + url[len(SERVER_PREFIX):], connect_timeout=10)
        except (psycopg.Error, ValueError):
            return None
        try:
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        except psycopg.Error:
            connection.close()
            return None
        if revision != [(HEAD_REVISION,)]:
            connection.close()
            return None
        return cls(connection)

    def run(self, sql: str, params: Mapping[str, object]) -> list[Row]:
        import psycopg

        text = self._texts.get(sql)
        if text is None:
            text = self._texts[sql] = to_pyformat(sql)
        try:
            return self._connection.execute(text, params).fetchall()  # type: ignore[no-any-return]
        except psycopg.Error as exc:
            raise Unavailable(str(exc)) from exc

    def close(self) -> None:
        self._connection.close()


def day_plan(url: str, now: datetime) -> DayPlan | None:
    """Today's plan for every deck, or None when the fast path does not apply."""
    reader: _Reader | None = QuickReader.open(url) or ServerReader.open(url)
    if reader is None:
        return None
    try:
        return reader.day_plan(reader.today(now))
    except Unavailable:  # the full path reports a bad setting or a damaged file
        return None
    finally:
        reader.close()
