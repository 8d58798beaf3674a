"""`flashcards export anki`: an Anki package written with genanki, atomically and reproducibly.

genanki builds the collection: its schema, its collection row, the note type and the decks. We drive it
one level below `Package.write_to_file` (our `write_collection` in place of its `write_to_db`, then our
own zip), for four reasons: `write_to_file` leaves its SQLite temp file behind in the system temp
folder; `--with-scheduling` has to write review state and the review log into that database before it
is zipped; a zip of our own has fixed entry times, so exporting the same collection twice gives the
same bytes; and genanki's `write_to_db` is slow at 100,000 cards (a `Note` object and an insert per
card, and the decks JSON re-encoded per deck: see `write_collection`), so the note and card rows it
would write are written in batches. The package layout is Anki's legacy one that genanki produces
(`collection.anki2` in schema 11, plus a `media` map), which every Anki version imports.

Identity, so that re-importing updates instead of duplicating: the note GUID is the one stored on the
card when it was created (from its key, never from the text; kept when the key changes), the note type
has a fixed id and fixed names (see `anki_model`), and each note's modification time is when the
card's content last changed, because Anki only updates an existing note from a package whose copy is
newer.
"""

from __future__ import annotations

import functools
import itertools
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import genanki  # type: ignore[import-untyped]
from genanki.apkg_col import APKG_COL  # type: ignore[import-untyped]
from genanki.apkg_schema import APKG_SCHEMA  # type: ignore[import-untyped]

from flashcards.export import anki_model, fields
from flashcards.export.bulk import collector_paused
from flashcards.export.files import atomic_output
from flashcards.export.scheduling import AnkiTiming, SchedulingSummary, card_schedule, write_history
from flashcards.export.source import ExportCard
from flashcards.core.vocabulary import Status

COLLECTION_ENTRY = "collection.anki2"
MEDIA_ENTRY = "media"
# zlib's fastest level: at 100,000 cards it deflates the collection 4 times faster than the default
# (6), for a package 8-10 % larger, which is still smaller than the ones level 6 gave before the rows
# were written in batches (10.4 -> 9.5 MB without scheduling, 33.7 -> 32 MB with it) and than Anki's
# own export of the same cards (11.1 and 36 MB). What the package holds does not depend on it.
COMPRESS_LEVEL = 1
# SQLite's page cache for the scratch collection, in KiB: 100,000 cards with their history make ~100 MB.
SCRATCH_CACHE_KIB = 256 * 1024


class _Note(genanki.Note):  # type: ignore[misc]
    """A genanki note stamped with its own modification time instead of the package's.

    genanki gives every note the package timestamp; Anki compares that time with its own copy's to
    decide whether to update the note, so it must be when *this* card's content changed.
    """

    def __init__(self, *, modified: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.modified = modified

    def write_to_db(self, cursor: sqlite3.Cursor, timestamp: float, deck_id: int, id_gen: Any) -> None:
        super().write_to_db(cursor, self.modified, deck_id, id_gen)


def note_fields(card: ExportCard) -> list[str]:
    """The note's fields in `anki_model.FIELDS` order, as escaped HTML."""
    return [
        fields.to_html(card.front),
        fields.to_html(card.back),
        fields.context_html(card.deck, card.context, card.source_path, card.source_line),
    ]


def build_package(cards: Sequence[ExportCard]) -> genanki.Package:
    """genanki decks (one per `Deck::Section`) holding one note per card, in notes order.

    The plain genanki path, which `write_collection` writes the rows of without building it (the
    equivalence test compares the two); the export itself does not use it.
    """
    model = anki_model.model()
    decks: dict[str, genanki.Deck] = {}
    for order, card in enumerate(cards):
        name = fields.deck_name(card.deck, card.context)
        if name not in decks:
            decks[name] = genanki.Deck(anki_model.deck_id(name), name)
        note = _Note(
            modified=int(card.content_changed_at.timestamp()),
            model=model,
            fields=note_fields(card),
            tags=fields.tags_for(card.context, card.tags),
            guid=card.anki_guid,
            due=order,  # new cards come up in the order of the notes
        )
        if card.status == Status.SUSPENDED:
            for anki_card in note.cards:
                anki_card.suspend = True
        decks[name].add_note(note)
    return genanki.Package([decks[name] for name in sorted(decks)])


def write_collection(cards: Sequence[ExportCard], cursor: sqlite3.Cursor, timestamp: float, id_gen: Any, *,
                     timing: AnkiTiming | None = None) -> WrittenCollection:
    """The rows genanki's `build_package(cards).write_to_db` writes, without its per-note and per-deck costs.

    genanki builds the schema, the collection row, the note type and deck JSON (its own `Model.to_json`,
    `Deck.to_json`); the notes and cards are the rows its `Note.write_to_db` and `Card.write_to_db` would
    insert, with the ids drawn from `id_gen` in the same sequence (deck by deck in name order, each note
    then its cards), written with one `executemany` per table. At 100,000 cards genanki's own path spent
    most of the export building a `Note` per card (tag validation, the card list) and inserting one row
    at a time, and re-encoded the collection's whole `decks` JSON once per deck, quadratic in the 2,000
    `Deck::Section` decks (46 of 75 s once). `tests/test_export_genanki_equivalence.py` pins the
    equality, table by table.

    Left out of genanki's `Note.write_to_db`: its warning about unescaped HTML, which cannot fire because
    `fields.to_html` escapes every `<` of the text and adds only `<code>`, `<br>` and `<small>`.

    With `timing`, each studied card is written with its review state (`scheduling.card_schedule`),
    and the collection gets the review log and the day count (`scheduling.write_history`).

    genanki's indexes are built once the rows are in (dropped after its schema script has made them,
    made again from the SQL text that script stored): keeping five indexes up to date row by row cost
    more than the rows themselves, the review log's above all (761,000 rows at 100,000 cards).
    """
    cursor.executescript(APKG_SCHEMA)
    cursor.executescript(APKG_COL)
    indexes = cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                             " ORDER BY rowid").fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    decks, card_ids = _write_notes(cards, cursor, timestamp, id_gen, timing)
    summary = write_history(cursor.connection, cards, card_ids, timing) if timing is not None else None
    for _, sql in indexes:
        cursor.execute(sql)
    return WrittenCollection(decks=decks, scheduling=summary)


def _write_notes(cards: Sequence[ExportCard], cursor: sqlite3.Cursor, timestamp: float, id_gen: Any,
                 timing: AnkiTiming | None) -> tuple[int, list[int | None]]:
    """The decks, notes and cards (see `write_collection`): how many decks, and each card's Anki card id."""
    grouped = _by_deck(cards)
    if not grouped:
        return 0, []
    model = anki_model.model()
    # Which cards a note gets: genanki's own rule (`Model._req`, as in its `Note._front_back_cards`).
    requirements = [(card_ord, any if kind == "any" else all, required)
                    for card_ord, kind, required in model._req]
    decks_json, models_json = cursor.execute("SELECT decks, models FROM col").fetchone()
    decks = json.loads(decks_json)
    notes: list[tuple[Any, ...]] = []
    anki_cards: list[tuple[Any, ...]] = []
    card_ids: list[int | None] = [None] * len(cards)
    for name, members in grouped:
        deck = genanki.Deck(anki_model.deck_id(name), name)
        decks[str(deck.deck_id)] = deck.to_json()
        # The models JSON as genanki's `Deck.write_to_db` leaves it, deck by deck: it is one entry, and its
        # round trip (an int key next to the decoded text key) shapes the text Anki reads, so it is kept.
        models = json.loads(models_json)
        models.update({model.model_id: model.to_json(timestamp, deck.deck_id)})
        models_json = json.dumps(models)
        for order in members:
            card = cards[order]
            note_fields_html = note_fields(card)
            modified = int(card.content_changed_at.timestamp())
            note_id = next(id_gen)
            notes.append((note_id, card.anki_guid, model.model_id, modified, -1, _tags_text(card.context, card.tags),
                          "\x1f".join(note_fields_html), note_fields_html[model.sort_field_index], 0, 0, ""))
            schedule = card_schedule(card, timing) if timing is not None else None
            for card_ord, required_by, required in requirements:
                if not required_by(note_fields_html[field] for field in required):
                    continue
                card_id = card_ids[order] = next(id_gen)
                if schedule is None:
                    queue = -1 if card.status == Status.SUSPENDED else 0
                    anki_cards.append((card_id, note_id, deck.deck_id, card_ord, modified, -1, 0, queue, order,
                                       0, 0, 0, 0, 0, 0, 0, 0, ""))
                else:
                    anki_cards.append((card_id, note_id, deck.deck_id, card_ord, schedule.mod, -1, schedule.type,
                                       schedule.queue, schedule.due, schedule.ivl, schedule.factor, schedule.reps,
                                       schedule.lapses, schedule.left, 0, 0, 0, ""))
    cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);", notes)
    cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);", anki_cards)
    cursor.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(decks), models_json))
    return len(grouped), card_ids


@dataclass(frozen=True)
class WrittenCollection:
    """How many decks were written, and with scheduling what was carried over."""

    decks: int
    scheduling: SchedulingSummary | None


def _by_deck(cards: Sequence[ExportCard]) -> list[tuple[str, list[int]]]:
    """The package's decks in name order (as `build_package` lists them), each with its cards' indexes."""
    members: dict[str, list[int]] = {}
    for order, card in enumerate(cards):
        name = fields.deck_name(card.deck, card.context)
        found = members.get(name)
        if found is None:
            members[name] = [order]
        else:
            found.append(order)
    return [(name, members[name]) for name in sorted(members)]


@functools.lru_cache(maxsize=8192)
def _tags_text(context: tuple[str, ...], own_tags: str) -> str:
    """A note's `tags` column as genanki formats it (space-separated, a space either side), per path.

    genanki refuses a tag with a space; `fields.tag_component` never makes one, and this checks it.
    """
    tags = fields.tags_for(context, own_tags)
    for tag in tags:
        if " " in tag:
            raise ValueError(f'Tag "{tag}" contains a space; this is not allowed!')
    return " " + " ".join(tags) + " "


def package_timestamp(cards: Sequence[ExportCard]) -> float:
    """genanki's timestamp (it seeds note and card ids): the latest change, so output is reproducible."""
    moments = [card.content_changed_at for card in cards]
    moments += [card.last_reviewed_at for card in cards if card.last_reviewed_at is not None]
    latest = max(moments, default=datetime.fromtimestamp(anki_model.MODEL_MODIFIED, timezone.utc))
    return latest.timestamp()


@dataclass(frozen=True)
class ApkgResult:
    """What was written: notes, decks, and the carried-over progress (None without scheduling)."""

    path: Path
    notes: int
    decks: int
    scheduling: SchedulingSummary | None


def write_apkg(cards: Sequence[ExportCard], path: Path, *, timing: AnkiTiming | None = None) -> ApkgResult:
    """Write `cards` as an Anki package at `path`; with `timing`, include SM-2 progress and history.

    Raises:
        FlashcardsError: when `path` cannot be written (nothing is left behind).
    """
    timestamp = package_timestamp(cards)
    with collector_paused(), tempfile.TemporaryDirectory(prefix="flashcards-apkg-") as scratch:
        database = Path(scratch) / COLLECTION_ENTRY
        connection = sqlite3.connect(database)
        try:
            cursor = connection.cursor()
            # A scratch file, zipped once complete and deleted: nothing to recover after a crash, so no
            # journal on disk and no fsync, and a page cache that holds the collection being built.
            # None of this changes what the file holds.
            cursor.execute("PRAGMA journal_mode = MEMORY")
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute(f"PRAGMA cache_size = {-SCRATCH_CACHE_KIB}")
            cursor.execute("PRAGMA threads = 2")  # helper threads for sorting the indexes' entries
            written = write_collection(cards, cursor, timestamp, itertools.count(int(timestamp * 1000)),
                                       timing=timing)
            connection.commit()
        finally:
            connection.close()
        entry_time = datetime.fromtimestamp(timestamp, timezone.utc).timetuple()[:6]
        with atomic_output(path) as stream, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            collection = zipfile.ZipInfo(COLLECTION_ENTRY, date_time=max(entry_time, (1980, 1, 1, 0, 0, 0)))
            collection.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(collection, database.read_bytes(), compresslevel=COMPRESS_LEVEL)
            media = zipfile.ZipInfo(MEDIA_ENTRY, date_time=collection.date_time)
            archive.writestr(media, "{}")
    return ApkgResult(path, len(cards), written.decks, written.scheduling)
