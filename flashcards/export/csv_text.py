"""`flashcards export csv`: Anki's text import format, with the header lines that make it self-describing.

Anki reads `#key:value` lines at the top of a text file as import settings (`separator`, `html`,
`guid column`, `notetype column`, `deck column`, `tags column`, 1-based), and after them skips any
line whose first byte is `#` as a comment. Every field is therefore quoted: a card whose front starts
with `#` (or a GUID that does: genanki's GUID alphabet has `#`) still starts its line with `"`.

Rows use Anki's built-in "Basic" note type (fields Front, Back), which every collection has, so the
file imports anywhere without the package's note type; the heading path travels as the tag and the
deck as `Deck::Section`. GUIDs are the same as in the `.apkg`, so re-importing the file updates the
notes it created (Anki's default duplicate handling for text files is "update").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flashcards.export import fields
from flashcards.export.files import atomic_output
from flashcards.export.source import ExportCard

NOTETYPE = "Basic"
SEPARATORS = {"tab": "\t", "comma": ","}
COLUMNS = ("guid", "notetype", "deck", "Front", "Back", "tags")


@dataclass(frozen=True)
class CsvResult:
    path: Path
    notes: int


def render(cards: Sequence[ExportCard], separator: str = "tab") -> str:
    """The whole file as text: header lines, then one quoted row per card."""
    if separator not in SEPARATORS:
        raise ValueError(f"separator must be one of {', '.join(SEPARATORS)}, got {separator!r}")
    delimiter = SEPARATORS[separator]
    column = {name: n for n, name in enumerate(COLUMNS, start=1)}
    out = io.StringIO()
    out.write(f"#separator:{separator}\n#html:true\n")
    out.write(f"#guid column:{column['guid']}\n#notetype column:{column['notetype']}\n")
    out.write(f"#deck column:{column['deck']}\n#tags column:{column['tags']}\n")
    out.write(f"#columns:{delimiter.join(COLUMNS)}\n")
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for card in cards:
        writer.writerow([
            card.anki_guid,
            NOTETYPE,
            fields.deck_name(card.deck, card.context),
            fields.to_html(card.front),
            fields.to_html(card.back),
            " ".join(fields.tags_for(card.context, card.tags)),
        ])
    return out.getvalue()


def write_csv(cards: Sequence[ExportCard], path: Path, *, separator: str = "tab") -> CsvResult:
    """Write the text file at `path` atomically.

    Raises:
        FlashcardsError: when `path` cannot be written (nothing is left behind).
    """
    text = render(cards, separator)
    with atomic_output(path) as stream:
        stream.write(text.encode("utf-8"))
    return CsvResult(path, len(cards))
