"""Which deck each notes file goes into: names that follow the folders and never collide (pure).

A deck used to be named after its file alone, so `a/shell.md` and `b/shell.md` shared the deck `shell`
and, where both held the same heading and term, one file's cards overwrote the other's (or the import
failed on the duplicate key); a learner's own `docker.md` merged into the built-in `docker` deck.

The rules, in order:
1. A file the collection already holds keeps its deck (unless the learner names another with
   `--deck`): a card's key starts with its deck, so a new name would cost every card its history, and a
   deck the learner renamed stays renamed.
2. A deck the learner names (`--deck NAME`) is theirs to share: every file of a file argument goes into
   NAME, and a folder's files into `NAME::sub::file`.
3. Otherwise a folder's files are named by the folder structure, `notes::linux::shell` for
   `notes/linux/shell.md`, and a file given on its own by its name, `shell`.
4. One deck, one file: when a name from rule 3 is already another file's deck, the whole folder (or
   file) is named from one folder further up (`work::notes::linux::shell`), then another; when the
   folders run out, a number follows (`shell (2)`). A folder is qualified as a whole, so its decks keep
   one prefix, which is recorded and used again by `sync`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

DECK_SEPARATOR = "::"
"""Between the levels of a deck name, as in Anki (`notes::linux::shell`)."""


def deck_part(name: str) -> str:
    """One level of a deck name as read from a folder or file name: whitespace folded; `|` (which
    separates the parts of a card's key) becomes `/`; never empty."""
    folded = " ".join(name.replace("|", "/").split())
    return folded or "_"


@dataclass(frozen=True, slots=True)
class RootNotes:
    """The notes found under one argument of an import (a folder or a file), in order.

    Attributes:
        files: Each file's stored path with its deck name parts below the root's name: `("linux",
            "shell")` for `notes/linux/shell.md`; `()` for a file given on its own.
        name: The root's own name parts: `("notes",)` for the folder `notes`, `("shell",)` for the file
            `shell.md`, the learner's `--deck` split at `::`, or the prefix recorded for it.
        above: The names of the folders above the root, nearest first, to tell two roots apart.
        given: The learner named the deck (`--deck`): its files may share decks (rule 2).
    """

    files: tuple[tuple[str, tuple[str, ...]], ...]
    name: tuple[str, ...]
    above: tuple[str, ...] = ()
    given: bool = False


@dataclass(frozen=True, slots=True)
class DeckChoice:
    """Each file's deck (by stored path) and each root's deck prefix (in the order of the roots)."""

    decks: dict[str, str]
    prefixes: list[str]


def _joined(parts: Sequence[str]) -> str:
    return DECK_SEPARATOR.join(parts)


def choose_decks(roots: Sequence[RootNotes], known: Mapping[str, str]) -> DeckChoice:
    """The deck of every file under `roots`, given the deck of each file the collection holds (`known`).

    A file met under two roots takes its deck from the first. Deterministic: the result depends only on
    the arguments and their order.
    """
    owners: dict[str, set[str]] = {}
    for path, deck in known.items():
        owners.setdefault(deck, set()).add(path)
    decks: dict[str, str] = {}
    prefixes: list[str] = []

    def free(name: str, path: str) -> bool:
        return owners.get(name, set()) <= {path}

    for root in roots:
        files = [(path, below) for path, below in root.files if path not in decks]
        fresh = [(path, below) for path, below in files if root.given or path not in known]
        prefix = _joined(root.name)
        if not root.given:
            prefix = _free_prefix(root, fresh, free)
        prefixes.append(prefix)
        for path, below in files:
            if not root.given and path in known:
                decks[path] = known[path]
                continue
            name = _joined((prefix, *below)) if below else prefix
            decks[path] = name
            owners.setdefault(name, set()).add(path)
    return DeckChoice(decks=decks, prefixes=prefixes)


def _free_prefix(root: RootNotes, fresh: Sequence[tuple[str, tuple[str, ...]]],
                 free: Callable[[str, str], bool]) -> str:
    """The shortest prefix (rule 4) under which none of the root's new files takes another file's deck."""

    def fits(prefix: str) -> bool:
        return all(free(_joined((prefix, *below)) if below else prefix, path) for path, below in fresh)

    for depth in range(len(root.above) + 1):
        prefix = _joined((*reversed(root.above[:depth]), *root.name))
        if fits(prefix):
            return prefix
    base = _joined(root.name)
    number = 2
    while not fits(f"{base} ({number})"):
        number += 1
    return f"{base} ({number})"
