"""`flashcards exam`: planning toward a date with the built-in deck, set/clear/move, readiness, bad input."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result

from flashcards.core.exam import ExamCard, exam_load, learning_days, readiness
from flashcards.core.recall import predicted_recall
from tests.conftest import make_collection

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
EXAM = TODAY + timedelta(days=14)
ANSWER_ALL = "\n4\n" * 400  # reveal, grade 4, for as many cards as the day brings


def on(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    monkeypatch.setenv("FLASHCARDS_NOW", f"{day.isoformat()}T09:00:00+00:00")


def query(db: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def snapshot(db: Path) -> list[list[tuple[object, ...]]]:
    """Everything a command could change."""
    return [query(db, f"SELECT * FROM {table} ORDER BY 1") for table in ("decks", "cards", "reviews")]


def exam_json(invoke: Callable[..., Result]) -> dict[str, object]:
    result = invoke("exam", "--json")
    assert result.exit_code == 0, result.output
    (deck,) = json.loads(result.output)
    return deck  # type: ignore[no-any-return]


# ---- the simulation --------------------------------------------------------------------------------


@pytest.mark.parametrize("new_per_day", [20, 2])
def test_fourteen_days_to_an_exam_with_the_builtin_deck(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, db_path: Path, new_per_day: int
) -> None:
    first = invoke("quiz", input="")  # an empty collection: the built-in deck is imported
    assert first.exit_code == 0, first.output
    assert "imported the built-in deck docker" in first.output
    total = int(str(query(db_path, "SELECT count(*) FROM cards WHERE status = 'active'")[0][0]))
    assert total > 40
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE decks SET new_per_day = ?", (new_per_day,))
    connection.commit()
    connection.close()

    result = invoke("exam", "docker", "--date", EXAM.isoformat())
    assert result.exit_code == 0, result.output
    expected_new = max(new_per_day, -(-total // (14 - 2)))
    assert f"up to {expected_new} new a day" in result.output
    assert ("raised from your 2 a day" in result.output) == (new_per_day == 2)

    shares: list[float] = []
    for offset in range(14):
        day = TODAY + timedelta(days=offset)
        on(monkeypatch, day)
        result = invoke("quiz", input=ANSWER_ALL)
        assert result.exit_code == 0, result.output
        days = f"{14 - offset} day" + ("" if 14 - offset == 1 else "s")
        assert f"Exam for docker on {EXAM.isoformat()}, in {days}" in result.output
        # While the exam is ahead, no card of the deck is due after it.
        assert query(db_path, "SELECT count(*) FROM cards WHERE due > ?", EXAM.isoformat()) == [(0,)]
        new_today = int(str(query(db_path, "SELECT count(*) FROM reviews WHERE review_day = ? AND mode = "
                                           "'scheduled' AND due_before IS NULL", day.isoformat())[0][0]))
        assert new_today <= expected_new
        if offset >= 14 - 2:
            assert new_today == 0  # the last days before the exam are for review only
        shares.append(exam_json(invoke)["readiness"]["share"])  # type: ignore[index]
        # Capped due dates still agree with a replay of the log (`flashcards check`).
        check = invoke("check")
        assert check.exit_code == 0, check.output

    # Every card was seen, well before the exam; readiness only rose, to every card by the exam day.
    assert query(db_path, "SELECT count(*) FROM cards WHERE due IS NULL") == [(0,)]
    last_new = query(db_path, "SELECT max(review_day) FROM reviews WHERE due_before IS NULL")[0][0]
    assert date.fromisoformat(str(last_new)) <= EXAM - timedelta(days=3)
    assert shares == sorted(shares) and shares[0] < shares[-1]
    assert shares[-1] == 1.0
    # SM-2's intervals were kept; only due dates were capped.
    capped = int(str(query(db_path, "SELECT count(*) FROM reviews WHERE mode = 'scheduled' AND due_after < "
                                    "date(review_day, '+' || interval_after || ' days')")[0][0]))
    assert capped > 0

    # The exam day and the day after: SM-2's own due dates again.
    for day in (EXAM, EXAM + timedelta(days=1)):
        on(monkeypatch, day)
        result = invoke("quiz", input=ANSWER_ALL)
        assert result.exit_code == 0, result.output
        assert "Exam for docker" not in result.output
    rows = query(db_path, "SELECT review_day, interval_after, due_after FROM reviews "
                          "WHERE mode = 'scheduled' AND review_day >= ?", EXAM.isoformat())
    assert rows
    for review_day, interval, due in rows:
        assert date.fromisoformat(str(due)) == date.fromisoformat(str(review_day)) + timedelta(days=int(str(interval)))
    assert any(date.fromisoformat(str(due)) > EXAM + timedelta(days=1) for _, _, due in rows)
    listing = invoke("exam")
    assert "past" in listing.output and "normal intervals again" in listing.output
    check = invoke("check")
    assert check.exit_code == 0, check.output


# ---- setting, moving and clearing ------------------------------------------------------------------


@pytest.fixture
def deck(isolated_home: Path) -> list[int]:
    """Cards learned on various days (due = last review + interval), one new card."""
    cards: list[dict[str, object]] = [
        {"front": "far", "due": TODAY + timedelta(days=30), "interval": 40, "repetitions": 4},
        {"front": "near", "due": TODAY + timedelta(days=3), "interval": 6, "repetitions": 2},
        {"front": "suspended far", "due": TODAY + timedelta(days=50), "interval": 60, "status": "suspended"},
        {"front": "new"},
    ]
    ids = make_collection(isolated_home, NOW, cards)
    connection = sqlite3.connect(isolated_home / "flashcards.db")
    for card_id, last in ((ids[0], TODAY - timedelta(days=10)), (ids[1], TODAY - timedelta(days=3)),
                          (ids[2], TODAY - timedelta(days=10))):
        connection.execute(
            "INSERT INTO reviews (card_id, reviewed_at, review_day, grade, mode, repetitions_before, ef_before, "
            "interval_before, lapses_before, status_before, repetitions_after, ef_after, interval_after, "
            "due_after, lapses_after, status_after) SELECT id, ?, ?, 4, 'scheduled', 0, 250, 0, 0, 'active', "
            "repetitions, ef_hundredths, interval, due, 0, 'active' FROM cards WHERE id = ?",
            (f"{last.isoformat()} 09:00:00.000000", last.isoformat(), card_id))
    connection.commit()
    connection.close()
    return ids


def dues(db: Path) -> dict[str, str | None]:
    return {str(front): (None if due is None else str(due)) for front, due in query(db, "SELECT front, due FROM cards")}


def test_setting_an_exam_caps_stored_due_dates_without_touching_the_log(
    invoke: Callable[..., Result], deck: list[int], db_path: Path
) -> None:
    reviews_before = query(db_path, "SELECT * FROM reviews")
    intervals_before = query(db_path, "SELECT id, repetitions, ef_hundredths, interval FROM cards")
    result = invoke("exam", "docker", "--date", "2026-12-10")
    assert result.exit_code == 0, result.output
    assert "2 cards that were due after the exam now come back by 2026-12-10" in result.output
    assert dues(db_path) == {"far": "2026-12-10", "near": "2026-12-01", "suspended far": "2026-12-10", "new": None}
    assert query(db_path, "SELECT * FROM reviews") == reviews_before
    assert query(db_path, "SELECT id, repetitions, ef_hundredths, interval FROM cards") == intervals_before
    assert query(db_path, "SELECT exam_date, exam_set_at IS NOT NULL FROM decks") == [("2026-12-10", 1)]

    # Moving it later gives back what the old date capped, then caps at the new one.
    assert invoke("exam", "docker", "--date", "2026-12-20").exit_code == 0
    assert dues(db_path) == {"far": "2026-12-20", "near": "2026-12-01", "suspended far": "2026-12-20", "new": None}
    # Clearing gives every card its own SM-2 due date back.
    result = invoke("exam", "docker", "--clear")
    assert result.exit_code == 0, result.output
    assert "2 cards got their own due date back" in result.output
    assert dues(db_path) == {"far": "2026-12-28", "near": "2026-12-01", "suspended far": "2027-01-17", "new": None}
    assert query(db_path, "SELECT exam_date, exam_set_at FROM decks") == [(None, None)]
    assert query(db_path, "SELECT * FROM reviews") == reviews_before


def test_listing_shows_days_left_learned_load_and_readiness(
    invoke: Callable[..., Result], deck: list[int]
) -> None:
    assert invoke("exam").output == "No exam set. Set one with: flashcards exam DECK --date YYYY-MM-DD\n"
    assert invoke("exam", "docker", "--date", "2026-12-10").exit_code == 0
    data = exam_json(invoke)
    # Active cards: far (ready: t = 22 <= 40), near (t = 15 > 6: not ready), new (p = 0).
    assert {k: data[k] for k in ("deck", "exam_date", "days_left", "cards", "seen", "unseen", "due_today")} == {
        "deck": "docker", "exam_date": "2026-12-10", "days_left": 12, "cards": 3, "seen": 2, "unseen": 1,
        "due_today": 0}
    assert data["load"] == {"new_per_day": 20, "new_today": 20, "raised": False, "unseen_at_day_start": 1,
                            "learning_days": 10, "last_learning_day": "2026-12-07"}
    ready = data["readiness"]
    assert ready["ready"] == 1 and ready["share"] == pytest.approx(1 / 3)  # type: ignore[index]
    assert ready["mean_recall"] == pytest.approx((0.9 ** (22 / 40) + 0.9 ** (15 / 6)) / 3)  # type: ignore[index]
    screen = invoke("exam")
    assert screen.exit_code == 0
    assert "docker   2026-12-10" in screen.output and "2/3" in screen.output and "33%" in screen.output
    assert "1 new + 0 due" in screen.output
    assert "Weakest in docker: Terms (1/3 ready)" in screen.output
    assert max(len(line) for line in screen.output.splitlines()) <= 80
    assert invoke("exam", "docker").output == screen.output


def test_the_quiz_uses_the_raised_limit_and_says_so(
    invoke: Callable[..., Result], isolated_home: Path, db_path: Path
) -> None:
    make_collection(isolated_home, NOW, [{"front": f"card {n}"} for n in range(30)], new_per_day=1)
    result = invoke("exam", "docker", "--date", (TODAY + timedelta(days=5)).isoformat())
    assert "30 cards not seen yet; up to 10 new a day (raised from your 1 a day) until 2026-11-30" in result.output
    result = invoke("quiz", input="\n4\n" * 4)  # four cards, then the input ends
    assert result.exit_code == 0, result.output
    assert "10 left" in result.output
    result = invoke("quiz", input=ANSWER_ALL)  # the same day: the limit does not shrink as cards are seen
    assert "26 cards not seen yet; 4 seen today, up to 10 new a day" in result.output
    assert query(db_path, "SELECT count(*) FROM reviews WHERE mode = 'scheduled'") == [(10,)]


# ---- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("docker", "--date", "2026-11-27"), "the exam date 2026-11-27 is not after today (2026-11-28); pick a day ahead"),
        (("docker", "--date", "2026-11-28"), "the exam date 2026-11-28 is not after today (2026-11-28); pick a day ahead"),
        (("nope", "--date", "2026-12-20"), "no deck named 'nope'; see `flashcards decks`"),
        (("nope",), "no deck named 'nope'; see `flashcards decks`"),
        (("docker", "--date", "2026-13-01"), "--date 2026-13-01 is no day of the calendar (the month has no such "
                                             "day, or there is no such month)"),
        (("docker", "--date", "2026-02-30"), "--date 2026-02-30 is no day of the calendar (the month has no such "
                                             "day, or there is no such month)"),
        (("docker", "--date", "12/20/2026"), "--date must be a date written YYYY-MM-DD, got '12/20/2026'"),
        (("docker", "--date", "20261220"), "--date must be a date written YYYY-MM-DD, got '20261220'"),
        (("docker", "--date", "next week"), "--date must be a date written YYYY-MM-DD, got 'next week'"),
        (("docker", "--date", "2026-12-20", "--clear"), "--date and --clear do not go together"),
        (("--date", "2026-12-20"), "name the deck: flashcards exam DECK --date YYYY-MM-DD"),
        (("docker", "--clear"), "deck 'docker' has no exam to clear"),
        (("docker",), "deck 'docker' has no exam; set one with `flashcards exam DECK --date YYYY-MM-DD`"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    invoke: Callable[..., Result], deck: list[int], db_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(db_path)
    result = invoke("exam", *args)
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert snapshot(db_path) == before


def test_a_bad_date_does_not_touch_an_exam_already_set(
    invoke: Callable[..., Result], deck: list[int], db_path: Path
) -> None:
    assert invoke("exam", "docker", "--date", "2026-12-10").exit_code == 0
    before = snapshot(db_path)
    for bad in ("2026-11-01", "2026-02-30", "soon"):
        assert invoke("exam", "docker", "--date", bad).exit_code == 1
    assert snapshot(db_path) == before


# ---- the pure planner ------------------------------------------------------------------------------


def test_learning_days_leave_the_last_two_days_for_review() -> None:
    assert learning_days(TODAY, TODAY + timedelta(days=14)) == 12
    assert learning_days(TODAY, TODAY + timedelta(days=3)) == 1
    assert learning_days(TODAY, TODAY + timedelta(days=1)) == 1


@pytest.mark.parametrize(
    ("unseen", "days", "deck_limit", "expected"),
    [(56, 14, 20, 20), (56, 14, 2, 5), (120, 14, 5, 10), (121, 14, 5, 11), (7, 1, 2, 7), (0, 10, 3, 3)],
)
def test_the_new_limit_is_raised_to_see_every_card_in_time(
    unseen: int, days: int, deck_limit: int, expected: int
) -> None:
    load = exam_load(deck="d", exam_date=TODAY + timedelta(days=days), today=TODAY, unseen=unseen,
                     new_per_day=deck_limit)
    assert load.new_today == expected
    assert load.raised == (expected > deck_limit)
    assert load.new_today * load.learning_days >= unseen


def test_readiness_is_the_share_of_cards_with_predicted_recall_of_90_percent() -> None:
    exam = TODAY + timedelta(days=10)
    cards = [
        ExamCard(1, ("A",), due=exam, interval=10, last_review=TODAY),  # t = I: p = 0.9 exactly, ready
        ExamCard(2, ("A",), due=TODAY + timedelta(days=3), interval=3, last_review=TODAY),  # t = 10 > 3
        ExamCard(3, ("B",), due=None, interval=0),  # never seen: p = 0
        ExamCard(4, ("B",), due=exam, interval=30, last_review=None),  # last review taken as due - I: t = I
    ]
    result = readiness(cards, exam)
    assert (result.cards, result.seen, result.ready) == (4, 3, 2)
    assert result.share == 0.5
    assert result.mean_recall == pytest.approx((0.9 + 0.9 ** (10 / 3) + 0 + 0.9) / 4)
    assert [(s.context, s.ready, s.cards) for s in result.weakest] == [(("B",), 1, 2), (("A",), 1, 2)]
    assert predicted_recall(None, 5, exam) == 0.0
    assert readiness([], exam).share == 0.0


def test_the_exam_listing_s_today_is_the_day_s_queue_as_due_counts_it(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`exam` said "4 new + 2 due" while `due`, `decks` and the quiz said nothing was left: it counted
    the exam's limit and every card due, not the queue (siblings held back, the budget used up)."""
    on(monkeypatch, TODAY)
    assert invoke("quiz", input="").exit_code == 0  # the built-in deck
    assert invoke("exam", "docker", "--date", EXAM.isoformat()).exit_code == 0
    for offset, answered in ((0, 30), (1, 6), (2, 400), (3, 0), (6, 3)):
        on(monkeypatch, TODAY + timedelta(days=offset))
        for _ in range(2):  # at the start of the day and after some of it
            due = json.loads(invoke("due", "--json").output)
            (deck,) = [d for d in due["decks"] if d["deck"] == "docker"] or [{"due": 0, "new": 0}]
            listed = exam_json(invoke)
            assert listed["today"] == {"due": deck["due"], "new": deck["new"]}, (offset, listed, due)
            table = " ".join(invoke("exam").output.split())
            assert f"{deck['new']} new + {deck['due']} due" in table
            result = invoke("quiz", input="\n4\n" * answered + "q\n")
            assert result.exit_code == 0, result.output
