"""What `flashcards cards` lists: one row per card, with the JSON shape `cards --json` prints."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any, TypedDict


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


def listed_rows(rows: Iterable[Sequence[Any]]) -> list[CardRow]:
    """Rows of `storage.queries.list_cards` as `CardRow`s; each distinct heading path and tag list is
    decoded once (100,000 cards share about 2,000 paths)."""
    from flashcards.core.vocabulary import card_state
    from flashcards.storage.stored_values import HeadingPaths, row_day

    paths = HeadingPaths()
    tag_lists: dict[str, tuple[str, ...]] = {}
    listed = []
    for (card_id, key, deck, kind, front, back, status, repetitions, ef, interval, due, lapses, tags, context,
         path, line) in rows:
        due = row_day(due)
        tag_list = tag_lists.get(tags)
        if tag_list is None:
            tag_list = tag_lists[tags] = tuple(tags.split())
        listed.append(CardRow(
            id=card_id, key=key, deck=deck, kind=kind, front=front, back=back, status=status,
            state=card_state(status, due, interval), repetitions=repetitions, ef_hundredths=ef, interval=interval,
            due=due, lapses=lapses, tags=tag_list, context=paths(context), source_path=path, source_line=line))
    return listed


def cards_json(rows: Iterable[CardRow]) -> str:
    """`json.dumps([row.to_dict() for row in rows], indent=2, ensure_ascii=False)`, byte for byte.

    The standard library's C encoder only runs without `indent`; with it, `json` falls back to its
    pure-Python encoder, which took 2.7 s of `cards --json`'s 6 s at 100,000 cards. The shape of one
    card is fixed (`CardJson`: scalars, two lists of strings, one small dict), so the layout is written
    here and every value is still encoded by `json` itself (its C string encoder, `int.__repr__` as
    `json` uses, `null`). `tests/test_card_rows.py` compares the two on generated rows.
    """
    return "".join(cards_json_parts(rows))


def cards_json_parts(rows: Iterable[CardRow], per_part: int = 1_000) -> Iterator[str]:
    """`cards_json` in parts of `per_part` cards, to print as they are made (64 MB at 100,000 cards)."""
    from json.encoder import encode_basestring as text  # the C encoder when available, as json.dumps uses

    def strings(values: tuple[str, ...]) -> str:
        if not values:
            return "[]"
        return "[\n      " + ",\n      ".join([text(value) for value in values]) + "\n    ]"

    items = (
        _CARD_LAYOUT % (
            int.__repr__(row.id), text(row.key), text(row.deck), text(row.kind), text(row.front), text(row.back),
            text(row.status), text(row.state), int.__repr__(row.repetitions), int.__repr__(row.ef_hundredths),
            int.__repr__(row.interval), text(row.due.isoformat()) if row.due else "null", int.__repr__(row.lapses),
            strings(row.tags), strings(row.context), text(row.source_path), int.__repr__(row.source_line))
        for row in rows
    )
    opening = "[\n"
    while part := list(islice(items, per_part)):
        yield opening + ",\n".join(part)
        opening = ",\n"
    yield "[]" if opening == "[\n" else "\n]"


# One card of `cards_json`, laid out as `json.dumps(..., indent=2)` lays out an item of a list.
_CARD_LAYOUT = (
    '  {\n'
    '    "id": %s,\n'
    '    "key": %s,\n'
    '    "deck": %s,\n'
    '    "kind": %s,\n'
    '    "front": %s,\n'
    '    "back": %s,\n'
    '    "status": %s,\n'
    '    "state": %s,\n'
    '    "repetitions": %s,\n'
    '    "ef_hundredths": %s,\n'
    '    "interval": %s,\n'
    '    "due": %s,\n'
    '    "lapses": %s,\n'
    '    "tags": %s,\n'
    '    "context": %s,\n'
    '    "source": {\n'
    '      "path": %s,\n'
    '      "line": %s\n'
    '    }\n'
    '  }'
)
