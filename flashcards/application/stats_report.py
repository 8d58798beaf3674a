"""What `flashcards stats` shows, for a deck or all, with the JSON shape `stats --json` prints.

The numbers are `flashcards.core.stats.Stats` (pure); this adds the scope they were counted over and
the `--json` contract: every number the screen shows, and the thresholds behind them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from flashcards.core.day_plan import DayPlan
from flashcards.core.stats import Stats


class TodayJson(TypedDict):
    reviewed: int
    learned: int
    correct: int
    correct_percent: int | None
    grades: int
    time_ms: int


class StreakJson(TypedDict):
    current: int
    longest: int
    studied_today: bool


class RetentionJson(TypedDict):
    days: int
    reviews: int
    passed: int
    rate: float | None


class ForecastDayJson(TypedDict):
    date: str
    due: int


class ForecastJson(TypedDict):
    overdue: int
    days: list[ForecastDayJson]


class HeatDayJson(TypedDict):
    date: str
    reviews: int
    level: int


class HeatmapJson(TypedDict):
    start: str
    end: str
    busiest: int
    days: list[HeatDayJson]


class SectionJson(TypedDict):
    deck: str
    section: list[str]
    reviews: int
    passed: int
    retention: float
    lapses: int
    cards: int


class LeechJson(TypedDict):
    id: int
    deck: str
    front: str
    lapses: int
    status: str
    section: list[str]


class LeftTodayJson(TypedDict):
    """What the quiz still shows today (the day's plan: the numbers `flashcards due` prints)."""

    due: int
    new: int


class StatsJson(TypedDict):
    """The `stats --json` contract."""

    date: str
    deck: str | None
    today: TodayJson
    left_today: LeftTodayJson
    streak: StreakJson
    retention: list[RetentionJson]
    cards: dict[str, int]  # each card state (new, learning, ... retired), then the total
    forecast: ForecastJson
    heatmap: HeatmapJson
    weakest_sections: list[SectionJson]
    leeches: list[LeechJson]
    thresholds: dict[str, int]


@dataclass(frozen=True)
class StatsReport:
    """The statistics of one deck (`deck`), or of every deck (None), with what is left to study today."""

    stats: Stats
    deck: str | None
    plan: DayPlan

    def to_dict(self) -> StatsJson:
        """The `stats --json` contract (key order is the order printed)."""
        stats = self.stats
        day, streak, heatmap = stats.day, stats.streak, stats.heatmap
        return {
            "date": stats.today.isoformat(),
            "deck": self.deck,
            "today": {"reviewed": day.reviewed, "learned": day.learned, "correct": day.correct,
                      "correct_percent": day.correct_percent, "grades": day.grades, "time_ms": day.time_ms},
            "left_today": {"due": self.plan.due, "new": self.plan.new},
            "streak": {"current": streak.current, "longest": streak.longest,
                       "studied_today": streak.studied_today},
            "retention": [{"days": r.days, "reviews": r.reviews, "passed": r.passed, "rate": r.rate}
                          for r in stats.retention],
            "cards": {**stats.states, "total": sum(stats.states.values())},
            "forecast": {"overdue": stats.overdue,
                         "days": [{"date": d.day.isoformat(), "due": d.count} for d in stats.forecast]},
            "heatmap": {"start": heatmap.start.isoformat(), "end": heatmap.end.isoformat(),
                        "busiest": heatmap.busiest,
                        "days": [{"date": d.day.isoformat(), "reviews": d.count, "level": heatmap.level(d.count)}
                                 for d in heatmap.days]},
            "weakest_sections": [{"deck": s.deck, "section": list(s.context), "reviews": s.reviews,
                                  "passed": s.passed, "retention": s.retention, "lapses": s.lapses,
                                  "cards": s.cards}
                                 for s in stats.weakest],
            "leeches": [{"id": c.id, "deck": c.deck, "front": c.front, "lapses": c.lapses, "status": c.status,
                         "section": list(c.context)} for c in stats.leeches],
            "thresholds": stats.thresholds,
        }
