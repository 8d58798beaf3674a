"""Back from a break: more reviews due than the daily limit. The lowest predicted recall comes first,
never more than the limit a day, and the learner is told how many days the backlog takes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from flashcards.core.queue import Backlog, DeckLimits, DoneToday, QueueCard, backlogs, build_queue
from flashcards.core.recall import elapsed_ratio, is_ready, predicted_recall
from tests.conftest import make_collection

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
INTERVALS = (1, 3, 6, 15, 40, 100)


def plan(n: int) -> tuple[int, date, date]:
    """Card n's interval, last review and due date: due between today and 59 days ago."""
    interval = INTERVALS[n % len(INTERVALS)]
    due = TODAY - timedelta(days=(n * 7) % 60)
    return interval, due - timedelta(days=interval), due


@pytest.fixture
def backlog(isolated_home: Path) -> list[int]:
    """300 overdue reviews, a limit of 100 a day; each card's last review is in the log."""
    cards: list[dict[str, object]] = []
    for n in range(300):
        interval, _, due = plan(n)
        cards.append({"front": f"card {n}", "due": due, "interval": interval, "repetitions": 3})
    ids = make_collection(isolated_home, NOW, cards, reviews_per_day=100)
    connection = sqlite3.connect(isolated_home / "flashcards.db")
    for n, card_id in enumerate(ids):
        _, last, _ = plan(n)
        connection.execute(
            "INSERT INTO reviews (card_id, reviewed_at, review_day, grade, mode, repetitions_before, ef_before, "
            "interval_before, lapses_before, status_before, repetitions_after, ef_after, interval_after, "
            "due_after, lapses_after, status_after) SELECT id, ?, ?, 4, 'scheduled', 2, 250, 1, 0, 'active', "
            "repetitions, ef_hundredths, interval, due, 0, 'active' FROM cards WHERE id = ?",
            (f"{last.isoformat()} 09:00:00.000000", last.isoformat(), card_id))
    connection.commit()
    connection.close()
    return ids


def graded_on(db: Path, day: date) -> list[int]:
    connection = sqlite3.connect(db)
    rows = connection.execute(
        "SELECT card_id FROM reviews WHERE review_day = ? AND mode = 'scheduled' ORDER BY reviewed_at, id",
        (day.isoformat(),)).fetchall()
    connection.close()
    return [card_id for (card_id,) in rows]


def test_three_hundred_overdue_at_a_hundred_a_day(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, backlog: list[int], db_path: Path
) -> None:
    # The expected order, computed here: highest t/I (lowest p = 0.9^(t/I)) first, then most overdue, notes.
    def risk(n: int) -> tuple[Fraction, date, int]:
        interval, last, due = plan(n)
        return (-Fraction((TODAY - last).days, interval), due, n)

    expected_first_day = [backlog[n] for n in sorted(range(300), key=risk)[:100]]

    result = invoke("quiz", input="\n4\n" * 400)
    assert result.exit_code == 0, result.output
    assert ("Catching up in docker: 300 reviews due, at 100 a day that is 3 days. "
            "The cards you are most likely to have forgotten come first.") in result.output
    day_one = graded_on(db_path, TODAY)
    assert day_one == expected_first_day
    recalls = [predicted_recall(plan(backlog.index(c))[1], plan(backlog.index(c))[0], TODAY) for c in day_one]
    assert recalls == sorted(recalls)
    left = [n for n in range(300) if backlog[n] not in set(day_one)]
    lowest_left = min(predicted_recall(plan(n)[1], plan(n)[0], TODAY) for n in left)
    assert max(recalls) <= lowest_left

    # The days after: never more than 100, the plan counts down, and the backlog is gone on day 3.
    said = []
    for offset in (1, 2, 3):
        day = TODAY + timedelta(days=offset)
        monkeypatch.setenv("FLASHCARDS_NOW", f"{day.isoformat()}T09:00:00+00:00")
        result = invoke("quiz", input="\n4\n" * 400)
        assert result.exit_code == 0, result.output
        said.append("Catching up" in result.output)
        assert len(graded_on(db_path, day)) <= 100
        if offset == 1:
            assert "200 reviews due, at 100 a day that is 2 days" in result.output
    assert said == [True, False, False]
    assert len(graded_on(db_path, TODAY + timedelta(days=1))) == 100
    assert len(graded_on(db_path, TODAY + timedelta(days=2))) == 100
    seen = set()
    for offset in range(3):
        seen |= set(graded_on(db_path, TODAY + timedelta(days=offset)))
    assert seen == set(backlog)


def test_a_second_session_the_same_day_gets_only_what_is_left(
    invoke: Callable[..., Result], backlog: list[int], db_path: Path
) -> None:
    assert invoke("quiz", input="\n4\n" * 40).exit_code == 0
    result = invoke("quiz", input="\n4\n" * 400)
    assert "260 reviews due, at 60 today, then 100 a day that is 3 days" in result.output
    assert len(graded_on(db_path, TODAY)) == 100
    result = invoke("quiz", input="\n4\n" * 400)
    assert "Nothing to study now" in result.output
    assert len(graded_on(db_path, TODAY)) == 100


def test_a_due_date_capped_by_an_exam_is_not_taken_for_the_last_review(
    invoke: Callable[..., Result], isolated_home: Path, db_path: Path
) -> None:
    # The exam was yesterday. Card "capped" was reviewed 10 days ago with I = 100 and capped to the exam
    # day (t/I = 0.1); "plain" was reviewed 10 days ago with I = 10 (t/I = 1). Reading `due - interval`
    # for "capped" would give t/I = 1.01 and take it first; the log says "plain" is the more at risk.
    yesterday, last = TODAY - timedelta(days=1), TODAY - timedelta(days=10)
    ids = make_collection(isolated_home, NOW, [
        {"front": "capped", "due": yesterday, "interval": 100, "repetitions": 4},
        {"front": "plain", "due": TODAY, "interval": 10, "repetitions": 3},
    ], reviews_per_day=1, exam_date=yesterday)
    connection = sqlite3.connect(db_path)
    for card_id in ids:
        connection.execute(
            "INSERT INTO reviews (card_id, reviewed_at, review_day, grade, mode, repetitions_before, ef_before, "
            "interval_before, lapses_before, status_before, repetitions_after, ef_after, interval_after, "
            "due_after, lapses_after, status_after) SELECT id, ?, ?, 4, 'scheduled', 2, 250, 6, 0, 'active', "
            "repetitions, ef_hundredths, interval, due, 0, 'active' FROM cards WHERE id = ?",
            (f"{last.isoformat()} 09:00:00.000000", last.isoformat(), card_id))
    connection.commit()
    connection.close()
    result = invoke("quiz", input="\n4\n" * 5)
    assert result.exit_code == 0, result.output
    assert "Catching up in docker: 2 reviews due, at 1 a day that is 2 days." in result.output
    assert graded_on(db_path, TODAY) == [ids[1]]


def test_no_notice_under_the_limit(invoke: Callable[..., Result], isolated_home: Path) -> None:
    make_collection(isolated_home, NOW, [{"front": f"c{n}", "due": TODAY, "interval": 3} for n in range(5)],
                    reviews_per_day=5)
    result = invoke("quiz", input="\n4\n" * 10)
    assert result.exit_code == 0 and "Catching up" not in result.output


# ---- the pure queue --------------------------------------------------------------------------------


def due_card(card_id: int, overdue: int, interval: int, *, deck: str = "docker", position: int = 0,
             last: bool = True) -> QueueCard:
    due = TODAY - timedelta(days=overdue)
    return QueueCard(id=card_id, deck=deck, due=due, position=position, interval=interval,
                     last_review=due - timedelta(days=interval) if last else None)


def test_under_the_limit_the_order_stays_most_overdue_first() -> None:
    cards = [due_card(1, overdue=50, interval=100), due_card(2, overdue=3, interval=1)]
    assert build_queue(cards, TODAY) == [1, 2]


def test_over_the_limit_the_lowest_predicted_recall_comes_first() -> None:
    # Card 1: 50 days late on 100 (t/I = 1.5, p = 0.85). Card 2: 3 days late on 1 (t/I = 4, p = 0.66).
    cards = [due_card(1, overdue=50, interval=100), due_card(2, overdue=3, interval=1),
             due_card(3, overdue=10, interval=10)]  # t/I = 2, p = 0.81
    limits = {"docker": DeckLimits(reviews_per_day=2)}
    assert build_queue(cards, TODAY, limits=limits) == [2, 3]
    # Without its last review, `due - interval` stands in for it: the same order.
    unknown = [due_card(c.id, (TODAY - c.due).days, c.interval, last=False) for c in cards  # type: ignore[operator]
               ]
    assert build_queue(unknown, TODAY, limits=limits) == [2, 3]


def test_equal_risk_keeps_the_overdue_then_notes_order() -> None:
    cards = [due_card(1, overdue=2, interval=2, position=5), due_card(2, overdue=4, interval=4, position=9),
             due_card(3, overdue=2, interval=2, position=1)]
    assert build_queue(cards, TODAY, limits={"docker": DeckLimits(reviews_per_day=2)}) == [2, 3]


def test_over_the_limit_in_one_deck_orders_all_reviews_by_risk_and_other_decks_lose_nothing() -> None:
    cards = [due_card(1, overdue=50, interval=100, deck="git"), due_card(2, overdue=3, interval=1),
             due_card(3, overdue=1, interval=10), due_card(4, overdue=20, interval=10)]
    limits = {"docker": DeckLimits(reviews_per_day=2)}
    assert build_queue(cards, TODAY, limits=limits) == [2, 4, 1]


def test_catch_up_keeps_siblings_apart_and_new_cards_after() -> None:
    forward = QueueCard(1, "docker", TODAY - timedelta(days=2), key="k", interval=1,
                        last_review=TODAY - timedelta(days=3))
    reverse = QueueCard(2, "docker", TODAY - timedelta(days=9), key="k-r", sibling_key="k", interval=30,
                        last_review=TODAY - timedelta(days=39))
    other = QueueCard(3, "docker", TODAY, interval=5, last_review=TODAY - timedelta(days=5))
    new = QueueCard(4, "docker", None)
    assert build_queue([forward, reverse, other, new], TODAY,
                       limits={"docker": DeckLimits(reviews_per_day=1)}) == [1, 4]


def test_backlog_days() -> None:
    assert Backlog("d", due=300, room=100, limit=100).days == 3
    assert Backlog("d", due=301, room=100, limit=100).days == 4
    assert Backlog("d", due=250, room=60, limit=100).days == 3
    assert Backlog("d", due=200, room=0, limit=100).days == 2
    assert Backlog("d", due=5, room=0, limit=0).days is None
    assert "review limit is 0" in Backlog("d", due=5, room=0, limit=0).describe()


def test_backlogs_are_the_decks_over_their_room() -> None:
    cards = [due_card(n, overdue=n % 3, interval=2) for n in range(5)]
    cards += [due_card(10 + n, overdue=1, interval=2, deck="git") for n in range(3)]
    cards += [QueueCard(20, "git", None), QueueCard(21, "git", TODAY + timedelta(days=1)),
              QueueCard(22, "git", TODAY, status="suspended")]
    limits = {"docker": DeckLimits(reviews_per_day=4), "git": DeckLimits(reviews_per_day=3)}
    assert backlogs(cards, TODAY, limits=limits) == [Backlog("docker", due=5, room=4, limit=4)]
    assert backlogs(cards, TODAY, limits=limits, done_today={"git": DoneToday(reviews=1)}) == [
        Backlog("docker", due=5, room=4, limit=4), Backlog("git", due=3, room=2, limit=3)]


def test_recall() -> None:
    assert predicted_recall(TODAY - timedelta(days=10), 10, TODAY) == pytest.approx(0.9)
    assert predicted_recall(TODAY - timedelta(days=20), 10, TODAY) == pytest.approx(0.81)
    assert predicted_recall(TODAY, 10, TODAY) == 1.0
    assert predicted_recall(TODAY + timedelta(days=2), 10, TODAY) == 1.0  # a review "in the future": t = 0
    assert elapsed_ratio(TODAY - timedelta(days=3), 0, TODAY) == 3  # an interval of 0 counts as 1 day
    assert is_ready(TODAY - timedelta(days=10), 10, TODAY) and not is_ready(TODAY - timedelta(days=11), 10, TODAY)
    assert not is_ready(None, 10, TODAY)


@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(1, 60), st.sampled_from(["docker", "git"])),
             max_size=40),
    st.integers(0, 10),
    st.integers(0, 10),
)
def test_catch_up_properties(rows: list[tuple[int, int, str]], docker_limit: int, git_limit: int) -> None:
    cards = [due_card(n, overdue, interval, deck=deck) for n, (overdue, interval, deck) in enumerate(rows)]
    limits = {"docker": DeckLimits(reviews_per_day=docker_limit), "git": DeckLimits(reviews_per_day=git_limit)}
    queue = build_queue(cards, TODAY, limits=limits)
    by_id = {card.id: card for card in cards}
    chosen = [by_id[card_id] for card_id in queue]
    for deck, limit in (("docker", docker_limit), ("git", git_limit)):
        in_deck = [card for card in cards if card.deck == deck]
        taken = [card for card in chosen if card.deck == deck]
        assert len(taken) == min(limit, len(in_deck))  # never more than the limit, and no room wasted
        if len(in_deck) > limit and taken:
            # The cards left out are at no more risk than any card taken.
            def ratio(card: QueueCard) -> Fraction:
                assert card.last_review is not None
                return elapsed_ratio(card.last_review, card.interval, TODAY)

            left = [card for card in in_deck if card.id not in queue]
            assert all(ratio(card) <= min(ratio(t) for t in taken) for card in left)
    over = any(len([c for c in cards if c.deck == d]) > lim for d, lim in (("docker", docker_limit),
                                                                          ("git", git_limit)))
    if over:
        ratios = [elapsed_ratio(c.last_review, c.interval, TODAY) for c in chosen]  # type: ignore[arg-type]
        assert ratios == sorted(ratios, reverse=True)
