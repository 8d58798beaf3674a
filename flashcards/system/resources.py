"""Where the files that ship with the program live: the Alembic migrations and the built-in decks.

In the repository they sit at the top (`migrations/`, `decks/`); in a wheel they are copied into the
package as `flashcards/_migrations` and `flashcards/_decks` (see pyproject.toml). Looking in the package
first and the checkout second makes both an installed wheel and an editable checkout work.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the `flashcards` package


def _find(packaged: str, top_level: str) -> Path:
    inside = _PACKAGE_DIR / packaged
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / top_level


def migrations_dir() -> Path:
    """The Alembic script directory (holds env.py and versions/)."""
    return _find("_migrations", "migrations")


def decks_dir() -> Path:
    """The folder of built-in decks (Markdown files)."""
    return _find("_decks", "decks")
