"""`quiz_data.quiz_queue` reads only a bounded prefix of each deck's new cards: it must give exactly the
queue that reading every candidate (`queue_inputs` + `build_queue`) gives, notices included.

Collections are generated with several decks, forward/reverse siblings (new, due, or one of each),
duplicates of a sibling group across decks, inactive cards, today's grades (new and review, some
undone), exams ahead and past, backlogs, and `--reverse`; margins of 0 and 1 force the re-read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeAlias
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, delete
from sqlalchemy.orm import Session

from flashcards.core.queue import build_queue
from flashcards.storage.models import Base, Card, Deck, Review
from flashcards.storage.quiz_data import quiz_notices, quiz_queue, queue_inputs

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
DECKS = ("alpha", "beta", "gamma")

Row: TypeAlias = tuple[str, int, bool, int | None, int, str, int]
"""deck, term, reverse, due (days from today, None: new), interval, status, position"""

card_rows = st.lists(
    st.tuples(
        st.sampled_from(DECKS),
        st.sampled_from(range(6)),  # term number: the sibling group, shared by forward and reverse
        st.booleans(),  # reverse direction
        st.sampled_from([None, None, None, None, -30, -1, 0, 3]),  # due: None (new) or days from today
        st.integers(0, 6),  # interval
        st.sampled_from(["active", "active", "active", "suspended", "retired"]),
        st.integers(0, 3),  # position (ties broken by id)
    ),
    min_size=10, max_size=60,
)
deck_settings = st.fixed_dictionaries({
    name: st.tuples(st.sampled_from([1, 2, 3, 0]), st.sampled_from([3, 6, 1, 0]), st.sampled_from([None, None, -2, 3, 20]))
    for name in DECKS
})
graded = st.lists(st.tuples(st.integers(0, 59), st.booleans(), st.booleans()), max_size=6)


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _fill(session: Session, rows: list[Row],
          decks: dict[str, tuple[int, int, int | None]], grades: list[tuple[int, bool, bool]]) -> None:
    for table in (Review, Card, Deck):
        session.execute(delete(table))
    deck_ids = {}
    for name, (new, reviews, exam) in decks.items():
        row = Deck(name=name, new_per_day=new, reviews_per_day=reviews, created_at=NOW,
                    exam_date=None if exam is None else TODAY + timedelta(days=exam))
        session.add(row)
        session.flush()
        deck_ids[name] = row.id
    cards: list[Card] = []
    for n, (deck, term, reverse, due, interval, status, position) in enumerate(rows):
        forward_key = f"{deck if term else 'shared'}|term|{term}"  # term 0: one group across decks
        card = Card(
            deck_id=deck_ids[deck], key=f"{forward_key}|{'reverse' if reverse else 'forward'}|{n}",
            kind="definition-reverse" if reverse else "definition", front=f"f{n}", back=f"b{n}", context=[],
            sibling_key=forward_key if reverse else None, source_path="/x.md", source_line=n, position=position,
            content_hash=str(n), status=status, interval=interval,
            due=None if due is None else TODAY + timedelta(days=due), created_at=NOW, content_changed_at=NOW,
        )
        if not reverse:
            card.key = forward_key if not any(c.key == forward_key for c in cards) else card.key
        session.add(card)
        cards.append(card)
    session.flush()
    for index, was_new, undone in grades:
        if not cards:
            break
        card = cards[index % len(cards)]
        session.add(Review(
            card_id=card.id, reviewed_at=NOW, review_day=TODAY, grade=4, mode="scheduled",
            repetitions_before=0, ef_before=250, interval_before=0, due_before=None if was_new else TODAY,
            lapses_before=0, status_before="active", repetitions_after=1, ef_after=250, interval_after=1,
            due_after=TODAY + timedelta(days=1), lapses_after=0, status_after="active",
            undone_at=NOW if undone else None,
        ))
    session.flush()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=card_rows, decks=deck_settings, grades=graded, margin=st.sampled_from([0, 0, 1, 20]),
       reverse_only=st.booleans(), only=st.sampled_from([None, ["alpha"], ["beta", "gamma"]]))
def test_the_bounded_queue_is_the_unbounded_queue(
    engine: Engine, rows: list[Row],
    decks: dict[str, tuple[int, int, int | None]], grades: list[tuple[int, bool, bool]], margin: int,
    reverse_only: bool, only: list[str] | None,
) -> None:
    with Session(engine) as session:
        _fill(session, rows, decks, grades)
        full = queue_inputs(session, TODAY, only, reverse_only=reverse_only)
        expected = build_queue(full.cards, TODAY, limits=full.limits, done_today=full.done_today,
                               seen_today=full.seen_today)
        bounded, queue = quiz_queue(session, TODAY, only, reverse_only=reverse_only, new_margin=margin)
        assert queue == expected
        assert quiz_notices(bounded, TODAY) == quiz_notices(full, TODAY)
        assert (bounded.limits, bounded.done_today, bounded.seen_today, bounded.exams) == (
            full.limits, full.done_today, full.seen_today, full.exams)
        session.rollback()


def test_siblings_beyond_the_margin_are_read_again(engine: Engine) -> None:
    """Twelve new cards whose reverse siblings are due (so taken first): the margin runs out, none is lost."""
    rows: list[Row] = [("alpha", term, False, None, 0, "active", term) for term in range(12)]
    rows += [("alpha", term, True, -1, 1, "active", 20 + term) for term in range(12)]
    rows += [("alpha", 12 + n, False, None, 0, "active", 40 + n) for n in range(3)]
    decks: dict[str, tuple[int, int, int | None]] = {"alpha": (3, 20, None), "beta": (2, 2, None), "gamma": (0, 0, None)}
    with Session(engine) as session:
        _fill(session, rows, decks, [])
        full = queue_inputs(session, TODAY)
        expected = build_queue(full.cards, TODAY, limits=full.limits, done_today=full.done_today,
                               seen_today=full.seen_today)
        _, queue = quiz_queue(session, TODAY, new_margin=1)
        assert queue == expected
        assert len(queue) == 12 + 3  # every review, then the three new cards after the twelve siblings
        session.rollback()
