"""Deck-level changes, pure: the rules of `decks set / rename / suspend / unsuspend / retire`, and
the values they report.

A deck is a tree by its name, as in Anki: `notes::linux` is the parent of `notes::linux::shell`, even
when no deck row is named `notes::linux` (a folder's decks are its files). So renaming, suspending,
unsuspending and retiring a name act on the deck of that name and on every deck under it; limits are
a deck row's own (`decks set`), so they name one deck.

A card's key starts with its deck's name (`cards.make_key`), so a rename rewrites the keys (and the
sibling keys that point at them) of the renamed decks' cards; card ids, GUIDs (the Anki notes) and
the review history do not move.
"""

from __future__ import annotations

from dataclasses import dataclass

from flashcards.core.cards import normalize_anchor
from flashcards.core.errors import FlashcardsError

__all__ = ["HIERARCHY", "MAX_DECK_NAME", "BadDeckName", "DeckRenamed", "DeckLimitsSet", "DeckStatusSet",
           "RetirePreview", "check_deck_name", "in_tree", "renamed", "renamed_key"]

HIERARCHY = "::"
"""What separates a parent deck's name from a child's (Anki's)."""

MAX_DECK_NAME = 200
"""The longest deck name the `decks.name` column holds."""


class BadDeckName(FlashcardsError):
    """A deck name that cannot be used (empty, too long, a key separator, or taken)."""


def check_deck_name(name: str) -> str:
    """The name as it will be stored (whitespace folded, as keys fold it).

    Raises:
        BadDeckName: empty, longer than `MAX_DECK_NAME`, holding `|` (keys are `deck|kind|...`), or with
            an empty level (`a::::b`, `::a`).
    """
    folded = normalize_anchor(name)
    if not folded:
        raise BadDeckName("a deck name cannot be empty")
    if len(folded) > MAX_DECK_NAME:
        raise BadDeckName(f"a deck name is at most {MAX_DECK_NAME} characters, got {len(folded)}")
    if "|" in folded:
        raise BadDeckName(f"a deck name cannot hold '|' (it separates the parts of a card's key): {folded!r}")
    if any(not level.strip() for level in folded.split(HIERARCHY)):
        raise BadDeckName(f"a deck name cannot have an empty level between '::': {folded!r}")
    return folded


def in_tree(name: str, root: str) -> bool:
    """`name` is `root` or a deck under it."""
    return name == root or name.startswith(root + HIERARCHY)


def renamed(name: str, old: str, new: str) -> str | None:
    """`name` after renaming the tree `old` to `new`; None when it is not in that tree."""
    return new + name[len(old):] if in_tree(name, old) else None


def renamed_key(key: str | None, deck: str, new_deck: str) -> str | None:
    """A card key (or sibling key) of deck `deck` with the deck part rewritten to `new_deck`.

    A key that does not start with its deck's name (none should) is kept as it is.
    """
    if key is None:
        return None
    prefix = normalize_anchor(deck) + "|"
    return normalize_anchor(new_deck) + "|" + key[len(prefix):] if key.startswith(prefix) else key


@dataclass(frozen=True, slots=True)
class DeckLimitsSet:
    """A deck's own limits before and after `decks set` (None: no cap of its own, the budget's).

    Attributes:
        deck: The deck's name.
        new_before / new_after: Its own new cards a day.
        reviews_before / reviews_after: Its own reviews a day.
        budget_new / budget_reviews: The collection's budget, which caps every deck's share.
    """

    deck: str
    new_before: int | None
    new_after: int | None
    reviews_before: int | None
    reviews_after: int | None
    budget_new: int
    budget_reviews: int


@dataclass(frozen=True, slots=True)
class DeckRenamed:
    """What `decks rename` did.

    Attributes:
        decks: (old name, new name) of every renamed deck, the named one and those under it.
        cards: Cards whose keys were rewritten.
        roots: Imported folders or files (`source_roots`) whose deck name followed.
    """

    decks: tuple[tuple[str, str], ...]
    cards: int
    roots: int


@dataclass(frozen=True, slots=True)
class DeckStatusSet:
    """What `decks suspend` / `unsuspend` did: the decks changed and those already so."""

    changed: tuple[str, ...]
    unchanged: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RetirePreview:
    """What `decks retire` will do (or did), for the question it asks first.

    Attributes:
        decks: The decks retired (the named one and those under it), not retired before.
        cards: Their cards not retired yet: they leave the quiz for good.
        studied: Of those, cards with progress (seen at least once).
        reviews: Grades in the history of the decks' cards, all kept.
    """

    decks: tuple[str, ...]
    cards: int
    studied: int
    reviews: int
