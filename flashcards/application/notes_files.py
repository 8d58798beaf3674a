"""Reading notes from disk for an import: which files, their text, and what is wrong with them.

This is shell code (it touches the file system); everything it finds wrong becomes a `Problem` with a
`file:line` so one bad file never stops the others from being imported.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from collections.abc import Collection, Sequence
from pathlib import Path

from flashcards.core.cards import Problem
from flashcards.core.deck_names import DECK_SEPARATOR, RootNotes, deck_part

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
    """The deck of a file given on its own: its name without the suffix (`docker-notes.md` -> `docker-notes`)."""
    return deck_part(path.stem)


@dataclass(frozen=True)
class FoundRoot:
    """One folder or file named to import (or recorded for `sync`) that exists, with its notes."""

    path: str  # resolved, as `source_roots` records it
    is_folder: bool
    notes: RootNotes


@dataclass
class FoundNotes:
    """What the arguments of an import hold: the roots found, every file once, and the problems."""

    roots: list[FoundRoot]
    problems: list[Problem]

    @property
    def paths(self) -> list[Path]:
        """Every notes file, in root order, each once (a file under two roots belongs to the first)."""
        seen: dict[str, None] = {}
        for root in self.roots:
            for path, _below in root.notes.files:
                seen.setdefault(path, None)
        return [Path(path) for path in seen]


def _display(path: Path) -> str:
    """The path as a person reads it: relative when it lies below the current folder, else absolute.

    `path` is absolute (resolved); a prefix test is enough, where `os.path.relpath` would work out the
    current folder again for each of thousands of files.
    """
    text = str(path)
    here = os.getcwd()
    prefix = here if here.endswith(os.sep) else here + os.sep
    return text[len(prefix):] if text.startswith(prefix) else text


def _markdown_under(folder: Path, extra_suffixes: Collection[str] = ()) -> list[Path]:
    """Markdown files below `folder`, skipping tool folders (.git, node_modules, ...).

    Paths are joined as strings and made `Path`s once: for a folder of thousands of notes, per-file
    `Path` arithmetic and `resolve()` were most of a re-import that otherwise only compares hashes.
    """
    found: list[str] = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name not in SKIPPED_FOLDERS)
        found.extend(os.path.join(root, name) for name in files if _is_markdown(name, extra_suffixes))
    return [Path(name) for name in sorted(found)]


def _is_markdown(name: str, extra: Collection[str]) -> bool:
    suffix = os.path.splitext(name)[1].lower()
    return suffix in MARKDOWN_SUFFIXES or suffix in extra


def find_notes(requests: Sequence[tuple[str, str | None, bool]], extra_suffixes: Collection[str] = ()) -> FoundNotes:
    """Expand each (argument, deck name, whether the learner gave it) into its Markdown files.

    A folder's files carry their folders below it as deck name parts (`linux/shell.md` -> `linux`,
    `shell`); the deck name, when there is one, stands for the folder's or file's own name. A file
    named on its own must be Markdown (`.md`, `.markdown` and their variants, or a suffix in
    `extra_suffixes`): a `pyproject.toml` is not notes.
    """
    roots: list[FoundRoot] = []
    problems: list[Problem] = []
    for argument, deck, given in requests:
        path = Path(argument).expanduser()
        if not path.exists():
            problems.append(Problem(argument, 0, "no such file or folder"))
            continue
        resolved = path.resolve()
        above = tuple(deck_part(part) for part in reversed(resolved.parent.parts[1:]))
        if resolved.is_dir():
            inside = _markdown_under(resolved, extra_suffixes)  # below a resolved folder, paths are absolute
            if not inside:
                problems.append(Problem(argument, 0, "folder holds no Markdown files (*.md)"))
                continue
            name = tuple(deck.split(DECK_SEPARATOR)) if deck else (deck_part(resolved.name),)
            files = tuple((str(file), _below(resolved, file)) for file in inside)
            roots.append(FoundRoot(str(resolved), True, RootNotes(files, name, above, given)))
        elif not _is_markdown(resolved.name, extra_suffixes):
            problems.append(Problem(argument, 0, "not a Markdown file (.md, .markdown); `flashcards config note-suffixes` adds others"))
        else:
            name = tuple(deck.split(DECK_SEPARATOR)) if deck else (deck_name_for(resolved),)
            roots.append(FoundRoot(str(resolved), False, RootNotes(((str(resolved), ()),), name, above, given)))
    return FoundNotes(roots, problems)


def _below(folder: Path, file: Path) -> tuple[str, ...]:
    """The deck name parts of `file` below `folder`: its folders, then its name without the suffix."""
    relative = file.relative_to(folder)
    return (*(deck_part(part) for part in relative.parent.parts), deck_part(relative.stem))


def find_note_paths(arguments: Sequence[str]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders into Markdown files (in order, de-duplicated), with problems found."""
    found = find_notes([(argument, None, False) for argument in arguments])
    return found.paths, found.problems


def _bad_utf8(data: bytes, error: UnicodeDecodeError, shown: str) -> Problem:
    line = data.count(b"\n", 0, error.start) + 1
    byte = data[error.start : error.start + 1].hex()
    return Problem(shown, line, f"not UTF-8 text (byte 0x{byte}); save the file as UTF-8")


def read_note(path: Path, deck: str | None) -> NoteFile | Problem:
    """Read one file as UTF-8 Markdown, or say why it cannot be imported (deck: its name by default)."""
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
