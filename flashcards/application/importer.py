"""Importing notes: read files, extract cards, compare with the store, and apply the plan.

Applying is one transaction for the whole import: either every file's cards are written or none is.
A file whose content hash and deck are unchanged since the last import, and that the same extractor
read, is skipped without being parsed, so re-importing unchanged notes writes nothing and is fast;
after an upgrade that changed the extractor's rules, each file is read once more (cards it now reads
another way are re-keyed by the plan, keeping their history). Nothing is ever written into the
user's notes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from flashcards.core.cards import CardDraft, Problem, note_guid
from flashcards.application.extract_many import extract_all
from flashcards.application.notes_files import NoteFile, find_note_paths, read_note
from flashcards.core.plan import Action, Plan, StoredCard, make_plan
from flashcards.storage.models import Base, Card, Deck, Source
from flashcards.storage.store import Store
from flashcards.core.vocabulary import Status


@dataclass
class ImportResult:
    """Everything an import found and decided; `applied` tells whether it was written."""

    files: list[NoteFile] = field(default_factory=list)
    unchanged_files: list[NoteFile] = field(default_factory=list)
    drafts: list[CardDraft] = field(default_factory=list)
    plan: Plan = field(default_factory=Plan)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    # Each draft's file as the store records it (absolute), by card key.
    stored_path: dict[str, str] = field(default_factory=dict)
    applied: bool = False

    @property
    def nothing_readable(self) -> bool:
        return not self.files and not self.unchanged_files


@functools.cache
def extractor_fingerprint() -> str:
    """Which extractor this is: a hash of what decides the cards, found without importing the extractor.

    That is the source of `flashcards.core.extract` and of `flashcards.core.cards` (keys), and the version of
    the Markdown parser it drives (its packages' `__init__.py`, which name it). Any change to the rules
    changes it, with no version number for anyone to remember to bump; a few milliseconds, once per
    run. Where the source cannot be read (a build without .py files), the program's version stands in.
    """
    digest = hashlib.sha256()
    spec = importlib.util.find_spec("flashcards.core.extract")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    files = sorted(path for folder in folders for path in Path(folder).glob("*.py"))
    files.append(Path(__file__).resolve().parent.parent / "core" / "cards.py")
    for path in files:
        if path.is_file():
            digest.update(path.name.encode("utf-8") + b"\x00" + path.read_bytes() + b"\x00")
    if len(files) == 1:
        from flashcards import __version__

        digest.update(f"flashcards {__version__}".encode())
    for parser in ("markdown_it", "mdit_py_plugins"):
        # Their `__init__.py` holds `__version__`; reading it costs far less than importlib.metadata.
        origin = getattr(importlib.util.find_spec(parser), "origin", None)
        digest.update(parser.encode() + b"\x00" + (Path(origin).read_bytes() if origin else b"?") + b"\x00")
    return digest.hexdigest()


def _stored(session: Session, decks: set[str], paths: set[str]) -> list[StoredCard]:
    rows = session.execute(
        select(Card, Deck.name)
        .join(Deck, Card.deck_id == Deck.id)
        .where(or_(Deck.name.in_(decks), Card.source_path.in_(paths)))
    ).all()
    return [
        StoredCard(
            id=card.id, key=card.key, deck=name, kind=card.kind, front=card.front,
            content_hash=card.content_hash, status=card.status, source_path=card.source_path,
            source_line=card.source_line, context=tuple(card.context), back=card.back,
            sibling_key=card.sibling_key,
        )
        for card, name in rows
    ]


def _enforced_lengths(store: Store) -> dict[str, int]:
    """The declared lengths of the text columns an import fills from the notes, where they are enforced.

    SQLite stores text of any length whatever its declared VARCHAR size; PostgreSQL refuses a longer
    value, and one over-long card key (a long question under long headings) failed the whole import
    with a database error. Empty on SQLite, so what it accepts is unchanged.
    """
    if store.engine.dialect.name == "sqlite":
        return {}
    columns = {"key": [Card.__table__.c.key, Card.__table__.c.sibling_key], "deck": [Deck.__table__.c.name],
               "path": [Card.__table__.c.source_path, Source.__table__.c.path]}
    return {what: min(getattr(column.type, "length", None) or 10**9 for column in found)
            for what, found in columns.items()}


def _file_too_long(note: NoteFile, limits: dict[str, int]) -> Problem | None:
    """A problem when the file's deck name or path does not fit the database's columns."""
    for what, column, value in (("deck name", "deck", note.deck), ("file's path", "path", str(note.path))):
        limit = limits.get(column)
        if limit is not None and len(value) > limit:
            return Problem(note.display, 0, f"the {what} is {len(value)} characters, more than the {limit} "
                                            "this database allows")
    return None


def _fitting_cards(drafts: list[CardDraft], limits: dict[str, int], problems: list[Problem]) -> list[CardDraft]:
    """The drafts whose keys fit the database's columns; a problem (file:line) for each of the others."""
    limit = limits.get("key")
    if limit is None:
        return drafts
    fitting = []
    for draft in drafts:
        longest = max(len(draft.key), len(draft.sibling_key or ""))
        if longest > limit:
            problems.append(Problem(draft.source.path, draft.source.line,
                                    f"card skipped: its key is {longest} characters, more than the {limit} this "
                                    "database allows; shorten the term or question, or the headings above it"))
        else:
            fitting.append(draft)
    return fitting


def prepare_import(store: Store, arguments: list[str], deck: str | None) -> ImportResult:
    """Read and extract every file and build the plan; writes nothing."""
    result = ImportResult()
    paths, result.problems = find_note_paths(arguments)
    limits = _enforced_lengths(store)
    with store.read() as session:
        known = {
            path: (digest, deck_name, extractor)
            for path, digest, deck_name, extractor in session.execute(
                select(Source.path, Source.content_hash, Deck.name, Source.extractor)
                .join(Deck, Source.deck_id == Deck.id)
            )
        }
        fingerprint = extractor_fingerprint()
        # Each path in order: the problem that stops it, or the note to read; messages keep that order.
        outcomes: list[Problem | NoteFile] = []
        for path in paths:
            note = read_note(path, deck)
            if isinstance(note, Problem):
                outcomes.append(note)
                continue
            too_long = _file_too_long(note, limits) if limits else None
            if too_long is not None:
                outcomes.append(too_long)
            elif known.get(str(note.path)) == (note.digest, note.deck, fingerprint):
                result.unchanged_files.append(note)
            else:
                outcomes.append(note)
                result.files.append(note)
        # Unchanged notes never reach the extractor (nor load the Markdown parser).
        extractions = iter(extract_all([(note.text, note.display, note.deck) for note in result.files]))
        for outcome in outcomes:
            if isinstance(outcome, Problem):
                result.problems.append(outcome)
                continue
            extraction = next(extractions)
            result.problems.extend(extraction.problems)
            result.drafts.extend(_fitting_cards(extraction.cards, limits, result.problems))
            result.skipped.extend(extraction.skipped)

        path_of = {note.display: str(note.path) for note in result.files}
        result.stored_path = {draft.key: path_of[draft.source.path] for draft in result.drafts}
        stored = _stored(session, {d.deck for d in result.drafts}, {str(n.path) for n in result.files})
    result.plan = make_plan(
        result.drafts,
        stored,
        imported_paths={str(note.path) for note in result.files},
        draft_path=result.stored_path,
    )
    return result


def apply_import(store: Store, result: ImportResult, now: datetime) -> None:
    """Write the plan and the sources in one transaction."""
    with store.transaction() as session:
        decks = {deck.name: deck for deck in session.scalars(select(Deck))}
        for name in sorted({note.deck for note in result.files}):
            if name not in decks:
                decks[name] = Deck(name=name, created_at=now)
                session.add(decks[name])
        session.flush()
        position = session.scalar(select(func.coalesce(func.max(Card.position), 0))) or 0
        changing = [item.stored.id for item in result.plan.items
                    if item.stored is not None and item.action is not Action.UNCHANGED]
        cards = {card.id: card for card in session.scalars(select(Card).where(Card.id.in_(changing)))}
        new_rows: list[dict[str, object]] = []
        for item in result.plan.items:
            if item.action is Action.UNCHANGED:
                continue
            if item.action is Action.RETIRED:
                assert item.stored is not None
                cards[item.stored.id].status = Status.RETIRED.value
                continue
            draft = item.draft
            assert draft is not None
            if item.action is Action.NEW:
                position += 1
                new_rows.append({
                    "deck_id": decks[draft.deck].id, "key": draft.key, "kind": draft.kind, "created_at": now,
                    "content_changed_at": now, "position": position, "front": draft.front, "back": draft.back,
                    "context": list(draft.context), "sibling_key": draft.sibling_key,
                    "source_path": result.stored_path[draft.key], "source_line": draft.source.line,
                    "content_hash": draft.content_hash,
                })
                continue
            assert item.stored is not None
            card = cards[item.stored.id]
            if card.content_hash != draft.content_hash:
                card.content_changed_at = now
            card.key, card.kind = draft.key, draft.kind  # a re-keyed card changes kind too
            card.deck_id = decks[draft.deck].id
            card.front, card.back, card.content_hash = draft.front, draft.back, draft.content_hash
            card.context = list(draft.context)
            card.sibling_key = draft.sibling_key
            card.source_path, card.source_line = result.stored_path[draft.key], draft.source.line
            if item.action is Action.RESTORED:
                card.status = Status.ACTIVE.value
        session.flush()
        _follow_renamed_siblings(session, {item.stored.key: item.draft.key for item in result.plan.items
                                           if item.stored is not None and item.draft is not None
                                           and item.stored.key != item.draft.key})
        _assign_guids(session, new_rows)
        if new_rows:
            # One multi-row INSERT: the ORM's per-object bookkeeping costs ~0.2 ms a card, which a
            # first import of a large folder of notes would feel.
            session.connection().execute(insert(Base.metadata.tables["cards"]), new_rows)
        sources = {source.path: source for source in session.scalars(select(Source))}
        per_file = Counter(draft.source.path for draft in result.drafts)
        for note in result.files:
            source = sources.get(str(note.path))
            if source is None:
                source = Source(path=str(note.path))
                session.add(source)
            source.deck_id = decks[note.deck].id
            source.content_hash = note.digest
            source.size = note.size
            source.card_count = per_file[note.display]
            source.imported_at = now
            source.extractor = extractor_fingerprint()
    result.applied = True


# Values per `IN (...)` query: SQLite caps the variables of one statement (999 in older builds).
_IN_CHUNK = 500


def _follow_renamed_siblings(session: Session, renamed: dict[str, str]) -> None:
    """Point every card whose sibling's key changed (moved, re-keyed) at that sibling's new key.

    The cards written by this import already name their siblings' new keys (from the drafts); this
    catches a reverse card whose own key did not change, so the two directions stay one group and are
    still never shown on the same day. Asked in chunks; usually nothing is found.
    """
    old_keys = list(renamed)
    for start in range(0, len(old_keys), _IN_CHUNK):
        chunk = old_keys[start:start + _IN_CHUNK]
        for card in session.scalars(select(Card).where(Card.sibling_key.in_(chunk))):
            assert card.sibling_key is not None
            card.sibling_key = renamed[card.sibling_key]
    session.flush()


def _assign_guids(session: Session, new_rows: list[dict[str, object]]) -> None:
    """Give each new card its Anki note GUID: `note_guid(key)`, unless a card already holds that GUID.

    That happens only when a card whose key changed (moved, re-keyed) kept the GUID of the key it was
    created with, and a new card now takes that old key; the new card then gets the next
    `note_guid(key, attempt)`, so each Anki note stays one card's. The store is asked in chunks, not at
    all when nothing is new.
    """
    wanted = [note_guid(str(row["key"])) for row in new_rows]
    taken: set[str] = set()
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start:start + _IN_CHUNK]
        taken.update(session.scalars(select(Card.guid).where(Card.guid.in_(chunk))))
    for row, guid in zip(new_rows, wanted, strict=True):
        attempt = 1
        while guid in taken:
            attempt += 1
            guid = note_guid(str(row["key"]), attempt)
            if session.scalar(select(Card.id).where(Card.guid == guid)) is not None:
                taken.add(guid)
        taken.add(guid)
        row["guid"] = guid


def import_notes(store: Store, arguments: list[str], deck: str | None, now: datetime, *,
                 dry_run: bool) -> ImportResult:
    """Read, plan and (unless `dry_run`) apply an import."""
    result = prepare_import(store, arguments, deck)
    if not dry_run and (result.plan.writes_anything or result.files):
        apply_import(store, result, now)
    return result
