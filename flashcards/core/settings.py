"""The collection's daily budget settings: keys, defaults and what a stored value must be (pure).

The budget is stored as text in the `settings` table (as the time zone and rollover hour are), so a
value written by hand may be anything: it is read here once, on every path (`storage/day_rows.py`,
the `sqlite3` fast path, `flashcards config`), and a bad one is a one-line error naming the setting.
"""

from __future__ import annotations

from flashcards.core.errors import FlashcardsError

__all__ = ["DEFAULT_NEW_PER_DAY", "DEFAULT_REVIEWS_PER_DAY", "BadSetting", "parse_count", "parse_suffixes"]

DEFAULT_NEW_PER_DAY = 20
"""New cards a day for the whole collection (DESIGN.md §3)."""

DEFAULT_REVIEWS_PER_DAY = 200
"""Reviews a day for the whole collection (DESIGN.md §3)."""

MAX_COUNT = 100_000
"""The largest daily count accepted: more than any learner studies, small enough for any integer column."""


class BadSetting(FlashcardsError):
    """A stored or given setting value that is not what the setting takes."""


def parse_suffixes(key: str, raw: str | None) -> frozenset[str]:
    """File suffixes read as Markdown notes besides `.md` and `.markdown` (`.txt .org`), lower-cased.

    Raises:
        BadSetting: an item is not a dot and letters or digits (`.txt`, `.mdx`).
    """
    if raw is None:
        return frozenset()
    found: set[str] = set()
    for item in raw.replace(",", " ").split():
        suffix = item.lower() if item.startswith(".") else "." + item.lower()
        if len(suffix) < 2 or not suffix[1:].isalnum() or not suffix[1:].isascii():
            raise BadSetting(f"setting {key}={raw!r}: {item!r} is not a file suffix such as .txt")
        found.add(suffix)
    return frozenset(found)


def parse_count(key: str, raw: str | None, default: int) -> int:
    """A daily count (new cards, reviews) from its text; `default` when it is not set.

    Raises:
        BadSetting: the text is not a whole number from 0 to `MAX_COUNT`.
    """
    if raw is None:
        return default
    text = raw.strip()
    if not text.isdigit() or int(text) > MAX_COUNT:
        raise BadSetting(f"setting {key}={raw!r} is not a whole number from 0 to {MAX_COUNT:,}")
    return int(text)
