"""What `flashcards due` prints: one line (`12 due, 20 new`) or its JSON (no Rich: it runs in prompts)."""

from __future__ import annotations

from flashcards.core.day_plan import DayPlan


def render_due(plan: DayPlan, *, as_json: bool) -> str:
    """The line for a shell prompt, or `DayPlan.to_dict` as JSON."""
    if as_json:
        import json  # only here: the plain line is the one shell prompts ask for

        return json.dumps(plan.to_dict())
    return f"{plan.due} due, {plan.new} new"
