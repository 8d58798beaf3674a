"""`flashcards stats` on a generated history, every number checked against an independent computation.

The history is built through the real write path (`storage.reviews.record_grade`, `undo_review`) over
200 simulated days with study days, a break, repeats, cram grades, undone grades, a leech, a suspended
and a retired card. The expected numbers are computed here straight from the database rows with plain
Python, without `flashcards.core.stats`. The screen is compared with checked-in golden files rendered at 80
columns with NO_COLOR (set UPDATE_GOLDEN=1 to rewrite them after a deliberate change).
"""

from __future__ import annotations

import json
import math
import os
import random
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from sqlalchemy import text

from flashcards.core.stats import (
    StatsCard,
    StatsReview,
    card_state,
    compute_stats,
    heat_level,
    heatmap_start,
    percent_half_up,
)
from flashcards.storage.reviews import record_grade, undo_review
from flashcards.storage.store import Store
from flashcards.core.vocabulary import card_state as vocabulary_card_state
from tests.conftest import make_collection

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
GOLDEN = Path(__file__).parent / "golden"
SECTIONS = [["Core commands", "run"], ["Core commands", "ps"], ["Images"], ["Networking"]]


def _moment(day: date, seconds: int) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC) + timedelta(seconds=seconds)


def build_history(home: Path) -> None:
    """Two decks, 200 days of simulated study ending today; deterministic."""
    cards: list[dict[str, object]] = [
        {"front": f"{'/'.join(SECTIONS[n % 4])} card {n} [list[int]]", "context": SECTIONS[n % 4]}
        for n in range(40)
    ]
    make_collection(home, NOW - timedelta(days=300), cards, deck="docker", new_per_day=6)
    make_collection(home, NOW - timedelta(days=300),
                    [{"front": f"git card {n}", "context": ["Branches"]} for n in range(10)], deck="git")
    store = Store.open(f"sqlite:///{home / 'flashcards.db'}", home, NOW)
    rng = random.Random(20261128)
    leech_id = 1  # graded 4, then 1, again and again: it lapses every other day until it is a leech
    start = TODAY - timedelta(days=199)
    for offset in range(200):
        day = start + timedelta(days=offset)
        if 150 <= offset < 165 or (offset < 190 and rng.random() < 0.2):
            continue  # a break, and days off
        with store.read() as session:
            rows = session.execute(text("SELECT id, due, context FROM cards WHERE status = 'active' ORDER BY id")).all()
        due = [(card_id, context) for card_id, d, context in rows if d is not None and date.fromisoformat(d) <= day]
        new = [(card_id, context) for card_id, d, context in rows if d is None][:4]
        seconds = 0
        for card_id, context in due + new:
            seconds += 30
            weak = "Networking" in context
            if card_id == leech_id:
                quality = 1 if offset % 2 else 4
            else:
                quality = rng.choice([1, 2, 3, 3, 4, 4, 5] if weak else [2, 3, 4, 4, 5, 5, 5])
            outcome = record_grade(store, card_id=card_id, quality=quality, now=_moment(day, seconds),
                                   today=day, mode="scheduled", duration_ms=rng.randint(800, 20000))
            if quality < 4:
                seconds += 5
                record_grade(store, card_id=card_id, quality=4, now=_moment(day, seconds), today=day,
                             mode="repeat", duration_ms=rng.randint(800, 9000))
            elif rng.random() < 0.03:
                undo_review(store, outcome.review_id, _moment(day, seconds + 1))
        if rng.random() < 0.1:
            seconds += 30
            record_grade(store, card_id=rng.randint(2, 40), quality=rng.randint(2, 5), now=_moment(day, seconds),
                         today=day, mode="cram", duration_ms=rng.randint(800, 9000))
    connection = sqlite3.connect(home / "flashcards.db")
    connection.execute("UPDATE cards SET status = 'suspended' WHERE id = 7")
    connection.execute("UPDATE cards SET status = 'retired' WHERE id = 8")
    connection.commit()
    connection.close()
    store.close()


@pytest.fixture(scope="module")
def built_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once (it takes seconds); each test gets a copy."""
    home = tmp_path_factory.mktemp("history")
    build_history(home)
    connection = sqlite3.connect(home / "flashcards.db")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return home / "flashcards.db"


@pytest.fixture
def history(isolated_home: Path, built_history: Path) -> Path:
    isolated_home.mkdir(parents=True, exist_ok=True)
    db = isolated_home / "flashcards.db"
    db.write_bytes(built_history.read_bytes())
    return db


# ---- the independent computation -------------------------------------------------------------------


def expected(db: Path, deck: str | None) -> dict[str, Any]:
    connection = sqlite3.connect(db)
    card_rows = connection.execute(
        "SELECT c.id, d.name, c.front, c.status, c.due, c.interval, c.lapses, c.tags, c.context "
        "FROM cards c JOIN decks d ON d.id = c.deck_id"
    ).fetchall()
    cards = {row[0]: row for row in card_rows if deck is None or row[1] == deck}
    reviews = [
        (card_id, date.fromisoformat(day), grade, mode, due_before, duration)
        for card_id, day, grade, mode, due_before, duration in connection.execute(
            "SELECT card_id, review_day, grade, mode, due_before, duration_ms FROM reviews WHERE undone_at IS NULL")
        if card_id in cards
    ]
    connection.close()

    todays = [r for r in reviews if r[1] == TODAY]
    first = [r for r in todays if r[3] != "repeat"]
    correct = len([r for r in first if r[2] >= 3])  # SM-2's pass mark, as the quiz summary counts
    today = {
        "reviewed": len(first), "learned": len([r for r in todays if r[3] == "scheduled" and r[4] is None]),
        "correct": correct,
        "correct_percent": math.floor(Fraction(100 * correct, len(first)) + Fraction(1, 2)) if first else None,
        "grades": len(todays), "time_ms": sum(r[5] or 0 for r in todays),
    }

    per_day = Counter(r[1] for r in reviews if r[3] != "repeat")
    study_days = sorted(per_day)
    longest, run = 0, 0
    for a, b in zip([None, *study_days], study_days, strict=False):
        run = run + 1 if a is not None and b - a == timedelta(days=1) else 1
        longest = max(longest, run)
    current, cursor = 0, TODAY if per_day[TODAY] else TODAY - timedelta(days=1)
    while per_day[cursor]:
        current, cursor = current + 1, cursor - timedelta(days=1)

    retention = []
    for days in (7, 30, 365):
        window = [r for r in reviews if r[3] == "scheduled" and r[4] is not None
                  and TODAY - timedelta(days=days) < r[1] <= TODAY]
        passed = len([r for r in window if r[2] >= 3])
        retention.append({"days": days, "reviews": len(window), "passed": passed,
                          "rate": passed / len(window) if window else None})

    states: Counter[str] = Counter()
    for _, _, _, status, due, interval, *_ in cards.values():
        if status != "active":
            states[status] += 1
        elif due is None:
            states["new"] += 1
        else:
            states["learning" if interval < 7 else "young" if interval < 21 else "mature"] += 1
    card_counts = {name: states[name] for name in ("new", "learning", "young", "mature", "suspended", "retired")}
    card_counts["total"] = len(cards)

    due_dates = [date.fromisoformat(row[4]) for row in cards.values() if row[3] == "active" and row[4]]
    forecast = [{"date": (TODAY + timedelta(days=i)).isoformat(),
                 "due": sum(1 for d in due_dates if (d <= TODAY if i == 0 else d == TODAY + timedelta(days=i)))}
                for i in range(30)]

    monday = TODAY - timedelta(days=TODAY.weekday()) - timedelta(weeks=25)
    heat_days = [monday + timedelta(days=i) for i in range((TODAY - monday).days + 1)]
    busiest = max(per_day[d] for d in heat_days)
    heatmap = {"start": monday.isoformat(), "end": TODAY.isoformat(), "busiest": busiest,
               "days": [{"date": d.isoformat(), "reviews": per_day[d],
                         "level": math.ceil(4 * per_day[d] / busiest) if per_day[d] else 0} for d in heat_days]}

    sections: dict[tuple[str, tuple[str, ...]], dict[str, int]] = defaultdict(
        lambda: {"reviews": 0, "passed": 0, "lapses": 0, "cards": 0})
    for _card_id, name, _, _, _, _, lapses, _, context in cards.values():
        key = (name, tuple(json.loads(context)))
        sections[key]["lapses"] += lapses
        sections[key]["cards"] += 1
    for card_id, day, grade, mode, due_before, _ in reviews:
        if mode == "scheduled" and due_before is not None and day > TODAY - timedelta(days=365):
            row = cards[card_id]
            key = (row[1], tuple(json.loads(row[8])))
            sections[key]["reviews"] += 1
            sections[key]["passed"] += grade >= 3
    ranked = sorted(
        ((name, context, s) for (name, context), s in sections.items()
         if s["reviews"] >= 10 and (s["passed"] < s["reviews"] or s["lapses"] > 0)),
        key=lambda item: (item[2]["passed"] / item[2]["reviews"], -item[2]["lapses"], item[0], item[1]))
    weak = [{"deck": name, "section": list(context), "reviews": s["reviews"], "passed": s["passed"],
             "retention": s["passed"] / s["reviews"], "lapses": s["lapses"], "cards": s["cards"]}
            for name, context, s in ranked]

    leech_rows = sorted((row for row in cards.values() if "leech" in row[7].split()),
                        key=lambda row: (-row[6], row[1], row[0]))
    leeches = [{"id": row[0], "deck": row[1], "front": row[2], "lapses": row[6], "status": row[3],
                "section": json.loads(row[8])} for row in leech_rows]

    return {
        "date": TODAY.isoformat(), "deck": deck, "today": today,
        "streak": {"current": current, "longest": longest, "studied_today": bool(per_day[TODAY])},
        "retention": retention, "cards": card_counts,
        "forecast": {"overdue": sum(1 for d in due_dates if d < TODAY), "days": forecast},
        "heatmap": heatmap, "weakest_sections": weak[:5], "leeches": leeches,
    }


# ---- the command -----------------------------------------------------------------------------------


@pytest.mark.parametrize("deck", [None, "docker", "git"])
def test_every_number_in_json_matches_an_independent_computation(
    invoke: Callable[..., Result], history: Path, deck: str | None
) -> None:
    result = invoke("stats", *([deck] if deck else []), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    want = expected(history, deck)
    thresholds = data.pop("thresholds")
    assert thresholds["min_section_reviews"] == 10 and thresholds["pass_grade"] == 3
    # What is left today is the day's plan: the numbers `due` prints, for the deck or for all.
    planned = json.loads(invoke("due", "--json").output)
    shown = planned if deck is None else next(d for d in planned["decks"] if d["deck"] == deck)
    assert data.pop("left_today") == {"due": shown["due"], "new": shown["new"]}
    for key in want:
        assert data[key] == want[key], key
    assert set(data) == set(want)


def test_the_history_exercises_every_statistic(history: Path, invoke: Callable[..., Result]) -> None:
    # Guard against a generator that silently stops covering a case.
    data = json.loads(invoke("stats", "--json").output)
    assert data["today"]["reviewed"] > 0 and data["today"]["time_ms"] > 0 and data["today"]["learned"] == 0
    assert data["today"]["grades"] > data["today"]["reviewed"]  # repeats today
    assert data["streak"]["studied_today"] and data["streak"]["longest"] > data["streak"]["current"] > 0
    assert all(r["reviews"] > 0 and 0 < r["rate"] < 1 for r in data["retention"])
    assert all(data["cards"][state] > 0 for state in ("learning", "young", "mature", "suspended", "retired"))
    assert data["forecast"]["overdue"] >= 0 and sum(d["due"] for d in data["forecast"]["days"]) > 0
    assert {d["level"] for d in data["heatmap"]["days"]} == {0, 1, 2, 3, 4}
    assert data["weakest_sections"] and data["weakest_sections"][0]["section"] == ["Networking"]
    assert 1 in [c["id"] for c in data["leeches"]] and data["leeches"][0]["lapses"] >= 8
    connection = sqlite3.connect(history)
    assert connection.execute("SELECT count(*) FROM reviews WHERE undone_at IS NOT NULL").fetchone()[0] > 0
    assert connection.execute("SELECT count(*) FROM reviews WHERE mode = 'cram'").fetchone()[0] > 0
    connection.close()


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "golden"), [((), "stats-all.txt"), (("git",), "stats-git.txt")])
def test_the_screen_at_80_columns_without_colour(
    invoke: Callable[..., Result], history: Path, args: tuple[str, ...], golden: str
) -> None:
    result = invoke("stats", *args)
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    _golden(golden, result.output)


def test_an_empty_collection(invoke: Callable[..., Result], isolated_home: Path) -> None:
    make_collection(isolated_home, NOW, [])
    result = invoke("stats")
    assert result.exit_code == 0, result.output
    assert "Nothing due in the next 30 days." in result.output
    _golden("stats-empty.txt", result.output)
    data = json.loads(invoke("stats", "--json").output)
    assert data["streak"] == {"current": 0, "longest": 0, "studied_today": False}
    assert data["today"]["correct_percent"] is None and data["retention"][0]["rate"] is None


def test_an_unknown_deck_is_a_one_line_error(invoke: Callable[..., Result], isolated_home: Path) -> None:
    make_collection(isolated_home, NOW, [{"front": "a"}])
    result = invoke("stats", "nope")
    assert result.exit_code == 1
    assert result.output == "Error: no deck named 'nope'; see `flashcards decks`\n"


def test_user_text_is_not_markup(invoke: Callable[..., Result], isolated_home: Path) -> None:
    front = "[bold]x[/] list[int] :smile: C:\\"
    ids = make_collection(isolated_home, NOW, [{"front": front, "context": ["[/]", "arr[i]"], "lapses": 8,
                                                "tags": "leech", "status": "suspended", "due": TODAY}],
                          deck="[red]d")
    result = invoke("stats")
    assert result.exit_code == 0, result.output
    assert "[red]d › [/] › arr[i]" in result.output
    assert "[bold]x[/] list[int]" in result.output and str(ids[0]) in result.output


# ---- the pure module ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "due", "interval", "state"),
    [
        ("active", None, 0, "new"),
        ("active", TODAY, 0, "learning"),
        ("active", TODAY, 6, "learning"),
        ("active", TODAY, 7, "young"),
        ("active", TODAY, 20, "young"),
        ("active", TODAY, 21, "mature"),
        ("active", TODAY, 400, "mature"),
        ("suspended", TODAY, 400, "suspended"),
        ("suspended", None, 0, "suspended"),
        ("retired", TODAY, 3, "retired"),
    ],
)
def test_card_state_is_the_one_definition_cards_and_stats_use(
    status: str, due: date | None, interval: int, state: str
) -> None:
    # One function (`vocabulary.card_state`) for `flashcards cards` and `flashcards stats`.
    assert card_state(status, due, interval) == state
    assert card_state is vocabulary_card_state


def _review(day: date, grade: int = 4, mode: str = "scheduled", first: bool = False) -> StatsReview:
    return StatsReview(card_id=1, day=day, grade=grade, mode=mode, first_sight=first, duration_ms=1000)


def test_streak_keeps_going_until_today_is_over() -> None:
    daily = {TODAY - timedelta(days=n): 3 for n in (1, 2, 3, 5, 6)}
    stats = compute_stats([], [], daily, TODAY)
    assert (stats.streak.current, stats.streak.longest, stats.streak.studied_today) == (3, 3, False)
    stats = compute_stats([], [], {**daily, TODAY: 1}, TODAY)
    assert (stats.streak.current, stats.streak.longest) == (4, 4)
    stats = compute_stats([], [], {TODAY - timedelta(days=2): 1}, TODAY)
    assert (stats.streak.current, stats.streak.longest) == (0, 1)
    # A day in the future (a clock set back) and a zero count are not study days.
    stats = compute_stats([], [], {TODAY + timedelta(days=1): 5, TODAY: 0}, TODAY)
    assert (stats.streak.current, stats.streak.longest) == (0, 0)


def test_retention_counts_scheduled_grades_of_cards_seen_before() -> None:
    reviews = [
        _review(TODAY, 5), _review(TODAY, 2), _review(TODAY, 3),
        _review(TODAY, 0, first=True),  # first sight: tests nothing
        _review(TODAY, 1, mode="repeat"), _review(TODAY, 0, mode="cram"),
        _review(TODAY - timedelta(days=7), 0),  # outside the 7-day window, inside 30
        _review(TODAY - timedelta(days=365), 0),  # outside every window
    ]
    stats = compute_stats([], reviews, {}, TODAY)
    assert [(r.days, r.reviews, r.passed) for r in stats.retention] == [(7, 3, 2), (30, 4, 2), (365, 4, 2)]
    assert stats.day.reviewed == 5 and stats.day.grades == 6 and stats.day.learned == 1
    # correct: the 5 and the 3 (3+, the quiz summary's rule too), not the 2, the first-sight 0 or the cram 0
    assert stats.day.correct == 2 and stats.day.correct_percent == 40 and stats.day.time_ms == 6000


def test_percent_rounds_half_up() -> None:
    assert percent_half_up(1, 8) == 13 and percent_half_up(1, 200) == 1 and percent_half_up(0, 0) is None


def test_heat_levels() -> None:
    assert [heat_level(n, 8) for n in range(9)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert heat_level(1, 1000) == 1 and heat_level(0, 0) == 0


def test_heatmap_covers_26_whole_weeks_from_a_monday() -> None:
    for today in (date(2026, 11, 23), date(2026, 11, 29), date(2027, 1, 1)):
        start = heatmap_start(today)
        assert start.weekday() == 0 and (today - start).days // 7 == 25
        assert len(compute_stats([], [], {}, today).heatmap.days) == (today - start).days + 1


def test_forecast_puts_overdue_cards_today_and_skips_inactive_ones() -> None:
    def card(card_id: int, due: date | None, status: str = "active") -> StatsCard:
        return StatsCard(id=card_id, deck="d", front="f", status=status, due=due, interval=3, lapses=0)

    cards = [card(1, TODAY - timedelta(days=4)), card(2, TODAY), card(3, TODAY + timedelta(days=29)),
             card(4, TODAY + timedelta(days=30)), card(5, TODAY, "suspended"), card(6, None)]
    stats = compute_stats(cards, [], {}, TODAY)
    assert len(stats.forecast) == 30 and stats.overdue == 1
    assert [d.count for d in stats.forecast] == [2] + [0] * 28 + [1]


def test_weakest_sections_need_ten_reviews_and_rank_by_retention_then_lapses() -> None:
    def card(card_id: int, context: str, lapses: int = 0) -> StatsCard:
        return StatsCard(id=card_id, deck="d", front="f", status="active", due=TODAY, interval=3,
                         lapses=lapses, context=(context,))

    cards = [card(1, "A"), card(2, "B", lapses=2), card(3, "C", lapses=5), card(4, "D"), card(5, "E")]
    reviews = []
    for card_id, passes in ((1, 8), (2, 9), (3, 9), (4, 10)):
        reviews += [StatsReview(card_id, TODAY, 4 if n < passes else 1, "scheduled") for n in range(10)]
    reviews += [StatsReview(5, TODAY, 0, "scheduled") for _ in range(9)]  # too few to rank
    weakest = compute_stats(cards, reviews, {}, TODAY).weakest
    # A 80%; C and B 90% (C has more lapses); D is perfect with no lapse; E has 9 reviews.
    assert [s.context for s in weakest] == [("A",), ("C",), ("B",)]
