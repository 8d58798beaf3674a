"""The daily queue: which cards to study today, in which order (pure: the caller loads the cards).

The rules (DESIGN.md §3), each pinned by `tests/test_queue.py`:

1. Only active cards. Suspended and retired cards are never queued.
2. **Due reviews first** (a due date on or before today), most overdue first, i.e. the earliest due
   date first; ties in the order of the notes (`position`), then by deck name and id so the order is
   fully determined.
3. **Then new cards** (no due date), deck by deck in deck-name order and, within a deck, in the order
   they appear in the notes: a deck is read like a book, and one subject at a time is easier than two
   decks interleaved.
4. **Daily limits per deck**: at most `reviews_per_day` reviews and `new_per_day` new cards a day, minus
   what was already done today (a second session the same day gets only what is left). A deck without
   limits of its own gets the defaults, 20 new and 200 reviews.
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
builds `seen_today` with the same function from the cards graded today.
"""

from __future__ import annotations


import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from flashcards.core.vocabulary import Status, plural

__all__ = ["Backlog", "DeckLimits", "DoneToday", "QueueCard", "backlogs", "build_queue", "sibling_group"]

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
    """A deck's daily limits."""

    new_per_day: int = 20
    reviews_per_day: int = 200

    def __post_init__(self) -> None:
        if self.new_per_day < 0 or self.reviews_per_day < 0:
            raise ValueError(
                f"daily limits must be >= 0, got {self.new_per_day} new, {self.reviews_per_day} reviews"
            )


@dataclass(frozen=True, slots=True)
class DoneToday:
    """What a deck already used of today's limits: scheduled grades given today, not undone."""

    new: int = 0
    reviews: int = 0


def build_queue(
    cards: Iterable[QueueCard],
    today: date,
    *,
    limits: Mapping[str, DeckLimits] | None = None,
    done_today: Mapping[str, DoneToday] | None = None,
    seen_today: Collection[str] = frozenset(),
    catch_up: bool | None = None,
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

    Returns:
        Card ids: due reviews (most overdue first), then new cards (deck by deck, notes order).

    Raises:
        ValueError: Two candidates have the same id.
    """
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
    new.sort(key=lambda card: (card.deck, card.position, card.id))

    taken_groups = set(seen_today)
    queue: list[int] = []
    review_room = {
        deck: limits.get(deck, DeckLimits()).reviews_per_day - done_today.get(deck, DoneToday()).reviews
        for deck in {card.deck for card in reviews}
    }
    due_per_deck: dict[str, int] = {}
    for card in reviews:
        due_per_deck[card.deck] = due_per_deck.get(card.deck, 0) + 1
    if catch_up is None:
        catch_up = any(count > review_room[deck] for deck, count in due_per_deck.items())
    if catch_up:
        # Stable sort: equal risks keep the most-overdue-first order made above.
        risks = _risks(reviews, today)
        order = sorted(range(len(reviews)), key=lambda index: -risks[index])
        reviews = [reviews[index] for index in order]
    new_room = {
        deck: limits.get(deck, DeckLimits()).new_per_day - done_today.get(deck, DoneToday()).new
        for deck in {card.deck for card in new}
    }
    _take(reviews, room=review_room, taken_groups=taken_groups, queue=queue)
    _take(new, room=new_room, taken_groups=taken_groups, queue=queue)
    return queue


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
    """A deck whose due reviews exceed what its daily limit lets through today.

    Attributes:
        deck: The deck's name.
        due: Active cards due on or before today.
        room: Reviews its limit still allows today (0 when used up).
        limit: Its reviews per day.
    """

    deck: str
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
        if self.days is None:
            return (f"{plural(self.due, 'review')} {'is' if self.due == 1 else 'are'} due in {self.deck} but its review limit is 0 a day: "
                    "nothing will be reviewed until it is raised.")
        today = f"{self.room} today, then " if 0 < self.room < self.limit else ""
        return (
            f"Catching up in {self.deck}: {plural(self.due, 'review')} due, at {today}{self.limit} a day that is "
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
        room = max(0, limit - done_today.get(deck, DoneToday()).reviews)
        if due[deck] > room:
            found.append(Backlog(deck=deck, due=due[deck], room=room, limit=limit))
    return found


def _take(
    candidates: list[QueueCard], *, room: dict[str, int], taken_groups: set[str], queue: list[int]
) -> None:
    """Append candidates in order while their deck has room and no sibling is taken (updates all three)."""
    for card in candidates:
        if room[card.deck] <= 0:
            continue
        group = card.group
        if group is not None:
            if group in taken_groups:
                continue
            taken_groups.add(group)
        room[card.deck] -= 1
        queue.append(card.id)
