"""Reads never need to write (issue 16, acceptance 3).

A home on a read-only mount and on a full disk (a small tmpfs, remounted read-only or filled with a
file): every read command exits 0 with the output it gives on a writable disk; every command that
writes says so in one line, exits 1, and leaves the database byte for byte as it was (sha256). Each
with and without a write-ahead log left by a writer that was killed: SQLite's `immutable=1` would
read the first case right and silently drop the second's changes, so the log's change is looked for.

Mounting needs root (or the permission to mount): where it is refused the mount tests are skipped,
saying why; the tests of read-only opening that need no mount run everywhere.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

NOW = "2026-11-28T09:00:00+00:00"
DECK = "notes::docker"  # the built-in deck, imported from a folder `notes`
LOGGED_EDITOR = "nano-wal"

READS: tuple[tuple[str, ...], ...] = (
    ("due",), ("due", "--json"), ("decks",), ("decks", "--json"), ("cards",), ("cards", "--json"),
    ("cards", "--search", "docker"), ("stats",), ("stats", DECK), ("exam",), ("exam", "--json"),
    ("check",), ("config",), ("backups",), ("import", "{notes}", "--dry-run"), ("sync", "--dry-run"),
    ("export", "csv", "-o", "{out}/cards.txt"), ("export", "anki", "-o", "{out}/cards.apkg"),
)
WRITES: tuple[tuple[str, ...], ...] = (
    ("quiz",), ("quiz", "--cram"), ("import", "{notes}"), ("sync",), ("reset", "1"), ("suspend", "1"),
    ("unsuspend", "1"), ("reset", "--search", "docker", "--yes"), ("decks", "set", DECK, "--new-per-day", "3"),
    ("decks", "rename", DECK, "box"), ("decks", "suspend", DECK), ("decks", "unsuspend", DECK),
    ("decks", "retire", DECK, "--yes"), ("config", "new-per-day", "3"), ("exam", DECK, "--date", "2026-12-24"),
    ("exam", DECK, "--clear"), ("import-anki", "{package}"), ("restore", "daily-2026-11-27.db", "--yes"),
)
CANNOT_WRITE = "this command changes the collection, so it did nothing (the commands that only read it still work)"


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _run(home: Path, args: tuple[str, ...], **names: Path) -> Result:
    from flashcards.cli import cli

    env = {"FLASHCARDS_HOME": str(home), "FLASHCARDS_NOW": NOW, "FLASHCARDS_TZ": "UTC", "NO_COLOR": "1",
           "COLUMNS": "80"}
    argv = [arg.format(**{key: str(value) for key, value in names.items()}) for arg in args]
    return CliRunner(env=env).invoke(cli, argv, input="\n5\n" * 3 + "q\n")


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the built-in deck imported from a notes folder, three grades, an exam, a backup."""
    from flashcards.application.builtin import builtin_deck_files

    base = tmp_path_factory.mktemp("collection")
    notes = base / "notes"
    notes.mkdir()
    shutil.copy(builtin_deck_files()[0], notes / "docker.md")
    home = base / "home"
    for args in (("import", str(notes)), ("quiz",), ("exam", DECK, "--date", "2026-12-20")):
        result = _run(home, args)
        assert result.exit_code == 0, (args, result.output)
    shutil.copy(home / "backups" / "daily-2026-11-28.db", home / "backups" / "daily-2026-11-27.db")
    connection = sqlite3.connect(home / "flashcards.db")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return home


def _leave_a_log(database: Path) -> None:
    """A writer killed after its commit: the change is in `-wal` (with its `-shm`), not in the file."""
    subprocess.run([sys.executable, "-c", (
        "import os, sqlite3\n"
        f"c = sqlite3.connect({str(database)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode = WAL')\n"
        f"c.execute(\"INSERT INTO settings (key, value) VALUES ('editor', '{LOGGED_EDITOR}')\")\n"
        "os._exit(0)\n")], check=True)
    assert os.path.getsize(f"{database}-wal") > 0


def _copy_home(source: Path, target: Path, *, log: bool) -> None:
    shutil.copytree(source, target)
    for stale in ("flashcards.db-wal", "flashcards.db-shm"):
        (target / stale).unlink(missing_ok=True)
    if log:
        _leave_a_log(target / "flashcards.db")


@contextmanager
def _tmpfs(where: Path) -> Iterator[Path]:
    where.mkdir()
    if os.name != "posix" or not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root here; the read-only mount and full disk cases are not run")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip() or mounted.returncode}); "
                    "the read-only mount and full disk cases are not run")
    try:
        yield where
    finally:
        if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], check=True)


def _fill(where: Path) -> None:
    """Fill the file system until not one more byte fits."""
    handle = os.open(where / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 16, 1 << 12, 1):
            try:
                while True:
                    os.write(handle, bytes(size))
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
    finally:
        os.close(handle)
    probe = os.open(where / "probe", os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(OSError):
            os.write(probe, bytes(4096))
    finally:
        os.close(probe)
        os.unlink(where / "probe")


def _normal(output: str, home: Path, out: Path) -> str:
    return output.replace(str(home), "<home>").replace(str(out), "<out>")


@pytest.mark.parametrize("log", [False, True], ids=["no log", "log left by a killed writer"])
@pytest.mark.parametrize("disk", ["read-only mount", "full disk"])
def test_reads_work_and_writes_refuse_on_a_disk_that_takes_nothing(
    collection: Path, tmp_path: Path, disk: str, log: bool
) -> None:
    notes = tmp_path / "new-notes.md"
    notes.write_text("# Shell\n\n- `pwd`: print the working folder\n", encoding="utf-8")
    writable = tmp_path / "writable"
    writable.mkdir()
    _copy_home(collection, writable / "home", log=log)
    expected = {}
    for args in READS:
        out = tmp_path / "expected-out"
        out.mkdir(exist_ok=True)
        result = _run(writable / "home", args, notes=notes, out=out)
        assert result.exit_code == 0, (args, result.output)
        expected[args] = _normal(result.output, writable / "home", out)
    package = tmp_path / "expected-out" / "cards.apkg"

    with _tmpfs(tmp_path / "mnt") as mount:
        home = mount / "home"
        _copy_home(collection, home, log=log)
        names = sorted(path.name for path in home.iterdir())
        if disk == "read-only mount":
            subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        else:
            _fill(mount)
        before = {name: _sha(home / name) for name in ("flashcards.db", "flashcards.db-wal") if (home / name).exists()}

        for args in READS:
            out = tmp_path / "out"
            out.mkdir(exist_ok=True)
            result = _run(home, args, notes=notes, out=out)
            assert result.exit_code == 0, (disk, args, result.output)
            assert _normal(result.output, home, out) == expected[args], (disk, args)
        config = _run(home, ("config",)).output
        assert (LOGGED_EDITOR in config) is log  # the log is read, not skipped as `immutable=1` would
        assert (out / "cards.txt").read_bytes() == (tmp_path / "expected-out" / "cards.txt").read_bytes()

        for args in WRITES:
            result = _run(home, args, notes=notes, package=package)
            assert result.exit_code == 1, (disk, args, result.output)
            (line,) = result.output.splitlines()
            reason = "Read-only file system" if disk == "read-only mount" else "No space left on device"
            assert line == f"Error: cannot write to the data folder {home}: {reason}; {CANNOT_WRITE}", (args, line)
        assert {name: _sha(home / name) for name in before} == before  # byte for byte as it was
        assert not (home / "backups" / "daily-2026-11-28.db").exists() or (
            _sha(home / "backups" / "daily-2026-11-28.db") == _sha(collection / "backups" / "daily-2026-11-28.db"))
        if disk == "read-only mount":
            assert sorted(path.name for path in home.iterdir()) == names  # as it must be: the mount is read-only
        else:  # a read may leave SQLite's empty log and a stub of its index; nothing else was written
            assert set(path.name for path in home.iterdir()) - set(names) <= {"flashcards.db-wal", "flashcards.db-shm"}


def test_due_through_the_console_script_on_a_read_only_mount(collection: Path, tmp_path: Path) -> None:
    """`flashcards due` as a shell prompt runs it: the fast path before the command line (entry.py)."""
    with _tmpfs(tmp_path / "mnt") as mount:
        _copy_home(collection, mount / "home", log=True)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        env = {**os.environ, "FLASHCARDS_HOME": str(mount / "home"), "FLASHCARDS_NOW": NOW, "FLASHCARDS_TZ": "UTC"}
        env.pop("FLASHCARDS_DATABASE_URL", None)
        done = subprocess.run([sys.executable, "-c", "from flashcards.entry import main; main()", "due"],
                              capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout.endswith(" new\n") and done.stderr == ""


def test_a_log_without_its_index_on_a_read_only_mount_is_said_not_skipped(collection: Path, tmp_path: Path) -> None:
    """Changes in a `-wal` SQLite cannot index where nothing can be written: one line, never a stale answer."""
    with _tmpfs(tmp_path / "mnt") as mount:
        home = mount / "home"
        _copy_home(collection, home, log=True)
        (home / "flashcards.db-shm").unlink()
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        before = _sha(home / "flashcards.db")
        for args in (("due",), ("cards",), ("config",), ("check",)):
            result = _run(home, args)
            assert result.exit_code == 1, (args, result.output)
            (line,) = result.output.splitlines()
            assert line.startswith(f"Error: cannot read the collection {home / 'flashcards.db'}: its latest "
                                   f"changes are in {home / 'flashcards.db'}-wal, which SQLite cannot read here"), line
            assert LOGGED_EDITOR not in result.output
        assert _sha(home / "flashcards.db") == before


# -- read-only opening, wherever the home lies ---------------------------------------------------------

def test_a_read_does_not_wait_for_a_writer_s_lock(collection: Path, tmp_path: Path) -> None:
    """Reads begin deferred: with another program holding the write lock, `cards` and `stats` still answer
    (every transaction was BEGIN IMMEDIATE, and a read waited for the lock, then failed as busy)."""
    home = tmp_path / "home"
    _copy_home(collection, home, log=False)
    writer = sqlite3.connect(home / "flashcards.db", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE cards SET front = front || ' (being edited)' WHERE id = 1")
        for args in (("cards", "--json"), ("stats",), ("decks",), ("check",)):
            result = _run(home, args)
            assert result.exit_code == 0, (args, result.output)
            assert "(being edited)" not in result.output  # the committed state, not the writer's
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_reads_write_no_probe_no_backup_and_leave_the_home_as_it_was(collection: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    _copy_home(collection, home, log=False)
    shutil.rmtree(home / "backups")
    notes = tmp_path / "new-notes.md"
    notes.write_text("# Shell\n\n- `pwd`: print the working folder\n", encoding="utf-8")
    before = _sha(home / "flashcards.db")
    os.chmod(home, 0o555)  # root writes anyway: the names in the folder show what was written
    try:
        for args in READS:
            result = _run(home, args, notes=notes, out=tmp_path)
            assert result.exit_code == 0, (args, result.output)
    finally:
        os.chmod(home, 0o755)
    assert {path.name for path in home.iterdir()} <= {"flashcards.db", "flashcards.db-wal", "flashcards.db-shm"}
    assert _sha(home / "flashcards.db") == before
    assert _sha(home / "flashcards.db-wal") in (None, hashlib.sha256(b"").hexdigest())


def _downgraded(collection: Path, home: Path) -> str:
    """The collection one schema revision back (as a learner's is after upgrading the program)."""
    from alembic import command

    from flashcards.storage.migrate import alembic_config
    from flashcards.storage.schema_version import HEAD_REVISION
    from flashcards.system.paths import sqlite_url

    _copy_home(collection, home, log=False)
    url = sqlite_url(str(home / "flashcards.db"))
    command.downgrade(alembic_config(url), "-1")
    connection = sqlite3.connect(home / "flashcards.db")
    (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    assert revision != HEAD_REVISION
    return str(revision)


def test_a_read_leaves_an_older_schema_as_it_is_and_a_write_upgrades_it(
    collection: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    revision = _downgraded(collection, home)
    before = _sha(home / "flashcards.db")
    backups = sorted(path.name for path in (home / "backups").iterdir())
    for args in (("cards",), ("decks",), ("stats",), ("check",), ("exam",)):
        result = _run(home, args)
        assert result.exit_code == 1, (args, result.output)
        assert result.output == (
            f"Error: {home / 'flashcards.db'} was made by an older version of flashcards (schema revision "
            f"{revision}) and this command only reads it, so it was left as it is; the next command that "
            "changes the collection (`flashcards quiz`, `flashcards sync`) upgrades it first, after a backup\n")
    assert _sha(home / "flashcards.db") == before
    assert sorted(path.name for path in (home / "backups").iterdir()) == backups  # no backup taken
    assert _run(home, ("sync",)).exit_code == 0
    assert any(name.endswith(f"-{revision}.db") for name in os.listdir(home / "backups"))  # backed up first
    result = _run(home, ("cards", "--json"))
    assert result.exit_code == 0 and '"front"' in result.output


@pytest.mark.parametrize("name", ["a?b", "x%20y", "c#d", "with spaces"])
def test_the_read_only_url_opens_the_home_s_own_file(collection: Path, tmp_path: Path, name: str) -> None:
    """`sqlite_readonly_url` is decoded twice (SQLAlchemy, then SQLite): the file is the home's, whatever its name."""
    from sqlalchemy import create_engine, text

    from flashcards.system.paths import sqlite_readonly_url

    home = tmp_path / name / "home"
    _copy_home(collection, home, log=False)
    decoy = tmp_path / "a"  # where an unquoted `a?b/...` would land
    engine = create_engine(sqlite_readonly_url(str(home / "flashcards.db")))
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM cards")).scalar_one() > 0
    finally:
        engine.dispose()
    assert not decoy.exists()


def test_a_write_through_a_reading_store_is_refused(collection: Path, tmp_path: Path) -> None:
    from datetime import datetime, timezone

    from flashcards.storage.store import Store
    from flashcards.system.paths import sqlite_url

    home = tmp_path / "home"
    _copy_home(collection, home, log=False)
    store = Store.open_read(sqlite_url(str(home / "flashcards.db")), home, datetime(2026, 11, 28, tzinfo=timezone.utc))
    try:
        assert store.read_only
        with pytest.raises(RuntimeError, match="reading only"):
            with store.transaction():
                pass
        from sqlalchemy import text
        from sqlalchemy.exc import OperationalError

        with pytest.raises(OperationalError, match="readonly database"):
            with store.read() as session:
                session.execute(text("UPDATE cards SET front = 'x'"))
    finally:
        store.close()


def _rollback_mode_copy(collection: Path, home: Path, *, hot_journal: bool) -> None:
    """The collection in rollback-journal mode (as an old copy or another tool may leave it); with a hot
    journal when a writer was killed half-way through a transaction that had spilled pages to the file."""
    _copy_home(collection, home, log=False)
    database = home / "flashcards.db"
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    if hot_journal:
        subprocess.run([sys.executable, "-c", (
            "import os, sqlite3\n"
            f"c = sqlite3.connect({str(database)!r}, isolation_level=None)\n"
            "c.execute('PRAGMA cache_size = 1')\n"
            "c.execute('BEGIN')\n"
            "c.execute(\"UPDATE cards SET front = front || ' (half-written)'\")\n"
            "os._exit(0)\n")], check=True)
        assert os.path.getsize(f"{database}-journal") > 0


@pytest.mark.parametrize("hot_journal", [False, True], ids=["no journal", "hot journal"])
def test_a_rollback_journal_database_on_a_read_only_mount(collection: Path, tmp_path: Path, hot_journal: bool) -> None:
    """Without a journal the file is read as it is; with a hot one SQLite must roll it back first, which
    cannot happen on a read-only mount: one line, never the half-written pages (`immutable=1` would)."""
    with _tmpfs(tmp_path / "mnt") as mount:
        home = mount / "home"
        _rollback_mode_copy(collection, home, hot_journal=hot_journal)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        result = _run(home, ("cards", "--json"))
        assert "half-written" not in result.output
        if hot_journal:
            assert result.exit_code == 1
            (line,) = result.output.splitlines()
            assert line.startswith(f"Error: cannot read the collection {home / 'flashcards.db'}: its latest "
                                   f"changes are in {home / 'flashcards.db'}-journal"), line
        else:
            assert result.exit_code == 0, result.output
            assert '"front"' in result.output
