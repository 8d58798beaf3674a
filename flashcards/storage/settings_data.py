"""The `settings` table: read every setting, set one or remove it (the default then applies)."""

from __future__ import annotations

from sqlalchemy import delete, select

from flashcards.storage.models import Setting
from flashcards.storage.store import Store


def read_settings(store: Store) -> dict[str, str]:
    """Every stored setting, key -> text."""
    with store.read() as session:
        return {row.key: row.value for row in session.scalars(select(Setting))}


def write_setting(store: Store, key: str, value: str | None) -> None:
    """Store `value` under `key`, or remove the key (None), in one transaction."""
    with store.transaction() as session:
        if value is None:
            session.execute(delete(Setting).where(Setting.key == key))
        else:
            session.merge(Setting(key=key, value=value))
