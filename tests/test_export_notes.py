"""Anki as a second home (issue 15): one note per item, stable notes through moves, retired cards,
rendering for a phone, honest re-exports. Proven with the real Anki backend on notes imported by
`flashcards import`, as a learner would do it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from flashcards.export import anki_model, fields
from flashcards.export.notes import cloze_text
from flashcards.export.source import shown_path
from tests.conftest import make_collection
from tests.test_export_anki import export, import_apkg, study, visible

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)

NOTES = """\
# Images

<dl>
  <dt>image</dt>
  <dd>A read-only template for containers</dd>
  <dt>layer</dt>
  <dd>One step of an image build</dd>
</dl>

# Containers

<dl>
  <dt>container</dt>
  <dd>A running instance of an image</dd>
</dl>

Docker images are made of ==read-only== layers.

Q: How do you list running containers?
A: `docker ps`
"""


def notes_folder(tmp_path: Path, text: str = NOTES) -> Path:
    folder = tmp_path / "notes"
    (folder / "tools").mkdir(parents=True, exist_ok=True)
    (folder / "tools" / "docker.md").write_text(text, encoding="utf-8")
    return folder


def flashcards_import(invoke: Callable[..., Result], path: Path) -> Result:
    result = invoke("import", str(path))
    assert result.exit_code == 0, result.output
    return result


def stored(home: Path) -> dict[str, tuple[int, str, str | None, str, str]]:
    """Our cards by front: id, guid, sibling_key, status, created_at."""
    connection = sqlite3.connect(home / "flashcards.db")
    try:
        rows = connection.execute("SELECT id, front, guid, sibling_key, status, created_at FROM cards").fetchall()
    finally:
        connection.close()
    return {front: (card_id, guid, sibling, status, created) for card_id, front, guid, sibling, status, created in rows}


def import_with_presets(col: Any, path: Path) -> Any:
    """Anki's package import with "Import deck presets" ticked (the preset buries siblings)."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    options = ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True)
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options)).log


def note_by_guid(col: Any, guid: str) -> Any:
    (nid,) = col.db.list("SELECT id FROM notes WHERE guid = ?", guid)
    return col.get_note(nid)


# --- one note per item ----------------------------------------------------------------------------


@pytest.mark.anki
def test_a_term_and_its_reverse_are_one_note_whose_sibling_anki_buries(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, anki_col: Any) -> None:
    flashcards_import(invoke, notes_folder(tmp_path))
    out = tmp_path / "docker.apkg"
    result = export(invoke, "-o", str(out))
    assert result.output == f"Wrote 5 notes (8 cards) in 2 decks to {out}.\n"

    log = import_with_presets(anki_col, out)
    assert len(log.new) == 5
    assert len(anki_col.find_notes("")) == 5 and len(anki_col.find_cards("")) == 8
    ours = stored(isolated_home)
    image_id, image_guid, _, _, created = ours["image"]
    note = note_by_guid(anki_col, image_guid)
    assert note.note_type()["name"] == anki_model.PAIR_MODEL_NAME and note.note_type()["id"] == anki_model.PAIR_MODEL_ID
    forward, reverse = sorted(note.cards(), key=lambda card: card.ord)
    assert (forward.ord, reverse.ord) == (0, 1)
    assert visible(forward.question(), "fc-front") == "image"
    assert visible(forward.answer(), "fc-back") == "A read-only template for containers"
    assert visible(reverse.question(), "fc-front") == "A read-only template for containers"
    assert visible(reverse.answer(), "fc-back") == "image"
    # The file as the learner knows it, under the answer only; "Added" is when the card was made.
    assert visible(forward.answer(), "fc-context") == "notes::tools::docker › Images\nnotes/tools/docker.md:4"
    assert "docker.md" not in forward.question()
    made = datetime.fromisoformat(created).replace(tzinfo=timezone.utc)
    assert note.id // 1000 == forward.id // 1000 == int(made.timestamp())

    # Anki's queue shows one card per note: the reverse waits for another day.
    anki_col.decks.select(anki_col.decks.id_for_name("notes::tools::docker::Images"))
    queued = anki_col.sched.get_queued_cards(fetch_limit=10).cards
    notes_queued = [anki_col.get_card(entry.card.id).nid for entry in queued]
    assert len(notes_queued) == len(set(notes_queued)) == 2

    # From the parent deck, new cards come in the order of the notes, not subdeck by subdeck.
    anki_col.decks.select(anki_col.decks.id_for_name("notes::tools::docker"))
    queued = anki_col.sched.get_queued_cards(fetch_limit=10).cards
    assert [anki_col.get_card(entry.card.id).note().fields[0] for entry in queued] == [
        "image", "layer", "container", "Docker images are made of {{c1::read-only}} layers.",
        "How do you list running containers?"]

    qa = note_by_guid(anki_col, ours["How do you list running containers?"][1])
    assert qa.note_type()["id"] == anki_model.MODEL_ID and len(qa.cards()) == 1
    cloze = note_by_guid(anki_col, ours["Docker images are made of [...] layers."][1])
    assert cloze.note_type()["name"] == anki_model.CLOZE_MODEL_NAME
    assert cloze["Text"] == "Docker images are made of {{c1::read-only}} layers."
    (card,) = cloze.cards()
    assert "[...]" in card.question() and "read-only" not in card.question()
    assert '<span class="cloze" data-ordinal="1">read-only</span>' in card.answer()
    assert fields.RETIRED_TAG not in qa.tags and "flashcards::section::Containers" in qa.tags


def test_cloze_text_is_rebuilt_from_the_question_and_the_answer() -> None:
    assert cloze_text("a [...] c", "a b c") == "a {{c1::b}} c"
    assert cloze_text("x [hint] z", "x y z") == "x {{c1::y::hint}} z"
    assert cloze_text("[...] is {{c2::kept}}", "it is {{c2::kept}}") == "{{c1::it}} is &#123;&#123;c2::kept&#125;&#125;"
    assert cloze_text("no blank here", "no blank here") is None
    assert cloze_text("a [...] c", "something else") is None


def test_the_source_is_shown_from_the_imported_folder() -> None:
    roots = ["/home/u/notes", "/home/u/notes/linux", "/home/u/one.md"]
    assert shown_path("/home/u/notes/linux/shell.md", roots) == "linux/shell.md"
    assert shown_path("/home/u/notes/docker.md", roots) == "notes/docker.md"
    assert shown_path("/home/u/one.md", roots) == "one.md"
    assert shown_path("/elsewhere/x.md", roots) == "x.md"
    assert shown_path("/home/u/notesx/y.md", ["/home/u/notes"]) == "y.md"


# --- stable identity: moves and renames update notes in Anki ---------------------------------------


@pytest.mark.anki
def test_a_moved_section_and_a_renamed_heading_keep_every_note_and_anki_progress(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, anki_col: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from anki.scheduler.v3 import CardAnswer

    folder = notes_folder(tmp_path)
    flashcards_import(invoke, folder)
    first = tmp_path / "v1.apkg"
    export(invoke, "-o", str(first))
    import_apkg(anki_col, first)

    # The learner studies "image" in Anki.
    image = note_by_guid(anki_col, stored(isolated_home)["image"][1])
    studied = sorted(image.cards(), key=lambda card: card.ord)[0]
    anki_col.decks.select(studied.did)
    queued = anki_col.sched.get_queued_cards(fetch_limit=10).cards
    (entry,) = [entry for entry in queued if entry.card.id == studied.id]
    studied.start_timer()
    anki_col.sched.answer_card(anki_col.sched.build_answer(card=studied, states=entry.states, rating=CardAnswer.GOOD))
    studied.load()
    assert studied.reps == 1
    progress = every_card(anki_col)

    # Rename "Images", move "Containers" above it; flashcards keeps the cards (and their GUIDs).
    images, containers = NOTES.split("# Containers\n")
    moved = "# Containers\n" + containers + "\n" + images.replace("# Images", "# Docker images")
    notes_folder(tmp_path, moved)
    before = stored(isolated_home)
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-11-29T09:00:00+00:00")
    flashcards_import(invoke, folder)
    after = stored(isolated_home)
    assert {front: row[1] for front, row in after.items()} == {front: row[1] for front, row in before.items()}

    second = tmp_path / "v2.apkg"
    export(invoke, "-o", str(second))
    log = import_apkg(anki_col, second)
    assert len(log.new) == 0 and len(log.conflicting) == 0
    # Every note moved (the renamed heading, or lines further down): each is updated, none duplicated.
    assert len(log.updated) == 5
    assert len(anki_col.find_notes("")) == 5 and len(anki_col.find_cards("")) == 8
    assert every_card(anki_col) == progress  # Anki's progress on every card, the studied one too
    # The moved card is the same note, and its text did not change, yet the new heading reaches Anki:
    # its tag and its Context field (the note's modification time moved with the section).
    note = studied.note()
    assert note.guid == before["image"][1]
    assert note.tags == ["flashcards::section::Docker_images"]
    assert visible(studied.answer(), "fc-context") == (
        "notes::tools::docker › Docker images\nnotes/tools/docker.md:16")
    # A third export of the same collection is nothing new to Anki.
    third = tmp_path / "v3.apkg"
    export(invoke, "-o", str(third))
    log = import_apkg(anki_col, third)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 5)


def every_card(col: Any) -> dict[int, tuple[int, ...]]:
    """Each Anki card's scheduling: type, queue, due, interval, ease, reps, lapses."""
    return {row[0]: tuple(row[1:]) for row in col.db.all(
        "SELECT id, type, queue, due, ivl, factor, reps, lapses FROM cards")}


# --- retired cards --------------------------------------------------------------------------------


@pytest.mark.anki
def test_a_retired_card_arrives_suspended_and_tagged(invoke: Callable[..., Result], isolated_home: Path,
                                                      tmp_path: Path, anki_col: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = notes_folder(tmp_path)
    flashcards_import(invoke, folder)
    first = tmp_path / "v1.apkg"
    export(invoke, "-o", str(first))
    import_apkg(anki_col, first)

    notes_folder(tmp_path, NOTES.split("Q: How")[0])  # the question is deleted from the notes
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-11-29T09:00:00+00:00")
    flashcards_import(invoke, folder)
    second = tmp_path / "v2.apkg"
    result = export(invoke, "-o", str(second))
    assert result.output == (f"Wrote 5 notes (8 cards) in 2 decks to {second}; 1 retired card suspended and "
                             "tagged flashcards::retired.\n"
                             "Anki does not suspend the cards it already has: search tag:flashcards::retired in its"
                             " browser and suspend them there.\n")
    import_apkg(anki_col, second)
    qa = note_by_guid(anki_col, stored(isolated_home)["How do you list running containers?"][1])
    assert fields.RETIRED_TAG in qa.tags
    assert anki_col.find_notes("tag:flashcards::retired") == [qa.id]
    # Anki never reschedules a card it has from a package, so the card it has stays where it was...
    assert [card.queue for card in qa.cards()] == [0]
    # ...until the learner does what the export says: the tag finds it.
    anki_col.sched.suspend_cards(anki_col.find_cards("tag:flashcards::retired"))
    assert [card.queue for card in note_by_guid(anki_col, qa.guid).cards()] == [-1]

    # ...and a profile that does not have it yet takes it suspended.
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    from anki.collection import Collection

    other = Collection(str(fresh / "collection.anki2"))
    try:
        import_apkg(other, second)
        (cid,) = other.find_cards("tag:flashcards::retired")
        assert other.get_card(cid).queue == -1
    finally:
        other.close()


# --- rendering for a phone ------------------------------------------------------------------------

RICH_BACK = """\
Run it:
    docker run \\
      --rm -it ubuntu
Steps:
1. pull
2. run
- a bullet
  - nested
Energy $$\\Delta U = Q - W$$ and $x_j < 2$ in a shell: echo \\(x\\)"""


@pytest.mark.anki
def test_code_lists_and_math_render_for_a_phone(invoke: Callable[..., Result], isolated_home: Path,
                                                 tmp_path: Path, anki_col: Any) -> None:
    make_collection(isolated_home, NOW, [{"front": "rich", "back": RICH_BACK, "kind": "qa"}])
    out = tmp_path / "rich.apkg"
    export(invoke, "-o", str(out))
    import_apkg(anki_col, out)
    (cid,) = anki_col.find_cards("")
    answer = anki_col.get_card(cid).answer()
    assert "<pre><code>docker run \\\n  --rm -it ubuntu</code></pre>" in answer
    assert "<ol><li>pull</li><li>run</li></ol>" in answer
    assert "<ul><li>a bullet<ul><li>nested</li></ul></li></ul>" in answer
    assert "\\[\\Delta U = Q - W\\]" in answer and "\\(x_j &lt; 2\\)" in answer
    assert 'echo <span class="tex2jax_ignore">\\(</span>x\\)' in answer
    assert "tex2jax_ignore" not in anki_model.QUESTION + anki_model.ANSWER  # MathJax is on for the fields
    assert "pre {" in anki_model.CSS and "monospace" in anki_model.CSS


def test_field_html_blocks() -> None:
    assert fields.to_html("a\nb") == "a<br>b"
    assert fields.to_html("Run:\n    x  y\nafter") == "Run:<pre><code>x  y</code></pre>after"
    assert fields.to_html("3. c\n4. d") == '<ol start="3"><li>c</li><li>d</li></ol>'
    assert fields.to_html("1. Run:\n    docker ps\n2. done") == (
        "<ol><li>Run:<pre><code>docker ps</code></pre></li><li>done</li></ol>")
    assert fields.to_html("$HOME/$USER costs $5 or $10") == "$HOME/$USER costs $5 or $10"
    assert fields.to_html("`$x$` and $y$") == "<code>$x$</code> and \\(y\\)"
    assert fields.to_html("[$]x[/$]") == "&#91;$]x&#91;/$]"


# --- honest re-export -----------------------------------------------------------------------------


def test_a_package_with_progress_says_anki_keeps_its_own(invoke: Callable[..., Result], isolated_home: Path,
                                                          tmp_path: Path) -> None:
    (card,) = make_collection(isolated_home, NOW, [{"front": "seen"}])
    study(isolated_home, "UTC", [(card, NOW - timedelta(days=3), 5, "scheduled")])
    out = tmp_path / "p.apkg"
    result = export(invoke, "-o", str(out), "--with-scheduling")
    assert result.output.splitlines() == [
        f"Wrote 1 note in 1 deck to {out}, with progress for 1 card and 1 review.",
        'In Anki\'s import dialog, tick "Import any learning progress" to keep it.',
        "Anki keeps its own progress for notes it already has: bring that here with `flashcards import-anki`, "
        "or import this file into a fresh Anki profile.",
    ]


IMAGE_NOTES = """\
# Layers

- **layer**: One step of an image build ![layers](img/layers.png)
- **cache**: Layers kept between builds ![cache](img/gone.png)
- **badge**: A picture on the web ![ci](https://example.com/ci.svg) is left out
"""


@pytest.mark.anki
def test_a_note_s_local_image_reaches_the_card_and_travels_as_media(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, anki_col: Any) -> None:
    import json
    import zipfile

    folder = notes_folder(tmp_path, IMAGE_NOTES)
    picture = b"\x89PNG\r\n\x1a\n picture"
    (folder / "tools" / "img").mkdir()
    (folder / "tools" / "img" / "layers.png").write_bytes(picture)
    flashcards_import(invoke, folder)
    ours = stored_backs(isolated_home)
    # The extractor keeps a local image in the card's text (a web image is left out, as before)...
    assert ours["layer"] == "One step of an image build ![layers](img/layers.png)"
    assert ours["badge"] == "A picture on the web is left out"
    # ...and the reverse card hides the term, not the file name holding it.
    assert ours["One step of an image build ![layers](img/layers.png)"] == "layer"

    out = tmp_path / "media.apkg"
    result = invoke("export", "anki", "-o", str(out))
    assert result.exit_code == 0, result.output  # a missing image is a warning, not a failure
    warning = f"warning: {folder / 'tools' / 'docker.md'}:4: image img/gone.png not found; the note shows it missing"
    assert result.output.count(warning) == 1  # once, though the term and its reverse both show it
    name = fields.media_name(str(folder / "tools"), "img/layers.png")
    with zipfile.ZipFile(out) as package:
        assert json.loads(package.read("media")) == {"0": name}  # the missing file is left out
        assert package.read("0") == picture
    import_apkg(anki_col, out)
    note = note_by_guid(anki_col, stored(isolated_home)["layer"][1])
    forward, reverse = sorted(note.cards(), key=lambda card: card.ord)
    assert f'<img src="{name}" alt="layers">' in forward.answer()
    assert f'<img src="{name}" alt="layers">' in reverse.question()
    assert (Path(anki_col.media.dir()) / name).read_bytes() == picture
    assert anki_col.media.check().missing == [fields.media_name(str(folder / "tools"), "img/gone.png")]


def test_the_terminal_shows_an_image_as_its_name() -> None:
    from flashcards.core.images import terminal_text, without_images
    from flashcards.ui import one_line

    text = "One step ![layers](img/layers.png) of a build"
    assert terminal_text(text) == "One step [image: img/layers.png] of a build"
    assert one_line(text, 80) == "One step [image: img/layers.png] of a build"
    assert without_images(text) == "One step of a build"
    assert terminal_text("no picture") == "no picture"
    # The parser's percent-encoding: undone where the reference can hold the name, read for the file.
    from flashcards.core.images import reference

    assert reference("a [b]", "img/%E5%9B%BE.png") == "![a b](img/图.png)"
    assert reference("", "img/a%20b.png") == "![](img/a%20b.png)"
    assert [path for _, path, _ in fields.images("x ![](img/a%20b.png)", "/n")] == ["/n/img/a b.png"]
    from rich.console import Console

    from flashcards.ui import CardView, render_back, render_front

    view = CardView(deck="d", context=(), source="x.md:1", front="What is ![it](a.png)?", back=text, kind="qa")
    console = Console(width=80, color_system=None, record=True)
    console.print(render_front(view))
    console.print(render_back(view))
    shown = console.export_text()
    assert "What is [image: a.png]?" in shown and "One step [image: img/layers.png] of a build" in shown
    assert "![" not in shown


def stored_backs(home: Path) -> dict[str, str]:
    connection = sqlite3.connect(home / "flashcards.db")
    try:
        return dict(connection.execute("SELECT front, back FROM cards").fetchall())
    finally:
        connection.close()


# --- cloze notes of more than one deletion ----------------------------------------------------------

CLOZES = """\
# Images

Docker images are made of ==read-only== layers, ==stacked== in ==order==.

A {{c1::volume}} keeps {{c2::data::what}}, and {{c3::mounts}} share it; {{c4::tmpfs}} does not.

The {{c1::daemon}} runs {{c2::containers}} and {{c1::pulls}} images.
"""


@pytest.mark.anki
def test_the_clozes_of_one_sentence_are_one_cloze_note_both_ways(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, anki_col: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_anki_import import _answer, _export_all, _log, day

    flashcards_import(invoke, notes_folder(tmp_path, CLOZES))
    ours = stored(isolated_home)
    out = tmp_path / "clozes.apkg"
    # 3 + 4 + 2 cards in three notes (the last sentence hides two pieces as c1).
    assert export(invoke, "-o", str(out)).output == f"Wrote 3 notes (9 cards) in 1 deck to {out}.\n"
    import_with_presets(anki_col, out)
    daemon = note_by_guid(anki_col, ours["The [...] runs containers and [...] images."][1])
    assert daemon["Text"] == "The {{c1::daemon}} runs {{c2::containers}} and {{c1::pulls}} images."
    assert [visible(card.question(), "fc-front") for card in sorted(daemon.cards(), key=lambda card: card.ord)] == [
        "The [...] runs containers and [...] images.", "The daemon runs [...] and pulls images."]

    layers = note_by_guid(anki_col, ours["Docker images are made of [...] layers, stacked in order."][1])
    assert layers.note_type()["id"] == anki_model.CLOZE_MODEL_ID
    assert layers["Text"] == "Docker images are made of {{c1::read-only}} layers, {{c2::stacked}} in {{c3::order}}."
    # Card k asks what card k here asks: the k-th deletion hidden, the others shown.
    assert sorted(card.ord for card in layers.cards()) == [0, 1, 2]
    assert [visible(card.question(), "fc-front") for card in sorted(layers.cards(), key=lambda card: card.ord)] == [
        "Docker images are made of [...] layers, stacked in order.",
        "Docker images are made of read-only layers, [...] in order.",
        "Docker images are made of read-only layers, stacked in [...]."]

    fronts = ["A [...] keeps data, and mounts share it; tmpfs does not.",
              "A volume keeps [what], and mounts share it; tmpfs does not.",
              "A volume keeps data, and [...] share it; tmpfs does not.",
              "A volume keeps data, and mounts share it; [...] does not."]
    volume = note_by_guid(anki_col, ours[fronts[0]][1])
    assert volume["Text"] == ("A {{c1::volume}} keeps {{c2::data::what}}, and {{c3::mounts}} share it; "
                              "{{c4::tmpfs}} does not.")
    assert [visible(card.question(), "fc-front") for card in sorted(volume.cards(), key=lambda card: card.ord)] == fronts
    # Anki buries the siblings: one card of each note a day.
    anki_col.decks.select(anki_col.decks.id_for_name("notes::tools::docker::Images"))
    queued = [anki_col.get_card(entry.card.id).nid for entry in anki_col.sched.get_queued_cards(fetch_limit=20).cards]
    assert len(queued) == len(set(queued)) == 3

    # Each of the four cards answered in Anki comes back to its own card here (ord k is card k).
    by_ord = {card.ord: card.id for card in volume.cards()}
    anki_col.close()  # reopened without the queue built above: any card may be answered, as on later days
    anki_col.reopen()
    for ordinal, ease in ((0, 1), (1, 2), (2, 3), (3, 4)):
        _answer(anki_col, by_ord[ordinal], ease, day(1, 10 + ordinal))
    packages = _export_all(anki_col, tmp_path)
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-12-03T09:00:00+00:00")
    result = invoke("import-anki", str(packages["current.apkg"]))
    assert result.exit_code == 0, result.output
    assert "Matched 9 cards with cards here." in result.output
    assert [(card, grade) for card, _, _, grade, _, _ in _log(isolated_home)] == [
        (ours[front][0], grade) for front, grade in zip(fronts, (1, 3, 4, 5), strict=True)]
    assert "All checks passed." in _ok(invoke("check"))


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def test_cloze_groups_need_every_deletion_found_and_none_overlapping() -> None:
    from flashcards.core.cloze_notes import Deletion, Piece, cloze_groups, deletion

    class Card:
        def __init__(self, front: str, back: str, kind: str = "cloze") -> None:
            self.front, self.back, self.kind = front, back, kind

    sentence = "a b c"
    cards = [Card("[...] b c", sentence), Card("x", "other"), Card("a [...] c", sentence), Card("a b [hint]", sentence),
             Card("[...] b c", sentence, "qa")]
    assert cloze_groups(cards, ["here"] * 5) == {0: (0, 2, 3)}
    assert cloze_groups(cards, ["here", "here", "there", "here", "here"]) == {0: (0, 3)}
    assert deletion("a b [hint]", sentence) == Deletion((Piece(4, 5, "hint"),))
    # A cloze number used twice hides two pieces; a bracket of the text's own is not a blank.
    assert deletion("[...] b [...]", sentence) == Deletion((Piece(0, 1, ""), Piece(4, 5, "")))
    assert deletion("see [x] and [...]", "see [x] and y") == Deletion((Piece(12, 13, ""),))
    # Overlapping pieces (the same words hidden by two cards) or one not found: no group.
    assert cloze_groups([Card("[...] c", sentence), Card("a [...]", sentence)], ["p", "p"]) == {}
    assert cloze_groups([Card("[...] b c", sentence), Card("[...] [...] c", sentence)], ["p", "p"]) == {}


# --- tags the learner gives notes in Anki -----------------------------------------------------------


@pytest.mark.anki
def test_anki_tags_replaced_by_anki_s_import_come_back_with_import_anki_and_stay(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, anki_col: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_anki_import import _export_all

    later = datetime.now(timezone.utc).replace(microsecond=0)  # after Anki stamps the learner's edits

    def reimport(text: str, days: int) -> None:
        monkeypatch.setenv("FLASHCARDS_NOW", (later + timedelta(days=days)).isoformat())
        flashcards_import(invoke, notes_folder(tmp_path, text))

    def reexport(name: str) -> Any:
        out = tmp_path / name
        export(invoke, "-o", str(out))
        return import_apkg(anki_col, out)

    flashcards_import(invoke, notes_folder(tmp_path))
    reexport("v1.apkg")
    guid = stored(isolated_home)["How do you list running containers?"][1]
    ours = ["flashcards::section::Containers"]

    def tag_in_anki(*tags: str) -> None:
        note = note_by_guid(anki_col, guid)
        for tag in tags:
            note.add_tag(tag)
        anki_col.update_note(note)

    # Anki's package import replaces a note's tags with the package's when it updates the note
    # (rslib/src/import_export/package/apkg/import/notes.rs, `update_note`): flashcards cannot keep a
    # tag it has never seen.
    tag_in_anki("marked")
    reimport(NOTES.replace("A: `docker ps`", "A: `docker ps` (add `-a` for all)"), 1)
    assert len(reexport("v2.apkg").updated) == 1
    assert note_by_guid(anki_col, guid).tags == ours

    # Once import-anki has read them, our export carries them, and Anki's import keeps them.
    tag_in_anki("marked", "leech", "exam::week1")
    packages = _export_all(anki_col, tmp_path)
    dry = invoke("import-anki", str(packages["current.apkg"]), "--dry-run")
    assert "To keep the Anki tags of 1 note (yours, not flashcards::), for the next export." in dry.output
    assert "anki:" not in " ".join(stored_tags(isolated_home))  # a dry run writes nothing
    result = invoke("import-anki", str(packages["current.apkg"]))
    assert result.exit_code == 0, result.output
    assert sorted(stored_tags(isolated_home)) == ["", "", "", "", "", "", "", "anki:exam::week1 anki:leech anki:marked"]
    assert "Kept the Anki tags of 1 note (yours, not flashcards::), for the next export." in result.output
    again = invoke("import-anki", str(packages["current.apkg"]))
    assert "Anki tags" not in again.output  # nothing new the second time
    reimport(NOTES.replace("A: `docker ps`", "A: `docker ps` (`-a`: all)"), 2)
    assert len(reexport("v3.apkg").updated) == 1
    note = note_by_guid(anki_col, guid)
    assert note["Back"] == "<code>docker ps</code> (<code>-a</code>: all)"
    assert sorted(note.tags) == sorted([*ours, "marked", "leech", "exam::week1"])
    assert "All checks passed." in invoke("check").output


RICH_NOTE = """\
# Containers

How do you run a container from scratch?

<details><summary>Answer</summary>

Pull it, then run it:

    docker pull ubuntu
    docker run --rm -it \\
      ubuntu bash

1. pull the image
2. run it

The energy is $$\\Delta U = Q - W$$ and ![flow](img/flow.png)

</details>
"""


@pytest.mark.anki
def test_a_note_s_code_list_formula_and_image_arrive_in_anki(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, anki_col: Any) -> None:
    """Acceptance 5 from notes to Anki: `<pre>`, `<ol>`, MathJax and a packaged media file."""
    import json
    import zipfile

    folder = notes_folder(tmp_path, RICH_NOTE)
    (folder / "tools" / "img").mkdir()
    (folder / "tools" / "img" / "flow.png").write_bytes(b"\x89PNG flow")
    flashcards_import(invoke, folder)
    out = tmp_path / "rich.apkg"
    export(invoke, "-o", str(out))
    name = fields.media_name(str(folder / "tools"), "img/flow.png")
    with zipfile.ZipFile(out) as package:
        assert json.loads(package.read("media")) == {"0": name}
    import_apkg(anki_col, out)
    (cid,) = anki_col.find_cards("")
    card = anki_col.get_card(cid)
    assert visible(card.question(), "fc-front") == "How do you run a container from scratch?"
    answer = card.answer()
    assert "<pre><code>docker pull ubuntu\ndocker run --rm -it \\\n  ubuntu bash</code></pre>" in answer
    assert "<ol><li>pull the image</li><li>run it</li></ol>" in answer
    assert "\\[\\Delta U = Q - W\\]" in answer
    assert f'<img src="{name}" alt="flow">' in answer
    assert (Path(anki_col.media.dir()) / name).read_bytes() == b"\x89PNG flow"


def test_a_note_is_stamped_when_what_it_shows_changed_its_tags_by_a_grade_too() -> None:
    from flashcards.export.notes import plan_notes
    from flashcards.export.source import ExportCard

    def card(tags: str, reviewed: datetime | None) -> ExportCard:
        return ExportCard(key=f"d|qa||{tags}", deck="d", kind="qa", front="q", back="a", context=(), source_path="x.md",
                          source_line=1, position=1, status="active", tags=tags, repetitions=0, ef_hundredths=250,
                          interval=0, due=None, lapses=0, content_changed_at=NOW, last_reviewed_at=reviewed)

    later = NOW + timedelta(days=3)
    notes = plan_notes([card("leech", later), card("", later), card("anki:marked", later), card("leech", None)])
    assert [note.modified for note in notes] == [int(later.timestamp())] + [int(NOW.timestamp())] * 3
    assert notes[2].tags == ("marked",) and notes[0].tags == ("flashcards::tag::leech",)


@pytest.mark.anki
def test_a_renamed_deck_reaches_the_notes_anki_has(invoke: Callable[..., Result], isolated_home: Path,
                                                    tmp_path: Path, anki_col: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    make_collection(isolated_home, NOW, [{"front": "ps", "back": "docker ps", "context": ["Core"]}])
    export(invoke, "-o", str(tmp_path / "v1.apkg"))
    import_apkg(anki_col, tmp_path / "v1.apkg")
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-11-29T09:00:00+00:00")
    assert invoke("decks", "rename", "docker", "containers").exit_code == 0
    export(invoke, "-o", str(tmp_path / "v2.apkg"))
    log = import_apkg(anki_col, tmp_path / "v2.apkg")
    assert (len(log.new), len(log.updated)) == (0, 1)
    (cid,) = anki_col.find_cards("")
    assert visible(anki_col.get_card(cid).answer(), "fc-context") == "containers › Core\nx.md:1"


def stored_tags(home: Path) -> list[str]:
    connection = sqlite3.connect(home / "flashcards.db")
    try:
        return [tags for (tags,) in connection.execute("SELECT tags FROM cards")]
    finally:
        connection.close()


def test_the_extractor_keeps_a_local_image_markdown_or_html_and_drops_a_web_one() -> None:
    from flashcards.core.extract import extract

    text = """\
# Parts

- **pump**: moves water <img src="img/pump.png" alt="a pump"> uphill
- **web**: not here <img src="https://example.com/x.png"> at all
- **only**: ![](img/only.png)

<dl>
  <dt>valve</dt>
  <dd>Stops the flow <img src='img/valve.png'></dd>
</dl>
"""
    backs = {card.front: card.back for card in extract(text, "parts.md", "parts").cards}
    assert backs["pump"] == "moves water ![a pump](img/pump.png) uphill"
    assert backs["web"] == "not here at all"
    assert backs["valve"] == "Stops the flow ![](img/valve.png)"
    assert "only" not in backs  # an answer that is only a picture is no answer, as before
