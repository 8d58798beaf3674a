"""What `flashcards check` reports: one finding per check, as plain data (no I/O).

The checks themselves read the database (`flashcards.storage.integrity`); the finding is defined here,
below every layer that passes it on, so the collection can hand it to the renderer without either of
them knowing where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One check: its name, whether it passed, and what was found."""

    check: str
    ok: bool
    detail: str
