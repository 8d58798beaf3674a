"""`flashcards decks`: the table of decks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashcards.application.day import DeckOverview


def render_decks(overviews: list[DeckOverview], today: date, budget: tuple[int, int] = (20, 200)) -> None:
    """Print the decks as a table (names as `Text`), or say how to make the first one.

    `budget` is the collection's (new, reviews) a day: the title says it, and `New/day` shows a deck's
    own cap on its share, or `shared` for a deck without one. A suspended or retired deck says so in
    `Quiz today` (it has no share): a column of its own would not fit 80 columns.
    """
    from rich.table import Table
    from rich.text import Text

    from flashcards import ui

    table = Table(title=f"Decks on {today.isoformat()} (budget: {budget[0]} new, {budget[1]} reviews a day)",
                  title_justify="left")
    for header in ("Deck", "Total", "New", "Due today", "Quiz today", "Suspended", "Retired", "New/day"):
        table.add_column(header, justify="left" if header == "Deck" else "right")
    for deck in overviews:
        # A paused deck has nothing today, and says why where today's share would be.
        today_share = f"{deck.today_due} + {deck.today_new}" if deck.status == "active" else deck.status
        table.add_row(Text(deck.name), *(Text(str(n)) for n in (deck.total, deck.new, deck.due)),
                      Text(today_share), *(Text(str(n)) for n in (deck.suspended, deck.retired)),
                      Text("shared" if deck.new_per_day is None else str(deck.new_per_day)))
    console = ui.out()
    if not overviews:  # a sentence, not an empty table frame
        console.print(Text("No decks yet. Import notes with: flashcards import NOTES.md"))
        return
    console.print(table)
    console.print(Text("Quiz today: reviews + new cards the quiz shows today (after the daily budget, "
                       "siblings held back). New/day: a deck's own cap (flashcards decks set), or shared.",
                       style="dim"))
