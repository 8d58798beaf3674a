"""The `flashcards cards` table: id, deck, front, state, due date and source of each card.

Ids and deck names are what a learner types next (`flashcards suspend 12`, `--deck notes::linux`), so
they are never cut or folded: the fronts and sources wrap instead, and when the deck names are too
long for that at this width, the cards are listed under a line per deck, without a deck column.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from flashcards.core.vocabulary import plural

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from flashcards.application.card_rows import CardRow

FLEXIBLE_FLOOR = 12
"""The narrowest a front or a source is folded to before the deck names move out of the table."""


def _table(console: Console, rows: Sequence[CardRow], *, with_deck: bool) -> Table | None:
    from rich.text import Text

    from flashcards.ui import one_line, shown_path
    from flashcards.ui.tables import Col, fitted_table

    columns = [Col("ID", keep=True), *([Col("Deck", keep=True)] if with_deck else []),
               Col("Front", floor=FLEXIBLE_FLOOR), Col("State", keep=True), Col("Due", keep=True),
               Col("Source", floor=FLEXIBLE_FLOOR)]
    cells: list[list[Text]] = [
        [Text(str(row.id)), *([Text(row.deck)] if with_deck else []), Text(one_line(row.front, 40)),
         Text(row.state), Text(row.due.isoformat() if row.due else "-"),
         Text(f"{shown_path(row.source_path)}:{row.source_line}")]
        for row in rows
    ]
    return fitted_table(console, columns, cells)


def print_cards(rows: Sequence[CardRow]) -> None:
    """The cards as a table (every cell a `Text`: fronts hold brackets), then how many there are."""
    from rich.text import Text

    from flashcards.ui import out

    console = out()
    if not rows:  # a sentence, not an empty table frame
        console.print(Text("No cards to show."))
        return
    table = _table(console, rows, with_deck=True)
    if table is not None:
        console.print(table)
    else:  # the deck names do not fit beside the cards: one heading line per deck, printed whole
        for deck, cards in groupby(rows, key=lambda row: row.deck):
            console.print(Text(deck, style="bold"), soft_wrap=True)
            group = list(cards)
            console.print(_table(console, group, with_deck=False) or _fallback(group))
    console.print(Text(plural(len(rows), "card")))


def _fallback(rows: Sequence[CardRow]) -> Text:
    """A narrow terminal where not even ids and dates fit a table: one line per card, ids first."""
    from rich.text import Text

    return Text("\n".join(f"{row.id}  {row.state}  {row.due.isoformat() if row.due else '-'}  {row.front}"
                          for row in rows))
