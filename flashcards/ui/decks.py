"""`flashcards decks`: the table of decks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashcards.application.day import DeckOverview


def render_decks(overviews: list[DeckOverview], today: date) -> None:
    """Print the decks as a table (names as `Text`), or say how to make the first one."""
    from rich.table import Table
    from rich.text import Text

    from flashcards import ui

    table = Table(title=f"Decks on {today.isoformat()}", title_justify="left")
    for header in ("Deck", "Total", "New", "Due today", "Quiz today", "Suspended", "Retired"):
        table.add_column(header, justify="left" if header == "Deck" else "right")
    for deck in overviews:
        table.add_row(Text(deck.name), *(Text(str(n)) for n in (deck.total, deck.new, deck.due)),
                      Text(f"{deck.today_due} + {deck.today_new}"),
                      *(Text(str(n)) for n in (deck.suspended, deck.retired)))
    console = ui.out()
    if not overviews:  # a sentence, not an empty table frame
        console.print(Text("No decks yet. Import notes with: flashcards import NOTES.md"))
        return
    console.print(table)
    console.print(Text("Quiz today: reviews + new cards the quiz shows today (after the daily limits, "
                       "siblings held back).", style="dim"))
