"""`flashcards import`: the plan, history kept across edits, no writes for unchanged notes, bad input."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result




def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    return {table: _rows(db, f"SELECT * FROM {table} ORDER BY 1") for table in ("decks", "cards", "sources", "reviews")}


def _card_id(db: Path, where: str) -> int:
    rows = _rows(db, f"SELECT id FROM cards WHERE {where}")
    assert len(rows) == 1, (where, rows)
    return int(rows[0][0])  # type: ignore[call-overload]


def _give_history(db: Path, card_id: int) -> None:
    connection = sqlite3.connect(db)
    connection.execute(
        "INSERT INTO reviews (card_id, reviewed_at, review_day, grade, mode, repetitions_before, ef_before,"
        " interval_before, lapses_before, status_before, repetitions_after, ef_after, interval_after,"
        " due_after, lapses_after, status_after) VALUES (?, '2026-11-28 09:00:00', '2026-11-28', 5,"
        " 'scheduled', 0, 250, 0, 0, 'active', 1, 260, 1, '2026-11-29', 0, 'active')",
        (card_id,),
    )
    connection.execute(
        "UPDATE cards SET repetitions = 1, ef_hundredths = 260, interval = 1, due = '2026-11-29' WHERE id = ?",
        (card_id,),
    )
    connection.commit()
    connection.close()


def test_import_seed_then_reimport_unchanged_writes_nothing(
    invoke: Callable[..., Result], seed_notes: Path, db_path: Path
) -> None:
    first = invoke("import", str(seed_notes))
    assert first.exit_code == 0, first.output
    assert "new" in first.output
    count = _rows(db_path, "SELECT count(*) FROM cards")[0][0]
    assert count > 30
    before = _snapshot(db_path)
    again = invoke("import", str(seed_notes))
    assert again.exit_code == 0, again.output
    assert "unchanged since the last import, skipped" in again.output
    assert "no change to the collection" in again.output
    assert _snapshot(db_path) == before


def test_edits_keep_history(invoke: Callable[..., Result], seed_notes: Path, db_path: Path) -> None:
    assert invoke("import", str(seed_notes)).exit_code == 0
    detached = _card_id(db_path, "kind = 'flag' AND front LIKE '%-d%' AND back LIKE '%detached%'")
    daemon = _card_id(db_path, "kind = 'definition' AND front LIKE '%Docker Daemon%'")
    quiet = _card_id(db_path, "kind = 'flag' AND back LIKE '%numeric ids%'")
    for card in (detached, daemon, quiet):
        _give_history(db_path, card)

    text = seed_notes.read_text(encoding="utf-8")
    # 1. fix a typo in an answer
    text = text.replace("<dd>Run in detached mode</dd>", "<dd>Run in detached mode (in the background)</dd>")
    # 2. move a section: the Components definitions go under a new heading at the end
    start = text.index("## Components")
    end = text.index("# Core commands")
    components = text[start:end]
    text = text[:start] + text[end:] + "\n# Glossary\n" + components.replace("## Components", "## Parts")
    # 3. delete a flag
    text = text.replace("  <dt>-q</dt>\n  <dd>Return only the numeric ids</dd>\n", "")
    # 4. add a flag
    text = text.replace("  <dt>--help</dt>", "  <dt>-v</dt>\n  <dd>Bind mount a volume</dd>\n  <dt>--help</dt>")
    seed_notes.write_text(text, encoding="utf-8")

    plan = invoke("import", "--dry-run", str(seed_notes))
    assert plan.exit_code == 0, plan.output
    for action in ("changed", "moved", "retired", "new"):
        assert action in plan.output, (action, plan.output)
    assert "`docker run -v`" in plan.output
    assert "on new lines" in plan.output

    applied = invoke("import", str(seed_notes))
    assert applied.exit_code == 0, applied.output

    (row,) = _rows(db_path, f"SELECT back, repetitions, status FROM cards WHERE id = {detached}")
    assert row == ("Run in detached mode (in the background)", 1, "active")
    (row,) = _rows(db_path, f"SELECT context, repetitions, status FROM cards WHERE id = {daemon}")
    assert json.loads(str(row[0]))[-1] == "Parts" and row[1:] == (1, "active")
    (row,) = _rows(db_path, f"SELECT status, repetitions FROM cards WHERE id = {quiet}")
    assert row == ("retired", 1)
    for card in (detached, daemon, quiet):
        assert _rows(db_path, f"SELECT count(*) FROM reviews WHERE card_id = {card}") == [(1,)]
    assert len(_rows(db_path, "SELECT id FROM cards WHERE back = 'Bind mount a volume'")) == 1

    # the retired flag comes back: same card, history intact
    seed_notes.write_text(text.replace("  <dt>-f</dt>", "  <dt>-q</dt>\n  <dd>Return only the numeric ids</dd>\n  <dt>-f</dt>"),
                     encoding="utf-8")
    restored = invoke("import", str(seed_notes))
    assert "restored" in restored.output
    (row,) = _rows(db_path, f"SELECT status, repetitions FROM cards WHERE id = {quiet}")
    assert row == ("active", 1)


def test_dry_run_writes_nothing_and_json_is_the_contract(
    invoke: Callable[..., Result], seed_notes: Path, db_path: Path
) -> None:
    result = invoke("import", "--dry-run", "--json", "--deck", "docker", str(seed_notes))
    assert result.exit_code == 0, result.output
    cards = json.loads(result.output)
    assert cards and all(set(card) == {"key", "kind", "deck", "front", "back", "context", "source"} for card in cards)
    assert {card["deck"] for card in cards} == {"docker"}
    assert all(set(card["source"]) == {"path", "line"} for card in cards)
    assert _rows(db_path, "SELECT count(*) FROM cards") == [(0,)]


def test_dry_run_reports_skipped(invoke: Callable[..., Result], seed_notes: Path) -> None:
    result = invoke("import", "--dry-run", str(seed_notes))
    assert result.exit_code == 0
    assert "skipped" in result.output


def test_missing_path(invoke: Callable[..., Result], tmp_path: Path, db_path: Path) -> None:
    missing = tmp_path / "nope.md"
    result = invoke("import", str(missing))
    assert result.exit_code == 1
    assert result.output == f"Error: nothing imported: {missing}: no such file or folder\n"


def test_folder_without_markdown(invoke: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    result = invoke("import", str(folder))
    assert result.exit_code == 1
    assert result.output.endswith(f"Error: nothing imported: {folder}: folder holds no Markdown files (*.md)\n")


def test_not_utf8_names_the_line(invoke: Callable[..., Result], tmp_path: Path) -> None:
    bad = tmp_path / "latin1.md"
    bad.write_bytes("# Caf\u00e9\n\n- **Term**: fine\n".encode() + "- **Caf\u00e9**: cr\u00e8me\n".encode("latin-1"))
    result = invoke("import", str(bad))
    assert result.exit_code == 1
    assert "latin1.md:4: not UTF-8 text (byte 0xe9); save the file as UTF-8" in result.output


def test_binary_file(invoke: Callable[..., Result], tmp_path: Path) -> None:
    binary = tmp_path / "blob.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = invoke("import", str(binary))
    assert result.exit_code == 1
    assert "blob.md:1: binary file, not Markdown notes" in result.output


def test_one_bad_file_does_not_stop_the_others(invoke: Callable[..., Result], tmp_path: Path,
                                               db_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.md").write_text("# Terms\n\n- **Image**: the blueprint of a container\n", encoding="utf-8")
    (folder / "bad.md").write_bytes(b"# x\n\xff\xfe\n")
    result = invoke("import", str(folder))
    assert result.exit_code == 0, result.output
    assert "bad.md:2: not UTF-8 text" in result.output
    assert _rows(db_path, "SELECT count(*) FROM cards")[0][0] >= 1


def test_crlf_notes_give_the_same_cards(invoke: Callable[..., Result], seed_notes: Path, tmp_path: Path) -> None:
    crlf = tmp_path / "crlf" / "docker.md"
    crlf.parent.mkdir()
    crlf.write_bytes(seed_notes.read_bytes().replace(b"\n", b"\r\n"))
    lf = json.loads(invoke("import", "--dry-run", "--json", str(seed_notes)).output)
    cr = json.loads(invoke("import", "--dry-run", "--json", str(crlf)).output)
    strip = [{k: v for k, v in card.items() if k != "source"} for card in lf]
    assert strip == [{k: v for k, v in card.items() if k != "source"} for card in cr]


def test_a_large_file_imports(invoke: Callable[..., Result], tmp_path: Path, db_path: Path) -> None:
    big = tmp_path / "big.md"
    parts = [f"## Section {n}\n\n- **Term {n}**: definition number {n}\n\nSome prose about it.\n\n"
             for n in range(13_000)]
    big.write_text("# Big\n\n" + "".join(parts), encoding="utf-8")
    assert big.stat().st_size > 1_000_000
    result = invoke("import", str(big))
    assert result.exit_code == 0, result.output[-500:]
    assert _rows(db_path, "SELECT count(*) FROM cards")[0][0] >= 13_000


def test_nothing_half_written_when_the_apply_fails(
    invoke: Callable[..., Result], seed_notes: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke("decks").exit_code == 0
    from flashcards.application import importer

    def explode(*args: object) -> None:  # the last write, after the decks and cards
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importer, "_write_sources", explode)
    result = invoke("import", str(seed_notes))
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "Error: the disk is full; nothing was half-written"
    assert _rows(db_path, "SELECT count(*) FROM cards") == [(0,)]
    assert _rows(db_path, "SELECT count(*) FROM decks") == [(0,)]


def test_unclosed_dl_and_broken_tag_warn_with_file_line(invoke: Callable[..., Result], tmp_path: Path,
                                                        db_path: Path) -> None:
    notes = tmp_path / "broken.md"
    notes.write_text(
        "# Terms\n\n<dl>\n  <dt>Image</dt>\n  <dd>A blueprint</dd>\n  <dt>Container<dt>\n  <dd>A running image\n\n"
        "## More\n\n- **Volume**: persistent storage\n",
        encoding="utf-8",
    )
    result = invoke("import", str(notes))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert warnings and all(line.startswith(f"warning: {notes}:") for line in warnings)
    assert any(":3:" in line or ":6:" in line for line in warnings), warnings
    fronts = {row[0] for row in _rows(db_path, "SELECT front FROM cards WHERE kind = 'definition'")}
    assert {"Image", "Volume"} <= fronts


def test_a_large_plan_is_shown_per_file(invoke: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(4):
        (folder / f"notes{n}.md").write_text(
            "# Terms\n\n" + "".join(f"- **Term {n}-{k}**: meaning {k}\n" for k in range(50)), encoding="utf-8")
    result = invoke("import", "--dry-run", str(folder))
    assert result.exit_code == 0, result.output
    assert "Plan: 400 cards in 4 files" in result.output
    assert result.output.count("│ 100 │") == 4 and "Term 0-1" not in result.output
    assert "4 files: 400 new; would change the collection." in result.output


def test_many_unchanged_files_are_counted_not_listed(invoke: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    for n in range(25):
        (folder / f"n{n:02d}.md").write_text(f"# T\n\n- **Term {n}**: meaning {n}\n", encoding="utf-8")
    assert invoke("import", str(folder)).exit_code == 0
    again = invoke("import", str(folder))
    assert again.exit_code == 0
    assert "25 files unchanged since the last import, skipped." in again.output
    assert "skipped: " not in again.output


def test_unchanged_reimport_is_answered_without_the_store_and_says_the_same(
    invoke: Callable[..., Result], seed_notes: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flashcards.application import importer

    assert invoke("import", str(seed_notes)).exit_code == 0
    answered = []
    quick_path = importer.unchanged_import

    def recording(*args: Any) -> importer.ImportResult | None:
        answer = quick_path(*args)
        answered.append(answer is not None)
        return answer

    monkeypatch.setattr(importer, "unchanged_import", recording)
    quick = [invoke("import", str(seed_notes), *flags) for flags in ((), ("--dry-run",), ("--dry-run", "--json"))]
    assert answered == [True, True, True]
    monkeypatch.setattr(importer, "unchanged_import", lambda *args: None)  # the full path, through the store
    full = [invoke("import", str(seed_notes), *flags) for flags in ((), ("--dry-run",), ("--dry-run", "--json"))]
    assert [(result.exit_code, result.output) for result in quick] == [(r.exit_code, r.output) for r in full]
    assert all(result.exit_code == 0 for result in quick)
