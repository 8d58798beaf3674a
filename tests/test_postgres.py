"""The same models, migrations and commands on PostgreSQL (DESIGN.md §7: "Keep SQL portable").

A throwaway PostgreSQL cluster is started once per test session from the server binaries (`initdb`,
`pg_ctl`), and every test gets a database of its own. The cluster's time zone is deliberately not UTC,
so a timestamp that only looks right because server and program agree on a zone would show up here.

These tests skip only when the server binaries are not installed at all; any other failure to start
the cluster is an error, because CI has the binaries and must run them.

The end-to-end test runs one scripted study history twice, on SQLite and on PostgreSQL, and requires
the same cards, the same review log and the same command output from both.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from itertools import count
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from alembic import command
from click.testing import Result
from sqlalchemy import create_engine, inspect, select, text

from flashcards.core.errors import FlashcardsError
from flashcards.core.scheduling import CardState
from flashcards.storage.migrate import alembic_config, open_database
from flashcards.storage.models import Card, Deck, Review
from flashcards.core.quiz_items import GradeOutcome
from flashcards.storage.reviews import record_grade, undo_review
from flashcards.storage.schema_version import HEAD_REVISION
from flashcards.storage.store import Store

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 28)
# Not UTC, and far from it: the server hands timestamps back in this zone.
SERVER_TIME_ZONE = "Pacific/Auckland"
MISSING_BINARIES = "PostgreSQL server binaries (initdb, pg_ctl) are not installed"


# ---- the throwaway cluster ---------------------------------------------------------------------


def _version_key(directory: str) -> tuple[int, ...]:
    """`/usr/lib/postgresql/15/bin` sorts by its version number, so the newest server is preferred."""
    return tuple(int(part) for part in re.findall(r"\d+", directory))


def server_binaries() -> tuple[Path, Path] | None:
    """(initdb, pg_ctl) from one installation: PATH first, then Debian's `/usr/lib/postgresql/*/bin`."""
    initdb = shutil.which("initdb")
    if initdb is not None:
        # Take pg_ctl from the same installation (/usr/local/bin/initdb is often a symlink into it).
        sibling = Path(initdb).resolve().parent / "pg_ctl"
        pg_ctl = str(sibling) if sibling.is_file() else shutil.which("pg_ctl")
        if pg_ctl is not None:
            return Path(initdb), Path(pg_ctl)
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        initdb_path, pg_ctl_path = Path(directory, "initdb"), Path(directory, "pg_ctl")
        if initdb_path.is_file() and pg_ctl_path.is_file():
            return initdb_path, pg_ctl_path
    return None


def _cluster_owner() -> pwd.struct_passwd | None:
    """The system user to run the server as, or None to run it as ourselves.

    initdb and postgres refuse to run as root, so CI (which runs as root) hands the cluster to the
    `postgres` system user that the server packages create.
    """
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError(
            "running as root, and there is no `postgres` system user to run the PostgreSQL server as"
        ) from None


def _as_owner(argv: list[str], owner: pwd.struct_passwd | None) -> list[str]:
    if owner is None:
        return argv
    runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")
    if runuser is not None:
        return [runuser, "-u", owner.pw_name, "--", *argv]
    return ["su", owner.pw_name, "-s", "/bin/sh", "-c", " ".join(map(_quote, argv))]


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    """A running throwaway server: trust authentication on 127.0.0.1:port as `user`."""

    port: int
    user: str
    # CREATE DATABASE options giving a natural-language collation, as servers usually have (initdb
    # takes the system locale, often en_US.UTF-8): `ORDER BY` on text then differs from SQLite's
    # code-point order ("alpha" < "Zeta"), which a C-collated test database would hide. Empty when the
    # server was built without ICU.
    natural_collation: str = ""

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres", *, autocommit: bool = True) -> psycopg.Connection[Any]:
        return psycopg.connect(host="127.0.0.1", port=self.port, user=self.user, dbname=database,
                               autocommit=autocommit, connect_timeout=10)


def _run(argv: list[str], cwd: Path, what: str) -> None:
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "LC_ALL": "C", "LANG": "C"})
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}): {done.stdout}{done.stderr}")


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """Start a throwaway cluster (about a second), stop it and delete it at the end of the session."""
    found = server_binaries()
    if found is None:
        pytest.skip(MISSING_BINARIES)
    with pytest.MonkeyPatch.context() as environment:
        # libpq reads PG* variables (PGSSLMODE=require, PGOPTIONS, PGSERVICE, PGTZ...) that would
        # change how the tests connect, or fail them; this cluster is reached with explicit settings.
        for name in [name for name in os.environ if name.startswith("PG")]:
            environment.delenv(name)
        yield from _cluster(*found)


def _cluster(initdb: Path, pg_ctl: Path) -> Iterator[Cluster]:
    owner = _cluster_owner()
    # Under /tmp, not pytest's tmp_path: the server user must be able to reach the folder, and the
    # unix socket path (also placed here) must stay short.
    root = Path(tempfile.mkdtemp(prefix="flashcards-pg-", dir="/tmp"))
    if owner is not None:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    data, log = root / "data", root / "server.log"
    user = "flashcards"
    started = False
    try:
        _run(_as_owner([str(initdb), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8",
                        "--locale=C", "--no-sync"], owner), root, "initdb")
        for attempt in range(3):  # a free port can be taken between choosing it and binding it
            port = _free_port()
            options = (f"-h 127.0.0.1 -p {port} -k {root} -F -c timezone={SERVER_TIME_ZONE} "
                       "-c full_page_writes=off -c synchronous_commit=off -c max_connections=50")
            try:
                _run(_as_owner([str(pg_ctl), "-D", str(data), "-l", str(log), "-w", "-t", "30", "-o", options,
                                "start"], owner), root, "pg_ctl start")
            except RuntimeError:
                if attempt == 2:
                    raise RuntimeError(f"the PostgreSQL server did not start; its log:\n{_tail(log)}") from None
                continue
            started = True
            break
        yield _with_natural_collation(Cluster(port=port, user=user))
    finally:
        try:
            if started:
                _run(_as_owner([str(pg_ctl), "-D", str(data), "-m", "fast", "-w", "stop"], owner), root,
                     "pg_ctl stop")
        finally:
            shutil.rmtree(root, ignore_errors=True)


def _with_natural_collation(cluster: Cluster) -> Cluster:
    """The cluster, with ICU en-US for its test databases when the server can (PostgreSQL 15+, ICU)."""
    with cluster.connect() as admin:
        found = admin.execute("SELECT current_setting('server_version_num')::int >= 150000 AND "
                              "EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i')").fetchone()
    if found is None or not found[0]:
        return cluster
    return Cluster(port=cluster.port, user=cluster.user,
                   natural_collation="TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'")


def _tail(log: Path) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-20:])
    except OSError:
        return "(no log)"


_databases = count(1)


@pytest.fixture
def pg_url(postgres: Cluster, isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty database for one test, which the CLI uses through FLASHCARDS_DATABASE_URL."""
    name = f"flashcards_test_{os.getpid()}_{next(_databases)}"
    with postgres.connect() as admin:
        admin.execute(f'CREATE DATABASE "{name}" {postgres.natural_collation}')
    url = postgres.url(name)
    monkeypatch.setenv("FLASHCARDS_DATABASE_URL", url)
    yield url
    with postgres.connect() as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


# ---- helpers -----------------------------------------------------------------------------------


def day(n: int) -> str:
    return f"2026-12-{n:02d}T09:00:00+00:00"


def answers(*grades: int | str) -> str:
    """Quiz input without a terminal: for each card, an empty answer line (reveal), then the grade."""
    return "".join(f"\n{grade}\n" for grade in grades)


def ok(result: Result) -> str:
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def rows(url: str, sql: str, **params: object) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def _plain(value: object) -> object:
    """A value read by raw SQL, the same from both databases (SQLite hands dates back as text)."""
    return value.isoformat() if isinstance(value, date) else value


def store_contents(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a study history leaves in the store, without ids, times or measured durations."""
    found = {
        "decks": rows(url, "SELECT name, new_per_day, reviews_per_day, exam_date FROM decks ORDER BY name"),
        "cards": rows(url, "SELECT key, kind, front, back, status, tags, repetitions, ef_hundredths, interval, "
                           "due, lapses, position, source_line FROM cards ORDER BY key"),
        "contexts": [(key, json.loads(context) if isinstance(context, str) else context)
                     for key, context in rows(url, "SELECT key, context FROM cards ORDER BY key")],
        "reviews": rows(url, "SELECT c.key, r.grade, r.mode, r.review_day, r.due_before, r.due_after, "
                             "r.ef_after, r.interval_after, r.undone_at IS NULL, r.typed_answer "
                             "FROM reviews r JOIN cards c ON c.id = r.card_id ORDER BY r.id"),
    }
    # Sorted here, by code point: the SQL's ORDER BY on text follows the server's collation.
    return {table: sorted([tuple(_plain(value) for value in row) for row in found_rows], key=repr)
            if table != "reviews" else [tuple(_plain(value) for value in row) for row in found_rows]
            for table, found_rows in found.items()}


def _without_timing(output: str) -> str:
    """A quiz transcript with the session's measured duration taken out."""
    return re.sub(r"\d+m \d\ds\.", "<time>.", output)


WINDOWS_NOTES = """# Paths

- **Profile folder**: your files, under C:\\Users\\Public
- **100% CPU**: a process using a whole core
"""


def write_windows_notes(folder: Path) -> Path:
    """Notes whose text holds a backslash, PostgreSQL's default LIKE escape (SQLite's LIKE has none)."""
    path = folder / "Windows.md"  # the deck "Windows" sorts before "docker" in code-point order only
    path.write_text(WINDOWS_NOTES, encoding="utf-8")
    return path


def study_history(invoke: Callable[..., Result], notes: Path, monkeypatch: pytest.MonkeyPatch,
                  out: Path) -> dict[str, Any]:
    """Four days of use through the CLI; what every read command printed along the way."""
    seen: dict[str, Any] = {}
    monkeypatch.setenv("FLASHCARDS_NOW", day(1))
    seen["import"] = ok(invoke("import", "--deck", "docker", str(notes)))
    seen["import windows"] = ok(invoke("import", str(write_windows_notes(notes.parent))))
    # Both directions of the one card holding `C:\Users`, found by its backslash. A search is whole
    # words, taken literally (`core.search`): a backslash is a backslash on both databases, and `_` is
    # no wildcard.
    for search, expected in (("C:\\Users", [("definition", "Profile folder"),
                                             ("definition-reverse", "your files, under C:\\Users\\Public")]),
                             ("C_\\", [])):
        found = json.loads(ok(invoke("cards", "--json", "--search", search)))
        seen[f"search {search}"] = sorted((card["kind"], card["front"]) for card in found)
        assert seen[f"search {search}"] == expected, search
    seen["cram search"] = _without_timing(ok(invoke("quiz", "--cram", "--search", "C:\\Users", input=answers(5, 5))))
    assert "Session done: 2 cards, 2 grades" in seen["cram search"], seen["cram search"]
    seen["due 1 before"] = json.loads(ok(invoke("due", "--json")))
    seen["quiz 1"] = _without_timing(ok(invoke("quiz", input=answers(*[5, 4, 3, 2, 5, 1, 4, 0] * 6))))
    seen["due 1 after"] = json.loads(ok(invoke("due", "--json")))
    seen["decks 1"] = ok(invoke("decks"))
    for n in (2, 3):
        monkeypatch.setenv("FLASHCARDS_NOW", day(n))
        seen[f"due {n}"] = json.loads(ok(invoke("due", "--json")))
        seen[f"quiz {n}"] = _without_timing(ok(invoke("quiz", input=answers(*[4, 5, 2, 3, 5] * 12))))
    seen["undo"] = _without_timing(ok(invoke("quiz", "--cram", "--limit", "3", input="\n5\nu\n\n2\nq\n")))
    seen["exam set"] = ok(invoke("exam", "docker", "--date", "2026-12-12"))
    monkeypatch.setenv("FLASHCARDS_NOW", day(4))
    seen["exam"] = json.loads(ok(invoke("exam", "--json")))
    seen["due 4"] = json.loads(ok(invoke("due", "--json")))
    seen["quiz 4"] = _without_timing(ok(invoke("quiz", input=answers(*[5, 3, 4] * 30))))
    seen["due 4 after"] = json.loads(ok(invoke("due", "--json")))
    seen["cards"] = [{k: v for k, v in card.items() if k != "id"}
                     for card in json.loads(ok(invoke("cards", "--json")))]
    seen["cards search"] = ok(invoke("cards", "docker", "--search", "DETACHED"))
    seen["decks"] = json.loads(ok(invoke("decks", "--json")))
    seen["stats"] = json.loads(ok(invoke("stats", "--json")))
    seen["stats"]["today"].pop("time_ms")  # measured answering time: differs from run to run
    seen["stats screen"] = ok(invoke("stats", "docker"))
    seen["export anki"] = ok(invoke("export", "anki", "-o", str(out / "x.apkg"))).replace(str(out), "<out>")
    seen["export anki scheduling"] = ok(invoke("export", "anki", "--with-scheduling", "-o", str(out / "s.apkg"))
                                        ).replace(str(out), "<out>")
    seen["export csv"] = ok(invoke("export", "csv", "-o", str(out / "x.txt"))).replace(str(out), "<out>")
    seen["csv file"] = (out / "x.txt").read_text(encoding="utf-8")
    seen["exam clear"] = ok(invoke("exam", "docker", "--clear"))
    check = ok(invoke("check"))
    assert check.endswith("All checks passed.\n"), check
    seen["check"] = [line for line in check.splitlines() if not line.startswith("Database: ")]
    return seen


# ---- the tests ---------------------------------------------------------------------------------


def test_migrations_upgrade_an_empty_database_and_match_the_models(pg_url: str, isolated_home: Path) -> None:
    opened = open_database(pg_url, isolated_home, NOW)
    assert (opened.revision_before, opened.revision_after, opened.backup) == (None, HEAD_REVISION, None)
    engine = create_engine(pg_url)
    try:
        tables = set(inspect(engine).get_table_names())
        columns = {column["name"]: column for column in inspect(engine).get_columns("reviews")}
    finally:
        engine.dispose()
    assert tables == {"alembic_version", "decks", "sources", "source_roots", "cards", "reviews", "settings"}
    assert getattr(columns["reviewed_at"]["type"], "timezone", None) is True  # timestamptz, not a naive timestamp
    command.check(alembic_config(pg_url))  # raises AutogenerateDiffsDetected on any drift
    again = open_database(pg_url, isolated_home, NOW)
    assert (again.revision_before, again.revision_after) == (HEAD_REVISION, HEAD_REVISION)


def test_the_commands_give_the_same_results_as_on_sqlite(
    invoke: Callable[..., Result], pg_url: str, seed_notes: Path, isolated_home: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out_pg, out_sqlite = tmp_path / "out-pg", tmp_path / "out-sqlite"
    out_pg.mkdir()
    out_sqlite.mkdir()
    on_postgres = study_history(invoke, seed_notes, monkeypatch, out_pg)
    postgres_store = store_contents(pg_url)

    monkeypatch.delenv("FLASHCARDS_DATABASE_URL")
    on_sqlite = study_history(invoke, seed_notes, monkeypatch, out_sqlite)
    sqlite_store = store_contents(f"sqlite:///{isolated_home / 'flashcards.db'}")

    # The history really exercised the queries: grades of every kind, due reviews, an undone grade.
    graded = postgres_store["reviews"]
    assert len(graded) > 60
    assert {row[1] for row in graded} == {0, 1, 2, 3, 4, 5}
    assert {row[2] for row in graded} == {"scheduled", "repeat", "cram"}
    assert any(row[4] is not None for row in graded) and any(row[8] is False for row in graded)
    assert on_postgres["due 2"]["due"] > 0
    assert on_postgres["exam"][0]["deck"] == "docker"
    # `check` skips its two SQLite-only checks (PRAGMA integrity_check, PRAGMA foreign_key_check;
    # PostgreSQL enforces its foreign keys itself) and runs the same others.
    sqlite_only = ("ok    SQLite integrity: ", "ok    references between tables: ")
    assert [line for line in on_sqlite.pop("check") if not line.startswith(sqlite_only)] == on_postgres.pop("check")
    assert on_postgres.keys() == on_sqlite.keys()
    for key in on_sqlite:
        assert on_postgres[key] == on_sqlite[key], key
    assert postgres_store == sqlite_store
    assert {path.name for path in out_pg.iterdir()} == {"x.apkg", "s.apkg", "x.txt"}


def _give_history(url: str, home: Path, card_id: int) -> None:
    store = Store.open(url, home, NOW)
    try:
        record_grade(store, card_id=card_id, quality=5, now=NOW, today=TODAY, mode="scheduled")
    finally:
        store.close()


def test_reimporting_edited_notes_keeps_history(
    invoke: Callable[..., Result], pg_url: str, seed_notes: Path, isolated_home: Path,
) -> None:
    ok(invoke("import", str(seed_notes)))
    ((detached,),) = rows(pg_url, "SELECT id FROM cards WHERE kind = 'flag' AND back = 'Run in detached mode'")
    ((quiet,),) = rows(pg_url, "SELECT id FROM cards WHERE kind = 'flag' AND back LIKE '%numeric ids%'")
    for card_id in (detached, quiet):
        _give_history(pg_url, isolated_home, card_id)

    text_before = seed_notes.read_text(encoding="utf-8")
    edited = text_before.replace("<dd>Run in detached mode</dd>", "<dd>Run in detached mode (in the background)</dd>")
    edited = edited.replace("  <dt>-q</dt>\n  <dd>Return only the numeric ids</dd>\n", "")
    assert edited.count("(in the background)") == 1 and "Return only the numeric ids" not in edited
    seed_notes.write_text(edited, encoding="utf-8")
    applied = ok(invoke("import", str(seed_notes)))
    assert "changed" in applied and "retired" in applied

    assert rows(pg_url, "SELECT back, repetitions, status FROM cards WHERE id = :id", id=detached) == [
        ("Run in detached mode (in the background)", 1, "active")]
    assert rows(pg_url, "SELECT status, repetitions FROM cards WHERE id = :id", id=quiet) == [("retired", 1)]
    for card_id in (detached, quiet):
        assert rows(pg_url, "SELECT count(*) FROM reviews WHERE card_id = :id", id=card_id) == [(1,)]

    seed_notes.write_text(text_before, encoding="utf-8")
    assert "restored" in ok(invoke("import", str(seed_notes)))
    assert rows(pg_url, "SELECT status, repetitions FROM cards WHERE id = :id", id=quiet) == [("active", 1)]
    assert ok(invoke("check")).endswith("All checks passed.\n")


def test_a_notes_folder_syncs_on_postgresql_too(
    invoke: Callable[..., Result], pg_url: str, seed_notes: Path, isolated_home: Path,
) -> None:
    """Decks by folder, a deleted note retired by `sync` with its history kept, the quiz's own sync."""
    folder = seed_notes.parent
    (folder / "sub").mkdir()
    (folder / "sub" / "shell.md").write_text("# Shell\n\n- `pwd`: print the working folder\n", encoding="utf-8")
    ok(invoke("import", str(folder)))
    assert sorted(name for (name,) in rows(pg_url, "SELECT name FROM decks")) == ["notes::docker", "notes::sub::shell"]
    ((card_id,),) = rows(pg_url, "SELECT id FROM cards WHERE front = '`pwd`'")
    _give_history(pg_url, isolated_home, card_id)
    (folder / "sub" / "shell.md").unlink()
    assert "2 retired" in ok(invoke("sync"))
    assert rows(pg_url, "SELECT status FROM cards WHERE id = :id", id=card_id) == [("retired",)]
    assert rows(pg_url, "SELECT count(*) FROM reviews WHERE card_id = :id", id=card_id) == [(1,)]
    (folder / "sub" / "shell.md").write_text("# Shell\n\n- `pwd`: print the working folder\n", encoding="utf-8")
    assert ok(invoke("quiz", input="q\n")).startswith("Notes synced: 2 restored.\n")
    assert ok(invoke("check")).endswith("All checks passed.\n")


def test_reviews_given_in_anki_come_back_on_postgresql_too(
    invoke: Callable[..., Result], pg_url: str, seed_notes: Path, isolated_home: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """import-anki on PostgreSQL: the 'anki' mode passes migration 0006's CHECK, check passes, and a
    second import appends nothing."""
    from tests.test_anki_import import _package, ms

    ok(invoke("import", str(seed_notes)))
    ((card_id, guid),) = rows(pg_url, "SELECT id, guid FROM cards WHERE kind = 'flag' AND back = 'Run in detached mode'")
    _give_history(pg_url, isolated_home, card_id)
    later = NOW + timedelta(days=1)
    monkeypatch.setenv("FLASHCARDS_NOW", (later + timedelta(days=2)).isoformat())
    package = _package(tmp_path / "anki.apkg", [(1, guid)], [(11, 1, 0)],
                       [(ms(later), 11, 3, 1), (ms(later + timedelta(minutes=5)), 11, 1, 2),
                        (ms(later + timedelta(days=1)), 11, 4, 1)])
    assert "Appended 3 reviews" in ok(invoke("import-anki", str(package)))
    assert rows(pg_url, "SELECT grade, mode FROM reviews WHERE card_id = :id ORDER BY reviewed_at", id=card_id) == [
        (5, "scheduled"), (4, "anki"), (1, "repeat"), (5, "anki")]
    assert ok(invoke("check")).endswith("All checks passed.\n")
    assert "Nothing to append" in ok(invoke("import-anki", str(package)))
    assert rows(pg_url, "SELECT count(*) FROM reviews WHERE card_id = :id", id=card_id) == [(3 + 1,)]


def _collection(url: str, home: Path) -> tuple[Store, int]:
    """A store on `url` with one deck and one new card."""
    store = Store.open(url, home, NOW)
    with store.transaction() as session:
        deck = Deck(name="docker", created_at=NOW)
        session.add(deck)
        session.flush()
        card = Card(deck_id=deck.id, key="docker|definition|Terms|image", kind="definition", front="image",
                    back="a template", context=["Terms"], source_path="/notes/docker.md", source_line=1,
                    content_hash="h", created_at=NOW, content_changed_at=NOW)
        session.add(card)
        session.flush()
        return store, card.id


def test_timestamps_come_back_timezone_aware_in_utc(pg_url: str, isolated_home: Path) -> None:
    store, card_id = _collection(pg_url, isolated_home)
    try:
        graded_at = datetime(2026, 11, 28, 4, 30, tzinfo=ZoneInfo("America/New_York"))  # 09:30 UTC
        outcome = record_grade(store, card_id=card_id, quality=4, now=graded_at, today=TODAY, mode="scheduled")
        undo_review(store, outcome.review_id, graded_at + timedelta(minutes=1))
        with store.read() as session:
            review = session.get_one(Review, outcome.review_id)
            deck = session.scalars(select(Deck)).one()
            stamps = [review.reviewed_at, review.undone_at, deck.created_at]
    finally:
        store.close()
    assert stamps == [graded_at, graded_at + timedelta(minutes=1), NOW]
    for stamp in stamps:
        assert stamp is not None and stamp.tzinfo is not None and stamp.utcoffset() == timedelta(0), stamp
    assert stamps[0] is not None and (stamps[0].hour, stamps[0].minute) == (9, 30)
    # The server itself runs in another zone: the stored instant is right, not only its reading back.
    assert rows(pg_url, "SELECT current_setting('TimeZone'), "
                        "to_char(reviewed_at AT TIME ZONE 'UTC', 'HH24:MI') FROM reviews") == [
        (SERVER_TIME_ZONE, "09:30")]


def test_undo_restores_the_card_and_the_quiz_regrades(
    invoke: Callable[..., Result], pg_url: str, seed_notes: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FLASHCARDS_NOW", day(1))
    ok(invoke("import", "--deck", "docker", str(seed_notes)))
    output = ok(invoke("quiz", input="\n5\nu\n\n2\nq\n"))
    assert "Undone: grade 5 of card" in output
    graded = rows(pg_url, "SELECT card_id, grade, undone_at IS NOT NULL FROM reviews ORDER BY id")
    assert [(grade, undone) for _, grade, undone in graded] == [(5, True), (2, False)]
    assert graded[0][0] == graded[1][0]
    assert rows(pg_url, "SELECT repetitions, ef_hundredths, interval, due FROM cards WHERE id = :id",
                id=graded[0][0]) == [(0, 218, 1, date(2026, 12, 2))]
    assert ok(invoke("check")).endswith("All checks passed.\n")


def test_the_same_presentation_graded_twice_is_applied_once(pg_url: str, isolated_home: Path) -> None:
    store, card_id = _collection(pg_url, isolated_home)
    try:
        first = record_grade(store, card_id=card_id, quality=5, now=NOW, today=TODAY, mode="scheduled",
                             presentation_id="s:1")
        again = record_grade(store, card_id=card_id, quality=5, now=NOW, today=TODAY, mode="scheduled",
                             presentation_id="s:1")
    finally:
        store.close()
    assert again.duplicate and again.review_id == first.review_id
    assert rows(pg_url, "SELECT count(*) FROM reviews") == [(1,)]
    assert rows(pg_url, "SELECT repetitions FROM cards") == [(1,)]


def _wait_for_lock_wait(postgres: Cluster, database: str) -> None:
    """Until a connection to `database` is waiting for a lock (at most 10 s)."""
    deadline = time.monotonic() + 10
    with postgres.connect() as watcher:
        while time.monotonic() < deadline:
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
                (database,),
            ).fetchone()
            if waiting is not None and waiting[0] > 0:
                return
            time.sleep(0.02)
    raise AssertionError("the second writer never waited for the card's row lock")


def race(postgres: Cluster, pg_url: str, monkeypatch: pytest.MonkeyPatch, hold: str,
         first: Callable[[], object], second: Callable[[], object]) -> tuple[object, object]:
    """Two terminals writing the same card at once, in a fixed interleaving.

    `first` runs until it calls `flashcards.storage.reviews.<hold>` (inside its transaction, after it
    locked the card) and is held there; `second` then runs until PostgreSQL makes it wait for a lock;
    then `first` goes on and commits, and `second` finishes. Returns what each returned (or raised).
    """
    from flashcards.storage import reviews as reviews_module

    reached, release = threading.Event(), threading.Event()
    real = getattr(reviews_module, hold)

    def held(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name == "first":
            reached.set()
            assert release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(reviews_module, hold, held)
    results: dict[str, object] = {}

    def run(name: str, work: Callable[[], object]) -> None:
        try:
            results[name] = work()
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            results[name] = exc

    threads = [threading.Thread(target=run, args=(name, work), name=name)
               for name, work in (("first", first), ("second", second))]
    try:
        threads[0].start()
        assert reached.wait(10), "the first writer never got to the held step"
        threads[1].start()
        _wait_for_lock_wait(postgres, pg_url.rsplit("/", 1)[1])
    finally:
        release.set()
        for thread in threads:
            thread.join(10)
    return results["first"], results["second"]


def test_a_presentation_graded_from_two_terminals_at_once_is_applied_once(
    postgres: Cluster, pg_url: str, isolated_home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a server two grades really run at once (SQLite serializes writers with BEGIN IMMEDIATE):
    the second submit of a presentation waits for the first and then finds it, instead of inserting
    a second grade (which the unique presentation id would refuse with a database error)."""
    store, card_id = _collection(pg_url, isolated_home)

    def grade() -> object:
        return record_grade(store, card_id=card_id, quality=5, now=NOW, today=TODAY, mode="scheduled",
                            presentation_id="s:1")

    try:
        first, second = race(postgres, pg_url, monkeypatch, "review_card", grade, grade)
    finally:
        store.close()
    assert isinstance(first, GradeOutcome) and isinstance(second, GradeOutcome), (first, second)
    assert not first.duplicate and second.duplicate and second.review_id == first.review_id
    assert rows(pg_url, "SELECT count(*) FROM reviews") == [(1,)]
    assert rows(pg_url, "SELECT repetitions FROM cards") == [(1,)]


def test_an_undo_racing_a_new_grade_of_the_card_is_refused(
    postgres: Cluster, pg_url: str, isolated_home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Terminal A grades the card while terminal B undoes the card's previous grade: whichever comes
    second must see the other. Undoing a grade that is no longer the card's last is refused; undoing
    it anyway would put back the state from before it over A's newer grade."""
    store, card_id = _collection(pg_url, isolated_home)
    earlier = record_grade(store, card_id=card_id, quality=5, now=NOW, today=TODAY, mode="scheduled")
    later = NOW + timedelta(days=1)
    try:
        graded, undone = race(
            postgres, pg_url, monkeypatch, "review_card",
            lambda: record_grade(store, card_id=card_id, quality=4, now=later, today=TODAY + timedelta(days=1),
                                 mode="scheduled"),
            lambda: undo_review(store, earlier.review_id, later),
        )
    finally:
        store.close()
    assert isinstance(graded, GradeOutcome), graded
    assert isinstance(undone, FlashcardsError) and str(undone) == "only the card's last grade can be undone"
    assert rows(pg_url, "SELECT grade, undone_at IS NULL FROM reviews ORDER BY id") == [(5, True), (4, True)]
    assert rows(pg_url, "SELECT repetitions, interval FROM cards") == [(2, 6)]


def test_one_grade_undone_from_two_terminals_at_once_is_undone_once(
    postgres: Cluster, pg_url: str, isolated_home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, card_id = _collection(pg_url, isolated_home)
    graded = record_grade(store, card_id=card_id, quality=5, now=NOW, today=TODAY, mode="scheduled")
    try:
        first, second = race(postgres, pg_url, monkeypatch, "_logged_state",
                             lambda: undo_review(store, graded.review_id, NOW + timedelta(minutes=1)),
                             lambda: undo_review(store, graded.review_id, NOW + timedelta(minutes=2)))
    finally:
        store.close()
    assert isinstance(first, CardState) and first.repetitions == 0, first
    assert isinstance(second, FlashcardsError) and str(second) == "nothing to undo"
    (undone_at,) = rows(pg_url, "SELECT undone_at FROM reviews")[0]
    assert undone_at == NOW + timedelta(minutes=1)


def test_the_day_plan_binds_a_date_not_a_string(pg_url: str, isolated_home: Path) -> None:
    """`day_rows`' SQL compares DATE columns with its `:today` parameter.

    psycopg happens to send a Python string as an untyped literal that the server casts to a date;
    drivers that type strings as text (asyncpg, pg8000, psycopg told to) get `date <= text`, which
    PostgreSQL refuses. Here psycopg is told to type strings as text: the query must bind a real date.
    """
    from psycopg.types.string import StrDumper
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from flashcards.storage.day_rows import read_day_plan
    from flashcards.storage.sql_run import session_runner

    store, card_id = _collection(pg_url, isolated_home)
    record_grade(store, card_id=card_id, quality=5, now=NOW, today=TODAY, mode="scheduled")
    store.close()
    engine = create_engine(pg_url)

    @event.listens_for(engine, "connect")
    def _strings_as_text(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.adapters.register_dumper(str, StrDumper)

    try:
        with Session(engine) as session:
            (today,) = read_day_plan(session_runner(session), TODAY).decks
            (tomorrow,) = read_day_plan(session_runner(session), TODAY + timedelta(days=1)).decks
    finally:
        engine.dispose()
    assert (today.deck, today.due_total, today.new_total, today.new_done) == ("docker", 0, 0, 1)
    assert (tomorrow.due_total, tomorrow.new_done) == (1, 0)


def test_a_password_in_the_url_is_never_printed(
    invoke: Callable[..., Result], postgres: Cluster, pg_url: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server URL carries a password (SQLite's never does): `check` and the errors show it masked."""
    secret = "s3cret-Pa55"
    with_password = pg_url.replace(f"//{postgres.user}@", f"//{postgres.user}:{secret}@")  # trust auth ignores it
    monkeypatch.setenv("FLASHCARDS_DATABASE_URL", with_password)
    checked = ok(invoke("check"))
    assert secret not in checked and f"//{postgres.user}:***@127.0.0.1" in checked, checked
    unreachable = with_password.replace(f":{postgres.port}/", f":{_free_port()}/")
    monkeypatch.setenv("FLASHCARDS_DATABASE_URL", unreachable)
    failed = invoke("due")
    assert failed.exit_code == 1 and failed.output.startswith("Error: cannot open database "), failed.output
    assert secret not in failed.output and ":***@" in failed.output, failed.output
    no_driver = with_password.replace("postgresql+psycopg://", "postgresql+nosuchdriver://")
    monkeypatch.setenv("FLASHCARDS_DATABASE_URL", no_driver)
    failed = invoke("due")
    assert failed.exit_code == 1 and failed.output.startswith("Error: cannot open database "), failed.output
    assert secret not in failed.output and "nosuchdriver" in failed.output, failed.output


LONG_QUESTION = "Why " + " ".join(["does the container keep restarting when its health check fails"] * 20) + "?"


def test_text_longer_than_a_column_is_a_warning_not_a_failed_import(
    invoke: Callable[..., Result], pg_url: str, tmp_path: Path,
) -> None:
    """PostgreSQL enforces VARCHAR lengths, SQLite stores any length: a 1,300-character question made
    a card key over `cards.key`'s 1,000 and the whole import failed with a database error. Such a card
    is now left out with a warning naming its line, and the rest of the notes are imported."""
    notes = tmp_path / "long.md"
    notes.write_text(f"# Troubleshooting\n\n- **Restart policy**: what docker does when a container exits\n\n"
                     f"Q: {LONG_QUESTION}\nA: Because the restart policy is always.\n", encoding="utf-8")
    imported = invoke("import", str(notes))
    assert imported.exit_code == 0, imported.output
    assert (f"{notes}:5: card skipped: its key is {len('long|qa|Troubleshooting|' + LONG_QUESTION)} characters, more than the 1000 "
            "this database allows; shorten the term or question, or the headings above it") in imported.output
    assert rows(pg_url, "SELECT front FROM cards ORDER BY id") == [("Restart policy",), (
        "what docker does when a container exits",)]
    # SQLite stores any length: there the same notes import whole, as before.
    with pytest.MonkeyPatch.context() as on_sqlite:
        on_sqlite.delenv("FLASHCARDS_DATABASE_URL")
        assert "warning" not in ok(invoke("import", str(notes)))
        assert len(json.loads(ok(invoke("cards", "--json")))) == 3
    too_long_deck = invoke("import", "--deck", "d" * 201, str(notes))
    assert too_long_deck.exit_code == 1
    assert too_long_deck.output.endswith(
        f"Error: nothing imported: {notes}: the deck name is 201 characters, more than the 200 this database "
        "allows\n"), too_long_deck.output


def test_an_exam_set_while_a_card_is_graded_caps_the_card_as_graded(
    postgres: Cluster, pg_url: str, isolated_home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Terminal A grades a card due after the exam (a lapse: due tomorrow) while terminal B sets the
    exam. B must cap what A committed, not the due date it read before A's grade: capping the old
    date wrote the exam day over A's "tomorrow", a due date the review log cannot explain."""
    from flashcards.storage.exam_data import set_exam
    from flashcards.storage.integrity import run_checks

    store, card_id = _collection(pg_url, isolated_home)
    for day_number, quality in ((0, 5), (1, 5), (7, 5)):
        record_grade(store, card_id=card_id, quality=quality, now=NOW + timedelta(days=day_number),
                     today=TODAY + timedelta(days=day_number), mode="scheduled")
    later, exam = NOW + timedelta(days=8), TODAY + timedelta(days=18)
    ((due_before_the_race,),) = rows(pg_url, "SELECT due FROM cards")
    assert due_before_the_race > exam
    try:
        graded, change = race(
            postgres, pg_url, monkeypatch, "review_card",
            lambda: record_grade(store, card_id=card_id, quality=0, now=later, today=TODAY + timedelta(days=8),
                                 mode="scheduled"),
            lambda: set_exam(store, "docker", exam, later),
        )
        findings = run_checks(store)
    finally:
        store.close()
    assert isinstance(graded, GradeOutcome), graded
    assert not isinstance(change, Exception), change
    assert rows(pg_url, "SELECT due, exam_date FROM cards JOIN decks ON decks.id = cards.deck_id") == [
        (TODAY + timedelta(days=9), exam)]
    assert all(finding.ok for finding in findings), findings


def test_a_database_of_something_else_is_refused_and_left_alone(
    invoke: Callable[..., Result], postgres: Cluster, pg_url: str,
) -> None:
    """As a SQLite file holding other tables is refused, so is a server database: the upgrade would
    otherwise add flashcards' tables to another program's database."""
    database = pg_url.rsplit("/", 1)[1]
    with postgres.connect(database) as other:
        other.execute("CREATE TABLE invoices (id integer PRIMARY KEY)")
    refused = invoke("decks")
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: {pg_url} holds tables (1, e.g. invoices) but is not a flashcards database (no schema "
        "revision); point FLASHCARDS_DATABASE_URL at an empty database\n"), refused.output
    assert rows(pg_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == [("invoices",)]


def test_what_a_terminal_can_send_is_stored_on_postgresql_too(pg_url: str, isolated_home: Path) -> None:
    """PostgreSQL refuses what SQLite stores: a NUL character in text (Ctrl-@ or Ctrl-Space in an
    answer) and integers past 2**31 - 1 (an answer left on screen for 25 days, in milliseconds). Either
    lost the grade with a database error; both databases now store the same bounded values."""
    for url in (pg_url, f"sqlite:///{isolated_home / 'same.db'}"):
        store, card_id = _collection(url, isolated_home)
        try:
            graded = record_grade(store, card_id=card_id, quality=4, now=NOW, today=TODAY, mode="scheduled",
                                  typed_answer="a\x00template", duration_ms=30 * 24 * 3600 * 1000)
        finally:
            store.close()
        assert rows(url, "SELECT id, typed_answer, duration_ms FROM reviews") == [
            (graded.review_id, "a\ufffdtemplate", 2**31 - 1)], url


def test_the_server_binaries_are_found_on_path_or_in_debians_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fixture skips only when this finds nothing; here, what it finds (no server needed)."""
    for version in ("9.6", "15", "16"):
        folder = tmp_path / "lib" / version / "bin"
        folder.mkdir(parents=True)
        for name in ("initdb", "pg_ctl"):
            (folder / name).write_text("")
    monkeypatch.setattr(shutil, "which", lambda name, path=None: None)
    monkeypatch.setattr(glob, "glob", lambda pattern: [str(path) for path in (tmp_path / "lib").glob("*/bin")])
    newest = tmp_path / "lib" / "16" / "bin"
    assert server_binaries() == (newest / "initdb", newest / "pg_ctl")
    monkeypatch.setattr(glob, "glob", lambda pattern: [])
    assert server_binaries() is None


def test_an_upgrade_that_reads_items_anew_re_keys_them_on_postgresql_too(
    invoke: Callable[..., Result], pg_url: str, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The simulated upgrade of tests/test_upgrade_history.py: keys updated in place, history kept."""
    from tests.test_upgrade_history import simulated_upgrade

    simulated_upgrade(invoke, monkeypatch, pg_url, isolated_home, tmp_path / "notes")


def test_the_guid_migration_backfills_the_release_s_guids_on_postgresql(pg_url: str, isolated_home: Path) -> None:
    """A database at the release's schema, with cards: each gets genanki's guid_for(key), history kept."""
    import genanki  # type: ignore[import-untyped]

    command.upgrade(alembic_config(pg_url), "109e833c25c7")
    engine = create_engine(pg_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO decks (id, name, created_at) VALUES (1, 'docker', :t)"), {"t": NOW})
            for card_id, key in ((1, "docker|definition|Components|Image"), (2, "docker|qa|Questions|ANS")):
                connection.execute(text(
                    "INSERT INTO cards (id, deck_id, key, kind, front, back, context, source_path, source_line,"
                    " content_hash, created_at, content_changed_at) VALUES (:id, 1, :key, 'definition', 'f', 'b',"
                    " '[]', '/notes/docker.md', :id, 'h', :t, :t)"), {"id": card_id, "key": key, "t": NOW})
    finally:
        engine.dispose()
    opened = open_database(pg_url, isolated_home, NOW)
    assert opened.revision_after == HEAD_REVISION
    found = rows(pg_url, "SELECT key, guid FROM cards ORDER BY id")
    assert found == [(key, genanki.guid_for(key)) for key, _ in found] and len(found) == 2
    command.check(alembic_config(pg_url))


def test_a_backlog_read_in_the_catch_up_order_gives_the_full_read_s_plan(pg_url: str, isolated_home: Path) -> None:
    """PostgreSQL's date arithmetic in `REVIEWS_BY_RISK_SQL` orders a backlog as the queue does."""
    from flashcards.storage.day_rows import read_day_plan
    from flashcards.storage.sql_run import session_runner

    store = Store.open(pg_url, isolated_home, NOW)
    try:
        with store.transaction() as session:
            deck = Deck(name="docker", created_at=NOW, reviews_per_day=3)
            session.add(deck)
            session.flush()
            for n in range(40):
                session.add(Card(
                    deck_id=deck.id, key=f"docker|definition|Terms|t{n}", kind="definition", front=f"t{n}",
                    back="b", context=["Terms"], source_path="/notes/docker.md", source_line=n, position=n % 7,
                    content_hash=str(n), created_at=NOW, content_changed_at=NOW, repetitions=2,
                    interval=1 + (n * 7) % 13, due=TODAY - timedelta(days=(n * 5) % 11)))
        with store.read() as session:
            run = session_runner(session)
            bounded = read_day_plan(run, TODAY, dialect="postgresql", new_margin=0)
            full = read_day_plan(run, TODAY)
    finally:
        store.close()
    assert bounded == full
    assert len(bounded.queue) == 3 and bounded.decks[0].backlog is not None


def _backlog_with_a_grade_today(url: str, home: Path) -> None:
    """A deck over its review limit (a backlog read by risk) and a card graded today."""
    store = Store.open(url, home, NOW)
    try:
        with store.transaction() as session:
            deck = Deck(name="docker", created_at=NOW, reviews_per_day=3, new_per_day=2)
            session.add(deck)
            session.flush()
            for n in range(40):
                session.add(Card(
                    deck_id=deck.id, key=f"docker|definition|Terms|t{n}", kind="definition", front=f"t{n}",
                    back="b", context=["Terms"], source_path="/notes/docker.md", source_line=n, position=n % 7,
                    content_hash=str(n), created_at=NOW, content_changed_at=NOW, repetitions=2,
                    interval=1 + (n * 7) % 13, due=TODAY - timedelta(days=(n * 5) % 11) if n % 4 else None))
        with store.read() as session:
            first = session.scalars(select(Card.id).where(Card.due.is_not(None)).order_by(Card.id)).first()
        assert first is not None
        record_grade(store, card_id=first, quality=4, now=NOW, today=TODAY, mode="scheduled")
    finally:
        store.close()


def test_due_s_server_reader_gives_the_full_path_s_plan(pg_url: str, isolated_home: Path) -> None:
    """`flashcards due` on PostgreSQL reads through psycopg alone (`fast.ServerReader`), same plan."""
    from flashcards.application.day import store_plan
    from flashcards.storage import fast

    _backlog_with_a_grade_today(pg_url, isolated_home)
    store = Store.open(pg_url, isolated_home, NOW)
    try:
        full = store_plan(store, store.today(NOW))
    finally:
        store.close()
    quick = fast.day_plan(pg_url, NOW)
    assert quick is not None and quick == full
    assert full.decks[0].backlog is not None and full.queue


def test_the_server_reader_reads_only_and_declines_what_it_cannot_read(pg_url: str, isolated_home: Path) -> None:
    from flashcards.storage import fast

    _backlog_with_a_grade_today(pg_url, isolated_home)
    reader = fast.ServerReader.open(pg_url)
    assert reader is not None
    try:
        with pytest.raises(fast.Unavailable, match="read-only"):
            reader.run("INSERT INTO settings (key, value) VALUES (:key, 'x')", {"key": "k"})
    finally:
        reader.close()
    assert rows(pg_url, "SELECT count(*) FROM settings WHERE key = 'k'") == [(0,)]
    # Not psycopg's URL form, an unreachable server, a database at an older revision: the full path.
    assert fast.ServerReader.open(pg_url.replace("postgresql+psycopg://", "postgresql://")) is None
    assert fast.ServerReader.open("postgresql+psycopg://nobody@127.0.0.1:1/none") is None
    with psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'older'")
    assert fast.day_plan(pg_url, NOW) is None


def test_named_parameters_become_psycopg_s_and_percent_signs_stay_literal() -> None:
    from flashcards.storage.fast import to_pyformat

    sql = "SELECT c.due::date FROM cards c WHERE c.kind LIKE '%-reverse' AND c.due <= :today AND c.id = :deck"
    assert to_pyformat(sql) == (
        "SELECT c.due::date FROM cards c WHERE c.kind LIKE '%%-reverse' AND c.due <= %(today)s AND c.id = %(deck)s")


def test_many_decks_read_in_one_query_each_give_the_per_deck_plan(pg_url: str, isolated_home: Path) -> None:
    """PostgreSQL reads every deck's prefixes in one LATERAL query (`day_rows.NEW_PREFIXES_SQL`, ...):
    the same plan as reading deck by deck, with backlogs, small limits, an exam and reverse cards."""
    from flashcards.storage.day_rows import read_day_plan
    from flashcards.storage.sql_run import session_runner

    store = Store.open(pg_url, isolated_home, NOW)
    try:
        with store.transaction() as session:
            for number in range(6):
                deck = Deck(name=f"deck{number}", created_at=NOW, reviews_per_day=2 + number,
                            new_per_day=number, exam_date=TODAY + timedelta(days=9) if number == 4 else None)
                session.add(deck)
                session.flush()
                for n in range(30):
                    kind = "definition-reverse" if n % 3 == 0 else "definition"
                    session.add(Card(
                        deck_id=deck.id, key=f"deck{number}|{kind}|Terms|t{n}", kind=kind, front=f"t{n}",
                        back="b", context=["Terms"], source_path=f"/notes/deck{number}.md", source_line=n,
                        position=(n * 7) % 11, content_hash=str(n), created_at=NOW, content_changed_at=NOW,
                        repetitions=2, interval=1 + (n * 5) % 9,
                        due=TODAY - timedelta(days=(n * 3) % 7) if n % (number + 2) else None))
        with store.read() as session:
            run = session_runner(session)
            for reverse_only in (False, True):
                batched = read_day_plan(run, TODAY, dialect="postgresql", reverse_only=reverse_only)
                tight = read_day_plan(run, TODAY, dialect="postgresql", reverse_only=reverse_only, new_margin=0)
                per_deck = read_day_plan(run, TODAY, reverse_only=reverse_only)
                assert batched == tight == per_deck
                assert per_deck.queue
    finally:
        store.close()


def test_deck_limits_become_overrides_and_the_deck_commands_work_on_postgresql(
    invoke: Callable[..., Result], pg_url: str, seed_notes: Path, isolated_home: Path,
) -> None:
    """Migration 0005 on a server (old defaults become NULL, a hand-set limit stays), then the budget,
    `decks set / rename / suspend / retire` and `config` on it, history kept."""
    command.upgrade(alembic_config(pg_url), "4d2e8b1c9f05")
    engine = create_engine(pg_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO decks (id, name, new_per_day, reviews_per_day, created_at)"
                                    " VALUES (1, 'old', 20, 200, :t), (2, 'hand', 5, 200, :t)"), {"t": NOW})
            connection.execute(text("SELECT setval('decks_id_seq', 2)"))
    finally:
        engine.dispose()
    opened = open_database(pg_url, isolated_home, NOW)
    assert opened.revision_after == HEAD_REVISION
    assert rows(pg_url, "SELECT name, new_per_day, reviews_per_day, status FROM decks ORDER BY id") == [
        ("old", None, None, "active"), ("hand", 5, None, "active")]
    command.check(alembic_config(pg_url))

    ok(invoke("import", str(seed_notes.parent)))
    assert json.loads(ok(invoke("due", "--json")))["new"] == 20
    ok(invoke("config", "new-per-day", "7"))
    assert json.loads(ok(invoke("due", "--json")))["new"] == 7
    ok(invoke("quiz", input="\n4\n" * 3 + "q\n"))
    graded = rows(pg_url, "SELECT count(*) FROM reviews")
    ok(invoke("decks", "set", "notes::docker", "--new-per-day", "2"))
    assert json.loads(ok(invoke("due", "--json")))["new"] == 0  # 3 of its 2 were done today
    ok(invoke("decks", "rename", "notes", "mine"))
    assert rows(pg_url, "SELECT count(*) FROM cards WHERE key NOT LIKE 'mine::docker|%'") == [(0,)]
    assert rows(pg_url, "SELECT deck FROM source_roots") == [("mine",)]
    ok(invoke("decks", "suspend", "mine::docker"))
    assert [deck["deck"] for deck in json.loads(ok(invoke("due", "--json")))["decks"]] == ["hand", "old"]
    ok(invoke("decks", "unsuspend", "mine::docker"))
    ok(invoke("decks", "retire", "mine", "--yes"))
    assert rows(pg_url, "SELECT DISTINCT status FROM cards") == [("retired",)]
    assert rows(pg_url, "SELECT count(*) FROM reviews") == graded
    assert ok(invoke("check")).endswith("All checks passed.\n")


def test_backups_on_a_server_are_the_server_s(invoke: Callable[..., Result], pg_url: str) -> None:
    for arguments in (("backups",), ("restore", "daily-2026-12-01.db", "--yes")):
        result = invoke(*arguments)
        assert (result.exit_code, result.output) == (
            1, "Error: this collection is on a database server: its backups are the server's (pg_dump and "
               "pg_restore for PostgreSQL)\n")


def test_reads_do_not_wait_for_the_locks_an_import_holds(
    invoke: Callable[..., Result], pg_url: str, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: `due` and the other reads take no lock a writer holds (no FOR UPDATE, no LOCK TABLE),
    and read in read-only transactions, so an import in progress never makes them wait.

    The import's locks are held here by hand: every card row updated, the decks locked FOR UPDATE and
    the settings written, all uncommitted. A reader that asked for any of them would wait; with
    `lock_timeout` it fails instead, so a wait is a failed command, not a slow one.
    """
    from flashcards.application.builtin import builtin_deck_files

    assert invoke("import", str(builtin_deck_files()[0])).exit_code == 0
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=3000")
    importing = psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://"))
    try:
        importing.execute("UPDATE cards SET front = front || ' (importing)'")
        importing.execute("SELECT id FROM decks FOR UPDATE").fetchall()
        importing.execute("INSERT INTO settings (key, value) VALUES ('editor', 'importing-editor')")
        for command in (("due",), ("due", "--json"), ("decks",), ("cards", "--json"), ("stats",), ("exam",),
                        ("config",), ("check",), ("export", "csv", "-o", str(isolated_home.parent / "x.txt"))):
            result = invoke(*command)
            assert result.exit_code == 0, (command, result.output)
            assert "importing" not in result.output, command  # the committed state, not the import's
    finally:
        importing.rollback()
        importing.close()
    store = Store.open_read(pg_url, isolated_home, NOW)
    try:
        with pytest.raises(Exception, match="read-only transaction"):
            with store.read() as session:
                session.execute(text("SELECT id FROM cards FOR UPDATE")).fetchall()
    finally:
        store.close()


def test_an_fsrs_deck_on_postgresql(invoke: Callable[..., Result], pg_url: str, seed_notes: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17 on a server: switch to FSRS, grade, undo, a backlog by retrievability, check, switch back."""
    ok(invoke("import", str(seed_notes.parent)))
    ok(invoke("quiz", input="\n4\n" * 12 + "q\n"))
    graded = rows(pg_url, "SELECT count(*) FROM reviews")
    ok(invoke("decks", "set", "notes::docker", "--scheduler", "fsrs", "--retention", "0.85", "--yes"))
    assert rows(pg_url, "SELECT scheduler, desired_retention FROM decks") == [("fsrs", 0.85)]
    assert rows(pg_url, "SELECT count(*) FROM cards WHERE fsrs_stability IS NOT NULL") == [(12,)]
    ok(invoke("decks", "set", "notes::docker", "--reviews-per-day", "2"))
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-12-20T09:00:00+00:00")
    said = " ".join(ok(invoke("quiz", input="\n4\n" * 2 + "u" + "\n4\n" * 2 + "q\n")).split())
    assert "Catching up in notes::docker" in said
    assert ok(invoke("check")).endswith("All checks passed.\n")
    ok(invoke("decks", "set", "notes::docker", "--scheduler", "sm2", "--yes"))
    assert rows(pg_url, "SELECT count(*) FROM cards WHERE fsrs_stability IS NOT NULL") == [(0,)]
    assert rows(pg_url, "SELECT count(*) FROM reviews")[0][0] > graded[0][0]
    assert ok(invoke("check")).endswith("All checks passed.\n")
