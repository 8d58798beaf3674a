"""`flashcards stats`: progress at a glance (the numbers are the collection's, the screen `ui.charts`)."""

from __future__ import annotations

import json

import click

from flashcards.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)


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
    report = app.collection().stats(deck)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    from flashcards.ui.charts import print_stats

    print_stats(report)


COMMANDS = [stats]
