"""Bringing a database to the current schema, safely.

Opening a collection goes through `open_database`: it first inspects the file without writing to it
(read-only), so a file that is not a database, or one written by a newer version, is reported and left
byte for byte as it was. A database behind the current schema is copied to `<home>/backups/` before
the upgrade. The upgrade runs Alembic on one shared connection (Alembic's cookbook recipe) with SQLite
foreign keys off, in a single transaction, and runs `PRAGMA foreign_key_check` before committing.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from flashcards.core.errors import HomeError, MigrationError, StoreError
from flashcards.system.paths import display_url, sqlite_path_from_url
from flashcards.system.resources import migrations_dir
from flashcards.storage.schema_version import HEAD_REVISION
from flashcards.core.vocabulary import plural

VERSION_TABLE = "alembic_version"
PROBE_BYTES = 4096
"""What the proof that the data folder can be written writes (one page of the file system)."""


@dataclass(frozen=True)
class OpenResult:
    """What opening did: the revision found, the revision now, and the backup taken (if any)."""

    url: str
    revision_before: str | None
    revision_after: str
    backup: Path | None


def alembic_config(url: str, script_location: Path | None = None):  # type: ignore[no-untyped-def]
    """An Alembic Config that needs no alembic.ini: everything is set in code."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location or migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def script_heads(script_location: Path | None = None) -> tuple[set[str], set[str]]:
    """(the head revisions, every known revision) of the migration scripts."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(script_location or migrations_dir()))
    return set(script.get_heads()), {rev.revision for rev in script.walk_revisions()}


def inspect_sqlite_file(path: Path) -> tuple[bool, str | None]:
    """Read a SQLite file without changing it: (has any table, its alembic revision or None).

    The file is only ever opened by SQLite, never with `open()`: POSIX drops every lock a process holds
    on a file when the process closes any descriptor of it, so a header read here while this process
    already had a connection (the quiz's fast reader, opened before the store) silently released that
    connection's locks; another process closing its last connection could then fold back and delete
    the write-ahead log under it, and an import running beside a quiz failed with "database disk image
    is malformed" (sqlite.org/howtocorrupt.html, section 2.2).

    Raises StoreError if the file is not a SQLite database at all.
    """
    try:
        if path.stat().st_size == 0:  # SQLite's own view of an empty file: a database without tables
            return False, None
    except OSError as exc:
        raise StoreError(f"cannot read database {path}: {exc.strerror or exc}") from exc
    from flashcards.storage.sqlite_files import UnreadableLog, connect_readonly

    try:
        # Read-only even on a read-only mount or a full disk, where `mode=ro` alone cannot make the
        # wal-index: a full disk read as "not a flashcards database (disk I/O error)" (issue 16).
        connection, _ = connect_readonly(str(path))
        try:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            revision = None
            if VERSION_TABLE in tables:
                rows = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
                if len(rows) > 1:
                    raise StoreError(f"{path} has several schema revisions; run `flashcards check`")
                revision = rows[0][0] if rows else None
        finally:
            connection.close()
    except UnreadableLog as exc:
        raise StoreError(f"cannot read the collection {path}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        name = str(getattr(exc, "sqlite_errorname", ""))
        if name == "SQLITE_NOTADB":
            raise StoreError(f"{path} is not a flashcards database (not a SQLite file)") from exc
        if name.startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_PERM", "SQLITE_READONLY")):
            # The file could not be read at all: a fault of the disk or its permissions, not the file's.
            raise StoreError(f"cannot read the collection {path} ({exc})") from exc
        raise StoreError(f"{path} is not a flashcards database ({exc})") from exc
    if tables and VERSION_TABLE not in tables:
        raise StoreError(f"{path} is a SQLite database but not a flashcards one (no schema revision)")
    return bool(tables - {VERSION_TABLE}), revision


def ensure_home(home: Path) -> None:
    """Create the data folder if needed and prove it can be written to."""
    import tempfile

    try:
        home.mkdir(parents=True, exist_ok=True)
        # A name of its own for each process: with one fixed probe file, six commands started at once
        # deleted each other's and 7 in 600 failed with "No such file or directory".
        handle, probe = tempfile.mkstemp(prefix=".write-test-", dir=home)
        try:
            # A block written, not only a name made: a full disk still has room for an empty file,
            # and the command would only fail at its first write, after a backup it could not make.
            os.write(handle, bytes(PROBE_BYTES))
        finally:
            os.close(handle)
            os.unlink(probe)
    except OSError as exc:
        raise HomeError(f"cannot write to the data folder {home}: {exc.strerror or exc}") from exc


def backup_sqlite(path: Path, backups: Path, revision: str | None, now: datetime) -> Path:
    """Copy a live SQLite database consistently (the backup API, WAL included) into `backups`."""
    backups.mkdir(parents=True, exist_ok=True)
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups / f"{path.stem}-{stamp}-{revision or 'base'}.db"
    from flashcards.storage.backups import copy_database

    copy_database(path, target)
    return target


def upgrade_to_head(url: str, script_location: Path | None = None) -> None:
    """Run every pending migration in one transaction, foreign keys off, checked before commit."""
    from alembic import command

    from flashcards.storage.engine import is_sqlite, make_engine

    engine = make_engine(url, foreign_keys_enabled=False)
    try:
        with engine.connect() as connection, connection.begin():
            cfg = alembic_config(url, script_location)
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
            if is_sqlite(url):
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    table, rowid, parent, _ = broken[0]
                    raise MigrationError(
                        f"upgrade left {plural(len(broken), 'broken reference')}, e.g. {table} row {rowid} "
                        f"-> {parent}; the database was not changed"
                    )
    except MigrationError:
        raise
    except Exception as exc:
        raise MigrationError(f"could not upgrade the database ({exc.__class__.__name__}: {exc})") from exc
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    """The revision stored in a (non-file) database, read through SQLAlchemy.

    Raises StoreError if the database cannot be reached, or holds other tables and no revision.
    """
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect
    from sqlalchemy.exc import ArgumentError

    from flashcards.storage.engine import make_engine

    try:
        # Inside the try: a URL naming a driver that is not installed (postgresql+psycopg2://) or not
        # parseable fails here, and is the user's to fix, so it gets the same one-line error.
        engine = make_engine(url)
    except (ImportError, ArgumentError) as exc:
        raise StoreError(f"cannot open database {display_url(url)}: {exc}") from exc
    try:
        with engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
            # As for a SQLite file (inspect_sqlite_file): a database holding tables but no revision
            # belongs to something else, and the upgrade would add flashcards' tables to it.
            others = sorted(set(inspect(connection).get_table_names()) - {VERSION_TABLE}) if revision is None else []
    except Exception as exc:
        raise StoreError(f"cannot open database {display_url(url)}: {exc}") from exc
    finally:
        engine.dispose()
    if others:
        raise StoreError(
            f"{display_url(url)} holds tables ({len(others)}, e.g. {others[0]}) but is not a flashcards "
            "database (no schema revision); point FLASHCARDS_DATABASE_URL at an empty database"
        )
    return revision


def open_database(
    url: str,
    home: Path,
    now: datetime,
    script_location: Path | None = None,
) -> OpenResult:
    """Make the database at `url` ready for use: validate, back up if behind, upgrade to head."""
    path = sqlite_path_from_url(url)
    if path is not None:
        ensure_home(home)
        if not path.parent.exists():
            ensure_home(path.parent)
        has_tables, revision = (False, None)
        if path.exists():
            has_tables, revision = inspect_sqlite_file(path)
    else:
        has_tables, revision = False, current_revision(url) if not url.startswith("sqlite") else None
    if script_location is None and revision == HEAD_REVISION:
        # The usual case, on every command: already at the program's head (a test keeps the constant
        # equal to the migrations' single head), so there is nothing to upgrade and no need to load
        # Alembic and the migration scripts, a fifth of a second of `flashcards quiz`'s start-up.
        return OpenResult(url, revision, revision, None)
    heads, known = script_heads(script_location)
    if len(heads) != 1:
        raise MigrationError(f"the program's migrations have {len(heads)} heads; expected one")
    head = next(iter(heads))
    if revision is not None and revision not in known:
        where = path if path is not None else display_url(url)
        raise StoreError(
            f"{where} was written by a newer version of flashcards (schema revision {revision}); "
            "upgrade flashcards to open it"
        )
    if revision == head:
        return OpenResult(url, revision, head, None)

    backup = None
    if path is not None and path.exists() and (has_tables or revision is not None):
        try:
            backup = backup_sqlite(path, home / "backups", revision, now)
        except (OSError, sqlite3.Error) as exc:
            raise MigrationError(f"could not back up {path} before upgrading it: {exc}") from exc
    upgrade_to_head(url, script_location)
    return OpenResult(url, revision, head, backup)


def open_for_reading(url: str, home: Path) -> OpenResult | None:
    """Validate the database at `url` for a command that only reads it, writing nothing at all.

    No probe file, no backup, no upgrade (issue 16): `due`, `cards`, `stats` and the rest work on a
    read-only mount and a full disk. None when there is no collection yet (no file, an empty file, an
    empty server database): the caller opens it for writing, which creates it, as the first command
    run always did.

    Raises:
        StoreError: not a flashcards database, written by a newer version, or behind the program's
            schema (one line: the first command that writes upgrades it, after a backup).
    """
    path = sqlite_path_from_url(url)
    if path is not None:
        try:
            if not path.is_file() or path.stat().st_size == 0:
                return None
        except OSError as exc:
            raise StoreError(f"cannot read the collection {path}: {exc.strerror or exc}") from exc
        has_tables, revision = inspect_sqlite_file(path)
        if revision is None and not has_tables:
            return None
        where = str(path)
    else:
        revision = current_revision(url)
        if revision is None:  # no table at all (current_revision refuses foreign tables)
            return None
        where = display_url(url)
    if revision == HEAD_REVISION:
        return OpenResult(url, revision, revision, None)
    _, known = script_heads()
    if revision not in known:
        raise StoreError(
            f"{where} was written by a newer version of flashcards (schema revision {revision}); "
            "upgrade flashcards to open it"
        )
    raise StoreError(
        f"{where} was made by an older version of flashcards (schema revision {revision}) and this "
        "command only reads it, so it was left as it is; the next command that changes the collection "
        "(`flashcards quiz`, `flashcards sync`) upgrades it first, after a backup"
    )
