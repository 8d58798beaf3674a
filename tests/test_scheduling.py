"""A card's state transition: due dates, modes, lapses, leeches, the exam cap, and replay."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashcards.core.scheduling import (
    LEECH_TAG,
    LEECH_THRESHOLD,
    CardState,
    GradeEvent,
    apply_grade,
    is_lapse,
    replay,
)
from flashcards.core.sm2 import MAX_INTERVAL, Sm2State

DAY = date(2026, 1, 1)
LEARNED = CardState(repetitions=3, ef_hundredths=250, interval=15, due=date(2026, 1, 1))


def test_new_card_matches_the_database_defaults() -> None:
    assert CardState.new() == CardState() == CardState(0, 250, 0, None, 0, "active", frozenset())
    assert CardState.new().sm2 == Sm2State.new()


def test_design_vector_with_dates() -> None:
    """DESIGN.md's 5,5,5,2,4,4,4, each grade given on the day the card fell due."""
    state = CardState.new()
    today = DAY
    seen = []
    for quality in [5, 5, 5, 2, 4, 4, 4]:
        state = apply_grade(state, quality, today, "scheduled")
        seen.append((state.repetitions, state.ef_hundredths, state.interval, state.due, state.lapses))
        assert state.due is not None
        today = state.due
    assert seen == [
        (1, 260, 1, date(2026, 1, 2), 0),
        (2, 270, 6, date(2026, 1, 8), 0),
        (3, 280, 17, date(2026, 1, 25), 0),
        (0, 248, 1, date(2026, 1, 26), 1),  # the 2 is a lapse: the card had been learned
        (1, 248, 1, date(2026, 1, 27), 1),
        (2, 248, 6, date(2026, 2, 2), 1),
        (3, 248, 15, date(2026, 2, 17), 1),
    ]


def test_due_is_calendar_days_after_the_review_day() -> None:
    # Across the end of March (Berlin's DST change on the 29th is irrelevant: these are dates).
    state = CardState(repetitions=2, ef_hundredths=270, interval=6, due=date(2026, 3, 20))
    after = apply_grade(state, 5, date(2026, 3, 22), "scheduled")
    assert (after.interval, after.due) == (17, date(2026, 4, 8))


def test_due_comes_from_the_day_of_the_review_not_the_old_due_date() -> None:
    # Reviewed 10 days late: the new interval counts from the day it was actually reviewed.
    late = apply_grade(LEARNED, 4, date(2026, 1, 11), "scheduled")
    assert late.due == date(2026, 1, 11) + timedelta(days=late.interval)


def test_capped_interval_gives_a_due_date_within_date_range() -> None:
    state = CardState(repetitions=20, ef_hundredths=400, interval=MAX_INTERVAL, due=DAY)
    after = apply_grade(state, 5, DAY, "scheduled")
    assert after.interval == MAX_INTERVAL
    assert after.due == DAY + timedelta(days=MAX_INTERVAL)


@pytest.mark.parametrize("mode", ["repeat", "cram"])
@pytest.mark.parametrize("quality", range(6))
@pytest.mark.parametrize("state", [CardState.new(), LEARNED, CardState(lapses=7, repetitions=2, interval=6)])
def test_repeat_and_cram_change_nothing(mode: str, quality: int, state: CardState) -> None:
    assert apply_grade(state, quality, DAY, mode) is state
    assert apply_grade(state, quality, DAY, mode, cap_due=DAY + timedelta(days=1)) is state


def test_unknown_mode() -> None:
    with pytest.raises(ValueError, match="mode must be one of scheduled, repeat, cram"):
        apply_grade(CardState.new(), 5, DAY, "review")


@pytest.mark.parametrize("mode", ["scheduled", "repeat", "cram"])
@pytest.mark.parametrize(
    ("quality", "error"), [(6, ValueError), (-1, ValueError), (True, TypeError), (4.0, TypeError)]
)
def test_grades_are_checked_in_every_mode(mode: str, quality: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="is not a grade: grades are 0 to 5"):
        apply_grade(CardState.new(), quality, DAY, mode)  # type: ignore[arg-type]


def test_today_must_be_a_date() -> None:
    with pytest.raises(TypeError, match="today must be a date"):
        apply_grade(CardState.new(), 5, datetime(2026, 1, 1, 12, 0), "scheduled")
    with pytest.raises(TypeError, match="cap_due must be a date"):
        apply_grade(CardState.new(), 5, DAY, "scheduled", cap_due=datetime(2026, 2, 1, 0, 0))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"status": "deleted"}, ValueError, "status"),
        ({"lapses": -1}, ValueError, "lapses"),
        ({"ef_hundredths": 120}, ValueError, "ef_hundredths"),
        ({"due": datetime(2026, 1, 1, 9, 0)}, TypeError, "due"),
        ({"tags": {"leech"}}, TypeError, "tags"),
    ],
)
def test_state_rejects_impossible_values(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        CardState(**kwargs)  # type: ignore[arg-type]


# ---- lapses and leeches ---------------------------------------------------------------------------


def test_failing_a_new_card_is_not_a_lapse() -> None:
    assert not is_lapse(CardState.new(), 0)
    assert apply_grade(CardState.new(), 0, DAY, "scheduled").lapses == 0


@pytest.mark.parametrize(
    ("quality", "lapse"), [(0, True), (1, True), (2, True), (3, False), (4, False), (5, False)]
)
def test_a_lapse_is_a_failed_grade_on_a_learned_card(quality: int, lapse: bool) -> None:
    assert is_lapse(LEARNED, quality) is lapse
    assert apply_grade(LEARNED, quality, DAY, "scheduled").lapses == int(lapse)


def test_failing_again_while_relearning_is_the_same_lapse() -> None:
    state = replay(
        [(5, DAY, "scheduled"), (1, DAY, "scheduled"), (1, DAY, "scheduled"), (0, DAY, "scheduled")]
    )
    assert (state.repetitions, state.lapses) == (0, 1)
    # Relearned once (n = 1), then forgotten again: a second lapse.
    state = replay([(4, DAY, "scheduled"), (2, DAY, "scheduled")], start=state)
    assert state.lapses == 2


def lapse_once(state: CardState) -> CardState:
    """Learn the card (one success) and forget it (one failure): exactly one more lapse."""
    return replay([(5, DAY, "scheduled"), (1, DAY, "scheduled")], start=state)


def test_the_eighth_lapse_makes_a_leech() -> None:
    state = CardState(tags=frozenset({"docker"}))
    for _ in range(LEECH_THRESHOLD - 1):
        state = lapse_once(state)
    assert (state.lapses, state.status, state.tags) == (7, "active", frozenset({"docker"}))
    state = lapse_once(state)
    assert LEECH_THRESHOLD == 8
    assert (state.lapses, state.status, state.tags) == (8, "suspended", frozenset({"docker", LEECH_TAG}))


def test_an_unsuspended_leech_is_suspended_again_eight_lapses_later() -> None:
    state = CardState(lapses=8, status="active", tags=frozenset({LEECH_TAG}))  # the learner unsuspended it
    for lapses in range(9, 16):
        state = lapse_once(state)
        assert (state.lapses, state.status) == (lapses, "active")
    state = lapse_once(state)
    assert (state.lapses, state.status) == (16, "suspended")


def test_a_retired_card_is_tagged_but_stays_retired() -> None:
    state = lapse_once(CardState(lapses=7, status="retired"))
    assert (state.lapses, state.status, state.tags) == (8, "retired", frozenset({LEECH_TAG}))


def test_a_grade_on_a_suspended_card_still_schedules_it() -> None:
    state = apply_grade(CardState(status="suspended"), 5, DAY, "scheduled")
    assert (state.status, state.repetitions, state.due) == ("suspended", 1, DAY + timedelta(days=1))


# ---- the exam cap ---------------------------------------------------------------------------------


def test_exam_cap_limits_the_due_date_but_not_the_interval() -> None:
    exam = date(2026, 1, 10)
    after = apply_grade(LEARNED, 5, DAY, "scheduled", cap_due=exam)
    assert after.interval == 38  # ceil(15 x 2.50): SM-2's interval, kept as a measure of memory
    assert after.due == exam


def test_exam_cap_further_away_than_the_interval_changes_nothing() -> None:
    far = date(2026, 12, 31)
    assert apply_grade(LEARNED, 5, DAY, "scheduled", cap_due=far) == apply_grade(LEARNED, 5, DAY, "scheduled")


@pytest.mark.parametrize("exam", [DAY, DAY - timedelta(days=1), DAY - timedelta(days=300)])
def test_exam_cap_on_or_after_the_exam_is_ignored(exam: date) -> None:
    # Reviewing on the exam day or later: there is no "before the exam" left, normal intervals resume.
    assert apply_grade(LEARNED, 5, DAY, "scheduled", cap_due=exam) == apply_grade(
        LEARNED, 5, DAY, "scheduled"
    )


def test_exam_cap_the_day_before_the_exam() -> None:
    after = apply_grade(LEARNED, 5, DAY, "scheduled", cap_due=DAY + timedelta(days=1))
    assert after.due == DAY + timedelta(days=1)


# ---- replay ---------------------------------------------------------------------------------------


def test_replay_of_nothing_is_the_start() -> None:
    assert replay([]) == CardState.new()
    assert replay([], start=LEARNED) is LEARNED


def test_replay_reads_plain_tuples_and_grade_events_with_a_cap() -> None:
    exam = date(2026, 1, 5)
    events: list[GradeEvent | tuple[int, date, str]] = [
        (5, DAY, "scheduled"),
        GradeEvent(5, date(2026, 1, 2), "scheduled", cap_due=exam),
        GradeEvent(3, date(2026, 1, 2), "repeat"),
    ]
    state = replay(events)
    assert (state.repetitions, state.interval, state.due) == (2, 6, exam)


def test_replay_accepts_days_that_go_backwards() -> None:
    # Graded in Tokyo on 11 January, then in New York on 10 January: a valid log.
    state = replay([(5, date(2026, 1, 11), "scheduled"), (5, date(2026, 1, 10), "scheduled")])
    assert state.due == date(2026, 1, 16)


def test_scheduling_fields() -> None:
    assert LEARNED.scheduling_fields == (3, 250, 15, date(2026, 1, 1), 0)


modes = st.sampled_from(["scheduled", "repeat", "cram"])
grades = st.integers(min_value=0, max_value=5)


@st.composite
def logs(draw: st.DrawFn) -> list[tuple[int, date, str]]:
    """Grades on non-decreasing review days, in any modes."""
    today = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)))
    events = []
    for quality, gap, mode in draw(st.lists(st.tuples(grades, st.integers(0, 400), modes), max_size=60)):
        today += timedelta(days=gap)
        events.append((quality, today, mode))
    return events


@given(logs())
def test_replay_equals_step_by_step(events: list[tuple[int, date, str]]) -> None:
    state = CardState.new()
    for quality, today, mode in events:
        snapshot = dataclasses.replace(state)
        after = apply_grade(state, quality, today, mode)
        assert state == snapshot  # the input is never changed
        state = after
    assert replay(events) == state


@given(logs())
def test_only_scheduled_grades_count(events: list[tuple[int, date, str]]) -> None:
    scheduled = [event for event in events if event[2] == "scheduled"]
    assert replay(events) == replay(scheduled)


@given(logs())
def test_lapses_and_leeches_follow_the_log(events: list[tuple[int, date, str]]) -> None:
    state = CardState.new()
    lapses = 0
    for quality, today, mode in events:
        if mode == "scheduled" and quality < 3 and state.repetitions > 0:
            lapses += 1
        state = apply_grade(state, quality, today, mode)
        assert state.lapses == lapses
        assert (state.status == "suspended") is (lapses >= LEECH_THRESHOLD)
        assert (LEECH_TAG in state.tags) is (lapses >= LEECH_THRESHOLD)
        if mode == "scheduled":
            assert state.due == today + timedelta(days=state.interval)
