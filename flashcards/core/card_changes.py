"""What `suspend`, `unsuspend` and `reset` do to one card: pure rules, decided here once.

Each rule says whether the card changes and to what; a card already so is left alone (and the command
reports it as "already so"), so running a command twice changes nothing the second time.
"""

from __future__ import annotations

from datetime import date

from flashcards.core.scheduling import CardState
from flashcards.core.vocabulary import Status


def suspended(status: str) -> Status | None:
    """The status after `suspend`: only an active card is suspended (a retired card stays retired)."""
    return Status.SUSPENDED if status == Status.ACTIVE else None


def unsuspended(status: str) -> Status | None:
    """The status after `unsuspend`: only a suspended card (a leech too) comes back."""
    return Status.ACTIVE if status == Status.SUSPENDED else None


def reset_state() -> CardState:
    """What `reset` starts a card over as: SM-2's new item (n = 0, the initial EF, I = 0, not due, no lapses)."""
    return CardState.new()


def needs_reset(*, repetitions: int, ef_hundredths: int, due: date | None, lapses: int) -> bool:
    """Whether `reset` would change the card: False for one that is already a new item.

    The interval is not compared: a card with no due date was never scheduled, whatever it says.
    """
    new = reset_state()
    return not (due is None and repetitions == new.repetitions and lapses == new.lapses
                and ef_hundredths == new.ef_hundredths)
