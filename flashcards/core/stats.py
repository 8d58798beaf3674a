"""Progress statistics, pure: plain rows and a review day in, numbers out (no database, no clock).

Definitions (each pinned by `tests/test_stats.py`, and carried by `flashcards stats --json`):

- A **review** is a grade given in `scheduled`, `anki` (given in Anki, brought back) or `cram` mode and
  not undone. A same-session repeat of
  a card graded below 4 (`repeat` mode) is part of the review it repeats, so it adds time but is not a
  review of its own. Reviews are counted on the learner's review day (rollover hour, time zone), as
  stored in the log.
- **Today**: `reviewed` reviews today; `learned` scheduled grades today on cards seen for the first
  time; `correct` reviews today graded 3 or more (`vocabulary.counts_as_correct`, SM-2's pass mark),
  the quiz summary's measure (`correct_percent` rounded half up like it); `time_ms` the time spent on
  every grade today, repeats included; `grades` every grade today.
- **Streak**: a study day is a day with at least one review. `current` is the run of study days ending
  today, or ending yesterday while today has no review yet (the day is not over, so the streak is not
  broken); `longest` the longest run ever.
- **Retention** over the last N days (7, 30, 365; today included): among scheduled grades of cards
  that had been seen before (a first sight tests nothing), the share graded 3 or more, SM-2's pass
  mark. `rate` is None when there was no such review.
- **Cards by state**: `vocabulary.card_state`'s definitions (the ones `flashcards cards` shows):
  suspended, retired; new (never seen); learning (interval under 7 days), young (under 21), mature
  (21 and more).
- **Forecast**: active cards due on each of the next 30 days, today first; today's count includes the
  overdue cards (they are due today too), also given apart as `overdue`.
- **Heatmap**: reviews per day over the last 26 weeks, as whole calendar weeks from Monday: the first
  day is the Monday 25 weeks before this week's. Heat levels 0..4: 0 for no review, else
  ceil(4 × count / busiest day), so the busiest day is 4 and any study day at least 1.
- **Weakest sections** (a section is a deck and a heading path): over the retention reviews of the
  last 365 days, sections with at least `MIN_SECTION_REVIEWS` (10) of them, since a rate out of fewer
  reviews says little; ranked by retention (lowest first), then by the lapses of their cards (most
  first). Sections with full retention and no lapse are not weak and are left out; at most 5 shown.
- **Leeches**: cards tagged `leech` (8 lapses, `flashcards.core.scheduling`), most lapses first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from flashcards.core.scheduling import LEECH_TAG
from flashcards.core.vocabulary import (
    CORRECT_FROM,
    CORRECT_GRADE,
    PASS_GRADE,
    SCHEDULING_MODES,
    LearningState,
    Mode,
    Status,
    card_state,
    counts_as_correct,
)

__all__ = [
    "CARD_STATES",
    "CORRECT_GRADE",
    "FORECAST_DAYS",
    "HEATMAP_WEEKS",
    "MIN_SECTION_REVIEWS",
    "PASS_GRADE",
    "RETENTION_WINDOWS",
    "WEAKEST_SECTIONS",
    "Stats",
    "StatsCard",
    "StatsReview",
    "card_state",
    "compute_stats",
    "heat_level",
]

# The modes whose grades today's counts include (a same-session repeat is not a new answer).
REVIEW_MODES = (Mode.SCHEDULED, Mode.ANKI, Mode.CRAM)
RETENTION_WINDOWS = (7, 30, 365)
SECTION_WINDOW_DAYS = 365
MIN_SECTION_REVIEWS = 10
WEAKEST_SECTIONS = 5
FORECAST_DAYS = 30
HEATMAP_WEEKS = 26
HEAT_LEVELS = 4
CARD_STATES: tuple[str, ...] = (*LearningState, Status.SUSPENDED, Status.RETIRED)


@dataclass(frozen=True, slots=True)
class StatsCard:
    """A card as the statistics see it."""

    id: int
    deck: str
    front: str
    status: str
    due: date | None
    interval: int
    lapses: int
    tags: frozenset[str] = frozenset()
    context: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StatsReview:
    """One grade of the log (not undone).

    Attributes:
        card_id: The card graded.
        day: The review day it was given on.
        grade: 0..5.
        mode: 'scheduled', 'repeat' or 'cram'.
        first_sight: The card had never been seen before this grade (no due date).
        duration_ms: Time taken, when known.
    """

    card_id: int
    day: date
    grade: int
    mode: str
    first_sight: bool = False
    duration_ms: int | None = None


@dataclass(frozen=True)
class ReviewTallies:
    """The log as the statistics read it: today's grades, and the retention reviews counted.

    Everything but today's numbers is a count of retention reviews (scheduled grades of cards seen
    before) and of those passed, so the store can count them with GROUP BY instead of loading the
    whole year of the log (700,000 rows at 100,000 cards); `of` counts the same from rows, for tests
    and for callers that hold the rows anyway.

    Attributes:
        today: Every grade given today.
        by_day: (retention reviews, passed) per review day, the last `SECTION_WINDOW_DAYS` days.
        by_card: (retention reviews, passed) per card over the same days.
    """

    today: tuple[StatsReview, ...] = ()
    by_day: Mapping[date, tuple[int, int]] = field(default_factory=dict)
    by_card: Mapping[int, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, reviews: Iterable[StatsReview], today: date) -> ReviewTallies:
        """The tallies of these rows (grades after `today` and before the window are left out)."""
        start = today - timedelta(days=SECTION_WINDOW_DAYS - 1)
        todays: list[StatsReview] = []
        by_day: dict[date, tuple[int, int]] = {}
        by_card: dict[int, tuple[int, int]] = {}
        for review in reviews:
            if review.day > today or review.day < start:
                continue
            if review.day == today:
                todays.append(review)
            if _is_retention_review(review):
                passed = 1 if review.grade >= PASS_GRADE else 0
                n, p = by_day.get(review.day, (0, 0))
                by_day[review.day] = (n + 1, p + passed)
                n, p = by_card.get(review.card_id, (0, 0))
                by_card[review.card_id] = (n + 1, p + passed)
        return cls(today=tuple(todays), by_day=by_day, by_card=by_card)


def heat_level(count: int, busiest: int) -> int:
    """0 for no review, else ceil(4 × count / busiest) in 1..4."""
    if count <= 0 or busiest <= 0:
        return 0
    return min(HEAT_LEVELS, math.ceil(HEAT_LEVELS * count / busiest))


def percent_half_up(part: int, whole: int) -> int | None:
    """A share in whole percent, rounded half up (as the quiz summary does); None out of nothing."""
    if whole == 0:
        return None
    return (200 * part + whole) // (2 * whole)


@dataclass(frozen=True, slots=True)
class Today:
    reviewed: int
    learned: int
    correct: int
    correct_percent: int | None
    grades: int
    time_ms: int


@dataclass(frozen=True, slots=True)
class Streak:
    current: int
    longest: int
    studied_today: bool


@dataclass(frozen=True, slots=True)
class Retention:
    days: int
    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True, slots=True)
class Heatmap:
    start: date
    end: date
    busiest: int
    days: tuple[DayCount, ...]

    def level(self, count: int) -> int:
        return heat_level(count, self.busiest)


@dataclass(frozen=True, slots=True)
class Section:
    deck: str
    context: tuple[str, ...]
    reviews: int
    passed: int
    lapses: int
    cards: int

    @property
    def retention(self) -> float:
        return self.passed / self.reviews if self.reviews else 0.0


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything `flashcards stats` shows."""

    today: date
    day: Today
    streak: Streak
    retention: tuple[Retention, ...]
    states: dict[str, int]
    overdue: int
    forecast: tuple[DayCount, ...]
    heatmap: Heatmap
    weakest: tuple[Section, ...]
    leeches: tuple[StatsCard, ...]
    thresholds: dict[str, int] = field(default_factory=dict)


def compute_stats(
    cards: Iterable[StatsCard],
    reviews: Iterable[StatsReview] | ReviewTallies,
    daily_reviews: Mapping[date, int],
    today: date,
) -> Stats:
    """The statistics on review day `today`.

    Args:
        cards: The cards in scope (one deck or all), any status.
        reviews: Their grades, not undone (only the last 365 days are read, so the caller may pass
            just those), or the same already counted (`ReviewTallies`, what the store gives).
        daily_reviews: Reviews (scheduled and cram grades) per day over the whole history: the streak
            needs every day, and a count per day is far smaller than the log.
        today: The learner's review day.
    """
    cards = list(cards)
    tallies = reviews if isinstance(reviews, ReviewTallies) else ReviewTallies.of(reviews, today)
    return Stats(
        today=today,
        day=_today(list(tallies.today), today),
        streak=_streak(daily_reviews, today),
        retention=tuple(_retention(tallies, today, days) for days in RETENTION_WINDOWS),
        states=_states(cards),
        overdue=sum(1 for card in cards if _active_due(card) and card.due is not None and card.due < today),
        forecast=_forecast(cards, today),
        heatmap=_heatmap(daily_reviews, today),
        weakest=_weakest(cards, tallies),
        leeches=tuple(sorted((card for card in cards if LEECH_TAG in card.tags),
                             key=lambda card: (-card.lapses, card.deck, card.id))),
        thresholds={
            "pass_grade": int(PASS_GRADE), "correct_grade": int(CORRECT_FROM),
            "min_section_reviews": MIN_SECTION_REVIEWS, "section_window_days": SECTION_WINDOW_DAYS,
            "weakest_sections": WEAKEST_SECTIONS, "forecast_days": FORECAST_DAYS,
            "heatmap_weeks": HEATMAP_WEEKS,
        },
    )


def _today(reviews: list[StatsReview], today: date) -> Today:
    graded = [review for review in reviews if review.day == today]
    counted = [review for review in graded if review.mode in REVIEW_MODES]
    correct = sum(1 for review in counted if counts_as_correct(review.grade))
    return Today(
        reviewed=len(counted),
        learned=sum(1 for review in graded if review.mode in SCHEDULING_MODES and review.first_sight),
        correct=correct,
        correct_percent=percent_half_up(correct, len(counted)),
        grades=len(graded),
        time_ms=sum(review.duration_ms or 0 for review in graded),
    )


def _streak(daily: Mapping[date, int], today: date) -> Streak:
    studied = sorted(day for day, count in daily.items() if count > 0 and day <= today)
    longest = run = 0
    previous: date | None = None
    for day in studied:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    days = set(studied)
    studied_today = today in days
    cursor = today if studied_today else today - timedelta(days=1)
    current = 0
    while cursor in days:
        current += 1
        cursor -= timedelta(days=1)
    return Streak(current=current, longest=longest, studied_today=studied_today)


def _is_retention_review(review: StatsReview) -> bool:
    return review.mode in SCHEDULING_MODES and not review.first_sight


def _retention(tallies: ReviewTallies, today: date, days: int) -> Retention:
    start = today - timedelta(days=days - 1)
    window = [counts for day, counts in tallies.by_day.items() if start <= day <= today]
    return Retention(days=days, reviews=sum(n for n, _ in window), passed=sum(p for _, p in window))


def _states(cards: list[StatsCard]) -> dict[str, int]:
    counts = dict.fromkeys(CARD_STATES, 0)
    for card in cards:
        counts[card_state(card.status, card.due, card.interval)] += 1
    return counts


def _active_due(card: StatsCard) -> bool:
    return card.status == Status.ACTIVE and card.due is not None


def _forecast(cards: list[StatsCard], today: date) -> tuple[DayCount, ...]:
    per_day: dict[date, int] = {}
    for card in cards:
        if _active_due(card):
            assert card.due is not None
            day = max(card.due, today)
            per_day[day] = per_day.get(day, 0) + 1
    days = (today + timedelta(days=offset) for offset in range(FORECAST_DAYS))
    return tuple(DayCount(day, per_day.get(day, 0)) for day in days)


def heatmap_start(today: date) -> date:
    """The Monday `HEATMAP_WEEKS - 1` weeks before the Monday of today's week."""
    return today - timedelta(days=today.weekday(), weeks=HEATMAP_WEEKS - 1)


def _heatmap(daily: Mapping[date, int], today: date) -> Heatmap:
    start = heatmap_start(today)
    days = tuple(DayCount(start + timedelta(days=offset), daily.get(start + timedelta(days=offset), 0))
                 for offset in range((today - start).days + 1))
    return Heatmap(start=start, end=today, busiest=max((day.count for day in days), default=0), days=days)


def _weakest(cards: list[StatsCard], reviewed: ReviewTallies) -> tuple[Section, ...]:
    tallies: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    by_card = reviewed.by_card
    for card in cards:
        tally = tallies.setdefault((card.deck, card.context), [0, 0, 0, 0])  # reviews, passed, lapses, cards
        tally[2] += card.lapses
        tally[3] += 1
        n, passed = by_card.get(card.id, (0, 0))
        tally[0] += n
        tally[1] += passed
    sections = [
        Section(deck=deck, context=context, reviews=n, passed=passed, lapses=lapses, cards=count)
        for (deck, context), (n, passed, lapses, count) in tallies.items()
        if n >= MIN_SECTION_REVIEWS and (passed < n or lapses > 0)
    ]
    sections.sort(key=lambda s: (Fraction(s.passed, s.reviews), -s.lapses, s.deck, s.context))
    return tuple(sections[:WEAKEST_SECTIONS])
