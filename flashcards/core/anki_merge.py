"""Progress back from Anki: which of Anki's review-log rows join our log, as which grades (pure).

`flashcards import-anki` reads a package Anki exported (`export/anki_package.py`); this module decides,
from Anki's cards and review log and what our log already holds, what to append. The rules:

- **Identity.** An Anki note's GUID is the stored `cards.guid` of one of our cards. Card ordinal 0 is
  that card; ordinal 1 is the reverse card of a forward card (the card whose `sibling_key` is the
  forward card's key), as a two-template note holds both directions. A package exported before notes
  held both directions has one note per card (ordinal 0, GUID of that card), which the first rule
  already matches. The cloze cards of one sentence are one Cloze note (`core.cloze_notes`): its
  GUID is the first card's, and ordinal k is the sentence's k-th card in notes order. Any other card
  is "not in this collection".
- **Buttons to grades.** Again 1, Hard 3, Good 4, Easy 5 (`ANKI_GRADES`): Again is a failure SM-2
  starts over from, Hard the pass "with serious difficulty", Good the usual correct answer, Easy a
  perfect one.
- **What is skipped.** Manual changes of the schedule (revlog type 4 "manual", 5 "rescheduled", or
  ease 0: set due date, forget, reposition) are not answers: they are counted and left out. So is
  every row already in our log (its Anki id is stored with it, `ANKI_PRESENTATION`), every row at or
  before the card's latest standing review here or its reset (our log is never rewritten: only what
  comes after it is appended), and a row within a second after one of our own grades: that is our
  grade coming back (the exporter writes our log into the package with its own millisecond ids).
  A row dated after now (a phone whose clock runs ahead) waits for a later import: a grade given here
  meanwhile would be logged before it in time but after it in the card's state, and the replay would
  disagree with the card.
- **Modes.** A row appended becomes mode `anki`, which runs SM-2 as a scheduled grade does, except:
  a card's later answers on a review day that already has one (Anki's learning steps, a relearn after
  Again) are same-day repeats (mode `repeat`, logged, no schedule change), as SuperMemo's step 7 and
  our own quiz treat them; and a filtered-deck answer that did not reschedule (type 3) is `cram`.
- **Tags.** Anki's package import replaces a note's tags with the package's when it updates the
  note, so a tag the learner gave it in Anki (`marked`, `leech`) would go with our next change of it.
  The tags Anki has on a note that are not ours (not under `flashcards::`) are kept on the note's
  card 0 here as `anki:TAG` (`ANKI_TAG`), replacing the ones an earlier import kept, and the export
  writes them back as they were (`anki_tags_of`).
- **Days.** A row's review day is its time (the id is epoch milliseconds) in the learner's time zone
  with their rollover hour (`days.review_day`), as for a grade given here.

Pure: no I/O and no clock; the times are the package's.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flashcards.core.cloze_notes import cloze_groups
from flashcards.core.days import review_day
from flashcards.core.vocabulary import Grade, Mode

__all__ = [
    "ANKI_GRADES",
    "ANKI_PRESENTATION",
    "ANKI_TAG",
    "AnkiCard",
    "AnkiEntry",
    "CardLog",
    "MergePlan",
    "NewReview",
    "OurCard",
    "match_cards",
    "plan_merge",
    "presentation_of",
    "anki_tags_of",
    "tags_to_keep",
    "with_anki_tags",
]

# Anki's answer buttons (revlog `ease`) as SM-2 grades.
ANKI_GRADES: dict[int, Grade] = {1: Grade.WRONG_FAMILIAR, 2: Grade.DIFFICULT, 3: Grade.HESITANT, 4: Grade.PERFECT}

# Anki's revlog `type`: learning, review, relearning, filtered (cram), manual, rescheduled.
REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN, REVLOG_FILTERED, REVLOG_MANUAL, REVLOG_RESCHEDULED = range(6)
_ANSWERS = frozenset({REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN, REVLOG_FILTERED})

ANKI_PRESENTATION = "anki:"
"""The prefix of `reviews.presentation_id` for a row from Anki: `anki:<revlog id>` (unique, so a row
is appended once however often the same package is imported)."""

ANKI_TAG = "anki:"
"""The prefix of a card's tag here that is a tag the learner gave its note in Anki (`anki:marked`)."""

# Our tags in Anki all sit under this one (`export.fields.TAG_ROOT`); any other is the learner's.
_OUR_TAG_ROOT = "flashcards::"

# Our own grade coming back from Anki carries our time, moved on by at most a few milliseconds.
_ECHO_MS = 1000


def presentation_of(revlog_id: int) -> str:
    """The presentation id a review from Anki is stored with."""
    return f"{ANKI_PRESENTATION}{revlog_id}"


@dataclass(frozen=True, slots=True)
class AnkiCard:
    """One card of the package: its id, its note's GUID and its template's ordinal (0 forward)."""

    card_id: int
    guid: str
    ordinal: int


@dataclass(frozen=True, slots=True)
class AnkiEntry:
    """One row of Anki's review log.

    Attributes:
        id: The answer's time in epoch milliseconds (Anki's revlog id).
        card_id: The Anki card answered.
        ease: The button, 1 Again .. 4 Easy; 0 for a manual change.
        kind: The revlog type (`REVLOG_LEARN` ..).
        duration_ms: The time the answer took (Anki caps it at 60 s).
    """

    id: int
    card_id: int
    ease: int
    kind: int
    duration_ms: int = 0

    @property
    def at(self) -> datetime:
        """When the answer was given."""
        return datetime.fromtimestamp(self.id / 1000, tz=UTC)


@dataclass(frozen=True, slots=True)
class OurCard:
    """One of our cards as identity needs it (a cloze card's sentence too: `core.cloze_notes`).

    Attributes:
        place: Where the card comes from (deck, file, heading path): cloze cards of one place and one
            answer are one sentence's, one Anki note.
        position: Its place in the notes (with the id, the order of a cloze note's cards).
    """

    id: int
    guid: str
    key: str
    sibling_key: str | None
    kind: str = ""
    front: str = ""
    back: str = ""
    place: Hashable = None
    position: int = 0
    tags: str = ""


@dataclass(frozen=True, slots=True)
class CardLog:
    """What the merge needs of one card's log here.

    Attributes:
        after: Only rows later than this are appended: the card's latest standing review, or its
            reset when that is later; None for a card never graded nor reset.
        moved_days: The review days on which a standing grade moved the card's schedule.
        own_ms: The times (epoch ms) of the card's own grades here (not from Anki).
    """

    after: datetime | None = None
    moved_days: frozenset[date] = frozenset()
    own_ms: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class NewReview:
    """One review to append to our log."""

    card_id: int
    revlog_id: int
    reviewed_at: datetime
    review_day: date
    grade: Grade
    mode: Mode
    duration_ms: int

    @property
    def presentation_id(self) -> str:
        return presentation_of(self.revlog_id)


@dataclass(frozen=True)
class MergePlan:
    """What an import of the package would append, and what it leaves out and why.

    Attributes:
        reviews: The reviews to append, oldest first.
        matched_cards: Anki cards that are cards here.
        unknown_notes: Notes whose GUID is no card's here (another source, or cards never exported).
        manual: Rows that were manual changes of the schedule, not answers.
        already: Rows already in our log (imported before, or our own grades coming back).
        older: Rows at or before the card's latest review here (or its reset).
        elsewhere: Rows of Anki cards that are not cards here.
        future: Rows dated after now (left for a later import).
    """

    reviews: tuple[NewReview, ...] = ()
    matched_cards: int = 0
    unknown_notes: int = 0
    manual: int = 0
    already: int = 0
    older: int = 0
    elsewhere: int = 0
    future: int = 0
    cards: frozenset[int] = field(default_factory=frozenset)

    @property
    def skipped(self) -> int:
        return self.manual + self.already + self.older + self.elsewhere + self.future


def match_cards(anki_cards: Iterable[AnkiCard], ours: Iterable[OurCard]) -> tuple[dict[int, int], int]:
    """Each Anki card that is one of ours, by Anki card id; and how many notes are none of ours.

    Returns:
        `({anki card id: our card id}, notes whose GUID matches no card here)`.
    """
    ordered = sorted(ours, key=lambda card: (card.position, card.id))
    by_guid: dict[str, OurCard] = {}
    reverse_of: dict[str, int] = {}
    for card in ordered:
        by_guid[card.guid] = card
        if card.sibling_key is not None:
            reverse_of[card.sibling_key] = card.id
    clozes = cloze_groups(ordered, [card.place for card in ordered])
    cloze_cards = {ordered[first].guid: tuple(ordered[n].id for n in members) for first, members in clozes.items()}
    matched: dict[int, int] = {}
    unknown: set[str] = set()
    for anki in anki_cards:
        note = by_guid.get(anki.guid)
        members = cloze_cards.get(anki.guid)
        if note is None:
            unknown.add(anki.guid)
        elif members is not None:
            if 0 <= anki.ordinal < len(members):
                matched[anki.card_id] = members[anki.ordinal]
        elif anki.ordinal == 0:
            matched[anki.card_id] = note.id
        elif anki.ordinal == 1 and note.sibling_key is None and note.key in reverse_of:
            matched[anki.card_id] = reverse_of[note.key]
    return matched, len(unknown)


def plan_merge(
    entries: Iterable[AnkiEntry], matched: Mapping[int, int], logs: Mapping[int, CardLog],
    imported: frozenset[int], zone: ZoneInfo, rollover_hour: int, now: datetime, *, unknown_notes: int = 0,
) -> MergePlan:
    """The reviews to append (see the module for the rules), oldest first.

    Args:
        entries: Anki's review log, in any order.
        matched: Our card id of each Anki card that is one of ours (`match_cards`).
        logs: What our log holds of each matched card (a card missing here has no log yet).
        imported: The Anki row ids already in our log.
        zone, rollover_hour: How the learner counts review days.
        now: The time of the import: a row after it waits for a later one.
        unknown_notes: Passed on into the plan (`match_cards`).
    """
    reviews: list[NewReview] = []
    manual = already = older = elsewhere = future = 0
    moved: dict[int, set[date]] = {}
    for entry in sorted(entries, key=lambda row: row.id):
        card_id = matched.get(entry.card_id)
        if card_id is None:
            elsewhere += 1
            continue
        grade = ANKI_GRADES.get(entry.ease)
        if grade is None or entry.kind not in _ANSWERS:
            manual += 1
            continue
        if entry.id in imported:
            already += 1
            continue
        log = logs.get(card_id, _NO_LOG)
        if any(0 <= entry.id - own < _ECHO_MS for own in log.own_ms):
            already += 1
            continue
        at = entry.at
        if log.after is not None and at <= log.after:
            older += 1
            continue
        if at > now:
            future += 1
            continue
        day = review_day(at, zone, rollover_hour)
        days = moved.setdefault(card_id, set(log.moved_days))
        if entry.kind == REVLOG_FILTERED:
            mode = Mode.CRAM
        elif day in days:
            mode = Mode.REPEAT
        else:
            mode = Mode.ANKI
            days.add(day)
        reviews.append(NewReview(card_id, entry.id, at, day, grade, mode, max(0, entry.duration_ms)))
    return MergePlan(
        reviews=tuple(reviews), matched_cards=len(matched), unknown_notes=unknown_notes, manual=manual,
        already=already, older=older, elsewhere=elsewhere, future=future, cards=frozenset(review.card_id for review in reviews))


_NO_LOG = CardLog()


def anki_tags_of(card_tags: str) -> tuple[str, ...]:
    """The Anki tags kept on a card here (`anki:marked` -> `marked`), in order."""
    return tuple(tag[len(ANKI_TAG):] for tag in card_tags.split() if tag.startswith(ANKI_TAG) and len(tag) > len(ANKI_TAG))


def with_anki_tags(card_tags: str, note_tags: Iterable[str]) -> str:
    """A card's tags here with the Anki tags of its note replaced by those of `note_tags` not ours.

    Anki compares tags without case, and so does this for ours (`Flashcards::x` is ours too).
    """
    own = [tag for tag in card_tags.split() if not tag.startswith(ANKI_TAG)]
    kept = [f"{ANKI_TAG}{tag}" for tag in dict.fromkeys(note_tags) if not tag.lower().startswith(_OUR_TAG_ROOT)
            and tag.lower() != _OUR_TAG_ROOT.rstrip(":")]
    return " ".join(own + kept)


def tags_to_keep(note_tags: Iterable[tuple[str, tuple[str, ...]]], ours: Iterable[OurCard]) -> dict[int, str]:
    """The cards whose tags change: each note's card 0 here (the card with its GUID) -> its new tags.

    Returns only the cards whose tags are not already what they would become, so a second import
    of the same package changes nothing.
    """
    by_guid = {card.guid: card for card in ours}
    changes: dict[int, str] = {}
    for guid, tags in note_tags:
        card = by_guid.get(guid)
        if card is None:
            continue
        new = with_anki_tags(card.tags, tags)
        if new != card.tags:
            changes[card.id] = new
    return changes
