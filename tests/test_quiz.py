"""`flashcards quiz` end to end, without a terminal: several simulated days on the seed notes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result




def day(n: int) -> str:
    return f"2026-12-{n:02d}T09:00:00+00:00"


@pytest.fixture
def seeded(invoke: Callable[..., Result], seed_notes: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FLASHCARDS_NOW", day(1))
    assert invoke("import", "--deck", "docker", str(seed_notes)).exit_code == 0
    return seed_notes


def cards(invoke: Callable[..., Result]) -> dict[int, dict[str, object]]:
    return {card["id"]: card for card in json.loads(invoke("cards", "--json").output)}


def reviews(db: Path, where: str = "1 = 1") -> list[tuple[object, ...]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(
            f"SELECT card_id, grade, mode, review_day, due_before, undone_at FROM reviews WHERE {where} ORDER BY id"
        ).fetchall()
    finally:
        connection.close()


def answers(*grades: int | str) -> str:
    """Input lines: for each card, reveal (empty answer line) then the grade."""
    return "".join(f"\n{grade}\n" for grade in grades)


def test_day_one_shows_new_cards_up_to_the_limit(invoke: Callable[..., Result], seeded: Path, db_path: Path) -> None:
    result = invoke("quiz", input=answers(*[5] * 30))
    assert result.exit_code == 0, result.output
    graded = reviews(db_path)
    assert len(graded) == 20  # the default new-card limit
    assert all(row[2] == "scheduled" and row[4] is None for row in graded)
    assert "Session done: 20 cards, 20 grades, 100% correct" in result.output
    assert "Due tomorrow: 20." in result.output
    # the two directions of one term are never shown on the same day
    connection = sqlite3.connect(db_path)
    groups = connection.execute(
        "SELECT coalesce(c.sibling_key, c.key) FROM reviews r JOIN cards c ON c.id = r.card_id"
    ).fetchall()
    connection.close()
    assert len(set(groups)) == len(groups) == 20


def test_next_days_show_exactly_what_sm2_scheduled(invoke: Callable[..., Result], seeded: Path, db_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("quiz", input=answers(*[5] * 20)).exit_code == 0
    for n in range(2, 9):
        monkeypatch.setenv("FLASHCARDS_NOW", day(n))
        today = f"2026-12-{n:02d}"
        due = {cid for cid, card in cards(invoke).items() if card["due"] is not None and card["due"] <= today
               and card["status"] == "active"}
        result = invoke("quiz", input=answers(*[4] * 60))
        assert result.exit_code == 0, result.output
        reviewed = {row[0] for row in reviews(db_path, f"review_day = '{today}' AND due_before IS NOT NULL")}
        assert reviewed == due, n
        after = cards(invoke)
        for cid in due:
            card = after[cid]
            assert card["due"] > today and card["interval"] in (1, 6) or card["interval"] > 6  # type: ignore[operator]
    # every card graded 5 on day 1 then 4 on day 2 is due 6 days later (n=2, I=6)
    day_one = {row[0] for row in reviews(db_path, "review_day = '2026-12-01'")}
    for cid in day_one:
        assert cards(invoke)[cid]["interval"] >= 6  # type: ignore[operator]


def test_grades_below_four_come_back_in_the_same_session(invoke: Callable[..., Result], seeded: Path,
                                                         db_path: Path) -> None:
    result = invoke("quiz", input=answers(2, *[5] * 19, 3, 5))
    assert result.exit_code == 0, result.output
    rows = reviews(db_path)
    first = rows[0][0]
    assert [(row[1], row[2]) for row in rows if row[0] == first] == [(2, "scheduled"), (3, "repeat"), (5, "repeat")]
    assert "it comes back later in this session" in result.output
    state = cards(invoke)[first]  # type: ignore[index]
    assert (state["repetitions"], state["ef_hundredths"], state["interval"]) == (0, 218, 1)


def test_undo_restores_and_regrades(invoke: Callable[..., Result], seeded: Path, db_path: Path) -> None:
    result = invoke("quiz", input="\n5\nu\n\n2\nq\n")
    assert result.exit_code == 0, result.output
    assert "Undone: grade 5 of card" in result.output
    rows = reviews(db_path)
    assert [(row[1], row[5] is not None) for row in rows] == [(5, True), (2, False)]
    assert rows[0][0] == rows[1][0]
    state = cards(invoke)[rows[0][0]]  # type: ignore[index]
    assert (state["repetitions"], state["ef_hundredths"], state["interval"]) == (0, 218, 1)


def test_typed_answer_gets_a_suggested_grade(invoke: Callable[..., Result], seeded: Path, db_path: Path) -> None:
    first = invoke("quiz", "--cram", input="\n\nq\n")
    assert first.exit_code == 0
    result = invoke("quiz", input="Remote registry of docker images\n\nq\n")
    assert result.exit_code == 0, result.output
    assert "You typed: Remote registry of docker images" in result.output
    assert "suggested grade 5" in result.output or "suggested grade 4" in result.output
    ((card_id, grade, mode, *_),) = reviews(db_path, "mode = 'scheduled'")
    assert grade in (4, 5)


def test_a_grade_of_seven_is_refused_and_asked_again(invoke: Callable[..., Result], seeded: Path,
                                                     db_path: Path) -> None:
    result = invoke("quiz", input="\n7\nx\n4\nq\n")
    assert result.exit_code == 0, result.output
    assert "7 is not a grade: grades are 0 to 5" in result.output
    assert "x is not a grade: grades are 0 to 5" in result.output
    assert [row[1] for row in reviews(db_path)] == [4]


def test_cram_changes_no_card(invoke: Callable[..., Result], seeded: Path, db_path: Path) -> None:
    assert invoke("quiz", input=answers(*[5] * 20)).exit_code == 0
    before = cards(invoke)
    result = invoke("quiz", "--cram", "--search", "docker run", input=answers(*[1, 5] * 40))
    assert result.exit_code == 0, result.output
    assert "Cram session" in result.output
    assert cards(invoke) == before
    crammed = reviews(db_path, "mode = 'cram'")
    assert crammed and all(row[2] == "cram" for row in crammed)


def test_skip_and_quit(invoke: Callable[..., Result], seeded: Path, db_path: Path) -> None:
    result = invoke("quiz", input="s\n\n5\nq\n")
    assert result.exit_code == 0, result.output
    assert "Skipped: it stays due for the next session." in result.output
    assert len(reviews(db_path)) == 1


def test_reverse_only_shows_reverse_cards(invoke: Callable[..., Result], seeded: Path, db_path: Path) -> None:
    assert invoke("quiz", "--reverse", input=answers(*[5] * 5) + "q\n").exit_code == 0
    kinds = {cards(invoke)[row[0]]["kind"] for row in reviews(db_path)}  # type: ignore[index]
    assert kinds and all(str(kind).endswith("-reverse") for kind in kinds)


def test_choice_offers_sibling_options(invoke: Callable[..., Result], seeded: Path) -> None:
    result = invoke("quiz", "--choice", input="1\n\nq\n")
    assert result.exit_code == 0, result.output
    assert "  1) " in result.output and "  2) " in result.output
    assert "the right choice" in result.output or "not that one" in result.output


def test_unknown_deck(invoke: Callable[..., Result], seeded: Path, db_path: Path) -> None:
    result = invoke("quiz", "nope", input="")
    assert result.exit_code == 1
    assert result.output == "Error: no deck named 'nope'; see `flashcards decks`\n"
    assert reviews(db_path) == []


def test_nothing_due(invoke: Callable[..., Result], seeded: Path, db_path: Path) -> None:
    assert invoke("quiz", input=answers(*[5] * 20)).exit_code == 0
    assert invoke("quiz", input=answers(*[5] * 40)).exit_code == 0  # the reverse cards wait for tomorrow
    result = invoke("quiz", input="")
    assert result.exit_code == 0
    assert result.output.startswith("Nothing to study now. Due tomorrow:")


def test_first_run_imports_the_builtin_deck(invoke: Callable[..., Result], db_path: Path) -> None:
    result = invoke("quiz", input=answers(5) + "q\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Your collection was empty: imported the built-in deck docker (")
    assert "docker › " in result.output
    assert len(reviews(db_path)) == 1


def test_empty_collection_without_builtin_decks(invoke: Callable[..., Result], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    empty = tmp_path / "no-decks"
    empty.mkdir()
    monkeypatch.setattr("flashcards.application.builtin.decks_dir", lambda: empty)
    result = invoke("quiz", input="")
    assert result.exit_code == 1
    assert result.output == (
        "Error: your collection is empty and no built-in decks are installed; "
        "import your notes with `flashcards import NOTES.md`\n"
    )
    connection = sqlite3.connect(db_path)
    assert connection.execute("SELECT count(*) FROM cards").fetchone() == (0,)
    connection.close()


def test_search_needs_cram(invoke: Callable[..., Result], seeded: Path) -> None:
    result = invoke("quiz", "--search", "x")
    assert result.exit_code == 2
    assert "--search goes with --cram" in result.output


TRICKY_NOTES = """# Tricky

- **list[int]**: a list of ints, as in `arr[i]`
- **Closing tag**: written [/] in Rich markup
- **C:\\\\**: the root of drive C
- **:smile:**: an emoji code that must stay text
- **界面**: interface (a wide Unicode term, テスト)
"""


def test_card_text_prints_exactly_without_a_terminal(invoke: Callable[..., Result], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    notes = tmp_path / "tricky.md"
    notes.write_text(TRICKY_NOTES, encoding="utf-8")
    imported = invoke("import", str(notes))
    assert imported.exit_code == 0, imported.output
    fronts = [card["front"] for card in json.loads(invoke("cards", "--json").output)
              if card["kind"] == "definition"]
    backs = [card["back"] for card in json.loads(invoke("cards", "--json").output)
             if card["kind"] == "definition"]
    assert len(fronts) == 5, fronts
    result = invoke("quiz", input=answers(*[5] * 5))
    assert result.exit_code == 0, result.output
    for text in fronts + backs:
        assert text in result.output, text
    for text in ("list[int]", "[/]", "C:\\", ":smile:", "界面"):
        assert text in result.output
    assert "\x1b[" not in result.output
    assert all(len(line) <= 80 for line in result.output.splitlines() if "界面" not in line)


def test_e_opens_the_note_at_the_cards_line(invoke: Callable[..., Result], seeded: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    record = tmp_path / "editor-args"
    editor = tmp_path / "bin" / "vim"  # a vi: told the line as `+LINE FILE`
    editor.parent.mkdir()
    editor.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n', encoding="utf-8")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    result = invoke("quiz", input="e\n\n5\nq\n")
    assert result.exit_code == 0, result.output
    first = json.loads(invoke("cards", "--json").output)[0]
    assert record.read_text().splitlines() == [f"+{first['source']['line']}", first["source"]["path"]]
    assert "Your edit is read when the next quiz starts (or now with `flashcards sync`)." in result.output
    assert len(reviews(db_path)) == 1  # the card came back after editing and was graded


def test_e_without_an_editor_says_where_the_card_is(invoke: Callable[..., Result], seeded: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    result = invoke("quiz", input="e\nq\n")
    assert result.exit_code == 0
    first = json.loads(invoke("cards", "--json").output)[0]
    assert (f"No editor set: run `flashcards config editor NAME` or set $EDITOR; this card is at "
            f"{first['source']['path']}:{first['source']['line']}\n") in result.output


def test_a_repeat_promised_today_comes_back_after_a_restart(invoke: Callable[..., Result], seeded: Path,
                                                            db_path: Path) -> None:
    """Quit after a grade below 4, start again the same day: the card comes back, as promised, after
    the rest of the queue, and its grades then are repeats (the schedule set by the first stays)."""
    first = invoke("quiz", input=answers(2) + "q\n")
    assert first.exit_code == 0 and "it comes back later in this session" in first.output
    (graded, _, _, _, _, _), = reviews(db_path)
    after_first = cards(invoke)[graded]  # type: ignore[index]
    again = invoke("quiz", input=answers(*[5] * 19, 3, 4))
    assert again.exit_code == 0, again.output
    rows = reviews(db_path)
    assert [(row[1], row[2]) for row in rows if row[0] == graded] == [(2, "scheduled"), (3, "repeat"), (4, "repeat")]
    assert [row[0] for row in rows][20] == graded  # after the 19 other new cards of the day
    assert cards(invoke)[graded] == after_first  # type: ignore[index]
    # Once it scored 4, nothing more is owed today.
    assert "Nothing to study now" in invoke("quiz", input="").output


def test_owed_repeats_are_the_cards_whose_last_grade_today_was_below_four() -> None:
    from flashcards.core.day_plan import owed_repeats

    assert owed_repeats([(1, 2), (2, 5), (3, 1), (1, 4), (4, 3), (3, 2)]) == (4, 3)
    assert owed_repeats([]) == ()


def test_the_context_line_does_not_name_the_answer(invoke: Callable[..., Result], isolated_home: Path) -> None:
    from flashcards.system.resources import decks_dir

    assert invoke("import", str(decks_dir() / "docker.md")).exit_code == 0
    result = invoke("quiz", "--cram", "--search", "stop a running container", input=answers(5))
    assert result.exit_code == 0, result.output
    assert "docker › Core commands › …   " in result.output  # the section `stop` would answer it


def test_cram_with_reverse_crams_only_reverse_cards(invoke: Callable[..., Result], seeded: Path,
                                                    db_path: Path) -> None:
    result = invoke("quiz", "--cram", "--reverse", "--limit", "5", input=answers(5, 5, 5, 5, 5))
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(db_path)
    try:
        kinds = {kind for (kind,) in connection.execute(
            "SELECT c.kind FROM reviews r JOIN cards c ON c.id = r.card_id WHERE r.mode = 'cram'")}
    finally:
        connection.close()
    assert kinds and all(kind.endswith("-reverse") for kind in kinds)
