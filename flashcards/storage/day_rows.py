"""The rows behind the day's plan, read with one SQL text on every path.

`flashcards due` must start instantly, so it reads a local SQLite file with the standard `sqlite3`
module (`storage/fast.py`); every other command reads through SQLAlchemy, on SQLite or PostgreSQL.
Both hand this module a `Run` (execute one SQL text with named parameters, return the rows) and get
back the same `DayPlan` from the same `core.day_plan.plan_day`: the SQL below is the only description
of what the plan reads, so the two paths cannot drift apart.

The SQL is plain and portable: no dialect functions, `:name` parameters, dates compared as DATE
columns (SQLite stores them as ISO text, which compares the same way). Rows may carry dates as
`date` objects or ISO strings depending on the driver; `stored_values.row_day` reads both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from flashcards.core.day_plan import NEW_MARGIN, DayInputs, DayPlan, DeckDay, new_bound, plan_day
from flashcards.core.queue import QueueCard
from flashcards.core.vocabulary import Status
from flashcards.storage.stored_values import row_day

__all__ = ["SETTINGS_SQL", "read_day_plan", "settings_from"]

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs `flashcards due` 3 ms (mypy reads both)
if TYPE_CHECKING:  # type aliases only: `typing` costs 8 ms on the path of `flashcards due`
    from typing import Any, TypeAlias

    Row: TypeAlias = Sequence[Any]
    """One result row, as the driver gives it (ints as ints, dates as `date` or ISO text)."""

    Run: TypeAlias = Callable[[str, Mapping[str, object]], Iterable[Row]]
    """Execute one SQL text with named parameters (`date` values included) and return its rows."""

SETTINGS_SQL = "SELECT key, value FROM settings WHERE key IN ('timezone', 'rollover_hour')"
"""The settings that decide which review day it is (read by `Store.today` and by the fast path)."""

_DONE_TODAY = """(SELECT count(*) FROM reviews r JOIN cards c ON c.id = r.card_id
            WHERE c.deck_id = d.id AND r.review_day = :today AND r.mode = 'scheduled'
            AND r.undone_at IS NULL AND r.due_before IS {} NULL)"""

DECKS_SQL = f"""
SELECT d.id, d.name, d.new_per_day, d.reviews_per_day, d.exam_date,
       (SELECT count(*) FROM cards c WHERE c.deck_id = d.id AND c.status = 'active'
            AND c.due IS NOT NULL AND c.due <= :today) AS due_cards,
       (SELECT count(*) FROM cards c WHERE c.deck_id = d.id AND c.status = 'active'
            AND c.due IS NULL) AS new_cards,
       {_DONE_TODAY.format("NOT")} AS reviews_done,
       {_DONE_TODAY.format("")} AS new_done
FROM decks d
"""
"""Each deck's settings and today's four counts (`core.day_plan.DeckDay`)."""

SEEN_TODAY_SQL = """
SELECT DISTINCT COALESCE(c.sibling_key, c.key) FROM reviews r JOIN cards c ON c.id = r.card_id
WHERE r.review_day = :today AND r.mode = 'scheduled' AND r.undone_at IS NULL
"""
"""The sibling groups graded today (`core.queue.sibling_group`: the sibling key, else the key)."""

_CARD_COLUMNS = "c.id, c.due, c.position, c.key, c.sibling_key, c.interval"
_REVERSE = "AND (:reverse_only = 0 OR c.kind LIKE '%-reverse')"

REVIEWS_SQL = f"""
SELECT {_CARD_COLUMNS} FROM cards c
WHERE c.deck_id = :deck AND c.status = 'active' AND c.due IS NOT NULL AND c.due <= :today {_REVERSE}
"""
"""One deck's active cards due on or before today."""

NEW_SQL = f"""
SELECT {_CARD_COLUMNS} FROM cards c
WHERE c.deck_id = :deck AND c.status = 'active' AND c.due IS NULL {_REVERSE}
ORDER BY c.position, c.id
"""
"""One deck's new cards in notes order (all of them; `NEW_PREFIX_SQL` keeps the first `:bound`)."""

NEW_PREFIX_SQL = NEW_SQL + "LIMIT :bound\n"

_RISK = {
    # t / I, t the days from the card's last review (`due - interval`, exact where no exam capped the
    # due date) to today: in each database's date arithmetic, the one part of this SQL that cannot be
    # portable. Both divide doubles, as `queue._risks` does: the same whole numbers, the same quotient.
    "sqlite": "max(julianday(:today) - julianday(c.due) + c.interval, 0) / c.interval",
    "postgresql": "CAST(GREATEST((CAST(:today AS DATE) - c.due) + c.interval, 0) AS DOUBLE PRECISION) / c.interval",
}

_BY_RISK = """
SELECT {columns} FROM cards c
WHERE c.deck_id = :deck AND c.status = 'active' AND c.due IS NOT NULL AND c.due <= :today
ORDER BY CASE WHEN c.interval <= 0 THEN 0.0 ELSE {risk} END DESC, c.due, c.position, c.id
LIMIT :bound
"""
REVIEWS_BY_RISK_SQL = {dialect: _BY_RISK.format(columns=_CARD_COLUMNS, risk=risk) for dialect, risk in _RISK.items()}
"""One deck's first `:bound` due cards in the catch-up order, by database: lowest predicted recall
first, i.e. the highest t / I (`queue._risks`, the same double-precision division of the same whole
numbers, so the same order), ties as the queue breaks them (due date, notes order, id)."""

LAST_REVIEWS_SQL = """
SELECT r.card_id, MAX(r.review_day) FROM reviews r JOIN cards c ON c.id = r.card_id
WHERE c.deck_id = :deck AND c.status = 'active' AND c.due IS NOT NULL AND c.due <= :today
      AND r.mode = 'scheduled' AND r.undone_at IS NULL
GROUP BY r.card_id
"""
"""The last scheduled review day of one deck's due cards (the catch-up order, when an exam capped dues)."""


def settings_from(rows: Iterable[Row]) -> tuple[str | None, str | None]:
    """The (timezone, rollover_hour) settings from `SETTINGS_SQL`'s rows (None where unset)."""
    found = {str(key): None if value is None else str(value) for key, value in rows}
    return found.get("timezone"), found.get("rollover_hour")


def _deck_days(run: Run, today: date, names: Sequence[str] | None) -> dict[int, DeckDay]:
    wanted = None if names is None else set(names)
    decks: dict[int, DeckDay] = {}
    for deck_id, name, new_per_day, reviews_per_day, exam, due_cards, new_cards, reviews_done, new_done in run(
            DECKS_SQL, {"today": today}):
        if wanted is None or name in wanted:
            decks[deck_id] = DeckDay(name, new_per_day, reviews_per_day, row_day(exam), due_cards, new_cards,
                                     reviews_done, new_done)
    return decks


def _cards(rows: Iterable[Row], deck: str, last: Mapping[int, date] | None = None) -> list[QueueCard]:
    """Queue cards from `_CARD_COLUMNS` rows (the hot loop of `due`: 10,000 due cards at 100k)."""
    if last is None:
        return [QueueCard(card_id, deck, row_day(due), position, key, sibling_key, Status.ACTIVE, interval)
                for card_id, due, position, key, sibling_key, interval in rows]
    return [QueueCard(card_id, deck, row_day(due), position, key, sibling_key, Status.ACTIVE, interval, last.get(card_id))
            for card_id, due, position, key, sibling_key, interval in rows]


def _all_due(run: Run, deck_id: int, deck: DeckDay, today: date, reverse: int) -> list[QueueCard]:
    """Every due card of one deck, with its last review day where an exam may have capped due dates."""
    params = {"deck": deck_id, "today": today, "reverse_only": reverse}
    last = None
    if deck.exam_date is not None and deck.over_review_limit(today):
        # The catch-up order applies, and `due - interval` may not be the last review day.
        last = {card_id: day for card_id, day in
                ((card_id, row_day(value)) for card_id, value in run(LAST_REVIEWS_SQL, params)) if day is not None}
    return _cards(run(REVIEWS_SQL, params), deck.name, last)


def read_day_plan(run: Run, today: date, decks: Sequence[str] | None = None, *, dialect: str | None = None,
                  reverse_only: bool = False, new_margin: int = NEW_MARGIN) -> DayPlan:
    """Today's plan for the named decks (every deck when None), read through `run`.

    `dialect` ('sqlite', 'postgresql') lets a backlog be read as a prefix in the catch-up order
    (`REVIEWS_BY_RISK_SQL`); without it, for `--reverse`, and for a deck with an exam (whose due dates
    an exam may have capped) every due card is read. `reverse_only` (the quiz's `--reverse`) plans
    only reverse cards; the limits and what was done today still count every direction. `new_margin`
    is for tests: a small one forces the re-read.
    """
    deck_days = _deck_days(run, today, decks)
    seen = frozenset(str(group) for (group,) in run(SEEN_TODAY_SQL, {"today": today}) if group is not None)
    reverse = 1 if reverse_only else 0
    by_risk = None if reverse_only else REVIEWS_BY_RISK_SQL.get(dialect or "")
    reviews: list[QueueCard] = []
    complete_reviews: set[str] = set()
    new: dict[str, list[QueueCard]] = {}
    for deck_id, deck in deck_days.items():
        if by_risk is not None and deck.exam_date is None and deck.over_review_limit(today):
            bound = new_bound(deck.review_room(today), new_margin)
            if bound:
                params = {"deck": deck_id, "today": today, "bound": bound}
                reviews += _cards(run(by_risk, params), deck.name)
        else:
            if deck.due_cards:
                reviews += _all_due(run, deck_id, deck, today, reverse)
            complete_reviews.add(deck.name)
        bound = new_bound(deck.new_room(today), new_margin) if deck.new_cards else 0
        if bound:
            params = {"deck": deck_id, "today": today, "reverse_only": reverse, "bound": bound}
            new[deck.name] = _cards(run(NEW_PREFIX_SQL, params), deck.name)
    plan = plan_day(DayInputs(today, tuple(deck_days.values()), reviews, new, seen,
                              complete_reviews=frozenset(complete_reviews)))
    if not plan.incomplete:
        return plan
    # Some prefix fell short: read those decks in full and plan again (see core.day_plan).
    reviews = [card for card in reviews if card.deck not in plan.incomplete]
    for deck_id, deck in deck_days.items():
        if deck.name in plan.incomplete:
            reviews += _all_due(run, deck_id, deck, today, reverse)
            params = {"deck": deck_id, "today": today, "reverse_only": reverse}
            new[deck.name] = _cards(run(NEW_SQL, params), deck.name)
    return plan_day(DayInputs(today, tuple(deck_days.values()), reviews, new, seen,
                              complete_reviews=frozenset(complete_reviews) | plan.incomplete,
                              complete_new=plan.incomplete))
