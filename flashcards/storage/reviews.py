"""Grades into the store: one transaction per grade, idempotent per presentation, undo, replay.

Every grade is committed the moment it is given, together with the card's new state, so Ctrl-C, a
closed terminal or a crash loses nothing already graded. A grade carries the presentation it answers:
the same presentation graded twice (a double key press, a retried request) is applied once. Undo marks
the review as undone (it is not deleted) and puts back the exact state recorded before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from flashcards.errors import FlashcardsError
from flashcards.replay import replay_standing
from flashcards.scheduling import LEECH_TAG, LEECH_THRESHOLD, CardState, apply_grade
from flashcards.storage.models import Card, Review
from flashcards.storage.store import Store
from flashcards.vocabulary import Grade, Mode, Status


@dataclass(frozen=True)
class GradeOutcome:
    """What a grade did: the review row, the states around it, and whether it made a leech."""

    review_id: int
    card_id: int
    before: CardState
    after: CardState
    duplicate: bool = False

    @property
    def became_leech(self) -> bool:
        return "leech" in self.after.tags and "leech" not in self.before.tags


def state_of(card: Card) -> CardState:
    """A stored card's scheduling state."""
    return CardState(
        repetitions=card.repetitions, ef_hundredths=card.ef_hundredths, interval=card.interval,
        due=card.due, lapses=card.lapses, status=card.status, tags=frozenset(card.tags.split()),
    )


def _put_state(card: Card, state: CardState) -> None:
    card.repetitions, card.ef_hundredths, card.interval = state.repetitions, state.ef_hundredths, state.interval
    card.due, card.lapses, card.status = state.due, state.lapses, state.status
    card.tags = " ".join(sorted(state.tags))


def _state_from_review(review: Review, *, after: bool) -> tuple[int, int, int, date | None, int, str]:
    if after:
        return (review.repetitions_after, review.ef_after, review.interval_after, review.due_after,
                review.lapses_after, review.status_after)
    return (review.repetitions_before, review.ef_before, review.interval_before, review.due_before,
            review.lapses_before, review.status_before)


# PostgreSQL's INTEGER (and a NUL-free TEXT) are the narrowest of the databases the store runs on
# (DESIGN.md §7); SQLite stored values past them, and PostgreSQL refused them and lost the grade.
MAX_INTEGER = 2**31 - 1


def _storable(text: str | None) -> str | None:
    """Typed text as every database can store it: a NUL (Ctrl-@ in a terminal) becomes U+FFFD, as in
    notes (`extract.normalize`)."""
    return None if text is None else text.replace("\x00", "\ufffd")


def _storable_ms(duration_ms: int | None) -> int | None:
    """An answering time capped at the largest INTEGER (24.8 days: a quiz left open, not an answer)."""
    return None if duration_ms is None else min(duration_ms, MAX_INTEGER)


def record_grade(
    store: Store, *, card_id: int, quality: int, now: datetime, today: date, mode: str,
    presentation_id: str | None = None, duration_ms: int | None = None, typed_answer: str | None = None,
    cap_due: date | None = None,
) -> GradeOutcome:
    """Apply one grade and append it to the log, in one transaction.

    This is the store's edge for a grade: `quality` is checked here, once (`Grade.of`; a `Grade` from
    the quiz passes as it is), and travels on as a `Grade`.

    Raises:
        InvalidGrade: `quality` is not a grade 0..5 (a one-line FlashcardsError); nothing is written.
    """
    grade = Grade.of(quality)
    typed_answer, duration_ms = _storable(typed_answer), _storable_ms(duration_ms)
    with store.transaction() as session:
        # The card is locked *before* looking for the presentation. On PostgreSQL two terminals really
        # grade at once: a second submit that looked first, then waited for the lock, would miss the
        # grade it waited for and fail on the unique presentation id instead of being applied once.
        # (SQLite runs one write transaction at a time, BEGIN IMMEDIATE, so there the order is moot.)
        card = session.get(Card, card_id, with_for_update=True)
        if presentation_id is not None:
            existing = session.scalar(select(Review).where(Review.presentation_id == presentation_id))
            if existing is not None:
                graded = session.get_one(Card, existing.card_id)
                before = CardState(*_state_from_review(existing, after=False), tags=frozenset(graded.tags.split()))
                return GradeOutcome(existing.id, existing.card_id, before, state_of(graded), duplicate=True)
        if card is None:
            raise FlashcardsError(f"no card with id {card_id}")
        before = state_of(card)
        after = apply_grade(before, grade, today, mode, cap_due=cap_due)
        review = Review(
            card_id=card.id, reviewed_at=now, review_day=today, grade=int(grade), mode=mode,
            repetitions_before=before.repetitions, ef_before=before.ef_hundredths,
            interval_before=before.interval, due_before=before.due, lapses_before=before.lapses,
            status_before=before.status, repetitions_after=after.repetitions, ef_after=after.ef_hundredths,
            interval_after=after.interval, due_after=after.due, lapses_after=after.lapses,
            status_after=after.status, duration_ms=duration_ms, typed_answer=typed_answer,
            presentation_id=presentation_id,
        )
        session.add(review)
        if mode == Mode.SCHEDULED:
            _put_state(card, after)
            card.last_reviewed_at = now
        session.flush()
        return GradeOutcome(review.id, card.id, before, after)


def undo_review(store: Store, review_id: int, now: datetime) -> CardState:
    """Undo a grade: mark it undone and restore the card's state from before it.

    Only the card's latest grade that is not undone can be undone, so states never go out of order.
    """
    with store.transaction() as session:
        review = session.get(Review, review_id)
        if review is None:
            raise FlashcardsError("nothing to undo")
        # Lock the card, then re-read the review, before deciding: on PostgreSQL another terminal may
        # grade this card or undo this same grade meanwhile (record_grade locks the card too), and a
        # decision taken before the lock would restore a state over that newer grade, or undo twice.
        card = session.get_one(Card, review.card_id, with_for_update=True)
        session.refresh(review)
        if review.undone_at is not None:
            raise FlashcardsError("nothing to undo")
        latest = session.scalar(
            select(Review.id).where(Review.card_id == review.card_id, Review.undone_at.is_(None))
            .order_by(Review.reviewed_at.desc(), Review.id.desc()).limit(1)
        )
        if latest != review.id:
            raise FlashcardsError("only the card's last grade can be undone")
        review.undone_at = now
        if review.mode == Mode.SCHEDULED:
            tags = set(card.tags.split())
            # The leech tag comes only from the leech rule: it predates this grade once the card had
            # lapsed LEECH_THRESHOLD times before it (a leech unsuspended and suspended again).
            made_leech = review.status_after == Status.SUSPENDED and review.status_before != Status.SUSPENDED
            if made_leech and review.lapses_before < LEECH_THRESHOLD:
                tags.discard(LEECH_TAG)
            (card.repetitions, card.ef_hundredths, card.interval, card.due, card.lapses,
             card.status) = _state_from_review(review, after=False)
            card.tags = " ".join(sorted(tags))
            previous = session.execute(
                select(Review.reviewed_at, Review.review_day).where(
                    Review.card_id == card.id, Review.undone_at.is_(None), Review.mode == Mode.SCHEDULED)
                .order_by(Review.reviewed_at.desc(), Review.id.desc()).limit(1)
            ).first()
            card.last_reviewed_at = previous.reviewed_at if previous else None
            exam = card.deck.exam_date
            # An exam set since that earlier grade caps the restored due date, as it capped the others.
            if exam is not None and card.due is not None and previous and previous.review_day < exam < card.due:
                card.due = exam
        return state_of(card)


def replayed_state(session: Session, card: Card) -> CardState:
    """The card's state replayed from its standing log (`flashcards.replay`, the rule `check` runs)."""
    reviews = session.scalars(select(Review).where(Review.card_id == card.id)).all()
    return replay_standing(reviews, reset_at=card.reset_at, exam_date=card.deck.exam_date)
