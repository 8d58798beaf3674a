"""`flashcards decks`: the table of decks, deck names always whole (they are what the learner types)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashcards.application.day import DeckOverview

HEADERS = ("Deck", "Total", "New", "Due today", "Quiz today", "Suspended", "Retired")


def _counts(deck: DeckOverview) -> list[str]:
    return [str(deck.total), str(deck.new), str(deck.due), f"{deck.today_due} + {deck.today_new}",
            str(deck.suspended), str(deck.retired)]


def render_decks(overviews: list[DeckOverview], today: date) -> None:
    """Print the decks as a table (names as `Text`), or say how to make the first one.

    A deck name is never cut: the number columns wrap their headings first, and when the names are
    too long for a table at this width (`notes::linux::shell::…` at 80 columns), each deck is a line of
    its own with its counts on the next (`ui.tables.stacked`).
    """
    from rich.text import Text

    from flashcards import ui
    from flashcards.ui.tables import Col, FittedTable

    console = ui.out()
    if not overviews:  # a sentence, not an empty table frame
        console.print(Text("No decks yet. Import notes with: flashcards import NOTES.md"))
        return
    columns = [Col(HEADERS[0], keep=True), *(Col(header, justify="right") for header in HEADERS[1:])]
    rows = [[Text(deck.name), *(Text(count) for count in _counts(deck))] for deck in overviews]
    console.print(FittedTable(columns, rows, title=f"Decks on {today.isoformat()}", title_justify="left"))
    console.print(Text("Quiz today: reviews + new cards the quiz shows today (after the daily limits, "
                       "siblings held back).", style="dim"))
