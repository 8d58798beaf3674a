"""What `flashcards stats` reads from the store: plain rows and counts for the pure `flashcards.core.stats`.

Each read as small as the numbers allow: the cards in scope; today's grades; the retention reviews of
the last 365 days (the longest window any statistic looks at) counted by day and by card in SQL
(`core.stats.ReviewTallies`: 700,000 rows at 100,000 cards become a few thousand counts); and, for
the streak, which needs the whole history, a count of reviews per day. Undone grades are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Text, case, func, select, true, type_coerce
from sqlalchemy.orm import Session

from flashcards.core.stats import REVIEW_MODES, SECTION_WINDOW_DAYS, ReviewTallies, StatsCard, StatsReview
from flashcards.core.vocabulary import PASS_GRADE, SCHEDULING_MODES
from flashcards.storage.models import Card, Deck, Review
from flashcards.storage.ordering import by_code_point
from flashcards.storage.queries import plain_rows
from flashcards.storage.stored_values import HeadingPaths, row_day


@dataclass(frozen=True)
class StatsInputs:
    """The rows `stats.compute_stats` takes."""

    cards: list[StatsCard]
    reviews: ReviewTallies
    daily_reviews: dict[date, int]


def stats_inputs(session: Session, today: date, deck: str | None = None) -> StatsInputs:
    """The cards (of `deck`, or all), their recent grades and the reviews per day of all time."""
    in_scope = Deck.name == deck if deck is not None else true()
    # Heading paths and tag lists repeat (100,000 cards share ~2,000 paths): each distinct stored text
    # is decoded once. The path is read as the stored text where the database keeps JSON as text.
    context_of = HeadingPaths()
    tag_sets: dict[str | None, frozenset[str]] = {}

    def tags_of(stored: str | None) -> frozenset[str]:
        found = tag_sets.get(stored)
        if found is None:
            found = tag_sets[stored] = frozenset((stored or "").split())
        return found

    # The driver's rows (`queries.plain_rows`): 100,000 cards without result-row processing; dates as
    # stored, read by `row_day`.
    connection = session.connection()
    cards = [
        StatsCard(id=card_id, deck=name, front=front, status=status, due=row_day(due), interval=interval,
                  lapses=lapses, tags=tags_of(tags), context=context_of(context))
        for card_id, name, front, status, due, interval, lapses, tags, context in plain_rows(connection, (
            select(Card.id, Deck.name, Card.front, Card.status, Card.due, Card.interval, Card.lapses,
                   Card.tags, type_coerce(Card.context, Text))
            .join(Deck, Card.deck_id == Deck.id).where(in_scope)
            .order_by(by_code_point(Deck.name), Card.position, Card.id)
        ))
    ]
    since = today - timedelta(days=SECTION_WINDOW_DAYS - 1)
    graded = select(Review.card_id).where(Review.undone_at.is_(None))
    if deck is not None:  # every review has a card and every card a deck: all decks need no join
        graded = graded.join(Card, Review.card_id == Card.id).join(Deck, Card.deck_id == Deck.id).where(in_scope)
    todays = tuple(
        StatsReview(card_id=card_id, day=day, grade=grade, mode=mode, first_sight=due_before is None,
                    duration_ms=duration_ms)
        for card_id, day, grade, mode, due_before, duration_ms in connection.execute(
            graded.with_only_columns(Review.card_id, Review.review_day, Review.grade, Review.mode,
                                     Review.due_before, Review.duration_ms)
            .where(Review.review_day == today).order_by(Review.reviewed_at, Review.id)
        )
    )
    # Two passes over the log, each grouped in SQL. A retention review is a scheduled grade of a card
    # seen before (`stats._is_retention_review`); the streak and heatmap count scheduled and cram
    # grades over the whole history. Conditions are sums, not WHERE clauses, so each pass reads the
    # log once in one index's order instead of looking every row up from a date range.
    retained = Review.mode.in_(SCHEDULING_MODES) & Review.due_before.is_not(None)
    in_window = retained & (Review.review_day >= since) & (Review.review_day <= today)
    passed = Review.grade >= int(PASS_GRADE)
    daily: dict[date, int] = {}
    by_day: dict[date, tuple[int, int]] = {}
    for day, counted, n, p in connection.execute(
            graded.with_only_columns(
                Review.review_day, func.sum(case((Review.mode.in_(REVIEW_MODES), 1), else_=0)),
                func.sum(case((in_window, 1), else_=0)), func.sum(case((in_window & passed, 1), else_=0)))
            .group_by(Review.review_day)):
        if counted:
            daily[day] = int(counted)
        if n:
            by_day[day] = (int(n), int(p))
    by_card = {card_id: (int(n), int(p)) for card_id, n, p in connection.execute(
        graded.with_only_columns(Review.card_id, func.sum(case((in_window, 1), else_=0)),
                                 func.sum(case((in_window & passed, 1), else_=0)))
        .group_by(Review.card_id)) if n}
    reviews = ReviewTallies(today=todays, by_day=by_day, by_card=by_card)
    return StatsInputs(cards=cards, reviews=reviews, daily_reviews=daily)
