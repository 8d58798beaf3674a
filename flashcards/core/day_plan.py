"""The day's plan: today's queue and every count of it, from one function (pure).

`flashcards due`, `decks`, the quiz, the exam planner and stats used to count today's work each in their
own way, and the copies drifted: `due` counted cards whose sibling the quiz holds back, so it promised
work the quiz then did not show. Now each of them calls `plan_day` on the same inputs, and the counts are
*counted from the queue*, so they cannot disagree with it.

The inputs are what the store reads (`storage/day_rows.py`, on the SQLAlchemy path and on the `sqlite3`
fast path alike, with the same SQL text):

- per deck, its limits, its exam date and four counts: active cards due on or before today, active
  cards never seen, and the scheduled grades given today (not undone) on cards that were already due
  (reviews done) or new (new cards done);
- the sibling groups graded today (`queue.sibling_group`);
- per deck, its active cards due on or before today: all of them, or, for a deck with more than its
  review limit lets through (a catch-up backlog, `queue` rule 6), a *prefix* in the catch-up order
  (lowest predicted recall first), as the SQL can compute that order;
- per deck, a *prefix* of its new cards in notes order.

A prefix holds `new_bound(room)` cards, where `room` is what the deck's limit (for new cards raised for
an exam ahead) still allows today. A term with two directions gives two cards side by side and the
queue takes one, so twice the room plus a margin covers a deck of pairs. When a prefix falls short (the
deck has more cards, yet its room was not filled), the plan names the deck in `incomplete` and the
reader reads that deck in full and plans again. So a short prefix only ever costs time, never a card:
the queue takes a deck's cards in their order until its room is used up and then skips the rest
without touching any other state, so the cards after a filled room never matter. (At 100,000 cards
this reads 3,000 of 10,500 due cards, on the path of `flashcards due`.)

The queue rules themselves are `queue.build_queue`'s; this module adds the exam's raised new limit
(`exam.exam_load`), the backlogs and the per-deck counts.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flashcards.core.queue import Backlog, DeckLimits, DoneToday, QueueCard, build_queue
from flashcards.core.vocabulary import CORRECT_GRADE, Status

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs `flashcards due` 3 ms (mypy reads both)
if TYPE_CHECKING:  # `flashcards due` is on a shell prompt's path: typing costs 8 ms, the exam module 10
    from typing import TypedDict

    from flashcards.core.exam import ExamLoad

__all__ = ["NEW_MARGIN", "DayInputs", "DayPlan", "DayPlanJson", "DeckDay", "DeckPlan", "DeckPlanJson", "new_bound",
           "plan_day"]

NEW_MARGIN = 20
"""New cards read beyond twice a deck's room, for siblings the queue drops (see the module docstring)."""


@dataclass(frozen=True, slots=True)
class DeckDay:
    """One deck as the plan sees it: its settings and today's counts (one row of the deck query).

    Attributes:
        name: The deck's name.
        new_per_day: Its own daily limit of new cards.
        reviews_per_day: Its daily limit of reviews.
        exam_date: Its exam day, if one is set (the limit is raised only while it is ahead).
        due_cards: Active cards due on or before today.
        new_cards: Active cards never seen (no due date).
        reviews_done: Scheduled grades today, not undone, on cards that had a due date.
        new_done: Scheduled grades today, not undone, on cards seen for the first time.
    """

    name: str
    new_per_day: int
    reviews_per_day: int
    exam_date: date | None
    due_cards: int
    new_cards: int
    reviews_done: int
    new_done: int

    def exam_load(self, today: date) -> ExamLoad | None:
        """What an exam ahead asks of the deck today; None without an exam ahead.

        `unseen` is counted at the start of the day (still new plus introduced today), so the raised
        limit does not shrink while the learner works through it.
        """
        if self.exam_date is None or self.exam_date <= today:
            return None
        from flashcards.core.exam import exam_load

        return exam_load(deck=self.name, exam_date=self.exam_date, today=today,
                         unseen=self.new_cards + self.new_done, new_per_day=self.new_per_day,
                         new_done=self.new_done)

    def limits(self, today: date) -> DeckLimits:
        """The limits in force today: the new limit raised for an exam ahead."""
        load = self.exam_load(today)
        new_per_day = self.new_per_day if load is None else load.new_today
        return DeckLimits(new_per_day=max(0, new_per_day), reviews_per_day=max(0, self.reviews_per_day))

    def new_room(self, today: date) -> int:
        """New cards the deck may still introduce today (0 once the limit is used up)."""
        return max(0, self.limits(today).new_per_day - self.new_done)

    def review_room(self, today: date) -> int:
        """Reviews the deck may still take today (0 once the limit is used up)."""
        return max(0, self.reviews_per_day - self.reviews_done)

    def over_review_limit(self, today: date) -> bool:
        """More cards are due than the review limit lets through today: the catch-up order applies."""
        return self.due_cards > self.review_room(today)


def new_bound(room: int, margin: int = NEW_MARGIN) -> int:
    """How many of a deck's new cards the reader fetches for `room`: none when there is no room."""
    return room * 2 + margin if room > 0 else 0


@dataclass(frozen=True, slots=True)
class DayInputs:
    """Everything `plan_day` needs (see the module docstring for what the reader puts in each field).

    Attributes:
        today: The review day.
        decks: The decks planned for, in any order.
        reviews: Every active card due on or before today, of those decks.
        new_cards: Per deck, its first new cards in notes order (a prefix, or all of them).
        seen_today: Sibling groups of the cards graded today.
        complete_reviews: Decks whose cards in `reviews` are known to be all of their candidates, even
            when fewer than the deck's count (the reader's `--reverse` filter leaves the forward ones
            out); for the others a shorter list is a prefix.
        complete_new: The same for `new_cards`.
        grades_today: (card id, grade) of today's standing scheduled and repeat grades of the planned
            decks' active cards, oldest first: what `owed_repeats` reads.
    """

    today: date
    decks: Sequence[DeckDay]
    reviews: Sequence[QueueCard]
    new_cards: Mapping[str, Sequence[QueueCard]]
    seen_today: Collection[str] = frozenset()
    complete_reviews: Collection[str] = frozenset()
    complete_new: Collection[str] = frozenset()
    grades_today: Sequence[tuple[int, int]] = ()


@dataclass(frozen=True, slots=True)
class DeckPlan:
    """One deck's part of the day.

    Attributes:
        deck: The deck's name.
        due: Reviews in today's queue (what the quiz will show).
        new: New cards in today's queue.
        due_total: Active cards due on or before today, before the limit and siblings.
        new_total: Active cards never seen.
        reviews_done: Reviews already done today.
        new_done: New cards already introduced today.
        exam: The exam's load today, if an exam is ahead.
        backlog: Set when more cards are due than the review limit lets through today.
    """

    deck: str
    due: int
    new: int
    due_total: int
    new_total: int
    reviews_done: int
    new_done: int
    exam: ExamLoad | None = None
    backlog: Backlog | None = None


if TYPE_CHECKING:
    class DeckPlanJson(TypedDict):
        """One deck in `flashcards due --json`."""

        deck: str
        due: int
        new: int


    class DayPlanJson(TypedDict):
        """`flashcards due --json`: today's queue counts, in all and per deck."""

        today: str
        due: int
        new: int
        decks: list[DeckPlanJson]


@dataclass(frozen=True, slots=True)
class DayPlan:
    """Today's queue and its counts, which are counted from it.

    Attributes:
        today: The review day.
        queue: Card ids in the order the quiz shows them.
        decks: Each planned deck, in code-point order of the name.
        incomplete: Decks whose new-card prefix was too short to decide their part; the reader reads
            them in full and plans again. Empty in every plan a caller gets from the reader.
        repeats: Cards graded below 4 today whose repeat is still owed (`owed_repeats`): a quiz
            started again the same day shows them after the queue, as the session that graded them
            promised. Not counted in `due` or `new`: they were studied today already.
    """

    today: date
    queue: tuple[int, ...]
    decks: tuple[DeckPlan, ...]
    incomplete: frozenset[str] = frozenset()
    repeats: tuple[int, ...] = ()

    @property
    def due(self) -> int:
        """Reviews in today's queue, all decks."""
        return sum(deck.due for deck in self.decks)

    @property
    def new(self) -> int:
        """New cards in today's queue, all decks."""
        return sum(deck.new for deck in self.decks)

    def to_dict(self) -> DayPlanJson:
        """The `due --json` shape."""
        return {"today": self.today.isoformat(), "due": self.due, "new": self.new,
                "decks": [{"deck": deck.deck, "due": deck.due, "new": deck.new} for deck in self.decks]}

    def deck(self, name: str) -> DeckPlan | None:
        """The named deck's part, or None when it was not planned."""
        return next((deck for deck in self.decks if deck.deck == name), None)

    def notices(self) -> list[str]:
        """What the learner is told before the first card: exam loads, then backlogs to catch up on."""
        loads = sorted((deck.exam for deck in self.decks if deck.exam is not None), key=lambda load: load.deck)
        return [load.describe() for load in loads] + [
            deck.backlog.describe() for deck in self.decks if deck.backlog is not None]


def owed_repeats(grades_today: Iterable[tuple[int, int]]) -> tuple[int, ...]:
    """The cards whose last grade today was below 4: a repeat is owed (the session's rule, SuperMemo's
    step 7), in the order of those last grades.

    `grades_today` is (card id, grade) of today's standing scheduled and repeat grades, oldest first.
    A card that later scored 4 or more today owes nothing.
    """
    last: dict[int, int] = {}
    for card_id, grade in grades_today:
        last.pop(card_id, None)  # re-inserted: the dict keeps the order of each card's last grade
        last[card_id] = grade
    return tuple(card_id for card_id, grade in last.items() if grade < CORRECT_GRADE)


def plan_day(inputs: DayInputs) -> DayPlan:
    """Today's queue (`queue.build_queue`) and each deck's counts, counted from that queue.

    Raises:
        ValueError: A card is listed twice, or a card's deck is not among `inputs.decks`.
    """
    today = inputs.today
    decks = sorted(inputs.decks, key=lambda deck: deck.name)
    names = {deck.name for deck in decks}
    limits = {deck.name: deck.limits(today) for deck in decks}
    done = {deck.name: DoneToday(new=deck.new_done, reviews=deck.reviews_done) for deck in decks}
    cards: list[QueueCard] = list(inputs.reviews)
    for new_cards in inputs.new_cards.values():
        cards.extend(new_cards)
    deck_of: dict[int, str] = {}
    new_ids: set[int] = set()
    due_in: dict[str, int] = {}
    for card in cards:
        if card.deck not in names:
            raise ValueError(f"card {card.id} is in deck {card.deck!r}, which is not planned")
        deck_of[card.id] = card.deck
        if card.due is None:
            new_ids.add(card.id)
        elif card.status == Status.ACTIVE and card.due <= today:
            due_in[card.deck] = due_in.get(card.deck, 0) + 1
    due_count = {deck.name: due_in.get(deck.name, 0) if deck.name in inputs.complete_reviews else deck.due_cards
                 for deck in decks}
    catch_up = any(due_count[deck.name] > deck.review_room(today) for deck in decks)
    queue = build_queue(cards, today, limits=limits, done_today=done, seen_today=inputs.seen_today,
                        catch_up=catch_up)
    queued = set(queue)
    queued_due: dict[str, int] = {}
    queued_new: dict[str, int] = {}
    for card_id in queue:
        counts = queued_new if card_id in new_ids else queued_due
        deck_name = deck_of[card_id]
        counts[deck_name] = counts.get(deck_name, 0) + 1
    found = {}
    for deck in decks:  # as `queue.backlogs` finds them, from the counts made above
        room = deck.review_room(today)
        if due_count[deck.name] > room:
            found[deck.name] = Backlog(deck=deck.name, due=due_count[deck.name], room=room,
                                       limit=limits[deck.name].reviews_per_day)
    incomplete = frozenset(
        deck.name for deck in decks
        if (deck.name not in inputs.complete_new and len(inputs.new_cards.get(deck.name, ())) < deck.new_cards
            and queued_new.get(deck.name, 0) < deck.new_room(today))
        or (deck.name not in inputs.complete_reviews and due_in.get(deck.name, 0) < deck.due_cards
            and queued_due.get(deck.name, 0) < deck.review_room(today))
    )
    return DayPlan(
        today=today,
        queue=tuple(queue),
        decks=tuple(
            DeckPlan(deck=deck.name, due=queued_due.get(deck.name, 0), new=queued_new.get(deck.name, 0),
                     due_total=deck.due_cards, new_total=deck.new_cards, reviews_done=deck.reviews_done,
                     new_done=deck.new_done, exam=deck.exam_load(today), backlog=found.get(deck.name))
            for deck in decks
        ),
        incomplete=incomplete,
        repeats=tuple(card_id for card_id in owed_repeats(inputs.grades_today) if card_id not in queued),
    )
