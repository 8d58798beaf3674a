"""Reading a SQLite collection without writing anything, wherever it lies (issue 16).

A read-only connection (`mode=ro`) to a WAL database still needs the wal-index (`<db>-shm`): SQLite
creates it, and an empty `<db>-wal`, when they are missing. On a read-only mount that fails with
SQLITE_CANTOPEN, on a full disk with SQLITE_IOERR_SHMSIZE ("disk I/O error"), so every read command
failed there, `due` included. SQLite's way out is `immutable=1`, which reads the file with no lock and
no log at all. That is only right when there is no log to read: with a leftover, non-empty `-wal` (a
command killed while writing), immutable would silently show the collection as it was before the
grades in that log. So:

- `mode=ro` first, always: it sees the log and takes SQLite's locks (a quiz may be writing meanwhile);
- `immutable=1` only when `mode=ro` cannot open the wal-index and there is no log to read (nor a
  rollback journal left by an interrupted write, which SQLite would have to roll back first);
- otherwise `UnreadableLog`: one line saying why, instead of a stale answer.

Made without `pathlib` or `urllib`: `flashcards due` reads through here (storage/fast.py).
"""

from __future__ import annotations

import os
import sqlite3

from flashcards.system.paths import file_uri, readonly_query

# The errors of a wal-index that cannot be made (read-only folder, full disk), as sqlite3 names them.
_NO_WAL_INDEX = ("SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_READONLY")


class UnreadableLog(sqlite3.OperationalError):
    """The database has a write-ahead log with changes in it that cannot be read where it lies."""


def pending_log(path: str) -> str | None:
    """`<path>-wal`, or a rollback journal `<path>-journal`, when it exists with something in it: changes
    SQLite would read (a log) or roll back (a hot journal) before the file itself can be trusted."""
    for log in (path + "-wal", path + "-journal"):
        try:
            if os.path.getsize(log) > 0:
                return log
        except OSError:
            continue
    return None


def _cannot_index(exc: sqlite3.Error) -> bool:
    name = str(getattr(exc, "sqlite_errorname", ""))
    return isinstance(exc, sqlite3.OperationalError) and name.startswith(_NO_WAL_INDEX)


def connect_readonly(path: str, *, timeout: float = 10.0,
                     check_same_thread: bool = True) -> tuple[sqlite3.Connection, bool]:
    """A read-only connection to the SQLite file at `path` that has read its first page; and whether
    it is immutable (see the module docstring).

    Raises:
        UnreadableLog: the file has a non-empty log that cannot be read here (no wal-index can be made).
        sqlite3.Error: anything else SQLite says (not a database, damaged, missing).
    """
    uri = file_uri(path)
    connection = sqlite3.connect(f"{uri}?{readonly_query(immutable=False)}", uri=True, timeout=timeout,
                                 check_same_thread=check_same_thread)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the log and its index
        return connection, False
    except sqlite3.Error as exc:
        connection.close()
        if not _cannot_index(exc):
            raise
        log = pending_log(path)
        if log is not None:
            raise UnreadableLog(
                f"its latest changes are in {log}, which SQLite cannot read here ({exc}); "
                "open it once where the folder can be written") from exc
    connection = connect_immutable(path, timeout=timeout, check_same_thread=check_same_thread)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        connection.close()
        raise
    return connection, True


def connect_immutable(path: str, *, timeout: float = 10.0, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection that reads the file at `path` as it lies: no lock, no log, nothing made beside it.
    Right only for a file no one writes or whose log is known empty (`connect_readonly` decides)."""
    return sqlite3.connect(f"{file_uri(path)}?{readonly_query(immutable=True)}", uri=True, timeout=timeout,
                           check_same_thread=check_same_thread)
