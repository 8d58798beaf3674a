"""Which cloze cards are one Anki Cloze note, and where each hides its words (pure).

The extractor makes one card per deletion of a sentence (`==a== and ==b==`) or per cloze number
(`{{c1::a}} {{c2::b}}`): every card of the sentence has the same answer (the whole sentence) and a
question that is the answer with its own piece written `[...]` (or `[hint]`). In Anki those cards are
one Cloze note whose Text holds every deletion, `{{c1::a}} and {{c2::b}}`, and card ord k is the
deletion `c(k+1)`: so Anki buries them as siblings, as it does a term and its reverse.

This module is the rule both directions share: the export (`export.notes`) writes the note, and
`flashcards import-anki` (`core.anki_merge.match_cards`) maps Anki's card ord k back to our card k.
Card k is the group's k-th card in notes order (position, then id); the note's GUID is card 0's.

A group holds together only when every card's deletion is found again in the sentence and no two
pieces overlap (a cloze number used twice hides two pieces: each becomes a `{{cN::}}` of the same N):
then it is one note; otherwise each of its cards stays a note of its own, as a lone cloze card is.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Protocol

from flashcards.core.vocabulary import Kind

__all__ = ["ClozeCard", "Deletion", "Piece", "cloze_groups", "deletion", "deletions"]

# What a cloze card's question shows in place of the hidden words: `[...]`, or `[hint]`.
_BLANK = re.compile(r"\[[^\[\]\n]*\]")


@dataclass(frozen=True, slots=True)
class Piece:
    """One hidden piece of the sentence: `answer[start:end]`, and its hint ("" for none)."""

    start: int
    end: int
    hint: str


@dataclass(frozen=True, slots=True)
class Deletion:
    """What one cloze card hides of its sentence: one piece, or several for a cloze number used twice."""

    pieces: tuple[Piece, ...]


class ClozeCard(Protocol):
    """What grouping reads of a card."""

    @property
    def kind(self) -> str: ...

    @property
    def front(self) -> str: ...

    @property
    def back(self) -> str: ...


def deletion(front: str, back: str) -> Deletion | None:
    """Where the card's question hides pieces of its answer, or None when they cannot be found.

    Each blank of the question is tried in turn as the one piece hidden: the first whose surroundings
    are the answer's gives it (a question may hold a bracket of its own, `[x]`, besides its blank).
    Failing that, every blank is a piece (a cloze number used twice), the text between them the
    answer's. A piece is on one line and holds no `::` or `}}`, which Anki's cloze syntax would misread.
    """
    blanks = list(_BLANK.finditer(front))
    for blank in blanks:
        before, after = front[:blank.start()], front[blank.end():]
        if len(back) <= len(before) + len(after) or not back.startswith(before) or not back.endswith(after):
            continue
        piece = Piece(len(before), len(back) - len(after), _hint(blank))
        if _fits(back, piece):
            return Deletion((piece,))
    if len(blanks) < 2:
        return None
    texts = [front[:blanks[0].start()], *(front[a.end():b.start()] for a, b in zip(blanks, blanks[1:], strict=False)),
             front[blanks[-1].end():]]
    match = re.fullmatch("(.+?)".join(re.escape(text) for text in texts), back, re.DOTALL)
    if match is None:
        return None
    pieces = tuple(Piece(match.start(n), match.end(n), _hint(blank)) for n, blank in enumerate(blanks, start=1))
    return Deletion(pieces) if all(_fits(back, piece) for piece in pieces) else None


def _hint(blank: re.Match[str]) -> str:
    hint = blank.group(0)[1:-1]
    return "" if hint == "..." else hint


def _fits(back: str, piece: Piece) -> bool:
    hidden = back[piece.start:piece.end]
    return bool(hidden) and "\n" not in hidden and "::" not in hidden and "}}" not in hidden


def cloze_groups(cards: Sequence[ClozeCard], place: Sequence[Hashable]) -> dict[int, tuple[int, ...]]:
    """The cloze notes of more than one card: the index of the group's first card -> its cards, ord order.

    `cards` are in notes order; `place[n]` says where card n comes from (its deck, file and heading
    path): cloze cards with the same place and the same answer are one sentence's. A group whose
    deletions do not hold together (module docstring) is left out: its cards are notes of their own.
    """
    sentences: dict[tuple[Hashable, str], list[int]] = {}
    for n, card in enumerate(cards):
        if card.kind == Kind.CLOZE:
            sentences.setdefault((place[n], card.back), []).append(n)
    groups: dict[int, tuple[int, ...]] = {}
    for members in sentences.values():
        if len(members) > 1 and _holds_together([cards[n] for n in members]):
            groups[members[0]] = tuple(members)
    return groups


def deletions(cards: Sequence[tuple[str, str]]) -> list[Deletion] | None:
    """Each (question, answer) card's deletion, when all are found and none overlaps another."""
    found = [deletion(front, back) for front, back in cards]
    if any(item is None for item in found):
        return None
    spans = sorted((piece.start, piece.end) for item in found if item is not None for piece in item.pieces)
    if any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:], strict=False)):
        return None
    return [item for item in found if item is not None]


def _holds_together(cards: Sequence[ClozeCard]) -> bool:
    return deletions([(card.front, card.back) for card in cards]) is not None
