"""The load messages (`decks set / suspend / retire`, `config`) in a real 80-column terminal, with and
without NO_COLOR (acceptance 6); `tests/test_deck_budget.py` pins them without a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_messages_terminal import Screen, notes, screen  # noqa: F401  (fixtures)


@pytest.fixture
def imported(screen: Screen, notes: Path) -> Screen:  # noqa: F811
    assert screen("import", "notes")[1] == 0
    return screen


def test_decks_set_and_the_listing(imported: Screen) -> None:
    assert imported("decks", "set", "notes::a::shell", "--new-per-day", "0") == (
        "notes::a::shell: new cards at most 0 a day (was: shared from the budget of 20 a \n"
        "day).\n"
        "notes::a::shell: reviews shared from the budget of 200 a day (unchanged).\n", 0)
    text, status = imported("decks")
    assert status == 0
    assert text.startswith("Decks on 2026-12-01 (budget: 20 new, 200 reviews a day)")
    # The columns' widths are the table's own business (names kept whole); the new column is there.
    assert "New/day" in text and "│       0 │" in text and "│  shared │" in text
    assert imported("decks", "set", "notes::a::shell", "--new-per-day", "-1") == (
        "Error: --new-per-day must be a whole number >= 0 or 'default', got '-1'\n", 1)


def test_suspend_and_retire_ask_first(imported: Screen) -> None:
    assert imported("decks", "suspend", "notes::b") == (
        "Suspended notes::b::shell.\n"
        "Its cards keep their progress and are not studied until `flashcards decks \n"
        "unsuspend notes::b::shell`.\n", 0)
    assert imported("decks", "retire", "notes::a", answers=(("[y/N]", "n"),)) == (
        "Retiring notes::a::shell takes 2 cards out of the quiz for good; they have no \n"
        "reviews yet.\n"
        "Retire notes::a::shell? [y/N]: n\n"
        "Error: nothing was changed\n", 1)
    assert imported("decks", "retire", "notes::a", answers=(("[y/N]", "y"),)) == (
        "Retiring notes::a::shell takes 2 cards out of the quiz for good; they have no \n"
        "reviews yet.\n"
        "Retire notes::a::shell? [y/N]: y\n"
        "Retired notes::a::shell: 2 cards retired.\n", 0)


def test_config(imported: Screen) -> None:
    assert imported("config", "new-per-day", "35") == ("new-per-day is now 35 (default 20).\n", 0)
    assert imported("due") == ("0 due, 2 new\n", 0)  # one card of each pair of siblings
    assert imported("config", "timezone", "Mars/Base") == (
        "Error: timezone must be an IANA time zone name (such as Europe/Berlin), got 'Mars/Base'\n", 1)
    text, status = imported("config")
    assert status == 0
    assert "│ new-per-day     │ 35        │ 20                    │ New cards a day,       │" in text
