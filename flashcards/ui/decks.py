"""`flashcards decks`: the table of decks, deck names always whole (they are what the learner types)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashcards.application.day import DeckOverview

HEADERS = ("Deck", "Total", "New", "Due", "Today", "Suspended", "Retired", "New/day")


def _counts(deck: DeckOverview, caps: bool) -> list[str]:
    # A paused deck has nothing today, and says why where today's share would be.
    today_share = f"{deck.today_due} + {deck.today_new}" if deck.status == "active" else deck.status
    counts = [str(deck.total), str(deck.new), str(deck.due), today_share, str(deck.suspended), str(deck.retired)]
    return [*counts, "shared" if deck.new_per_day is None else str(deck.new_per_day)] if caps else counts


def render_decks(overviews: list[DeckOverview], today: date, budget: tuple[int, int] = (20, 200)) -> None:
    """Print the decks as a table (names as `Text`), or say how to make the first one.

    A deck name is never cut: the number columns wrap their headings first, and when the names are
    too long for a table at this width (`notes::linux::shell::…` at 80 columns), each deck is a line of
    its own with its counts on the next (`ui.tables.stacked`). `budget` is the collection's (new,
    reviews) a day: the title says it, and `New/day` shows a deck's own cap on its share, or `shared`
    for a deck without one; the column is left out while no deck has a cap, so that folder decks
    (`notes::linux::shell`) still fit a table at 80 columns. A suspended or retired deck says so in
    `Today` (it has no share).
    """
    from rich.text import Text

    from flashcards import ui
    from flashcards.ui.tables import Col, FittedTable

    console = ui.out()
    if not overviews:  # a sentence, not an empty table frame
        console.print(Text("No decks yet. Import notes with: flashcards import NOTES.md"))
        return
    caps = any(deck.new_per_day is not None for deck in overviews)
    headers = HEADERS if caps else HEADERS[:-1]
    columns = [Col(headers[0], keep=True), *(Col(header, justify="right") for header in headers[1:])]
    rows = [[Text(deck.name), *(Text(count) for count in _counts(deck, caps))] for deck in overviews]
    title = f"Decks on {today.isoformat()} (budget: {budget[0]} new, {budget[1]} reviews a day)"
    console.print(FittedTable(columns, rows, title=title, title_justify="left"))
    caps_note = " New/day: a deck's own cap (flashcards decks set), or shared." if caps else ""
    console.print(Text("Due: reviews due today. Today: reviews + new cards the quiz shows today (after the "
                       f"daily budget, siblings held back).{caps_note}", style="dim"))
    fsrs = [deck for deck in overviews if deck.scheduler == "fsrs"]
    if fsrs:  # SM-2 is every deck's default: only the decks that chose FSRS are named
        named = ", ".join(f"{deck.name} (retention {deck.desired_retention:.2f})" for deck in fsrs)
        others = "; the others with SM-2" if len(fsrs) < len(overviews) else ""
        console.print(Text(f"Scheduled with FSRS: {named}{others}.", style="dim"))
