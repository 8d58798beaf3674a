"""`--with-scheduling`: carry SM-2 progress into the package so the learner continues in Anki.

genanki writes every card as new and has no scheduling API. So this module says what changes in the
SQLite collection genanki's schema describes: a studied card is written with Anki's review state
(`card_schedule`, which the package writer puts in place of genanki's new-card columns), the
collection is told how to count days, and the review log becomes Anki `revlog` rows (`write_history`,
after the notes and cards are in). Facts about Anki this relies on
(Anki's Rust importer, `rslib/src/import_export/package/apkg/import/cards.rs`, and
`rslib/src/scheduler/timing.rs`; checked against the `anki` package in the tests):

- A review card's `due` is a day number counted from the collection's creation (`col.crt`). On import
  Anki shifts it by how many days the package's collection is ahead of the target collection (both
  counted at import time), so what survives is the *calendar date* the package means.
- The package's day count follows its own config: with `schedVer` 2, a `rollover` hour and a
  `creationOffset` (minutes west of UTC at creation), day N starts at the rollover hour N calendar
  days after the creation date. We set the creation to noon of `EPOCH_DAY` in the learner's zone, so
  day N is simply `EPOCH_DAY + N days`, the same review days our own scheduler counts.
- `factor` is the ease in per-mille (EF 2.50 → 2500), `ivl` the interval in days, `type`/`queue`
  2 for a review card (queue -1 when suspended), `reps` the number of answers, `lapses` the failures.
- `revlog.id` is the answer time in epoch milliseconds and Anki skips a row whose id it already has,
  so ids are made unique here. `ease` is the button (1 Again, 2 Hard, 3 Good, 4 Easy), `type` 0 learn,
  1 review, 2 relearn, 3 filtered (cram), `time` the answer time in ms (Anki caps it at 60 s).
- Anki imports all this only when the import asks for scheduling ("Import any learning progress");
  otherwise it resets the cards to new. An existing card is never updated by an import, so progress
  made in Anki survives re-importing a newer package.

Mapping SM-2 onto that: `reps` is our count of answers (scheduled grades and same-session repeats,
never less than SM-2's repetition count n, which Anki keeps no field for); grades 0-2 are Again,
3 Hard, 4 Good, 5 Easy.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from datetime import date, datetime, time
from typing import NamedTuple
from zoneinfo import ZoneInfo

from flashcards.export.source import ExportCard, ExportReview
from flashcards.core.vocabulary import PASS_GRADE, SCHEDULING_MODES, Mode, Status, anki_button

# Day 0 of the package's collection. Any fixed date before every due date works; a fixed one keeps the
# package the same from one day to the next.
EPOCH_DAY = date(2000, 1, 1)

CARD_NEW, CARD_REVIEW = 0, 2
QUEUE_SUSPENDED, QUEUE_REVIEW = -1, 2
REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN, REVLOG_FILTERED = 0, 1, 2, 3
MAX_ANSWER_MS = 60_000


@dataclass(frozen=True)
class AnkiTiming:
    """How the package's collection counts days: the learner's zone and rollover hour."""

    zone: ZoneInfo
    rollover_hour: int

    @property
    def creation(self) -> datetime:
        return datetime.combine(EPOCH_DAY, time(12), self.zone)

    @property
    def crt(self) -> int:
        """`col.crt`: the collection's creation, as epoch seconds."""
        return int(self.creation.timestamp())

    @property
    def creation_offset(self) -> int:
        """Anki's `creationOffset`: minutes *west* of UTC at creation (UTC+13 is -780)."""
        offset = self.creation.utcoffset()
        assert offset is not None
        return -int(offset.total_seconds()) // 60

    def day_number(self, day: date) -> int:
        """A calendar date as Anki's day number in this collection."""
        return (day - EPOCH_DAY).days


@dataclass(frozen=True)
class SchedulingSummary:
    """What was carried over: cards with review state, and revlog rows."""

    review_cards: int
    revlog_rows: int


def anki_ease(grade: int) -> int:
    """SM-2's 0-5 grade as Anki's answer button (`vocabulary.anki_button`, the mapping FSRS uses too)."""
    return anki_button(grade)


def revlog_types(reviews: Sequence[ExportReview]) -> list[int]:
    """Anki's revlog type of each grade, in order.

    A scheduled grade of a new card is learning, of a scheduled card a review; same-session repeats
    continue what their session started: learning for a new card, relearning after a failed review
    (a lapse, as in Anki), and a review after a passed one (Hard: Anki has no relearning without a
    lapse); cram grades are Anki's filtered-deck reviews.
    """
    types: list[int] = []
    session = REVLOG_LEARN
    for review in reviews:
        if review.mode in SCHEDULING_MODES:  # here or in Anki
            kind = REVLOG_LEARN if review.due_before is None else REVLOG_REVIEW
            if kind == REVLOG_LEARN:
                session = REVLOG_LEARN
            else:
                session = REVLOG_RELEARN if review.grade < PASS_GRADE else REVLOG_REVIEW
        elif review.mode == Mode.REPEAT:
            kind = session
        else:
            kind = REVLOG_FILTERED
        types.append(kind)
    return types


def answer_count(card: ExportCard) -> int:
    """Anki's `reps`: answers that counted (not cram), and never fewer than SM-2's n."""
    answers = len(card.reviews) - [review.mode for review in card.reviews].count(Mode.CRAM)
    return max(answers, card.repetitions)


def _epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _studied(card: ExportCard) -> bool:
    """A card that arrives in Anki as a review card (one SM-2 has scheduled)."""
    return card.reviewed and card.due is not None


class CardSchedule(NamedTuple):
    """A review card's columns in Anki's `cards` table (the rest is what genanki writes for any card)."""

    mod: int
    type: int
    queue: int
    due: int
    ivl: int
    factor: int
    reps: int
    lapses: int
    left: int
    data: str = ""


def card_schedule(card: ExportCard, timing: AnkiTiming) -> CardSchedule | None:
    """The review state a studied card arrives with; None for a new card (genanki's new card stays)."""
    if not _studied(card) or card.due is None:
        return None
    last_change = max(card.content_changed_at, card.last_reviewed_at or card.content_changed_at)
    return CardSchedule(
        mod=int(last_change.timestamp()), type=CARD_REVIEW,
        queue=QUEUE_SUSPENDED if card.status in (Status.SUSPENDED, Status.RETIRED) else QUEUE_REVIEW,
        due=timing.day_number(card.due), ivl=max(1, card.interval), factor=card.ef_hundredths * 10,
        reps=answer_count(card), lapses=card.lapses, left=0, data=fsrs_card_data(card),
    )


def fsrs_card_data(card: ExportCard) -> str:
    """Anki's `cards.data` for a card of an FSRS deck: its FSRS memory state and desired retention.

    Recent Anki keeps a card's FSRS state in this JSON text, `{"s": stability, "d": difficulty (1..10),
    "dr": desired retention}` (what the `anki` package writes for `Card.memory_state` and
    `desired_retention`; checked with it in the tests), and uses it once FSRS is on in its preset.
    Empty for an SM-2 card, as genanki writes every card.
    """
    if card.desired_retention is None or card.fsrs_stability is None or card.fsrs_difficulty is None:
        return ""
    return json.dumps({"s": card.fsrs_stability, "d": card.fsrs_difficulty, "dr": card.desired_retention},
                      separators=(",", ":"))


def revlog_rows(cards: Sequence[ExportCard], card_ids: Sequence[int | None]) -> list[tuple[int, ...]]:
    """`revlog` rows (id, cid, usn, ease, ivl, lastIvl, factor, time, type) of every card's history.

    `card_ids[n]` is the Anki card id of `cards[n]` (None for a note Anki would give no card, which
    cannot happen: the package writer gives every exported card its note's card). Ids are the answer
    times in milliseconds, moved on by one where two answers share a millisecond (Anki skips a row
    whose id it already has), in the order of the cards. One row per grade: 761,000 at 100,000 cards,
    so the loop body is kept to plain operations (`anki_ease` is looked up, and called for a grade
    outside 0-5 only to raise its error).
    """
    rows: list[tuple[int, ...]] = []
    used_ids: set[int] = set()
    eases = _EASES
    for card, cid in zip(cards, card_ids, strict=True):
        if not card.reviews or cid is None:
            continue
        for review, kind in zip(card.reviews, revlog_types(card.reviews), strict=True):
            revlog_id = int(review.reviewed_at.timestamp() * 1000)  # `_epoch_ms`
            while revlog_id in used_ids:
                revlog_id += 1
            used_ids.add(revlog_id)
            ease = eases.get(review.grade) or anki_ease(review.grade)
            duration = review.duration_ms or 0  # within 0..MAX_ANSWER_MS, as Anki keeps it
            if duration < 0:
                duration = 0
            elif duration > MAX_ANSWER_MS:
                duration = MAX_ANSWER_MS
            rows.append((revlog_id, cid, -1, ease, review.interval_after, review.interval_before,
                         review.ef_after * 10, duration, kind))
    return rows


_EASES = {grade: anki_ease(grade) for grade in range(6)}


def write_history(connection: sqlite3.Connection, cards: Sequence[ExportCard], card_ids: Sequence[int | None],
                  timing: AnkiTiming) -> SchedulingSummary:
    """Make genanki's collection (schema 11) count days as ours and write the review log of `cards`.

    The review cards themselves were written with their `card_schedule` by the package writer;
    `card_ids[n]` is the Anki card id of `cards[n]`.
    """
    conf = json.loads(connection.execute("SELECT conf FROM col").fetchone()[0])
    conf.update({"schedVer": 2, "rollover": timing.rollover_hour, "creationOffset": timing.creation_offset})
    connection.execute("UPDATE col SET crt = ?, conf = ?", (timing.crt, json.dumps(conf, sort_keys=True)))
    before = connection.total_changes
    # In id order: appended to the table's B-tree instead of inserted all over it (the ids follow the
    # cards in export order, not time), which is faster and leaves fuller pages: a smaller file to zip.
    rows = revlog_rows(cards, card_ids)
    rows.sort(key=itemgetter(0))
    connection.executemany("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    review_cards = sum(1 for card, cid in zip(cards, card_ids, strict=True) if cid is not None and _studied(card))
    return SchedulingSummary(review_cards, connection.total_changes - before)
