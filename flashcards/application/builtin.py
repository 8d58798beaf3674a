"""The built-in decks shipped in `decks/`: offered on the first quiz of an empty collection."""

from __future__ import annotations

from pathlib import Path

from flashcards.system.resources import decks_dir


def builtin_deck_files() -> list[Path]:
    """The Markdown files of the built-in decks (one deck each, named after the file)."""
    folder = decks_dir()
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.md") if path.name.lower() != "readme.md")
