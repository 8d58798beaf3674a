"""Opening a note at a card's line: which editor, and the command line it understands (pure: no I/O).

The quiz's `e` opens the card's note at the card's line. Editors disagree on how to be told the line:
the Unix tradition (vi, Emacs, nano and most terminal editors, gedit too) takes `+LINE FILE`; VS Code
takes `--goto FILE:LINE`; Sublime Text, Helix and Zed read `FILE:LINE`; Kate takes `--line LINE FILE`.
An editor that does not know a form may take `+12` for a second file to open, so an editor not known
here gets the file alone: the right file at the wrong line is a small loss, a stray empty file named
`+12` a confusing one.

The editor is a command line, as `$EDITOR` has always been (`code -w`, `emacsclient -t`): split like
a shell would (`shlex`), and the program's own name (not its folder, not `.exe`) decides the family.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = [
    "EDITOR_SETTING",
    "EditorChoice",
    "choose_editor",
    "editor_command",
    "editor_family",
]

EDITOR_SETTING = "editor"
"""The key of the collection's setting (the `settings` table) that names the learner's editor."""


def _plus_line(path: str, line: int) -> list[str]:
    return [f"+{line}", path]


def _goto(path: str, line: int) -> list[str]:
    return ["--goto", f"{path}:{line}"]


def _path_colon_line(path: str, line: int) -> list[str]:
    return [f"{path}:{line}"]


def _line_option(path: str, line: int) -> list[str]:
    return ["--line", str(line), path]


_FAMILIES: dict[str, Callable[[str, int], list[str]]] = {
    **dict.fromkeys(("vi", "vim", "nvim", "gvim", "view", "nano", "emacs", "emacsclient", "micro", "kak",
                     "joe", "mg", "gedit"), _plus_line),
    **dict.fromkeys(("code", "codium", "code-insiders"), _goto),
    **dict.fromkeys(("subl", "hx", "helix", "zed"), _path_colon_line),
    "kate": _line_option,
}


def editor_family(program: str) -> str:
    """The name that decides how an editor is told the line: the program's base name, lower case,
    without its folder or anything after the first dot (`/usr/bin/vim.basic` and `Code.exe` are `vim`
    and `code`: Debian's alternatives and Windows' suffixes name the same editors)."""
    name = program.replace("\\", "/").rsplit("/", 1)[-1]
    return name.split(".", 1)[0].lower()


def editor_command(editor: str, path: str, line: int) -> list[str]:
    """The command that opens `path` at `line` in `editor` (a command line, arguments allowed).

    Raises:
        ValueError: `editor` is not a command line a shell could read (a quote left open), or empty.
    """
    words = shlex.split(editor)
    if not words:
        raise ValueError("it is empty")
    at_line = _FAMILIES.get(editor_family(words[0]))
    return [*words, *(at_line(path, line) if at_line is not None else [path])]


@dataclass(frozen=True, slots=True)
class EditorChoice:
    """The editor to use and where it was set (named in a message when it cannot be started).

    Attributes:
        command: The command line, as the learner wrote it.
        source: Where it came from: `the editor setting`, `$VISUAL` or `$EDITOR`.
    """

    command: str
    source: str


def choose_editor(setting: str | None, environment: Mapping[str, str]) -> EditorChoice | None:
    """The collection's `editor` setting if set, else `$VISUAL`, else `$EDITOR`; None when none is.

    The setting comes first: it is what the learner chose for this program, where the variables are
    every program's. `$VISUAL` before `$EDITOR`, as every Unix tool that reads both does (it names the
    full-screen editor, and the quiz runs in a full terminal). A blank value counts as unset.
    """
    for source, value in (("the editor setting", setting), ("$VISUAL", environment.get("VISUAL")),
                          ("$EDITOR", environment.get("EDITOR"))):
        if value is not None and value.strip():
            return EditorChoice(value.strip(), source)
    return None
