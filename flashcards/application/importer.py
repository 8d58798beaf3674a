"""Importing notes: read files, extract cards, compare with the store, and apply the plan.

Applying is one transaction for the whole import: either every file's cards are written or none is.
A file whose content hash and deck are unchanged since the last import, and that the same extractor
read, is skipped without being parsed, so re-importing unchanged notes writes nothing and is fast;
after an upgrade that changed the extractor's rules, each file is read once more (cards it now reads
another way are re-keyed by the plan, keeping their history). Nothing is ever written into the
user's notes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from typing import TYPE_CHECKING
from collections.abc import Mapping

from flashcards.core.cards import CardDraft, Problem, note_guid
from flashcards.application.extract_many import extract_all
from flashcards.application import note_reading
from flashcards.application.note_reading import (
    ImportRequest as ImportRequest,
    new_roots,
    read_notes,
    requests_for as requests_for,
    unchanged_notes,
)
from flashcards.application.notes_files import NoteFile, find_notes
from flashcards.core.plan import Action, Plan, StoredCard, make_plan
from flashcards.core.vocabulary import Status

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session
    from sqlalchemy.sql.dml import Update

    from flashcards.storage.store import Store

# SQLAlchemy and the models are imported where the store is used: re-importing unchanged notes from a
# local SQLite file (`unchanged_import`) is answered without them, a third of a second sooner.


@dataclass
class ImportResult:
    """Everything an import found and decided; `applied` tells whether it was written."""

    files: list[NoteFile] = field(default_factory=list)
    unchanged_files: list[NoteFile] = field(default_factory=list)
    retired_files: list[NoteFile] = field(default_factory=list)  # notes of retired decks, not read
    drafts: list[CardDraft] = field(default_factory=list)
    plan: Plan = field(default_factory=Plan)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    # Each draft's file as the store records it (absolute), by card key.
    stored_path: dict[str, str] = field(default_factory=dict)
    # The folders and files named (path, deck prefix); those the collection does not hold as they are
    # are recorded for `sync` when the import is applied.
    roots: list[tuple[str, str]] = field(default_factory=list)
    new_roots: list[tuple[str, str]] = field(default_factory=list)
    # Files the collection held under a folder read now that are gone from it: their cards retire.
    vanished: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def nothing_readable(self) -> bool:
        return not self.files and not self.unchanged_files and not self.retired_files


def _stored(session: Session, decks: set[str], paths: set[str]) -> list[StoredCard]:
    """The stored cards an import may touch, read as plain rows (no ORM objects to build)."""
    from sqlalchemy import or_, select

    from flashcards.storage.models import Card, Deck

    rows = session.execute(
        select(Card.id, Card.key, Deck.name, Card.kind, Card.front, Card.content_hash, Card.status,
               Card.source_path, Card.source_line, Card.context, Card.back, Card.sibling_key)
        .join(Deck, Card.deck_id == Deck.id)
        .where(or_(Deck.name.in_(decks), Card.source_path.in_(paths)))
    )
    return [
        StoredCard(
            id=card_id, key=key, deck=name, kind=kind, front=front, content_hash=content_hash, status=status,
            source_path=source_path, source_line=source_line, context=tuple(context), back=back,
            sibling_key=sibling_key,
        )
        for card_id, key, name, kind, front, content_hash, status, source_path, source_line, context, back,
        sibling_key in rows
    ]


def _enforced_lengths(store: Store) -> dict[str, int]:
    """The declared lengths of the text columns an import fills from the notes, where they are enforced.

    SQLite stores text of any length whatever its declared VARCHAR size; PostgreSQL refuses a longer
    value, and one over-long card key (a long question under long headings) failed the whole import
    with a database error. Empty on SQLite, so what it accepts is unchanged.
    """
    from flashcards.storage.models import Card, Deck, Source

    if store.engine.dialect.name == "sqlite":
        return {}
    columns = {"key": [Card.__table__.c.key, Card.__table__.c.sibling_key], "deck": [Deck.__table__.c.name],
               "path": [Card.__table__.c.source_path, Source.__table__.c.path]}
    return {what: min(getattr(column.type, "length", None) or 10**9 for column in found)
            for what, found in columns.items()}


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


def unchanged_import(known: dict[str, tuple[str, str, str | None]], recorded: Mapping[str, str],
                     requests: list[ImportRequest], gone: list[str] | None = None,
                     retired: frozenset[str] = frozenset(), suffixes: frozenset[str] = frozenset()) -> ImportResult | None:
    """The import of `requests` when every readable file is unchanged (what `known` holds of them).

    The same result `prepare_import` gives, with nothing to read or write, found without the store:
    `known` comes from a plain `sqlite3` read of a local collection (`storage/fast.py`, the same SQL).
    None when a file needs reading, or none is readable: the caller takes the full path.
    """
    reading = unchanged_notes(known, recorded, requests, gone, retired, suffixes)
    if reading is None:
        return None
    result = ImportResult(unchanged_files=reading.unchanged_files, retired_files=reading.retired_files,
                          problems=reading.problems, roots=reading.roots)
    result.plan = make_plan([], [], imported_paths=set(), draft_path={})
    return result


def prepare_import(store: Store, requests: list[ImportRequest], gone: list[str] | None = None) -> ImportResult:
    """Read and extract every file and build the plan; writes nothing.

    `gone` names files of the collection known to be deleted (a recorded file that is no longer
    there): their cards retire, like those of a file gone from a folder read now.
    """
    from sqlalchemy import text

    from flashcards.core.settings import parse_suffixes
    from flashcards.storage.import_rows import (
        KNOWN_SOURCES_SQL,
        NOTE_SUFFIXES_SQL,
        RETIRED_DECKS_SQL,
        SOURCE_ROOTS_SQL,
    )

    result = ImportResult()
    limits = _enforced_lengths(store)
    with store.read() as session:
        known: dict[str, tuple[str, str, str | None]] = {
            path: (digest, deck_name, extractor)
            for path, digest, deck_name, extractor in session.execute(text(KNOWN_SOURCES_SQL))
        }
        retired = frozenset(str(name) for (name,) in session.execute(text(RETIRED_DECKS_SQL)))
        suffixes = parse_suffixes("note-suffixes", session.execute(text(NOTE_SUFFIXES_SQL)).scalar())
        reading = read_notes(find_notes(requests, suffixes), known, limits, retired)
        result.files, result.unchanged_files, result.roots = reading.files, reading.unchanged_files, reading.roots
        result.retired_files = reading.retired_files
        result.problems, result.vanished, outcomes = reading.problems, reading.vanished, reading.outcomes
        recorded = {str(path): str(prefix) for path, prefix in session.execute(text(SOURCE_ROOTS_SQL))}
        # A root whose deck name does not fit is not recorded: its files were refused for it already.
        result.new_roots = [(path, prefix) for path, prefix in new_roots(reading.roots, recorded)
                            if len(prefix) <= limits.get("deck", len(prefix)) and len(path) <= limits.get("path", len(path))]
        result.vanished = sorted({*result.vanished, *(path for path in gone or () if path in known)})
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

        result.drafts = _separate_same_keys(result.drafts, result.problems)
        path_of = {note.display: str(note.path) for note in result.files}
        result.stored_path = {draft.key: path_of[draft.source.path] for draft in result.drafts}
        read_paths = {str(note.path) for note in result.files} | set(result.vanished)
        stored = _stored(session, {d.deck for d in result.drafts}, read_paths)
    result.plan = make_plan(
        result.drafts,
        stored,
        imported_paths=read_paths,
        draft_path=result.stored_path,
    )
    return result


def _separate_same_keys(drafts: list[CardDraft], problems: list[Problem]) -> list[CardDraft]:
    """The drafts with every key once: a card whose key another file's card has is keyed anew.

    Two files share a deck only when the learner asked (`--deck NAME` for several files); where both
    hold the same heading and term, the later file's card gets " (2)" (or the next free number) on its
    anchor, as a repeat within one note does, with its reverse card alike, and a problem names both.
    Within one file the extractor has made the keys unique already.
    """
    first: dict[str, CardDraft] = {}
    for draft in drafts:
        first.setdefault(draft.key, draft)
    if len(first) == len(drafts):
        return drafts  # the usual case: nothing to do
    import dataclasses

    taken: set[str] = set()
    result: list[CardDraft] = []
    renamed: dict[tuple[str, str], str] = {}  # (file, old key) -> new key, for the reverse cards
    for draft in drafts:
        owner = first[draft.key]
        sibling = draft.sibling_key
        if sibling is not None and (draft.source.path, sibling) in renamed:
            sibling = renamed[(draft.source.path, sibling)]
        if owner is draft or owner.source.path == draft.source.path:
            key = draft.key
        else:
            number = 2
            while f"{draft.key} ({number})" in first or f"{draft.key} ({number})" in taken:
                number += 1
            key = f"{draft.key} ({number})"
            renamed[(draft.source.path, draft.key)] = key
        if key != draft.key and draft.sibling_key is None:  # said once, on the forward card
            problems.append(Problem(draft.source.path, draft.source.line,
                                    f"same deck, heading and term as {owner.source.path}:{owner.source.line}; "
                                    f"this card is keyed {key.rsplit('|', 1)[-1]!r}"))
        taken.add(key)
        result.append(dataclasses.replace(draft, key=key, sibling_key=sibling))
    return result


@dataclass
class _Writes:
    """An import's plan as the rows it writes, worked out before the write transaction begins.

    The write transaction holds the database's write lock (SQLite: BEGIN IMMEDIATE), so a grade given
    meanwhile waits for it: everything that needs only the plan (the new cards' rows, their wanted
    GUIDs, the changed cards' new values, the sources' values) is computed here, and the transaction
    only reads what it must check against the store (deck ids, the last position, GUIDs already taken,
    cards pointing at a renamed sibling) and writes, in bulk.
    """

    deck_names: list[str]
    retired: list[int]  # card ids
    updated: list[dict[str, object]]  # new values by card id (`b_id`), in card-id order
    new_rows: list[dict[str, object]]  # in plan order; deck, position and GUID are added inside
    new_decks: list[str]  # each new row's deck name
    wanted_guids: list[str]  # each new row's first-choice GUID
    renamed: dict[str, str]  # old key -> new key of every card whose key changed
    sources: list[dict[str, object]]  # one per file read, in file order; deck id added inside
    source_decks: list[str]
    gone_sources: list[str]  # paths of files gone from their folder: their rows are dropped
    roots: list[dict[str, object]]  # folders and files to record (new ones, or a new deck prefix)


def _writes(result: ImportResult, now: datetime) -> _Writes:
    new_rows: list[dict[str, object]] = []
    new_decks: list[str] = []
    retired: list[int] = []
    updated: list[dict[str, object]] = []
    for item in result.plan.items:
        if item.action is Action.UNCHANGED:
            continue
        if item.action is Action.RETIRED:
            assert item.stored is not None
            retired.append(item.stored.id)
            continue
        draft = item.draft
        assert draft is not None
        if item.action is Action.NEW:
            new_rows.append({
                "key": draft.key, "kind": draft.kind, "created_at": now,
                "content_changed_at": now, "front": draft.front, "back": draft.back,
                "context": list(draft.context), "sibling_key": draft.sibling_key,
                "source_path": result.stored_path[draft.key], "source_line": draft.source.line,
                "content_hash": draft.content_hash,
            })
            new_decks.append(draft.deck)
            continue
        assert item.stored is not None
        stored = item.stored
        updated.append({
            "b_id": item.stored.id, "b_key": draft.key, "b_kind": draft.kind, "b_deck": draft.deck,
            "b_front": draft.front, "b_back": draft.back, "b_content_hash": draft.content_hash,
            "b_context": list(draft.context), "b_sibling_key": draft.sibling_key,
            "b_source_path": result.stored_path[draft.key], "b_source_line": draft.source.line,
            "b_now": now, "b_restored": item.action is Action.RESTORED,
            "b_placed": (item.action is Action.RESTORED or stored.deck != draft.deck
                         or stored.context != tuple(draft.context)
                         or stored.source_path != result.stored_path[draft.key]
                         or stored.source_line != draft.source.line),
        })
    # The order the ORM wrote them in (by primary key), so a key handed from one card to another
    # meets the unique index in the same order as before.
    updated.sort(key=lambda values: int(str(values["b_id"])))
    retired.sort()
    per_file = Counter(draft.source.path for draft in result.drafts)
    fingerprint = note_reading.extractor_fingerprint()  # through the module: tests stand another in
    sources = [{"path": str(note.path), "content_hash": note.digest, "size": note.size,
                "card_count": per_file[note.display], "imported_at": now, "extractor": fingerprint}
               for note in result.files]
    return _Writes(
        deck_names=sorted({note.deck for note in result.files}),
        retired=retired,
        updated=updated,
        new_rows=new_rows,
        new_decks=new_decks,
        wanted_guids=[note_guid(str(row["key"])) for row in new_rows],
        renamed={item.stored.key: item.draft.key for item in result.plan.items
                 if item.stored is not None and item.draft is not None and item.stored.key != item.draft.key},
        sources=sources,
        source_decks=[note.deck for note in result.files],
        gone_sources=list(result.vanished),
        roots=[{"path": path, "deck": prefix, "created_at": now} for path, prefix in result.new_roots],
    )


def _update_cards_statement() -> Update:
    """A changed card's new values; `content_changed_at` moves when anything an export shows changed.

    That is the content (its hash, compared in the statement) or its place (`b_placed`: deck, heading
    path, file or line, which an Anki note shows in its deck, tags and Context field; or a retired
    card restored, which loses its retired tag). Anki updates a note it has only from a copy whose
    modification time is newer, and the export takes that time from this column, so a moved section
    reaches Anki without an edit of its text.
    """
    from sqlalchemy import Boolean, bindparam, case, or_, update

    from flashcards.storage.models import Base

    cards = Base.metadata.tables["cards"].c
    return (
        update(Base.metadata.tables["cards"])
        .where(cards.id == bindparam("b_id", type_=cards.id.type))
        .values(
            content_changed_at=case(
                (or_(cards.content_hash != bindparam("b_content_hash", type_=cards.content_hash.type),
                     bindparam("b_placed", type_=Boolean())),
                 bindparam("b_now", type_=cards.content_changed_at.type)),
                else_=cards.content_changed_at,
            ),
            key=bindparam("b_key", type_=cards.key.type),
            kind=bindparam("b_kind", type_=cards.kind.type),
            deck_id=bindparam("b_deck_id", type_=cards.deck_id.type),
            front=bindparam("b_front", type_=cards.front.type),
            back=bindparam("b_back", type_=cards.back.type),
            content_hash=bindparam("b_content_hash", type_=cards.content_hash.type),
            context=bindparam("b_context", type_=cards.context.type),
            sibling_key=bindparam("b_sibling_key", type_=cards.sibling_key.type),
            source_path=bindparam("b_source_path", type_=cards.source_path.type),
            source_line=bindparam("b_source_line", type_=cards.source_line.type),
            status=case(
                (bindparam("b_restored", type_=Boolean()), Status.ACTIVE.value), else_=cards.status
            ),
        )
    )


def apply_import(store: Store, result: ImportResult, now: datetime) -> None:
    """Write the plan and the sources in one transaction (the rows are worked out before it begins)."""
    from sqlalchemy import bindparam, func, insert, select, update

    from flashcards.storage.models import Base, Card, Deck

    writes = _writes(result, now)
    cards, decks_table = Base.metadata.tables["cards"], Base.metadata.tables["decks"]
    with store.transaction() as session:
        connection = session.connection()
        decks = dict(connection.execute(select(Deck.name, Deck.id)).all())
        missing = [name for name in writes.deck_names if name not in decks]
        if missing:
            connection.execute(insert(decks_table), [{"name": name, "created_at": now} for name in missing])
            decks.update(connection.execute(select(Deck.name, Deck.id).where(Deck.name.in_(missing))).all())
        position = connection.scalar(select(func.coalesce(func.max(Card.position), 0))) or 0
        _check_cards_exist(connection, [int(str(values["b_id"])) for values in writes.updated] + writes.retired)
        if writes.retired:
            connection.execute(
                update(cards).where(cards.c.id == bindparam("b_id")).values(status=Status.RETIRED.value),
                [{"b_id": card_id} for card_id in writes.retired],
            )
        if writes.updated:
            for values in writes.updated:
                values["b_deck_id"] = decks[str(values["b_deck"])]
            connection.execute(_update_cards_statement(), writes.updated)
        _follow_renamed_siblings(connection, writes.renamed)
        for row, deck, row_position in zip(writes.new_rows, writes.new_decks,
                                           range(position + 1, position + 1 + len(writes.new_rows)), strict=True):
            row["deck_id"], row["position"] = decks[deck], row_position
        _assign_guids(connection, writes.new_rows, writes.wanted_guids)
        if writes.new_rows:
            # One multi-row INSERT: the ORM's per-object bookkeeping costs ~0.2 ms a card, which a
            # first import of a large folder of notes would feel.
            connection.execute(insert(cards), writes.new_rows)
        _write_sources(connection, writes, decks)
        _write_roots(connection, writes.roots)
    result.applied = True


def _write_roots(connection: Connection, roots: list[dict[str, object]]) -> None:
    """Record the folders and files named, so `sync` reads them again (a known one gets its new prefix)."""
    if not roots:
        return
    from sqlalchemy import bindparam, insert, select, update

    from flashcards.storage.models import Base, SourceRoot

    table = Base.metadata.tables["source_roots"]
    known = set(connection.scalars(select(SourceRoot.path).where(SourceRoot.path.in_([r["path"] for r in roots]))))
    fresh = [root for root in roots if root["path"] not in known]
    if fresh:
        connection.execute(insert(table), fresh)
    stale = [{"b_path": root["path"], "b_deck": root["deck"]} for root in roots if root["path"] in known]
    if stale:
        connection.execute(update(table).where(table.c.path == bindparam("b_path")).values(deck=bindparam("b_deck")),
                           stale)


def _write_sources(connection: Connection, writes: _Writes, decks: dict[str, int]) -> None:
    """Record each file read (its hash, size, card count, extractor): new ones inserted, others updated."""
    from sqlalchemy import bindparam, insert, select, update

    from flashcards.storage.models import Base, Source

    sources_table = Base.metadata.tables["sources"]
    if writes.gone_sources:  # their cards are retired by the plan; the rows only described the files
        from sqlalchemy import delete

        for start in range(0, len(writes.gone_sources), _IN_CHUNK):
            chunk = writes.gone_sources[start:start + _IN_CHUNK]
            connection.execute(delete(sources_table).where(sources_table.c.path.in_(chunk)))
    known: dict[str, int] = {path: source_id for path, source_id in connection.execute(select(Source.path, Source.id))}
    for values, deck in zip(writes.sources, writes.source_decks, strict=True):
        values["deck_id"] = decks[deck]
    fresh = [values for values in writes.sources if values["path"] not in known]
    stale = [{**values, "b_id": known[str(values["path"])]} for values in writes.sources if values["path"] in known]
    if fresh:
        connection.execute(insert(sources_table), fresh)
    if stale:
        columns = ("deck_id", "content_hash", "size", "card_count", "imported_at", "extractor")
        connection.execute(
            update(sources_table).where(sources_table.c.id == bindparam("b_id"))
            .values({name: bindparam(name) for name in columns}),
            [{name: values[name] for name in ("b_id", *columns)} for values in stale],
        )


# Values per `IN (...)` query: SQLite caps the variables of one statement (999 in older builds).
_IN_CHUNK = 500


def _check_cards_exist(connection: Connection, card_ids: list[int]) -> None:
    """Every card the plan changes is still stored: a missing one stops the import (KeyError) as it did."""
    from sqlalchemy import select

    from flashcards.storage.models import Card

    found: set[int] = set()
    for start in range(0, len(card_ids), _IN_CHUNK):
        chunk = card_ids[start:start + _IN_CHUNK]
        found.update(connection.scalars(select(Card.id).where(Card.id.in_(chunk))))
    for card_id in card_ids:
        if card_id not in found:
            raise KeyError(card_id)


def _follow_renamed_siblings(connection: Connection, renamed: dict[str, str]) -> None:
    """Point every card whose sibling's key changed (moved, re-keyed) at that sibling's new key.

    The cards written by this import already name their siblings' new keys (from the drafts); this
    catches a reverse card whose own key did not change, so the two directions stay one group and are
    still never shown on the same day. Asked in chunks, each written before the next is asked (a card
    renamed twice over follows once per chunk, as it always did); usually nothing is found.
    """
    from sqlalchemy import bindparam, select, update

    from flashcards.storage.models import Base, Card

    cards = Base.metadata.tables["cards"]
    old_keys = list(renamed)
    for start in range(0, len(old_keys), _IN_CHUNK):
        chunk = old_keys[start:start + _IN_CHUNK]
        found = connection.execute(select(Card.id, Card.sibling_key).where(Card.sibling_key.in_(chunk))).all()
        if found:
            connection.execute(
                update(cards).where(cards.c.id == bindparam("b_id")).values(sibling_key=bindparam("b_sibling")),
                [{"b_id": card_id, "b_sibling": renamed[str(sibling)]} for card_id, sibling in found],
            )


def _assign_guids(connection: Connection, new_rows: list[dict[str, object]], wanted: list[str]) -> None:
    """Give each new card its Anki note GUID: `note_guid(key)`, unless a card already holds that GUID.

    That happens only when a card whose key changed (moved, re-keyed) kept the GUID of the key it was
    created with, and a new card now takes that old key; the new card then gets the next
    `note_guid(key, attempt)`, so each Anki note stays one card's. The wanted GUIDs are computed before
    the write transaction; the store is asked in chunks, not at all when nothing is new.
    """
    from sqlalchemy import select

    from flashcards.storage.models import Card

    taken: set[str] = set()
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start:start + _IN_CHUNK]
        taken.update(connection.scalars(select(Card.guid).where(Card.guid.in_(chunk))))
    for row, guid in zip(new_rows, wanted, strict=True):
        attempt = 1
        while guid in taken:
            attempt += 1
            guid = note_guid(str(row["key"]), attempt)
            if connection.scalar(select(Card.id).where(Card.guid == guid)) is not None:
                taken.add(guid)
        taken.add(guid)
        row["guid"] = guid


def import_notes(store: Store, requests: list[ImportRequest], now: datetime, *,
                 dry_run: bool, gone: list[str] | None = None) -> ImportResult:
    """Read, plan and (unless `dry_run`) apply an import."""
    result = prepare_import(store, requests, gone)
    if not dry_run and (result.plan.writes_anything or result.files or result.vanished or result.new_roots):
        apply_import(store, result, now)
    return result
