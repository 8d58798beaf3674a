"""Read queries shared by the commands (deck overviews, counts)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, Unpack

from sqlalchemy import ColumnElement, Connection, Select, Text, and_, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from flashcards.core.errors import NoSuchDeck
from flashcards.core.search import has_words, search_words
from flashcards.storage.models import Card, Deck
from flashcards.storage.ordering import by_code_point
from flashcards.core.vocabulary import Status


@dataclass(frozen=True)
class DeckSummary:
    """Counts of one deck's cards on a review day."""

    name: str
    total: int
    new: int
    due: int
    suspended: int
    retired: int
    status: str = Status.ACTIVE
    new_per_day: int | None = None
    reviews_per_day: int | None = None
    scheduler: str = "sm2"
    desired_retention: float = 0.9


def deck_summaries(session: Session, today: date) -> list[DeckSummary]:
    """Every deck with its counts, in name order (decks with no cards included)."""
    active = Card.status == Status.ACTIVE
    counts = (
        select(
            Card.deck_id,
            func.count().label("total"),
            func.sum(case((and_(active, Card.due.is_(None)), 1), else_=0)).label("new"),
            func.sum(case((and_(active, Card.due <= today), 1), else_=0)).label("due"),
            func.sum(case((Card.status == Status.SUSPENDED, 1), else_=0)).label("suspended"),
            func.sum(case((Card.status == Status.RETIRED, 1), else_=0)).label("retired"),
        )
        .group_by(Card.deck_id)
        .subquery()
    )
    rows = session.execute(
        select(Deck.name, counts.c.total, counts.c.new, counts.c.due, counts.c.suspended, counts.c.retired,
               Deck.status, Deck.new_per_day, Deck.reviews_per_day, Deck.scheduler, Deck.desired_retention)
        .outerjoin(counts, counts.c.deck_id == Deck.id)
        .order_by(by_code_point(Deck.name))
    ).all()
    return [
        DeckSummary(name, int(total or 0), int(new or 0), int(due or 0), int(susp or 0), int(ret or 0), status,
                    new_per_day, reviews_per_day, scheduler, retention)
        for name, total, new, due, susp, ret, status, new_per_day, reviews_per_day, scheduler, retention in rows
    ]


LIKE_ESCAPE = "\\"


def contains_pattern(search: str) -> str:
    """A LIKE pattern for text containing `search`; use it with `escape=LIKE_ESCAPE`.

    PostgreSQL's LIKE takes a backslash as an escape character by default and SQLite's LIKE has none,
    so `C:\\Users` found the card on SQLite and nothing on PostgreSQL (`\\U` read as a plain `U`).
    Doubling the backslash and naming it as the escape makes it literal on both; `%` and `_` stay
    wildcards, which only widens a search's SQL narrowing (`word_candidates`): `core.search` then
    takes every word literally.
    """
    return "%" + search.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2) + "%"


_Query = TypeVar("_Query", bound="Select[Unpack[tuple[Any, ...]]]")


def _chosen(query: _Query, *, deck: str | None, search: str | None, ids: list[int] | None) -> _Query:
    """`query` filtered by deck, ids and the SQL half of a search, in deck and notes order.

    A search's words narrow the rows here (each a substring of the front or back); `searched` keeps
    the rows that hold them as whole words (`core.search`, the rule).
    """
    if deck is not None:
        query = query.where(Deck.name == deck)
    if search:
        query = query.where(*word_candidates(search))
    if ids is not None:
        query = query.where(Card.id.in_(ids))
    return query.order_by(by_code_point(Deck.name), Card.position, Card.id)


def word_candidates(search: str) -> list[ColumnElement[bool]]:
    """SQL conditions every card holding the search's words meets (a superset: `has_words` decides).

    Each word must be a substring of the front or the back. Only ASCII words are narrowed here:
    SQLite's LIKE folds the case of ASCII letters only, so `Ärger` would miss `ärger`.
    """
    conditions: list[ColumnElement[bool]] = []
    for word in search_words(search):
        if word.isascii():
            pattern = contains_pattern(word)
            conditions.append(or_(Card.front.ilike(pattern, escape=LIKE_ESCAPE),
                                  Card.back.ilike(pattern, escape=LIKE_ESCAPE)))
    return conditions


def find_cards(session: Session, *, deck: str | None = None, search: str | None = None,
               ids: list[int] | None = None) -> list[tuple[Card, str]]:
    """Cards with their deck name, in deck and notes order, filtered by deck, words or ids (to change them)."""
    query = _chosen(select(Card, Deck.name).join(Deck, Card.deck_id == Deck.id), deck=deck, search=search, ids=ids)
    words = search_words(search or "")
    return [(card, name) for card, name in session.execute(query)
            if not words or has_words(words, card.front, card.back)]


LISTED_COLUMNS = ("id", "key", "deck", "kind", "front", "back", "status", "repetitions", "ef_hundredths",
                  "interval", "due", "lapses", "tags", "context", "source_path", "source_line")
"""The columns of `list_cards`' rows, in order (`context` as the stored JSON text where it is text)."""


def list_cards(session: Session, *, deck: str | None = None, search: str | None = None) -> Iterator[Sequence[Any]]:
    """The cards to list, as the driver's rows of `LISTED_COLUMNS` (`plain_rows`: 100,000 at a time).

    `due` is the stored value: ISO text on SQLite, a date elsewhere (`stored_values.row_day` reads both).
    """
    query = _chosen(
        select(Card.id, Card.key, Deck.name, Card.kind, Card.front, Card.back, Card.status, Card.repetitions,
               Card.ef_hundredths, Card.interval, Card.due, Card.lapses, Card.tags, type_coerce(Card.context, Text),
               Card.source_path, Card.source_line).join(Deck, Card.deck_id == Deck.id),
        deck=deck, search=search, ids=None)
    words = search_words(search or "")
    for row in plain_rows(session.connection(), query):
        if not words or has_words(words, row[4], row[5]):  # front, back
            yield row


def plain_rows(connection: Connection, statement: Select[Unpack[tuple[Any, ...]]]) -> Iterator[Sequence[Any]]:
    """The rows of `statement` as the driver hands them over, streamed in batches.

    SQLAlchemy binds the parameters and runs the statement; on SQLite the rows are then read from the
    `sqlite3` cursor itself: for the 100,000 cards of `cards --json` or the 761,000 reviews `check`
    replays, result rows and their type processing cost more than the query, and these readers need
    neither (they read stored dates and JSON text with `stored_values`). Elsewhere through a
    server-side cursor (`stream_results`), so the rows are never all in memory there either.
    """
    if connection.dialect.name != "sqlite":
        for batch in connection.execute(statement.execution_options(stream_results=True,
                                                                    yield_per=_BATCH)).partitions():
            yield from batch
        return
    result = connection.execute(statement)
    try:
        cursor = result.cursor
        while batch := cursor.fetchmany(_BATCH):
            yield from batch
    finally:
        result.close()


_BATCH = 20_000


def deck_exists(session: Session, name: str) -> bool:
    return session.scalar(select(func.count()).select_from(Deck).where(Deck.name == name)) == 1


def require_deck(session: Session, name: str | None) -> None:
    """Nothing when `name` is None or names a deck; `NoSuchDeck` otherwise (a command's DECK argument)."""
    if name is not None and not deck_exists(session, name):
        raise NoSuchDeck(name)


def require_decks(session: Session, names: list[str]) -> None:
    """`NoSuchDeck` for the first of `names` (in the order given) that names no deck."""
    known = set(session.scalars(select(Deck.name).where(Deck.name.in_(names))))
    for name in names:
        if name not in known:
            raise NoSuchDeck(name)
