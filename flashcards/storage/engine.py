"""The engine factory: SQLite pragmas set on every connection, and real transactions on pysqlite.

Python's sqlite3 driver does not BEGIN before DDL and hides transaction boundaries; SQLAlchemy's
documented fix is to turn the driver's own handling off and emit BEGIN ourselves. With it, a migration
and its version row commit together or not at all, and a grade is one real transaction.

Connections are pooled (SQLAlchemy's default pool), not opened per transaction: closing the last
connection to a WAL database checkpoints the log into the file, and with one connection per
transaction every grade paid for a reconnect, its pragmas and that checkpoint (about 4 of its 5-10 ms,
measured in benchmarks/). Whoever opens a Store closes it (`Store.close`; the command line does it
when each command ends), which checkpoints once.

`synchronous = FULL`: in WAL mode SQLite then syncs the log at every commit, so a grade the quiz has
acknowledged survives a power cut (as in Anki, whose backend keeps SQLite's default, FULL). NORMAL
would sync only at checkpoints and could lose the last grades, though never corrupt the file.

Foreign keys are on for normal use. Migrations use `foreign_keys_enabled=False`: a table rebuild with
foreign keys on runs an implicit DELETE on the old table, which would cascade into (or, with RESTRICT,
block on) the rows that refer to it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 10_000


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, *, foreign_keys_enabled: bool = True) -> Engine:
    """An engine for `url`; on SQLite: WAL, busy_timeout, foreign keys as asked, explicit BEGIN."""
    if not is_sqlite(url):
        return create_engine(url, future=True)

    engine = create_engine(url)
    if "mode=ro" in url:  # sqlite_readonly_url's: a reader
        return _reading(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys_enabled else 'OFF'}")
        if url.rstrip("/") not in ("sqlite:", "sqlite:/", "sqlite://") and ":memory:" not in url:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _reading(engine: Engine) -> Engine:
    """A read-only SQLite engine: busy_timeout, and plain (deferred) BEGIN so each read is one snapshot.

    Nothing that writes: not `journal_mode = WAL` (a change of mode is a write), not BEGIN IMMEDIATE
    (it takes the write lock, which a read-only connection cannot, and would make every read wait for
    a writer), so reads work on a read-only mount and a full disk and never queue behind an import.
    """
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def make_reading_engine(url: str, read_url: str | None) -> Engine:
    """The engine of a command that only reads: SQLite through `read_url` (`sqlite_readonly_url`), a
    server in read-only transactions (PostgreSQL refuses any write in them and takes no write lock)."""
    if read_url is not None:
        return make_engine(read_url)
    if url.startswith("postgresql"):
        return create_engine(url, future=True, execution_options={"postgresql_readonly": True})
    return make_engine(url)
