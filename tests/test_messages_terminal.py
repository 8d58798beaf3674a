"""Issue 14's messages in a real terminal at 80 columns, with and without NO_COLOR (acceptance 6).

Each command runs in a pseudo-terminal 80 columns wide (so Rich believes it may colour and wrap), once
with NO_COLOR and once without. The text, with colour codes taken out, must be exactly the expected
text both times, and the NO_COLOR run must hold no colour at all. The same messages are also pinned
without a terminal by the tests of each feature (CliRunner), so together they cover TTY and pipe.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect", reason="pexpect is installed by the test extra")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|4[0-9]|9[0-7])[0-9;]*m")


def _env(home: Path, no_color: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASHCARDS_")}
    env.update(FLASHCARDS_HOME=str(home), FLASHCARDS_NOW="2026-12-01T09:00:00+00:00", FLASHCARDS_TZ="UTC",
               COLUMNS="80", LINES="40", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    if no_color:
        env["NO_COLOR"] = "1"
    return env


Screen = Callable[..., tuple[str, int]]


@pytest.fixture(params=[True, False], ids=["NO_COLOR", "colour"])
def screen(request: pytest.FixtureRequest, tmp_path: Path) -> Screen:
    """Run `flashcards ARGS` in an 80-column terminal; (text without colour codes, exit status)."""
    no_color: bool = request.param

    def run(*args: str, answers: tuple[tuple[str, str], ...] = (), cwd: Path | None = None) -> tuple[str, int]:
        child = pexpect.spawn(sys.executable, ["-m", "flashcards", *args], env=_env(tmp_path / "home", no_color),
                              encoding="utf-8", timeout=60, dimensions=(40, 80), cwd=str(cwd or tmp_path))
        child.logfile_read = io.StringIO()  # everything the terminal showed, typed answers echoed too
        for prompt, reply in answers:
            child.expect_exact(prompt)
            child.sendline(reply)
        child.expect(pexpect.EOF)
        child.close()
        raw = child.logfile_read.getvalue()
        if no_color:
            assert not COLOUR.search(raw), f"NO_COLOR still printed a colour: {raw!r}"
        return ANSI.sub("", raw).replace("\r\n", "\n"), int(child.exitstatus if child.exitstatus is not None else -1)

    return run


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    shell = "# Shell\n\n## Moving around\n\n- `cd DIR`: change the working folder\n"
    (folder / "a" / "shell.md").write_text(shell, encoding="utf-8")
    (folder / "b" / "shell.md").write_text(shell.replace("change the working folder", "enter DIR"), encoding="utf-8")
    (folder / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    return folder


def test_nothing_to_sync(screen: Screen) -> None:
    assert screen("sync") == ("Nothing to sync: the collection holds no imported notes yet; import a folder \n"
                              "with `flashcards import ~/notes`.\n", 0)


def test_a_file_that_is_not_markdown(screen: Screen, notes: Path) -> None:
    assert screen("import", "notes/pyproject.toml") == (
        "Error: nothing imported: notes/pyproject.toml: not a Markdown file (.md, .markdown); `flashcards config "
        "note-suffixes` adds others\n", 1)


def test_two_files_in_one_named_deck(screen: Screen, notes: Path) -> None:
    text, status = screen("import", "--deck", "mine", "notes/a/shell.md", "notes/b/shell.md")
    assert status == 0
    assert text.startswith("warning: notes/b/shell.md:5: same deck, heading and term as notes/a/shell.md:5; this "
                           "card is keyed '`cd DIR` (2)'\n")


def test_a_missing_folder_and_the_quiz_s_sync_line(screen: Screen, notes: Path, tmp_path: Path) -> None:
    assert screen("import", "notes")[1] == 0
    (notes / "a" / "shell.md").write_text("# Shell\n\n## Moving around\n\n- `cd DIR`: go there\n", encoding="utf-8")
    text, status = screen("quiz", answers=(("Answer (", "q"),))
    assert status == 0
    assert text.startswith("Notes synced: 2 changed.\n")
    notes.rename(tmp_path / "moved")
    assert screen("sync") == (
        f"warning: {notes} is missing; its cards are left as they are (mount or restore it, or import the notes "
        "from where they are now)\n", 0)


def test_empty_collection_sentences(screen: Screen) -> None:
    assert screen("decks") == ("No decks yet. Import notes with: flashcards import NOTES.md\n", 0)
    assert screen("cards") == ("No cards to show.\n", 0)


def test_a_search_shows_what_it_would_change_and_asks(screen: Screen, notes: Path) -> None:
    assert screen("import", "notes")[1] == 0
    text, status = screen("suspend", "--search", "working folder", answers=(("[y/N]", "n"),))
    assert (text, status) == ("The search chose 2 cards to suspend:\n"
                              "  1  notes::a::shell  `cd DIR`\n"
                              "  2  notes::a::shell  change the working folder\n"
                              "Suspend these 2 cards? [y/N]: n\n"
                              "Error: nothing was changed\n", 1)


def test_one_card_of_a_quiz_from_the_answer_to_the_repeat(screen: Screen, tmp_path: Path) -> None:
    """The card's screen, the grade legend, a failing grade's promise and the session's summary."""
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "shell.md").write_text("# Shell\n\n- `pwd`: print the working folder\n", encoding="utf-8")
    assert screen("import", "notes/shell.md")[1] == 0
    text, status = screen("quiz", answers=(("Answer (", "show the folder"), ("Grade 0-5", "2"), ("Answer (", "q")))
    assert status == 0
    assert re.sub(r"\d+m \d\ds", "0m 00s", text) == (
        "\n"
        "shell › Shell   notes/shell.md:3   1 left\n"
        "\n"
        "`pwd`\n"
        "Answer (Enter: reveal · u: undo · s: skip · e: edit note · q: quit) show the folder\n"
        + "─" * 80 + "\n"
        "print the working folder\n"
        "✓ You typed: show the folder\n"
        "  the gist: 2 of 3 key words; missing: working; suggested grade 3\n"
        "0 blank · 1 wrong · 2 almost · 3 hard · 4 hesitated · 5 perfect\n"
        "Grade 0-5 (Enter = 3) · u undo · q quit: 2\n"
        "Saved: next review 2026-12-02 (in 1 day); it comes back later in this session.\n"
        "\n"
        "shell › Shell   notes/shell.md:3   1 left\n"
        "\n"
        "again (graded below 4 earlier)\n"
        "`pwd`\n"
        "Answer (Enter: reveal · u: undo · s: skip · e: edit note · q: quit) q\n"
        "\n"
        "Session done: 1 card, 1 grade, 0% correct, 0m 00s. Due tomorrow: 1.\n")
