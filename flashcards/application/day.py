"""Today's plan for the commands that show it: `due`, `decks`, the quiz, `exam`.

One rule, two roads to the same rows: a local SQLite file at the current schema is read with
`sqlite3` (no SQLAlchemy import, for `due` in a shell prompt), anything else through the opened store.
Both run `storage/day_rows.py`'s SQL and `core.day_plan.plan_day`, so they give the same plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flashcards.core.day_plan import DayPlan

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs `flashcards due` 3 ms (mypy reads both)
if TYPE_CHECKING:
    from flashcards.core.exam import ExamStatus
    from flashcards.storage.store import Store


def quick_plan(database_url: str, now: datetime) -> DayPlan | None:
    """Every deck's plan through a fast path (`sqlite3`, or psycopg for PostgreSQL), or None where none applies."""
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


if TYPE_CHECKING:
    from typing import TypedDict

    class DeckOverviewJson(TypedDict):
        """One deck in `flashcards decks --json`."""

        name: str
        total: int
        new: int
        due: int
        suspended: int
        retired: int
        today_due: int
        today_new: int
        status: str
        new_per_day: int | None
        reviews_per_day: int | None
        scheduler: str
        desired_retention: float


@dataclass(frozen=True)
class DeckOverview:
    """A deck as `flashcards decks` lists it: its cards by state, and its part of today's plan.

    Attributes:
        name: The deck's name.
        total: Every card, whatever its status.
        new: Active cards never seen.
        due: Active cards due today (overdue included), before the daily limit.
        suspended: Suspended cards.
        retired: Retired cards (their item left the notes).
        today_due: Reviews in today's queue (what `due` and the quiz count).
        today_new: New cards in today's queue.
        status: 'active', 'suspended' or 'retired' (the last two are not planned: nothing today).
        new_per_day: The deck's own cap on new cards a day; None: it shares the budget uncapped.
        reviews_per_day: The deck's own cap on reviews a day; None: it shares the budget uncapped.
        scheduler: 'sm2' or 'fsrs' (`decks set DECK --scheduler`).
        desired_retention: FSRS's desired retention (kept, unused, while the deck is on SM-2).
    """

    name: str
    total: int
    new: int
    due: int
    suspended: int
    retired: int
    today_due: int
    today_new: int
    status: str = "active"
    new_per_day: int | None = None
    reviews_per_day: int | None = None
    scheduler: str = "sm2"
    desired_retention: float = 0.9

    def to_dict(self) -> DeckOverviewJson:
        return {"name": self.name, "total": self.total, "new": self.new, "due": self.due,
                "suspended": self.suspended, "retired": self.retired, "today_due": self.today_due,
                "today_new": self.today_new, "status": self.status, "new_per_day": self.new_per_day,
                "reviews_per_day": self.reviews_per_day, "scheduler": self.scheduler,
                "desired_retention": self.desired_retention}


def deck_overviews(store: Store, today: date) -> list[DeckOverview]:
    """Every deck (in name order, empty ones included) with its counts and today's plan."""
    from flashcards.storage.queries import deck_summaries

    with store.read() as session:
        summaries = deck_summaries(session, today)
    plan = store_plan(store, today)
    overviews = []
    for summary in summaries:
        planned = plan.deck(summary.name)
        overviews.append(DeckOverview(
            name=summary.name, total=summary.total, new=summary.new, due=summary.due, suspended=summary.suspended,
            retired=summary.retired, today_due=planned.due if planned else 0,
            today_new=planned.new if planned else 0, status=summary.status, new_per_day=summary.new_per_day,
            reviews_per_day=summary.reviews_per_day, scheduler=summary.scheduler,
            desired_retention=summary.desired_retention))
    return overviews


def exam_statuses(store: Store, today: date, deck: str | None = None) -> list[ExamStatus]:
    """Each exam's status; today's load and due count are the day's plan's, as `due` and the quiz see them."""
    from flashcards.core.exam import ExamStatus, readiness
    from flashcards.storage.exam_data import exam_decks

    with store.read() as session:
        decks = exam_decks(session, deck)
    if not decks:
        return []
    plan = store_plan(store, today, [found.name for found in decks])
    statuses = []
    for found in decks:
        planned = plan.deck(found.name)
        statuses.append(ExamStatus(
            deck=found.name, exam_date=found.exam_date, today=today,
            load=planned.exam if planned is not None else None,
            due_today=planned.due_total if planned is not None else 0,
            readiness=readiness(found.cards, found.exam_date),
            queued_due=planned.due if planned is not None else 0,
            queued_new=planned.new if planned is not None else 0))
    return statuses
