"""Suspending, unsuspending and resetting stored cards: the core's rules applied to the chosen rows.

The collection picks the cards (by id or search, in one transaction) and calls one of these on each;
what a change means is `flashcards.core.card_changes`, so this only writes its answer onto the row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from flashcards.core.card_changes import needs_reset, reset_state, suspended, unsuspended

if TYPE_CHECKING:
    from flashcards.storage.models import Card

# A change applied to one stored card at `now`; True when it changed the card.
CardChange = Callable[["Card", datetime], bool]


@dataclass(frozen=True)
class ChangedCard:
    """A card a command changed: its id and front, as the report names it."""

    id: int
    front: str


@dataclass(frozen=True)
class ChosenCard:
    """A card a search chose, as the preview before a change shows it."""

    id: int
    deck: str
    front: str


@dataclass(frozen=True)
class CardChanges:
    """What a card command did: the cards it changed, and how many it matched in all."""

    changed: tuple[ChangedCard, ...]
    matched: int

    @property
    def already(self) -> int:
        """Matched cards that were already so (left unchanged)."""
        return self.matched - len(self.changed)


def suspend(card: Card, now: datetime) -> bool:
    status = suspended(card.status)
    if status is None:
        return False
    card.status = status.value
    return True


def unsuspend(card: Card, now: datetime) -> bool:
    status = unsuspended(card.status)
    if status is None:
        return False
    card.status = status.value
    return True


def reset(card: Card, now: datetime) -> bool:
    """Start the card over as new, and note when: the replay of its log starts from there."""
    if not needs_reset(repetitions=card.repetitions, ef_hundredths=card.ef_hundredths, due=card.due,
                       lapses=card.lapses):
        return False
    card.repetitions, card.ef_hundredths, card.interval, card.due, card.lapses = reset_state().scheduling_fields
    # FSRS's memory state goes too (an FSRS deck's card starts over as FSRS's new card).
    card.fsrs_stability = card.fsrs_difficulty = card.fsrs_reviewed_on = None
    card.reset_at = now
    return True
