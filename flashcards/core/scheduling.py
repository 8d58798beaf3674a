"""A card's whole scheduling state and how one grade changes it (pure: no clock, no database).

`flashcards.core.sm2` knows only n, EF and I. A card also has a due date, a lapse count, a status and tags,
and a grade is given in one of four modes. The rules, each pinned by `tests/test_scheduling.py`:

- **scheduled** (the first grade of a card in a normal session): SM-2 runs, and the card is due
  `interval` calendar days after the review day (`days.add_days`, never seconds).
- **anki** (a grade given in Anki and brought back by `flashcards import-anki`): exactly as scheduled.
- **repeat** (a same-session repeat of a card graded below 4, SuperMemo's step 7) and **cram**
  (studying ahead or a chosen subset): the grade is logged by the caller but the state is returned
  unchanged, so a replay of the log that skips nothing still gives the stored state.
- **Lapse**: a grade q < 3 in scheduled mode on a card whose repetitions were above 0, i.e. a card
  that had been learned and was forgotten. A new card failed on first sight is not a lapse (it was never
  learned), and a card failed again while relearning (n already 0) is not a second lapse: forgetting a
  card once should count once, however many tries relearning takes.
- **Leech**: the 8th lapse (`LEECH_THRESHOLD`) tags the card `leech` and suspends it, so the learner
  stops losing time on it and rewrites the note instead. If the learner unsuspends it, every further
  8 lapses (16th, 24th, ...) suspend it again. A retired card is never moved to suspended.
- **Exam cap** (`cap_due`, DESIGN.md §5): with an exam on date D, no card's next review may fall after
  D, so `due = min(SM-2's due, D)`. The interval stored is SM-2's own: it measures memory, the due date
  is only when we ask. The cap applies only while the exam is in the future (`cap_due > today`): a card
  reviewed on or after the exam day gets its normal due date, since "normal intervals resume" then.
- Status is not a precondition: the daily queue decides what is shown, and a grade on a suspended card
  (say, in an exam review the learner chose) is applied like any other.

`review_card` is what grading runs: like py-fsrs's `Scheduler.review_card`, it returns the new state
*and* the log entry the grade makes (`GradeLog`: the grade, its day and mode, the states around it),
so the store only persists what the core decided.

**The deck's scheduler** (`core.schedulers`): every function here takes `scheduler`, SM-2 by default.
Under FSRS the scheduled grade runs py-fsrs instead of SM-2's step: the interval is FSRS's (whole days),
the memory state (`CardState.memory`) is FSRS's, n still counts successes in a row and EF is left as it
was; modes, due dates, exam caps, lapses and leeches are the same rules for both.

`replay` folds a card's log back into a state (`flashcards.core.replay` decides which reviews stand). The
log holds grades only, so what the learner did by hand (suspend, unsuspend, retire) is not in it: a
replay reproduces n, EF, I, due, lapses and the leech rule, and those are the fields to compare with a
stored card (`CardState.scheduling_fields`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from flashcards.core.days import add_days
from flashcards.core.schedulers import SM2, DeckScheduler, FsrsMemory
from flashcards.core.sm2 import INITIAL_EF_HUNDREDTHS, Sm2State
from flashcards.core.sm2 import step as sm2_step
from flashcards.core.vocabulary import PASS_GRADE, SCHEDULING_MODES, Grade, Mode, Status

__all__ = [
    "CRAM",
    "LEECH_TAG",
    "LEECH_THRESHOLD",
    "MODES",
    "REPEAT",
    "SCHEDULED",
    "STATUSES",
    "CardState",
    "GradeEvent",
    "GradeLog",
    "apply_grade",
    "is_lapse",
    "replay",
    "review_card",
]

SCHEDULED = Mode.SCHEDULED
ANKI = Mode.ANKI
REPEAT = Mode.REPEAT
CRAM = Mode.CRAM
MODES = tuple(Mode)

STATUSES = tuple(Status)

# Every grade by its plain int value: what `Grade.of` returns for an int 0..5, without its checks.
_GRADES: dict[int, Grade] = {int(grade): grade for grade in Grade}

LEECH_THRESHOLD = 8
LEECH_TAG = "leech"


@dataclass(frozen=True, slots=True)
class CardState:
    """Everything a grade can change on a card; the defaults are a card that was never reviewed.

    Attributes:
        repetitions: SM-2's n.
        ef_hundredths: SM-2's EF in hundredths (250 = 2.50).
        interval: SM-2's I in days (0 for a new card).
        due: The review day the card is next due, or None for a new card (never scheduled).
        lapses: How many times the card was learned and then forgotten.
        status: 'active', 'suspended' or 'retired'.
        tags: The card's tags; the leech rule adds `LEECH_TAG`.
        memory: FSRS's memory state, for a card of an FSRS deck that was graded; None under SM-2.
    """

    repetitions: int = 0
    ef_hundredths: int = INITIAL_EF_HUNDREDTHS
    interval: int = 0
    due: date | None = None
    lapses: int = 0
    status: str = Status.ACTIVE
    tags: frozenset[str] = field(default_factory=frozenset)
    memory: FsrsMemory | None = None

    def __post_init__(self) -> None:
        Sm2State(repetitions=self.repetitions, ef_hundredths=self.ef_hundredths, interval=self.interval)
        if type(self.lapses) is not int or self.lapses < 0:
            raise ValueError(f"lapses must be an int >= 0, got {self.lapses!r}")
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {self.status!r}")
        if isinstance(self.due, datetime):
            raise TypeError("due must be a date, not a datetime")
        if not isinstance(self.tags, frozenset):
            raise TypeError(f"tags must be a frozenset, got {type(self.tags).__name__}")
        if self.memory is not None and not isinstance(self.memory, FsrsMemory):
            raise TypeError(f"memory must be an FsrsMemory, got {type(self.memory).__name__}")

    @classmethod
    def new(cls) -> CardState:
        """A card that was never reviewed: SM-2's new item, not due, active, untagged."""
        return cls()

    @property
    def sm2(self) -> Sm2State:
        """The part of the state that SM-2 computes."""
        return Sm2State(
            repetitions=self.repetitions, ef_hundredths=self.ef_hundredths, interval=self.interval
        )

    @property
    def scheduling_fields(self) -> tuple[int, int, int, date | None, int]:
        """(n, EF, I, due, lapses): what a replay of the log must reproduce exactly."""
        return (self.repetitions, self.ef_hundredths, self.interval, self.due, self.lapses)

    @property
    def replayed_fields(self) -> tuple[int, int, int, date | None, int, FsrsMemory | None]:
        """`scheduling_fields` and FSRS's memory state: all a replay under the deck's scheduler gives."""
        return (self.repetitions, self.ef_hundredths, self.interval, self.due, self.lapses, self.memory)


class GradeEvent(NamedTuple):
    """One logged grade, as `replay` reads it. A plain `(quality, today, mode)` tuple works too."""

    quality: int
    today: date
    mode: str
    cap_due: date | None = None


@dataclass(frozen=True, slots=True)
class GradeLog:
    """The log entry one grade makes (an append-only event, as py-fsrs's `ReviewLog`).

    Attributes:
        grade: The grade given.
        review_day: The review day it was given on.
        mode: How it was given; only `Mode.SCHEDULED` and `Mode.ANKI` move the card's schedule.
        before: The card's state before the grade.
        after: The state the grade leads to (`before` itself for a repeat or cram grade).
    """

    grade: Grade
    review_day: date
    mode: Mode
    before: CardState
    after: CardState

    @property
    def moves_schedule(self) -> bool:
        """Whether the card takes `after` (and counts as reviewed now): a scheduled (or Anki) grade only."""
        return self.mode in SCHEDULING_MODES


def review_card(
    state: CardState, quality: int, today: date, mode: str, *, cap_due: date | None = None,
    scheduler: DeckScheduler = SM2,
) -> tuple[CardState, GradeLog]:
    """Grade a card: its new state and the log entry the grade makes, decided together.

    Args and Raises: as `apply_grade`.

    Returns:
        `(new state, log entry)`; the new state is `state` itself unless the grade is scheduled.
    """
    grade = Grade.of(quality)
    after = apply_grade(state, grade, today, mode, cap_due=cap_due, scheduler=scheduler)
    log = GradeLog(grade=grade, review_day=today, mode=Mode(mode), before=state, after=after)
    return (after if log.moves_schedule else state), log


def is_lapse(state: CardState, quality: int) -> bool:
    """Whether a scheduled grade `quality` on a card in `state` is a lapse (learned, then forgotten)."""
    return Grade.of(quality) < PASS_GRADE and state.repetitions > 0


def apply_grade(
    state: CardState, quality: int, today: date, mode: str, *, cap_due: date | None = None,
    scheduler: DeckScheduler = SM2,
) -> CardState:
    """The card's state after one grade.

    Args:
        state: The card's state before the grade (never changed).
        quality: The grade: a `Grade`, or an int 0..5 (checked by `Grade.of`) in every mode.
        today: The review day the grade was given on (a date, not a datetime).
        mode: 'scheduled', 'repeat', 'cram' or 'anki'; only 'scheduled' and 'anki' (a grade given in
            Anki, brought back by `import-anki`) change anything.
        cap_due: An exam date: a scheduled grade before it gets a due date no later than it.
        scheduler: The deck's scheduler (SM-2 by default).

    Returns:
        The new state; for 'repeat' and 'cram', `state` itself.

    Raises:
        InvalidGrade: `quality` is not a grade 0..5.
        TypeError: `today`/`cap_due` is a datetime.
        ValueError: `mode` is unknown.
    """
    quality = Grade.of(quality)
    _check_day(today, name="today")
    if cap_due is not None:
        _check_day(cap_due, name="cap_due")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    if mode != SCHEDULED and mode != ANKI:
        return state
    if scheduler.is_fsrs:
        return _fsrs_scheduled(state, quality, today, cap_due, scheduler)
    return _scheduled(state, quality, today, cap_due)


def _fsrs_scheduled(state: CardState, quality: Grade, today: date, cap_due: date | None,
                    scheduler: DeckScheduler) -> CardState:
    """A scheduled grade under FSRS (its inputs already checked by `apply_grade`)."""
    memory, repetitions, interval, due, lapses, leech = _fsrs_numbers(
        state.memory, state.repetitions, state.lapses, quality, today, cap_due, scheduler)
    status, tags = _leech(state.status, state.tags) if leech else (state.status, state.tags)
    return CardState(repetitions=repetitions, ef_hundredths=state.ef_hundredths, interval=interval, due=due,
                     lapses=lapses, status=status, tags=tags, memory=memory)


def _fsrs_numbers(memory: FsrsMemory | None, repetitions: int, lapses: int, quality: Grade, today: date,
                  cap_due: date | None, scheduler: DeckScheduler
                  ) -> tuple[FsrsMemory, int, int, date, int, bool]:
    """The one rule of a scheduled grade under FSRS: py-fsrs's memory state and interval, and SM-2's own
    rules for the rest (n counts successes in a row, the due date capped by an exam ahead, the lapse
    count; the last value says the leech rule fires). `apply_grade` and `replay` both run it."""
    memory, interval = scheduler.fsrs_review(memory, quality, today)
    lapses, leech = _lapses_after(repetitions, lapses, quality)
    repetitions = repetitions + 1 if quality >= PASS_GRADE else 0
    return memory, repetitions, interval, _due(today=today, interval=interval, cap_due=cap_due), lapses, leech


def _scheduled(state: CardState, quality: Grade, today: date, cap_due: date | None) -> CardState:
    """A scheduled grade's new state (its inputs already checked by `apply_grade`)."""
    repetitions, ef, interval, due, lapses, leech = _scheduled_numbers(
        state.repetitions, state.ef_hundredths, state.interval, state.lapses, quality, today, cap_due)
    status, tags = _leech(state.status, state.tags) if leech else (state.status, state.tags)
    return CardState(repetitions=repetitions, ef_hundredths=ef, interval=interval, due=due, lapses=lapses,
                     status=status, tags=tags)


def _leech(status: str, tags: frozenset[str]) -> tuple[str, frozenset[str]]:
    """The leech rule's effect: the card is tagged, and suspended if it was active."""
    return (Status.SUSPENDED if status == Status.ACTIVE else status), tags | {LEECH_TAG}


def _scheduled_numbers(repetitions: int, ef_hundredths: int, interval: int, lapses: int, quality: Grade,
                       today: date, cap_due: date | None) -> tuple[int, int, int, date, int, bool]:
    """The one rule of a scheduled grade, on plain numbers: SM-2's step, the due date (capped by an
    exam ahead), the lapse count; the last value says the leech rule fires (tag, and suspend an
    active card). `apply_grade` wraps it in states; `replay` folds it over a whole log."""
    lapses, leech = _lapses_after(repetitions, lapses, quality)
    repetitions, ef_hundredths, interval = sm2_step(repetitions, ef_hundredths, interval, quality)
    return repetitions, ef_hundredths, interval, _due(today=today, interval=interval, cap_due=cap_due), lapses, leech


def _lapses_after(repetitions: int, lapses: int, quality: Grade) -> tuple[int, bool]:
    """The lapse count after a scheduled grade on a card with `repetitions` successes in a row, and
    whether the leech rule fires: the same rule under SM-2 and FSRS (`is_lapse` on a state)."""
    if quality < PASS_GRADE and repetitions > 0:
        return lapses + 1, (lapses + 1) % LEECH_THRESHOLD == 0
    return lapses, False


def replay(
    events: Iterable[GradeEvent | tuple[int, date, str] | tuple[int, date, str, date | None]],
    start: CardState | None = None,
    scheduler: DeckScheduler = SM2,
) -> CardState:
    """Fold a card's log into its state, oldest grade first.

    Args:
        events: `(quality, today, mode)` or `(quality, today, mode, cap_due)` per grade, in the order
            they were given, undone grades left out. Days need not increase: a learner who flies west
            can grade on an earlier date than the last grade.
        start: The state before the first event; a new card by default.
        scheduler: The deck's scheduler (SM-2 by default).

    Returns:
        The state after the last event.
    """
    state = start if start is not None else _NEW_CARD
    if scheduler.is_fsrs:
        return _fsrs_replay(events, state, scheduler)
    # The rule is `_scheduled_numbers`, as for one grade; the fold keeps plain numbers between grades
    # and builds (and so checks) one state at the end, since `check` replays 761,000 grades at 100k.
    repetitions, ef, interval, due, lapses = (state.repetitions, state.ef_hundredths, state.interval, state.due,
                                              state.lapses)
    status, tags = state.status, state.tags
    moved = False
    for grade, today, cap_due in _scheduled_events(events):
        repetitions, ef, interval, due, lapses, leech = _scheduled_numbers(
            repetitions, ef, interval, lapses, grade, today, cap_due)
        moved = True
        if leech:
            status, tags = _leech(status, tags)
    if not moved:
        return state  # nothing scheduled: the start itself, as `apply_grade` returns it for repeats
    return CardState(repetitions=repetitions, ef_hundredths=ef, interval=interval, due=due, lapses=lapses,
                     status=status, tags=tags)


def _scheduled_events(
    events: Iterable[GradeEvent | tuple[int, date, str] | tuple[int, date, str, date | None]],
) -> Iterator[tuple[Grade, date, date | None]]:
    """The events of a replay that move the schedule, each checked as `apply_grade` checks it.

    Both schedulers' folds read their events through this one check. Repeats and cram grades are
    skipped (they leave the state alone); the common case (a plain int grade, a `date`, the scheduled
    mode) is recognised by exact type first and only anything else takes the full check.
    """
    for event in events:
        if len(event) == 4:
            quality, today, mode, cap_due = event
        else:
            quality, today, mode = event
            cap_due = None
        grade = _GRADES.get(quality) if type(quality) is int else None
        if grade is None:
            grade = Grade.of(quality)
        if type(today) is not date:
            _check_day(today, name="today")
        if cap_due is not None and type(cap_due) is not date:
            _check_day(cap_due, name="cap_due")
        if mode != SCHEDULED and mode != ANKI:
            if mode not in MODES:
                raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
            continue
        yield grade, today, cap_due


def _fsrs_replay(
    events: Iterable[GradeEvent | tuple[int, date, str] | tuple[int, date, str, date | None]],
    state: CardState, scheduler: DeckScheduler,
) -> CardState:
    """`replay` under FSRS: `_fsrs_numbers` folded over plain values, checked as `apply_grade` checks
    them, one state built at the end (as SM-2's fold does)."""
    memory, repetitions, interval, due, lapses = state.memory, state.repetitions, state.interval, state.due, state.lapses
    status, tags = state.status, state.tags
    moved = False
    for grade, today, cap_due in _scheduled_events(events):
        memory, repetitions, interval, due, lapses, leech = _fsrs_numbers(
            memory, repetitions, lapses, grade, today, cap_due, scheduler)
        moved = True
        if leech:
            status, tags = _leech(status, tags)
    if not moved:
        return state
    return CardState(repetitions=repetitions, ef_hundredths=state.ef_hundredths, interval=interval, due=due,
                     lapses=lapses, status=status, tags=tags, memory=memory)


# A new card's state, built (and checked) once: `replay` starts 74,000 cards from it in `check`.
_NEW_CARD = CardState.new()


def _due(*, today: date, interval: int, cap_due: date | None) -> date:
    due = add_days(today, interval)
    if cap_due is not None and cap_due > today:
        return min(due, cap_due)
    return due


def _check_day(value: object, *, name: str) -> None:
    # datetime is a subclass of date; a datetime here means the caller skipped `days.review_day`.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a date (a review day), got {value!r}")
