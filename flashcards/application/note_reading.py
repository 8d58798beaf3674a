"""Reading the files of an import before anything is extracted: decks, hashes, what is unchanged.

It is kept apart from the importer so that the quiz's start, which reads the imported notes again
(`flashcards sync`) and almost always finds nothing changed, answers that without loading the import
plan, the extractor or the store: `unchanged_notes` needs only the file system and what a plain
`sqlite3` read of the collection gives.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flashcards.application.notes_files import FoundNotes, NoteFile, find_notes, read_note
from flashcards.core.cards import Problem
from flashcards.core.deck_names import choose_decks


@functools.cache
def extractor_fingerprint() -> str:
    """Which extractor this is: a hash of what decides the cards, found without importing the extractor.

    That is the source of `flashcards.core.extract`, of `flashcards.core.cards` (keys) and of
    `flashcards.core.images` (the form card text keeps a picture in), and the version of
    the Markdown parser it drives (its packages' `__init__.py`, which name it). Any change to the rules
    changes it, with no version number for anyone to remember to bump; a few milliseconds, once per
    run. Where the source cannot be read (a build without .py files), the program's version stands in.
    """
    digest = hashlib.sha256()
    spec = importlib.util.find_spec("flashcards.core.extract")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    files = sorted(path for folder in folders for path in Path(folder).glob("*.py"))
    core = Path(__file__).resolve().parent.parent / "core"
    files += [core / "cards.py", core / "images.py"]  # keys; the form images keep in card text
    for path in files:
        if path.is_file():
            digest.update(path.name.encode("utf-8") + b"\x00" + path.read_bytes() + b"\x00")
    if len(files) == 2:
        from flashcards import __version__

        digest.update(f"flashcards {__version__}".encode())
    for parser in ("markdown_it", "mdit_py_plugins"):
        # Their `__init__.py` holds `__version__`; reading it costs far less than importlib.metadata.
        origin = getattr(importlib.util.find_spec(parser), "origin", None)
        digest.update(parser.encode() + b"\x00" + (Path(origin).read_bytes() if origin else b"?") + b"\x00")
    return digest.hexdigest()


ImportRequest = tuple[str, str | None, bool]
"""One argument of an import: a folder or file, the deck name for it (or None), whether the learner
gave that name (`--deck`) or it was recorded for the folder by an earlier import (`sync`)."""


def requests_for(arguments: list[str], deck: str | None) -> list[ImportRequest]:
    """The requests of `flashcards import ARGUMENTS [--deck DECK]`."""
    return [(argument, deck, deck is not None) for argument in arguments]


@dataclass
class NoteReading:
    """What reading the files of an import found, before any is extracted.

    `outcomes` holds, in file order, the problem that stops a file or the note to extract; `files` the
    notes to extract, `unchanged_files` those set aside; `roots` each folder or file named with its deck
    prefix; `vanished` the files the collection holds below a folder read now that are gone from it.
    """

    problems: list[Problem] = field(default_factory=list)
    outcomes: list[Problem | NoteFile] = field(default_factory=list)
    files: list[NoteFile] = field(default_factory=list)
    unchanged_files: list[NoteFile] = field(default_factory=list)
    retired_files: list[NoteFile] = field(default_factory=list)  # notes of retired decks: not read
    roots: list[tuple[str, str]] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)


def read_notes(found: FoundNotes, known: Mapping[str, tuple[str, str, str | None]],
               limits: Mapping[str, int], retired: frozenset[str] = frozenset()) -> NoteReading:
    """Each file in order: the problem that stops it, or the note to read; unchanged notes set aside.

    Each file's deck is chosen first (`core.deck_names`: folders make the names, a file the collection
    holds keeps its deck, no two files share a deck they did not ask to share). A note is unchanged
    when its content hash, deck and the extractor that read it are those `known` (what the store holds
    of each file). Messages keep the order of the files.
    """
    fingerprint = extractor_fingerprint()
    choice = choose_decks([root.notes for root in found.roots],
                          {path: deck for path, (_digest, deck, _extractor) in known.items()})
    result = NoteReading(problems=list(found.problems))
    result.roots = [(root.path, prefix) for root, prefix in zip(found.roots, choice.prefixes, strict=True)]
    outcomes = result.outcomes
    for path in found.paths:
        note = read_note(path, choice.decks[str(path)])
        if isinstance(note, Problem):
            outcomes.append(note)
            continue
        too_long = _file_too_long(note, limits) if limits else None
        if too_long is not None:
            outcomes.append(too_long)
        elif known.get(str(note.path)) == (note.digest, note.deck, fingerprint):
            result.unchanged_files.append(note)
        elif note.deck in retired:  # the learner retired the deck: an edit does not bring it back
            result.retired_files.append(note)
        else:
            outcomes.append(note)
            result.files.append(note)
    result.vanished = _vanished(found, known)
    return result


def new_roots(roots: list[tuple[str, str]], recorded: Mapping[str, str]) -> list[tuple[str, str]]:
    """The roots (path, deck prefix) the collection does not hold with that deck prefix."""
    return [(path, prefix) for path, prefix in roots if recorded.get(path) != prefix]


def _vanished(found: FoundNotes, known: Mapping[str, object]) -> list[str]:
    """The files the collection holds below a folder read now that are no longer there.

    Only a folder that is there is asked: a notes folder on a drive that is not mounted is missing as
    a whole, and that retires nothing.
    """
    present = {str(path) for path in found.paths}
    gone: list[str] = []
    for root in found.roots:
        if not root.is_folder:
            continue
        prefix = root.path if root.path.endswith(os.sep) else root.path + os.sep
        gone.extend(path for path in known if path.startswith(prefix) and path not in present
                    and path not in gone and not os.path.exists(path))
    return sorted(gone)


def _file_too_long(note: NoteFile, limits: Mapping[str, int]) -> Problem | None:
    """A problem when the file's deck name or path does not fit the database's columns."""
    for what, column, value in (("deck name", "deck", note.deck), ("file's path", "path", str(note.path))):
        limit = limits.get(column)
        if limit is not None and len(value) > limit:
            return Problem(note.display, 0, f"the {what} is {len(value)} characters, more than the {limit} "
                                            "this database allows")
    return None




def unchanged_notes(known: dict[str, tuple[str, str, str | None]], recorded: Mapping[str, str],
                    requests: list[ImportRequest], gone: list[str] | None = None,
                    retired: frozenset[str] = frozenset(), suffixes: frozenset[str] = frozenset()) -> NoteReading | None:
    """What reading `requests` finds when nothing needs writing: every readable file unchanged (what
    `known` holds of it), none gone, every root recorded as it is; else None.

    `known` and `recorded` come from the store, or from a plain `sqlite3` read of a local collection
    (`storage/fast.py`, the same SQL). None too when no file is readable: the caller's full path says why.
    """
    reading = read_notes(find_notes(requests, suffixes), known, {}, retired)
    if reading.files or not (reading.unchanged_files or reading.retired_files) or reading.vanished or gone or new_roots(reading.roots, recorded):
        return None
    reading.problems.extend(outcome for outcome in reading.outcomes if isinstance(outcome, Problem))
    return reading
