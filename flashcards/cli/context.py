"""What every command shares: where the data lives, what time it is, and the opened collection."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flashcards.application.collection import Collection
from flashcards.system import clock
from flashcards.system.paths import resolve_database_url, resolve_home


@dataclass
class AppContext:
    """Resolved lazily: a command that never touches the database never opens it."""

    home_option: str | None = None
    _collection: Collection | None = field(default=None, repr=False)

    @property
    def home(self) -> Path:
        return resolve_home(self.home_option)

    @property
    def database_url(self) -> str:
        return resolve_database_url(self.home)

    def now(self) -> datetime:
        return clock.now()

    def collection(self) -> Collection:
        """The command's collection, made once per command (cheap: the store opens on first use)."""
        if self._collection is None:
            home = self.home
            self._collection = Collection(home, resolve_database_url(home))
        return self._collection

    def writing(self) -> Collection:
        """The collection of a command that changes it: says at once, in one line, when it cannot be
        written (a read-only mount, a full disk), before anything is shown or asked."""
        collection = self.collection()
        collection.require_writable()
        return collection

    def close(self) -> None:
        """Close the collection if a command made one (the root group calls this when a command ends)."""
        if self._collection is not None:
            self._collection.close()
            self._collection = None
