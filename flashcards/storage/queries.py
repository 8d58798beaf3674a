"""Read queries shared by the commands (deck overviews, counts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from flashcards.storage.models import Card, Deck


@dataclass(frozen=True)
class DeckSummary:
    """Counts of one deck's cards on a review day."""

    name: str
    total: int
    new: int
    due: int
    suspended: int
    retired: int


def deck_summaries(session: Session, today: date) -> list[DeckSummary]:
    """Every deck with its counts, in name order (decks with no cards included)."""
    active = Card.status == "active"
    counts = (
        select(
            Card.deck_id,
            func.count().label("total"),
            func.sum(case((and_(active, Card.due.is_(None)), 1), else_=0)).label("new"),
            func.sum(case((and_(active, Card.due <= today), 1), else_=0)).label("due"),
            func.sum(case((Card.status == "suspended", 1), else_=0)).label("suspended"),
            func.sum(case((Card.status == "retired", 1), else_=0)).label("retired"),
        )
        .group_by(Card.deck_id)
        .subquery()
    )
    rows = session.execute(
        select(Deck.name, counts.c.total, counts.c.new, counts.c.due, counts.c.suspended, counts.c.retired)
        .outerjoin(counts, counts.c.deck_id == Deck.id)
        .order_by(Deck.name)
    ).all()
    return [
        DeckSummary(name, int(total or 0), int(new or 0), int(due or 0), int(susp or 0), int(ret or 0))
        for name, total, new, due, susp, ret in rows
    ]
