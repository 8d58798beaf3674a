"""Build our database for a synthetic collection: schema by our migrations, rows by bulk sqlite3.

The schema comes from `Store.open` (Alembic, exactly as a user's first run creates it); the rows go in
with `executemany` in one transaction, because going through the ORM would take minutes at 100,000
cards and three quarters of a million reviews, and what is measured is reading, not building. The
column formats are the ones SQLAlchemy writes on SQLite (dates as `YYYY-MM-DD`, UTC timestamps as
`YYYY-MM-DD HH:MM:SS.ffffff`, JSON as `json.dumps`), so the program reads these rows like its own.
No ANALYZE is run: a learner's database has none either.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from benchmarks.synthetic import Spec, SyntheticCard, batches
from flashcards.core.cards import note_guid

DATABASE_NAME = "flashcards.db"


def _stamp(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _card_row(card: SyntheticCard) -> tuple[Any, ...]:
    state = card.state
    return (
        card.number + 1, card.deck_index + 1, card.key, note_guid(card.key), "definition", card.front, card.back,
        json.dumps(list(card.context)), None, card.source_path, card.source_line, card.position,
        f"{card.number:064x}", state.status, " ".join(sorted(state.tags)), state.repetitions,
        state.ef_hundredths, state.interval, _day(state.due), state.lapses, _stamp(card.last_reviewed_at),
        None, _stamp(card.created_at), _stamp(card.created_at),
    )


def _review_rows(card: SyntheticCard) -> Iterator[tuple[Any, ...]]:
    for review in card.reviews:
        before, after = review.before, review.after
        yield (
            card.number + 1, _stamp(review.reviewed_at), _day(review.day), review.grade, review.mode,
            before.repetitions, before.ef_hundredths, before.interval, _day(before.due), before.lapses,
            before.status, after.repetitions, after.ef_hundredths, after.interval, _day(after.due),
            after.lapses, after.status, review.duration_ms,
        )


CARD_INSERT = (
    "INSERT INTO cards (id, deck_id, key, guid, kind, front, back, context, sibling_key, source_path, source_line,"
    " position, content_hash, status, tags, repetitions, ef_hundredths, interval, due, lapses,"
    " last_reviewed_at, reset_at, created_at, content_changed_at)"
    " VALUES (" + ", ".join("?" * 24) + ")"
)
REVIEW_INSERT = (
    "INSERT INTO reviews (card_id, reviewed_at, review_day, grade, mode, repetitions_before, ef_before,"
    " interval_before, due_before, lapses_before, status_before, repetitions_after, ef_after,"
    " interval_after, due_after, lapses_after, status_after, duration_ms)"
    " VALUES (" + ", ".join("?" * 18) + ")"
)


def create_schema(home: Path, now: datetime) -> Path:
    """An empty collection at the current schema, made by the program's own migrations."""
    from flashcards.storage.store import Store

    home.mkdir(parents=True, exist_ok=True)
    store = Store.open(f"sqlite:///{home / DATABASE_NAME}", home, now)
    store.close()
    return home / DATABASE_NAME


def build_ours(spec: Spec, home: Path) -> Path:
    """Write the synthetic collection into `<home>/flashcards.db` (which must not exist yet)."""
    database = home / DATABASE_NAME
    if database.exists():
        raise FileExistsError(f"{database} already exists; the benchmark builds into an empty folder")
    created = datetime.combine(spec.today, time(0), UTC)
    create_schema(home, created)
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("BEGIN")
        # The learner's zone is stored, as `flashcards` reads it, so no environment can shift "today".
        connection.execute("INSERT INTO settings (key, value) VALUES ('timezone', 'UTC')")
        # Anki's side gives each deck its own 20 new / 200 reviews a day; ours shares a collection budget
        # (20 / 200 by default) capped per deck. A budget of every deck's limits together, with each
        # deck capped at 20 / 200, is the same day's work on both sides, so the timings compare alike.
        decks = len(spec.deck_names())
        connection.executemany("INSERT INTO settings (key, value) VALUES (?, ?)",
                               [("new_per_day", str(20 * decks)), ("reviews_per_day", str(200 * decks))])
        connection.executemany(
            "INSERT INTO decks (id, name, new_per_day, reviews_per_day, created_at) VALUES (?, ?, 20, 200, ?)",
            [(index + 1, name, _stamp(created)) for index, name in enumerate(spec.deck_names())],
        )
        for batch in batches(spec):
            connection.executemany(CARD_INSERT, [_card_row(card) for card in batch])
            connection.executemany(REVIEW_INSERT, [row for card in batch for row in _review_rows(card)])
        connection.execute("COMMIT")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return database
