"""The SQL text an import reads before anything else, shared by the store and the `sqlite3` reader.

Which files were imported, with what content, into which deck and by which extractor: with it, an
import sets aside every unchanged file without reading it. The store runs it through SQLAlchemy;
`storage/fast.py` runs the same text with `sqlite3`, so re-importing unchanged notes from a local
collection never loads SQLAlchemy, and both paths see the same rows.
"""

from __future__ import annotations

KNOWN_SOURCES_SQL = (
    "SELECT sources.path, sources.content_hash, decks.name, sources.extractor "
    "FROM sources JOIN decks ON sources.deck_id = decks.id"
)

NOTE_SUFFIXES_SQL = "SELECT value FROM settings WHERE key = 'note_suffixes'"
"""The file suffixes the learner added to the Markdown ones (`flashcards config note-suffixes`)."""

RETIRED_DECKS_SQL = "SELECT name FROM decks WHERE status = 'retired'"
"""The decks the learner retired (`decks retire`): their notes are not read again."""

SOURCE_ROOTS_SQL = "SELECT path, deck FROM source_roots ORDER BY id"
"""The folders and files imported (path, deck prefix), in the order they were first imported."""
