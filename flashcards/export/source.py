"""What an export needs from the store, as plain frozen values (the exporters never see a Session).

Retired cards are left out: they are gone from the notes and kept only for their history. Suspended
cards are exported (suspended). The review log is read only when scheduling is exported, and only the
part that produced the card's current state: undone grades and grades from before a `reset` are not
history the learner would recognise in Anki.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from flashcards.core.cards import note_guid
from flashcards.core.errors import NoSuchDeck
from flashcards.core.replay import standing
from flashcards.storage.models import Card, Deck, Review
from flashcards.storage.ordering import by_code_point
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
    query = select(Card, Deck.name).join(Deck, Card.deck_id == Deck.id)
    if deck is not None:
        query = query.where(Deck.name == deck)
    rows = session.execute(query.order_by(by_code_point(Deck.name), Card.position, Card.id)).all()
    reviews = _load_reviews(session, deck) if with_reviews else {}
    cards: list[ExportCard] = []
    retired = 0
    for card, deck_name in rows:
        if card.status == Status.RETIRED:
            retired += 1
            continue
        history = tuple(_exported(review) for review in standing(reviews.get(card.id, ()), card.reset_at))
        cards.append(ExportCard(
            key=card.key, deck=deck_name, kind=card.kind, front=card.front, back=card.back,
            context=tuple(card.context or ()), source_path=card.source_path, source_line=card.source_line,
            position=card.position, status=card.status, tags=card.tags or "",
            repetitions=card.repetitions, ef_hundredths=card.ef_hundredths, interval=card.interval,
            due=card.due, lapses=card.lapses, content_changed_at=card.content_changed_at,
            last_reviewed_at=card.last_reviewed_at, reviews=history, guid=card.guid,
        ))
    return ExportSelection(tuple(cards), retired)


def _load_reviews(session: Session, deck: str | None) -> dict[int, list[Review]]:
    """Every review of the exported cards, in one query; which of them stand is `replay.standing`."""
    query = (
        select(Review)
        .join(Card, Review.card_id == Card.id)
        .join(Deck, Card.deck_id == Deck.id)
        .where(Card.status != Status.RETIRED)
    )
    if deck is not None:
        query = query.where(Deck.name == deck)
    found: dict[int, list[Review]] = {}
    for review in session.scalars(query):
        found.setdefault(review.card_id, []).append(review)
    return found


def _exported(review: Review) -> ExportReview:
    return ExportReview(
        reviewed_at=review.reviewed_at, grade=review.grade, mode=review.mode,
        interval_before=review.interval_before, interval_after=review.interval_after,
        ef_after=review.ef_after, due_before=review.due_before, duration_ms=review.duration_ms,
    )
