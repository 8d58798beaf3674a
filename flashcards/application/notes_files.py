"""Reading notes from disk for an import: which files, their text, and what is wrong with them.

This is shell code (it touches the file system); everything it finds wrong becomes a `Problem` with a
`file:line` so one bad file never stops the others from being imported.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from flashcards.core.cards import Problem

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn"}
SKIPPED_FOLDERS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".obsidian"}


@dataclass(frozen=True)
class NoteFile:
    """A readable notes file: where it is, how to show it, its deck, text and content hash."""

    path: Path
    display: str
    deck: str
    text: str
    digest: str
    size: int


def deck_name_for(path: Path) -> str:
    """The default deck of a file: its name without the suffix (`docker-notes.md` -> `docker-notes`)."""
    return path.stem


def _display(path: Path) -> str:
    """The path as a person reads it: relative when it lies below the current folder, else absolute.

    `path` is absolute (resolved); a prefix test is enough, where `os.path.relpath` would work out the
    current folder again for each of thousands of files.
    """
    text = str(path)
    here = os.getcwd()
    prefix = here if here.endswith(os.sep) else here + os.sep
    return text[len(prefix):] if text.startswith(prefix) else text


def _markdown_under(folder: Path) -> list[Path]:
    """Markdown files below `folder`, skipping tool folders (.git, node_modules, ...).

    Paths are joined as strings and made `Path`s once: for a folder of thousands of notes, per-file
    `Path` arithmetic and `resolve()` were most of a re-import that otherwise only compares hashes.
    """
    found: list[str] = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name not in SKIPPED_FOLDERS)
        found.extend(os.path.join(root, name) for name in files
                     if os.path.splitext(name)[1].lower() in MARKDOWN_SUFFIXES)
    return [Path(name) for name in sorted(found)]


def find_note_paths(arguments: list[str]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders into Markdown files (sorted, de-duplicated), with problems found."""
    found: list[Path] = []
    problems: list[Problem] = []
    for argument in arguments:
        path = Path(argument).expanduser()
        if not path.exists():
            problems.append(Problem(argument, 0, "no such file or folder"))
        elif path.is_dir():
            inside = _markdown_under(path.resolve())  # below a resolved folder, paths are absolute
            if not inside:
                problems.append(Problem(argument, 0, "folder holds no Markdown files (*.md)"))
            found.extend(inside)
        else:
            found.append(path.resolve())
    unique: dict[Path, None] = dict.fromkeys(found)
    return list(unique), problems


def _bad_utf8(data: bytes, error: UnicodeDecodeError, shown: str) -> Problem:
    line = data.count(b"\n", 0, error.start) + 1
    byte = data[error.start : error.start + 1].hex()
    return Problem(shown, line, f"not UTF-8 text (byte 0x{byte}); save the file as UTF-8")


def read_note(path: Path, deck: str | None) -> NoteFile | Problem:
    """Read one file as UTF-8 Markdown, or say why it cannot be imported."""
    shown = _display(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Problem(shown, 0, f"cannot read: {exc.strerror or exc}")
    if b"\x00" in data[:8192]:
        return Problem(shown, 1, "binary file, not Markdown notes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _bad_utf8(data, exc, shown)
    return NoteFile(
        path=path,
        display=shown,
        deck=deck or deck_name_for(path),
        text=text,
        digest=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
