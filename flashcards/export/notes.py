"""Cards → Anki notes: which cards share a note, with which note type, fields and tags.

The identity rule (shared with `flashcards import-anki`, which reads notes back): a note's GUID is the
stored GUID of its forward card, the card without a `sibling_key`; that card is the note's card ord 0,
and the reverse card whose `sibling_key` is the forward card's key is ord 1. A card with no sibling
in the export is a note of its own (ord 0). Packages written before forward and reverse shared a
note gave every card its own note with its own GUID: every forward card keeps its GUID, so those
notes keep matching.

Note types: a term with its reverse is one note of the two-template type, so Anki buries the sibling;
the cloze cards of one sentence are one Cloze note, card ord k the k-th of them in notes order, with
the GUID of the first (`core.cloze_notes`, the rule `import-anki` reads them back with), its
deletions rebuilt from each card's question and answer, since a card keeps the text with its
deletion shown and with it hidden; everything else is the one-card type. A cloze card whose deletion
cannot be found again (the question is not the answer with `[...]` in place of a piece of it) stays a
one-card note: its question and answer are exactly the card's.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flashcards.core.anki_merge import ANKI_TAG
from flashcards.core.cloze_notes import Deletion, cloze_groups, deletion, deletions
from flashcards.core.vocabulary import Kind, Status
from flashcards.export import anki_model, fields
from flashcards.export.source import ExportCard

SINGLE, PAIR, CLOZE = "single", "pair", "cloze"

@dataclass(frozen=True)
class NoteImage:
    """A local image a note shows: its media file name, the file, and where the note names it."""

    name: str
    path: str
    target: str  # as the note writes it (`img/layers.png`)
    source_path: str  # the note file and line naming it, for a warning when the file is missing
    source_line: int


@dataclass(frozen=True)
class AnkiNote:
    """One note to write: its type, its cards in card order (ord 0 first), fields and tags."""

    note_type: str
    cards: tuple[int, ...]  # indexes into the exported cards, ord 0 first
    fields: tuple[str, ...]
    guid: str
    deck: str
    tags: tuple[str, ...]
    modified: int  # epoch seconds: when anything its cards show last changed (Anki updates a newer note)
    added: datetime  # when its forward card was made (the note id, Anki's "Added")
    media: tuple[NoteImage, ...] = ()  # the local images it shows

    @property
    def model_id(self) -> int:
        return {SINGLE: anki_model.MODEL_ID, PAIR: anki_model.PAIR_MODEL_ID,
                CLOZE: anki_model.CLOZE_MODEL_ID}[self.note_type]


def plan_notes(cards: Sequence[ExportCard], *, retired_at: datetime | None = None) -> list[AnkiNote]:
    """The notes of `cards`, each at the place of its forward card (notes order).

    A note whose cards are all retired is stamped modified at `retired_at` (the export's time) when
    given: the store keeps no time of retirement, and Anki updates a note it has (its tags: the retired
    tag) only from a newer copy.
    """
    forward_at = {card.key: n for n, card in enumerate(cards) if card.sibling_key is None}
    reverse_of: dict[int, int] = {}
    for n, card in enumerate(cards):
        if card.sibling_key is not None:
            forward = forward_at.get(card.sibling_key)
            if forward is not None and forward not in reverse_of:
                reverse_of[forward] = n
    paired = set(reverse_of.values())
    clozes = cloze_groups(cards, [(card.deck, card.source_path, card.context) for card in cards])
    in_cloze = {n for members in clozes.values() for n in members[1:]}
    notes: list[AnkiNote] = []
    for n, card in enumerate(cards):
        if n in paired or n in in_cloze:
            continue
        reverse = reverse_of.get(n)
        if reverse is not None:
            notes.append(_note(PAIR, cards, (n, reverse), _pair_fields(card, cards[reverse]), retired_at))
            continue
        folder = _folder(card)
        members = clozes.get(n)
        if members is not None:
            found = deletions([(cards[m].front, cards[m].back) for m in members])
            assert found is not None  # `cloze_groups` keeps only groups whose deletions hold together
            notes.append(_note(CLOZE, cards, members, (cloze_field(card.back, found, folder), _context(card)),
                               retired_at))
            continue
        text = cloze_text(card.front, card.back, folder) if card.kind == Kind.CLOZE else None
        if text is not None:
            notes.append(_note(CLOZE, cards, (n,), (text, _context(card)), retired_at))
        else:
            notes.append(_note(SINGLE, cards, (n,), (fields.to_html(card.front, folder),
                                                     fields.to_html(card.back, folder), _context(card)), retired_at))
    return notes


def _note(note_type: str, cards: Sequence[ExportCard], members: tuple[int, ...],
          note_fields: tuple[str, ...], retired_at: datetime | None) -> AnkiNote:
    first = cards[members[0]]
    tags = fields.tags_for(first.context, first.tags)
    modified = max(int(cards[n].content_changed_at.timestamp()) for n in members)
    if first.last_reviewed_at is not None and any(not tag.startswith(ANKI_TAG) for tag in first.tags.split()):
        # Its tags here (`leech`) are given by grades, so its last grade is when they may have changed.
        modified = max(modified, int(first.last_reviewed_at.timestamp()))
    if all(cards[n].status == Status.RETIRED for n in members):
        tags.append(fields.RETIRED_TAG)
        if retired_at is not None:
            modified = max(modified, int(retired_at.timestamp()))
    return AnkiNote(
        note_type=note_type, cards=members, fields=note_fields, guid=first.anki_guid,
        deck=fields.deck_name(first.deck, first.context), tags=tuple(tags),
        modified=modified, added=first.added_at,
        media=tuple(_images(cards, members)),
    )


def _images(cards: Sequence[ExportCard], members: tuple[int, ...]) -> list[NoteImage]:
    """The local images the cards of one note show, each once, in order."""
    found: dict[str, NoteImage] = {}
    for n in members:
        card = cards[n]
        for text in (card.front, card.back):
            for name, path, target in fields.images(text, _folder(card)):
                found.setdefault(name, NoteImage(name, path, target, card.source_path, card.source_line))
    return list(found.values())


def _folder(card: ExportCard) -> str:
    """The note's folder, which a local image's path is relative to."""
    return fields.note_folder(card.source_path)


def _context(card: ExportCard) -> str:
    return fields.context_html(card.deck, card.context, card.shown_path or card.source_path, card.source_line)


def _pair_fields(forward: ExportCard, reverse: ExportCard) -> tuple[str, ...]:
    folder = _folder(forward)
    return (fields.to_html(forward.front, folder), fields.to_html(forward.back, folder), _context(forward),
            fields.to_html(reverse.front, folder), fields.to_html(reverse.back, folder))


def cloze_text(front: str, back: str, folder: str = "") -> str | None:
    """The Text field of a Cloze note (`... {{c1::hidden::hint}} ...`) for one cloze card, or None.

    The card's question is its answer with the hidden piece written `[...]` (or `[hint]`);
    `core.cloze_notes.deletion` finds it again. None when it cannot be found.
    """
    found = deletion(front, back)
    return None if found is None else cloze_field(back, [found], folder)


def cloze_field(back: str, found: Sequence[Deletion], folder: str = "") -> str:
    """The Text field of a Cloze note over the sentence `back`: the pieces of deletion k of `found`
    are `{{c(k+1)::}}`.

    The text around the deletions is field HTML, with `{` written `&#123;` so that a `{{c2::` in the
    notes stays text for Anki's cloze reader.
    """
    pieces: list[str] = []
    at = 0
    numbered = sorted(((number, piece) for number, item in enumerate(found, start=1) for piece in item.pieces),
                      key=lambda entry: entry[1].start)
    for number, piece in numbered:
        hint = "::" + _cloze_safe(html.escape(piece.hint, quote=False)) if piece.hint else ""
        pieces.append(_cloze_safe(fields.to_html(back[at:piece.start], folder)))
        pieces.append(f"{{{{c{number}::{_cloze_safe(fields.to_html(back[piece.start:piece.end], folder))}{hint}}}}}")
        at = piece.end
    pieces.append(_cloze_safe(fields.to_html(back[at:], folder)))
    return "".join(pieces)


def _cloze_safe(field_html: str) -> str:
    return field_html.replace("{", "&#123;").replace("}", "&#125;")
