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
from flashcards.core.queue import Budget, QueueCard
from flashcards.core.settings import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY, parse_count
from flashcards.core.vocabulary import Status
from flashcards.storage.stored_values import row_day

__all__ = ["BUDGET_SQL", "SETTINGS_SQL", "budget_from", "read_day_plan", "settings_from"]

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs `flashcards due` 3 ms (mypy reads both)
if TYPE_CHECKING:  # type aliases only: `typing` costs 8 ms on the path of `flashcards due`
    from typing import Any, TypeAlias

    Row: TypeAlias = Sequence[Any]
    """One result row, as the driver gives it (ints as ints, dates as `date` or ISO text)."""

    Run: TypeAlias = Callable[[str, Mapping[str, object]], Iterable[Row]]
    """Execute one SQL text with named parameters (`date` values included) and return its rows."""

SETTINGS_SQL = "SELECT key, value FROM settings WHERE key IN ('timezone', 'rollover_hour')"
"""The settings that decide which review day it is (read by `Store.today` and by the fast path)."""

BUDGET_SQL = "SELECT key, value FROM settings WHERE key IN ('new_per_day', 'reviews_per_day')"
"""The collection's daily budget, shared by every deck (`core.day_plan`)."""

_DONE_TODAY = """(SELECT count(*) FROM reviews r JOIN cards c ON c.id = r.card_id
            WHERE c.deck_id = d.id AND r.review_day = :today AND r.mode IN ('scheduled', 'anki')
            AND r.undone_at IS NULL AND r.due_before IS {} NULL)"""

DECKS_SQL = f"""
SELECT d.id, d.name, d.status, d.new_per_day, d.reviews_per_day, d.exam_date,
       (SELECT count(*) FROM cards c WHERE c.deck_id = d.id AND c.status = 'active'
            AND c.due IS NOT NULL AND c.due <= :today) AS due_cards,
       (SELECT count(*) FROM cards c WHERE c.deck_id = d.id AND c.status = 'active'
            AND c.due IS NULL) AS new_cards,
       {_DONE_TODAY.format("NOT")} AS reviews_done,
       {_DONE_TODAY.format("")} AS new_done,
       d.scheduler, d.desired_retention, d.fsrs_parameters
FROM decks d
"""
"""Each deck's status, settings and today's four counts (`core.day_plan.DeckDay`); every deck, as what
a suspended or retired deck did today still used up the day's budget."""

# The sibling key the queue reads (`core.queue.QueueCard.sibling_key`): a reverse card's forward key, as
# stored, and for a cloze card its sentence: every cloze of one sentence (same deck, same answer: the
# whole sentence) is one group, so the quiz never shows "Water is made of [...] and oxygen" and then
# "Water is made of hydrogen and [...]", each giving the other away. Computed here, not stored: the
# export pairs cards by the stored sibling key (a term and its reverse), and clozes by `core.cloze_notes`.
_SIBLING_KEY = "CASE WHEN c.kind = 'cloze' THEN 'cloze|' || c.deck_id || '|' || c.back ELSE c.sibling_key END"

SEEN_TODAY_SQL = f"""
SELECT DISTINCT COALESCE({_SIBLING_KEY}, c.key) FROM reviews r JOIN cards c ON c.id = r.card_id
WHERE r.review_day = :today AND r.mode IN ('scheduled', 'anki') AND r.undone_at IS NULL
"""
"""The sibling groups graded today (`core.queue.sibling_group`: the sibling key, else the key)."""

GRADES_TODAY_SQL = """
SELECT r.card_id, r.grade, c.deck_id FROM reviews r JOIN cards c ON c.id = r.card_id
WHERE r.review_day = :today AND r.mode IN ('scheduled', 'repeat') AND r.undone_at IS NULL
      AND c.status = 'active' AND (:reverse_only = 0 OR c.kind LIKE '%-reverse')
ORDER BY r.reviewed_at, r.id
"""
"""Today's standing scheduled and repeat grades, oldest first (`day_plan.owed_repeats` reads them)."""

_CARD_COLUMNS = f"c.id, c.due, c.position, c.key, {_SIBLING_KEY} AS sibling_key, c.interval"
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

# On a server every statement is a round trip: a plan of 2,000 decks (one per note file) sent 2,000
# prefix queries, most of `due`'s time on PostgreSQL. There, one LATERAL query reads every deck's
# prefix at once (`:decks` and `:bounds` are arrays, each deck's bound beside its id), and the due
# cards of the decks read in full come in one query. SQLite has no LATERAL, and its per-deck queries
# are calls into the same process, so it keeps them. The rows' order does not matter: the queue
# sorts what it is given.
_PREFIX_COLUMNS = "n.deck_id, n.id, n.due, n.position, n.key, n.sibling_key, n.interval"
_EACH_DECK = "unnest(CAST(:decks AS INTEGER[]), CAST(:bounds AS INTEGER[])) AS b(deck, bound)"

NEW_PREFIXES_SQL = {"postgresql": f"""
SELECT {_PREFIX_COLUMNS} FROM {_EACH_DECK} CROSS JOIN LATERAL (
    SELECT c.deck_id, {_CARD_COLUMNS} FROM cards c
    WHERE c.deck_id = b.deck AND c.status = 'active' AND c.due IS NULL {_REVERSE}
    ORDER BY c.position, c.id LIMIT b.bound) n
"""}
"""Each of `:decks`' first `:bounds` new cards (`NEW_PREFIX_SQL` deck by deck), by database."""

REVIEWS_BY_RISK_PREFIXES_SQL = {"postgresql": f"""
SELECT {_PREFIX_COLUMNS} FROM {_EACH_DECK} CROSS JOIN LATERAL (
    {_BY_RISK.format(columns="c.deck_id, " + _CARD_COLUMNS, risk=_RISK["postgresql"]).strip()}) n
""".replace("c.deck_id = :deck", "c.deck_id = b.deck").replace("LIMIT :bound", "LIMIT b.bound")}
"""Each of `:decks`' first `:bounds` due cards in the catch-up order (`REVIEWS_BY_RISK_SQL` deck by
deck), by database."""

ALL_REVIEWS_SQL = {"postgresql": f"""
SELECT c.deck_id, {_CARD_COLUMNS} FROM cards c
WHERE c.deck_id = ANY(CAST(:decks AS INTEGER[])) AND c.status = 'active' AND c.due IS NOT NULL
      AND c.due <= :today {_REVERSE}
"""}
"""The due cards of every deck in `:decks` (`REVIEWS_SQL` deck by deck), by database."""

LAST_REVIEWS_SQL = """
SELECT r.card_id, MAX(r.review_day) FROM reviews r JOIN cards c ON c.id = r.card_id
WHERE c.deck_id = :deck AND c.status = 'active' AND c.due IS NOT NULL AND c.due <= :today
      AND r.mode IN ('scheduled', 'anki') AND r.undone_at IS NULL
GROUP BY r.card_id
"""
"""The last scheduled review day of one deck's due cards (the catch-up order, when an exam capped dues)."""

FSRS_MEMORY_SQL = """
SELECT c.id, c.fsrs_stability, c.fsrs_difficulty, c.fsrs_reviewed_on FROM cards c
WHERE c.deck_id = :deck AND c.status = 'active' AND c.due IS NOT NULL AND c.due <= :today
      AND c.fsrs_stability IS NOT NULL
"""
"""FSRS's memory state of an FSRS deck's due cards (its catch-up order is by FSRS's retrievability)."""

FsrsSettings = tuple[object, object, object]
"""An FSRS deck's stored (scheduler, desired_retention, fsrs_parameters), read into its scheduler only
when its catch-up order is needed (py-fsrs is not imported on the path of an SM-2 collection's `due`)."""


def settings_from(rows: Iterable[Row]) -> tuple[str | None, str | None]:
    """The (timezone, rollover_hour) settings from `SETTINGS_SQL`'s rows (None where unset)."""
    found = {str(key): None if value is None else str(value) for key, value in rows}
    return found.get("timezone"), found.get("rollover_hour")


def budget_from(rows: Iterable[Row]) -> tuple[int, int]:
    """(new_per_day, reviews_per_day) of the collection from `BUDGET_SQL`'s rows (defaults where unset).

    Raises:
        BadSetting: a stored value is not a daily count.
    """
    found = {str(key): None if value is None else str(value) for key, value in rows}
    return (parse_count("new_per_day", found.get("new_per_day"), DEFAULT_NEW_PER_DAY),
            parse_count("reviews_per_day", found.get("reviews_per_day"), DEFAULT_REVIEWS_PER_DAY))


def _deck_days(run: Run, today: date, names: Sequence[str] | None, fsrs: dict[int, FsrsSettings] | None = None
               ) -> tuple[dict[int, DeckDay], Budget, tuple[tuple[str, str], ...]]:
    """The active decks planned (the named ones, or all), the budget with what every deck used of it
    today, and the named decks that are suspended or retired ((name, status), not planned); `fsrs`,
    when given, receives the planned decks that use FSRS (their stored settings)."""
    wanted = None if names is None else set(names)
    decks: dict[int, DeckDay] = {}
    paused = []
    new_total = reviews_total = 0
    for (deck_id, name, status, new_per_day, reviews_per_day, exam, due_cards, new_cards, reviews_done, new_done,
         scheduler, retention, parameters) in run(DECKS_SQL, {"today": today}):
        new_total += new_done
        reviews_total += reviews_done
        if wanted is not None and name not in wanted:
            continue
        if status != Status.ACTIVE:
            if wanted is not None:
                paused.append((str(name), str(status)))
            continue
        decks[deck_id] = DeckDay(name, new_per_day, reviews_per_day, row_day(exam), due_cards, new_cards,
                                 reviews_done, new_done)
        if scheduler != "sm2" and fsrs is not None:
            fsrs[deck_id] = (scheduler, retention, parameters)
    new_per_day, reviews_per_day = budget_from(run(BUDGET_SQL, {}))
    budget = Budget(new_per_day=new_per_day, reviews_per_day=reviews_per_day, new_done=new_total,
                    reviews_done=reviews_total)
    return decks, budget, tuple(sorted(paused))


def _cards(rows: Iterable[Row], deck: str, last: Mapping[int, date] | None = None) -> list[QueueCard]:
    """Queue cards from `_CARD_COLUMNS` rows (the hot loop of `due`: 10,000 due cards at 100k)."""
    if last is None:
        return [QueueCard(card_id, deck, row_day(due), position, key, sibling_key, Status.ACTIVE, interval)
                for card_id, due, position, key, sibling_key, interval in rows]
    return [QueueCard(card_id, deck, row_day(due), position, key, sibling_key, Status.ACTIVE, interval, last.get(card_id))
            for card_id, due, position, key, sibling_key, interval in rows]


def _cards_of_decks(rows: Iterable[Row], decks: Mapping[int, DeckDay]) -> list[QueueCard]:
    """Queue cards from rows of several decks (`_PREFIX_COLUMNS`: the deck's id first)."""
    return [QueueCard(card_id, decks[deck_id].name, row_day(due), position, key, sibling_key, Status.ACTIVE,
                      interval)
            for deck_id, card_id, due, position, key, sibling_key, interval in rows]


def _by_deck(cards: Iterable[QueueCard]) -> dict[str, list[QueueCard]]:
    grouped: dict[str, list[QueueCard]] = {}
    for card in cards:
        grouped.setdefault(card.deck, []).append(card)
    return grouped


def _fsrs_recall(run: Run, params: Mapping[str, object], settings: FsrsSettings, today: date) -> dict[int, float]:
    """FSRS's retrievability today of an FSRS deck's due cards (py-fsrs's, through the deck's scheduler)."""
    import json

    from flashcards.core.schedulers import DeckScheduler, FsrsMemory

    kind, retention, parameters = settings
    if isinstance(parameters, str):  # SQLite's JSON is text on the plain-SQL paths
        parameters = json.loads(parameters)
    scheduler = DeckScheduler.of(str(kind), float(str(retention)), parameters)  # type: ignore[arg-type]
    if not scheduler.is_fsrs:
        return {}
    found = {}
    for card_id, stability, difficulty, reviewed_on in run(FSRS_MEMORY_SQL, params):
        day = row_day(reviewed_on)
        if day is not None and difficulty is not None:
            found[card_id] = scheduler.retrievability(FsrsMemory(float(stability), float(difficulty), day), today)
    return found


def _all_due(run: Run, deck_id: int, deck: DeckDay, today: date, reverse: int, budget: Budget,
             fsrs: FsrsSettings | None = None) -> list[QueueCard]:
    """Every due card of one deck, with its last review day where an exam may have capped due dates,
    and FSRS's retrievability for an FSRS deck's catch-up order."""
    params = {"deck": deck_id, "today": today, "reverse_only": reverse}
    last = None
    if fsrs is not None and deck.over_review_limit(today, budget):
        recall = _fsrs_recall(run, params, fsrs, today)
        cards = _cards(run(REVIEWS_SQL, params), deck.name)
        for card in cards:
            card.recall = recall.get(card.id)
        return cards
    if deck.exam_date is not None and deck.over_review_limit(today, budget):
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
    is for tests: a small one forces the re-read. Suspended and retired decks are not planned (a named
    one is in `DayPlan.paused`).

    Raises:
        BadSetting: the stored budget is not a daily count.
    """
    fsrs: dict[int, FsrsSettings] = {}
    deck_days, budget, paused = _deck_days(run, today, decks, fsrs)
    seen = frozenset(str(group) for (group,) in run(SEEN_TODAY_SQL, {"today": today}) if group is not None)
    reverse = 1 if reverse_only else 0
    by_risk = None if reverse_only else REVIEWS_BY_RISK_SQL.get(dialect or "")
    risk_bounds: dict[int, int] = {}  # deck id -> how many due cards to read in the catch-up order
    read_all: list[int] = []  # decks whose due cards are all read
    new_bounds: dict[int, int] = {}  # deck id -> how many new cards to read in notes order
    complete_reviews: set[str] = set()
    for deck_id, deck in deck_days.items():
        if (by_risk is not None and deck.exam_date is None and deck_id not in fsrs
                and deck.over_review_limit(today, budget)):
            bound = new_bound(deck.review_share(today, budget), new_margin)
            if bound:
                risk_bounds[deck_id] = bound
        else:
            if deck.due_cards:
                read_all.append(deck_id)
            complete_reviews.add(deck.name)
        bound = new_bound(deck.new_share(today, budget), new_margin) if deck.new_cards else 0
        if bound:
            new_bounds[deck_id] = bound
    reviews: list[QueueCard] = []
    new: dict[str, list[QueueCard]] = {}
    batched = dialect in NEW_PREFIXES_SQL
    if batched and by_risk is not None and risk_bounds:
        reviews += _cards_of_decks(run(REVIEWS_BY_RISK_PREFIXES_SQL[dialect or ""], {
            "today": today, "decks": list(risk_bounds), "bounds": list(risk_bounds.values())}), deck_days)
    else:
        for deck_id, bound in risk_bounds.items():
            assert by_risk is not None
            reviews += _cards(run(by_risk, {"deck": deck_id, "today": today, "bound": bound}),
                              deck_days[deck_id].name)
    plain = [deck_id for deck_id in read_all
             if deck_days[deck_id].exam_date is None and deck_id not in fsrs] if batched else []
    if plain:
        reviews += _cards_of_decks(run(ALL_REVIEWS_SQL[dialect or ""], {
            "today": today, "decks": plain, "reverse_only": reverse}), deck_days)
    for deck_id in read_all:
        if deck_id not in plain:
            reviews += _all_due(run, deck_id, deck_days[deck_id], today, reverse, budget, fsrs.get(deck_id))
    if batched and new_bounds:
        new = _by_deck(_cards_of_decks(run(NEW_PREFIXES_SQL[dialect or ""], {
            "today": today, "decks": list(new_bounds), "bounds": list(new_bounds.values()),
            "reverse_only": reverse}), deck_days))
        for deck_id in new_bounds:
            new.setdefault(deck_days[deck_id].name, [])
    else:
        for deck_id, bound in new_bounds.items():
            params = {"deck": deck_id, "today": today, "reverse_only": reverse, "bound": bound}
            new[deck_days[deck_id].name] = _cards(run(NEW_PREFIX_SQL, params), deck_days[deck_id].name)
    grades_today = [(card_id, grade) for card_id, grade, deck_id in
                    run(GRADES_TODAY_SQL, {"today": today, "reverse_only": reverse}) if deck_id in deck_days]
    plan = plan_day(DayInputs(today, tuple(deck_days.values()), reviews, new, seen,
                              complete_reviews=frozenset(complete_reviews), grades_today=grades_today,
                              budget=budget, paused=paused))
    if not plan.incomplete:
        return plan
    # Some prefix fell short: read those decks in full and plan again (see core.day_plan).
    reviews = [card for card in reviews if card.deck not in plan.incomplete]
    for deck_id, deck in deck_days.items():
        if deck.name in plan.incomplete:
            reviews += _all_due(run, deck_id, deck, today, reverse, budget, fsrs.get(deck_id))
            params = {"deck": deck_id, "today": today, "reverse_only": reverse}
            new[deck.name] = _cards(run(NEW_SQL, params), deck.name)
    return plan_day(DayInputs(today, tuple(deck_days.values()), reviews, new, seen,
                              complete_reviews=frozenset(complete_reviews) | plan.incomplete,
                              complete_new=plan.incomplete, grades_today=grades_today, budget=budget,
                              paused=paused))
