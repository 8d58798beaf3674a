"""Upgrading the extractor keeps every learner's history (issue 11, acceptance 3).

A learner of the previous release has a collection its extractor built, with grades in it. After the
upgrade, re-importing the same notes reads them with the new rules: a card the new extractor still
makes (same file and line), and every card of the seed notes, must keep its id, reviews, state and
Anki note GUID, never be retired; `flashcards check` must stay clean.

- `test_upgrading_the_shared_corpus_retires_no_graded_card` builds the collection from the release's
  drafts (`tests/fixtures/previous_release.json`, fed through the real import path by standing in for
  the extractor), grades, and re-imports with the extractor in the tree. It skips only when
  `../shared/corpus` is absent.
- `simulated_upgrade` does the same with a "new extractor" made by hand from the release's drafts (kind
  flag → definition, composite "Parent — Label" anchors, "ANS" fronts replaced by their questions on
  other lines, lines shifted), so re-keying through the store is proven before the new rules land.
  It needs only the fixture; `tests/test_postgres.py` runs it on PostgreSQL too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import func, select

from flashcards.application import importer, note_reading
from flashcards.core.cards import CardDraft, Extraction, make_key, note_guid
from flashcards.storage.models import Card, Review
from flashcards.storage.reviews import record_grade, undo_review
from flashcards.storage.store import Store
from tests.released import CORPUS, ReleasedNote, released_extractor, released_notes

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 28)
RELEASED = "released-8eedb1b"  # the extractor fingerprint the release's sources stand for


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def import_as_released(invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, paths: list[str],
                       extractor: Callable[[str, str, str], Extraction]) -> str:
    """Import `paths` as the previous release did: its drafts, its (older) extractor fingerprint."""
    with monkeypatch.context() as patch:
        patch.setattr("flashcards.core.extract.extract", extractor)
        patch.setattr(note_reading, "extractor_fingerprint", lambda: RELEASED)
        return ok(invoke("import", *paths))


def history(store: Store) -> dict[int, tuple[object, ...]]:
    """Per card id: status, key, GUID, SM-2 state and the grades of its log (undone ones marked)."""
    with store.read() as session:
        log: dict[int, list[tuple[int, bool]]] = {}
        for review in session.scalars(select(Review).order_by(Review.id)):
            log.setdefault(review.card_id, []).append((review.grade, review.undone_at is not None))
        return {card.id: (card.status, card.key, card.guid, card.repetitions, card.ef_hundredths, card.interval,
                          card.due, card.lapses, tuple(log.get(card.id, ())))
                for card in session.scalars(select(Card))}


def grade(store: Store, card_ids: list[int]) -> None:
    """Each card graded as it would be in a quiz (one transaction per grade); a few graded twice, one undone."""
    for number, card_id in enumerate(card_ids):
        record_grade(store, card_id=card_id, quality=3 + number % 3, now=NOW, today=TODAY, mode="scheduled",
                     presentation_id=f"upgrade:{card_id}")
    later = NOW + timedelta(days=1)
    for card_id in card_ids[:3]:
        outcome = record_grade(store, card_id=card_id, quality=5, now=later, today=TODAY + timedelta(days=1),
                               mode="scheduled", presentation_id=f"upgrade:{card_id}:2")
    if card_ids:
        undo_review(store, outcome.review_id, later + timedelta(minutes=1))


def assert_history_kept(before: dict[int, tuple[object, ...]], after: dict[int, tuple[object, ...]],
                        graded: set[int]) -> None:
    retired = sorted(str(before[card_id][1]) for card_id in graded if after[card_id][0] == "retired")
    assert not retired, f"{len(retired)} graded card(s) retired by the upgrade:\n" + "\n".join(retired[:40])
    for card_id in graded:
        status, _key, guid, *state = before[card_id]
        new_status, _new_key, new_guid, *new_state = after[card_id]
        assert (new_status, new_guid, new_state) == (status, guid, state), f"card {card_id} lost its history"


def assert_siblings_resolve(store: Store) -> None:
    """Every reverse card's sibling key names a card of the collection (siblings stayed siblings)."""
    with store.read() as session:
        keys = set(session.scalars(select(Card.key)))
        dangling = [(key, sibling) for key, sibling, status in session.execute(
            select(Card.key, Card.sibling_key, Card.status).where(Card.sibling_key.is_not(None)))
            if sibling not in keys and status != "retired"]
    assert not dangling, dangling[:5]


# ---- acceptance: the shared corpus, released extractor -> extractor in the tree -------------------


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is absent ({CORPUS})")
def test_upgrading_the_shared_corpus_retires_no_graded_card(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, isolated_home: Path,
) -> None:
    from flashcards.core.extract import extract

    notes = released_notes()
    missing = [note.shown for note in notes if not note.available()]
    assert not missing, f"notes of the fixture are absent: {missing}"
    changed = [note.shown for note in notes if not note.unchanged()]
    assert not changed, f"notes changed since the fixture was made (it describes other text): {changed}"
    paths = [str(note.file) for note in notes]

    import_as_released(invoke, monkeypatch, paths, released_extractor(notes))
    store = Store.open(f"sqlite:///{isolated_home / 'flashcards.db'}", isolated_home, NOW)
    try:
        with store.read() as session:
            cards = list(session.execute(select(Card.id, Card.source_path, Card.source_line, Card.key)))
        assert len(cards) == sum(len(note.rows) for note in notes)
        # Graded: every card of the seed notes and the built-in deck, and every card whose line the
        # extractor in the tree still makes a card of.
        still_read = {(str(note.file), draft.source.line)
                      for note in notes for draft in extract(note.text(), note.shown, note.deck).cards}
        whole = {str(note.file) for note in notes if note.shown in ("../shared/seeds/docker-notes.md",
                                                                     "decks/docker.md")}
        graded = [card_id for card_id, path, line, _key in cards if path in whole or (path, line) in still_read]
        assert len(graded) >= 112  # at least the 56 + 56 cards of the seed notes and decks/docker.md
        grade(store, graded)
        before = history(store)

        planned = importer.prepare_import(store, importer.requests_for(paths, None))
        retired = {item.stored.id: item.stored for item in planned.plan.items
                   if item.stored is not None and item.action.value == "retired"}
        lost = sorted(f"{card.source_path.rsplit('/', 1)[-1]}:{card.source_line}: {card.key}"
                      for card_id, card in retired.items() if card_id in set(graded))
        assert not lost, "the plan would retire graded cards:\n" + "\n".join(lost[:40])

        ok(invoke("import", *paths))
        assert_history_kept(before, history(store), set(graded))
        assert_siblings_resolve(store)
    finally:
        store.close()
    assert ok(invoke("check")).endswith("All checks passed.\n")


# ---- a simulated upgrade: items read anew, through the store -------------------------------------


SIMULATED = ("docker-notes.md", "Jingciii__DS-Interview-Questions-Flashcards__README.md")


def new_rules(drafts: list[CardDraft]) -> list[CardDraft]:
    """What a rewritten extractor might make of the same notes, with the keys it would give.

    - flag cards become definitions (kind change; the reverse follows);
    - a term under "Components" is named "Components — Term" (label → composite anchor);
    - an "ANS" question reads its real question, five lines above (anchor, front and line change);
    - every command sits two lines lower (lines inserted above).
    """
    renamed: dict[str, str] = {}
    made: list[CardDraft] = []
    for draft in drafts:
        deck, kind, _path, anchor = draft.key.split("|", 3)
        front, back, line = draft.front, draft.back, draft.source.line
        if kind.startswith("flag"):
            kind = kind.replace("flag", "definition")
        if draft.context[-1:] == ("Components",) and kind.startswith("definition"):
            anchor = f"Components — {anchor}"
            front, back = (anchor, back) if kind == "definition" else (front, anchor)
        if kind == "qa" and draft.front == "ANS":
            anchor = front = f"What does the answer on line {line} explain?"
            line -= 5
        if kind.startswith("command"):
            line += 2
        key = make_key(deck, kind, draft.context, anchor)
        renamed[draft.key] = key
        sibling = None if draft.sibling_key is None else renamed[draft.sibling_key]
        made.append(replace(draft, key=key, kind=kind, front=front, back=back, sibling_key=sibling,
                            source=replace(draft.source, line=line)))
    return made


def simulated_notes(folder: Path) -> tuple[list[str], tuple[ReleasedNote, ...]]:
    """Copies (by name) of the notes the simulation uses; their text is not read, only their drafts."""
    notes = tuple(note for note in released_notes() if note.name in SIMULATED)
    folder.mkdir(parents=True, exist_ok=True)
    for note in notes:
        (folder / note.name).write_text(f"notes standing for {note.shown}\n", encoding="utf-8")
    return [str(folder / note.name) for note in notes], notes


def simulated_upgrade(invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, url: str, home: Path,
                      folder: Path) -> None:
    """Release import, grades, upgrade to `new_rules`: every card re-keyed in place with its history."""
    paths, notes = simulated_notes(folder)
    released = released_extractor(notes, by_name=True)
    import_as_released(invoke, monkeypatch, paths, released)

    def upgraded(text: str, path: str, deck: str) -> Extraction:
        return Extraction(cards=new_rules(released(text, path, deck).cards))

    store = Store.open(url, home, NOW)
    try:
        with store.read() as session:
            ids = list(session.scalars(select(Card.id).order_by(Card.id)))
            old_keys = {card_id: key for card_id, key in session.execute(select(Card.id, Card.key))}
        grade(store, ids)
        before = history(store)
        monkeypatch.setattr("flashcards.core.extract.extract", upgraded)

        as_json = json.loads(ok(invoke("import", "--dry-run", "--json", *paths)))
        expected = [draft.to_dict() for note, path in zip(notes, paths, strict=True)
                    for draft in upgraded("", path, note.deck).cards]
        assert [{**card, "source": {"line": card["source"]["line"]}} for card in as_json] == \
            [{**card, "source": {"line": card["source"]["line"]}} for card in expected]  # the contract as before
        planned = importer.prepare_import(store, importer.requests_for(paths, None))
        assert planned.plan.count(importer.Action.RETIRED) == 0 and planned.plan.count(importer.Action.NEW) == 0
        rekeyed = planned.plan.rekeyed
        assert rekeyed > 40  # flags, composite anchors and ANS questions
        dry = ok(invoke("import", "--dry-run", *paths))
        assert f"changed ({rekeyed} re-keyed" in dry and "retired" not in dry

        ok(invoke("import", *paths))
        after = history(store)
        assert_history_kept(before, after, set(ids))
        assert_siblings_resolve(store)
        changed_keys = {card_id for card_id in ids if after[card_id][1] != old_keys[card_id]}
        assert len(changed_keys) == rekeyed
        with store.read() as session:
            for card in session.scalars(select(Card).where(Card.id.in_(changed_keys))):
                assert card.guid == note_guid(old_keys[card.id])  # the Anki note of the release's key
                assert card.kind == card.key.split("|")[1]
            assert session.scalar(select(func.count()).select_from(Card).where(Card.kind.like("flag%"))) == 0

        # Undo still reaches a re-keyed card's last grade, and the log still replays.
        with store.read() as session:
            review_id, card_id = session.execute(
                select(Review.id, Review.card_id).where(Review.card_id.in_(changed_keys), Review.undone_at.is_(None))
                .order_by(Review.id.desc()).limit(1)).one()
        undo_review(store, review_id, NOW + timedelta(days=2))
        # A second import with the same rules writes no card.
        again = importer.prepare_import(store, importer.requests_for(paths, None))
        assert not again.plan.writes_anything
    finally:
        store.close()
    assert ok(invoke("check")).endswith("All checks passed.\n")


def test_a_simulated_upgrade_re_keys_cards_in_place(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, isolated_home: Path, tmp_path: Path,
) -> None:
    simulated_upgrade(invoke, monkeypatch, f"sqlite:///{isolated_home / 'flashcards.db'}", isolated_home,
                      tmp_path / "notes")


def test_a_new_card_on_a_re_keyed_card_s_old_key_gets_its_own_guid(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, isolated_home: Path, tmp_path: Path,
) -> None:
    """A re-keyed card keeps its GUID; a card that later takes its old key must not share that Anki note."""
    from tests.test_plan_rekey import card

    notes = tmp_path / "bio.md"
    notes.write_text("notes\n", encoding="utf-8")
    old = card("qa", "What is mitosis?", "What is mitosis?", "Cell division", 1, path=str(notes))
    renamed = card("definition", "Mitosis", "Mitosis", "Cell division", 1, path=str(notes))
    again = card("qa", "What is mitosis?", "What is mitosis?", "Splitting a cell in two", 3, path=str(notes))
    for version, drafts in enumerate(([old], [renamed], [renamed, again])):
        monkeypatch.setattr("flashcards.core.extract.extract",
                            lambda text, path, deck, drafts=drafts: Extraction(cards=[
                                replace(d, deck=deck, key=d.key.replace("bio|", f"{deck}|", 1),
                                        source=replace(d.source, path=path)) for d in drafts]))
        monkeypatch.setattr(note_reading, "extractor_fingerprint", lambda version=version: f"v{version}")
        ok(invoke("import", str(notes)))
    store = Store.open(f"sqlite:///{isolated_home / 'flashcards.db'}", isolated_home, NOW)
    try:
        with store.read() as session:
            rows = {kind: guid for kind, guid in session.execute(select(Card.kind, Card.guid))}
    finally:
        store.close()
    first_key = old.key.replace("bio|", "bio|", 1)
    assert rows["definition"] == note_guid(first_key)  # kept through the re-key
    assert rows["qa"] == note_guid(first_key, 2)  # the old key is new again: another note
    assert ok(invoke("check")).endswith("All checks passed.\n")


def test_a_reverse_card_follows_its_re_keyed_forward_card(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, isolated_home: Path, tmp_path: Path,
) -> None:
    """Only the forward card's kind changes; the reverse keeps its key but must name the new forward key."""
    from tests.test_plan_rekey import card

    notes = tmp_path / "history.md"
    notes.write_text("notes\n", encoding="utf-8")
    path = str(notes)

    def version(kind: str) -> list[CardDraft]:
        forward = card(kind, "Versailles", "Versailles", "Treaty of 1919", 4, path=path, deck="history")
        reverse = card("definition-reverse", "Versailles", "Treaty of 1919", "Versailles", 4, path=path,
                       deck="history", sibling=forward)
        return [forward, reverse]

    for number, kind in enumerate(("definition", "qa")):
        drafts = version(kind)
        monkeypatch.setattr("flashcards.core.extract.extract", lambda text, where, deck, drafts=drafts: Extraction(
            cards=[replace(d, source=replace(d.source, path=where)) for d in drafts]))
        monkeypatch.setattr(note_reading, "extractor_fingerprint", lambda number=number: f"v{number}")
        output = " ".join(ok(invoke("import", path)).split())  # the summary line wraps at 80 columns
    assert "1 changed (1 re-keyed" in output and "1 unchanged" in output
    store = Store.open(f"sqlite:///{isolated_home / 'flashcards.db'}", isolated_home, NOW)
    try:
        with store.read() as session:
            found = {kind: (key, sibling) for kind, key, sibling in session.execute(
                select(Card.kind, Card.key, Card.sibling_key))}
    finally:
        store.close()
    assert found["definition-reverse"][1] == found["qa"][0] == "history|qa|Cells|Versailles"


def test_unchanged_notes_are_read_again_once_after_the_extractor_changed(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, seed_notes: Path,
) -> None:
    """Skipping unchanged files must not keep an upgrade's rules from ever reaching them."""
    ok(invoke("import", str(seed_notes)))
    assert "unchanged since the last import, skipped" in ok(invoke("import", str(seed_notes)))
    monkeypatch.setattr(note_reading, "extractor_fingerprint", lambda: "another extractor")
    read_again = ok(invoke("import", str(seed_notes)))
    assert "skipped" not in read_again and "56 unchanged; no change to the collection" in read_again
    assert "unchanged since the last import, skipped" in ok(invoke("import", str(seed_notes)))


def test_a_re_keyed_card_updates_its_anki_note_instead_of_adding_one(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, anki_col: object,
) -> None:
    """DESIGN §6: the GUID is stored when the card is created, so a re-key (or a move) updates the note."""
    from typing import Any

    from tests.test_export_anki import import_apkg
    from tests.test_plan_rekey import card

    col: Any = anki_col
    notes = tmp_path / "bio.md"
    notes.write_text("notes\n", encoding="utf-8")
    old = card("qa", "What is mitosis?", "What is mitosis?", "Cell division", 1, path=str(notes))
    other = card("qa", "What is meiosis?", "What is meiosis?", "Division into gametes", 2, path=str(notes))
    renamed = card("definition", "Mitosis", "Mitosis", "Cell division", 1, path=str(notes))
    for number, drafts in enumerate(([old, other], [renamed, other])):
        monkeypatch.setattr("flashcards.core.extract.extract", lambda text, path, deck, drafts=drafts: Extraction(
            cards=[replace(d, source=replace(d.source, path=path)) for d in drafts]))
        monkeypatch.setattr(note_reading, "extractor_fingerprint", lambda number=number: f"v{number}")
        # A day apart: Anki updates a note only from a package whose copy changed later than its own.
        monkeypatch.setenv("FLASHCARDS_NOW", (NOW + timedelta(days=number)).isoformat())
        output = ok(invoke("import", str(notes)))
        package = tmp_path / f"v{number}.apkg"
        ok(invoke("export", "anki", "-o", str(package)))
        log = import_apkg(col, package)
    assert "re-keyed" in output
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 1, 1)
    assert sorted(col.get_note(note_id)["Front"] for note_id in col.find_notes("")) == ["Mitosis", "What is meiosis?"]


def test_the_plan_tells_the_learner_what_a_re_keyed_card_was(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    from tests.test_plan_rekey import card

    monkeypatch.chdir(tmp_path)  # a short source column: the table fits 80 columns unfolded
    notes = Path("bio.md")
    notes.write_text("notes\n", encoding="utf-8")
    old = card("qa", "What is mitosis?", "What is mitosis?", "Cell division", 1, path=str(notes))
    renamed = card("definition", "Mitosis", "Mitosis", "Cell division", 1, path=str(notes))
    for number, drafts in enumerate(([old], [renamed])):
        monkeypatch.setattr("flashcards.core.extract.extract", lambda text, path, deck, drafts=drafts: Extraction(
            cards=[replace(d, source=replace(d.source, path=path)) for d in drafts]))
        monkeypatch.setattr(note_reading, "extractor_fingerprint", lambda number=number: f"v{number}")
        output = ok(invoke("import", "--dry-run", str(notes)) if number else invoke("import", str(notes)))
    assert "changed (re-keyed)" in output and "Mitosis (was: What is mitosis?)" in output
    assert "1 changed (1 re-keyed: read as another kind or term, progress kept)" in " ".join(output.split())
    assert "retired" not in output and "new" not in output.replace("(was:", "")
