"""A deck's scheduler in the store: read it, plan a switch, switch (replaying the log; DESIGN.md §4).

The switch is one transaction: the deck's columns and every card's replayed state, or nothing. The
reviews are only read (`replay.standing`: not undone, after the card's last reset), never written, so
switching back and forth loses nothing: each switch is the replay of the same log.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from flashcards.core.errors import NoSuchDeck
from flashcards.core.replay import replay_standing, standing
from flashcards.core.reschedule import ReschedulePlan, plan_reschedule, rescheduled
from flashcards.core.schedulers import DeckScheduler
from flashcards.core.scheduling import CardState
from flashcards.core.vocabulary import SCHEDULING_MODES
from flashcards.storage.models import Card, Deck, Review
from flashcards.storage.reviews import _put_state, scheduler_of, state_of
from flashcards.storage.store import Store


def _deck(session: Session, name: str, *, lock: bool = False) -> Deck:
    statement = select(Deck).where(Deck.name == name)
    deck = session.scalar(statement.with_for_update() if lock else statement)
    if deck is None:
        raise NoSuchDeck(name)
    return deck


def deck_scheduler(store: Store, name: str) -> DeckScheduler:
    """The scheduler the deck uses now."""
    with store.read() as session:
        return scheduler_of(_deck(session, name))


def scheduling_log(store: Store, name: str) -> list[tuple[int, int, date]]:
    """The deck's standing grades in a scheduling mode as `(card_id, grade, review_day)`, each card's in
    the order given (what its scheduler replays, and what `optimize` fits to)."""
    with store.read() as session:
        deck = _deck(session, name)
        cards = {card_id: reset_at for card_id, reset_at in session.execute(
            select(Card.id, Card.reset_at).where(Card.deck_id == deck.id))}
        by_card: dict[int, list[Review]] = {card_id: [] for card_id in cards}
        for review in session.scalars(select(Review).join(Card, Review.card_id == Card.id)
                                      .where(Card.deck_id == deck.id, Review.mode.in_(SCHEDULING_MODES))):
            by_card[review.card_id].append(review)
        return [(card_id, review.grade, review.review_day)
                for card_id in sorted(by_card) for review in standing(by_card[card_id], cards[card_id])]


def _replayed(session: Session, deck: Deck, after: DeckScheduler, *, lock: bool
              ) -> list[tuple[Card, CardState, CardState, int]]:
    """Each card of the deck with its stored state, its replay under `after` and its standing reviews."""
    statement = select(Card).where(Card.deck_id == deck.id).order_by(Card.id)
    cards = list(session.scalars(statement.with_for_update() if lock else statement))
    # Plain rows of the columns the replay reads (`replay.LoggedReview`), not review entities: a deck's
    # whole log is read, and building an entity per review took most of the switch's time.
    by_card: dict[int, list[Any]] = {card.id: [] for card in cards}
    for review in session.execute(
            select(Review.card_id, Review.id, Review.reviewed_at, Review.undone_at, Review.grade, Review.review_day,
                   Review.mode).join(Card, Review.card_id == Card.id).where(Card.deck_id == deck.id)):
        by_card[review.card_id].append(review)
    found = []
    for card in cards:
        kept = standing(by_card[card.id], card.reset_at)  # chosen once: `reset_at=None` below keeps them all
        replayed = replay_standing(kept, reset_at=None, exam_date=deck.exam_date, scheduler=after)
        found.append((card, state_of(card), replayed, len(kept)))
    return found


def _plan(deck: Deck, after: DeckScheduler, found: list[tuple[Card, CardState, CardState, int]]) -> ReschedulePlan:
    return plan_reschedule(deck.name, scheduler_of(deck), after,
                           ((card.id, card.front, stored, replayed, count) for card, stored, replayed, count in found))


def reschedule_preview(store: Store, name: str, after: DeckScheduler) -> ReschedulePlan:
    """What switching the deck to `after` would do; changes nothing."""
    with store.read() as session:
        deck = _deck(session, name)
        return _plan(deck, after, _replayed(session, deck, after, lock=False))


def reschedule(store: Store, name: str, after: DeckScheduler) -> ReschedulePlan:
    """Switch the deck to `after`: its settings stored, every card given its replay under it."""
    with store.transaction() as session:
        deck = _deck(session, name, lock=True)
        found = _replayed(session, deck, after, lock=True)
        plan = _plan(deck, after, found)
        deck.scheduler = after.kind.value
        deck.desired_retention = after.retention
        deck.fsrs_parameters = None if after.parameters is None else list(after.parameters)
        for card, stored, replayed, _ in found:
            _put_state(card, rescheduled(stored, replayed))
        return plan
