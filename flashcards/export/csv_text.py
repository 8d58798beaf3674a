"""`flashcards export csv`: Anki's text import format, with the header lines that make it self-describing.

Anki reads `#key:value` lines at the top of a text file as import settings (`separator`, `html`,
`notetype`, `guid column`, `deck column`, `tags column`, 1-based), and after them skips any
line whose first byte is `#` as a comment. Every field is therefore quoted: a card whose front starts
with `#` (or a GUID that does: genanki's GUID alphabet has `#`) still starts its line with `"`.

Rows are notes of Anki's built-in "Basic" type (fields Front, Back), which every collection has, but
under its name in the profile's language ("Einfach" in German). So the type is named once, in the
`#notetype:` header, not in a column: Anki fails a row whose notetype column names a type it lacks
("missing notetype": a German profile imported nothing), while a `#notetype:` it lacks falls back to
the collection's current note type, which is Basic in a fresh profile, and can be changed in the
import dialog. `--notetype NAME` writes the learner's own name for it, and a comment under the
headers says what to choose. The heading path travels as the tag and the deck as `Deck::Section`. GUIDs are the same as in the `.apkg`, so re-importing the file updates the
notes it created (Anki's default duplicate handling for text files is "update").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flashcards.core.errors import FlashcardsError
from flashcards.export import fields
from flashcards.export.files import atomic_output
from flashcards.export.source import ExportCard

NOTETYPE = "Basic"
SEPARATORS = {"tab": "\t", "comma": ","}
COLUMNS = ("guid", "deck", "Front", "Back", "tags")


def notetype_comment(notetype: str) -> str:
    """The comment line under the headers: which note type the rows need, whatever Anki calls it."""
    return (f"# Note type: {notetype}, or any type whose first two fields are the question and the answer "
            "(Basic is Einfach in German, Basique in French); choose it in Anki's import dialog, or write "
            "the file with `flashcards export csv --notetype NAME`.")


@dataclass(frozen=True)
class CsvResult:
    path: Path
    notes: int


def render(cards: Sequence[ExportCard], separator: str = "tab", notetype: str | None = None) -> str:
    """The whole file as text: header lines, the note type comment, then one quoted row per card."""
    chosen = clean_notetype(notetype)
    if separator not in SEPARATORS:
        raise ValueError(f"separator must be one of {', '.join(SEPARATORS)}, got {separator!r}")
    delimiter = SEPARATORS[separator]
    column = {name: n for n, name in enumerate(COLUMNS, start=1)}
    out = io.StringIO()
    out.write(f"#separator:{separator}\n#html:true\n#notetype:{chosen}\n")
    out.write(f"#guid column:{column['guid']}\n")
    out.write(f"#deck column:{column['deck']}\n#tags column:{column['tags']}\n")
    out.write(f"#columns:{delimiter.join(COLUMNS)}\n")
    out.write(notetype_comment(chosen) + "\n")
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for card in cards:
        writer.writerow([
            card.anki_guid,
            fields.deck_name(card.deck, card.context),
            # A local image under the name the package gives its file: the text format carries no
            # media, so it shows once a package (or the learner) has put the file in Anki.
            fields.to_html(card.front, fields.note_folder(card.source_path)),
            fields.to_html(card.back, fields.note_folder(card.source_path)),
            " ".join(fields.tags_for(card.context, card.tags)),
        ])
    return out.getvalue()


def clean_notetype(notetype: str | None) -> str:
    """`--notetype NAME` as a header value (one line, trimmed); Basic when not given.

    Raises:
        FlashcardsError: when the name is empty.
    """
    if notetype is None:
        return NOTETYPE
    name = " ".join(fields.clean_text(notetype).split())
    if not name:
        raise FlashcardsError("--notetype: the note type name is empty")
    return name


def write_csv(cards: Sequence[ExportCard], path: Path, *, separator: str = "tab",
              notetype: str | None = None) -> CsvResult:
    """Write the text file at `path` atomically.

    Raises:
        FlashcardsError: when `path` cannot be written (nothing is left behind), or the note type
            name is empty.
    """
    text = render(cards, separator, notetype)
    with atomic_output(path) as stream:
        stream.write(text.encode("utf-8"))
    return CsvResult(path, len(cards))
