"""The report of `suspend`, `unsuspend` and `reset`: each changed card, then the totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashcards.application.card_changes import CardChanges


def print_changes(changes: CardChanges, verb: str) -> None:
    """`reset 12: front...` per changed card, then `2 card(s) reset, 1 already so.`"""
    from rich.text import Text

    from flashcards.ui import one_line, out

    console = out()
    for card in changes.changed:
        console.print(Text(f"{verb} {card.id}: {one_line(card.front, 60)}"))
    console.print(Text(f"{len(changes.changed)} card(s) {verb}, {changes.already} already so."))
