"""What the quiz reads from the store: the day's candidates, limits, today's work, card views.

Kept apart from the quiz command so the queue inputs are built the same way wherever they are needed
(the quiz, the exam planner, benchmarks), and so the command stays a thin loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from flashcards.exam import ExamLoad, exam_load
from flashcards.queue import DeckLimits, DoneToday, QueueCard, backlogs, sibling_group
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
    """The active cards that could be studied today, with their decks' limits and today's work."""
    query = (
        select(Card.id, Deck.name, Card.due, Card.position, Card.key, Card.sibling_key, Card.status,
               Card.interval)
        .join(Deck, Card.deck_id == Deck.id)
        .where(Card.status == "active", _deck_filter(decks))
        .where((Card.due.is_(None)) | (Card.due <= today))
    )
    if reverse_only:
        query = query.where(Card.kind.like("%-reverse"))
    cards = [QueueCard(*row) for row in session.execute(query)]
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
    with_exam = {name for name, _, _, exam in deck_rows if exam is not None}
    cards = _with_last_reviews(session, cards, today, limits, done, with_exam)
    return QueueInputs(cards, limits, done, frozenset(seen), exams)


def _exam_loads(session: Session, today: date, deck_rows: list[tuple[str, int, int, date | None]],
                done: dict[str, DoneToday]) -> dict[str, ExamLoad]:
    """The exam load of each deck whose exam is ahead (its new limit may be raised, `flashcards.exam`)."""
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


def unknown_decks(session: Session, names: list[str]) -> list[str]:
    known = set(session.scalars(select(Deck.name).where(Deck.name.in_(names))))
    return [name for name in names if name not in known]


def due_on(session: Session, day: date, decks: list[str] | None = None) -> int:
    """Active cards due on or before `day`."""
    return int(session.scalar(
        select(func.count()).select_from(Card).join(Deck, Card.deck_id == Deck.id)
        .where(Card.status == "active", Card.due.is_not(None), Card.due <= day, _deck_filter(decks))
    ) or 0)
