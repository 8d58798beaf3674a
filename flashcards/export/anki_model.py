"""The Anki note type every exported card uses: fixed id, fixed names, so Anki recognizes it again.

Anki's package importer keeps a note type whose id it already has *if* the field names and template
names hash the same (its "schema hash"); anything else is imported as a second, renamed note type and
notes that already exist under the old one are reported as conflicts instead of being updated. So
`MODEL_ID`, `FIELDS` and the template name are a compatibility contract: never change them. Styling
and layout (CSS, template HTML) may change; bump `MODEL_MODIFIED` when they do, because Anki only
replaces an existing note type with an incoming one that is newer.

`MODEL_ID` was drawn once from genanki's recommended range (`random.randrange(1 << 30, 1 << 31)`).
Deck ids only exist inside the package (Anki matches decks by name and assigns its own ids), so they
are derived from the deck name: the same name gives the same id in every export.
"""

from __future__ import annotations

import hashlib
from typing import Any

import genanki  # type: ignore[import-untyped]

MODEL_ID = 1731021839
MODEL_NAME = "flashcards (Markdown notes)"
FIELD_FRONT = "Front"
FIELD_BACK = "Back"
FIELD_CONTEXT = "Context"
FIELDS = (FIELD_FRONT, FIELD_BACK, FIELD_CONTEXT)
TEMPLATE_NAME = "Card"
# When the CSS or template HTML last changed (2026-11-28T00:00:00Z); Anki takes a newer note type only.
MODEL_MODIFIED = 1795824000

# The wrappers carry MathJax's default ignore class so `\(` in a shell command stays text.
QUESTION = (
    '<div class="fc-context tex2jax_ignore">{{Context}}</div>\n'
    '<div class="fc-front tex2jax_ignore">{{Front}}</div>'
)
ANSWER = '{{FrontSide}}\n<hr id="answer">\n<div class="fc-back tex2jax_ignore">{{Back}}</div>'
CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 20px; text-align: left; color: black;
        background-color: white; }
.fc-context { font-size: 13px; color: #777; margin-bottom: 1em; }
.fc-front { font-weight: 600; }
code { font-family: ui-monospace, monospace; background: rgba(127, 127, 127, 0.15); padding: 0 .2em; }
.nightMode .fc-context { color: #aaa; }
"""


class _Model(genanki.Model):  # type: ignore[misc]
    """genanki's Model stamped with `MODEL_MODIFIED` instead of the export time.

    genanki writes the note type's modification time from the package timestamp; ours must only move
    when the note type itself changes, or every export would overwrite a learner's own styling.
    """

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        result: dict[str, Any] = super().to_json(MODEL_MODIFIED, deck_id)
        return result


def model() -> genanki.Model:
    """A fresh genanki model (genanki mutates templates while writing, so never share one)."""
    return _Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": TEMPLATE_NAME, "qfmt": QUESTION, "afmt": ANSWER}],
        css=CSS,
        sort_field_index=0,
    )


def deck_id(name: str) -> int:
    """A stable id for a deck name, in genanki's recommended range (never 1, Anki's Default deck)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def guid(key: str) -> str:
    """The GUID a card created with this key gets (`cards.note_guid` is the same without genanki).

    From the key alone, so an edited answer updates the note in Anki; the exporters use the GUID stored
    on the card, which stays when the key changes.
    """
    result: str = genanki.guid_for(key)
    return result
