"""SM-2, exactly: the pure scheduling formula (no clock, no I/O, no randomness).

Grades (SuperMemo's "quality") run from 0 to 5: 5 perfect, 4 correct after hesitation, 3 correct with
serious difficulty, 2 wrong but it felt easy once seen, 1 wrong but remembered once seen, 0 blackout.

The variant implemented here, each choice pinned by a test in `tests/test_sm2.py`:

- A new item has repetitions n = 0, easiness EF = 2.50 and interval I = 0.
- q >= 3 (a success): I = 1 if n = 0, I = 6 if n = 1, else I = ceil(I × EF) with the EF from **before**
  this review; then n += 1. Rounding is always *up* (6 × 2.70 = 16.2 gives 17, not 16).
- q < 3 (a failure): n = 0 and I = 1, so the item starts over (the next success gives 1 again, then 6).
- After **every** review, failures included: EF' = EF + (0.1 − (5−q)(0.08 + (5−q)·0.02)), floored at
  1.30 and never capped. Per grade that is +0.10, 0, −0.14, −0.32, −0.54, −0.80 for q = 5..0.
- I is capped at 36500 days (a century): later reviews keep it there instead of growing without bound.

EF is stored as an integer number of hundredths (250 = 2.50) and every step is integer arithmetic.
Floats are wrong here: 2.5 + 0.1 + 0.1 + 0.1 is 2.8000000000000003 in binary floating point, so five 5s
in a row give I = 421 instead of 420, and 125 × EF gives 351 instead of 350. With hundredths the EF
delta is exact and ceil(I × EF) is ceil(I × ef / 100) = -(-I × ef // 100). As a consequence EF is always
a multiple of 0.02: it starts at 2.50, every delta is even and the floor 1.30 is even too.

SuperMemo's step 7 (same-session repeats) is *not* part of `review`: an item graded q < 4 is shown again
in the same session until it scores >= 4, and those repeats leave n, EF and I alone. They are only
logged. `flashcards.core.session` decides which grade is the scheduled one (the first of the session) and
which are repeats; `flashcards.core.scheduling` applies only the scheduled one to the card.
"""

from __future__ import annotations

from dataclasses import dataclass

from flashcards.core.vocabulary import MAX_GRADE, PASS_GRADE, Grade

__all__ = [
    "INITIAL_EF_HUNDREDTHS",
    "MAX_INTERVAL",
    "MIN_EF_HUNDREDTHS",
    "Sm2State",
    "ef_delta_hundredths",
    "review",
]

# The grade scale and its pass threshold (q >= 3) are the domain's vocabulary: `flashcards.core.vocabulary`.

# A new item's EF, 2.50; also what `flashcards reset` puts back.
INITIAL_EF_HUNDREDTHS = 250
MIN_EF_HUNDREDTHS = 130
MAX_INTERVAL = 36500


@dataclass(frozen=True, slots=True)
class Sm2State:
    """An item's SM-2 state: what the formula needs and nothing else.

    The defaults are a new item, so `Sm2State()` and `Sm2State.new()` are the same thing. The
    constructor checks the invariants the formula relies on (and the database enforces) so that a
    corrupt row is caught where it is read, not several reviews later.

    Attributes:
        repetitions: Successful reviews in a row since the item was new or last failed (SM-2's n).
        ef_hundredths: Easiness factor in hundredths (250 = 2.50), at least 130.
        interval: Days until the next review (0 for a new item), at most `MAX_INTERVAL`.
    """

    repetitions: int = 0
    ef_hundredths: int = INITIAL_EF_HUNDREDTHS
    interval: int = 0

    def __post_init__(self) -> None:
        problems: list[str] = []
        for name in ("repetitions", "ef_hundredths", "interval"):
            value = getattr(self, name)
            if type(value) is not int:
                raise TypeError(f"{name} must be an int, got {value!r}")
        if self.repetitions < 0:
            problems.append(f"repetitions must be >= 0, got {self.repetitions}")
        if self.ef_hundredths < MIN_EF_HUNDREDTHS:
            problems.append(f"ef_hundredths must be >= {MIN_EF_HUNDREDTHS}, got {self.ef_hundredths}")
        if not 0 <= self.interval <= MAX_INTERVAL:
            problems.append(f"interval must be 0..{MAX_INTERVAL}, got {self.interval}")
        if problems:
            raise ValueError("; ".join(problems))

    @classmethod
    def new(cls) -> Sm2State:
        """The state of an item that was never reviewed: n = 0, EF = 2.50, I = 0."""
        return cls()


def ef_delta_hundredths(quality: int) -> int:
    """SM-2's EF change for a grade, in hundredths: 0.1 − (5−q)(0.08 + (5−q)·0.02), times 100.

    Returns:
        +10, 0, −14, −32, −54 or −80 for q = 5, 4, 3, 2, 1, 0.
    """
    return _ef_delta(Grade.of(quality))


def _ef_delta(quality: int) -> int:
    miss = MAX_GRADE - quality
    return 10 - miss * (8 + miss * 2)


def review(state: Sm2State, quality: int) -> Sm2State:
    """Apply one graded review to `state` and return the new state (the input is never changed).

    Args:
        state: The item's state before this review.
        quality: The grade: a `Grade` (checked where it entered the program), or an int 0..5.

    Returns:
        The state after the review.

    Raises:
        InvalidGrade: `quality` is not a Grade and not an int 0..5 (booleans and floats are refused).
    """
    quality = Grade.of(quality)
    repetitions, ef, interval = step(state.repetitions, state.ef_hundredths, state.interval, quality)
    return Sm2State(repetitions=repetitions, ef_hundredths=ef, interval=interval)


def step(repetitions: int, ef_hundredths: int, interval: int, quality: int) -> tuple[int, int, int]:
    """SM-2's rule itself, on plain numbers: (n, EF, I) after a review graded `quality`.

    `review` is this with its inputs checked and a state around it; a replay of a whole log
    (`scheduling.replay`, 761,000 grades in `check` at 100,000 cards) folds this directly, checking
    each grade once, so both apply exactly the same arithmetic. `quality` must already be a grade 0..5.
    """
    if quality >= PASS_GRADE:
        next_interval = _next_interval(repetitions=repetitions, interval=interval, ef_hundredths=ef_hundredths)
        repetitions += 1
    else:
        next_interval = 1
        repetitions = 0
    return repetitions, max(MIN_EF_HUNDREDTHS, ef_hundredths + _ef_delta(quality)), next_interval


def _next_interval(*, repetitions: int, interval: int, ef_hundredths: int) -> int:
    """The interval after a success, using the EF from before the review, rounded up and capped."""
    if repetitions == 0:
        return 1
    if repetitions == 1:
        return 6
    # ceil(interval * ef / 100) in integers; never a float, never an overflow (ints are unbounded).
    return min(MAX_INTERVAL, -(-interval * ef_hundredths // 100))
