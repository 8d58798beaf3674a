"""What `flashcards backups` prints: one line per backup (names whole: the learner types them)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from flashcards.core.vocabulary import plural

if TYPE_CHECKING:
    from flashcards.core.backups import BackupInfo


def print_backups(found: list[BackupInfo], folder: Path) -> None:
    from flashcards.ui import out, plain

    console = out()
    if not found:
        console.print(plain(f"No backups yet in {folder}: one is made before the first change of each day."))
        return
    console.print(plain(f"{plural(len(found), 'backup')} in {folder}, newest first:"), soft_wrap=True)
    for info in found:
        counts = ("cannot be read" if info.cards is None or info.reviews is None
                  else f"{plural(info.cards, 'card')}, {plural(info.reviews, 'review')}")
        console.print(plain(f"  {info.name}  {info.taken_at:%Y-%m-%d %H:%M} UTC  {counts}"), soft_wrap=True)
