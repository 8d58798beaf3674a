"""The opened collection: an engine and sessions on a database that is known to be at head.

`Store.open` is the way in for a command that writes: it validates, backs up and upgrades first (see
migrate.py), so code that holds a Store never sees an old or foreign schema. `Store.open_read` is the
way in for one that only reads: it validates and refuses an old schema without writing anything, and
its store cannot write (issue 16: reads work on a read-only mount and a full disk).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from flashcards.system import clock
from flashcards.core.days import parse_rollover_hour, review_day
from flashcards.core.errors import FlashcardsError
from flashcards.system.paths import sqlite_path_from_url
from flashcards.storage.engine import make_engine
from flashcards.storage.migrate import OpenResult, open_database


CHECKPOINT_EVERY = 32
"""Idle moments (cards shown) per checkpoint: a grade writes some 6-10 pages of log, so 32 grades stay
well under SQLite's automatic checkpoint at 1,000 pages."""


def _hour(setting: str | None) -> int:
    try:
        return parse_rollover_hour(setting)
    except ValueError as exc:
        raise FlashcardsError(str(exc)) from None


@dataclass
class Store:
    """A database at the current schema, with a session factory."""

    engine: Engine
    sessions: sessionmaker[Session]
    opened: OpenResult
    home: Path | None = None
    read_only: bool = False
    _checkpointer: threading.Thread | None = field(default=None, repr=False)
    _backed_up: bool = field(default=False, repr=False)
    _idle_moments: int = field(default=0, repr=False)

    @classmethod
    def open(cls, url: str, home: Path, now: datetime) -> Store:
        opened = open_database(url, home, now)
        engine = make_engine(url)
        return cls(engine, sessionmaker(engine, expire_on_commit=False), opened, home)

    @classmethod
    def open_read(cls, url: str, home: Path, now: datetime) -> Store:
        """The store of a command that only reads: opened read-only, writing nothing (issue 16).

        No probe of the home, no backup, no upgrade (`migrate.open_for_reading`); SQLite through a
        `mode=ro` URI (`immutable=1` only where that is right: storage/sqlite_files.py). A collection
        that does not exist yet is created as by any command (`Store.open`): there is nothing to keep.
        """
        from flashcards.storage.engine import make_reading_engine
        from flashcards.storage.migrate import open_for_reading

        opened = open_for_reading(url, home)
        if opened is None:
            return cls.open(url, home, now)
        read_url = None
        path = sqlite_path_from_url(url)
        if path is not None:
            from flashcards.storage.sqlite_files import UnreadableLog, connect_readonly
            from flashcards.system.paths import sqlite_readonly_url

            try:
                connection, immutable = connect_readonly(str(path))
            except UnreadableLog as exc:
                raise FlashcardsError(f"cannot read the collection {path}: {exc}") from exc
            except sqlite3.Error as exc:
                raise FlashcardsError(f"cannot read the collection {path} ({exc})") from exc
            connection.close()
            read_url = sqlite_readonly_url(str(path), immutable=immutable)
        engine = make_reading_engine(url, read_url)
        return cls(engine, sessionmaker(engine, expire_on_commit=False), opened, home, read_only=True)

    def _writable(self) -> None:
        if self.read_only:  # a bug, not the learner's doing: a command declared as reading wrote
            raise RuntimeError("this store was opened for reading only")

    def back_up_today(self) -> None:
        """Copy the collection into `<home>/backups/daily-DAY.db` if today's copy is not there yet.

        Called before the first write of each command (and by the quiz while its first card is read),
        so the day's first write always has the day's state before it behind it. Once per process; a
        server database is backed up by the server (`pg_dump`). A copy that cannot be made (a full or
        read-only disk) is said on stderr and does not stop the write, which reports its own error.
        """
        if self._backed_up or self.read_only:
            return
        self._backed_up = True
        path = sqlite_path_from_url(self.opened.url)
        if path is None or self.home is None:
            return
        from flashcards.storage.backups import daily_backup

        try:
            daily_backup(path, self.home / "backups", self.today(clock.now()))
        except (OSError, sqlite3.Error) as exc:
            import sys

            print(f"warning: today's backup of the collection could not be made ({exc})", file=sys.stderr)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits as one transaction, or rolls back entirely."""
        self._writable()
        self.back_up_today()
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A Core connection whose statements commit as one transaction, or roll back entirely.

        For the few hot paths of plain statements (a grade), where a Session's unit of work would cost
        more than the statements themselves.
        """
        self._writable()
        self.back_up_today()
        with self.engine.begin() as connection:
            yield connection

    def read(self) -> Session:
        return self.sessions()

    def _settings(self) -> tuple[str | None, str | None]:
        """(timezone, rollover_hour), read with the fast path's own SQL text (`day_rows.SETTINGS_SQL`)."""
        from flashcards.storage.day_rows import SETTINGS_SQL, settings_from
        from flashcards.storage.sql_run import session_runner

        with self.sessions() as session:
            return settings_from(session_runner(session)(SETTINGS_SQL, {}))

    def zone(self) -> ZoneInfo:
        return clock.local_zone(self._settings()[0])

    def rollover_hour(self) -> int:
        return _hour(self._settings()[1])

    def today(self, now: datetime) -> date:
        """The learner's review day at `now`."""
        timezone, rollover = self._settings()
        return review_day(now, clock.local_zone(timezone), _hour(rollover))

    def checkpoint(self) -> bool:
        """Fold SQLite's write-ahead log into the database now, without waiting for any reader.

        SQLite does this by itself every 1,000 pages, inside whichever commit crosses the line; with an
        fsync that takes 20-150 ms. Returns whether the whole log was folded back (False on other
        databases, or when SQLite is busy: its own checkpoint still runs later, as it always did).
        """
        path = sqlite_path_from_url(self.opened.url)
        if path is None or self.read_only:
            return False
        try:
            # A connection of its own, in autocommit: SQLite cannot checkpoint from inside a
            # transaction, and this may run on another thread than the store's connection.
            connection = sqlite3.connect(path, timeout=0.5, isolation_level=None)
            try:
                ((busy, frames, done),) = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            finally:
                connection.close()
        except sqlite3.Error:
            return False
        return bool(busy == 0 and frames == done)

    def checkpoint_while_idle(self) -> None:
        """Start `checkpoint` on a background thread (one at a time) and return at once.

        The quiz calls this when a card is on screen: the learner's reading time pays for the fsync
        instead of the next grade (benchmarks/README.md, answer latency). In WAL mode a passive
        checkpoint and a writer do not block each other, but they share the disk: folding the log
        after every grade made two fsyncs per grade, and a quick next grade waited on the first. So
        it runs at every `CHECKPOINT_EVERY`-th call, well before SQLite's own would.
        """
        running = self._checkpointer
        if running is not None and running.is_alive():
            return
        self._idle_moments += 1
        if self._idle_moments % CHECKPOINT_EVERY:
            return
        self._checkpointer = threading.Thread(target=self.checkpoint, name="wal-checkpoint", daemon=True)
        self._checkpointer.start()

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.join()
        self.engine.dispose()
