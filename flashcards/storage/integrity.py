"""`flashcards check`: everything that can be verified about a collection, as a list of findings."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, text

from flashcards.core.findings import Finding
from flashcards.storage.engine import is_sqlite
from flashcards.storage.migrate import script_heads
from flashcards.storage.queries import plain_rows
from flashcards.storage.store import Store
from flashcards.storage.stored_values import row_day
from flashcards.core.vocabulary import plural


def _schema_drift(store: Store) -> list[str]:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from flashcards.storage.models import Base, compared_on

    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": compared_on(connection.dialect.name)})
        return [str(diff) for diff in compare_metadata(context, Base.metadata)]


def run_checks(store: Store) -> list[Finding]:
    """Run every check; never raises for a finding, only for a database that cannot be read."""
    findings: list[Finding] = []
    sqlite = is_sqlite(store.opened.url)
    # SQLite's own check reads the whole file (about half of `check` at 100,000 cards) in C, without
    # the GIL, so it runs on a second, read-only connection while this thread does the rest.
    integrity_check = _IntegrityCheck.start(store.opened.url) if sqlite else None
    heads, _ = script_heads()
    head = next(iter(heads))
    with store.engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    findings.append(
        Finding("schema revision", revision == head, f"{revision} (the program's head is {head})")
    )
    drift = _schema_drift(store)
    findings.append(
        Finding(
            "schema matches the program",
            not drift,
            "no differences" if not drift else f"{plural(len(drift), 'difference')}, first: {drift[0]}",
        )
    )
    if integrity_check is not None:
        replay = _unless_unreadable("card states equal the replay of the review log", lambda: _replay_finding(store))
        with store.engine.connect() as connection:
            integrity = integrity_check.result(connection)
            findings.append(
                Finding(
                    "SQLite integrity",
                    integrity == ["ok"],
                    "ok" if integrity == ["ok"] else "; ".join(integrity[:3]),
                )
            )
        findings.append(_unless_unreadable("references between tables", lambda: _references(store)))
        findings.append(replay)
    else:
        findings.append(_replay_finding(store))
    findings.append(_unless_unreadable("every review belongs to a card", lambda: _orphans(store)))
    return findings


def _unless_unreadable(name: str, finding: Callable[[], Finding]) -> Finding:
    """`finding()`, or a failed finding saying why when a damaged page stops SQLite reading the tables:
    `check` lists what it finds on a damaged collection instead of stopping at the first bad page."""
    from sqlalchemy.exc import DatabaseError

    try:
        return finding()
    except DatabaseError as exc:
        if "malformed" not in str(exc.orig):
            raise
        return Finding(name, False, f"cannot be read ({' '.join(str(exc.orig).split())})")


def _references(store: Store) -> Finding:
    with store.engine.connect() as connection:
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return Finding(
        "references between tables",
        not broken,
        "all valid" if not broken else f"{len(broken)} broken, first: {broken[0][0]} row {broken[0][1]} -> {broken[0][2]}",
    )


def _orphans(store: Store) -> Finding:
    with store.engine.connect() as connection:
        orphans = connection.execute(
            text("SELECT count(*) FROM reviews WHERE card_id NOT IN (SELECT id FROM cards)")
        ).scalar_one()
    return Finding("every review belongs to a card", orphans == 0, f"{plural(orphans, 'review')} without a card")


class _IntegrityCheck:
    """`PRAGMA integrity_check` on a thread of its own, through a read-only `sqlite3` connection.

    Where that cannot run (an in-memory database, a file the second connection cannot open or read),
    `result` runs the check on the caller's connection, as `check` always did, so what is found, and
    what is raised for a database that cannot be read, is the same.
    """

    def __init__(self, path: Path | None) -> None:
        self._found: list[str] | None = None
        self._thread: threading.Thread | None = None
        if path is not None:
            self._thread = threading.Thread(target=self._run, args=(path,), name="integrity_check", daemon=True)
            self._thread.start()

    @classmethod
    def start(cls, url: str) -> _IntegrityCheck:
        from flashcards.system.paths import sqlite_path_from_url

        return cls(sqlite_path_from_url(url))

    def _run(self, path: Path) -> None:
        try:
            from flashcards.storage.sqlite_files import connect_readonly

            connection, _ = connect_readonly(str(path), timeout=10)
            try:
                self._found = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            finally:
                connection.close()
        except sqlite3.Error:
            self._found = None  # the caller's connection runs it, and reports what is wrong

    def result(self, connection: Connection) -> list[str]:
        """What the check found (waiting for the thread); on the caller's connection if it failed."""
        if self._thread is not None:
            self._thread.join()
        if self._found is not None:
            return self._found
        from sqlalchemy.exc import DatabaseError

        try:
            return [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        except DatabaseError as exc:  # a page so damaged that the check itself stops: that is its finding
            if "malformed" not in str(exc.orig):
                raise
            return [" ".join(str(exc.orig).split())]


def _replay_finding(store: Store) -> Finding:
    """Every card's SM-2 state must equal the replay of its standing log (one streamed pass).

    How reviews fold into a state is `flashcards.core.replay`, the same rule the exporter and the tests
    use. Which reviews stand (`replay.stands`: not undone, given after the card's last reset) and their
    order (`reviewed_at`, then the row id) are the SQL's here, so that 761,000 reviews at 100,000 cards
    arrive as plain tuples of one ordered cursor (`queries.plain_rows`; no timestamp is converted)
    instead of row objects sorted again per card. The comparison of `reviewed_at` with `reset_at`, and the order,
    are the database's: timestamps on PostgreSQL, and on SQLite the text `UTCDateTime` writes, one
    fixed-width UTC format, so its text order is the time order (the store's undo relies on the same
    order). `tests/test_replay.py` checks this selection against `replay.standing`.
    """
    from sqlalchemy import or_, select

    from flashcards.core.replay import replay_each
    from flashcards.core.schedulers import DeckScheduler
    from flashcards.core.scheduling import CardState
    from flashcards.storage.models import Card, Deck, Review
    from flashcards.storage.reviews import memory_of, scheduler_of

    with store.read() as session:
        connection = session.connection()
        # Each deck's scheduler: the replay runs the deck's own (SM-2, or FSRS with its settings).
        fsrs_decks = {deck.id: scheduler_of(deck) for deck in session.execute(
            select(Deck.id, Deck.scheduler, Deck.desired_retention, Deck.fsrs_parameters)
            .where(Deck.scheduler != "sm2"))}
        # The same columns as ever (so the same plan, and the same card named first when some differ).
        cards = {
            card_id: (repetitions, ef, interval, row_day(due), lapses, row_day(exam_date))
            for card_id, repetitions, ef, interval, due, lapses, _, exam_date in plain_rows(connection, (
                select(Card.id, Card.repetitions, Card.ef_hundredths, Card.interval, Card.due, Card.lapses,
                       Card.reset_at, Deck.exam_date).join(Deck, Card.deck_id == Deck.id)))
        }
        # An FSRS card also carries FSRS's memory state, which its replay must give too; a card of an
        # SM-2 deck must carry none.
        schedulers: dict[int, DeckScheduler] = {}
        memories = {}
        for card_id, deck_id, stability, difficulty, reviewed_on in plain_rows(connection, (
                select(Card.id, Card.deck_id, Card.fsrs_stability, Card.fsrs_difficulty, Card.fsrs_reviewed_on)
                .where(or_(Card.deck_id.in_(list(fsrs_decks)), Card.fsrs_stability.is_not(None),
                           Card.fsrs_reviewed_on.is_not(None))))):
            memories[card_id] = memory_of(stability, difficulty, reviewed_on)
            if deck_id in fsrs_decks:
                schedulers[card_id] = fsrs_decks[deck_id]
        log = plain_rows(connection, (
            select(Review.card_id, Review.grade, Review.review_day, Review.mode)
            .join(Card, Review.card_id == Card.id)
            .where(Review.undone_at.is_(None), or_(Card.reset_at.is_(None), Review.reviewed_at > Card.reset_at))
            .order_by(Review.card_id, Review.reviewed_at, Review.id)))
        days = _Days()
        exam_dates = {card_id: card[5] for card_id, card in cards.items() if card[5] is not None}
        replayed = {}
        replayed_memory = {}
        for card_id, state in replay_each(((card_id, grade, days[day], mode) for card_id, grade, day, mode in log),
                                          exam_dates.get, schedulers.get):
            replayed[card_id] = state.scheduling_fields
            if state.memory is not None:
                replayed_memory[card_id] = state.memory
    new = CardState.new().scheduling_fields
    wrong = [card_id for card_id, card in cards.items()
             if card[:5] != replayed.get(card_id, new) or memories.get(card_id) != replayed_memory.get(card_id)]
    detail = (
        f"all {plural(len(cards), 'card')} agree with their log"
        if not wrong
        else f"{plural(len(wrong), 'card')} differ from their log, first: card {wrong[0]}"
    )
    return Finding("card states equal the replay of the review log", not wrong, detail)




class _Days(dict[object, date]):
    """Stored review days as dates, each distinct value read once (`row_day`), looked up in C."""

    def __missing__(self, stored: object) -> date:
        found = row_day(stored)
        if found is None:  # the column is NOT NULL
            raise ValueError("a review without a review day")
        self[stored] = found
        return found
