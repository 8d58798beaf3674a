"""Reading what Anki exports (`.apkg`, `.colpkg`): its notes' GUIDs, its cards and its review log.

`flashcards import-anki` needs three tables of the collection inside the package and nothing else
(no note text, no media): the notes' GUIDs and tags, the cards, the review log. A package is a zip; which collection it holds depends on the Anki that wrote
it, and a `meta` file (a one-field protobuf: the package version) says which:

- version 3, Anki 2.1.50 and later by default: `collection.anki21b`, the SQLite file compressed with
  zstd (read here with the `zstandard` package, the maintained binding of the reference library).
- version 2, "Support older Anki versions" ticked: `collection.anki21`, plain SQLite.
- no `meta` (version 1, Anki before 2.1.28): `collection.anki2`, plain SQLite.

Newer packages also carry a `collection.anki2` holding one note that asks to update Anki; it must not
be read when a newer collection is beside it, so the newest file present wins.

The SQLite file is opened in memory (`sqlite3.Connection.deserialize`): nothing is written to disk
and the package is never changed. Anki leaves its file in WAL mode, which an in-memory copy cannot
open, so the copy's header is set back to the rollback journal first (bytes 18-19 of the SQLite header,
the file format's read and write versions).

Every failure is a `BadPackage`, one line naming the file and what is wrong with it.
"""

from __future__ import annotations

import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flashcards.core.anki_merge import AnkiCard, AnkiEntry
from flashcards.core.errors import FlashcardsError

__all__ = ["AnkiPackage", "BadPackage", "read_package"]

# The collection files, newest format first, with how each is stored.
_COMPRESSED = "collection.anki21b"
_COLLECTIONS = (_COMPRESSED, "collection.anki21", "collection.anki2")
_KNOWN_VERSION = 3

_SQLITE_MAGIC = b"SQLite format 3\x00"


class BadPackage(FlashcardsError):
    """A file that is not an Anki package, or whose collection cannot be read (the message says which)."""


@dataclass(frozen=True)
class AnkiPackage:
    """What import-anki reads from a package.

    Attributes:
        format: `current` (zstd-compressed collection) or `legacy` (plain SQLite).
        notes: How many notes the collection holds.
        cards: Every card, with its note's GUID and its template's ordinal.
        entries: Every review-log row, oldest first.
        note_tags: Each note's GUID and its tags, as Anki has them.
    """

    format: str
    notes: int
    cards: tuple[AnkiCard, ...]
    entries: tuple[AnkiEntry, ...]
    note_tags: tuple[tuple[str, tuple[str, ...]], ...] = ()


def read_package(path: Path, shown: str) -> AnkiPackage:
    """Read the collection inside the package at `path` (`shown` is how messages name it).

    Raises:
        BadPackage: not a zip, no collection inside, a collection that is damaged or not Anki's, or a
            package version newer than this program knows.
    """
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise BadPackage(f"{shown} is not an Anki package (not a zip file)") from None
    except FileNotFoundError:
        raise BadPackage(f"cannot read {shown}: no such file") from None
    except IsADirectoryError:
        raise BadPackage(f"cannot read {shown}: it is a folder, not an Anki package") from None
    except OSError as exc:
        raise BadPackage(f"cannot read {shown}: {exc.strerror or _reason(exc)}") from None
    with archive:
        names = set(archive.namelist())
        version = _version(archive, names, shown)
        if version > _KNOWN_VERSION:
            raise BadPackage(f"{shown} was written by a newer Anki (package version {version}); "
                             "export it again with \"Support older Anki versions\" ticked")
        inside = next((name for name in _COLLECTIONS if name in names), None)
        if inside is None:
            raise BadPackage(f"{shown} holds no Anki collection (no collection.anki21b, collection.anki21"
                             " or collection.anki2 inside)")
        try:
            data = _decompressed(archive, inside) if inside == _COMPRESSED else archive.read(inside)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise BadPackage(f"{shown} is damaged: {inside} cannot be read ({_reason(exc)})") from None
    return _read_collection(data, shown, inside, "current" if inside == _COMPRESSED else "legacy")


def _version(archive: zipfile.ZipFile, names: set[str], shown: str) -> int:
    """The package version its `meta` says (field 1, a varint); 1 when there is no `meta`."""
    if "meta" not in names:
        return 1
    try:
        meta = archive.read("meta")
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BadPackage(f"{shown} is damaged: meta cannot be read ({_reason(exc)})") from None
    if not meta:
        return 1
    if meta[0] != 0x08:  # field 1, wire type varint
        raise BadPackage(f"{shown} is damaged: its meta file is not Anki's")
    value = shift = 0
    for byte in meta[1:]:
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value
        shift += 7
    raise BadPackage(f"{shown} is damaged: its meta file is not Anki's")


def _decompressed(archive: zipfile.ZipFile, inside: str) -> bytes:
    import zstandard  # only packages in the current format need it

    try:
        with archive.open(inside) as member, zstandard.ZstdDecompressor().stream_reader(member) as reader:
            return reader.read()
    except zstandard.ZstdError as exc:
        raise OSError(f"not zstd data: {exc}") from None


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _read_collection(data: bytes, shown: str, inside: str, form: str) -> AnkiPackage:
    if not data.startswith(_SQLITE_MAGIC) or len(data) < 100:
        raise BadPackage(f"{shown} is damaged: {inside} is not an SQLite database")
    copy = bytearray(data)
    copy[18] = copy[19] = 1  # WAL (2) → rollback journal (1): see the module docstring
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(bytes(copy))
        columns = {row[1] for row in connection.execute("PRAGMA table_info(notes)")}
        tags = "tags" if "tags" in columns else "''"  # every Anki writes it; a hand-made package may not
        notes = connection.execute(f"SELECT id, guid, {tags} FROM notes").fetchall()
        guids = {note_id: str(guid) for note_id, guid, _ in notes}
        note_tags = tuple((str(guid), tuple(str(tags or "").split())) for _, guid, tags in notes)
        cards = tuple(AnkiCard(int(card_id), guids.get(note_id, ""), int(ordinal))
                      for card_id, note_id, ordinal in connection.execute("SELECT id, nid, ord FROM cards ORDER BY id"))
        entries = tuple(
            AnkiEntry(int(entry_id), int(card_id), int(ease), int(kind), int(duration or 0))
            for entry_id, card_id, ease, kind, duration in connection.execute(
                "SELECT id, cid, ease, type, time FROM revlog ORDER BY id"))
    except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
        raise BadPackage(f"{shown} is damaged: its collection cannot be read ({_reason(exc)})") from None
    finally:
        connection.close()
    return AnkiPackage(format=form, notes=len(notes), cards=cards, entries=entries, note_tags=note_tags)
