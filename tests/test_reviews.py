"""The review log in the store: one transaction per grade, double submits, undo, leeches, replay."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashcards.core.errors import FlashcardsError
from flashcards.core.scheduling import CardState
from flashcards.storage.models import Card, Review
from flashcards.storage.reviews import record_grade, replayed_state, state_of, undo_review
from flashcards.storage.store import Store

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 28)


def card(store: Store, card_id: int = 1) -> Card:
    with store.read() as session:
        return session.get_one(Card, card_id)


def reviews(store: Store) -> list[Review]:
    with store.read() as session:
        return list(session.query(Review).order_by(Review.id))


def test_a_grade_updates_the_card_and_appends_the_log(store: Store) -> None:
    outcome = record_grade(store, card_id=1, quality=5, now=NOW, today=TODAY, mode="scheduled",
                           presentation_id="s:1", duration_ms=1200, typed_answer="x")
    assert outcome.before == CardState.new()
    assert (outcome.after.repetitions, outcome.after.ef_hundredths, outcome.after.interval) == (1, 260, 1)
    stored = card(store)
    assert (stored.repetitions, stored.ef_hundredths, stored.interval, stored.due) == (1, 260, 1, date(2026, 11, 29))
    assert stored.last_reviewed_at == NOW
    (review,) = reviews(store)
    assert (review.grade, review.mode, review.duration_ms, review.typed_answer) == (5, "scheduled", 1200, "x")
    assert (review.repetitions_before, review.repetitions_after, review.due_after) == (0, 1, date(2026, 11, 29))


def test_the_same_presentation_graded_twice_is_applied_once(store: Store) -> None:
    first = record_grade(store, card_id=1, quality=5, now=NOW, today=TODAY, mode="scheduled", presentation_id="s:1")
    again = record_grade(store, card_id=1, quality=5, now=NOW, today=TODAY, mode="scheduled", presentation_id="s:1")
    assert again.duplicate and again.review_id == first.review_id
    assert len(reviews(store)) == 1
    assert card(store).repetitions == 1


def test_repeats_and_cram_are_logged_but_change_nothing(store: Store) -> None:
    record_grade(store, card_id=1, quality=2, now=NOW, today=TODAY, mode="scheduled")
    after_first = state_of(card(store))
    record_grade(store, card_id=1, quality=5, now=NOW, today=TODAY, mode="repeat")
    record_grade(store, card_id=1, quality=0, now=NOW, today=TODAY, mode="cram")
    assert state_of(card(store)) == after_first
    assert [r.mode for r in reviews(store)] == ["scheduled", "repeat", "cram"]


def test_undo_restores_the_exact_previous_state(store: Store) -> None:
    record_grade(store, card_id=1, quality=5, now=NOW, today=TODAY, mode="scheduled")
    before = state_of(card(store))
    later = NOW + timedelta(days=1)
    outcome = record_grade(store, card_id=1, quality=1, now=later, today=TODAY + timedelta(days=1), mode="scheduled")
    undo_review(store, outcome.review_id, later)
    assert state_of(card(store)) == before
    assert card(store).last_reviewed_at == NOW
    assert [r.undone_at is not None for r in reviews(store)] == [False, True]  # marked, not deleted
    with pytest.raises(FlashcardsError, match="nothing to undo"):
        undo_review(store, outcome.review_id, later)


def test_only_the_last_grade_can_be_undone(store: Store) -> None:
    first = record_grade(store, card_id=1, quality=5, now=NOW, today=TODAY, mode="scheduled")
    record_grade(store, card_id=1, quality=5, now=NOW + timedelta(days=1), today=TODAY + timedelta(days=1),
                 mode="scheduled")
    with pytest.raises(FlashcardsError, match="only the card's last grade"):
        undo_review(store, first.review_id, NOW)


@pytest.mark.parametrize("quality", [7, -1, 3.0, True, "5"])
def test_a_bad_grade_is_refused_and_nothing_is_written(store: Store, quality: object) -> None:
    with pytest.raises(FlashcardsError, match="is not a grade: grades are 0 to 5"):
        record_grade(store, card_id=1, quality=quality, now=NOW, today=TODAY, mode="scheduled")  # type: ignore[arg-type]
    assert reviews(store) == []
    assert state_of(card(store)) == CardState.new()


def test_the_eighth_lapse_suspends_and_tags_a_leech(store: Store) -> None:
    day = TODAY
    leech_seen = []
    for _ in range(8):
        record_grade(store, card_id=1, quality=5, now=NOW, today=day, mode="scheduled")
        outcome = record_grade(store, card_id=1, quality=1, now=NOW, today=day, mode="scheduled")
        leech_seen.append(outcome.became_leech)
        day += timedelta(days=1)
    stored = card(store)
    assert stored.lapses == 8 and stored.status == "suspended" and stored.tags == "leech"
    assert leech_seen == [False] * 7 + [True]
    undo_review(store, reviews(store)[-1].id, NOW)
    stored = card(store)
    assert (stored.lapses, stored.status, stored.tags) == (7, "active", "")


grades = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 40), st.sampled_from(["scheduled", "repeat", "cram"]),
                            st.booleans()), min_size=1, max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=grades)
def test_replaying_the_log_gives_the_stored_state(store: Store, events: list[tuple[int, int, str, bool]]) -> None:
    with store.transaction() as session:  # start each example from a new card
        session.query(Review).delete()
        row = session.get_one(Card, 2)
        row.repetitions, row.ef_hundredths, row.interval, row.due, row.lapses = 0, 250, 0, None, 0
        row.status, row.tags, row.last_reviewed_at = "active", "", None
    day, moment = TODAY, NOW
    for quality, gap, mode, undo in events:
        day += timedelta(days=gap)
        moment += timedelta(days=gap, seconds=1)
        outcome = record_grade(store, card_id=2, quality=quality, now=moment, today=day, mode=mode)
        if undo:
            undo_review(store, outcome.review_id, moment)
    with store.read() as session:
        stored = session.get_one(Card, 2)
        replayed = replayed_state(session, stored)
        assert replayed.scheduling_fields == state_of(stored).scheduling_fields


def test_check_verifies_states_against_the_log(store: Store, invoke) -> None:  # type: ignore[no-untyped-def]
    record_grade(store, card_id=1, quality=5, now=NOW, today=TODAY, mode="scheduled")
    record_grade(store, card_id=1, quality=4, now=NOW + timedelta(days=1), today=TODAY + timedelta(days=1),
                 mode="scheduled")
    ok = invoke("check")
    assert ok.exit_code == 0, ok.output
    assert "card states equal the replay of the review log: all 2 cards agree with their log" in ok.output
    with store.transaction() as session:
        session.get_one(Card, 1).interval = 99
    bad = invoke("check")
    assert bad.exit_code == 1
    assert "FAIL  card states equal the replay of the review log: 1 card differ from their log, first: card 1" in bad.output


def test_checkpoint_folds_the_log_back_between_grades(store: Store, isolated_home: Path) -> None:
    record_grade(store, card_id=1, quality=5, now=NOW, today=TODAY, mode="scheduled")
    assert (isolated_home / "flashcards.db-wal").stat().st_size > 0
    assert store.checkpoint() is True
    record_grade(store, card_id=2, quality=4, now=NOW, today=TODAY, mode="scheduled")
    assert state_of(card(store, 2)).repetitions == 1


def test_undoing_a_second_leech_suspension_keeps_the_tag(store: Store) -> None:
    day = TODAY
    for _ in range(8):
        record_grade(store, card_id=1, quality=5, now=NOW, today=day, mode="scheduled")
        record_grade(store, card_id=1, quality=1, now=NOW, today=day, mode="scheduled")
        day += timedelta(days=1)
    with store.transaction() as session:  # the learner unsuspends the leech (`flashcards unsuspend`)
        session.get_one(Card, 1).status = "active"
    last = None
    for _ in range(8):
        record_grade(store, card_id=1, quality=5, now=NOW, today=day, mode="scheduled")
        last = record_grade(store, card_id=1, quality=1, now=NOW, today=day, mode="scheduled")
        day += timedelta(days=1)
    assert last is not None and (card(store).lapses, card(store).status) == (16, "suspended")
    undo_review(store, last.review_id, NOW)
    stored = card(store)
    assert (stored.lapses, stored.status, stored.tags) == (15, "active", "leech")
