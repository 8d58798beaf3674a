"""The day's plan (`core.day_plan.plan_day`, read by `storage.day_rows.read_day_plan`).

Properties over generated collections: several decks, forward/reverse siblings (new, due, or one of
each), duplicates of a sibling group across decks, suspended and retired cards, today's grades (new and
review, some undone), exams ahead and past, catch-up backlogs, and `--reverse`:
- reading a bounded prefix of each deck's new cards gives exactly the plan of reading them all
  (margins of 0 and 1 force the re-read);
- the counts are the queue's: `due --json` on the `sqlite3` fast path and on the SQLAlchemy path equals
  what the quiz then shows, deck by deck.
And the reproduction of issue 12: `due` before and after a session on two terms with their reverses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, delete
from sqlalchemy.orm import Session

from flashcards.core.day_plan import DayInputs, DayPlan, plan_day
from flashcards.core.queue import QueueCard
from flashcards.storage.day_rows import read_day_plan
from flashcards.storage.models import Base, Card, Deck, Review
from flashcards.storage.sql_run import session_runner

if TYPE_CHECKING:
    from flashcards.storage.store import Store

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
    name: st.tuples(st.sampled_from([1, 2, 3, 0, None, None]), st.sampled_from([3, 6, 1, 0, None, None]),
                    st.sampled_from([None, None, -2, 3, 20]), st.sampled_from(["active", "active", "suspended"]))
    for name in DECKS
})
DeckSettings: TypeAlias = dict[str, tuple[int | None, int | None, int | None, str]]
"""Per deck: its own new and review limits (None: the budget's), exam (days from today), status."""
budgets = st.tuples(st.sampled_from([None, 0, 2, 5]), st.sampled_from([None, 0, 3, 8]))
"""The collection's budget (new, reviews) as stored settings; None: not set (20, 200)."""
graded = st.lists(st.tuples(st.integers(0, 59), st.booleans(), st.booleans()), max_size=6)


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _fill(session: Session, rows: list[Row], decks: DeckSettings, grades: list[tuple[int, bool, bool]],
          budget: tuple[int | None, int | None] = (None, None)) -> None:
    from flashcards.storage.models import Setting

    for table in (Review, Card, Deck):
        session.execute(delete(table))
    session.execute(delete(Setting).where(Setting.key.in_(["new_per_day", "reviews_per_day"])))
    for key, value in zip(("new_per_day", "reviews_per_day"), budget, strict=True):
        if value is not None:
            session.add(Setting(key=key, value=str(value)))
    deck_ids = {}
    for name, (new, reviews, exam, status) in decks.items():
        row = Deck(name=name, new_per_day=new, reviews_per_day=reviews, created_at=NOW, status=status,
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


def _everything(session: Session, only: list[str] | None, reverse_only: bool) -> DayPlan:
    """The plan from every candidate, read with the ORM (the oracle for the bounded reader)."""
    bounded = read_day_plan(session_runner(session), TODAY, only, reverse_only=reverse_only)
    names = {deck.deck for deck in bounded.decks}
    cards = [
        QueueCard(card.id, deck, card.due, card.position, card.key, card.sibling_key, card.status, card.interval)
        for card, deck in session.query(Card, Deck.name).join(Deck, Card.deck_id == Deck.id)
        if deck in names and (not reverse_only or card.kind.endswith("-reverse"))
    ]
    from flashcards.storage.day_rows import _deck_days  # the deck rows are the reader's; the cards are not

    found, budget, paused = _deck_days(session_runner(session), TODAY, only)
    decks = tuple(found.values())
    seen = frozenset(
        card.sibling_key or card.key
        for card, review in session.query(Card, Review).join(Review, Review.card_id == Card.id)
        if review.review_day == TODAY and review.mode == "scheduled" and review.undone_at is None)
    reviews = [card for card in cards if card.status == "active" and card.due is not None and card.due <= TODAY]
    new = {deck.name: sorted((card for card in cards if card.deck == deck.name and card.status == "active"
                              and card.due is None), key=lambda card: (card.position, card.id))
           for deck in decks}
    return plan_day(DayInputs(TODAY, decks, reviews, new, seen, complete_reviews=frozenset(new),
                              complete_new=frozenset(new), budget=budget, paused=paused))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=card_rows, decks=deck_settings, grades=graded, margin=st.sampled_from([0, 0, 1, 20]),
       reverse_only=st.booleans(), only=st.sampled_from([None, ["alpha"], ["beta", "gamma"]]), budget=budgets)
def test_the_bounded_plan_is_the_plan_of_every_card(
    engine: Engine, rows: list[Row], decks: DeckSettings, grades: list[tuple[int, bool, bool]], margin: int,
    reverse_only: bool, only: list[str] | None, budget: tuple[int | None, int | None],
) -> None:
    with Session(engine) as session:
        _fill(session, rows, decks, grades, budget)
        expected = _everything(session, only, reverse_only)
        plan = read_day_plan(session_runner(session), TODAY, only, reverse_only=reverse_only, new_margin=margin,
                             dialect="sqlite")
        assert plan.queue == expected.queue
        assert plan.decks == expected.decks
        assert plan.notices() == expected.notices()
        assert not plan.incomplete
        assert plan.due + plan.new == len(plan.queue)
        session.rollback()


def test_siblings_beyond_the_margin_are_read_again(engine: Engine) -> None:
    """Twelve new cards whose reverse siblings are due (so taken first): the margin runs out, none is lost."""
    rows: list[Row] = [("alpha", term, False, None, 0, "active", term) for term in range(12)]
    rows += [("alpha", term, True, -1, 1, "active", 20 + term) for term in range(12)]
    rows += [("alpha", 12 + n, False, None, 0, "active", 40 + n) for n in range(3)]
    decks: DeckSettings = {"alpha": (3, 20, None, "active"), "beta": (2, 2, None, "active"),
                           "gamma": (0, 0, None, "active")}
    with Session(engine) as session:
        _fill(session, rows, decks, [])
        expected = _everything(session, None, False)
        plan = read_day_plan(session_runner(session), TODAY, new_margin=1, dialect="sqlite")
        assert plan.queue == expected.queue
        assert len(plan.queue) == 12 + 3  # every review, then the three new cards after the twelve siblings
        assert (plan.due, plan.new) == (12, 3)
        session.rollback()


@pytest.fixture(scope="module")
def file_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, "Store"]]:
    """A real database file at head, so `storage.fast` (plain `sqlite3`, read-only) can read it."""
    from flashcards.storage.models import Setting
    from flashcards.storage.store import Store

    home = tmp_path_factory.mktemp("home")
    url = f"sqlite:///{home / 'flashcards.db'}"
    store = Store.open(url, home, NOW)
    with store.transaction() as session:
        session.add(Setting(key="timezone", value="UTC"))
    yield url, store
    store.close()


def _counts_of(session: Session, queue: tuple[int, ...]) -> dict[str, tuple[int, int]]:
    """(due, new) per deck, counted from the quiz's queue by looking each card up."""
    counts: dict[str, tuple[int, int]] = {}
    for card_id in queue:
        card = session.get(Card, card_id)
        assert card is not None
        deck = session.get(Deck, card.deck_id)
        assert deck is not None
        due, new = counts.get(deck.name, (0, 0))
        counts[deck.name] = (due, new + 1) if card.due is None else (due + 1, new)
    return counts


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=card_rows, decks=deck_settings, grades=graded, budget=budgets)
def test_due_json_is_the_quiz_queue_on_both_paths(
    file_store: tuple[str, "Store"], rows: list[Row], decks: DeckSettings,
    grades: list[tuple[int, bool, bool]], budget: tuple[int | None, int | None],
) -> None:
    from flashcards.application.day import quick_plan, store_plan

    url, store = file_store
    with store.transaction() as session:
        _fill(session, rows, decks, grades, budget)
    fast = quick_plan(url, NOW)
    assert fast is not None, "the fast path applies to a local file at head"
    full = store_plan(store, store.today(NOW))
    active = [name for name in DECKS if decks[name][3] == "active"]
    quiz = store_plan(store, store.today(NOW), active)  # the quiz names its decks or takes them all
    assert fast.to_dict() == full.to_dict()
    assert fast.queue == full.queue == quiz.queue
    with store.read() as session:
        from_queue = _counts_of(session, quiz.queue)
    shown = {deck["deck"]: (deck["due"], deck["new"]) for deck in fast.to_dict()["decks"]}
    assert {deck: counts for deck, counts in shown.items() if counts != (0, 0)} == from_queue


def test_two_terms_with_reverses_due_counts_what_the_quiz_shows(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path) -> None:
    """Issue 12's reproduction: 4 cards, siblings held back: `due` says 2, the quiz shows 2, then 0 and 0."""
    import json

    note = tmp_path / "terms.md"
    note.write_text("# Terms\n\nContainer\n: A running instance of an image.\n\n"
                    "Image\n: A read-only template for containers.\n", encoding="utf-8")
    assert invoke("import", str(note)).exit_code == 0
    before = json.loads(invoke("due", "--json").output)
    assert (before["due"], before["new"]) == (0, 2)
    session = invoke("quiz", input="\n5\n" * 4)
    assert session.exit_code == 0, session.output
    assert session.output.count("Saved") == 2
    after = json.loads(invoke("due", "--json").output)
    assert (after["due"], after["new"]) == (0, 0)
    assert "Nothing to study now" in invoke("quiz", input="\n5\n").output
