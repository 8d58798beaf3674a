"""What `flashcards cards` lists: one row per card, with the JSON shape `cards --json` prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from flashcards.storage.models import Card


class CardSourceJson(TypedDict):
    """Where a card comes from in the notes."""

    path: str
    line: int


class CardJson(TypedDict):
    """The `cards --json` contract for one card (key order is the order printed)."""

    id: int
    key: str
    deck: str
    kind: str
    front: str
    back: str
    status: str
    state: str
    repetitions: int
    ef_hundredths: int
    interval: int
    due: str | None
    lapses: int
    tags: list[str]
    context: list[str]
    source: CardSourceJson


@dataclass(frozen=True)
class CardRow:
    """One card as the browser shows it: its content, where it comes from and its SM-2 state.

    `state` is the card state word (`new`, `learning`, ...) from `flashcards.core.vocabulary.card_state`,
    decided once when the row is made so the table and the JSON cannot say different things.
    """

    id: int
    key: str
    deck: str
    kind: str
    front: str
    back: str
    status: str
    state: str
    repetitions: int
    ef_hundredths: int
    interval: int
    due: date | None
    lapses: int
    tags: tuple[str, ...]
    context: tuple[str, ...]
    source_path: str
    source_line: int

    @property
    def source(self) -> str:
        """`file:line`, as the table shows it."""
        return f"{self.source_path}:{self.source_line}"

    def to_dict(self) -> CardJson:
        return {
            "id": self.id, "key": self.key, "deck": self.deck, "kind": self.kind, "front": self.front,
            "back": self.back, "status": self.status, "state": self.state,
            "repetitions": self.repetitions, "ef_hundredths": self.ef_hundredths, "interval": self.interval,
            "due": self.due.isoformat() if self.due else None, "lapses": self.lapses,
            "tags": list(self.tags), "context": list(self.context),
            "source": {"path": self.source_path, "line": self.source_line},
        }


def card_row(card: Card, deck: str) -> CardRow:
    """The row of one stored card (read inside the session that loaded it)."""
    from flashcards.core.vocabulary import card_state

    return CardRow(
        id=card.id, key=card.key, deck=deck, kind=card.kind, front=card.front, back=card.back,
        status=card.status, state=card_state(card.status, card.due, card.interval),
        repetitions=card.repetitions, ef_hundredths=card.ef_hundredths, interval=card.interval,
        due=card.due, lapses=card.lapses, tags=tuple(card.tags.split()), context=tuple(card.context),
        source_path=card.source_path, source_line=card.source_line,
    )
