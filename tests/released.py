"""The previous release's extractor, replayed from its fixture (`tests/fixtures/previous_release.json`).

The upgrade tests need what the released extractor (8eedb1b) made of the shared notes, while the
extractor in the tree is being rewritten. The fixture holds those drafts; `released_extractor` is a
drop-in for `flashcards.core.extract.extract` that answers with them, so a collection can be built exactly
as a learner of the release built it, through the program's own import path.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from flashcards.core.cards import CardDraft, Extraction, SourceRef

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
FIXTURE = REPO / "tests" / "fixtures" / "previous_release.json"
# The notes whose keys must stay exactly as they were (the seed notes and the built-in deck).
EXACT = ("../shared/seeds/docker-notes.md", "decks/docker.md")


@dataclass(frozen=True)
class ReleasedNote:
    """One note as the release read it: the path it was given, its deck, file hash and drafts."""

    shown: str  # the path handed to the extractor, relative to the repository
    deck: str
    sha256: str
    rows: tuple[tuple[Any, ...], ...]  # [key, kind, front, back, context, line, sibling key]

    @property
    def file(self) -> Path:
        return (REPO / self.shown).resolve()

    @property
    def name(self) -> str:
        return Path(self.shown).name

    def available(self) -> bool:
        return self.file.is_file()

    def unchanged(self) -> bool:
        """The note on disk is the one the fixture was made from."""
        return hashlib.sha256(self.file.read_bytes()).hexdigest() == self.sha256

    def text(self) -> str:
        return self.file.read_bytes().decode("utf-8-sig")

    def drafts(self, path: str | None = None) -> list[CardDraft]:
        """The release's drafts, as read from `path` (the path the importer gives the extractor)."""
        where = self.shown if path is None else path
        return [CardDraft(key, kind, self.deck, front, back, tuple(context), SourceRef(where, line), sibling)
                for key, kind, front, back, context, line, sibling in self.rows]


@cache
def released_notes() -> tuple[ReleasedNote, ...]:
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return tuple(ReleasedNote(note["path"], note["deck"], note["sha256"], tuple(tuple(row) for row in note["cards"]))
                 for note in fixture["notes"])


def released_extractor(notes: tuple[ReleasedNote, ...],
                       by_name: bool = False) -> Callable[[str, str, str], Extraction]:
    """`extract(text, path, deck)` as the release answered for these notes (found by file, or by name).

    By name is for copies of the notes elsewhere (the text is not read: the release's drafts are the
    answer). The deck must be the one the release was given, as key and deck go together.
    """
    found = {(note.name if by_name else note.file): note for note in notes}

    def extract(text: str, path: str, deck: str) -> Extraction:
        note = found[Path(path).name if by_name else Path(path).resolve()]
        assert deck == note.deck, f"{path}: imported into deck {deck!r}, the fixture's deck is {note.deck!r}"
        return Extraction(cards=note.drafts(path))

    return extract
