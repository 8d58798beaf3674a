"""Plain results of the collection's methods that no JSON contract pins (what the screen shows).

Frozen values only: a renderer gets these and never an ORM object or a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from flashcards.core.findings import Finding

if TYPE_CHECKING:
    from flashcards.core.explain import Explanation


@dataclass(frozen=True)
class CheckReport:
    """`flashcards check`: which database was checked (password hidden) and what each check found."""

    url: str
    findings: tuple[Finding, ...]

    @property
    def failed(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if not finding.ok)


@dataclass(frozen=True)
class ExportedProgress:
    """The progress an Anki package carries (with `--with-scheduling`)."""

    review_cards: int
    revlog_rows: int


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote, and its retired cards (gone from the notes).

    `decks`, `progress` and `cards` are None for the CSV text format, which has none of them (one card
    per row) and leaves retired cards out; a package holds them suspended (`retired_included`).
    """

    path: Path
    notes: int
    retired: int
    decks: int | None = None
    progress: ExportedProgress | None = None
    cards: int | None = None
    retired_included: bool = False
    # Images notes show whose file is missing (the export goes on without them): (file, line, image).
    missing_images: tuple[tuple[str, int, str], ...] = ()
    # Cards whose text shows a local picture the CSV text format cannot carry (a package does).
    pictures_left_behind: int = 0


@dataclass(frozen=True)
class NoteExplanation:
    """`import --explain`: one note's lines with what the extractor made of each (no database read)."""

    explanation: Explanation
    display: str  # the note's path as the learner named it
    deck: str  # the deck its cards would go to
