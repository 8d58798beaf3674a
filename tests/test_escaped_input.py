"""Nothing the learner typed or wrote is echoed raw (issue 16): control characters are shown escaped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from flashcards.core.vocabulary import escape_controls


def test_control_characters_are_escaped_and_the_rest_kept() -> None:
    assert escape_controls("plain text, é and 汉字") == "plain text, é and 汉字"
    assert escape_controls("a\x1b[2Jb\x00c\u202ed\x7f\x9b") == "a\\x1b[2Jb\\x00c\\u202ed\\x7f\\x9b"


def test_a_rejected_grade_line_is_echoed_escaped(invoke: Callable[..., Result], tmp_path: Path) -> None:
    note = tmp_path / "shell.md"
    note.write_text("# Shell\n\n- `pwd`: print the working folder\n", encoding="utf-8")
    assert invoke("import", str(note)).exit_code == 0
    result = invoke("quiz", input="\n\x1b[2J\x00\n5\n")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x00" not in result.output
    assert "\\x1b[2J\\x00 is not a grade: grades are 0 to 5" in result.output


def test_a_warning_and_an_error_quote_a_name_escaped(invoke: Callable[..., Result], tmp_path: Path) -> None:
    odd = tmp_path / "bad\x1b[31mname.md"
    odd.write_bytes(b"\xff\xfe not utf-8\n")
    result = invoke("import", str(odd))
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "bad\\x1b[31mname.md" in result.output
    search = invoke("suspend", "--search", "zz\x1b[2J", "--yes")
    assert search.exit_code == 1 and "\x1b" not in search.output and "zz\\x1b[2J" in search.output
