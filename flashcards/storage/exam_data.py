"""Exams in the store: set and clear a deck's exam date, and read what the planner needs.

Setting an exam on day D **caps the stored due dates**: every card of the deck due after D is moved to
D, so that no card's next review falls after the exam (DESIGN.md §5), not only the cards graded from
now on (those are capped by the quiz through `apply_grade(cap_due=...)`). Like that cap, it moves only
the due date: n, EF and the interval (the measure of memory) are untouched, and nothing is written to
the review log, because no grade was given. Clearing the exam, or moving it, **uncaps** what the old
exam capped: a card due exactly on the old date whose SM-2 due date (its last scheduled review day +
its interval) is later gets that date back. A card reviewed on or after the exam day gets SM-2's own
due date from the quiz, so a past exam needs no clean-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from flashcards.core.errors import NoExam, NoSuchDeck
from flashcards.core.exam import ExamCard, ExamChange
from flashcards.storage.models import Card, Deck, Review
from flashcards.storage.ordering import by_code_point
from flashcards.storage.reviews import memory_of, scheduler_of
from flashcards.storage.store import Store
from flashcards.core.vocabulary import SCHEDULING_MODES, Status


def _deck(session: Session, name: str) -> Deck:
    deck = session.scalar(select(Deck).where(Deck.name == name))
    if deck is None:
        raise NoSuchDeck(name)
    return deck


def last_review_days(session: Session, deck_id: int) -> dict[int, date]:
    """Each card's last scheduled or Anki (not undone) review day, for the cards of one deck."""
    rows = session.execute(
        select(Review.card_id, func.max(Review.review_day))
        .join(Card, Review.card_id == Card.id)
        .where(Card.deck_id == deck_id, Review.mode.in_(SCHEDULING_MODES), Review.undone_at.is_(None))
        .group_by(Review.card_id)
    )
    return {card_id: day for card_id, day in rows}


def _uncap(session: Session, deck: Deck, old: date) -> int:
    # Lock the cards, then read their last reviews: see set_exam.
    capped = list(session.scalars(
        select(Card).where(Card.deck_id == deck.id, Card.due == old).with_for_update()))
    last = last_review_days(session, deck.id)
    moved = 0
    for card in capped:
        reviewed = last.get(card.id)
        if reviewed is None:
            continue
        natural = reviewed + timedelta(days=card.interval)
        if natural > old:
            card.due = natural
            moved += 1
    return moved


def set_exam(store: Store, name: str, exam_date: date, now: datetime) -> ExamChange:
    """Set (or move) a deck's exam, capping its cards' due dates at it, in one transaction."""
    with store.transaction() as session:
        deck = _deck(session, name)
        previous = deck.exam_date
        uncapped = _uncap(session, deck, previous) if previous is not None and previous != exam_date else 0
        session.flush()
        capped = 0
        # FOR UPDATE: on PostgreSQL a grade may be in progress on one of these cards. Locking makes this
        # wait for it and then re-check `due > exam` on what it committed; without the lock, the UPDATE
        # waited, then wrote the exam day over the grade's new due date. (SQLite serializes writers.)
        cards_after = select(Card).where(Card.deck_id == deck.id, Card.due > exam_date).with_for_update()
        for card in session.scalars(cards_after):
            card.due = exam_date
            capped += 1
        deck.exam_date, deck.exam_set_at = exam_date, now
        return ExamChange(deck=name, exam_date=exam_date, previous=previous, capped=capped, uncapped=uncapped)


def clear_exam(store: Store, name: str) -> ExamChange:
    """Remove a deck's exam and give back the due dates it capped."""
    with store.transaction() as session:
        deck = _deck(session, name)
        previous = deck.exam_date
        if previous is None:
            raise NoExam(name)
        uncapped = _uncap(session, deck, previous)
        deck.exam_date, deck.exam_set_at = None, None
        return ExamChange(deck=name, exam_date=None, previous=previous, capped=0, uncapped=uncapped)


@dataclass(frozen=True)
class ExamDeck:
    """A deck with an exam, as `flashcards exam` lists it (its own limits: None where the budget decides)."""

    name: str
    exam_date: date
    new_per_day: int | None
    reviews_per_day: int | None
    cards: list[ExamCard]


def exam_decks(session: Session, name: str | None = None) -> list[ExamDeck]:
    """Decks with an exam set (or the one named), with their active cards (for readiness).

    Today's numbers (the raised new limit, what is due) are the day's plan's (`application.day`).
    """
    query = select(Deck).order_by(Deck.exam_date, by_code_point(Deck.name))
    if name is not None:
        query = query.where(Deck.name == name)
    else:
        query = query.where(Deck.exam_date.is_not(None))
    found = []
    for deck in session.scalars(query):
        if deck.exam_date is None:
            continue
        last = last_review_days(session, deck.id)
        scheduler = scheduler_of(deck)
        rows = session.execute(
            select(Card.id, Card.context, Card.due, Card.interval, Card.fsrs_stability, Card.fsrs_difficulty,
                   Card.fsrs_reviewed_on)
            .where(Card.deck_id == deck.id, Card.status == Status.ACTIVE).order_by(Card.position, Card.id)
        )
        cards = [ExamCard(id=card_id, context=tuple(context or ()), due=due, interval=interval,
                          last_review=last.get(card_id), memory=memory_of(stability, difficulty, reviewed_on),
                          scheduler=scheduler)
                 for card_id, context, due, interval, stability, difficulty, reviewed_on in rows]
        found.append(ExamDeck(deck.name, deck.exam_date, deck.new_per_day, deck.reviews_per_day, cards))
    return found
