"""Grades into the store: one transaction per grade, idempotent per presentation, undo, replay.

Every grade is committed the moment it is given, together with the card's new state, so Ctrl-C, a
closed terminal or a crash loses nothing already graded. A grade carries the presentation it answers:
the same presentation graded twice (a double key press, a retried request) is applied once. Undo marks
the review as undone (it is not deleted) and gives the card the state its standing log replays to
(`core.replay`, the rule `check` and export use), which is the state recorded before the grade.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal, Unpack, cast

from sqlalchemy import Row, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from flashcards.core.errors import FlashcardsError, GradedElsewhere, UndoRefused
from flashcards.core.quiz_items import GradeOutcome
from flashcards.core.replay import replay_standing
from flashcards.core.schedulers import DeckScheduler, FsrsMemory
from flashcards.core.scheduling import LEECH_TAG, LEECH_THRESHOLD, CardState, GradeLog, review_card
from flashcards.storage.models import Card, Deck, Review
from flashcards.storage.stored_values import row_day
from flashcards.storage.store import Store
from flashcards.core.vocabulary import SCHEDULING_MODES, Grade, Mode, Status


AnyRow = Row[Unpack[tuple[Any, ...]]]
"""A result row of any shape (the card and review rows a grade reads)."""


def state_of(card: Card | AnyRow) -> CardState:
    """A stored card's scheduling state, from its entity or from a row of its columns (a grade's)."""
    return CardState(
        repetitions=card.repetitions, ef_hundredths=card.ef_hundredths, interval=card.interval,
        due=card.due, lapses=card.lapses, status=card.status, tags=frozenset(card.tags.split()),
        memory=memory_of(card.fsrs_stability, card.fsrs_difficulty, card.fsrs_reviewed_on),
    )


def memory_of(stability: float | None, difficulty: float | None, reviewed_on: object) -> FsrsMemory | None:
    """A card's stored FSRS memory state (its three columns), or None when it has none."""
    day = row_day(reviewed_on)
    if stability is None or difficulty is None or day is None:
        return None
    return FsrsMemory(float(stability), float(difficulty), day)


def scheduler_of(deck: Deck | AnyRow) -> DeckScheduler:
    """A deck's scheduler from its stored columns (`scheduler`, `desired_retention`, `fsrs_parameters`)."""
    if deck.scheduler == "sm2" and deck.fsrs_parameters is None and deck.desired_retention == 0.9:
        return _SM2
    return DeckScheduler.of(deck.scheduler, deck.desired_retention, deck.fsrs_parameters)


_SM2 = DeckScheduler()


def _put_state(card: Card, state: CardState) -> None:
    for column, value in _state_columns(state).items():
        setattr(card, column, value)


def _state_columns(state: CardState) -> dict[str, object]:
    """The card columns that hold `state` (an undo sets them on the entity, a grade in an UPDATE)."""
    return {
        "repetitions": state.repetitions, "ef_hundredths": state.ef_hundredths, "interval": state.interval,
        "due": state.due, "lapses": state.lapses, "status": str(state.status), "tags": " ".join(sorted(state.tags)),
        "fsrs_stability": None if state.memory is None else state.memory.stability,
        "fsrs_difficulty": None if state.memory is None else state.memory.difficulty,
        "fsrs_reviewed_on": None if state.memory is None else state.memory.last_review,
    }


# The one mapping between a CardState and a review row's state columns, by name: field -> column stem
# (the row holds `<stem>_before` and `<stem>_after`). Tags are not logged: they live on the card.
_LOGGED_STATE = {
    "repetitions": "repetitions", "ef_hundredths": "ef", "interval": "interval", "due": "due",
    "lapses": "lapses", "status": "status",
}


def _storable_value(value: object) -> object:
    # A vocabulary member (Status.ACTIVE) is stored as the plain string or int it stands for.
    return value.value if isinstance(value, Enum) else value


def _review_columns(log: GradeLog) -> dict[str, object]:
    """The columns of the review row a grade's log entry becomes."""
    columns: dict[str, object] = {"grade": int(log.grade), "review_day": log.review_day, "mode": log.mode.value}
    for name, stem in _LOGGED_STATE.items():
        columns[f"{stem}_before"] = _storable_value(getattr(log.before, name))
        columns[f"{stem}_after"] = _storable_value(getattr(log.after, name))
    return columns


def _logged_state(review: Review | AnyRow, side: Literal["before", "after"], tags: frozenset[str]) -> CardState:
    """The state a review row recorded on one side of its grade (with the card's `tags`)."""
    return CardState(**{name: getattr(review, f"{stem}_{side}") for name, stem in _LOGGED_STATE.items()},
                     tags=tags)


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


# A grade's statements, built once: SQLAlchemy compiles each the first time and reuses the compiled
# form from its cache for every grade after (the bound values differ, the text does not). Plain Core
# statements on one connection: no ORM identity map, flush or unit of work for two rows.
_CARDS, _REVIEWS = cast(Table, Card.__table__), cast(Table, Review.__table__)
_CARD_STATE = (
    select(_CARDS.c.id, _CARDS.c.repetitions, _CARDS.c.ef_hundredths, _CARDS.c.interval, _CARDS.c.due,
           _CARDS.c.lapses, _CARDS.c.status, _CARDS.c.tags, _CARDS.c.last_reviewed_at, _CARDS.c.fsrs_stability,
           _CARDS.c.fsrs_difficulty, _CARDS.c.fsrs_reviewed_on, Deck.scheduler, Deck.desired_retention,
           Deck.fsrs_parameters)
    .join(Deck, _CARDS.c.deck_id == Deck.id)
    .where(_CARDS.c.id == bindparam("card_id"))
)
# The card is locked *before* looking for the presentation. On PostgreSQL two terminals really grade at
# once: a second submit that looked first, then waited for the lock, would miss the grade it waited for
# and fail on the unique presentation id instead of being applied once. (SQLite runs one write
# transaction at a time, BEGIN IMMEDIATE, and renders no FOR UPDATE.)
_LOCKED_CARD_STATE = _CARD_STATE.with_for_update(of=_CARDS)
_PRESENTED = select(_REVIEWS).where(_REVIEWS.c.presentation_id == bindparam("presentation_id"))
_INSERT_REVIEW = insert(_REVIEWS)
# The SET clause comes from the names of the values passed (the card's state columns).
_UPDATE_CARD = update(_CARDS).where(_CARDS.c.id == bindparam("card_id"))


def record_grade(
    store: Store, *, card_id: int, quality: int, now: datetime, today: date, mode: str,
    presentation_id: str | None = None, duration_ms: int | None = None, typed_answer: str | None = None,
    cap_due: date | None = None, planned_at: datetime | None = None,
) -> GradeOutcome:
    """Apply one grade and append it to the log, in one transaction.

    `planned_at`: when the quiz planned its day. A scheduled grade of a card whose schedule another
    quiz moved since then is refused (`GradedElsewhere`, nothing written): two terminals on one
    collection would otherwise give the card two of today's grades. (This quiz's own repeats do not
    move the schedule, and an undo puts the previous time back, so only another quiz trips it.)

    This is the store's edge for a grade: a plain int is checked here (`Grade.of`); a `Grade` (the
    quiz's, checked when the key was read) passes as it is, and travels on as one. The transaction is
    three or four plain statements (read the card, insert the review, update the card), committed
    before this returns; on SQLite with `synchronous = FULL` (`engine.py`), so a power cut after the
    return cannot take the grade back.

    Raises:
        InvalidGrade: `quality` is not a grade 0..5 (a one-line FlashcardsError); nothing is written.
    """
    grade = Grade.of(quality)
    typed_answer, duration_ms = _storable(typed_answer), _storable_ms(duration_ms)
    with store.connection() as connection:
        card = connection.execute(_LOCKED_CARD_STATE, {"card_id": card_id}).first()
        if presentation_id is not None:
            existing = connection.execute(_PRESENTED, {"presentation_id": presentation_id}).first()
            if existing is not None:
                graded = connection.execute(_CARD_STATE, {"card_id": existing.card_id}).one()
                tags = frozenset(graded.tags.split())
                before = _logged_state(existing, "before", tags)
                return GradeOutcome(existing.id, existing.card_id, before, state_of(graded), duplicate=True)
        if card is None:
            raise FlashcardsError(f"no card with id {card_id}")
        if (planned_at is not None and mode == Mode.SCHEDULED and card.last_reviewed_at is not None
                and card.last_reviewed_at >= planned_at):
            raise GradedElsewhere(card_id)
        # The core decides the new state and the log entry together; this only persists both.
        new_state, log = review_card(state_of(card), grade, today, mode, cap_due=cap_due,
                                     scheduler=scheduler_of(card))
        inserted = connection.execute(_INSERT_REVIEW, {
            "card_id": card_id, "reviewed_at": now, "duration_ms": duration_ms, "typed_answer": typed_answer,
            "presentation_id": presentation_id, "undone_at": None, **_review_columns(log),
        })
        key = inserted.inserted_primary_key
        assert key is not None  # one row inserted: its key is known (lastrowid, or RETURNING on PostgreSQL)
        review_id = int(key[0])
        if log.moves_schedule:
            connection.execute(_UPDATE_CARD, {"card_id": card_id, **_state_columns(new_state),
                                              "last_reviewed_at": now})
        return GradeOutcome(review_id, card_id, log.before, log.after)


def undo_review(store: Store, review_id: int, now: datetime) -> CardState:
    """Undo a grade: mark it undone and give the card the replay of the grades that still stand.

    Only the card's latest grade that is not undone can be undone, so states never go out of order.
    """
    with store.transaction() as session:
        review = session.get(Review, review_id)
        if review is None:
            raise UndoRefused("nothing to undo")
        # Lock the card, then re-read the review, before deciding: on PostgreSQL another terminal may
        # grade this card or undo this same grade meanwhile (record_grade locks the card too), and a
        # decision taken before the lock would restore a state over that newer grade, or undo twice.
        card = session.get_one(Card, review.card_id, with_for_update=True)
        session.refresh(review)
        if review.undone_at is not None:
            raise UndoRefused("nothing to undo")
        latest = session.scalar(
            select(Review.id).where(Review.card_id == review.card_id, Review.undone_at.is_(None))
            .order_by(Review.reviewed_at.desc(), Review.id.desc()).limit(1)
        )
        if latest != review.id:
            raise UndoRefused("only the card's last grade can be undone")
        review.undone_at = now
        if review.mode == Mode.SCHEDULED:
            tags = set(card.tags.split())
            # The leech tag comes only from the leech rule: it predates this grade once the card had
            # lapsed LEECH_THRESHOLD times before it (a leech unsuspended and suspended again).
            made_leech = review.status_after == Status.SUSPENDED and review.status_before != Status.SUSPENDED
            if made_leech and review.lapses_before < LEECH_THRESHOLD:
                tags.discard(LEECH_TAG)
            # n, EF, I, due and lapses are the replay of the grades that still stand (the rule `check`
            # and export use, with the deck's current exam capping the due dates as the quiz did); the
            # status is the one logged before the grade, as suspending by hand is not in the log.
            session.flush()
            replayed = replayed_state(session, card)
            before = _logged_state(review, "before", frozenset(tags))
            _put_state(card, replace(replayed, status=before.status, tags=before.tags))
            previous = session.execute(
                select(Review.reviewed_at).where(
                    Review.card_id == card.id, Review.undone_at.is_(None), Review.mode.in_(SCHEDULING_MODES))
                .order_by(Review.reviewed_at.desc(), Review.id.desc()).limit(1)
            ).first()
            card.last_reviewed_at = previous.reviewed_at if previous else None
        return state_of(card)


def replayed_state(session: Session, card: Card) -> CardState:
    """The card's state replayed from its standing log (`flashcards.core.replay`, the rule `check` runs)."""
    reviews = session.scalars(select(Review).where(Review.card_id == card.id)).all()
    return replay_standing(reviews, reset_at=card.reset_at, exam_date=card.deck.exam_date,
                           scheduler=scheduler_of(card.deck))
