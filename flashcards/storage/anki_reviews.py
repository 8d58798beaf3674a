"""The store's side of `import-anki`: what the merge reads of our cards and log, and the append.

The rules of what is appended are `core.anki_merge`'s; this reads their inputs and writes their result.
The append is the grade's own path without a quiz: each review from Anki goes through
`scheduling.review_card` from the card's state, in time order, and its row records the states around
it, so the card ends as SM-2's replay of its log (`check`) and nothing already logged is touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import cast

from sqlalchemy import Table, Text, bindparam, insert, select, type_coerce, update
from sqlalchemy.orm import Session

from flashcards.core.anki_merge import ANKI_PRESENTATION, CardLog, NewReview, OurCard
from flashcards.core.errors import FlashcardsError
from flashcards.core.scheduling import review_card
from flashcards.core.vocabulary import SCHEDULING_MODES
from flashcards.storage.models import Card, Deck, Review
from flashcards.storage.reviews import _review_columns, _state_columns, scheduler_of, state_of
from flashcards.storage.stored_values import HeadingPaths, row_day

# A bound parameter per id: well under SQLite's limit (32,766) and PostgreSQL's (65,535).
_CHUNK = 5000


class ChangedMeanwhile(FlashcardsError):
    """A card was graded here while the import read its log: nothing was written, run it again."""


def card_identities(session: Session) -> list[OurCard]:
    """Every card's identity for matching Anki's notes: id, GUID, key and sibling key, and for a cloze
    card what tells its sentence's cards (kind, text, deck, file, heading path, position)."""
    paths = HeadingPaths()
    return [OurCard(card_id, guid, key, sibling_key, kind, front, back, (deck_id, source_path, paths(context)),
                    position, tags or "")
            for card_id, guid, key, sibling_key, kind, front, back, deck_id, source_path, context, position, tags
            in session.execute(select(Card.id, Card.guid, Card.key, Card.sibling_key, Card.kind, Card.front,
                                      Card.back, Card.deck_id, Card.source_path, type_coerce(Card.context, Text),
                                      Card.position, Card.tags))]


def set_tags(session: Session, tags: dict[int, str]) -> None:
    """Give each card its new tags (`core.anki_merge.tags_to_keep`), read in the same transaction."""
    if tags:
        session.execute(update(_CARDS).where(_CARDS.c.id == bindparam("b_id")).values(tags=bindparam("b_tags")),
                        [{"b_id": card_id, "b_tags": value} for card_id, value in sorted(tags.items())])


def imported_ids(session: Session) -> frozenset[int]:
    """The Anki review-log ids already in our log (undone ones too: they were imported once)."""
    found: set[int] = set()
    for (presentation,) in session.execute(
            select(Review.presentation_id).where(Review.presentation_id.like(f"{ANKI_PRESENTATION}%"))):
        number = str(presentation)[len(ANKI_PRESENTATION):]
        if number.isdigit():
            found.add(int(number))
    return frozenset(found)


def card_logs(session: Session, card_ids: Iterable[int]) -> dict[int, CardLog]:
    """What the merge needs of each card's log (`CardLog`): its latest standing review or reset, the
    days a standing grade moved it, and the times of its own grades (not from Anki)."""
    ids = sorted(set(card_ids))
    logs: dict[int, CardLog] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        resets = {card_id: reset_at for card_id, reset_at in session.execute(
            select(Card.id, Card.reset_at).where(Card.id.in_(chunk)))}
        rows: dict[int, list[tuple[datetime, date, str, str | None, datetime | None]]] = {}
        for card_id, at, day, mode, presentation, undone in session.execute(
                select(Review.card_id, Review.reviewed_at, Review.review_day, Review.mode, Review.presentation_id,
                       Review.undone_at).where(Review.card_id.in_(chunk))):
            rows.setdefault(card_id, []).append((at, row_day(day) or day, mode, presentation, undone))
        for card_id in chunk:
            logs[card_id] = _card_log(rows.get(card_id, []), resets.get(card_id))
    return logs


def _card_log(rows: Sequence[tuple[datetime, date, str, str | None, datetime | None]],
              reset_at: datetime | None) -> CardLog:
    standing = [row for row in rows if row[4] is None and (reset_at is None or row[0] > reset_at)]
    times = [row[0] for row in standing] + ([reset_at] if reset_at is not None else [])
    return CardLog(
        after=max(times) if times else None,
        moved_days=frozenset(row[1] for row in standing if row[2] in SCHEDULING_MODES),
        own_ms=tuple(int(row[0].timestamp() * 1000) for row in rows
                     if not (row[3] or "").startswith(ANKI_PRESENTATION)),
    )


_CARDS, _REVIEWS = cast(Table, Card.__table__), cast(Table, Review.__table__)


def append_reviews(session: Session, reviews: Sequence[NewReview], logs: dict[int, CardLog]) -> None:
    """Append `reviews` (oldest first) to the log and give each card the state they lead to.

    The cards are locked first and their logs read again: a card graded here since `logs` was read
    would get Anki's grades before its newer one, so the import stops (`ChangedMeanwhile`) and the
    caller's transaction writes nothing. A few statements per thousand cards, not per card: 100,000
    reviews of 10,000 cards are appended in seconds.
    """
    by_card: dict[int, list[NewReview]] = {}
    for review in reviews:
        by_card.setdefault(review.card_id, []).append(review)
    ids = sorted(by_card)
    connection = session.connection()
    cards = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        for card in connection.execute(
                select(_CARDS.c.id, _CARDS.c.repetitions, _CARDS.c.ef_hundredths, _CARDS.c.interval, _CARDS.c.due,
                       _CARDS.c.lapses, _CARDS.c.status, _CARDS.c.tags, _CARDS.c.last_reviewed_at, Deck.exam_date,
                       _CARDS.c.fsrs_stability, _CARDS.c.fsrs_difficulty, _CARDS.c.fsrs_reviewed_on, Deck.scheduler,
                       Deck.desired_retention, Deck.fsrs_parameters)
                .join(Deck, _CARDS.c.deck_id == Deck.id).where(_CARDS.c.id.in_(chunk))
                .order_by(_CARDS.c.id).with_for_update(of=_CARDS)):
            cards[card.id] = card
    now_logs = card_logs(session, ids)
    if any(now_logs[card_id].after != logs[card_id].after for card_id in ids):
        raise ChangedMeanwhile("a card was graded while its Anki reviews were read; nothing was written,"
                               " run import-anki again")
    rows: list[dict[str, object]] = []
    states: list[dict[str, object]] = []
    for card_id in ids:
        card = cards[card_id]
        state = state_of(card)
        scheduler = scheduler_of(card)
        last_moved = card.last_reviewed_at
        for review in by_card[card_id]:
            state, log = review_card(state, review.grade, review.review_day, review.mode,
                                     cap_due=row_day(card.exam_date), scheduler=scheduler)
            rows.append({"card_id": card_id, "reviewed_at": review.reviewed_at, "duration_ms": review.duration_ms,
                         "typed_answer": None, "presentation_id": review.presentation_id, "undone_at": None,
                         **_review_columns(log)})
            if log.moves_schedule:
                last_moved = review.reviewed_at
        states.append({"b_id": card_id, **_state_columns(state), "last_reviewed_at": last_moved})
    rows.sort(key=lambda row: cast(datetime, row["reviewed_at"]))  # the log's ids follow the time given
    connection.execute(insert(_REVIEWS), rows)
    columns = [name for name in states[0] if name != "b_id"] if states else []
    connection.execute(
        update(_CARDS).where(_CARDS.c.id == bindparam("b_id"))
        .values({name: bindparam(name) for name in columns}), states)
