"""The deck's scheduler: SM-2 (the default, exact) or FSRS (py-fsrs), behind one interface (pure).

A deck picks its scheduler (`decks set DECK --scheduler fsrs|sm2`); every rule that depends on the
schedule (a grade, a replay of the log, `check`, undo, exam caps and readiness, the catch-up order)
asks the deck's `DeckScheduler` instead of calling SM-2 directly. SM-2 stays in `core.sm2`, untouched.

FSRS is the `fsrs` package's model (py-fsrs's `Scheduler.review_card` and `get_card_retrievability`);
nothing of its formulas is written here. How we drive it, each choice for a reason:

- **Calendar days only.** A review day is handed to py-fsrs as midnight UTC of that date, so elapsed
  time is a whole number of days and the interval py-fsrs returns (it rounds to whole days itself) is
  added to the review day through `days.add_days`, as SM-2's is. No seconds enter the schedule.
- **No learning or relearning steps, no fuzz.** Steps are minutes; our same-session repeats (SuperMemo's
  step 7, mode 'repeat') play that part and never move the schedule. Fuzz is a random draw, and a
  replay of the log must give exactly the stored state, so it is off.
- **Grades to ratings** through `vocabulary.anki_button` (0-2 Again, 3 Hard, 4 Good, 5 Easy), the same
  mapping as the Anki export.
- **Memory state** (`FsrsMemory`: stability, difficulty, the day of the review that set them) is kept
  on the card beside n, EF and I. For an FSRS card I is FSRS's interval, n still counts the successes
  in a row (so a lapse, and the leech rule, mean the same under both schedulers) and EF stays where it
  was: FSRS does not use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cached_property, lru_cache

import fsrs

from flashcards.core.errors import FlashcardsError
from flashcards.core.sm2 import MAX_INTERVAL
from flashcards.core.vocabulary import Grade, anki_button

__all__ = [
    "DEFAULT_RETENTION",
    "FSRS_PARAMETER_COUNT",
    "MAX_RETENTION",
    "MIN_RETENTION",
    "SM2",
    "DeckScheduler",
    "FsrsMemory",
    "InvalidScheduler",
    "SchedulerKind",
    "fsrs_rating",
    "review_instant",
]

DEFAULT_RETENTION = 0.90
# Anki's own bounds for desired retention: below 0.70 the intervals grow past usefulness, at 1.0 they
# shrink to nothing.
MIN_RETENTION = 0.70
MAX_RETENTION = 0.99
FSRS_PARAMETER_COUNT = len(fsrs.scheduler.DEFAULT_PARAMETERS)


class SchedulerKind(StrEnum):
    """The schedulers a deck can use (stored as this text in `decks.scheduler`)."""

    SM2 = "sm2"
    FSRS = "fsrs"


class InvalidScheduler(FlashcardsError):
    """A scheduler setting that cannot be used (unknown name, retention or parameters out of range)."""


@dataclass(frozen=True, slots=True)
class FsrsMemory:
    """An FSRS card's memory state: what py-fsrs carries between reviews.

    Attributes:
        stability: Days until recall falls to 90% (py-fsrs's S).
        difficulty: 1..10 (py-fsrs's D).
        last_review: The review day of the grade that set them.
    """

    stability: float
    difficulty: float
    last_review: date


def fsrs_rating(grade: int) -> fsrs.Rating:
    """A 0-5 grade as FSRS's rating (the buttons' mapping, `vocabulary.anki_button`)."""
    # Looked up for an int or a Grade only: a bool or a float is left to `anki_button` to refuse.
    rating = _RATINGS.get(grade) if type(grade) is int or type(grade) is Grade else None
    return rating if rating is not None else fsrs.Rating(anki_button(grade))


_RATINGS = {grade: fsrs.Rating(anki_button(grade)) for grade in range(6)}


@lru_cache(maxsize=65536)
def review_instant(day: date) -> datetime:
    """A review day as the instant py-fsrs reads: midnight UTC of that date (whole days apart).

    Cached: a replay of a whole log (`check`) meets the same few thousand days over and over.
    """
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@dataclass(frozen=True)
class DeckScheduler:
    """A deck's scheduler and its settings; `SM2` (the default) is plain SM-2.

    Attributes:
        kind: SM-2 or FSRS.
        retention: FSRS's desired retention (the recall at which a card falls due); SM-2 ignores it.
        parameters: FSRS parameters fitted to the deck's log (`flashcards optimize`); None: py-fsrs's
            defaults.
    """

    kind: SchedulerKind = SchedulerKind.SM2
    retention: float = DEFAULT_RETENTION
    parameters: tuple[float, ...] | None = field(default=None)

    def __post_init__(self) -> None:
        if self.kind not in tuple(SchedulerKind):
            raise InvalidScheduler(f"unknown scheduler {self.kind!r} (use sm2 or fsrs)")
        if isinstance(self.retention, bool) or not isinstance(self.retention, (int, float)) or not (
                MIN_RETENTION <= self.retention <= MAX_RETENTION):
            raise InvalidScheduler(
                f"desired retention must be {MIN_RETENTION:.2f}..{MAX_RETENTION:.2f}, got {self.retention!r}")
        if self.parameters is not None:
            if len(self.parameters) != FSRS_PARAMETER_COUNT or not all(
                    isinstance(value, (int, float)) and math.isfinite(value) for value in self.parameters):
                raise InvalidScheduler(f"FSRS parameters must be {FSRS_PARAMETER_COUNT} numbers")
            try:
                self.model  # noqa: B018 - py-fsrs checks each parameter's bounds
            except ValueError as error:
                first = str(error).splitlines()[-1]
                raise InvalidScheduler(f"FSRS parameters out of bounds: {first}") from None

    @classmethod
    def of(cls, kind: str, retention: float = DEFAULT_RETENTION,
           parameters: tuple[float, ...] | list[float] | None = None) -> DeckScheduler:
        """A scheduler from stored values (`decks.scheduler`, `desired_retention`, `fsrs_parameters`)."""
        if kind not in tuple(SchedulerKind):
            raise InvalidScheduler(f"unknown scheduler {kind!r} (use sm2 or fsrs)")
        return cls(SchedulerKind(kind), float(retention),
                   None if parameters is None else tuple(float(value) for value in parameters))

    @property
    def is_fsrs(self) -> bool:
        return self.kind == SchedulerKind.FSRS

    @cached_property
    def model(self) -> fsrs.Scheduler:
        """py-fsrs's scheduler with our settings: days only, no steps, no fuzz (see the module)."""
        return fsrs.Scheduler(
            parameters=self.parameters if self.parameters is not None else fsrs.scheduler.DEFAULT_PARAMETERS,
            desired_retention=self.retention, learning_steps=(), relearning_steps=(),
            maximum_interval=MAX_INTERVAL, enable_fuzzing=False)

    def describe(self) -> str:
        """One line for the learner: `SM-2`, `FSRS (retention 0.90, default parameters)`."""
        if not self.is_fsrs:
            return "SM-2"
        fitted = "fitted parameters" if self.parameters is not None else "default parameters"
        return f"FSRS (retention {self.retention:.2f}, {fitted})"

    def fsrs_review(self, memory: FsrsMemory | None, grade: int, today: date) -> tuple[FsrsMemory, int]:
        """FSRS's memory state and interval (whole days, 1..36500) after a grade on `today`.

        Args:
            memory: The card's memory state before the grade; None for a card FSRS never saw.
            grade: A 0-5 grade.
            today: The review day.
        """
        when = review_instant(today)
        if memory is None:
            card = fsrs.Card(card_id=0, state=fsrs.State.Learning, step=0, due=when)
        else:
            card = fsrs.Card(card_id=0, state=fsrs.State.Review, step=None, stability=memory.stability,
                             difficulty=memory.difficulty, due=when, last_review=review_instant(memory.last_review))
        reviewed, _ = self.model.review_card(card, fsrs_rating(grade), when)
        assert reviewed.stability is not None and reviewed.difficulty is not None
        return FsrsMemory(reviewed.stability, reviewed.difficulty, today), (reviewed.due - when).days

    def retrievability(self, memory: FsrsMemory, on: date) -> float:
        """FSRS's predicted recall on day `on` (py-fsrs's `get_card_retrievability`)."""
        card = fsrs.Card(card_id=0, state=fsrs.State.Review, step=None, stability=memory.stability,
                         difficulty=memory.difficulty, due=review_instant(on), last_review=review_instant(memory.last_review))
        return float(self.model.get_card_retrievability(card, review_instant(on)))


SM2 = DeckScheduler()
"""Plain SM-2: every deck's scheduler until the learner picks FSRS."""
