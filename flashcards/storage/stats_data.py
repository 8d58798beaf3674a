"""What `flashcards stats` reads from the store: plain rows for the pure `flashcards.core.stats`.

Three reads, each as small as the numbers allow: the cards in scope; their grades of the last 365 days
(the longest window any statistic looks at), undone grades left out; and, for the streak, which needs
the whole history, only a count of reviews per day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from flashcards.core.stats import REVIEW_MODES, SECTION_WINDOW_DAYS, StatsCard, StatsReview
from flashcards.storage.models import Card, Deck, Review
from flashcards.storage.ordering import by_code_point


@dataclass(frozen=True)
class StatsInputs:
    """The rows `stats.compute_stats` takes."""

    cards: list[StatsCard]
    reviews: list[StatsReview]
    daily_reviews: dict[date, int]


def stats_inputs(session: Session, today: date, deck: str | None = None) -> StatsInputs:
    """The cards (of `deck`, or all), their recent grades and the reviews per day of all time."""
    in_scope = Deck.name == deck if deck is not None else true()
    cards = [
        StatsCard(id=card_id, deck=name, front=front, status=status, due=due, interval=interval,
                  lapses=lapses, tags=frozenset((tags or "").split()), context=tuple(context or ()))
        for card_id, name, front, status, due, interval, lapses, tags, context in session.execute(
            select(Card.id, Deck.name, Card.front, Card.status, Card.due, Card.interval, Card.lapses,
                   Card.tags, Card.context)
            .join(Deck, Card.deck_id == Deck.id).where(in_scope)
            .order_by(by_code_point(Deck.name), Card.position, Card.id)
        )
    ]
    since = today - timedelta(days=SECTION_WINDOW_DAYS - 1)
    reviews = [
        StatsReview(card_id=card_id, day=day, grade=grade, mode=mode, first_sight=due_before is None,
                    duration_ms=duration_ms)
        for card_id, day, grade, mode, due_before, duration_ms in session.execute(
            select(Review.card_id, Review.review_day, Review.grade, Review.mode, Review.due_before,
                   Review.duration_ms)
            .join(Card, Review.card_id == Card.id).join(Deck, Card.deck_id == Deck.id)
            .where(in_scope, Review.undone_at.is_(None), Review.review_day >= since, Review.review_day <= today)
            .order_by(Review.reviewed_at, Review.id)
        )
    ]
    daily = {
        day: int(count) for day, count in session.execute(
            select(Review.review_day, func.count())
            .join(Card, Review.card_id == Card.id).join(Deck, Card.deck_id == Deck.id)
            .where(in_scope, Review.undone_at.is_(None), Review.mode.in_(REVIEW_MODES))
            .group_by(Review.review_day)
        )
    }
    return StatsInputs(cards=cards, reviews=reviews, daily_reviews=daily)
