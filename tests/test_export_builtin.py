"""The built-in deck, imported from `decks/docker.md`, exported and imported into the real Anki."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from flashcards.application.builtin import builtin_deck_files
from flashcards.export import anki_model
from tests.test_export_anki import export, import_apkg, visible

pytestmark = pytest.mark.anki


def test_builtin_deck_imports_into_anki(invoke: Callable[..., Result], tmp_path: Path, anki_col: Any) -> None:
    (docker,) = [path for path in builtin_deck_files() if path.stem == "docker"]
    assert invoke("import", str(docker)).exit_code == 0
    ours = json.loads(invoke("cards", "docker", "--json").output)
    out = tmp_path / "docker.apkg"
    export(invoke, "docker", "-o", str(out))
    import_apkg(anki_col, out)

    forward = [card for card in ours if not card["kind"].endswith("-reverse")]
    assert len(anki_col.find_notes("")) == len(forward)  # a term and its reverse are one note
    assert len(anki_col.find_cards("")) == len(ours)
    names = {deck.name for deck in anki_col.decks.all_names_and_ids()}
    expected = {"docker"} | {f"docker::{card['context'][0].replace('`', '')}" for card in ours if card["context"]}
    assert expected <= names
    note_by_guid = {guid: nid for nid, guid in anki_col.db.all("SELECT id, guid FROM notes")}
    reverse_shown = set()
    for card in forward:
        note = anki_col.get_note(note_by_guid[anki_model.guid(card["key"])])
        rendered = note.cards()[0]
        assert visible(rendered.question(), "fc-front") == card["front"].replace("`", ""), card["key"]
        assert shown(rendered.answer(), "fc-back") == flat(card["back"].replace("`", "")), card["key"]
        deck = anki_col.decks.name(rendered.did)
        assert deck == ("docker::" + card["context"][0].replace("`", "") if card["context"] else "docker")
        if len(card["context"]) > 0:
            assert note.tags, card["key"]
        for sibling in note.cards()[1:]:
            reverse_shown.add((visible(sibling.question(), "fc-front"), shown(sibling.answer(), "fc-back")))
    assert reverse_shown == {(card["front"].replace("`", ""), flat(card["back"].replace("`", "")))
                             for card in ours if card["kind"].endswith("-reverse")}


def flat(text: str) -> str:
    """Text without list markers, line breaks and indentation: what is left once lists are HTML lists."""
    return "".join(re.sub(r"^\s*(?:\d+[.)]|[-*+])\s+", "", line).strip() for line in text.split("\n"))


def shown(rendered: str, wrapper: str) -> str:
    """The visible text, flattened like `flat` (a list item or code line is a line of its own)."""
    return flat(visible(rendered, wrapper))
