"""A cheap look for a table that reads as empty while the collection says it is not (issue 16).

A damaged page that SQLite reads as a well-formed empty leaf makes a whole table read as empty, with
no error at all: `due` said "0 due, 0 new", `stats` 0 reviews and `export` "0 notes" on a collection
whose decks page was hit, and with the cards page hit `due` and `decks` still counted cards from the
covering index `ix_cards_plan`, which never touches the table. SQLite's integrity check finds it but
reads every page (seconds on a big collection), so it cannot run on every `due`.

This costs a few page reads instead: a table whose own b-tree (`NOT INDEXED`) holds no row, while one
of its indexes, or a table whose rows point at it, holds one, cannot be sound. Only the tables the
commands list are looked at; a damaged page deeper in a table is the integrity check's (`check`, the
quiz's start). SQLite only: a server keeps its own pages.
"""

from __future__ import annotations

TYPE_CHECKING = False  # `flashcards due` runs this: no `typing` import (see storage/fast.py)
if TYPE_CHECKING:
    from flashcards.storage.day_rows import Run

# Each table looked at, with the tables whose rows point at it (a card's deck, a review's card).
LOOKED_AT: dict[str, tuple[str, ...]] = {"decks": ("cards",), "cards": ("reviews",), "reviews": ()}


def hollow_tables(run: Run) -> list[str]:
    """The tables that read as empty although an index or a referring row says they hold rows."""
    found = []
    for table, referring in LOOKED_AT.items():
        if list(run(f"SELECT 1 FROM {table} NOT INDEXED LIMIT 1", {})):
            continue  # the usual case: one leaf read
        witnesses = [f'SELECT 1 FROM {table} INDEXED BY "{name}" LIMIT 1'
                     for _, name, _, _, partial in run(f"PRAGMA index_list({table})", {}) if not partial]
        witnesses += [f"SELECT 1 FROM {child} LIMIT 1" for child in referring]
        if any(list(run(sql, {})) for sql in witnesses):
            found.append(table)
    return found
