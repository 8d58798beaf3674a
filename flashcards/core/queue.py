"""The daily queue: which cards to study today, in which order (pure: the caller loads the cards).

The rules (DESIGN.md §3), each pinned by `tests/test_queue.py`:

1. Only active cards. Suspended and retired cards are never queued.
2. **Due reviews first** (a due date on or before today), most overdue first, i.e. the earliest due
   date first; ties in the order of the notes (`position`), then by deck name and id so the order is
   fully determined.
3. **Then new cards** (no due date), deck by deck in deck-name order and, within a deck, in the order
   they appear in the notes: a deck is read like a book, and one subject at a time is easier than two
   decks interleaved. Decks in `first` (an exam ahead) come before the others (rule 4).
4. **Daily limits**: at most `reviews_per_day` reviews and `new_per_day` new cards a day, minus what
   was already done today (a second session the same day gets only what is left). Called without a
   `Budget`, each deck has its own limits (the defaults, 20 new and 200 reviews, for a deck without
   any). With a `Budget` (the day's plan always passes one) the limits are the collection's, shared by
   every deck: candidates are taken in the queue's order (reviews as rule 2 or 6 orders them, new
   cards deck by deck as rule 3) until the budget is used up, and a deck's own limit, where it has one
   (None: no cap of its own), only caps its share. The decks in `first` (an exam ahead) take their new
   cards before the others and are not capped by the budget, though what they take still uses it up.
5. **Siblings** (the two directions of one term) are never both in one day's queue, and neither is
   queued if one of them was already graded today. A review beats a new sibling (reviews are chosen
   first), and among reviews the more overdue one wins. A card left out for its sibling does not use up
   any limit, so the next card in line takes its place.
6. **Catch-up** (a learner back from a break): when a deck has more due reviews than room left under
   its daily review limit, the reviews are taken **lowest predicted recall first** instead of most
   overdue first: p = 0.9 ** (t / I), t the days since the card's last review, I its interval
   (`flashcards.core.recall`). Most overdue first would spend the limited days on long-interval cards that
   are only a little late, while short-interval cards, late by many of their own intervals, are
   forgotten. The whole review part of the queue is then ordered this way (decks under their limit
   lose nothing: all their reviews are shown anyway); ties keep rule 2's order, and a card without a
   known last review (`last_review` None and no interval) counts as p = 1, after the others.
   `backlogs` tells the learner how many days the backlog takes at the deck's limit.

Sibling groups: the extractor gives the *reverse* card a `sibling_key` equal to its forward card's
`key`, and the forward card no sibling key at all. The group of a card is therefore its `sibling_key`
if it has one, else its own `key` (`sibling_group`); cards with neither are in no group. The caller
builds `seen_today` with the same function from the cards graded today. The clozes of one sentence are
siblings too: the store gives each the same sibling key (`storage.day_rows`), so one of them a day.
"""

from __future__ import annotations


import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from flashcards.core.recall import RECALL_AT_INTERVAL
from flashcards.core.vocabulary import Status, plural

_LOG_RECALL_AT_INTERVAL = math.log(RECALL_AT_INTERVAL)

__all__ = ["Backlog", "Budget", "DeckLimits", "DoneToday", "QueueCard", "QueueFill", "backlogs", "build_queue",
           "fill_queue", "sibling_group"]

_STATUSES = tuple(Status)


def sibling_group(key: str | None, sibling_key: str | None) -> str | None:
    """The sibling group a card belongs to: its sibling key if it has one, else its own key."""
    return sibling_key if sibling_key is not None else key


@dataclass(slots=True)
class QueueCard:
    """What the queue needs to know about a card, and no more.

    A value: nothing changes one after it is made. It is not `frozen` only because a frozen dataclass
    costs four times as much to build, and the day's plan builds one per due card (10,000 at 100,000
    cards, on the path of `flashcards due`).

    Attributes:
        id: The card's id.
        deck: The card's deck name (limits and counts are per deck).
        due: The review day it is due, or None for a new card.
        position: Its order in its notes (new cards are introduced in this order).
        key: The card's key; a forward card's key is its reverse card's sibling key.
        sibling_key: The key of the card this one is the other direction of, if any.
        status: 'active', 'suspended' or 'retired'.
        interval: Its SM-2 interval in days (0 for a new card); only the catch-up order reads it.
        last_review: The review day of its last scheduled grade, if known; only the catch-up order
            reads it. When None, `due - interval` stands in for it, which is exact unless an exam capped
            the due date (the caller fills it in for those decks).
        recall: FSRS's retrievability today, for a due card of an FSRS deck in the catch-up order
            (None: the 0.9^(t/I) reading of SM-2's interval applies).
    """

    id: int
    deck: str
    due: date | None
    position: int = 0
    key: str | None = None
    sibling_key: str | None = None
    status: str = Status.ACTIVE
    interval: int = 0
    last_review: date | None = None
    recall: float | None = None

    def __post_init__(self) -> None:
        if self.status not in _STATUSES:
            raise ValueError(
                f"card {self.id}: status must be one of {', '.join(_STATUSES)}, got {self.status!r}"
            )

    @property
    def group(self) -> str | None:
        """The card's sibling group (see `sibling_group`)."""
        return sibling_group(self.key, self.sibling_key)


@dataclass(frozen=True, slots=True)
class DeckLimits:
    """A deck's daily limits; None: no cap of its own (only a `Budget` caps it, rule 4)."""

    new_per_day: int | None = 20
    reviews_per_day: int | None = 200

    def __post_init__(self) -> None:
        if (self.new_per_day or 0) < 0 or (self.reviews_per_day or 0) < 0:
            raise ValueError(
                f"daily limits must be >= 0, got {self.new_per_day} new, {self.reviews_per_day} reviews"
            )


@dataclass(frozen=True, slots=True)
class Budget:
    """The collection's daily budget, shared by every deck (rule 4), and what all decks used of it today.

    `new_done` and `reviews_done` count every deck's scheduled grades today, the decks not planned
    included: the budget is the learner's day, whichever deck it went to.
    """

    new_per_day: int = 20
    reviews_per_day: int = 200
    new_done: int = 0
    reviews_done: int = 0

    def __post_init__(self) -> None:
        if self.new_per_day < 0 or self.reviews_per_day < 0:
            raise ValueError(
                f"the daily budget must be >= 0, got {self.new_per_day} new, {self.reviews_per_day} reviews"
            )

    @property
    def new_room(self) -> int:
        """New cards the collection may still introduce today."""
        return max(0, self.new_per_day - self.new_done)

    @property
    def review_room(self) -> int:
        """Reviews the collection may still take today."""
        return max(0, self.reviews_per_day - self.reviews_done)


@dataclass(frozen=True, slots=True)
class DoneToday:
    """What a deck already used of today's limits: scheduled grades given today, not undone."""

    new: int = 0
    reviews: int = 0


@dataclass(frozen=True, slots=True)
class QueueFill:
    """The queue, and where it stopped for each deck (what the day's plan needs to trust a prefix).

    Attributes:
        queue: Card ids in order (`build_queue`'s answer).
        open_reviews: Decks whose last due candidate left room (its own and the budget's): a card of
            theirs after the ones given might have been taken. For every other deck a card after its
            last one would have been refused, as the rooms only shrink.
        open_new: The same for new cards.
    """

    queue: list[int]
    open_reviews: frozenset[str]
    open_new: frozenset[str]


def build_queue(
    cards: Iterable[QueueCard],
    today: date,
    *,
    limits: Mapping[str, DeckLimits] | None = None,
    done_today: Mapping[str, DoneToday] | None = None,
    seen_today: Collection[str] = frozenset(),
    catch_up: bool | None = None,
    budget: Budget | None = None,
    first: Collection[str] = frozenset(),
) -> list[int]:
    """Today's cards to study, in order.

    Args:
        cards: Candidate cards, in any order and of any status (inactive ones are left out here).
        today: The review day.
        limits: Each deck's limits; decks not in it get `DeckLimits()`.
        done_today: What each deck already did today; decks not in it did nothing.
        seen_today: Sibling groups of the cards already graded today.
        catch_up: Whether some deck has more due reviews than room (rule 6). None: count it from
            `cards`; the day's plan says it from its counts, as it passes only a prefix of a backlog.
        budget: The collection's budget shared by every deck (rule 4); None: each deck's own limits only.
        first: Decks whose new cards come first, not capped by the budget (an exam ahead, rule 4).

    Returns:
        Card ids: due reviews (most overdue first), then new cards (deck by deck, notes order).

    Raises:
        ValueError: Two candidates have the same id.
    """
    return fill_queue(cards, today, limits=limits, done_today=done_today, seen_today=seen_today,
                      catch_up=catch_up, budget=budget, first=first).queue


def _room(limit: int | None, done: int) -> int | None:
    return None if limit is None else limit - done


def fill_queue(
    cards: Iterable[QueueCard],
    today: date,
    *,
    limits: Mapping[str, DeckLimits] | None = None,
    done_today: Mapping[str, DoneToday] | None = None,
    seen_today: Collection[str] = frozenset(),
    catch_up: bool | None = None,
    budget: Budget | None = None,
    first: Collection[str] = frozenset(),
) -> QueueFill:
    """`build_queue`, with where each deck's candidates stopped (`QueueFill`)."""
    limits = limits or {}
    done_today = done_today or {}
    reviews: list[QueueCard] = []
    new: list[QueueCard] = []
    ids: set[int] = set()
    for card in cards:
        if card.id in ids:
            raise ValueError(f"card {card.id} is listed twice")
        ids.add(card.id)
        if card.status != Status.ACTIVE:
            continue
        if card.due is None:
            new.append(card)
        elif card.due <= today:
            reviews.append(card)

    reviews.sort(key=lambda card: (card.due, card.position, card.deck, card.id))
    new.sort(key=lambda card: (card.deck not in first, card.deck, card.position, card.id))

    taken_groups = set(seen_today)
    queue: list[int] = []
    review_room = {
        deck: _room(limits.get(deck, DeckLimits()).reviews_per_day, done_today.get(deck, DoneToday()).reviews)
        for deck in {card.deck for card in reviews}
    }
    if catch_up is None:
        due_per_deck: dict[str, int] = {}
        for card in reviews:
            due_per_deck[card.deck] = due_per_deck.get(card.deck, 0) + 1
        catch_up = any(room is not None and due_per_deck[deck] > room for deck, room in review_room.items()) or (
            budget is not None and len(reviews) > budget.review_room)
    if catch_up:
        # Stable sort: equal risks keep the most-overdue-first order made above.
        risks = _risks(reviews, today)
        order = sorted(range(len(reviews)), key=lambda index: -risks[index])
        reviews = [reviews[index] for index in order]
    new_room = {
        deck: _room(limits.get(deck, DeckLimits()).new_per_day, done_today.get(deck, DoneToday()).new)
        for deck in {card.deck for card in new}
    }
    open_reviews = _take(reviews, room=review_room, pool=None if budget is None else [budget.review_room],
                         exempt=frozenset(), taken_groups=taken_groups, queue=queue)
    open_new = _take(new, room=new_room, pool=None if budget is None else [budget.new_room],
                     exempt=first, taken_groups=taken_groups, queue=queue)
    return QueueFill(queue=queue, open_reviews=open_reviews, open_new=open_new)


def _risks(cards: list[QueueCard], today: date) -> list[float]:
    """t / I of each due card: the higher, the lower its predicted recall; 0 when nothing is known.

    Floats, not `recall.elapsed_ratio`'s Fractions, because this sorts tens of thousands of cards on a
    large backlog: t and I are whole numbers of days below 2**20, so two different ratios differ by at
    least 1 / 2**40 relative to their size, far above a float's rounding (2**-52), and the float order
    is exactly the Fraction order (`tests/test_catch_up.py` compares the two). Day ordinals instead of
    date arithmetic, one per distinct date: this runs for every due card of a backlog.
    """
    now = today.toordinal()
    ordinals: dict[date, int] = {}
    risks = []
    for card in cards:
        if card.recall is not None:
            # An FSRS card: its retrievability R read on SM-2's scale, the t / I at which
            # 0.9 ** (t / I) = R, so cards of both schedulers share one order (lowest recall first).
            risks.append(math.log(card.recall) / _LOG_RECALL_AT_INTERVAL if card.recall > 0 else math.inf)
            continue
        interval = card.interval
        last = card.last_review
        if last is not None:
            elapsed = now - last.toordinal()
        elif interval <= 0 or card.due is None:
            risks.append(0.0)
            continue
        else:
            due = card.due
            ordinal = ordinals.get(due)
            if ordinal is None:
                ordinal = ordinals[due] = due.toordinal()
            elapsed = now - ordinal + interval  # the last review was `interval` days before `due`
        risks.append((elapsed if elapsed > 0 else 0) / (interval if interval > 1 else 1))
    return risks


@dataclass(frozen=True, slots=True)
class Backlog:
    """A deck (or the whole collection) whose due reviews exceed what its daily limit lets through today.

    Attributes:
        deck: The deck's name; None for the collection, whose review budget all decks share.
        due: Active cards due on or before today.
        room: Reviews its limit still allows today (0 when used up).
        limit: Its reviews per day.
    """

    deck: str | None
    due: int
    room: int
    limit: int

    @property
    def days(self) -> int | None:
        """Days to clear the backlog at the limit, today included when it still has room.

        Today takes `room` reviews, each day after takes `limit`. Cards that fall due meanwhile are not
        counted, so it is a lower bound; None when the limit is 0 (it never clears).
        """
        if self.limit <= 0:
            return None
        return (1 if self.room > 0 else 0) + math.ceil(max(0, self.due - self.room) / self.limit)

    def describe(self) -> str:
        """One sentence for the learner: the size of the backlog, how long it takes, what comes first."""
        are = 'is' if self.due == 1 else 'are'
        if self.days is None and self.deck is None:
            return (f"{plural(self.due, 'review')} {are} due but the review budget is 0 a day: "
                    "nothing will be reviewed until it is raised (flashcards config reviews-per-day N).")
        if self.days is None:
            return (f"{plural(self.due, 'review')} {are} due in {self.deck} but its review limit is 0 a day: "
                    "nothing will be reviewed until it is raised.")
        today = f"{self.room} today, then " if 0 < self.room < self.limit else ""
        where = "" if self.deck is None else f" in {self.deck}"
        return (
            f"Catching up{where}: {plural(self.due, 'review')} due, at {today}{self.limit} a day that is "
            f"{plural(self.days, 'day')}. The cards you are most likely to have forgotten come first."
        )


def backlogs(
    cards: Iterable[QueueCard],
    today: date,
    *,
    limits: Mapping[str, DeckLimits] | None = None,
    done_today: Mapping[str, DoneToday] | None = None,
) -> list[Backlog]:
    """The decks (in name order) with more active due reviews than room under their review limit."""
    limits = limits or {}
    done_today = done_today or {}
    due: dict[str, int] = {}
    for card in cards:
        if card.status == Status.ACTIVE and card.due is not None and card.due <= today:
            due[card.deck] = due.get(card.deck, 0) + 1
    found = []
    for deck in sorted(due):
        limit = limits.get(deck, DeckLimits()).reviews_per_day
        if limit is None:  # no cap of its own: only a budget's backlog (`day_plan`) can hold it back
            continue
        room = max(0, limit - done_today.get(deck, DoneToday()).reviews)
        if due[deck] > room:
            found.append(Backlog(deck=deck, due=due[deck], room=room, limit=limit))
    return found


def _take(
    candidates: list[QueueCard], *, room: dict[str, int | None], pool: list[int] | None, exempt: Collection[str],
    taken_groups: set[str], queue: list[int],
) -> frozenset[str]:
    """Append candidates in order while their deck has room (its own, and the budget's `pool` unless the
    deck is `exempt`) and no sibling is taken; updates the rooms, the pool, the groups and the queue.

    Returns the decks whose last candidate left room (`QueueFill.open_reviews`).
    """
    left_open: dict[str, bool] = {}
    for card in candidates:
        deck = card.deck
        own = room[deck]
        capped = pool is not None and deck not in exempt
        if (own is not None and own <= 0) or (capped and pool is not None and pool[0] <= 0):
            left_open[deck] = False
            continue
        group = card.group
        if group is not None:
            if group in taken_groups:
                left_open[deck] = True
                continue
            taken_groups.add(group)
        if own is not None:
            own -= 1
            room[deck] = own
        if pool is not None:
            pool[0] -= 1  # an exempt deck uses the budget up too
        queue.append(card.id)
        left_open[deck] = (own is None or own > 0) and not (capped and pool is not None and pool[0] <= 0)
    return frozenset(deck for deck, is_open in left_open.items() if is_open)
