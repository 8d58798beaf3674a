"""SQLAlchemy 2.0 models: the whole persistent state of a collection.

The schema is created only by the Alembic migrations in `migrations/`; a test checks that these models
and the migrations do not drift apart. Design choices, each for a reason:

- A card's identity is its `key` (deck, kind, heading path, term; never the answer), so editing an
  answer in the notes keeps the card row and its history. `content_hash` tells an edited card from an
  unchanged one. The key may change while the card stays (moved to another section, re-keyed when the
  extractor reads the item anew), so the Anki note GUID is not derived from it on export: `guid` is
  set from the key once, when the card is created, and kept (DESIGN.md §6).
- SM-2 state lives on the card (`repetitions`, `ef_hundredths`, `interval`, `due`, `lapses`) so the daily
  queue is one indexed query; the `reviews` table is the append-only truth it can be replayed from.
  EF is an integer in hundredths because float arithmetic gets SM-2 wrong.
- Due dates are calendar dates (`Date`), not timestamps: a review day starts at the rollover hour in the
  learner's time zone, and "due tomorrow" must survive DST days of 23 or 25 hours.
- `reviews.card_id` and `cards.deck_id` use ON DELETE RESTRICT: the database itself refuses to delete a
  card that has history, or a deck that has cards. Retiring a card is a status, never a delete.
- An undone grade is marked (`undone_at`), not deleted, so the log stays append-only in spirit and a
  replay simply skips undone rows.
- Only portable types (Integer, Float, String, Text, Date, DateTime, JSON) so the same models and migrations
  run on PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from flashcards.core.cards import note_guid
from flashcards.storage.types import UTCDateTime
from flashcards.core.vocabulary import MAX_GRADE, MIN_GRADE, Mode, Status

# Every constraint gets a predictable name so that Alembic's batch mode can drop or alter it on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

def _one_of(column: str, values: type[StrEnum]) -> str:
    """A CHECK that `column` holds one of the vocabulary's values (the text the migrations wrote)."""
    return f"{column} IN ({', '.join(repr(value.value) for value in values)})"


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Deck(Base):
    """A deck: usually one notes file or folder; its own caps on the daily budget, a status, an exam date.

    `new_per_day` / `reviews_per_day` are overrides: NULL means the deck has no cap of its own and
    shares the collection's budget (settings `new_per_day`, `reviews_per_day`; `core.day_plan`).
    `status` is the cards' vocabulary: a suspended or retired deck is out of the day's plan.
    `scheduler` is 'sm2' or 'fsrs' (`core.schedulers`), with FSRS's desired retention and the
    parameters `flashcards optimize` fitted (NULL: py-fsrs's defaults).
    """

    __tablename__ = "decks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    new_per_day: Mapped[int | None] = mapped_column(Integer, default=None)
    reviews_per_day: Mapped[int | None] = mapped_column(Integer, default=None)
    status: Mapped[str] = mapped_column(String(12), default=Status.ACTIVE.value, server_default=Status.ACTIVE.value)
    exam_date: Mapped[date | None] = mapped_column(Date, default=None)
    exam_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    scheduler: Mapped[str] = mapped_column(String(8), default="sm2", server_default="sm2")
    desired_retention: Mapped[float] = mapped_column(Float, default=0.9, server_default="0.9")
    fsrs_parameters: Mapped[list[float] | None] = mapped_column(JSON, default=None)

    cards: Mapped[list[Card]] = relationship(back_populates="deck", passive_deletes="all")

    __table_args__ = (
        CheckConstraint("new_per_day >= 0", name="new_per_day_non_negative"),
        CheckConstraint("reviews_per_day >= 0", name="reviews_per_day_non_negative"),
        CheckConstraint(_one_of("status", Status), name="status_known"),
        CheckConstraint("scheduler IN ('sm2', 'fsrs')", name="scheduler_known"),
        CheckConstraint("desired_retention >= 0.7 AND desired_retention <= 0.99", name="retention_range"),
    )


class Source(Base):
    """A notes file that was imported, with the hash of its content so unchanged files are skipped."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(1000), unique=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="RESTRICT"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    card_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The extractor that read the file (`note_reading.extractor_fingerprint`); another one reads it again,
    # so an upgraded program's rules reach unchanged notes. NULL: read before this was recorded.
    extractor: Mapped[str | None] = mapped_column(String(64), default=None)


class SourceRoot(Base):
    """A folder or file the learner gave to `flashcards import`: `sync` reads it again.

    `deck` is the name its decks are made from: a file's deck, or a folder's first deck name part
    (`notes` for `~/notes`, whose `linux/shell.md` is the deck `notes::linux::shell`).
    """

    __tablename__ = "source_roots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(1000), unique=True)
    deck: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


def _guid_of_key(context: Any) -> str:
    """A new card's GUID when its creator gave none: from the key it is created with."""
    return note_guid(context.get_current_parameters()["key"])


INDEX_DIALECTS = {"ix_cards_queue": "postgresql", "ix_cards_plan": "sqlite"}
"""Indexes that exist on one database only (see `Card`)."""


def compared_on(dialect: str):  # type: ignore[no-untyped-def]
    """Alembic's `include_object` for comparing the schema with these models on `dialect`.

    Autogenerate does not read an index's `ddl_if`, so a one-database index (`INDEX_DIALECTS`) would
    show as missing on the other; migrations/env.py and `flashcards check` both compare through this.
    """
    def include(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
        return not (type_ == "index" and name in INDEX_DIALECTS and INDEX_DIALECTS[name] != dialect)
    return include


class Card(Base):
    """One card: its content and origin (from the notes) and its SM-2 state (from the reviews)."""

    __tablename__ = "cards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No index of its own: ix_cards_queue starts with deck_id.
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="RESTRICT"))
    key: Mapped[str] = mapped_column(String(1000), unique=True)
    # The Anki note GUID, assigned at creation and never recomputed (see the module docstring).
    guid: Mapped[str] = mapped_column(String(20), unique=True, default=_guid_of_key)
    kind: Mapped[str] = mapped_column(String(20))
    front: Mapped[str] = mapped_column(Text)
    back: Mapped[str] = mapped_column(Text)
    context: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The two directions of one term share a sibling key: they are not shown on the same day.
    sibling_key: Mapped[str | None] = mapped_column(String(1000), default=None, index=True)
    source_path: Mapped[str] = mapped_column(String(1000))
    source_line: Mapped[int] = mapped_column(Integer)
    # Order of the card in its notes: new cards are introduced in this order.
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    content_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), default=Status.ACTIVE.value, server_default=Status.ACTIVE.value)
    tags: Mapped[str] = mapped_column(Text, default="", server_default="")

    repetitions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    ef_hundredths: Mapped[int] = mapped_column(Integer, default=250, server_default="250")
    interval: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    due: Mapped[date | None] = mapped_column(Date, default=None)
    lapses: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # `flashcards reset` starts a card over without deleting its history: a replay of the log only
    # takes the reviews after this moment.
    reset_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # FSRS's memory state on a card of an FSRS deck (`core.schedulers.FsrsMemory`); NULL under SM-2.
    fsrs_stability: Mapped[float | None] = mapped_column(Float, default=None)
    fsrs_difficulty: Mapped[float | None] = mapped_column(Float, default=None)
    fsrs_reviewed_on: Mapped[date | None] = mapped_column(Date, default=None)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When anything an export shows of the card last changed: its text, or its place (deck, heading
    # path, file, line); an Anki note's modification time (Anki takes only a newer copy of a note).
    content_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    deck: Mapped[Deck] = relationship(back_populates="cards")
    reviews: Mapped[list[Review]] = relationship(back_populates="card", passive_deletes="all")

    __table_args__ = (
        CheckConstraint(_one_of("status", Status), name="status_known"),
        CheckConstraint("repetitions >= 0", name="repetitions_non_negative"),
        CheckConstraint("ef_hundredths >= 130", name="ef_floor"),
        CheckConstraint("interval >= 0 AND interval <= 36500", name="interval_range"),
        CheckConstraint("lapses >= 0", name="lapses_non_negative"),
        # The day's plan (storage/day_rows.py): a deck's due cards by date, its new cards in notes order.
        # On SQLite the index also holds every column the plan reads, so `flashcards due` never visits
        # the table (half the time at 100,000 cards). PostgreSQL gets the plain index: its b-tree entries
        # are limited to about 2.7 kB and keys may be up to 1,000 characters.
        Index("ix_cards_queue", "deck_id", "status", "due", "position").ddl_if(
            dialect=INDEX_DIALECTS["ix_cards_queue"]),
        Index("ix_cards_plan", "deck_id", "status", "due", "position", "interval", "kind", "key",
              "sibling_key").ddl_if(dialect=INDEX_DIALECTS["ix_cards_plan"]),
    )


class Review(Base):
    """One grade, appended when it is given: the log a card's state can be replayed from."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="RESTRICT"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The learner's review day (rollover hour, time zone) when the grade was given.
    review_day: Mapped[date] = mapped_column(Date, index=True)
    grade: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(12))

    repetitions_before: Mapped[int] = mapped_column(Integer)
    ef_before: Mapped[int] = mapped_column(Integer)
    interval_before: Mapped[int] = mapped_column(Integer)
    due_before: Mapped[date | None] = mapped_column(Date)
    lapses_before: Mapped[int] = mapped_column(Integer)
    status_before: Mapped[str] = mapped_column(String(12))

    repetitions_after: Mapped[int] = mapped_column(Integer)
    ef_after: Mapped[int] = mapped_column(Integer)
    interval_after: Mapped[int] = mapped_column(Integer)
    due_after: Mapped[date | None] = mapped_column(Date)
    lapses_after: Mapped[int] = mapped_column(Integer)
    status_after: Mapped[str] = mapped_column(String(12))

    duration_ms: Mapped[int | None] = mapped_column(Integer, default=None)
    typed_answer: Mapped[str | None] = mapped_column(Text, default=None)
    # One presentation of a card in a session; a grade submitted twice for it is applied once.
    presentation_id: Mapped[str | None] = mapped_column(String(64), default=None, unique=True)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    card: Mapped[Card] = relationship(back_populates="reviews")

    __table_args__ = (
        CheckConstraint(f"grade >= {MIN_GRADE} AND grade <= {MAX_GRADE}", name="grade_range"),
        CheckConstraint(_one_of("mode", Mode), name="mode_known"),
        Index("ix_reviews_card_time", "card_id", "reviewed_at"),
    )


class Setting(Base):
    """Collection-wide settings as text (time zone, rollover hour, ...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
