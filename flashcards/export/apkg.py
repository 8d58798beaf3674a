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

Identity, so that re-importing updates instead of duplicating: the note GUID is the one stored on its
forward card when it was created (from its key, never from the text; kept when the key changes; see
`notes` for which cards share a note), the note types have fixed ids and fixed names (see
`anki_model`), and each note's modification time is when its cards' content last changed, because
Anki only updates an existing note from a package whose copy is newer. Local images the notes show
are packaged as media files.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
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
from flashcards.export.notes import CLOZE, PAIR, SINGLE, AnkiNote, NoteImage, plan_notes
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
    """A genanki note stamped with its own modification time and ids instead of the package's.

    genanki gives every note the package timestamp; Anki compares that time with its own copy's to
    decide whether to update the note, so it must be when *this* note's content changed. The note and
    card ids are when the cards were made (`note_ids`), which is what Anki shows as "Added".
    """

    def __init__(self, *, modified: int, ids: list[int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.modified = modified
        self.ids = ids

    def write_to_db(self, cursor: sqlite3.Cursor, timestamp: float, deck_id: int, id_gen: Any) -> None:
        super().write_to_db(cursor, self.modified, deck_id, iter(self.ids))


def models() -> dict[str, genanki.Model]:
    """A fresh genanki model per note type."""
    return {SINGLE: anki_model.model(), PAIR: anki_model.pair_model(), CLOZE: anki_model.cloze_model()}


def build_package(cards: Sequence[ExportCard], *, retired_at: datetime | None = None) -> genanki.Package:
    """genanki decks (one per `Deck::Section`) holding the notes of `cards` (`notes.plan_notes`).

    The plain genanki path, which `write_collection` writes the rows of without building it (the
    equivalence test compares the two); the export itself does not use it.
    """
    types = models()
    planned = plan_notes(cards, retired_at=retired_at)
    ids = note_ids(planned, cards)
    decks: dict[str, genanki.Deck] = {}
    for order, note in enumerate(planned):
        if note.deck not in decks:
            decks[note.deck] = genanki.Deck(anki_model.deck_id(note.deck), note.deck)
        built = _Note(
            modified=note.modified, ids=[ids.notes[order], *(ids.cards[n] for n in note.cards)],
            model=types[note.note_type], fields=list(note.fields), tags=list(note.tags), guid=note.guid,
            due=order,  # new cards come up in the order of the notes
        )
        for anki_card, n in zip(built.cards, note.cards, strict=True):
            anki_card.suspend = cards[n].status in _SUSPENDED
        decks[note.deck].add_note(built)
    return genanki.Package([decks[name] for name in sorted(decks)])


_SUSPENDED = (Status.SUSPENDED, Status.RETIRED)


def use_deck_config(cursor: sqlite3.Cursor) -> None:
    """Give every deck of the collection, and every deck above one, our options preset.

    A step after genanki's rows, as in `build_package(...).write_to_db` followed by this: genanki gives
    every deck the Default preset, whose siblings are not buried, and writes only the decks that hold
    notes. Anki gathers new cards with the options of the deck being studied, so `notes::linux` (no
    notes of its own) is written too, with our preset: otherwise Anki makes it with its Default one
    and studying it brings the subdecks' new cards one subdeck after another.
    """
    decks_json, dconf_json = cursor.execute("SELECT decks, dconf FROM col").fetchone()
    decks, dconf = json.loads(decks_json), json.loads(dconf_json)
    dconf[str(anki_model.DECK_CONFIG_ID)] = anki_model.deck_config(dconf["1"])
    names = {deck["name"] for deck in decks.values()}
    for name in sorted(names):
        levels = name.split(fields.HIERARCHY)
        for depth in range(1, len(levels)):
            parent = fields.HIERARCHY.join(levels[:depth])
            if parent not in names:
                names.add(parent)
                decks[str(anki_model.deck_id(parent))] = genanki.Deck(anki_model.deck_id(parent), parent).to_json()
    for key, deck in decks.items():
        if key != "1":  # Anki's own Default deck is the learner's, not ours
            deck["conf"] = anki_model.DECK_CONFIG_ID
    cursor.execute("UPDATE col SET decks = ?, dconf = ?", (json.dumps(decks), json.dumps(dconf)))


@dataclass(frozen=True)
class NoteIds:
    """Each note's id (by note) and each card's id (by exported card): when they were made, in ms."""

    notes: list[int]
    cards: list[int]


def note_ids(planned: Sequence[AnkiNote], cards: Sequence[ExportCard]) -> NoteIds:
    """Anki ids from when the cards were made, moved on by a millisecond where two would be equal.

    Anki's "Added" (card browser, `added:` searches) is read from these ids, so an export gives each
    card the day it was made, not the export's day. An id Anki already has for another note or card
    is given a new one by Anki's importer, so equal times in two exports do no harm.
    """
    used: set[int] = set()

    def unique(moment: datetime) -> int:
        value = int(moment.timestamp() * 1000)
        while value in used:
            value += 1
        used.add(value)
        return value

    by_note = [unique(note.added) for note in planned]
    used.clear()
    by_card = [0] * len(cards)
    for note in planned:
        for n in note.cards:
            by_card[n] = unique(cards[n].added_at)
    return NoteIds(by_note, by_card)


def write_collection(cards: Sequence[ExportCard], cursor: sqlite3.Cursor, timestamp: float, id_gen: Any, *,
                     timing: AnkiTiming | None = None, retired_at: datetime | None = None) -> WrittenCollection:
    """The rows genanki's `build_package(cards).write_to_db` writes, without its per-note and per-deck costs.

    genanki builds the schema, the collection row, the note types and deck JSON (its own `Model.to_json`,
    `Deck.to_json`); the notes and cards are the rows its `Note.write_to_db` and `Card.write_to_db` would
    insert, with the ids of `note_ids` (`id_gen` is genanki's, unused since the ids are the cards'
    creation times), written with one `executemany` per table. At 100,000 cards genanki's own path spent
    most of the export building a `Note` per card (tag validation, the card list) and inserting one row
    at a time, and re-encoded the collection's whole `decks` JSON once per deck, quadratic in the 2,000
    `Deck::Section` decks (46 of 75 s once). `tests/test_export_genanki_equivalence.py` pins the
    equality, table by table.

    Left out of genanki's `Note.write_to_db`: its warning about unescaped HTML, which cannot fire because
    `fields.to_html` escapes every `<` of the text and adds only its own tags.

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
    decks, card_ids, planned = _write_notes(cards, cursor, timestamp, timing, retired_at)
    use_deck_config(cursor)
    summary = write_history(cursor.connection, cards, card_ids, timing) if timing is not None else None
    for _, sql in indexes:
        cursor.execute(sql)
    media: dict[str, list[NoteImage]] = {}
    for note in planned:
        for image in note.media:
            media.setdefault(image.name, []).append(image)
    return WrittenCollection(decks=decks, notes=len(planned), scheduling=summary, media=media)


def _write_notes(cards: Sequence[ExportCard], cursor: sqlite3.Cursor, timestamp: float,
                 timing: AnkiTiming | None, retired_at: datetime | None
                 ) -> tuple[int, list[int | None], list[AnkiNote]]:
    """The decks, notes and cards (see `write_collection`): how many decks, each card's Anki card id,
    and the notes."""
    planned = plan_notes(cards, retired_at=retired_at)
    card_ids: list[int | None] = [None] * len(cards)
    if not planned:
        return 0, card_ids, planned
    types = models()
    ids = note_ids(planned, cards)
    grouped = _by_deck(planned)
    decks_json, models_json = cursor.execute("SELECT decks, models FROM col").fetchone()
    decks = json.loads(decks_json)
    notes: list[tuple[Any, ...]] = []
    anki_cards: list[tuple[Any, ...]] = []
    for name, members in grouped:
        deck = genanki.Deck(anki_model.deck_id(name), name)
        decks[str(deck.deck_id)] = deck.to_json()
        # The models JSON as genanki's `Deck.write_to_db` leaves it, deck by deck: the types its notes use,
        # and its round trip (int keys next to the decoded text keys) shapes the text Anki reads, so it is
        # kept.
        used = list(dict.fromkeys(planned[order].note_type for order in members))  # as genanki meets them
        stored = json.loads(models_json)
        stored.update({types[kind].model_id: types[kind].to_json(timestamp, deck.deck_id) for kind in used})
        models_json = json.dumps(stored)
        for order in members:
            note = planned[order]
            note_id = ids.notes[order]
            notes.append((note_id, note.guid, note.model_id, note.modified, -1, _tags_text(note.tags),
                          "\x1f".join(note.fields), note.fields[0], 0, 0, ""))
            for card_ord, n in enumerate(note.cards):
                card = cards[n]
                card_id = card_ids[n] = ids.cards[n]
                schedule = card_schedule(card, timing) if timing is not None else None
                if schedule is None:
                    queue = -1 if card.status in _SUSPENDED else 0
                    anki_cards.append((card_id, note_id, deck.deck_id, card_ord, note.modified, -1, 0, queue, order,
                                       0, 0, 0, 0, 0, 0, 0, 0, ""))
                else:
                    anki_cards.append((card_id, note_id, deck.deck_id, card_ord, schedule.mod, -1, schedule.type,
                                       schedule.queue, schedule.due, schedule.ivl, schedule.factor, schedule.reps,
                                       schedule.lapses, schedule.left, 0, 0, 0, schedule.data))
    cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);", notes)
    cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);", anki_cards)
    cursor.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(decks), models_json))
    return len(grouped), card_ids, planned


@dataclass(frozen=True)
class WrittenCollection:
    """How many decks and notes were written, and with scheduling what was carried over."""

    decks: int
    notes: int
    scheduling: SchedulingSummary | None
    # media file name -> where notes show it (the same file every time: the name is from its path)
    media: dict[str, list[NoteImage]] = field(default_factory=dict)


def _by_deck(planned: Sequence[AnkiNote]) -> list[tuple[str, list[int]]]:
    """The package's decks in name order (as `build_package` lists them), each with its notes' indexes."""
    members: dict[str, list[int]] = {}
    for order, note in enumerate(planned):
        found = members.get(note.deck)
        if found is None:
            members[note.deck] = [order]
        else:
            found.append(order)
    return [(name, members[name]) for name in sorted(members)]


def _tags_text(tags: tuple[str, ...]) -> str:
    """A note's `tags` column as genanki formats it (space-separated, a space either side).

    genanki refuses a tag with a space; `fields.tag_component` never makes one, and this checks it.
    """
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


def _write_media(archive: zipfile.ZipFile, media: dict[str, list[NoteImage]],
                 date_time: tuple[int, int, int, int, int, int]) -> tuple[dict[str, str], list[NoteImage]]:
    """The images notes show, as the package's numbered media entries (the layout genanki's
    `Package(media_files=...)` writes); the `media` map of them, and the references to files that
    cannot be read.

    A missing image is no reason to fail the export: the note still names it (Anki shows it as
    missing, as it would for the learner's own notes) and the caller warns, naming the note's line.
    """
    media_map: dict[str, str] = {}
    missing: list[NoteImage] = []
    for name in sorted(media):
        try:
            data = Path(media[name][0].path).read_bytes()
        except OSError:
            missing.extend(media[name])
            continue
        entry = zipfile.ZipInfo(str(len(media_map)), date_time=date_time)
        archive.writestr(entry, data, compress_type=zipfile.ZIP_STORED)
        media_map[entry.filename] = name
    missing.sort(key=lambda image: (image.source_path, image.source_line, image.target))
    return media_map, missing


@dataclass(frozen=True)
class ApkgResult:
    """What was written: notes, cards, decks, and the carried-over progress (None without scheduling)."""

    path: Path
    notes: int
    cards: int
    decks: int
    scheduling: SchedulingSummary | None
    missing_media: tuple[NoteImage, ...] = ()  # images notes show whose file cannot be read


def write_apkg(cards: Sequence[ExportCard], path: Path, *, timing: AnkiTiming | None = None,
               retired_at: datetime | None = None) -> ApkgResult:
    """Write `cards` as an Anki package at `path`; with `timing`, include SM-2 progress and history.

    `retired_at` (the export's time) stamps the notes of retired cards, so Anki takes their retired tag.

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
                                       timing=timing, retired_at=retired_at)
            connection.commit()
        finally:
            connection.close()
        entry_time = datetime.fromtimestamp(timestamp, timezone.utc).timetuple()[:6]
        with atomic_output(path) as stream, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            collection = zipfile.ZipInfo(COLLECTION_ENTRY, date_time=max(entry_time, (1980, 1, 1, 0, 0, 0)))
            collection.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(collection, database.read_bytes(), compresslevel=COMPRESS_LEVEL)
            media_map, missing = _write_media(archive, written.media, collection.date_time)
            media = zipfile.ZipInfo(MEDIA_ENTRY, date_time=collection.date_time)
            archive.writestr(media, json.dumps(media_map, sort_keys=True))
    return ApkgResult(path, written.notes, len(cards), written.decks, written.scheduling, tuple(missing))
