"""Today's plan for the commands that show it: `due`, `decks`, the quiz, `exam`.

One rule, two roads to the same rows: a local SQLite file at the current schema is read with
`sqlite3` (no SQLAlchemy import, for `due` in a shell prompt), anything else through the opened store.
Both run `storage/day_rows.py`'s SQL and `core.day_plan.plan_day`, so they give the same plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from flashcards.core.day_plan import DayPlan

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs `flashcards due` 3 ms (mypy reads both)
if TYPE_CHECKING:
    from flashcards.storage.store import Store


def quick_plan(database_url: str, now: datetime) -> DayPlan | None:
    """Every deck's plan through the `sqlite3` fast path, or None where it does not apply."""
    from flashcards.storage.fast import day_plan

    return day_plan(database_url, now)


def store_plan(store: Store, today: date, decks: Sequence[str] | None = None, *,
               reverse_only: bool = False) -> DayPlan:
    """The plan through the opened store (any database); `NoSuchDeck` for a deck that is not there."""
    from flashcards.storage.day_rows import read_day_plan
    from flashcards.storage.queries import require_decks
    from flashcards.storage.sql_run import session_runner

    with store.read() as session:
        if decks:
            require_decks(session, list(decks))
        return read_day_plan(session_runner(session), today, decks or None, reverse_only=reverse_only,
                             dialect=session.get_bind().dialect.name)
