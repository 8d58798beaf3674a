"""The Anki note types of an export (one-card, forward-and-reverse, cloze): fixed ids and names.

Anki's package importer keeps a note type whose id it already has *if* the field names and template
names hash the same (its "schema hash"); anything else is imported as a second, renamed note type and
notes that already exist under the old one are reported as conflicts instead of being updated. So
each type's id, its field names and its template names are a compatibility contract: never change
them (`MODEL_ID`, the one-card type, is the type every package used before forward and reverse
became one note, so packages already imported keep updating their one-card notes). Styling
and layout (CSS, template HTML) may change; bump `MODEL_MODIFIED` when they do, because Anki only
replaces an existing note type with an incoming one that is newer.

`MODEL_ID` was drawn once from genanki's recommended range (`random.randrange(1 << 30, 1 << 31)`).
Deck ids only exist inside the package (Anki matches decks by name and assigns its own ids), so they
are derived from the deck name: the same name gives the same id in every export.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import genanki  # type: ignore[import-untyped]

# --- the one-card type: every item without a reverse card (and, before pairs, every card) ------------
MODEL_ID = 1731021839
MODEL_NAME = "flashcards (Markdown notes)"
FIELD_FRONT = "Front"
FIELD_BACK = "Back"
FIELD_CONTEXT = "Context"
FIELDS = (FIELD_FRONT, FIELD_BACK, FIELD_CONTEXT)
TEMPLATE_NAME = "Card"

# --- the two-template type: a term and its reverse, sibling cards of one note (Anki buries siblings) ---
# Drawn once like MODEL_ID. Card 1 (ord 0) is the forward card, card 2 (ord 1) the reverse one; the
# reverse card has fields of its own because its question and answer are not always the forward card's
# answer and question turned round.
PAIR_MODEL_ID = 1489260613
PAIR_MODEL_NAME = "flashcards (forward and reverse)"
FIELD_REVERSE_FRONT = "ReverseFront"
FIELD_REVERSE_BACK = "ReverseBack"
PAIR_FIELDS = (FIELD_FRONT, FIELD_BACK, FIELD_CONTEXT, FIELD_REVERSE_FRONT, FIELD_REVERSE_BACK)
PAIR_TEMPLATE_NAMES = ("Forward", "Reverse")

# --- the cloze type: `==deletion==` and `{{c1::hidden}}` items as Anki Cloze notes ---------------------
CLOZE_MODEL_ID = 1596427807
CLOZE_MODEL_NAME = "flashcards (cloze)"
FIELD_TEXT = "Text"
CLOZE_FIELDS = (FIELD_TEXT, FIELD_CONTEXT)
CLOZE_TEMPLATE_NAME = "Cloze"

# When the CSS or template HTML last changed (2026-12-03T00:00:00Z); Anki takes a newer note type only.
# 2026-11-28: the first templates. 2026-12-03: the Context field moved under the answer, MathJax on,
# code blocks and lists styled.
MODEL_MODIFIED = 1796256000

_FRONT = '<div class="fc-front">{{%s}}</div>'
_ANSWER = '{{FrontSide}}\n<hr id="answer">\n<div class="fc-back">{{%s}}</div>\n<div class="fc-context">{{Context}}</div>'
QUESTION = _FRONT % FIELD_FRONT
ANSWER = _ANSWER % FIELD_BACK
REVERSE_QUESTION = _FRONT % FIELD_REVERSE_FRONT
REVERSE_ANSWER = _ANSWER % FIELD_REVERSE_BACK
CLOZE_QUESTION = '<div class="fc-front">{{cloze:Text}}</div>'
CLOZE_ANSWER = CLOZE_QUESTION + '\n<div class="fc-context">{{Context}}</div>'
CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 20px; text-align: left; color: black;
        background-color: white; }
.fc-front { font-weight: 600; }
.fc-context { font-size: 13px; color: #777; margin-top: 1.5em; }
code { font-family: ui-monospace, monospace; background: rgba(127, 127, 127, 0.15); padding: 0 .2em; }
pre { font-family: ui-monospace, monospace; font-size: 15px; white-space: pre; overflow-x: auto;
      background: rgba(127, 127, 127, 0.15); padding: .5em; border-radius: 4px; }
pre code { background: none; padding: 0; }
ul, ol { margin: .3em 0; padding-left: 1.4em; }
.cloze { font-weight: 600; color: #0a58ca; }
.nightMode .fc-context { color: #aaa; }
.nightMode .cloze { color: #6ea8fe; }
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
    """The one-card type, fresh (genanki mutates templates while writing, so never share one)."""
    return _Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": TEMPLATE_NAME, "qfmt": QUESTION, "afmt": ANSWER}],
        css=CSS,
        sort_field_index=0,
    )


def pair_model() -> genanki.Model:
    """The two-template type, fresh: ord 0 the forward card, ord 1 the reverse card."""
    return _Model(
        PAIR_MODEL_ID,
        PAIR_MODEL_NAME,
        fields=[{"name": name} for name in PAIR_FIELDS],
        templates=[{"name": PAIR_TEMPLATE_NAMES[0], "qfmt": QUESTION, "afmt": ANSWER},
                   {"name": PAIR_TEMPLATE_NAMES[1], "qfmt": REVERSE_QUESTION, "afmt": REVERSE_ANSWER}],
        css=CSS,
        sort_field_index=0,
    )


def cloze_model() -> genanki.Model:
    """The cloze type, fresh: one card per cloze number of the Text field."""
    return _Model(
        CLOZE_MODEL_ID,
        CLOZE_MODEL_NAME,
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[{"name": CLOZE_TEMPLATE_NAME, "qfmt": CLOZE_QUESTION, "afmt": CLOZE_ANSWER}],
        css=CSS,
        model_type=genanki.Model.CLOZE,
        sort_field_index=0,
    )


# The deck options preset the package's decks use (Anki's "Import deck presets" takes it): siblings
# buried, so a term and its reverse never come up the same day, and new cards gathered by position
# across subdecks, in the order gathered, so they come in the order of the notes. Drawn once like
# MODEL_ID; Anki matches presets by id.
DECK_CONFIG_ID = 1650294127
DECK_CONFIG_NAME = "flashcards"
DECK_CONFIG_OPTIONS: dict[str, Any] = {
    "buryInterdayLearning": True,
    "newGatherPriority": 1,  # NEW_CARD_GATHER_PRIORITY_POSITION_LOWEST_FIRST
    "newSortOrder": 1,  # NEW_CARD_SORT_ORDER_NO_SORT: the order gathered
}


def deck_config(default: dict[str, Any]) -> dict[str, Any]:
    """Our preset, from the package's Default one (`default`, genanki's), with siblings buried."""
    config: dict[str, Any] = json.loads(json.dumps(default))
    config.update(DECK_CONFIG_OPTIONS, id=DECK_CONFIG_ID, name=DECK_CONFIG_NAME, mod=MODEL_MODIFIED)
    config["new"]["bury"] = True
    config["rev"]["bury"] = True
    return config


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
