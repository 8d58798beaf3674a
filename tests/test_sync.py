"""A notes folder the collection remembers (issue 14, acceptance 2): decks by folder, `sync`, the quiz.

Two `shell.md` in different subfolders holding the same heading and term, a file that is not Markdown,
and the built-in deck: distinct decks, no card overwritten, no junk. Deleting a note and running `sync`
(or `quiz`) retires its cards and keeps their history; editing a note and starting `quiz` shows the edit.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from flashcards.application.builtin import builtin_deck_files
from flashcards.core.deck_names import RootNotes, choose_decks

SHELL_A = """# Shell

## Moving around

- `cd DIR`: change the working folder
- `pwd`: print the working folder
"""

SHELL_B = """# Shell

## Moving around

- `cd DIR`: enter the folder DIR
- `ls`: list the folder
"""


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    (folder / "a" / "shell.md").write_text(SHELL_A, encoding="utf-8")
    (folder / "b" / "shell.md").write_text(SHELL_B, encoding="utf-8")
    (folder / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    return folder


def _cards(db: Path) -> list[tuple[str, str, str, str]]:
    connection = sqlite3.connect(db)
    rows = connection.execute(
        "SELECT decks.name, cards.front, cards.back, cards.status FROM cards JOIN decks ON decks.id = cards.deck_id"
        " ORDER BY cards.id").fetchall()
    connection.close()
    return rows


def _count(db: Path, sql: str) -> int:
    connection = sqlite3.connect(db)
    (value,) = connection.execute(sql).fetchone()
    connection.close()
    return int(value)


def test_two_shell_notes_in_two_folders_are_two_decks_beside_the_built_in_one(
    invoke: Callable[..., Result], notes: Path, db_path: Path
) -> None:
    builtin = [str(path) for path in builtin_deck_files()]
    assert builtin, "the built-in decks are installed with the package"
    assert invoke("import", *builtin).exit_code == 0
    mine = notes / "docker.md"
    mine.write_text("# Docker\n\n- `docker ps`: list my running containers\n", encoding="utf-8")
    dry = invoke("import", str(notes), "--dry-run")
    result = invoke("import", str(notes))
    assert result.exit_code == 0, result.output
    def lines(output: str) -> list[str]:
        return [line.rstrip() for line in output.replace("would change", "changed").splitlines()[1:]]

    assert lines(dry.output) == lines(result.output)  # the dry run promised what the import did
    decks = {deck for deck, _front, _back, _status in _cards(db_path)}
    assert {"notes::a::shell", "notes::b::shell", "notes::docker"} <= decks
    assert "docker" in decks and "pyproject" not in " ".join(decks)
    backs = {(deck, back) for deck, _front, back, _status in _cards(db_path)}
    assert ("notes::a::shell", "change the working folder") in backs
    assert ("notes::b::shell", "enter the folder DIR") in backs  # neither overwrote the other
    builtin_cards = _count(db_path, "SELECT count(*) FROM cards JOIN decks ON decks.id = cards.deck_id"
                                    " WHERE decks.name = 'docker'")
    assert builtin_cards == _count(db_path, "SELECT count(*) FROM cards WHERE source_path LIKE '%/decks/docker.md'")


def test_a_file_named_on_its_own_takes_a_name_no_other_file_has(
    invoke: Callable[..., Result], notes: Path, db_path: Path
) -> None:
    assert invoke("import", str(notes / "a" / "shell.md")).exit_code == 0
    assert invoke("import", str(notes / "b" / "shell.md")).exit_code == 0
    decks = sorted({deck for deck, *_ in _cards(db_path)})
    assert decks == ["b::shell", "shell"]
    again = invoke("import", str(notes / "a" / "shell.md"), str(notes / "b" / "shell.md"))
    assert again.exit_code == 0 and "no change to the collection" in again.output  # each keeps its deck


def test_a_file_that_is_not_markdown_is_refused_with_its_name(invoke: Callable[..., Result], notes: Path) -> None:
    result = invoke("import", str(notes / "pyproject.toml"))
    assert result.exit_code == 1
    assert result.output == (f"Error: nothing imported: {notes / 'pyproject.toml'}: not a Markdown file (.md, "
                             ".markdown); `flashcards config note-suffixes` adds others\n")


def test_one_deck_named_for_two_files_keeps_both_cards_and_the_dry_run_tells_the_truth(
    invoke: Callable[..., Result], notes: Path, db_path: Path
) -> None:
    files = [str(notes / "a" / "shell.md"), str(notes / "b" / "shell.md")]
    dry = invoke("import", "--deck", "mine", *files, "--dry-run", "--json")
    drafts = json.loads(dry.stdout)
    assert len({draft["key"] for draft in drafts}) == len(drafts) == 8
    result = invoke("import", "--deck", "mine", *files)
    assert result.exit_code == 0, result.output
    assert _count(db_path, "SELECT count(*) FROM cards") == 8
    warning = (f"warning: {files[1]}:5: same deck, heading and term as {files[0]}:5; this card is keyed "
               "'`cd DIR` (2)'\n")
    assert result.stderr.count("same deck, heading and term") == 1 and warning in result.stderr


def _grade_everything(invoke: Callable[..., Result]) -> Result:
    """A whole quiz without a terminal: reveal each card and take grade 5."""
    return invoke("quiz", input="\n5\n" * 40)


def test_a_deleted_note_retires_its_cards_on_sync_and_keeps_their_history(
    invoke: Callable[..., Result], notes: Path, db_path: Path
) -> None:
    assert invoke("import", str(notes)).exit_code == 0
    quiz = _grade_everything(invoke)
    assert quiz.exit_code == 0, quiz.output
    reviews = _count(db_path, "SELECT count(*) FROM reviews")
    assert reviews > 0
    (notes / "b" / "shell.md").unlink()
    dry = invoke("sync", "--dry-run")
    assert dry.exit_code == 0 and "4 retired; would change the collection." in dry.output
    assert _count(db_path, "SELECT count(*) FROM cards WHERE status = 'retired'") == 0
    result = invoke("sync")
    assert result.exit_code == 0, result.output
    statuses = {(deck, status) for deck, _front, _back, status in _cards(db_path)}
    assert statuses == {("notes::a::shell", "active"), ("notes::b::shell", "retired")}
    assert _count(db_path, "SELECT count(*) FROM reviews") == reviews  # history kept
    assert _count(db_path, "SELECT count(*) FROM sources") == 1
    assert "no change to the collection" in invoke("sync").output


def test_the_quiz_syncs_first_an_edit_shows_and_a_deleted_note_is_retired(
    invoke: Callable[..., Result], notes: Path, db_path: Path
) -> None:
    assert invoke("import", str(notes)).exit_code == 0
    (notes / "a" / "shell.md").write_text(SHELL_A.replace("change the working folder", "go to another folder"),
                                          encoding="utf-8")
    (notes / "b" / "shell.md").unlink()
    (notes / "c.md").write_text("# C\n\n- `make`: build what changed\n", encoding="utf-8")
    result = invoke("quiz", input="\n5\n" * 40)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Notes synced: 2 new, 2 changed, 4 retired.\n")
    assert "go to another folder" in result.output and "change the working folder" not in result.output
    assert "enter the folder DIR" not in result.output
    assert ("notes::c", "build what changed", "active") in {(d, b, s) for d, _f, b, s in _cards(db_path)}
    again = invoke("quiz", "--no-sync", input="q\n")
    assert "Notes synced" not in again.output


def test_a_missing_notes_folder_retires_nothing_and_says_so(
    invoke: Callable[..., Result], notes: Path, db_path: Path
) -> None:
    assert invoke("import", str(notes)).exit_code == 0
    notes.rename(notes.parent / "elsewhere")
    result = invoke("sync")
    assert result.exit_code == 0
    assert result.stderr == (f"warning: {notes} is missing; its cards are left as they are (mount or restore it, "
                             "or import the notes from where they are now)\n")
    assert _count(db_path, "SELECT count(*) FROM cards WHERE status = 'retired'") == 0


def test_sync_with_nothing_imported_says_what_to_do(invoke: Callable[..., Result]) -> None:
    result = invoke("sync")
    assert result.exit_code == 0
    assert result.output == ("Nothing to sync: the collection holds no imported notes yet; import a folder \n"
                             "with `flashcards import ~/notes`.\n")


def test_a_deleted_file_root_retires_its_cards(invoke: Callable[..., Result], notes: Path, db_path: Path) -> None:
    assert invoke("import", str(notes / "a" / "shell.md")).exit_code == 0
    (notes / "a" / "shell.md").unlink()
    result = invoke("sync")
    assert result.exit_code == 0, result.output
    assert {status for *_rest, status in _cards(db_path)} == {"retired"}


# -- the naming rules, pure ---------------------------------------------------------------------------

def test_deck_names_follow_folders_keep_known_decks_and_never_collide() -> None:
    folder = RootNotes(files=(("/n/a/shell.md", ("a", "shell")), ("/n/b/shell.md", ("b", "shell"))),
                       name=("notes",), above=("home", "x"))
    assert choose_decks([folder], {}).decks == {"/n/a/shell.md": "notes::a::shell", "/n/b/shell.md": "notes::b::shell"}
    # A file the collection holds keeps its deck (a renamed deck stays renamed).
    assert choose_decks([folder], {"/n/a/shell.md": "old"}).decks["/n/a/shell.md"] == "old"
    # Another folder named `notes` is told apart by the folder above it, as a whole.
    other = RootNotes(files=(("/w/notes/a/shell.md", ("a", "shell")), ("/w/notes/z.md", ("z",))),
                      name=("notes",), above=("w",))
    chosen = choose_decks([other], {"/n/a/shell.md": "notes::a::shell"})
    assert chosen.decks == {"/w/notes/a/shell.md": "w::notes::a::shell", "/w/notes/z.md": "w::notes::z"}
    assert chosen.prefixes == ["w::notes"]
    # No folder left above: a number.
    lone = RootNotes(files=(("/shell.md", ()),), name=("shell",), above=())
    assert choose_decks([lone], {"/x/shell.md": "shell"}).decks == {"/shell.md": "shell (2)"}
    # A deck the learner names is shared on purpose.
    given = RootNotes(files=(("/x/shell.md", ()),), name=("mine",), given=True)
    assert choose_decks([given], {"/y/shell.md": "mine"}).decks == {"/x/shell.md": "mine"}


# -- what the plan shows (issue 14, item 9) -----------------------------------------------------------

@pytest.mark.parametrize("no_color", [True, False])
def test_the_plan_shows_old_and_new_for_a_changed_card_and_where_a_moved_one_was(
    invoke: Callable[..., Result], notes: Path, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    if not no_color:
        monkeypatch.delenv("NO_COLOR")
    monkeypatch.chdir(notes.parent)
    assert invoke("import", "notes/a").exit_code == 0
    shell = notes / "a" / "shell.md"
    shell.write_text("# Shell\n\n## Moving around\n\n- `pwd`: show the working folder\n\n"
                     "## Places\n\n- `cd DIR`: change the working folder\n", encoding="utf-8")
    result = invoke("import", "notes/a", "--dry-run")
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.output.splitlines()] == [
        "Plan",
        "┏━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓",
        "┃ Action  ┃ Card                            ┃ Source                           ┃",
        "┡━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩",
        "│ changed │ `pwd`: print the working folder │ notes/a/shell.md:5               │",
        "│         │ → show the working folder       │                                  │",
        "│ changed │ print the working folder → show │ notes/a/shell.md:5               │",
        "│         │ the working folder              │                                  │",
        "│ moved   │ `cd DIR`                        │ Shell › Moving around → Shell ›  │",
        "│         │                                 │ Places (notes/a/shell.md:9)      │",
        "│ moved   │ change the working folder       │ Shell › Moving around → Shell ›  │",
        "│         │                                 │ Places (notes/a/shell.md:9)      │",
        "└─────────┴─────────────────────────────────┴──────────────────────────────────┘",
        "1 file: 2 changed, 2 moved; would change the collection.",
    ]


def test_a_dry_run_of_many_skipped_items_counts_them_by_reason_and_verbose_lists_them(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    note = tmp_path / "prose.md"
    note.write_text("# Essay\n\n" + "".join(f"Paragraph {n} is plain prose, with no term to ask about.\n\n"
                                            for n in range(25)), encoding="utf-8")
    result = invoke("import", str(note), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("Skipped 25 items that give no card (--verbose lists each):\n"
                                  "    25  prose paragraph\n")
    verbose = invoke("import", str(note), "--dry-run", "--verbose")
    assert verbose.output.count("skipped ") == 25 and f"skipped {note}:3: prose paragraph\n" in verbose.output


def test_paths_are_shown_below_the_current_folder_or_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from flashcards.ui import shown_path

    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    monkeypatch.chdir(tmp_path)
    assert shown_path(str(tmp_path / "notes" / "a.md")) == "notes/a.md"
    monkeypatch.chdir("/")
    assert shown_path(str(tmp_path / "me" / "notes" / "a.md")) == "~/notes/a.md"
    assert shown_path("/elsewhere/a.md") == "/elsewhere/a.md"


def test_the_quiz_shows_the_card_s_file_relative_to_where_the_learner_is(
    invoke: Callable[..., Result], notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(notes.parent)
    assert invoke("import", "notes/a").exit_code == 0
    result = invoke("quiz", input="q\n")
    assert "\na::shell › Shell › Moving around   notes/a/shell.md:5   2 left\n" in result.output
    assert str(notes) not in result.output


def test_a_retired_deck_s_note_is_not_read_again_even_when_edited(
    invoke: Callable[..., Result], notes: Path, db_path: Path
) -> None:
    assert invoke("import", str(notes)).exit_code == 0
    assert invoke("decks", "retire", "notes::b::shell", "--yes").exit_code == 0
    (notes / "b" / "shell.md").write_text(SHELL_B + "- `mkdir D`: make a folder\n", encoding="utf-8")
    synced = invoke("quiz", input="q\n")
    assert "Notes synced" not in synced.output
    result = invoke("sync")
    assert result.exit_code == 0, result.output
    assert "Not read: 1 note of the retired deck notes::b::shell (a retired deck stays retired).\n" in result.output
    assert {status for deck, _f, _b, status in _cards(db_path) if deck == "notes::b::shell"} == {"retired"}
    assert "make a folder" not in {back for *_rest, back, _status in _cards(db_path)}


def test_a_setting_adds_file_suffixes_read_as_notes(invoke: Callable[..., Result], tmp_path: Path,
                                                    db_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "shell.txt").write_text("# Shell\n\n- `pwd`: print the working folder\n", encoding="utf-8")
    assert invoke("import", str(folder)).output.endswith("folder holds no Markdown files (*.md)\n")
    result = invoke("config", "note-suffixes", "nope!")
    assert (result.exit_code, result.output) == (1, "Error: setting note-suffixes='nope!': 'nope!' is not a file "
                                                    "suffix such as .txt\n")
    assert invoke("config", "note-suffixes", ".txt").exit_code == 0
    imported = invoke("import", str(folder))
    assert imported.exit_code == 0, imported.output
    assert {deck for deck, *_ in _cards(db_path)} == {"plain::shell"}
    assert "no change to the collection" in invoke("sync").output
