"""Tables keep whole the names a user types next (deck names, card ids), at 80 columns (issue 14, item 9)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from rich.console import Console
from rich.text import Text

from flashcards.ui.tables import Col, FittedTable, fitted_table

ESCAPE = re.compile(r"\x1b\[[0-9;]*m")

LETTERS = """# Letters

- **alpha**: the first letter
- **beta**: the second letter
"""

MIDDLE = "notes::linux::shell::git"  # fits a table at 80 columns once the headings wrap
LONG = "notes::linux::shell::a-deck-name-long-enough-to-leave-no-room-x"  # 63 characters


@pytest.fixture(params=[False, True], ids=["NO_COLOR", "colour"])
def colour(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    if request.param:
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")
    return bool(request.param)


def imported(invoke: Callable[..., Result], tmp_path: Path, *decks: str) -> None:
    """The letters, imported once into each deck (a file of its own per deck)."""
    for number, deck in enumerate(decks):
        notes = tmp_path / f"letters-{number}.md"
        notes.write_text(LETTERS, encoding="utf-8")
        assert invoke("import", "--deck", deck, str(notes)).exit_code == 0


def screen(result: Result, colour: bool) -> list[str]:
    assert result.exit_code == 0, result.output
    assert ("\x1b[" in result.output) is colour
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]", result.output) or colour  # NO_COLOR: no colour at all
    lines = ESCAPE.sub("", result.output).splitlines()
    assert all(len(line) <= 80 for line in lines), lines
    return lines


def test_decks_keep_a_long_deck_name_whole_in_the_table(invoke: Callable[..., Result], tmp_path: Path,
                                                           colour: bool) -> None:
    imported(invoke, tmp_path, MIDDLE, "docker")
    lines = screen(invoke("decks"), colour)
    assert [line.rstrip() for line in lines] == [
        "Decks on 2026-11-28 (budget: 20 new, 200 reviews a day)",
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━┳━━━━━┳━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━┓",
        "┃ Deck                     ┃ Total ┃ New ┃ Due ┃ Today ┃ Suspended ┃ Retired ┃",
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━╇━━━━━╇━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━┩",
        "│ docker                   │     4 │   4 │   0 │ 0 + 2 │         0 │       0 │",
        "│ notes::linux::shell::git │     4 │   4 │   0 │ 0 + 2 │         0 │       0 │",
        "└──────────────────────────┴───────┴─────┴─────┴───────┴───────────┴─────────┘",
        "Due: reviews due today. Today: reviews + new cards the quiz shows today (after",
        "the daily budget, siblings held back).",
    ]


def test_decks_too_long_for_a_table_are_a_line_each(invoke: Callable[..., Result], tmp_path: Path,
                                                    colour: bool) -> None:
    imported(invoke, tmp_path, LONG, "docker")
    lines = screen(invoke("decks"), colour)
    assert [line.rstrip() for line in lines] == [
        "Decks on 2026-11-28 (budget: 20 new, 200 reviews a day)",
        "docker",
        "  total 4 · new 4 · due 0 · today 0 + 2 · suspended 0 · retired 0",
        LONG,
        "  total 4 · new 4 · due 0 · today 0 + 2 · suspended 0 · retired 0",
        "Due: reviews due today. Today: reviews + new cards the quiz shows today (after",
        "the daily budget, siblings held back).",
    ]
    assert "…" not in "".join(lines)


def test_decks_at_their_natural_width_are_the_table_they_were(invoke: Callable[..., Result], tmp_path: Path,
                                                              colour: bool) -> None:
    imported(invoke, tmp_path, "docker")
    lines = screen(invoke("decks"), colour)
    assert lines[2].rstrip() == "┃ Deck   ┃ Total ┃ New ┃ Due ┃ Today ┃ Suspended ┃ Retired ┃"
    assert lines[4].rstrip() == "│ docker │     4 │   4 │   0 │ 0 + 2 │         0 │       0 │"


def test_cards_keep_ids_and_deck_names_whole(invoke: Callable[..., Result], tmp_path: Path, colour: bool) -> None:
    imported(invoke, tmp_path, MIDDLE)
    lines = screen(invoke("cards"), colour)
    rows = [line for line in lines if line.startswith("│ ") and "letters.md" not in line]
    assert [line.split("│")[1:3] for line in lines if MIDDLE in line] == [
        [f" {n}  ", f" {MIDDLE} "] for n in range(1, 5)]
    assert not any("…" in line.split("│")[2] for line in rows)


def test_cards_of_decks_too_long_for_the_table_are_listed_under_their_deck(
        invoke: Callable[..., Result], tmp_path: Path, colour: bool) -> None:
    imported(invoke, tmp_path, LONG, "docker")
    lines = screen(invoke("cards"), colour)
    assert lines[0] == "docker" and LONG in lines  # a heading line per deck, then its cards
    second = lines.index(LONG)
    assert lines[2].split("┃")[1:3] == lines[second + 2].split("┃")[1:3] == [" ID ", " Front             "]
    assert lines[4].split("│")[1:3] == [" 5  ", " alpha             "]
    assert lines[-1] == "8 cards"


# ---- the layout rule -----------------------------------------------------------------------------------


def render(renderable: object, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None, no_color=True, highlight=False,
                      emoji=False, force_terminal=False)
    console.print(renderable)
    return console.file.getvalue().splitlines()  # type: ignore[attr-defined]


COLUMNS = [Col("Name", keep=True), Col("Note", floor=6), Col("Count", justify="right")]


@pytest.mark.parametrize("width", range(24, 90, 3))
def test_a_kept_column_is_whole_at_any_width_or_the_rows_are_stacked(width: int) -> None:
    name = "x" * 20
    rows = [[Text(name), Text("some words that may wrap"), Text("1 + 20")]]
    lines = render(FittedTable(COLUMNS, rows), width)
    assert all(len(line) <= width for line in lines)
    assert any(name in line for line in lines)
    assert any("1 + 20" in line for line in lines)  # a cell of a heading-wrapped column never wraps


def test_fitted_table_says_when_the_kept_columns_do_not_fit() -> None:
    console = Console(file=io.StringIO(), width=30, color_system=None)
    rows = [[Text("y" * 25), Text("n"), Text("1")]]
    assert fitted_table(console, COLUMNS, rows) is None
    assert fitted_table(console, COLUMNS, rows, width=60) is not None
    assert render(FittedTable(COLUMNS, rows), 30) == ["y" * 25, "  note n · count 1"]


def test_exams_keep_the_deck_names_whole(invoke: Callable[..., Result], tmp_path: Path, colour: bool) -> None:
    imported(invoke, tmp_path, MIDDLE, LONG)
    for deck in (MIDDLE, LONG):
        assert invoke("exam", deck, "--date", "2026-12-20").exit_code == 0
    lines = screen(invoke("exam"), colour)
    assert [line.rstrip() for line in lines[:5]] == [
        "Exams",
        LONG,
        "  exam 2026-12-20 · days left 22 · learned 0/4 · today 2 new + 0 due · ready 0%",
        MIDDLE,
        "  exam 2026-12-20 · days left 22 · learned 0/4 · today 2 new + 0 due · ready 0%",
    ]
    lines = screen(invoke("exam", MIDDLE), colour)
    assert lines[1].split() == ["Days"]  # the heading wraps, the deck name does not
    assert lines[2].split() == ["Deck", "Exam", "left", "Learned", "Today", "Ready"]
    assert lines[4].split() == [MIDDLE, "2026-12-20", "22", "0/4", "2", "new", "+", "0", "due", "0%"]


def test_a_search_preview_keeps_ids_and_deck_names_whole(invoke: Callable[..., Result], tmp_path: Path,
                                                         colour: bool) -> None:
    imported(invoke, tmp_path, LONG)
    result = invoke("suspend", "--search", "alpha")
    assert result.exit_code == 1
    assert ESCAPE.sub("", result.output).splitlines()[:3] == [
        "The search chose 2 cards to suspend:",
        f"  1  {LONG}  alpha",
        f"  2  {LONG}  the first letter",  # 84 columns: printed whole, the terminal wraps it
    ]
