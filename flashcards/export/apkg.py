"""`flashcards export anki`: an Anki package written by genanki, atomically and reproducibly.

genanki writes the notes, the note type and the decks. We drive it one level below
`Package.write_to_file` (our `write_collection` in place of its `write_to_db`, then our own zip), for
four reasons: `write_to_file` leaves its SQLite temp file behind in the system temp folder;
`--with-scheduling` has to edit that database before it is zipped; a zip of our own has fixed entry
times, so exporting the same collection twice gives the same bytes; and genanki's `write_to_db` is
quadratic in the number of decks (see `write_collection`). The package layout is Anki's legacy one
that genanki produces (`collection.anki2` in schema 11, plus a `media` map), which every Anki version
imports.

Identity, so that re-importing updates instead of duplicating: the note GUID is the one stored on the
card when it was created (from its key, never from the text; kept when the key changes), the note type
has a fixed id and fixed names (see `anki_model`), and each note's modification time is when the
card's content last changed, because Anki only updates an existing note from a package whose copy is
newer.
"""

from __future__ import annotations

import itertools
import json
import shutil
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
from flashcards.export.files import atomic_output
from flashcards.export.scheduling import AnkiTiming, SchedulingSummary, apply_scheduling
from flashcards.export.source import ExportCard
from flashcards.core.vocabulary import Status

COLLECTION_ENTRY = "collection.anki2"
MEDIA_ENTRY = "media"


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
    """genanki decks (one per `Deck::Section`) holding one note per card, in notes order."""
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


def write_collection(package: genanki.Package, cursor: sqlite3.Cursor, timestamp: float, id_gen: Any) -> None:
    """What genanki's `Package.write_to_db` writes, with the collection's deck list kept in memory.

    genanki's `Deck.write_to_db` reads the whole `decks` JSON of the collection, decodes it, adds its
    deck, encodes it and writes it back, once per deck: quadratic in the number of decks. One deck per
    `Deck::Section` makes that 2,000 decks at 100,000 cards, where it took 46 of 75 s of the export
    (profiled in benchmarks/). Here the same rows are written in the same order (schema, collection
    row, then deck by deck its notes and cards, ids drawn from `id_gen` in the same sequence) and the
    final `decks` and `models` JSON go into the collection row once, equal to what genanki leaves there.
    """
    cursor.executescript(APKG_SCHEMA)
    cursor.executescript(APKG_COL)
    if not package.decks:
        return
    decks_json, models_json = cursor.execute("SELECT decks, models FROM col").fetchone()
    decks = json.loads(decks_json)
    for deck in package.decks:
        if not isinstance(deck.deck_id, int):
            raise TypeError(f"Deck .deck_id must be an integer, not {deck.deck_id}.")
        if not isinstance(deck.name, str):
            raise TypeError(f"Deck .name must be a string, not {deck.name}.")
        decks[str(deck.deck_id)] = deck.to_json()
        # The models JSON is one entry per note type: small, so genanki's own round trip is kept as is.
        models = json.loads(models_json)
        for note in deck.notes:
            deck.add_model(note.model)
        models.update({model.model_id: model.to_json(timestamp, deck.deck_id) for model in deck.models.values()})
        models_json = json.dumps(models)
        for note in deck.notes:
            note.write_to_db(cursor, timestamp, deck.deck_id, id_gen)
    cursor.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(decks), models_json))


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
    package = build_package(cards)
    timestamp = package_timestamp(cards)
    with tempfile.TemporaryDirectory(prefix="flashcards-apkg-") as scratch:
        database = Path(scratch) / COLLECTION_ENTRY
        connection = sqlite3.connect(database)
        try:
            cursor = connection.cursor()
            write_collection(package, cursor, timestamp, itertools.count(int(timestamp * 1000)))
            summary = apply_scheduling(connection, cards, timing) if timing is not None else None
            connection.commit()
        finally:
            connection.close()
        entry_time = datetime.fromtimestamp(timestamp, timezone.utc).timetuple()[:6]
        with atomic_output(path) as stream, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            collection = zipfile.ZipInfo(COLLECTION_ENTRY, date_time=max(entry_time, (1980, 1, 1, 0, 0, 0)))
            collection.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(collection, "w") as entry, database.open("rb") as source:
                shutil.copyfileobj(source, entry)
            media = zipfile.ZipInfo(MEDIA_ENTRY, date_time=collection.date_time)
            archive.writestr(media, "{}")
    return ApkgResult(path, len(cards), len(package.decks), summary)
