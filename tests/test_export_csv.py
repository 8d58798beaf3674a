"""`flashcards export csv`: Anki's text format, proven by Anki's own text importer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from flashcards.export import anki_model
from flashcards.export.csv_text import render
from flashcards.export.source import ExportCard
from tests.conftest import make_collection

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)

CARDS: list[dict[str, object]] = [
    {"key": "docker|command|Core commands › ps|docker ps", "front": "List running containers",
     "back": "`docker ps`", "context": ["Core commands", "ps"]},
    {"key": "docker|qa|Comments|#", "front": "# starts a comment in a Dockerfile?",
     "back": "Yes, a \"#\" line", "context": ["Comments"]},
    {"key": "docker|definition|Terms|tab", "front": "tab\tand, comma",
     "back": "a<b c>d & [sound:x.mp3]\nline 2", "context": ["Terms"], "tags": "leech"},
    {"key": "docker|definition|Old|gone", "front": "gone", "back": "retired", "status": "retired"},
]


def import_text(col: Any, path: Path) -> Any:
    """Anki's File > Import for a text file, with the settings the file itself declares."""
    from anki.collection import ImportCsvRequest

    metadata = col.get_csv_metadata(path=str(path), delimiter=None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


def export(invoke: Callable[..., Result], *args: str) -> Result:
    result = invoke("export", "csv", *args)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.anki
@pytest.mark.parametrize("separator", ["tab", "comma"])
def test_text_import_gives_decks_note_type_tags_and_fields(
        separator: str, invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path,
        anki_col: Any) -> None:
    make_collection(isolated_home, NOW, CARDS)
    out = tmp_path / "docker.txt"
    result = export(invoke, "docker", "-o", str(out), "--separator", separator)
    assert result.output == f"Wrote 3 notes to {out}; skipped 1 retired card.\n"

    log = import_text(anki_col, out)
    assert len(log.new) == 3
    assert len(anki_col.find_notes("")) == 3
    names = {deck.name for deck in anki_col.decks.all_names_and_ids()}
    assert {"docker::Core commands", "docker::Comments", "docker::Terms"} <= names

    notes = {anki_col.get_note(nid).guid: anki_col.get_note(nid) for nid in anki_col.find_notes("")}
    ps = notes[anki_model.guid("docker|command|Core commands › ps|docker ps")]
    assert ps.note_type()["name"] == "Basic"
    assert (ps["Front"], ps["Back"]) == ("List running containers", "<code>docker ps</code>")
    assert ps.tags == ["flashcards::section::Core_commands::ps"]
    assert anki_col.decks.name(ps.cards()[0].did) == "docker::Core commands"

    hash_note = notes[anki_model.guid("docker|qa|Comments|#")]
    assert hash_note["Front"] == "# starts a comment in a Dockerfile?"  # not skipped as a comment line
    assert hash_note["Back"] == 'Yes, a "#" line'

    tricky = notes[anki_model.guid("docker|definition|Terms|tab")]
    assert tricky["Front"] == "tab\tand, comma"
    assert tricky["Back"] == "a&lt;b c&gt;d &amp; &#91;sound:x.mp3]<br>line 2"
    assert sorted(tricky.tags) == ["flashcards::section::Terms", "flashcards::tag::leech"]


@pytest.mark.anki
def test_reimporting_updates_by_guid(invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path,
                                     anki_col: Any) -> None:
    ids = make_collection(isolated_home, NOW, CARDS[:2])
    first = tmp_path / "v1.txt"
    export(invoke, "-o", str(first))
    import_text(anki_col, first)

    from flashcards.storage.models import Card
    from flashcards.storage.store import Store

    store = Store.open(f"sqlite:///{isolated_home / 'flashcards.db'}", isolated_home, NOW)
    with store.transaction() as session:
        card = session.get(Card, ids[0])
        assert card is not None
        card.back, card.content_changed_at = "`docker ps -a` lists all", NOW + timedelta(hours=1)
    store.close()
    second = tmp_path / "v2.txt"
    export(invoke, "-o", str(second))
    log = import_text(anki_col, second)

    assert len(log.new) == 0 and len(log.updated) == 1 and len(log.duplicate) == 1
    assert len(anki_col.find_notes("")) == 2
    (nid,) = anki_col.find_notes('"Front:List running containers"')
    assert anki_col.get_note(nid)["Back"] == "<code>docker ps -a</code> lists all"


def _card(front: str, **overrides: Any) -> ExportCard:
    values: dict[str, Any] = {
        "key": f"d|qa||{front}", "deck": "d", "kind": "qa", "front": front, "back": "b", "context": (),
        "source_path": "n.md", "source_line": 1, "position": 0, "status": "active", "tags": "",
        "repetitions": 0, "ef_hundredths": 250, "interval": 0, "due": None, "lapses": 0,
        "content_changed_at": NOW, "last_reviewed_at": None,
    }
    return ExportCard(**(values | overrides))


def test_header_lines_and_quoting() -> None:
    text = render([_card("#hash", context=("A b",))], "tab")
    lines = text.splitlines()
    assert lines[:6] == ["#separator:tab", "#html:true", "#notetype:Basic", "#guid column:1",
                         "#deck column:2", "#tags column:5"]
    assert lines[6] == "#columns:guid\tdeck\tFront\tBack\ttags"
    assert lines[7] == (
        "# Note type: Basic, or any type whose first two fields are the question and the answer (Basic is "
        "Einfach in German, Basique in French); choose it in Anki's import dialog, or write the file with "
        "`flashcards export csv --notetype NAME`.")
    guid = anki_model.guid("d|qa||#hash")
    assert lines[8] == f'"{guid}"\t"d::A b"\t"#hash"\t"b"\t"flashcards::section::A_b"'
    assert all(line.startswith('"') for line in lines[8:])
    assert render([_card("x")], "comma").startswith("#separator:comma\n")


@pytest.mark.anki
@pytest.mark.parametrize("notetype", [None, "Einfach"])
def test_a_german_anki_imports_the_file(notetype: str | None, invoke: Callable[..., Result], isolated_home: Path,
                                        tmp_path: Path) -> None:
    """A profile in German has no type called Basic: the file still imports, as Einfach notes."""
    pytest.importorskip("anki")
    import subprocess
    import sys

    make_collection(isolated_home, NOW, CARDS)
    out = tmp_path / "docker.txt"
    export(invoke, "docker", "-o", str(out), *(["--notetype", notetype] if notetype else []))
    assert f"#notetype:{notetype or 'Basic'}" in out.read_text(encoding="utf-8").splitlines()
    script = (
        "import sys, anki.lang\n"
        "anki.lang.set_lang('de')\n"
        "from anki.collection import Collection, ImportCsvRequest\n"
        "col = Collection(sys.argv[2])\n"
        "md = col.get_csv_metadata(path=sys.argv[1], delimiter=None)\n"
        "log = col.import_csv(ImportCsvRequest(path=sys.argv[1], metadata=md)).log\n"
        "names = sorted({col.get_note(n).note_type()['name'] for n in col.find_notes('')})\n"
        "print(len(log.new), len(log.missing_notetype), names)\n"
    )
    (tmp_path / "de").mkdir()
    done = subprocess.run([sys.executable, "-c", script, str(out), str(tmp_path / "de" / "collection.anki2")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3 0 ['Einfach']"


def test_an_empty_notetype_is_one_line(invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path) -> None:
    make_collection(isolated_home, NOW, CARDS[:1])
    result = invoke("export", "csv", "--notetype", " ", "-o", str(tmp_path / "x.txt"))
    assert (result.exit_code, result.output) == (1, "Error: --notetype: the note type name is empty\n")


def test_errors_are_one_line(invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path) -> None:
    make_collection(isolated_home, NOW, CARDS[:1])
    result = invoke("export", "csv", "nope", "-o", str(tmp_path / "x.txt"))
    assert (result.exit_code, result.output) == (1, "Error: no deck named 'nope'; see `flashcards decks`\n")
    missing = tmp_path / "missing" / "x.txt"
    result = invoke("export", "csv", "-o", str(missing))
    expected = f"Error: cannot write {missing}: No such file or directory\n"
    assert (result.exit_code, result.output) == (1, expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


def test_help_has_an_example(invoke: Callable[..., Result]) -> None:
    result = invoke("export", "csv", "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and "flashcards export csv" in result.output


def test_a_picture_a_card_shows_is_said_to_stay_behind(invoke: Callable[..., Result], tmp_path: Path) -> None:
    """CSV carries no files: a card showing a local picture gets a broken image in Anki unless a
    package brings the file, so the export says so (once, with how many cards)."""
    note = tmp_path / "cells.md"
    note.write_text("# Cells\n\n- **mitochondrion**: makes the cell's energy ![diagram](mito.png)\n"
                    "- **nucleus**: holds the DNA\n", encoding="utf-8")
    assert invoke("import", str(note)).exit_code == 0
    out = tmp_path / "cells.csv"
    result = invoke("export", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert ("warning: 2 cards show a picture, and the CSV text format carries no files: "
            "`flashcards export anki` packages them") in " ".join(result.output.split())
    plain = tmp_path / "plain.md"
    plain.write_text("# Git\n\n- `git add`: stages changes\n", encoding="utf-8")
    assert invoke("decks", "retire", "cells", "--yes").exit_code == 0
    assert invoke("import", str(plain)).exit_code == 0
    quiet = invoke("export", "csv", "-o", str(tmp_path / "git.csv"))
    assert quiet.exit_code == 0 and "warning" not in quiet.output
