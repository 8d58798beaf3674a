"""The golden list of keys: every card key the release (8eedb1b) made of the shared notes is kept.

The list is the release's fixture (`tests/fixtures/previous_release.json`). For the seed notes and the
built-in deck `decks/docker.md` the keys must be exactly the same, in the same order: those are the
cards every learner has. For every other shared note, a key of the list may change only where the
import plan carries the card over (same key, moved, or re-keyed); a key whose card would be retired
although the note still has an item on its line is lost history, and the test names each one with
the drafts now on that line. Notes that are absent are skipped, saying so.
"""

from __future__ import annotations

import difflib

import pytest

from flashcards.core.cards import CardDraft
from flashcards.core.plan import Action, StoredCard, make_plan
from tests.released import EXACT, ReleasedNote, released_notes

NOTES = released_notes()


def _current(note: ReleasedNote) -> list[CardDraft]:
    from flashcards.core.extract import extract

    if not note.available():
        pytest.skip(f"{note.shown} is absent")
    assert note.unchanged(), f"{note.shown} changed since the fixture was made: the golden keys describe other text"
    return extract(note.text(), note.shown, note.deck).cards


def _stored(drafts: list[CardDraft]) -> list[StoredCard]:
    return [StoredCard(n + 1, d.key, d.deck, d.kind, d.front, d.content_hash, "active", d.source.path,
                       d.source.line, d.context, back=d.back, sibling_key=d.sibling_key)
            for n, d in enumerate(drafts)]


@pytest.mark.parametrize("note", [note for note in NOTES if note.shown in EXACT], ids=lambda note: note.name)
def test_seed_and_deck_keys_are_exactly_the_release_s(note: ReleasedNote) -> None:
    now = [draft.key for draft in _current(note)]
    then = [str(row[0]) for row in note.rows]
    diff = "\n".join(difflib.unified_diff(then, now, "released (8eedb1b)", "now", lineterm="", n=1))
    if now != then:
        pytest.fail(f"{note.shown}: the keys changed (- released, + now)\n{diff}", pytrace=False)


@pytest.mark.parametrize("note", NOTES, ids=lambda note: note.name)
def test_no_released_key_is_lost_where_the_note_still_has_an_item(note: ReleasedNote) -> None:
    drafts = _current(note)
    plan = make_plan(drafts, _stored(note.drafts()), imported_paths={note.shown})
    on_line: dict[int, list[CardDraft]] = {}
    for draft in drafts:
        on_line.setdefault(draft.source.line, []).append(draft)
    lost = [item.stored for item in plan.items
            if item.action is Action.RETIRED and item.stored is not None and item.stored.source_line in on_line]
    report = []
    for card in lost:
        report.append(f"- line {card.source_line}: {card.key}")
        report.extend(f"+ line {card.source_line}: {draft.key}" for draft in on_line[card.source_line])
    if lost:
        pytest.fail(f"{note.shown}: {len(lost)} released key(s) would be retired though the note still has an "
                    "item on their line (- released, + now):\n" + "\n".join(report[:80]), pytrace=False)
