"""The `flashcards cards` table: id, deck, front, state, due date and source of each card."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from flashcards.core.vocabulary import plural

if TYPE_CHECKING:
    from flashcards.application.card_rows import CardRow


def print_cards(rows: Sequence[CardRow]) -> None:
    """The cards as a table (every cell a `Text`: fronts hold brackets), then how many there are."""
    from rich.table import Table
    from rich.text import Text

    from flashcards.ui import one_line, out, shown_path

    table = Table(expand=False)
    for header in ("ID", "Deck", "Front", "State", "Due", "Source"):
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(
            Text(str(row.id)), Text(row.deck), Text(one_line(row.front, 40)), Text(row.state),
            Text(row.due.isoformat() if row.due else "-"), Text(f"{shown_path(row.source_path)}:{row.source_line}"),
        )
    console = out()
    if not rows:  # a sentence, not an empty table frame
        console.print(Text("No cards to show."))
        return
    console.print(table)
    console.print(Text(plural(len(rows), "card")))
