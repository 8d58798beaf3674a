"""The report of `suspend`, `unsuspend` and `reset`: each changed card, then the totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flashcards.core.vocabulary import plural

if TYPE_CHECKING:
    from flashcards.application.card_changes import CardChanges, ChosenCard

PREVIEW_ROWS = 20
"""How many of a search's cards the preview lists before it says how many more there are."""


def print_chosen(chosen: tuple[ChosenCard, ...], verb: str) -> None:
    """What a search chose, before `verb` changes it: `12  docker  front...` per card, then the count."""
    from rich.text import Text

    from flashcards.ui import one_line, out

    console = out()
    count = len(chosen)
    console.print(Text(f"The search chose {count} card{'' if count == 1 else 's'} to {verb}:"))
    for card in chosen[:PREVIEW_ROWS]:
        # The id and the deck whole (what one types next), then as much of the front as is useful.
        console.print(Text(f"  {card.id}  {card.deck}  {one_line(card.front, 40)}"), soft_wrap=True)
    if count > PREVIEW_ROWS:
        console.print(Text(f"  … and {count - PREVIEW_ROWS} more (see them with `flashcards cards --search`)"))


def print_changes(changes: CardChanges, verb: str) -> None:
    """`reset 12: front...` per changed card, then `2 cards reset, 1 already so.`"""
    from rich.text import Text

    from flashcards.ui import one_line, out

    console = out()
    for card in changes.changed:
        console.print(Text(f"{verb} {card.id}: {one_line(card.front, 60)}"))
    console.print(Text(f"{plural(len(changes.changed), 'card')} {verb}, {changes.already} already so."))
