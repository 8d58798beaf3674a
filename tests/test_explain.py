"""`flashcards import --explain FILE`: the note line by line with the card each item became.

The screen is pinned by a golden file rendered at 80 columns with NO_COLOR from a small note of our own
(`tests/fixtures/explain/containers.md`: an HTML definition list, a flag list, `- **Term**: def`
bullets with `[/]` and `list[int]` in them, a link-only answer, a prose paragraph, a broken tag, an
HTML comment (read, no card), a commented Dockerfile and a TODO section), all read by long-standing
rules, so parallel work on the extractor's newer rules should leave it alone. The same bytes must come
out through a pipe (no terminal) and, styles aside, in a real pseudo-terminal.

After a deliberate change to the output or to the extractor, regenerate the golden file with:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_explain.py -k golden

The pure core (`flashcards.core.explain`) is tested on hand-built `Extraction`s, independent of the rules.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from flashcards.core.cards import CardDraft, Extraction, Problem, SourceRef
from flashcards.core.explain import Belongs, Mark, Role, explain, note_lines, summary
from flashcards.ui.explain_view import render_explanation, visible
from flashcards.core.extract import extract

FIXTURE = Path(__file__).parent / "fixtures" / "explain" / "containers.md"
GOLDEN = Path(__file__).parent / "golden" / "explain-containers.txt"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture note copied into the current folder, so its path shows as `containers.md`."""
    folder = tmp_path / "notes"
    folder.mkdir()
    copy = folder / "containers.md"
    shutil.copyfile(FIXTURE, copy)
    monkeypatch.chdir(folder)
    return copy


def _golden_text(output: str) -> str:
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(output, encoding="utf-8")
    assert GOLDEN.exists(), f"missing {GOLDEN}; run with UPDATE_GOLDEN=1"
    return GOLDEN.read_text(encoding="utf-8")


def _env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("FLASHCARDS_") and key not in {"COLUMNS", "LINES", "NO_COLOR"}}
    env["FLASHCARDS_HOME"] = str(home)
    return env


# --- the screen ----------------------------------------------------------------------------------------


def test_golden_explain_at_80_columns_without_colour(invoke: Callable[..., Result], note: Path) -> None:
    result = invoke("import", "--explain", "containers.md")
    assert result.exit_code == 0, result.output
    assert result.output == _golden_text(result.output)
    assert all(cell_len(row) <= 80 for row in result.output.splitlines())
    assert "\x1b" not in result.output


def test_the_golden_screen_shows_each_structure(note: Path) -> None:
    """What the golden file must keep saying, in words, whatever its exact layout."""
    rows = GOLDEN.read_text(encoding="utf-8").splitlines()

    def row(number: int) -> str:
        found = [line for line in rows if re.match(rf"^.{{26}} +{number}  ", line)]
        assert len(found) == 1, (number, found)
        return found[0]

    assert row(3).startswith("skipped: prose paragraph")
    assert row(8).startswith("definition ⇄ Image")
    assert row(9).startswith("│")  # the <dd> belongs to the card
    assert row(11).startswith("problem: broken tag")
    assert row(17).startswith("flag ⇄ `-d`")
    assert row(26).startswith("definition ⇄ Tag")
    assert "│                              such as `list[int]` or `[/]`" in rows  # wrapped under the text
    assert row(27).startswith("skipped: answer is only a")
    assert row(29).startswith("no card")  # an HTML comment: read, nothing in it
    assert row(34).startswith("instruction start from")
    assert row(35).startswith("│") and row(35).endswith("FROM python:3.12-slim")
    assert row(41).startswith("skipped: TODO section")
    assert row(1).strip() == "1  # Containers"  # a heading: not read, empty gutter
    end = " ".join(" ".join(rows[rows.index("", 4):]).split())
    assert "14 cards: 4 definition, 4 definition-reverse, 2 flag, 2 flag-reverse, 2 instruction." in end
    assert "3 skipped: prose paragraph, answer is only a link, TODO section. 1 block read without a card; 1 problem." in end


def test_same_output_through_a_pipe(note: Path, tmp_path: Path) -> None:
    """No terminal, no COLUMNS, no NO_COLOR: plain text, 80 columns, the golden bytes."""
    completed = subprocess.run([sys.executable, "-m", "flashcards", "import", "--explain", "containers.md"],
                               cwd=note.parent, env=_env(tmp_path / "home"), capture_output=True, text=True,
                               encoding="utf-8", check=False, stdin=subprocess.DEVNULL)  # no stream is a tty
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == GOLDEN.read_text(encoding="utf-8")
    assert completed.stderr == ""


def test_same_text_in_a_terminal_with_no_color(note: Path, tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect", reason="pexpect is installed by the test extra")
    env = _env(tmp_path / "home") | {"NO_COLOR": "1", "TERM": "xterm-256color"}
    child = pexpect.spawn(sys.executable, ["-m", "flashcards", "import", "--explain", "containers.md"],
                          cwd=str(note.parent), env=env, encoding="utf-8", timeout=30, dimensions=(60, 80))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    screen = child.before.replace("\r\n", "\n")
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]", screen), "NO_COLOR in a terminal still printed a colour"
    assert ANSI.sub("", screen) == GOLDEN.read_text(encoding="utf-8")


def test_user_text_is_never_markup(invoke: Callable[..., Result], tmp_path: Path) -> None:
    note = tmp_path / "markup.md"
    note.write_text("# [bold]Paths[/bold]\n\n- **[red]C:\\temp[/]**: where `list[int]` goes, "
                    "and :smile: stays [/]\n", encoding="utf-8")
    result = invoke("import", "--explain", str(note))
    assert result.exit_code == 0, result.output
    assert "# [bold]Paths[/bold]" in result.output
    assert "definition ⇄ [red]C:\\temp" in result.output
    assert "- **[red]C:\\temp[/]**: where `list[int]` goes" in result.output
    assert ":smile: stays [/]" in result.output


def test_a_narrow_terminal_wraps_each_column_in_itself() -> None:
    text = "# T\n\n- **Term**: " + "word " * 30 + "\n\n" + "x" * 200 + "\n"
    rows = _render(text, width=40)
    assert rows and all(cell_len(row) <= 40 for row in rows)
    term = [row for row in rows if " 3  - **Term**" in row]
    assert term and term[0].startswith("definition ⇄ T")
    start = rows.index(term[0])
    wrapped, column = rows[start + 1], term[0].index("- **Term**")
    assert wrapped[:column].strip() == "│" and wrapped[column:].startswith("word")  # under the text, not the gutter
    long = [row for row in rows if "xxxx" in row]
    assert len(long) > 1 and all(row.index("x") == column for row in long[1:])


def test_control_characters_and_tabs_are_shown_not_obeyed() -> None:
    assert visible("a\tb") == "a   b"
    assert visible("\x1b[31mred\x07") == "␛[31mred␇"
    rows = _render("- **Bell**: rings\x07 here\n")
    assert all("\x1b" not in row and "\x07" not in row for row in rows)
    assert any("rings␇ here" in row for row in rows)


def test_an_empty_file(invoke: Callable[..., Result], tmp_path: Path) -> None:
    note = tmp_path / "empty.md"
    note.write_text("", encoding="utf-8")
    result = invoke("import", "--explain", str(note))
    assert result.exit_code == 0, result.output
    assert "(the file is empty)" in result.output and "No cards." in result.output


def _render(text: str, width: int = 80) -> list[str]:
    console = Console(width=width, no_color=True, highlight=False, emoji=False)
    explanation = explain(text, extract(text, "note.md", "note"))
    return [row.plain for row in render_explanation(explanation, "note.md", "end", console)]


LINES = st.one_of(
    st.sampled_from(["# Terms", "## run", "<dl>", "<dt>-d</dt>", "<dd>Run detached</dd>", "</dl>", "", "```sh",
                     "```", "# set the folder", "WORKDIR /app", "- **Term**: a definition", "TODO", "1. step one",
                     "| Flag | Meaning |", "|---|---|", "| -a | all |", "<details>", "<summary>show</summary>",
                     "</details>", "Q: why?", "A: because", "term", ":   definition", "> quoted: text",
                     "- [link](https://example.com)", "\t- 汉字 (hànzì): Chinese characters", "[/] list[int] C:\\"]),
    st.text(max_size=120),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=30), st.sampled_from(["\n", "\r\n"]), st.integers(min_value=20, max_value=120))
def test_any_note_is_explained_whole_and_fits_the_screen(lines: list[str], newline: str, width: int) -> None:
    text = newline.join(lines)
    explanation = explain(text, extract(text, "n.md", "n"))
    assert [line.number for line in explanation.lines] == list(range(1, len(note_lines(text)) + 1))
    console = Console(width=width, no_color=True, highlight=False, emoji=False)
    rows = render_explanation(explanation, "n.md", "end", console)
    assert all(row.cell_len <= width for row in rows)
    assert all(not any(ord(char) < 0x20 for char in row.plain) for row in rows)


# --- nothing is written ----------------------------------------------------------------------------------


def test_explain_never_opens_the_collection(invoke: Callable[..., Result], note: Path,
                                            isolated_home: Path) -> None:
    assert invoke("import", "--explain", "--dry-run", "containers.md").exit_code == 0
    assert not isolated_home.exists()


def test_explain_leaves_an_existing_collection_as_it_was(invoke: Callable[..., Result], note: Path,
                                                         isolated_home: Path) -> None:
    assert invoke("import", "containers.md").exit_code == 0

    def files() -> dict[str, bytes]:
        return {str(path): path.read_bytes() for path in sorted(isolated_home.rglob("*")) if path.is_file()}

    before = files()
    note.write_text(note.read_text(encoding="utf-8") + "\n# Layers\n\n- **Layer**: one step of an image\n", encoding="utf-8")
    result = invoke("import", "--explain", "containers.md")
    assert result.exit_code == 0, result.output
    assert "definition ⇄ Layer" in result.output
    assert files() == before


# --- bad input: one line, exit 1 ---------------------------------------------------------------------------


def _one_line_error(result: Result, *expected: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: cannot explain ")
    for part in expected:
        assert part in lines[0], lines[0]


def test_missing_file(invoke: Callable[..., Result], tmp_path: Path) -> None:
    _one_line_error(invoke("import", "--explain", str(tmp_path / "nope.md")), "nope.md", "no such file")


def test_a_folder(invoke: Callable[..., Result], tmp_path: Path) -> None:
    _one_line_error(invoke("import", "--explain", str(tmp_path)), str(tmp_path), "folder")


def test_not_utf8(invoke: Callable[..., Result], tmp_path: Path) -> None:
    note = tmp_path / "latin1.md"
    note.write_bytes("# Notes\n\n- **Café**: a place\n".encode("latin-1"))
    _one_line_error(invoke("import", "--explain", str(note)), "latin1.md:3", "not UTF-8", "0xe9")


def test_binary(invoke: Callable[..., Result], tmp_path: Path) -> None:
    note = tmp_path / "image.md"
    note.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _one_line_error(invoke("import", "--explain", str(note)), "image.md", "binary")


def test_one_file_at_a_time_and_not_with_json(invoke: Callable[..., Result], note: Path) -> None:
    two = invoke("import", "--explain", "containers.md", "containers.md")
    assert two.exit_code == 2 and "one file at a time" in two.output
    as_json = invoke("import", "--explain", "--json", "containers.md")
    assert as_json.exit_code == 2 and "--dry-run --json" in as_json.output


def test_help_shows_explain_with_an_example(invoke: Callable[..., Result]) -> None:
    result = invoke("import", "--help")
    assert "--explain" in result.output
    assert "flashcards import --explain" in result.output


# --- the pure core, on hand-built extractions -----------------------------------------------------------------


def _card(kind: str, front: str, line: int, end: int | None = None, key: str = "",
          sibling: str | None = None) -> CardDraft:
    return CardDraft(key=key or f"d|{kind}||{front}", kind=kind, deck="d", front=front, back="b", context=(),
                     source=SourceRef("n.md", line, end_line=end), sibling_key=sibling)


def test_a_card_and_its_reverse_are_one_mark_and_their_item_is_marked() -> None:
    text = "<dl>\n<dt>Image</dt>\n<dd>A template</dd>\n\n</dl>\n"
    forward = _card("definition", "Image", 2, 4, key="k1")
    reverse = _card("definition-reverse", "A template", 2, 4, key="k2", sibling="k1")
    explanation = explain(text, Extraction(cards=[forward, reverse], read=[(1, 5)]))
    lines = explanation.lines
    assert lines[1].marks == (Mark(Role.CARD, "definition ⇄", "Image"),)
    assert [line.belongs for line in lines] == [Belongs.READ, Belongs.CARD, Belongs.CARD, Belongs.READ,
                                                Belongs.READ]
    assert lines[0].marks == ()  # the block gave a card: no "no card" mark on its first line
    assert explanation.cards_by_kind == (("definition", 1), ("definition-reverse", 1))


def test_several_cards_on_one_line_are_listed() -> None:
    text = "- `docker ps -a` lists all containers\n"
    cards = [_card("command", "lists all containers", 1), _card("flag", "docker ps -a", 1)]
    marks = explain(text, Extraction(cards=cards)).lines[0].marks
    assert [mark.label for mark in marks] == ["command", "flag"]


def test_an_item_stops_before_its_trailing_blank_lines_and_a_card_without_end_is_its_line() -> None:
    text = "- **A**: one\n\n\n- **B**: two\nmore\n"
    explanation = explain(text, Extraction(cards=[_card("definition", "A", 1, 3), _card("definition", "B", 4)]))
    assert [line.belongs for line in explanation.lines] == [Belongs.CARD, Belongs.NOT_READ, Belongs.NOT_READ,
                                                            Belongs.CARD, Belongs.NOT_READ]


def test_skipped_items_problems_and_blocks_read_without_a_card() -> None:
    text = "Some prose\nthat goes on.\n\n```\nls\n```\n\n<dl>\n"
    extraction = Extraction(
        skipped=[Problem("n.md", 1, "prose paragraph", end_line=2)],
        problems=[Problem("n.md", 8, "unclosed <dl>")],
        read=[(1, 2), (4, 6), (8, 8)],
    )
    explanation = explain(text, extraction)
    lines = explanation.lines
    assert lines[0].marks == (Mark(Role.SKIPPED, "prose paragraph"),)
    assert lines[1].belongs is Belongs.READ and lines[1].marks == ()
    assert lines[3].marks == (Mark(Role.NO_CARD, "no card"),)
    assert lines[4].belongs is Belongs.READ
    assert lines[7].marks == (Mark(Role.PROBLEM, "unclosed <dl>"),)  # a problem is said, not "no card"
    assert summary(explanation) == ["No cards.", "1 skipped: prose paragraph.",
                                    "1 block read without a card; 1 problem."]


def test_lines_are_numbered_as_the_extractor_numbers_them() -> None:
    assert note_lines("\ufeffa\r\nb\rc\n") == ["a", "b", "c"]
    assert note_lines("a\n\n") == ["a", ""]
    assert note_lines("") == []


def test_lines_outside_the_note_are_clamped() -> None:
    explanation = explain("one\n", Extraction(problems=[Problem("n.md", 0, "whole file"),
                                                          Problem("n.md", 9, "past the end")]))
    assert [mark.label for mark in explanation.lines[0].marks] == ["whole file", "past the end"]


# --- the extractor's hint, and the contract it must not touch ------------------------------------------------


def test_the_extractor_gives_each_item_its_last_line() -> None:
    extraction = extract(FIXTURE.read_text(encoding="utf-8"), "containers.md", "containers")
    spans = {(card.kind, card.front): (card.source.line, card.source.end_line) for card in extraction.cards}
    assert spans[("definition", "Image")] == (8, 9)
    assert spans[("flag", "`-d`")] == (17, 18)
    assert spans[("instruction", "set a directory for the app")] == (36, 39)
    todo = [skipped for skipped in extraction.skipped if skipped.message == "TODO section"]
    assert [(skipped.line, skipped.end_line) for skipped in todo] == [(41, 43)]
    assert (7, 12) in extraction.read


def test_end_lines_are_not_part_of_identity_or_the_json_contract() -> None:
    assert SourceRef("n.md", 3, end_line=5) == SourceRef("n.md", 3)
    assert Problem("n.md", 3, "prose paragraph", end_line=4) == Problem("n.md", 3, "prose paragraph")
    card = extract("- **Term**: a definition\n", "n.md", "n").cards[0]
    assert set(card.to_dict()) == {"key", "kind", "deck", "front", "back", "context", "source"}
    assert card.to_dict()["source"] == {"path": "n.md", "line": 1}


def test_the_summary_counts_cards_by_kind_and_repeated_reasons_once() -> None:
    text = "a\n\nb\n\n- **T**: d\n"
    extraction = Extraction(
        cards=[_card("definition", "T", 5, key="k1"), _card("definition-reverse", "d", 5, key="k2", sibling="k1")],
        skipped=[Problem("n.md", 1, "prose paragraph"), Problem("n.md", 3, "prose paragraph")],
    )
    assert summary(explain(text, extraction)) == ["2 cards: 1 definition, 1 definition-reverse.",
                                                  "2 skipped: prose paragraph (2)."]
