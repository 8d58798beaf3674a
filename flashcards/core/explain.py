"""What `flashcards import --explain FILE` shows: every line of a note, with what the extractor made of it.

A learner whose note gave fewer cards than expected needs to see, next to their own lines, what the
tool read: which item became which card, which lines it looked at and skipped (and why), and which it
never looked at. This module works that out as plain data, purely, from the note's text and the
`Extraction` the extractor returned for it (no I/O, no Rich, no clock); `flashcards.ui.explain_view`
lays it out in a terminal.

Each line of the note gets:

- **marks** for what starts on it: the cards whose item starts there (a card and its reverse are one
  mark, shown `definition ⇄`), a skipped item with its reason, a problem, or `no card` for a block the
  rules read that gave neither a card nor a reason;
- the **item it belongs to**: part of a card's item (`CARD`: the `<dd>` under the `<dt>`, the
  instruction under its comment), part of something read that gave no card (`READ`: the rest of a
  skipped paragraph, the opening `<dl>`), or nothing (`NOT_READ`: headings, blank lines, lines no rule
  looked at).

An item runs from its card's `source.line` to `source.end_line` (the extractor's hint; a card without
one covers its own line only), less any blank lines at its end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum

from flashcards.core.cards import KINDS, CardDraft, Extraction

BOTH_WAYS = "⇄"


class Role(Enum):
    """What a mark says about the line it is on."""

    CARD = "card"
    SKIPPED = "skipped"
    PROBLEM = "problem"
    NO_CARD = "no card"


class Belongs(Enum):
    """Which kind of item a line is part of (what the gutter shows on a line where nothing starts)."""

    CARD = "card"
    READ = "read"
    NOT_READ = "not read"


@dataclass(frozen=True)
class Mark:
    """One thing that starts on a line: `label` is the card kind, the skip reason or the problem."""

    role: Role
    label: str
    front: str = ""


@dataclass(frozen=True)
class ExplainedLine:
    number: int
    text: str
    marks: tuple[Mark, ...]
    belongs: Belongs


@dataclass(frozen=True)
class Explanation:
    """The note line by line, and the counts its summary gives."""

    lines: tuple[ExplainedLine, ...]
    cards_by_kind: tuple[tuple[str, int], ...]
    skipped_by_reason: tuple[tuple[str, int], ...]
    problems: int
    read_without_card: int

    @property
    def card_count(self) -> int:
        return sum(count for _kind, count in self.cards_by_kind)


def note_lines(text: str) -> list[str]:
    """The note's lines as the extractor numbers them: a leading BOM dropped, CRLF and lone CR as LF."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text:
        return []
    lines = text.split("\n")
    return lines[:-1] if text.endswith("\n") else lines


def _card_marks(cards: list[CardDraft]) -> list[Mark]:
    """Marks for the cards that start on one line: a reverse card joins its forward card's mark."""
    keys = {card.key for card in cards}
    marks: list[Mark] = []
    paired = {card.sibling_key for card in cards if card.sibling_key in keys}
    for card in cards:
        if card.sibling_key in keys:
            continue  # shown by its forward card's mark
        label = f"{card.kind} {BOTH_WAYS}" if card.key in paired else card.kind
        marks.append(Mark(Role.CARD, label, " ".join(card.front.split())))
    return marks


def _trimmed_end(lines: list[str], start: int, end: int | None) -> int:
    """The item's last line without the blank lines at its end (never before `start`)."""
    last = min(max(start, end or start), len(lines))
    while last > start and not lines[last - 1].strip():
        last -= 1
    return last


def explain(text: str, extraction: Extraction) -> Explanation:
    """Every line of the note with its marks and the item it belongs to, and the summary counts."""
    lines = note_lines(text)
    count = len(lines)

    def on_note(line: int) -> int:
        return min(max(1, line), max(1, count))

    marks: dict[int, list[Mark]] = {}
    belongs: dict[int, Belongs] = {}
    explained: set[int] = set()  # lines of an item that gave a card, a reason or a problem

    def cover(start: int, end: int | None, what: Belongs, *, said: bool = True) -> None:
        for number in range(start, _trimmed_end(lines, start, end) + 1):
            if belongs.get(number) is not Belongs.CARD:
                belongs[number] = what
            if said:
                explained.add(number)

    by_line: dict[int, list[CardDraft]] = {}
    for card in extraction.cards:
        by_line.setdefault(on_note(card.source.line), []).append(card)
    for line, cards in by_line.items():
        marks.setdefault(line, []).extend(_card_marks(cards))
        for card in cards:
            cover(line, card.source.end_line, Belongs.CARD)
    for skipped in extraction.skipped:
        line = on_note(skipped.line)
        marks.setdefault(line, []).append(Mark(Role.SKIPPED, skipped.message))
        cover(line, skipped.end_line, Belongs.READ)
    for problem in extraction.problems:
        line = on_note(problem.line)
        marks.setdefault(line, []).append(Mark(Role.PROBLEM, problem.message))
        explained.add(line)
    read_without_card = 0
    for start, end in extraction.read:
        first = on_note(start)
        last = _trimmed_end(lines, first, end)
        if count and not any(number in explained for number in range(first, last + 1)):
            read_without_card += 1
            marks.setdefault(first, []).append(Mark(Role.NO_CARD, "no card"))
        cover(first, last, Belongs.READ, said=False)

    kinds = Counter(card.kind for card in extraction.cards)
    order = {kind: index for index, kind in enumerate(KINDS)}
    reasons = Counter(skipped.message for skipped in extraction.skipped)
    return Explanation(
        lines=tuple(
            ExplainedLine(number, line, tuple(marks.get(number, ())), belongs.get(number, Belongs.NOT_READ))
            for number, line in enumerate(lines, start=1)
        ),
        cards_by_kind=tuple(sorted(kinds.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))),
        skipped_by_reason=tuple(reasons.items()),
        problems=len(extraction.problems),
        read_without_card=read_without_card,
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary(explanation: Explanation) -> list[str]:
    """The closing lines: cards by kind, what was skipped and why, problems, and that nothing was written."""
    cards = explanation.card_count
    kinds = ", ".join(f"{count} {kind}" for kind, count in explanation.cards_by_kind)
    lines = [f"{_plural(cards, 'card')}: {kinds}." if cards else "No cards."]
    skipped = sum(count for _reason, count in explanation.skipped_by_reason)
    if skipped:
        reasons = ", ".join(reason if count == 1 else f"{reason} ({count})"
                            for reason, count in explanation.skipped_by_reason)
        lines.append(f"{skipped} skipped: {reasons}.")
    else:
        lines.append("Nothing skipped.")
    extra = []
    if explanation.read_without_card:
        extra.append(f"{_plural(explanation.read_without_card, 'block')} read without a card")
    if explanation.problems:
        extra.append(_plural(explanation.problems, "problem"))
    if extra:
        lines.append("; ".join(extra) + ".")
    return lines
