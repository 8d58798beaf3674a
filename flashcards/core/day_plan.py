"""The day's plan: today's queue and every count of it, from one function (pure).

`flashcards due`, `decks`, the quiz, the exam planner and stats used to count today's work each in their
own way, and the copies drifted: `due` counted cards whose sibling the quiz holds back, so it promised
work the quiz then did not show. Now each of them calls `plan_day` on the same inputs, and the counts are
*counted from the queue*, so they cannot disagree with it.

**The load is the collection's** (DESIGN.md §3): a budget of new cards and of reviews a day (settings
`new_per_day` and `reviews_per_day`, 20 and 200 by default) shared by every active deck, so ten notes
files do not mean ten times the work. It is shared in the queue's own order (`queue` rules 2 to 4):
reviews most overdue first (lowest predicted recall first when catching up) whatever their deck, new
cards deck by deck in name order, each deck read like a book until the budget is used up. Name order
rather than a round robin because it is what the learner can predict and steer from `flashcards decks`
(the list is in that order), and because one subject at a time is what rule 3 chose. A deck's own limit
(`decks set`, None when it has none) only caps its share. A deck with an exam ahead comes first and
takes its exam's load (`exam.exam_load`, at least its usual limit) even beyond the budget: the exam's
plan promised that many a day. What it takes still uses the budget up for the others. What was done
today counts against the budget whichever deck it was done in, so a plan of a few named decks (`quiz
--deck git`) shares what is left of the day's budget among them. Suspended and retired decks are not
planned at all (the reader leaves them out).

The inputs are what the store reads (`storage/day_rows.py`, on the SQLAlchemy path and on the `sqlite3`
fast path alike, with the same SQL text):

- the collection's budget and what every deck used of it today (`queue.Budget`);
- per deck, its own limits, its exam date and four counts: active cards due on or before today, active
  cards never seen, and the scheduled grades given today (not undone) on cards that were already due
  (reviews done) or new (new cards done);
- the sibling groups graded today (`queue.sibling_group`);
- per deck, its active cards due on or before today: all of them, or, for a deck with more than its
  share can take (a catch-up backlog, `queue` rule 6), a *prefix* in the catch-up order (lowest
  predicted recall first), as the SQL can compute that order;
- per deck, a *prefix* of its new cards in notes order.

A prefix holds `new_bound(room)` cards, where `room` is the most the deck's share can be today
(`DeckDay.new_share`, `DeckDay.review_share`): what its own limit (for new cards raised for an exam
ahead) still allows, and no more than what is left of the budget, since a share never exceeds either.
A term with two directions gives two cards side by side and the queue takes one, so twice the room
plus a margin covers a deck of pairs. The queue takes candidates in order while their deck's room and
the budget last, and the rooms only ever shrink: once a deck's candidate was refused for want of room,
every later card of that deck would have been refused too, so the cards after a prefix never matter.
Only a deck whose *last* candidate still left room (`queue.QueueFill`: all of its prefix was taken or
skipped for a sibling) may be missing a card: when its prefix falls short (the deck has more cards),
the plan names it in `incomplete`, and the reader reads that deck in full and plans again. So a short
prefix only ever costs time, never a card. (At 100,000 cards this reads 3,000 of 10,500 due cards, on
the path of `flashcards due`.)

The queue rules themselves are `queue.build_queue`'s; this module adds the budget, the exam's raised
new limit (`exam.exam_load`), the backlogs and the per-deck counts.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flashcards.core.queue import Backlog, Budget, DeckLimits, DoneToday, QueueCard, fill_queue
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
        new_per_day: Its own cap on new cards a day; None: the budget alone decides its share.
        reviews_per_day: Its own cap on reviews a day; None: the budget alone decides its share.
        exam_date: Its exam day, if one is set (the limit is raised only while it is ahead).
        due_cards: Active cards due on or before today.
        new_cards: Active cards never seen (no due date).
        reviews_done: Scheduled grades today, not undone, on cards that had a due date.
        new_done: Scheduled grades today, not undone, on cards seen for the first time.
    """

    name: str
    new_per_day: int | None
    reviews_per_day: int | None
    exam_date: date | None
    due_cards: int
    new_cards: int
    reviews_done: int
    new_done: int

    def exam_ahead(self, today: date) -> bool:
        """An exam is set and still ahead: the deck comes first and its new limit may be raised."""
        return self.exam_date is not None and self.exam_date > today

    def exam_load(self, today: date, budget: Budget | None = None) -> ExamLoad | None:
        """What an exam ahead asks of the deck today; None without an exam ahead.

        The usual limit it raises is the deck's own, or the budget's for a deck without one. `unseen`
        is counted at the start of the day (still new plus introduced today), so the raised limit does
        not shrink while the learner works through it.
        """
        if self.exam_date is None or self.exam_date <= today:
            return None
        from flashcards.core.exam import exam_load

        usual = self.new_per_day if self.new_per_day is not None else (budget or Budget()).new_per_day
        return exam_load(deck=self.name, exam_date=self.exam_date, today=today,
                         unseen=self.new_cards + self.new_done, new_per_day=usual, new_done=self.new_done)

    def limits(self, today: date, budget: Budget | None = None) -> DeckLimits:
        """The deck's own limits in force today (None: no cap of its own), new raised for an exam ahead."""
        load = self.exam_load(today, budget)
        new_per_day = self.new_per_day if load is None else load.new_today
        return DeckLimits(new_per_day=None if new_per_day is None else max(0, new_per_day),
                          reviews_per_day=None if self.reviews_per_day is None else max(0, self.reviews_per_day))

    def new_share(self, today: date, budget: Budget | None = None) -> int:
        """The most new cards the deck may still introduce today: its own room, within the budget's
        unless an exam ahead lifts it (0 once used up)."""
        budget = budget or Budget()
        own = self.limits(today, budget).new_per_day
        room = None if own is None else max(0, own - self.new_done)
        if self.exam_ahead(today):
            assert room is not None  # an exam's load is a number
            return room
        return budget.new_room if room is None else min(room, budget.new_room)

    def review_room(self, today: date) -> int | None:
        """Reviews the deck's own limit still allows today; None without a limit of its own."""
        if self.reviews_per_day is None:
            return None
        return max(0, self.reviews_per_day - self.reviews_done)

    def review_share(self, today: date, budget: Budget | None = None) -> int:
        """The most reviews the deck may still take today: its own room within the budget's."""
        budget = budget or Budget()
        own = self.review_room(today)
        return budget.review_room if own is None else min(own, budget.review_room)

    def over_review_limit(self, today: date, budget: Budget | None = None) -> bool:
        """More cards are due than the deck's share can take today: the catch-up order applies."""
        return self.due_cards > self.review_share(today, budget)


def new_bound(room: int, margin: int = NEW_MARGIN) -> int:
    """How many of a deck's new cards the reader fetches for `room`: none when there is no room."""
    return room * 2 + margin if room > 0 else 0


@dataclass(frozen=True, slots=True)
class DayInputs:
    """Everything `plan_day` needs (see the module docstring for what the reader puts in each field).

    Attributes:
        today: The review day.
        decks: The decks planned for, in any order (active decks only).
        reviews: Every active card due on or before today, of those decks.
        new_cards: Per deck, its first new cards in notes order (a prefix, or all of them).
        seen_today: Sibling groups of the cards graded today.
        complete_reviews: Decks whose cards in `reviews` are known to be all of their candidates, even
            when fewer than the deck's count (the reader's `--reverse` filter leaves the forward ones
            out); for the others a shorter list is a prefix.
        complete_new: The same for `new_cards`.
        grades_today: (card id, grade) of today's standing scheduled and repeat grades of the planned
            decks' active cards, oldest first: what `owed_repeats` reads.
        budget: The collection's budget and what every deck (planned or not) used of it today.
        paused: Suspended or retired decks the caller named: not planned, said in `notices`.
    """

    today: date
    decks: Sequence[DeckDay]
    reviews: Sequence[QueueCard]
    new_cards: Mapping[str, Sequence[QueueCard]]
    seen_today: Collection[str] = frozenset()
    complete_reviews: Collection[str] = frozenset()
    complete_new: Collection[str] = frozenset()
    grades_today: Sequence[tuple[int, int]] = ()
    budget: Budget = Budget()
    paused: Sequence[tuple[str, str]] = ()


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
        backlog: Set when more cards are due than the deck's own review limit lets through today.
        new_per_day: The deck's own cap on new cards a day (None: the budget decides).
        reviews_per_day: The deck's own cap on reviews a day (None: the budget decides).
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
    new_per_day: int | None = None
    reviews_per_day: int | None = None


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
        budget: The collection's budget the decks shared, and what was used of it today.
        backlog: Set when more cards are due in the planned decks than the review budget lets through.
        paused: (name, status) of the suspended or retired decks the caller named, not planned.
    """

    today: date
    queue: tuple[int, ...]
    decks: tuple[DeckPlan, ...]
    incomplete: frozenset[str] = frozenset()
    repeats: tuple[int, ...] = ()
    budget: Budget = Budget()
    backlog: Backlog | None = None
    paused: tuple[tuple[str, str], ...] = ()

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
        """What the learner is told before the first card: paused decks they named, exam loads, then
        backlogs to catch up on (the collection's, then each deck's)."""
        paused = [f"Deck {name} is suspended; `flashcards decks unsuspend {name}` brings it back."
                  if status == Status.SUSPENDED else f"Deck {name} is retired; its cards are kept only for their history."
                  for name, status in self.paused]
        loads = sorted((deck.exam for deck in self.decks if deck.exam is not None), key=lambda load: load.deck)
        backlogs = [] if self.backlog is None else [self.backlog.describe()]
        return paused + [load.describe() for load in loads] + backlogs + [
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
    """Today's queue (`queue.fill_queue`, with the budget) and each deck's counts, counted from that queue.

    Raises:
        ValueError: A card is listed twice, or a card's deck is not among `inputs.decks`.
    """
    today = inputs.today
    budget = inputs.budget
    decks = sorted(inputs.decks, key=lambda deck: deck.name)
    names = {deck.name for deck in decks}
    limits = {deck.name: deck.limits(today, budget) for deck in decks}
    done = {deck.name: DoneToday(new=deck.new_done, reviews=deck.reviews_done) for deck in decks}
    first = frozenset(deck.name for deck in decks if deck.exam_ahead(today))
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
    own_room = {deck.name: deck.review_room(today) for deck in decks}
    total_due = sum(due_count.values())
    catch_up = total_due > budget.review_room or any(
        room is not None and due_count[name] > room for name, room in own_room.items())
    fill = fill_queue(cards, today, limits=limits, done_today=done, seen_today=inputs.seen_today,
                      catch_up=catch_up, budget=budget, first=first)
    queue = fill.queue
    queued = set(queue)
    queued_due: dict[str, int] = {}
    queued_new: dict[str, int] = {}
    for card_id in queue:
        counts = queued_new if card_id in new_ids else queued_due
        deck_name = deck_of[card_id]
        counts[deck_name] = counts.get(deck_name, 0) + 1
    found = {}
    for deck in decks:  # as `queue.backlogs` finds them, from the counts made above
        room = own_room[deck.name]
        limit = limits[deck.name].reviews_per_day
        if room is not None and limit is not None and due_count[deck.name] > room:
            found[deck.name] = Backlog(deck=deck.name, due=due_count[deck.name], room=room, limit=limit)
    backlog = None
    if total_due > budget.review_room:
        backlog = Backlog(deck=None, due=total_due, room=budget.review_room, limit=budget.reviews_per_day)
    incomplete = frozenset(
        deck.name for deck in decks
        if (deck.name not in inputs.complete_new and len(inputs.new_cards.get(deck.name, ())) < deck.new_cards
            and deck.name in fill.open_new)
        or (deck.name not in inputs.complete_reviews and due_in.get(deck.name, 0) < deck.due_cards
            and deck.name in fill.open_reviews)
    )
    return DayPlan(
        today=today,
        queue=tuple(queue),
        decks=tuple(
            DeckPlan(deck=deck.name, due=queued_due.get(deck.name, 0), new=queued_new.get(deck.name, 0),
                     due_total=deck.due_cards, new_total=deck.new_cards, reviews_done=deck.reviews_done,
                     new_done=deck.new_done, exam=deck.exam_load(today, budget), backlog=found.get(deck.name),
                     new_per_day=deck.new_per_day, reviews_per_day=deck.reviews_per_day)
            for deck in decks
        ),
        incomplete=incomplete,
        repeats=tuple(card_id for card_id in owed_repeats(inputs.grades_today) if card_id not in queued),
        budget=budget,
        backlog=backlog,
        paused=tuple(inputs.paused),
    )
