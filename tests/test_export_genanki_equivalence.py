"""Our `write_collection` writes exactly what genanki's own `Package.write_to_db` writes.

`flashcards.export.apkg.write_collection` writes the note and card rows genanki's `Note` and `Card` would
write, in batches, with genanki's own schema, collection row, note type and decks (see its docstring),
instead of building genanki's objects card by card. This test pins that equivalence, table by table
(suspended cards, own tags and per-card modification times included), so an upgrade of genanki that
changes what it writes is caught here instead of in Anki.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flashcards.export.apkg import build_package, use_deck_config, write_collection
from flashcards.export.source import ExportCard

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


def _cards() -> list[ExportCard]:
    cards = []
    for n in range(30):
        section = ["Core commands", "Images", "Networks"][n % 3]
        cards.append(ExportCard(
            key=f"docker|definition|{section}|term {n}", deck="docker" if n % 4 else "other", kind="definition",
            front=f"term {n} <b>&", back=f"definition {n}\nline", context=(section, f"sub {n % 2}"),
            source_path="/notes/docker.md", source_line=n + 1, position=n,
            status="suspended" if n % 7 == 3 else "active", tags="own tag" if n % 5 == 1 else "",
            content_changed_at=NOW + timedelta(minutes=n), **_scheduling_defaults()))
    # A term with its reverse (one note, two cards), a cloze (a Cloze note) and a retired card.
    cards.append(ExportCard(
        key="docker|definition|Images|layer", deck="docker", kind="definition", front="layer", back="a step",
        context=("Images",), source_path="/notes/docker.md", source_line=40, position=40, status="active", tags="",
        content_changed_at=NOW, **_scheduling_defaults()))
    cards.append(ExportCard(
        key="docker|definition-reverse|Images|layer", deck="docker", kind="definition-reverse", front="a step",
        back="layer", context=("Images",), source_path="/notes/docker.md", source_line=40, position=41,
        status="retired", tags="", content_changed_at=NOW, sibling_key="docker|definition|Images|layer",
        **_scheduling_defaults()))
    cards.append(ExportCard(
        key="docker|cloze|Images|read-only", deck="docker", kind="cloze", front="images are [...] layers",
        back="images are read-only layers", context=("Images",), source_path="/notes/docker.md", source_line=42,
        position=42, status="retired", tags="", content_changed_at=NOW, created_at=NOW - timedelta(days=3),
        **_scheduling_defaults()))
    return cards


def _scheduling_defaults() -> dict[str, object]:
    import dataclasses

    names = {f.name for f in dataclasses.fields(ExportCard)}
    defaults: dict[str, object] = {"id": 1, "repetitions": 0, "ef_hundredths": 250, "interval": 0, "due": None,
                                   "lapses": 0, "last_reviewed_at": None, "reviews": ()}
    return {name: value for name, value in defaults.items() if name in names}


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        dump = {table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in tables}
        (decks, models) = connection.execute("SELECT decks, models FROM col").fetchone()
        dump["decks_json"] = [(json.loads(decks),)]
        dump["models_json"] = [(json.loads(models),)]
        return dump
    finally:
        connection.close()


def test_write_collection_equals_genanki_write_to_db(tmp_path: Path) -> None:
    timestamp = NOW.timestamp()
    ours, theirs = tmp_path / "ours.anki2", tmp_path / "theirs.anki2"
    for path, ours_written in ((ours, True), (theirs, False)):
        connection = sqlite3.connect(path)
        cursor = connection.cursor()
        ids = itertools.count(int(timestamp * 1000))
        if ours_written:
            write_collection(_cards(), cursor, timestamp, ids, retired_at=NOW + timedelta(days=1))
        else:
            build_package(_cards(), retired_at=NOW + timedelta(days=1)).write_to_db(cursor, timestamp, ids)
            use_deck_config(cursor)
        connection.commit()
        connection.close()
    assert _dump(ours) == _dump(theirs)
    assert len(_dump(ours)["notes"]) == 32 and len(_dump(ours)["cards"]) == 33
