"""The one replay of a card's standing log (`flashcards.core.replay`): pure, and what `check` and export use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone


from flashcards.core.replay import replay_standing, standing, stands
from flashcards.core.scheduling import CardState, replay
from flashcards.storage.integrity import run_checks
from flashcards.storage.models import Card, Review
from flashcards.storage.reviews import record_grade, replayed_state, state_of, undo_review
from flashcards.storage.store import Store

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 28)


@dataclass(frozen=True)
class Row:
    """A review row as the replay reads it (any object with these attributes will do)."""

    id: int
    reviewed_at: datetime
    grade: int
    review_day: date
    mode: str = "scheduled"
    undone_at: datetime | None = None


def row(id: int, days: int, grade: int, **kw: object) -> Row:
    return Row(id=id, reviewed_at=NOW + timedelta(days=days), grade=grade,
               review_day=TODAY + timedelta(days=days), **kw)  # type: ignore[arg-type]


# ---- pure -----------------------------------------------------------------------------------------


def test_undone_reviews_and_reviews_before_a_reset_do_not_stand() -> None:
    reset_at = NOW + timedelta(days=1, hours=1)
    rows = [row(1, 0, 5), row(2, 1, 5), row(3, 2, 4), row(4, 3, 3, undone_at=NOW + timedelta(days=3))]
    assert [r.id for r in standing(rows, None)] == [1, 2, 3]
    assert [r.id for r in standing(rows, reset_at)] == [3]
    assert not stands(rows[3], None)
    assert not stands(rows[0], reset_at) and stands(rows[2], reset_at)


def test_standing_reviews_come_in_the_order_given_then_by_id() -> None:
    same = NOW + timedelta(days=1)
    rows = [Row(9, same, 4, TODAY), Row(3, same, 5, TODAY), row(1, 0, 2)]
    assert [r.id for r in standing(rows, None)] == [1, 3, 9]


def test_replay_after_undo_is_the_replay_of_what_stands() -> None:
    rows = [row(1, 0, 5), row(2, 1, 5), row(3, 7, 1, undone_at=NOW + timedelta(days=7))]
    expected = replay([(5, TODAY, "scheduled"), (5, TODAY + timedelta(days=1), "scheduled")])
    assert replay_standing(rows, reset_at=None, exam_date=None) == expected
    assert expected.repetitions == 2 and expected.interval == 6


def test_nothing_standing_replays_to_a_new_card() -> None:
    rows = [row(1, 0, 5, undone_at=NOW)]
    assert replay_standing(rows, reset_at=None, exam_date=None) == CardState.new()
    assert replay_standing([row(1, 0, 5)], reset_at=NOW, exam_date=None) == CardState.new()


def test_the_exam_date_caps_the_replayed_due_date() -> None:
    rows = [row(1, 0, 5), row(2, 1, 5), row(3, 7, 5)]
    free = replay_standing(rows, reset_at=None, exam_date=None)
    capped = replay_standing(rows, reset_at=None, exam_date=TODAY + timedelta(days=10))
    assert free.due is not None and free.due > TODAY + timedelta(days=10)
    assert capped.due == TODAY + timedelta(days=10)
    assert capped.scheduling_fields[:3] == free.scheduling_fields[:3]


# ---- the store: `check`, `replayed_state` and export read the same rule ------------------------------


def replay_finding(store: Store) -> bool:
    (finding,) = [f for f in run_checks(store) if f.check == "card states equal the replay of the review log"]
    return finding.ok


def test_replay_after_undo_gives_the_state_check_expects(store: Store) -> None:
    record_grade(store, card_id=1, quality=5, now=NOW, today=TODAY, mode="scheduled")
    second = record_grade(store, card_id=1, quality=5, now=NOW + timedelta(days=1),
                          today=TODAY + timedelta(days=1), mode="scheduled")
    third = record_grade(store, card_id=1, quality=0, now=NOW + timedelta(days=7),
                         today=TODAY + timedelta(days=7), mode="scheduled")
    undo_review(store, third.review_id, NOW + timedelta(days=7, minutes=1))
    with store.read() as session:
        stored = session.get_one(Card, 1)
        replayed = replayed_state(session, stored)
        assert replayed.scheduling_fields == state_of(stored).scheduling_fields == second.after.scheduling_fields
    assert replay_finding(store)


def test_a_card_changed_behind_the_log_is_found(store: Store) -> None:
    record_grade(store, card_id=1, quality=5, now=NOW, today=TODAY, mode="scheduled")
    with store.transaction() as session:
        session.get_one(Card, 1).interval = 40
    assert not replay_finding(store)


def test_grades_before_a_reset_do_not_stand(store: Store, invoke) -> None:  # type: ignore[no-untyped-def]
    record_grade(store, card_id=1, quality=5, now=NOW, today=TODAY, mode="scheduled")
    store.close()
    assert invoke("reset", "1").exit_code == 0
    later = NOW + timedelta(days=1)
    record_grade(store, card_id=1, quality=4, now=later, today=TODAY + timedelta(days=1), mode="scheduled")
    with store.read() as session:
        stored = session.get_one(Card, 1)
        assert stored.reset_at is not None
        assert replayed_state(session, stored).scheduling_fields == state_of(stored).scheduling_fields
        assert stored.repetitions == 1
    assert replay_finding(store)


def test_checks_selection_in_sql_is_the_standing_rule(store: Store, invoke) -> None:  # type: ignore[no-untyped-def]
    """`check` selects and orders the standing reviews in SQL; it must agree with `standing` in Python.

    Random grades (same-instant pairs among them, so the row id breaks ties), undos and a reset on both
    cards: every stored state equals the Python replay, `check` agrees, and a card changed behind its
    log is the one `check` names.
    """
    import random

    from flashcards.storage.integrity import run_checks

    rng = random.Random(13)
    moment, day = NOW, TODAY
    last: dict[int, int] = {}
    for step in range(60):
        card_id = rng.choice((1, 2))
        if step == 30:
            store.close()
            assert invoke("reset", "2").exit_code == 0
            last.pop(2, None)
            continue
        if card_id in last and rng.random() < 0.2:
            undo_review(store, last.pop(card_id), moment)
            continue
        if rng.random() < 0.7:  # else: the same instant as the grade before
            moment += timedelta(hours=rng.choice((1, 30)))
            day = moment.date()
        outcome = record_grade(store, card_id=card_id, quality=rng.randint(0, 5), now=moment, today=day,
                               mode=rng.choice(("scheduled", "scheduled", "repeat", "cram")))
        last[card_id] = outcome.review_id
    with store.read() as session:
        for card in session.query(Card):
            reviews = list(session.query(Review).filter(Review.card_id == card.id))
            assert replay_standing(reviews, reset_at=card.reset_at, exam_date=None).scheduling_fields \
                == state_of(card).scheduling_fields
    assert replay_finding(store)
    with store.transaction() as session:
        session.get_one(Card, 2).lapses += 1
    (finding,) = [f for f in run_checks(store) if f.check == "card states equal the replay of the review log"]
    assert not finding.ok and finding.detail.endswith("first: card 2")


def test_export_carries_exactly_the_standing_reviews(store: Store) -> None:
    from flashcards.export.source import load_cards

    record_grade(store, card_id=1, quality=5, now=NOW, today=TODAY, mode="scheduled")
    kept = record_grade(store, card_id=1, quality=4, now=NOW + timedelta(days=1),
                        today=TODAY + timedelta(days=1), mode="scheduled")
    undone = record_grade(store, card_id=1, quality=2, now=NOW + timedelta(days=7),
                          today=TODAY + timedelta(days=7), mode="scheduled")
    undo_review(store, undone.review_id, NOW + timedelta(days=7, minutes=1))
    with store.read() as session:
        rows = list(session.query(Review).filter(Review.card_id == 1))
        exported = {card.front: card for card in load_cards(session, None, with_reviews=True).cards}
        stored = session.get_one(Card, 1)
        expected = [(r.reviewed_at, r.grade) for r in standing(rows, stored.reset_at)]
    assert [(r.reviewed_at, r.grade) for r in exported["a"].reviews] == expected
    assert [grade for _, grade in expected] == [5, 4] and kept.review_id in {r.id for r in rows}
    assert exported["b"].reviews == ()


def test_the_replay_and_the_vocabulary_are_pure() -> None:
    """No database, terminal or CLI library is loaded by the core modules that hold these rules."""
    import subprocess
    import sys

    code = ("import sys, flashcards.core.replay, flashcards.core.vocabulary; "
            "print(sorted(m for m in ('sqlalchemy', 'click', 'rich', 'sqlite3') if m in sys.modules))")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"
