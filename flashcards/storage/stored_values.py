"""Values as the store hands them back, read the same way on every path.

Plain-SQL rows (the `sqlite3` fast path, `text()` queries) carry dates as ISO text on SQLite and as
`date` on PostgreSQL, and a card's heading path as JSON text or as an already decoded list. Both repeat
heavily (100,000 cards share about 2,000 heading paths and a few hundred due dates), so each distinct
stored text is decoded once.
"""

from __future__ import annotations

from datetime import date


def row_day(value: object, _parsed: dict[str, date] = {}) -> date | None:  # noqa: B006 (a deliberate cache)
    """A row's date: as the driver gave it, or parsed from ISO text."""
    if value is None or isinstance(value, date):
        return value
    text = str(value)
    found = _parsed.get(text)
    if found is None:
        found = _parsed[text] = date.fromisoformat(text)
    return found


class HeadingPaths:
    """Decodes stored heading paths, each distinct stored text once (one instance per read).

    Raises ValueError (json's) for a stored text that is not JSON: a damaged row.
    """

    def __init__(self) -> None:
        self._decoded: dict[str, tuple[str, ...]] = {}

    def __call__(self, stored: object) -> tuple[str, ...]:
        if not isinstance(stored, str):  # a database that hands JSON back decoded
            return _path(stored)
        found = self._decoded.get(stored)
        if found is None:
            import json  # not on the path of `flashcards due`, which reads no heading path

            found = self._decoded[stored] = _path(json.loads(stored))
        return found


def _path(value: object) -> tuple[str, ...]:
    return tuple(str(part) for part in value) if isinstance(value, list) else ()
