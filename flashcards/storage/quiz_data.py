"""What the quiz reads from the store: the day's candidates, limits, today's work, card views.

Kept apart from the quiz command so the queue inputs are built the same way wherever they are needed
(the quiz, the exam planner, benchmarks), and so the command stays a thin loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from flashcards.core.exam import ExamLoad, exam_load
from flashcards.core.queue import DeckLimits, DoneToday, QueueCard, backlogs, build_queue, sibling_group
from flashcards.storage.models import Card, Deck, Review
from flashcards.storage.queries import LIKE_ESCAPE, contains_pattern


@dataclass(frozen=True)
class QuizCard:
    """A card as the quiz shows it."""

    id: int
    deck: str
    kind: str
    front: str
    back: str
    context: tuple[str, ...]
    source_path: str
    source_line: int
    exam_date: date | None


@dataclass(frozen=True)
class QueueInputs:
    """Everything `queue.build_queue` needs, read in one go.

    `limits` already holds the new limits raised for an exam ahead; `exams` says which (by deck).
    """

    cards: list[QueueCard]
    limits: dict[str, DeckLimits]
    done_today: dict[str, DoneToday]
    seen_today: frozenset[str]
    exams: dict[str, ExamLoad] = field(default_factory=dict)


def _deck_filter(decks: list[str] | None):  # type: ignore[no-untyped-def]
    return Deck.name.in_(decks) if decks else True


def queue_inputs(session: Session, today: date, decks: list[str] | None = None, *,
                 reverse_only: bool = False) -> QueueInputs:
    """The active cards that could be studied today, with their decks' limits and today's work.

    Every candidate is read: the exam planner and the benchmarks want them all. The quiz only needs
    the few it can show, and reads those with `quiz_queue`.
    """
    return _queue_inputs(session, today, decks, reverse_only=reverse_only, new_margin=None)


NEW_MARGIN = 20
"""New cards read beyond a deck's room, on top of as many again as the room, for siblings the queue drops.

A term with both directions gives two new cards next to each other in the notes, and the queue takes
only one of them; twice the room plus this covers a deck of pairs. If it ever falls short, `quiz_queue`
reads the deck's new cards again without a bound, so it only costs time, never a card.
"""


def quiz_queue(session: Session, today: date, decks: list[str] | None = None, *, reverse_only: bool = False,
               new_margin: int = NEW_MARGIN) -> tuple[QueueInputs, list[int]]:
    """Today's queue (`queue.build_queue`), reading per deck only the new cards it can take.

    `queue_inputs` reads every active new card (26,000 of a 100,000-card collection) to show at most
    20 per deck; here SQL keeps, per deck, the first `room * 2 + new_margin` new cards in notes order
    (room: the new limit, raised for an exam, less what was done today). Due cards are all read, as
    before: a deck under its review limit has no more than its room, and a deck over it needs all of
    them for the catch-up order (`queue` rule 6), which SQL cannot compute portably.

    The result is exactly the unbounded queue: `build_queue` takes a deck's new cards in notes order
    and, once the deck's room is used up, skips the rest without touching any other state. So a deck
    whose bounded list was cut short only differs if its room was *not* used up (siblings dropped more
    cards than the margin); then every new card is read again and the queue rebuilt.
    `tests/test_quiz_queue.py` compares the two on many collections.
    """
    inputs = _queue_inputs(session, today, decks, reverse_only=reverse_only, new_margin=new_margin)
    queue = build_queue(inputs.cards, today, limits=inputs.limits, done_today=inputs.done_today,
                        seen_today=inputs.seen_today)
    read_new: dict[str, int] = {}
    for card in inputs.cards:
        if card.due is None:
            read_new[card.deck] = read_new.get(card.deck, 0) + 1
    taken_new: dict[str, int] = {}
    new_ids = {card.id: card.deck for card in inputs.cards if card.due is None}
    for card_id in queue:
        if card_id in new_ids:
            taken_new[new_ids[card_id]] = taken_new.get(new_ids[card_id], 0) + 1
    for deck, read in read_new.items():
        room = _new_room(inputs, deck)
        if read >= _new_bound(room, new_margin) and taken_new.get(deck, 0) < room:
            inputs = _queue_inputs(session, today, decks, reverse_only=reverse_only, new_margin=None)
            queue = build_queue(inputs.cards, today, limits=inputs.limits, done_today=inputs.done_today,
                                seen_today=inputs.seen_today)
            break
    return inputs, queue


def _new_room(inputs: QueueInputs, deck: str) -> int:
    """New cards the deck may still take today (as `build_queue` counts it; may be negative)."""
    return inputs.limits[deck].new_per_day - inputs.done_today.get(deck, DoneToday()).new


def _new_bound(room: int, margin: int) -> int:
    """How many of a deck's new cards to read: none when it has no room (the queue takes none)."""
    return room * 2 + margin if room > 0 else 0


def _queue_inputs(session: Session, today: date, decks: list[str] | None, *, reverse_only: bool,
                  new_margin: int | None) -> QueueInputs:
    """`queue_inputs`, reading all new cards (`new_margin` None) or a bounded prefix per deck."""
    deck_rows: list[tuple[str, int, int, date | None]] = [
        (name, new, reviews, exam) for name, new, reviews, exam in session.execute(
            select(Deck.name, Deck.new_per_day, Deck.reviews_per_day, Deck.exam_date).where(_deck_filter(decks)))
    ]
    limits = {name: DeckLimits(new_per_day=new, reviews_per_day=reviews) for name, new, reviews, _ in deck_rows}
    done: dict[str, DoneToday] = {}
    seen: set[str] = set()
    graded_today = session.execute(
        select(Deck.name, Review.due_before, Card.key, Card.sibling_key)
        .join(Card, Review.card_id == Card.id)
        .join(Deck, Card.deck_id == Deck.id)
        .where(Review.review_day == today, Review.mode == "scheduled", Review.undone_at.is_(None))
    )
    for deck, due_before, key, sibling_key in graded_today:
        so_far = done.get(deck, DoneToday())
        if due_before is None:
            done[deck] = DoneToday(new=so_far.new + 1, reviews=so_far.reviews)
        else:
            done[deck] = DoneToday(new=so_far.new, reviews=so_far.reviews + 1)
        group = sibling_group(key, sibling_key)
        if group is not None:
            seen.add(group)
    exams = _exam_loads(session, today, deck_rows, done)
    for name, load in exams.items():
        limits[name] = DeckLimits(new_per_day=load.new_today, reviews_per_day=limits[name].reviews_per_day)
    columns = (Card.id, Deck.name, Card.due, Card.position, Card.key, Card.sibling_key, Card.status, Card.interval)
    due_query = (
        select(*columns).join(Deck, Card.deck_id == Deck.id)
        .where(Card.status == "active", _deck_filter(decks), Card.due.is_not(None), Card.due <= today)
    )
    new_query = (
        select(*columns).join(Deck, Card.deck_id == Deck.id)
        .where(Card.status == "active", _deck_filter(decks), Card.due.is_(None))
    )
    if reverse_only:
        due_query = due_query.where(Card.kind.like("%-reverse"))
        new_query = new_query.where(Card.kind.like("%-reverse"))
    cards = [QueueCard(*row) for row in session.execute(due_query)]
    if new_margin is None:
        cards += [QueueCard(*row) for row in session.execute(new_query)]
    else:
        bounds = {name: _new_bound(limit.new_per_day - done.get(name, DoneToday()).new, new_margin)
                  for name, limit in limits.items()}
        bounds = {name: bound for name, bound in bounds.items() if bound > 0}
        if bounds:
            # Notes order within a deck is (position, id), as `build_queue` sorts new cards.
            ranked = new_query.add_columns(
                func.row_number().over(partition_by=Card.deck_id, order_by=(Card.position, Card.id)).label("rank")
            ).where(Deck.name.in_(sorted(bounds))).subquery()
            bound = case(bounds, value=ranked.c.name, else_=0)
            kept = select(*[ranked.c[column.key] for column in columns]).where(ranked.c.rank <= bound)
            cards += [QueueCard(*row) for row in session.execute(kept)]
    with_exam = {name for name, _, _, exam in deck_rows if exam is not None}
    cards = _with_last_reviews(session, cards, today, limits, done, with_exam)
    return QueueInputs(cards, limits, done, frozenset(seen), exams)


def _exam_loads(session: Session, today: date, deck_rows: list[tuple[str, int, int, date | None]],
                done: dict[str, DoneToday]) -> dict[str, ExamLoad]:
    """The exam load of each deck whose exam is ahead (its new limit may be raised, `flashcards.core.exam`)."""
    from flashcards.storage.exam_data import unseen_counts

    ahead = {name: (new, exam) for name, new, _, exam in deck_rows if exam is not None and exam > today}
    unseen = unseen_counts(session, sorted(ahead))
    loads = {}
    for name, (new, exam) in sorted(ahead.items()):
        new_done = done.get(name, DoneToday()).new
        loads[name] = exam_load(deck=name, exam_date=exam, today=today, new_per_day=new,
                                unseen=unseen[name] + new_done, new_done=new_done)
    return loads


def _with_last_reviews(session: Session, cards: list[QueueCard], today: date, limits: dict[str, DeckLimits],
                       done: dict[str, DoneToday], with_exam: set[str]) -> list[QueueCard]:
    """Due cards that need their last review day read from the log for the catch-up order.

    The queue takes `due - interval` as a card's last review day, which is exact unless an exam capped
    the due date (the exam day itself may be past: a capped date stays until the card is reviewed). So
    only decks that are over their review limit *and* have an exam date are read: a normal day, and a
    plain backlog (0.25 s for 10,000 due cards of a 100,000-card collection), cost no extra query.
    """
    over = [backlog.deck for backlog in backlogs(cards, today, limits=limits, done_today=done)
            if backlog.deck in with_exam]
    if not over:
        return cards
    last: dict[int, date] = {
        card_id: day for card_id, day in session.execute(
            select(Review.card_id, func.max(Review.review_day))
            .join(Card, Review.card_id == Card.id).join(Deck, Card.deck_id == Deck.id)
            .where(Deck.name.in_(over), Card.status == "active", Card.due <= today, Review.mode == "scheduled",
                   Review.undone_at.is_(None))
            .group_by(Review.card_id)
        )
    }
    return [replace(card, last_review=last[card.id]) if card.id in last else card for card in cards]


def quiz_notices(inputs: QueueInputs, today: date) -> list[str]:
    """What the learner is told before the first card: exam loads, then backlogs to catch up on."""
    notices = [load.describe() for load in inputs.exams.values()]
    notices += [backlog.describe() for backlog in
                backlogs(inputs.cards, today, limits=inputs.limits, done_today=inputs.done_today)]
    return notices


def cram_ids(session: Session, decks: list[str] | None, search: str | None, limit: int) -> list[int]:
    """Cards to cram: active cards of the chosen decks (or matching `search`), weakest first.

    Weakest: lowest easiness, then most lapses, then the soonest due; cards never seen come last.
    """
    query = select(Card.id).join(Deck, Card.deck_id == Deck.id).where(Card.status == "active", _deck_filter(decks))
    if search:
        pattern = contains_pattern(search)  # a backslash in it is literal on PostgreSQL too
        query = query.where(Card.front.ilike(pattern, escape=LIKE_ESCAPE)
                            | Card.back.ilike(pattern, escape=LIKE_ESCAPE))
    query = query.order_by(
        Card.due.is_(None), Card.ef_hundredths, Card.lapses.desc(), Card.due, Card.position
    ).limit(limit)
    return list(session.scalars(query))


def quiz_cards(session: Session, ids: list[int]) -> dict[int, QuizCard]:
    """The cards of a session, by id."""
    rows = session.execute(
        select(Card.id, Deck.name, Card.kind, Card.front, Card.back, Card.context, Card.source_path,
               Card.source_line, Deck.exam_date)
        .join(Deck, Card.deck_id == Deck.id)
        .where(Card.id.in_(ids))
    )
    return {row[0]: QuizCard(row[0], row[1], row[2], row[3], row[4], tuple(row[5]), row[6], row[7], row[8])
            for row in rows}


def distractors(session: Session, card: QuizCard, count: int) -> list[str]:
    """Wrong options for a multiple-choice question: the backs of sibling terms of the same list.

    Siblings are cards of the same deck, kind and heading path (the other flags of one flag list, the
    other terms of one glossary); deterministic order (notes order) so the shell can shuffle with a seed.
    """
    context = list(card.context)
    rows = session.execute(
        select(Card.back, Card.context)
        .join(Deck, Card.deck_id == Deck.id)
        .where(Deck.name == card.deck, Card.kind == card.kind, Card.id != card.id, Card.status != "retired")
        .order_by(Card.position)
    ).all()
    same_list = [back for back, ctx in rows if list(ctx) == context and back != card.back]
    others = [back for back, ctx in rows if list(ctx) != context and back != card.back]
    unique: dict[str, None] = {}
    for back in same_list + others:
        unique.setdefault(back, None)
    return list(unique)[:count]


def count_cards(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Card)) or 0)


def due_on(session: Session, day: date, decks: list[str] | None = None) -> int:
    """Active cards due on or before `day`."""
    return int(session.scalar(
        select(func.count()).select_from(Card).join(Deck, Card.deck_id == Deck.id)
        .where(Card.status == "active", Card.due.is_not(None), Card.due <= day, _deck_filter(decks))
    ) or 0)
