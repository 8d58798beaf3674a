"""`flashcards stats`: progress at a glance (the numbers come from the pure `flashcards.core.stats`)."""

from __future__ import annotations

import json
from typing import Any

import click

from flashcards.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)


def stats_json(stats: Any, deck: str | None) -> dict[str, Any]:
    """The `stats --json` contract: every number the screen shows, and the thresholds behind them."""
    day, streak = stats.day, stats.streak
    return {
        "date": stats.today.isoformat(),
        "deck": deck,
        "today": {"reviewed": day.reviewed, "learned": day.learned, "correct": day.correct,
                  "correct_percent": day.correct_percent, "grades": day.grades, "time_ms": day.time_ms},
        "streak": {"current": streak.current, "longest": streak.longest, "studied_today": streak.studied_today},
        "retention": [{"days": r.days, "reviews": r.reviews, "passed": r.passed, "rate": r.rate}
                      for r in stats.retention],
        "cards": {**stats.states, "total": sum(stats.states.values())},
        "forecast": {"overdue": stats.overdue,
                     "days": [{"date": d.day.isoformat(), "due": d.count} for d in stats.forecast]},
        "heatmap": {"start": stats.heatmap.start.isoformat(), "end": stats.heatmap.end.isoformat(),
                    "busiest": stats.heatmap.busiest,
                    "days": [{"date": d.day.isoformat(), "reviews": d.count, "level": stats.heatmap.level(d.count)}
                             for d in stats.heatmap.days]},
        "weakest_sections": [{"deck": s.deck, "section": list(s.context), "reviews": s.reviews,
                              "passed": s.passed, "retention": s.retention, "lapses": s.lapses, "cards": s.cards}
                             for s in stats.weakest],
        "leeches": [{"id": c.id, "deck": c.deck, "front": c.front, "lapses": c.lapses, "status": c.status,
                     "section": list(c.context)} for c in stats.leeches],
        "thresholds": stats.thresholds,
    }


@click.command()
@click.argument("deck", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print every number as JSON.")
@pass_app
def stats(app: AppContext, deck: str | None, as_json: bool) -> None:
    """Show progress: today, streak, retention, cards by state, a 30-day forecast, a 26-week
    calendar, the weakest sections of your notes and the leeches.

    Retention is the share of reviews of cards seen before that were graded 3 or more. A section
    (heading path) needs 10 such reviews in a year to be ranked among the weakest.

    \b
    Example:
        flashcards stats
        flashcards stats docker
        flashcards stats --json
    """
    from flashcards import ui
    from flashcards.ui.charts import render_stats
    from flashcards.core.stats import compute_stats
    from flashcards.storage.queries import require_deck
    from flashcards.storage.stats_data import stats_inputs

    store = app.store()
    today = store.today(app.now())
    with store.read() as session:
        require_deck(session, deck)
        inputs = stats_inputs(session, today, deck)
    result = compute_stats(inputs.cards, inputs.reviews, inputs.daily_reviews, today)
    if as_json:
        click.echo(json.dumps(stats_json(result, deck), indent=2, ensure_ascii=False))
        return
    ui.out().print(render_stats(result, deck))


COMMANDS = [stats]
