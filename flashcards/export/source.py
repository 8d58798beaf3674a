"""What an export needs from the store, as plain frozen values (the exporters never see a Session).

Retired cards (gone from the notes, kept for their history) are read only when the export asks: the
package takes them suspended, so a note Anki already has stops coming up; the text format leaves them
out. Suspended cards are exported (suspended). The review log is read only when scheduling is exported, and only the
part that produced the card's current state: undone grades and grades from before a `reset` are not
history the learner would recognise in Anki.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, NamedTuple

from sqlalchemy import Connection, String, Text, select, type_coerce
from sqlalchemy.orm import Session

from flashcards.core.cards import note_guid
from flashcards.core.errors import NoSuchDeck
from flashcards.core.replay import standing
from flashcards.export.bulk import collector_paused
from flashcards.storage.models import Card, Deck, Review, SourceRoot
from flashcards.storage.ordering import by_code_point
from flashcards.storage.stored_values import HeadingPaths, row_day
from flashcards.core.vocabulary import Status


class ExportReview(NamedTuple):
    """One grade from the log, with the state it left (what Anki's revlog records).

    A named tuple rather than a frozen dataclass: an export builds one per grade (761,000 at 100,000
    cards), and a tuple is made several times faster.
    """

    reviewed_at: datetime
    grade: int
    mode: str
    interval_before: int
    interval_after: int
    ef_after: int
    due_before: date | None
    duration_ms: int | None


@dataclass(frozen=True)
class ExportCard:
    """One card to export: its content, where it comes from, and its SM-2 state."""

    key: str
    deck: str
    kind: str
    front: str
    back: str
    context: tuple[str, ...]
    source_path: str
    source_line: int
    position: int
    status: str
    tags: str
    repetitions: int
    ef_hundredths: int
    interval: int
    due: date | None
    lapses: int
    content_changed_at: datetime
    last_reviewed_at: datetime | None
    reviews: tuple[ExportReview, ...] = field(default=())
    # The note GUID stored on the card (kept when its key changes); empty for a card built by hand.
    guid: str = ""
    # The forward card's key when this is a reverse card (`cards.sibling_key`).
    sibling_key: str | None = None
    # When the card was made (Anki's "Added"); None for a card built by hand (then `content_changed_at`).
    created_at: datetime | None = None
    # `source_path` as the learner knows it: relative to the parent of the imported folder holding it.
    shown_path: str = ""
    # FSRS's memory state (a card of an FSRS deck that was graded) and its deck's desired retention.
    fsrs_stability: float | None = None
    fsrs_difficulty: float | None = None
    desired_retention: float | None = None

    @property
    def anki_guid(self) -> str:
        """The card's Anki note GUID: the stored one, else the one its key gives a new card."""
        return self.guid or note_guid(self.key)

    @property
    def added_at(self) -> datetime:
        """When the card was made, as Anki's "Added" shows it."""
        return self.created_at or self.content_changed_at

    @property
    def reviewed(self) -> bool:
        """Scheduled by SM-2 at least once (a new card has no due date)."""
        return self.due is not None


@dataclass(frozen=True)
class ExportSelection:
    """The cards of one export, and how many retired cards were left out."""

    cards: tuple[ExportCard, ...]
    retired: int


def load_cards(session: Session, deck: str | None, *, with_reviews: bool,
               with_retired: bool = False) -> ExportSelection:
    """The exportable cards of `deck` (or of every deck), in deck and notes order.

    With `with_retired`, retired cards are among them (and counted); otherwise only counted.

    Raises:
        NoSuchDeck: when `deck` names no deck.
    """
    if deck is not None and session.scalar(select(Deck.id).where(Deck.name == deck)) is None:
        raise NoSuchDeck(deck)
    with collector_paused():
        return _selection(session, deck, with_reviews=with_reviews, with_retired=with_retired)


def shown_path(path: str, roots: list[str]) -> str:
    """A card's file as the learner knows it: from the folder they imported (`notes/linux/shell.md`).

    Relative to the parent of the longest imported folder that holds the file, so the folder's own name
    leads; a file outside every imported folder (or imported on its own) shows as its file name. An
    absolute local path on a phone is long, private and wrong as soon as the notes move.
    """
    normalized = path.replace("\\", "/")
    best = ""
    for root in roots:
        folder = root.replace("\\", "/").rstrip("/")
        if folder and normalized.startswith(folder + "/") and len(folder) > len(best):
            best = folder
    if best:
        parent = best.rsplit("/", 1)[0]
        return normalized[len(parent) + 1:] if parent else normalized.lstrip("/")
    return normalized.rsplit("/", 1)[-1]


def _selection(session: Session, deck: str | None, *, with_reviews: bool, with_retired: bool) -> ExportSelection:
    # Plain rows through the session's connection (SQLAlchemy Core, no ORM row loading: 100,000 cards),
    # dates and times as the driver hands them (`_as_stored`), each distinct heading path decoded once.
    query = select(Card.id, Card.key, Deck.name, Card.kind, Card.front, Card.back, type_coerce(Card.context, Text),
                   Card.source_path, Card.source_line, Card.position, Card.status, Card.tags, Card.repetitions,
                   Card.ef_hundredths, Card.interval, _as_stored(Card.due), Card.lapses,
                   _as_stored(Card.content_changed_at), _as_stored(Card.last_reviewed_at), Card.guid,
                   _as_stored(Card.reset_at), Card.sibling_key, _as_stored(Card.created_at), Card.fsrs_stability,
                   Card.fsrs_difficulty, Deck.scheduler, Deck.desired_retention).join(Deck, Card.deck_id == Deck.id)
    if deck is not None:
        query = query.where(Deck.name == deck)
    connection = session.connection()
    rows = connection.execute(query.order_by(by_code_point(Deck.name), Card.position, Card.id)).all()
    reviews = _load_reviews(connection, deck, with_retired) if with_reviews else {}
    roots = [path for (path,) in connection.execute(select(SourceRoot.path))]
    shown: dict[str, str] = {}
    paths = HeadingPaths()
    changed = _Moments()  # many cards share the moment of the import that last changed them
    cards: list[ExportCard] = []
    retired = 0
    for (card_id, key, deck_name, kind, front, back, context, source_path, source_line, position, status, tags,
         repetitions, ef_hundredths, interval, due, lapses, changed_at, last_reviewed_at, guid, reset_at,
         sibling_key, created_at, stability, difficulty, scheduler, retention) in rows:
        if status == Status.RETIRED:
            retired += 1
            if not with_retired:
                continue
        path = shown.get(source_path)
        if path is None:
            path = shown[source_path] = shown_path(source_path, roots)
        logged = reviews.get(card_id)
        history = tuple(review.exported for review in standing(logged, row_moment(reset_at))) if logged else ()
        cards.append(ExportCard(
            key=key, deck=deck_name, kind=kind, front=front, back=back, context=paths(context),
            source_path=source_path, source_line=source_line, position=position, status=status, tags=tags or "",
            repetitions=repetitions, ef_hundredths=ef_hundredths, interval=interval, due=row_day(due),
            lapses=lapses, content_changed_at=changed(changed_at), last_reviewed_at=row_moment(last_reviewed_at),
            reviews=history, guid=guid, sibling_key=sibling_key, created_at=changed(created_at), shown_path=path,
            fsrs_stability=stability, fsrs_difficulty=difficulty,
            desired_retention=retention if scheduler == "fsrs" else None,
        ))
    return ExportSelection(tuple(cards), retired)


def _as_stored(column: Any) -> Any:
    """A date or time column as the driver hands it back: ISO text on SQLite, a value on PostgreSQL.

    SQLAlchemy's own conversion (parse, then `UTCDateTime` stamping UTC) costs a Python call per value;
    `row_moment` and `row_day` do the same work in one, and read each repeated text once.
    """
    return type_coerce(column, String)


def row_moment(value: object) -> datetime | None:
    """A stored timestamp as `UTCDateTime` returns it (see `stored_moment`), None for None."""
    return None if value is None else stored_moment(value)


def stored_moment(value: object) -> datetime:
    """A stored timestamp as `UTCDateTime` returns it: aware, in UTC (naive stored text is UTC)."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value)
        try:
            # What SQLite holds: naive UTC text. Parsed with its offset written on, because stamping the
            # zone afterwards (`replace(tzinfo=...)`) took 6 times as long as the parse itself.
            moment = datetime.fromisoformat(text + "+00:00")
        except ValueError:  # text with an offset of its own
            moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo is timezone.utc else moment.astimezone(timezone.utc)


class _Moments:
    """`stored_moment` for a column whose values repeat, each distinct stored text read once."""

    def __init__(self) -> None:
        self._read: dict[object, datetime] = {}

    def __call__(self, value: object) -> datetime:
        found = self._read.get(value)
        if found is None:
            found = self._read[value] = stored_moment(value)
        return found


class _LoggedRow(NamedTuple):
    """One stored review as `replay.standing` reads it, holding what the export keeps of it."""

    id: int
    reviewed_at: datetime
    undone_at: datetime | None
    review_day: date
    exported: ExportReview

    @property
    def grade(self) -> int:
        return self.exported.grade

    @property
    def mode(self) -> str:
        return self.exported.mode


def _load_reviews(connection: Connection, deck: str | None, with_retired: bool) -> dict[int, list[_LoggedRow]]:
    """Every review of the exported cards, in one query, as plain rows (761,000 at 100,000 cards);
    which of them stand is `replay.standing`."""
    query = (
        select(Review.card_id, Review.id, _as_stored(Review.reviewed_at), _as_stored(Review.undone_at),
               _as_stored(Review.review_day), Review.grade, Review.mode, Review.interval_before,
               Review.interval_after, Review.ef_after, _as_stored(Review.due_before), Review.duration_ms)
        .join(Card, Review.card_id == Card.id)
        .join(Deck, Card.deck_id == Deck.id)
    )
    if not with_retired:
        query = query.where(Card.status != Status.RETIRED)
    if deck is not None:
        query = query.where(Deck.name == deck)
    found: dict[int, list[_LoggedRow]] = {}
    # Days and modes repeat (a few hundred days, three modes): each distinct text is read once, and
    # all its rows share one object.
    days: dict[object, date | None] = {None: None}
    modes: dict[str, str] = {}
    for rows in connection.execute(query).partitions(_BATCH):
        for (card_id, review_id, reviewed_at, undone_at, review_day, grade, mode, interval_before, interval_after,
             ef_after, due_before, duration_ms) in rows:
            moment = stored_moment(reviewed_at)
            day = days[review_day] if review_day in days else days.setdefault(review_day, row_day(review_day))
            due = days[due_before] if due_before in days else days.setdefault(due_before, row_day(due_before))
            if day is None:
                raise ValueError(f"review {review_id} has no review day")
            undone = None if undone_at is None else stored_moment(undone_at)
            row = _LoggedRow(review_id, moment, undone, day, ExportReview(
                moment, grade, modes.setdefault(mode, mode), interval_before, interval_after, ef_after, due,
                duration_ms))
            logged = found.get(card_id)
            if logged is None:
                found[card_id] = [row]
            else:
                logged.append(row)
    return found


# Rows fetched from the driver per call (one call per row costs a tenth of the read at 761,000 reviews).
_BATCH = 10_000
