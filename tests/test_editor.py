"""The quiz's `e`: the editor chosen (setting, $VISUAL, $EDITOR) and told the line its own way (issue 14)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from flashcards.core.editor import EditorChoice, choose_editor, editor_command, editor_family

NOTE = "/notes/my notes/shell.md"

ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("editor", ["vi", "vim", "nvim", "gvim", "nano", "emacs", "emacsclient", "micro",
                                    "kak", "joe", "mg", "gedit", "/usr/bin/vim.basic", "/usr/local/bin/nvim"])
def test_unix_editors_take_plus_line_then_the_file(editor: str) -> None:
    assert editor_command(editor, NOTE, 12) == [editor, "+12", NOTE]


@pytest.mark.parametrize("editor", ["code", "codium", "code-insiders", "/usr/share/code/bin/code"])
def test_vs_code_takes_goto_file_colon_line(editor: str) -> None:
    assert editor_command(editor, NOTE, 12) == [editor, "--goto", f"{NOTE}:12"]


@pytest.mark.parametrize("editor", ["subl", "hx", "helix", "zed"])
def test_sublime_helix_and_zed_take_file_colon_line(editor: str) -> None:
    assert editor_command(editor, NOTE, 12) == [editor, f"{NOTE}:12"]


def test_kate_takes_a_line_option() -> None:
    assert editor_command("kate", NOTE, 12) == ["kate", "--line", "12", NOTE]


@pytest.mark.parametrize("editor", ["notepad", "ed", "my-editor", "xdg-open", "open -a TextEdit"])
def test_an_unknown_editor_gets_the_file_alone(editor: str) -> None:
    assert editor_command(editor, NOTE, 12) == [*editor.split(), NOTE]


def test_arguments_are_kept_and_the_program_decides_the_family() -> None:
    assert editor_command("code -w", NOTE, 3) == ["code", "-w", "--goto", f"{NOTE}:3"]
    assert editor_command("emacsclient -t", NOTE, 3) == ["emacsclient", "-t", "+3", NOTE]
    assert editor_command("'/opt/My Apps/subl' --wait", NOTE, 3) == ["/opt/My Apps/subl", "--wait", f"{NOTE}:3"]
    assert editor_command("Code.exe -w", NOTE, 3) == ["Code.exe", "-w", "--goto", f"{NOTE}:3"]
    # An argument that looks like an editor does not decide: the program does.
    assert editor_command("my-wrapper vim", NOTE, 3) == ["my-wrapper", "vim", NOTE]


def test_family_is_the_programs_base_name() -> None:
    assert [editor_family(p) for p in ("/usr/bin/vim.tiny", "Code.exe", "C:\\bin\\HX.EXE", "nvim")] == [
        "vim", "code", "hx", "nvim"]


@pytest.mark.parametrize("editor", ["vim 'unclosed", "", "   "])
def test_an_editor_no_shell_could_read_is_refused(editor: str) -> None:
    with pytest.raises(ValueError):
        editor_command(editor, NOTE, 1)


def test_the_setting_comes_first_then_visual_then_editor() -> None:
    both = {"VISUAL": "code -w", "EDITOR": "vi"}
    assert choose_editor("hx", both) == EditorChoice("hx", "the editor setting")
    assert choose_editor(None, both) == EditorChoice("code -w", "$VISUAL")
    assert choose_editor("  ", {"VISUAL": "", "EDITOR": "vi"}) == EditorChoice("vi", "$EDITOR")
    assert choose_editor(None, {}) is None


# ---- end to end ------------------------------------------------------------------------------------


@pytest.fixture
def studied(invoke: Callable[..., Result], seed_notes: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """The seed notes imported; returns the first card's source (the quiz shows it first)."""
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-12-01T09:00:00+00:00")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    assert invoke("import", "--deck", "docker", str(seed_notes)).exit_code == 0
    source: dict[str, object] = json.loads(invoke("cards", "--json").output)[0]["source"]
    return source


def fake_editor(folder: Path, name: str) -> tuple[Path, Path]:
    """An executable called `name` that writes the arguments it was given, one a line."""
    record = folder / f"{name}-args"
    program = folder / "bin" / name
    program.parent.mkdir(exist_ok=True)
    program.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n', encoding="utf-8")
    program.chmod(0o755)
    return program, record


def set_editor_setting(db: Path, value: str) -> None:
    connection = sqlite3.connect(db)
    with connection:
        connection.execute("INSERT INTO settings (key, value) VALUES ('editor', ?)", (value,))
    connection.close()


def test_the_collection_setting_wins_over_the_environment(invoke: Callable[..., Result], studied: dict[str, object],
                                                          tmp_path: Path, db_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    code, code_args = fake_editor(tmp_path, "code")
    vim, vim_args = fake_editor(tmp_path, "vim")
    set_editor_setting(db_path, f"{code} -w")
    monkeypatch.setenv("VISUAL", str(vim))
    monkeypatch.setenv("EDITOR", str(vim))
    result = invoke("quiz", input="e\nq\n")
    assert result.exit_code == 0, result.output
    assert code_args.read_text().splitlines() == ["-w", "--goto", f"{studied['path']}:{studied['line']}"]
    assert not vim_args.exists()


def test_visual_wins_over_editor(invoke: Callable[..., Result], studied: dict[str, object], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    hx, hx_args = fake_editor(tmp_path, "hx")
    nano, nano_args = fake_editor(tmp_path, "nano")
    monkeypatch.setenv("VISUAL", str(hx))
    monkeypatch.setenv("EDITOR", str(nano))
    assert invoke("quiz", input="e\nq\n").exit_code == 0
    assert hx_args.read_text().splitlines() == [f"{studied['path']}:{studied['line']}"]
    assert not nano_args.exists()


@pytest.mark.parametrize("colour", [False, True], ids=["NO_COLOR", "colour"])
def test_an_editor_that_cannot_start_is_named_with_where_it_was_set(
        invoke: Callable[..., Result], studied: dict[str, object], tmp_path: Path, db_path: Path,
        monkeypatch: pytest.MonkeyPatch, colour: bool) -> None:
    if colour:
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("EDITOR", "no-such-editor-here --wait")
    result = invoke("quiz", input="e\nq\n")
    assert result.exit_code == 0, result.output
    lines = ESCAPE.sub("", result.output).splitlines()
    assert ("Could not start the editor no-such-editor-here --wait (from $EDITOR): "
            "No such file or directory") in lines
    set_editor_setting(db_path, "vim 'my notes")
    result = invoke("quiz", input="e\nq\n")
    lines = ESCAPE.sub("", result.output).splitlines()
    assert "Could not start the editor vim 'my notes (from the editor setting): No closing quotation" in lines


@pytest.mark.parametrize("colour", [False, True], ids=["NO_COLOR", "colour"])
def test_no_editor_anywhere_says_how_to_set_one(invoke: Callable[..., Result], studied: dict[str, object],
                                               monkeypatch: pytest.MonkeyPatch, colour: bool) -> None:
    if colour:
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")
    result = invoke("quiz", input="e\nq\n")
    assert result.exit_code == 0, result.output
    assert (f"No editor set: run `flashcards config editor NAME` or set $EDITOR; this card is at "
            f"{studied['path']}:{studied['line']}") in ESCAPE.sub("", result.output).splitlines()
    notes = Path(str(studied["path"]))
    monkeypatch.chdir(notes.parent.parent)  # the path is then shown from there, as on the card
    result = invoke("quiz", input="e\nq\n")
    assert (f"No editor set: run `flashcards config editor NAME` or set $EDITOR; this card is at "
            f"{notes.parent.name}/{notes.name}:{studied['line']}") in ESCAPE.sub("", result.output).splitlines()
