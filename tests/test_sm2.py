"""SM-2: golden vectors (one per variant decision) and Hypothesis properties."""

from __future__ import annotations

import dataclasses
import enum
import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashcards.core.sm2 import (
    MAX_INTERVAL,
    MIN_EF_HUNDREDTHS,
    Sm2State,
    ef_delta_hundredths,
    review,
)
from flashcards.core.vocabulary import Grade, InvalidGrade

Triple = tuple[int, int, int]


def run(grades: list[int], start: Sm2State | None = None) -> list[Triple]:
    """(n, EF in hundredths, I) after each grade, starting from a new item."""
    state = start if start is not None else Sm2State.new()
    out = []
    for quality in grades:
        state = review(state, quality)
        out.append((state.repetitions, state.ef_hundredths, state.interval))
    return out


# ---- golden vectors -------------------------------------------------------------------------------


def test_new_item() -> None:
    assert Sm2State.new() == Sm2State() == Sm2State(repetitions=0, ef_hundredths=250, interval=0)


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        pytest.param(
            [5, 5, 5, 5, 5, 5],
            [(1, 260, 1), (2, 270, 6), (3, 280, 17), (4, 290, 48), (5, 300, 140), (6, 310, 420)],
            id="design-six-fives",
        ),
        pytest.param(
            [5, 5, 5, 2, 4, 4, 4],
            [(1, 260, 1), (2, 270, 6), (3, 280, 17), (0, 248, 1), (1, 248, 1), (2, 248, 6), (3, 248, 15)],
            id="design-lapse-and-relearn",
        ),
        # q = 3 is a success (n grows), but it costs 0.14 of EF: ceil(6 * 2.22) = ceil(13.32) = 14.
        pytest.param([3, 3, 3], [(1, 236, 1), (2, 222, 6), (3, 208, 14)], id="three-is-a-pass"),
        # q = 4 leaves EF alone.
        pytest.param([4, 4, 4, 4], [(1, 250, 1), (2, 250, 6), (3, 250, 15), (4, 250, 38)], id="fours"),
        # A failure on a new item: n stays 0, I becomes 1, EF still moves (-0.32).
        pytest.param([2], [(0, 218, 1)], id="fail-new-item"),
        # EF floor: 2.50 -> 1.70 -> 0.90 floored to 1.30, and it stays there.
        pytest.param([0, 0, 0], [(0, 170, 1), (0, 130, 1), (0, 130, 1)], id="ef-floor-blackouts"),
        # A long run of 3s walks EF down by 0.14 until the floor: 2.50 - 9 * 0.14 = 1.24 -> 1.30.
        pytest.param(
            [3] * 10,
            [
                (1, 236, 1),
                (2, 222, 6),
                (3, 208, 14),  # ceil(6 * 2.22) = 14
                (4, 194, 30),  # ceil(14 * 2.08) = ceil(29.12)
                (5, 180, 59),  # ceil(30 * 1.94) = ceil(58.2)
                (6, 166, 107),  # ceil(59 * 1.80) = ceil(106.2)
                (7, 152, 178),  # ceil(107 * 1.66) = ceil(177.62)
                (8, 138, 271),  # ceil(178 * 1.52) = ceil(270.56)
                (9, 130, 374),  # ceil(271 * 1.38) = ceil(373.98); EF 1.24 floored to 1.30
                (10, 130, 487),  # ceil(374 * 1.30) = ceil(486.2)
            ],
            id="ef-floor-threes",
        ),
        # Repeated failures: every one resets n and I (I = 1, not 0), EF keeps falling to the floor, and
        # relearning starts again at 1, then 6, then I x EF with the low EF.
        pytest.param(
            [5, 5, 1, 1, 1, 5, 5, 5],
            [
                (1, 260, 1),
                (2, 270, 6),
                (0, 216, 1),
                (0, 162, 1),
                (0, 130, 1),
                (1, 140, 1),
                (2, 150, 6),
                (3, 160, 9),
            ],
            id="repeated-failures",
        ),
    ],
)
def test_vectors(grades: list[int], expected: list[Triple]) -> None:
    assert run(grades) == expected


def test_interval_is_rounded_up_not_to_nearest() -> None:
    # 6 x 2.70 = 16.2: ceil gives 17, round (and floor) would give 16.
    assert run([5, 5, 5])[-1] == (3, 280, 17)
    assert round(6 * 2.7) == 16


def test_interval_uses_ef_before_the_review() -> None:
    # After 5, 5 the item has I = 6, EF = 2.70. A 3 then moves EF to 2.56.
    # EF before: ceil(6 x 2.70) = ceil(16.2) = 17.  EF after: ceil(6 x 2.56) = ceil(15.36) = 16.
    assert run([5, 5, 3])[-1] == (3, 256, 17)
    assert math.ceil(Fraction(6) * Fraction(256, 100)) == 16


def test_success_after_failure_starts_over_at_one_then_six() -> None:
    # EF after the blackout: 2.90 - 0.80 = 2.10; two 5s later 2.30, so the third success is ceil(6 x 2.30).
    assert [i for _n, _ef, i in run([5, 5, 5, 5, 0, 5, 5, 5])] == [1, 6, 17, 48, 1, 1, 6, 14]


@pytest.mark.parametrize(("quality", "delta"), [(5, 10), (4, 0), (3, -14), (2, -32), (1, -54), (0, -80)])
def test_ef_delta_table(quality: int, delta: int) -> None:
    assert ef_delta_hundredths(quality) == delta
    exact = Fraction(1, 10) - (5 - quality) * (Fraction(8, 100) + (5 - quality) * Fraction(2, 100))
    assert exact * 100 == delta


def _float_sm2(grades: list[int]) -> int:
    """The same formula with a float EF: what a naive implementation computes."""
    n, ef, interval = 0, 2.5, 0
    for q in grades:
        if q >= 3:
            interval = 1 if n == 0 else 6 if n == 1 else math.ceil(interval * ef)
            n += 1
        else:
            n, interval = 0, 1
        ef = max(1.3, ef + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)))
    return interval


@pytest.mark.parametrize(
    ("grades", "exact", "float_answer"),
    [
        # 140 x 3.00 = 420, but the float EF is 3.0000000000000004.
        ([5, 5, 5, 5, 5, 5], 420, 421),
        # 125 x 2.80 = 350, but the float EF is 2.8000000000000003.
        ([5, 5, 4, 4, 5, 4], 350, 351),
    ],
)
def test_float_drift(grades: list[int], exact: int, float_answer: int) -> None:
    assert run(grades)[-1][2] == exact
    assert _float_sm2(grades) == float_answer  # why EF is stored in hundredths


def test_interval_cap() -> None:
    vectors = run([5] * 11)
    # 13752 x 3.40 = 46756.8 would be 46757 days: capped at 36500.
    assert vectors[8] == (9, 340, 13752)
    assert vectors[9] == (10, 350, MAX_INTERVAL)
    assert vectors[10] == (11, 360, MAX_INTERVAL)


def test_a_thousand_fives() -> None:
    state = Sm2State.new()
    for _ in range(1000):
        state = review(state, 5)
    assert state == Sm2State(repetitions=1000, ef_hundredths=250 + 1000 * 10, interval=MAX_INTERVAL)


def test_capped_item_that_fails_starts_over() -> None:
    capped = Sm2State(repetitions=12, ef_hundredths=370, interval=MAX_INTERVAL)
    assert review(capped, 1) == Sm2State(repetitions=0, ef_hundredths=316, interval=1)


def test_review_returns_a_new_state_and_leaves_its_input_alone() -> None:
    before = Sm2State(repetitions=3, ef_hundredths=280, interval=17)
    after = review(before, 5)
    assert before == Sm2State(repetitions=3, ef_hundredths=280, interval=17)
    assert after is not before
    with pytest.raises(dataclasses.FrozenInstanceError):
        before.interval = 99  # type: ignore[misc]


# ---- input validation -----------------------------------------------------------------------------


# A grade is checked by `vocabulary.Grade.of` (the one check); `review` given a plain value runs it.


@pytest.mark.parametrize("quality", [True, False, 4.0, 5.0, "5", None, Fraction(4)])
def test_quality_must_be_an_int(quality: object) -> None:
    with pytest.raises(TypeError, match="is not a grade: grades are 0 to 5") as raised:
        review(Sm2State.new(), quality)  # type: ignore[arg-type]
    assert isinstance(raised.value, InvalidGrade)


@pytest.mark.parametrize("quality", [-1, 6, 10, -100])
def test_quality_must_be_in_range(quality: int) -> None:
    with pytest.raises(ValueError, match=f"{quality} is not a grade: grades are 0 to 5"):
        review(Sm2State.new(), quality)


def test_int_enum_grade_is_accepted() -> None:
    class Other(enum.IntEnum):
        PERFECT = 5

    assert Grade.of(Other.PERFECT) is Grade.PERFECT
    assert review(Sm2State.new(), Other.PERFECT) == Sm2State(1, 260, 1)
    assert review(Sm2State.new(), Grade.PERFECT) == Sm2State(1, 260, 1)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"repetitions": -1}, ValueError, "repetitions"),
        ({"ef_hundredths": 129}, ValueError, "ef_hundredths"),
        ({"interval": -1}, ValueError, "interval"),
        ({"interval": MAX_INTERVAL + 1}, ValueError, "interval"),
        ({"ef_hundredths": 2.5}, TypeError, "ef_hundredths"),
        ({"repetitions": True}, TypeError, "repetitions"),
    ],
)
def test_state_rejects_impossible_values(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        Sm2State(**kwargs)  # type: ignore[arg-type]


# ---- properties -----------------------------------------------------------------------------------

grades = st.integers(min_value=0, max_value=5)
grade_runs = st.lists(grades, max_size=80)


def reachable_states() -> st.SearchStrategy[Sm2State]:
    """States a real item can be in: a new item after any sequence of grades."""

    def replay(qs: list[int]) -> Sm2State:
        state = Sm2State.new()
        for q in qs:
            state = review(state, q)
        return state

    return grade_runs.map(replay)


@given(grade_runs)
def test_ef_stays_on_the_grid_and_above_the_floor(qs: list[int]) -> None:
    for _n, ef, interval in run(qs):
        assert ef >= MIN_EF_HUNDREDTHS
        assert ef % 2 == 0  # 250, every delta and the floor are even: EF is a multiple of 0.02
        assert 1 <= interval <= MAX_INTERVAL


@given(reachable_states(), grades)
def test_one_review(state: Sm2State, quality: int) -> None:
    after = review(state, quality)
    if quality < 3:
        assert (after.repetitions, after.interval) == (0, 1)
    else:
        assert after.repetitions == state.repetitions + 1
        assert after.interval >= state.interval  # a success never shortens the interval
    assert after.ef_hundredths == max(130, state.ef_hundredths + ef_delta_hundredths(quality))


@given(reachable_states(), st.lists(st.integers(min_value=3, max_value=5), min_size=3, max_size=40))
def test_intervals_strictly_grow_along_successes(state: Sm2State, successes: list[int]) -> None:
    intervals = [i for _n, _ef, i in run(successes, start=state)]
    # The first two successes of a run may be the fixed 1 and 6; after that, I x EF (EF >= 1.3) with
    # rounding up always grows, until the cap.
    later = intervals[1:]
    for before, after in itertools.pairwise(later):
        assert after > before or after == before == MAX_INTERVAL


@given(reachable_states(), grades)
def test_review_does_not_mutate(state: Sm2State, quality: int) -> None:
    copy = dataclasses.replace(state)
    review(state, quality)
    assert state == copy


@given(grade_runs)
def test_matches_an_exact_fraction_oracle(qs: list[int]) -> None:
    n, ef, interval = 0, Fraction(5, 2), 0
    state = Sm2State.new()
    for q in qs:
        if q >= 3:
            interval = 1 if n == 0 else 6 if n == 1 else min(MAX_INTERVAL, math.ceil(interval * ef))
            n += 1
        else:
            n, interval = 0, 1
        ef = max(
            Fraction(13, 10), ef + Fraction(1, 10) - (5 - q) * (Fraction(8, 100) + (5 - q) * Fraction(2, 100))
        )
        state = review(state, q)
        assert (state.repetitions, Fraction(state.ef_hundredths, 100), state.interval) == (n, ef, interval)
