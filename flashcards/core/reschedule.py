"""A deck's scheduler changes: what the replay of its log under the new one does to its cards (pure).

Switching a deck between SM-2 and FSRS (or changing FSRS's retention or parameters) replays every
card's standing log under the new scheduler (`core.replay`), so the stored states keep equalling the
replay and nothing of the history is lost: the reviews are read, never written. The learner sees the
plan first (`ReschedulePlan`: how many cards change, a few examples) and says yes.

Only n, EF, I, due, lapses and FSRS's memory state are taken from the replay; status and tags stay as
the learner left them (suspending by hand is not in the log, and the leech rule counts the same lapses
under both schedulers).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from flashcards.core.schedulers import DeckScheduler
from flashcards.core.scheduling import CardState

__all__ = ["EXAMPLES", "CardChange", "ReschedulePlan", "plan_reschedule", "rescheduled"]

EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class CardChange:
    """One card whose schedule the replay moves.

    Attributes:
        card_id: The card.
        front: Its question (for the example lines).
        due_before / due_after: Its due date now and after the switch.
        interval_before / interval_after: Its interval in days now and after.
    """

    card_id: int
    front: str
    due_before: date | None
    due_after: date | None
    interval_before: int
    interval_after: int


@dataclass(frozen=True, slots=True)
class ReschedulePlan:
    """What switching `deck` from `before` to `after` does.

    Attributes:
        deck: The deck's name.
        before / after: The scheduler now and the one asked for.
        cards: Cards of the deck.
        reviewed: Cards with at least one standing grade (the others stay new either way).
        changed: Cards whose due date or interval moves.
        examples: Up to `EXAMPLES` of those, the earliest due first.
        reviews: Standing reviews replayed (all of them stay in the log).
    """

    deck: str
    before: DeckScheduler
    after: DeckScheduler
    cards: int
    reviewed: int
    changed: int
    examples: tuple[CardChange, ...]
    reviews: int

    @property
    def same(self) -> bool:
        """Whether the scheduler asked for is the one the deck has."""
        return self.before == self.after


def rescheduled(stored: CardState, replayed: CardState) -> CardState:
    """The card's new state: the replay's scheduling fields and memory, the stored status and tags."""
    return replace(replayed, status=stored.status, tags=stored.tags)


def plan_reschedule(deck: str, before: DeckScheduler, after: DeckScheduler,
                    cards: Iterable[tuple[int, str, CardState, CardState, int]]) -> ReschedulePlan:
    """The plan from each card's `(id, front, stored state, replay under `after`, standing reviews)`."""
    count = reviewed = reviews = 0
    changes: list[CardChange] = []
    for card_id, front, stored, replayed, standing in cards:
        count += 1
        reviews += standing
        if standing:
            reviewed += 1
        if (stored.due, stored.interval) != (replayed.due, replayed.interval):
            changes.append(CardChange(card_id, front, stored.due, replayed.due, stored.interval, replayed.interval))
    examples = sorted(changes, key=lambda change: (change.due_after or date.max, change.card_id))[:EXAMPLES]
    return ReschedulePlan(deck=deck, before=before, after=after, cards=count, reviewed=reviewed,
                          changed=len(changes), examples=tuple(examples), reviews=reviews)
