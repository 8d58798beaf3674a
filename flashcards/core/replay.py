"""A card's standing log and its replay: the one rule behind `flashcards check`, export and the tests.

A review row is never deleted: an undo marks it undone, a `reset` leaves the rows from before it in
place. So "the card's history" is a selection, the *standing* reviews: not undone, and given after the
card's last reset. Replaying them in the order they were given (`reviewed_at`, then the row id for two
grades in the same instant) through `scheduling.apply_grade` reproduces the card's stored n, EF, I,
due date and lapses (`CardState.scheduling_fields`). `check` compares the two, the exporter writes the
standing reviews as Anki's revlog, and a test replays after grades, undos and resets.

The deck's exam date, if any, caps the due dates as the quiz and `flashcards exam` do: a cap only moves
a due date (never n, EF, I), and setting, moving or clearing an exam re-derives the stored due dates
from the same rule, so replaying with the deck's *current* exam reproduces them.

The deck's scheduler (`core.schedulers`: SM-2 unless the deck chose FSRS) is the one the replay runs;
switching a deck's scheduler replays every card under the new one, so the stored states always equal
this replay under the deck's *current* scheduler.

Pure: the rows come in (anything with the `LoggedReview` attributes: a `Review` row, a SQL result row,
a test's tuple), the state goes out; no session, no clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from itertools import groupby
from operator import itemgetter
from typing import Protocol, TypeVar

from flashcards.core.schedulers import SM2, DeckScheduler
from flashcards.core.scheduling import CardState, GradeEvent, replay

__all__ = ["LoggedReview", "replay_each", "replay_standing", "stands", "standing"]


class LoggedReview(Protocol):
    """What the replay reads from one review row."""

    @property
    def id(self) -> int: ...
    @property
    def reviewed_at(self) -> datetime: ...
    @property
    def undone_at(self) -> datetime | None: ...
    @property
    def grade(self) -> int: ...
    @property
    def review_day(self) -> date: ...
    @property
    def mode(self) -> str: ...


R = TypeVar("R", bound=LoggedReview)


def stands(review: LoggedReview, reset_at: datetime | None) -> bool:
    """Whether a review is part of the card's history: not undone, and given after its last reset."""
    return review.undone_at is None and (reset_at is None or review.reviewed_at > reset_at)


def standing(reviews: Iterable[R], reset_at: datetime | None) -> list[R]:
    """The standing reviews of one card, oldest first (the order the grades were given in)."""
    kept = [review for review in reviews if stands(review, reset_at)]
    return sorted(kept, key=lambda review: (review.reviewed_at, review.id))


def replay_standing(
    reviews: Iterable[LoggedReview], *, reset_at: datetime | None, exam_date: date | None,
    scheduler: DeckScheduler = SM2,
) -> CardState:
    """The card's state replayed from its standing reviews (a new card when none stands).

    Args:
        reviews: Every review row of one card, undone ones and those before a reset included, in any
            order.
        reset_at: When the card was last reset to new, if ever.
        exam_date: The deck's current exam date, if any (it caps the due dates, see the module).
        scheduler: The deck's scheduler.

    Returns:
        The state the standing grades give, to compare with the stored one on `scheduling_fields`
        (suspending, unsuspending and retiring by hand are not in the log).
    """
    return replay((
        GradeEvent(review.grade, review.review_day, review.mode, exam_date)
        for review in standing(reviews, reset_at)
    ), scheduler=scheduler)


def replay_each(
    log: Iterable[tuple[int, int, date, str]], exam_date: Callable[[int], date | None],
    scheduler: Callable[[int], DeckScheduler | None] | None = None,
) -> Iterator[tuple[int, CardState]]:
    """Each card's replayed state, from one pass over the standing log of many cards.

    `check` replays 761,000 grades of 100,000 cards: instead of a row object per review and a sort per
    card, the store hands over one ordered stream of plain tuples and this folds each card's run
    through the same `scheduling.replay` as `replay_standing`.

    Args:
        log: `(card_id, grade, review_day, mode)` of the *standing* reviews only (`stands`: the store
            selects them in SQL), grouped by card and, within a card, in the order given (`reviewed_at`,
            then the row id), as `standing` orders them.
        exam_date: The card's deck's current exam date, if any, by card id.
        scheduler: The card's deck's scheduler by card id (None, or a None answer: SM-2).

    Yields:
        `(card_id, state)` for every card with at least one standing review, in the log's order.
    """
    for card_id, reviews in groupby(log, key=itemgetter(0)):
        cap = exam_date(card_id)
        chosen = scheduler(card_id) if scheduler is not None else None
        yield card_id, replay(((grade, day, mode, cap) for _, grade, day, mode in reviews),
                              scheduler=chosen if chosen is not None else SM2)
