"""What an export needs from the store, as plain frozen values (the exporters never see a Session).

Retired cards are left out: they are gone from the notes and kept only for their history. Suspended
cards are exported (suspended). The review log is read only when scheduling is exported, and only the
part that produced the card's current state: undone grades and grades from before a `reset` are not
history the learner would recognise in Anki.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Text, select, type_coerce
from sqlalchemy.orm import Session

from flashcards.core.cards import note_guid
from flashcards.core.errors import NoSuchDeck
from flashcards.core.replay import standing
from flashcards.storage.models import Card, Deck, Review
from flashcards.storage.ordering import by_code_point
from flashcards.storage.stored_values import HeadingPaths
from flashcards.core.vocabulary import Status


@dataclass(frozen=True)
class ExportReview:
    """One grade from the log, with the state it left (what Anki's revlog records)."""

    reviewed_at: datetime
    grade: int
    mode: str
    interval_before: int
    interval_after: int
    ef_after: int
    due_before: date | None
    duration_ms: int | None


@dataclass(frozen=True)
class ExportCard:
    """One card to export: its content, where it comes from, and its SM-2 state."""

    key: str
    deck: str
    kind: str
    front: str
    back: str
    context: tuple[str, ...]
    source_path: str
    source_line: int
    position: int
    status: str
    tags: str
    repetitions: int
    ef_hundredths: int
    interval: int
    due: date | None
    lapses: int
    content_changed_at: datetime
    last_reviewed_at: datetime | None
    reviews: tuple[ExportReview, ...] = field(default=())
    # The note GUID stored on the card (kept when its key changes); empty for a card built by hand.
    guid: str = ""

    @property
    def anki_guid(self) -> str:
        """The card's Anki note GUID: the stored one, else the one its key gives a new card."""
        return self.guid or note_guid(self.key)

    @property
    def reviewed(self) -> bool:
        """Scheduled by SM-2 at least once (a new card has no due date)."""
        return self.due is not None


@dataclass(frozen=True)
class ExportSelection:
    """The cards of one export, and how many retired cards were left out."""

    cards: tuple[ExportCard, ...]
    retired: int


def load_cards(session: Session, deck: str | None, *, with_reviews: bool) -> ExportSelection:
    """The exportable cards of `deck` (or of every deck), in deck and notes order.

    Raises:
        NoSuchDeck: when `deck` names no deck.
    """
    if deck is not None and session.scalar(select(Deck.id).where(Deck.name == deck)) is None:
        raise NoSuchDeck(deck)
    # Plain rows, not ORM objects (100,000 cards); each distinct heading path is decoded once.
    query = select(Card.id, Card.key, Deck.name, Card.kind, Card.front, Card.back, type_coerce(Card.context, Text),
                   Card.source_path, Card.source_line, Card.position, Card.status, Card.tags, Card.repetitions,
                   Card.ef_hundredths, Card.interval, Card.due, Card.lapses, Card.content_changed_at,
                   Card.last_reviewed_at, Card.guid, Card.reset_at).join(Deck, Card.deck_id == Deck.id)
    if deck is not None:
        query = query.where(Deck.name == deck)
    rows = session.execute(query.order_by(by_code_point(Deck.name), Card.position, Card.id))
    reviews = _load_reviews(session, deck) if with_reviews else {}
    paths = HeadingPaths()
    cards: list[ExportCard] = []
    retired = 0
    for (card_id, key, deck_name, kind, front, back, context, source_path, source_line, position, status, tags,
         repetitions, ef_hundredths, interval, due, lapses, changed_at, last_reviewed_at, guid, reset_at) in rows:
        if status == Status.RETIRED:
            retired += 1
            continue
        history = tuple(_exported(review) for review in standing(reviews.get(card_id, ()), reset_at))
        cards.append(ExportCard(
            key=key, deck=deck_name, kind=kind, front=front, back=back, context=paths(context),
            source_path=source_path, source_line=source_line, position=position, status=status, tags=tags or "",
            repetitions=repetitions, ef_hundredths=ef_hundredths, interval=interval, due=due, lapses=lapses,
            content_changed_at=changed_at, last_reviewed_at=last_reviewed_at, reviews=history, guid=guid,
        ))
    return ExportSelection(tuple(cards), retired)


def _load_reviews(session: Session, deck: str | None) -> dict[int, list[Any]]:
    """Every review of the exported cards, in one query, as plain rows (761,000 at 100,000 cards);
    which of them stand is `replay.standing`."""
    query = (
        select(Review.id, Review.card_id, Review.reviewed_at, Review.undone_at, Review.grade, Review.review_day,
               Review.mode, Review.interval_before, Review.interval_after, Review.ef_after, Review.due_before,
               Review.duration_ms)
        .join(Card, Review.card_id == Card.id)
        .join(Deck, Card.deck_id == Deck.id)
        .where(Card.status != Status.RETIRED)
    )
    if deck is not None:
        query = query.where(Deck.name == deck)
    found: dict[int, list[Any]] = {}  # Rows: typed column by column, used by attribute
    for review in session.execute(query):
        found.setdefault(review.card_id, []).append(review)
    return found


def _exported(review: Any) -> ExportReview:
    return ExportReview(
        reviewed_at=review.reviewed_at, grade=review.grade, mode=review.mode,
        interval_before=review.interval_before, interval_after=review.interval_after,
        ef_after=review.ef_after, due_before=review.due_before, duration_ms=review.duration_ms,
    )
