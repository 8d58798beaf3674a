"""What every command shares: where the data lives, what time it is, and the opened store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from flashcards.application import clock
from flashcards.application.paths import resolve_database_url, resolve_home

if TYPE_CHECKING:
    from flashcards.storage.store import Store


@dataclass
class AppContext:
    """Resolved lazily: a command that never touches the database never opens it."""

    home_option: str | None = None
    _store: Store | None = field(default=None, repr=False)

    @property
    def home(self) -> Path:
        return resolve_home(self.home_option)

    @property
    def database_url(self) -> str:
        return resolve_database_url(self.home)

    def now(self) -> datetime:
        return clock.now()

    def store(self) -> Store:
        """Open (validate, back up, upgrade) the database once per command."""
        if self._store is None:
            from flashcards.storage.store import Store

            self._store = Store.open(self.database_url, self.home, self.now())
        return self._store

    def close(self) -> None:
        """Close the store if a command opened it (the root group calls this when a command ends)."""
        if self._store is not None:
            self._store.close()
            self._store = None
