"""Pure domain types shared by the extractor, the import plan, the store and the exporters.

Card identity (a deliberate decision): a card is identified by its **key**, built from the deck, the
kind, the heading path and the card's *anchor* (the term, flag, command, comment or question it is
about), never from the answer. Fixing a typo in an answer therefore keeps the card and its history,
and the same key gives the Anki note GUID when the card is created (`note_guid`); the GUID is then stored
on the card and kept through moves and re-keyings, so re-exports update notes instead of duplicating them.
Content changes are detected by `content_hash` (front and back). A card whose heading path changed but
whose deck, kind and anchor did not is *moved*, found through `move_key`, and keeps its history too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

# The separator lives in `vocabulary` (the quiz's screen needs it without this module's dataclasses);
# re-exported here for the extractor and the exporter.
from flashcards.core.vocabulary import CONTEXT_SEPARATOR as CONTEXT_SEPARATOR
from flashcards.core.vocabulary import Kind

# Card kinds (`vocabulary.Kind`, as plain strings). A reverse card is its own kind so both directions
# can be scheduled separately; the two share a `sibling_key` so they are never shown on the same day.
KINDS: tuple[str, ...] = tuple(kind.value for kind in Kind)


def normalize_anchor(text: str) -> str:
    """The anchor as it goes into a key: NFC, whitespace folded, case kept (-p and -P differ)."""
    import unicodedata  # here, not at the top: the quiz's first card imports this module for its separator

    return " ".join(unicodedata.normalize("NFC", text).split())


def make_key(deck: str, kind: str, context: tuple[str, ...] | list[str], anchor: str) -> str:
    """The card's identity: `deck|kind|heading › path|anchor` (no answer text in it)."""
    path = CONTEXT_SEPARATOR.join(normalize_anchor(part) for part in context)
    return f"{normalize_anchor(deck)}|{kind}|{path}|{normalize_anchor(anchor)}"


def move_key(key: str) -> str:
    """The key without its heading path: equal for a card that only moved to another section."""
    deck, kind, _path, anchor = key.split("|", 3)
    return f"{deck}|{kind}|{anchor}"


# genanki's alphabet for GUIDs (Anki's base91), so `note_guid` gives what `genanki.guid_for` gives.
_BASE91 = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
           "!#$%&()*+,-./:;<=>?@[]^_`{|}~")


def note_guid(key: str, attempt: int = 1) -> str:
    """The Anki note GUID a card gets when it is created: `genanki.guid_for(key)` (or `(key, attempt)`).

    Pure and without genanki, so the importer can assign it without loading the exporter. `attempt` > 1
    gives another GUID for the rare new card whose key once belonged to a card that was re-keyed and
    kept that key's GUID (GUIDs are unique in the collection).
    """
    import hashlib  # here, not at the top: loading OpenSSL's hashes would cost the quiz's first card

    joined = key if attempt == 1 else f"{key}__{attempt}"
    number = int.from_bytes(hashlib.sha256(joined.encode("utf-8")).digest()[:8], "big")
    digits: list[str] = []
    while number > 0:
        number, digit = divmod(number, len(_BASE91))
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


def content_hash(kind: str, front: str, back: str) -> str:
    """Hash of what the learner sees; a change means the card was edited."""
    import hashlib

    digest = hashlib.sha256()
    for part in (kind, front, back):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


class SourceDict(TypedDict):
    path: str
    line: int


class CardDraftDict(TypedDict):
    """The `import --dry-run --json` contract (DESIGN.md §2)."""

    key: str
    kind: str
    deck: str
    front: str
    back: str
    context: list[str]
    source: SourceDict


@dataclass(frozen=True)
class SourceRef:
    """Where a card comes from: the notes file (as given) and the 1-based line of its anchor.

    `end_line` is the last line of the note item the card was read from (the `<dd>` under a `<dt>`,
    the instruction under a code comment), so `import --explain` can mark the whole item. It is only
    a reading aid: not part of a card's identity, of equality or of the `--dry-run --json` contract,
    and None where unknown.
    """

    path: str
    line: int
    end_line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class CardDraft:
    """A card as read from the notes, before it is stored."""

    key: str
    kind: str
    deck: str
    front: str
    back: str
    context: tuple[str, ...]
    source: SourceRef
    sibling_key: str | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(self.kind, self.front, self.back)

    def to_dict(self) -> CardDraftDict:
        return {
            "key": self.key,
            "kind": self.kind,
            "deck": self.deck,
            "front": self.front,
            "back": self.back,
            "context": list(self.context),
            "source": {"path": self.source.path, "line": self.source.line},
        }


@dataclass(frozen=True)
class Problem:
    """Something in the notes the extractor could not read, or chose to skip, with its line."""

    path: str
    line: int
    message: str
    # The last line of a skipped item (a whole prose paragraph, a TODO section) for `import --explain`;
    # None for a one-line problem. Not compared, so a problem is still its path, line and message.
    end_line: int | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Extraction:
    """The extractor's whole answer for one file."""

    cards: list[CardDraft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    # The line ranges (1-based, inclusive) of the blocks the rules looked at, in note order, whether or
    # not they gave a card: `import --explain` tells "read, no card" from "not read". Not compared.
    read: list[tuple[int, int]] = field(default_factory=list, compare=False)
