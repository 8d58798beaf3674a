"""`flashcards exam`: set, clear and follow an exam date (the planning itself is `flashcards.core.exam`)."""

from __future__ import annotations

import json
import re
from datetime import date

import click

from flashcards.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(raw: str) -> date:
    """A calendar date written YYYY-MM-DD, or a one-line error (`date.fromisoformat` alone also takes
    `20261212` and week dates, which a user is more likely to have mistyped than meant)."""
    if _ISO_DAY.fullmatch(raw.strip()):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            # Written right, but no such day: say that, not that the form is wrong.
            raise click.ClickException(f"--date {raw.strip()} is no day of the calendar (the month has no "
                                       "such day, or there is no such month)") from None
    raise click.ClickException(f"--date must be a date written YYYY-MM-DD, got {raw!r}")


@click.command()
@click.argument("deck", required=False)
@click.option("--date", "when", metavar="YYYY-MM-DD", help="Set (or move) the deck's exam to this day.")
@click.option("--clear", is_flag=True, help="Remove the deck's exam; normal intervals resume.")
@click.option("--json", "as_json", is_flag=True, help="List the exams as JSON.")
@pass_app
def exam(app: AppContext, deck: str | None, when: str | None, clear: bool, as_json: bool) -> None:
    """Plan toward an exam date, or show how ready you are for your exams.

    With an exam set and ahead: the deck's unseen cards are spread over the days left (the daily new
    limit is raised when needed; the last 2 days before the exam are for review only), and no card of
    the deck is scheduled after the exam day (cards due later are moved to it). After the exam, the
    deck's normal intervals (SM-2's or FSRS's) resume.

    Without --date, lists the exams with days left, cards learned, today's load and readiness: the
    share of cards whose predicted recall on the exam day is 90% or more (FSRS's retrievability on an
    FSRS deck, else 0.9^(t/I)).

    \b
    Example:
        flashcards exam docker --date 2026-12-15
        flashcards exam
        flashcards exam docker --clear
    """
    from flashcards.ui.exam_dates import print_exams

    if when is not None and clear:
        raise click.ClickException("--date and --clear do not go together")
    if (when is not None or clear) and deck is None:
        raise click.ClickException("name the deck: flashcards exam DECK --date YYYY-MM-DD")
    collection = app.writing() if when is not None or clear else app.collection()
    collection.require_deck(deck)
    if when is not None:
        assert deck is not None
        from flashcards.ui.exam_dates import print_exam_set

        print_exam_set(collection.set_exam(deck, parse_day(when)))
        return
    if clear:
        assert deck is not None
        from flashcards.ui.exam_dates import print_exam_cleared

        print_exam_cleared(collection.clear_exam(deck))
        return
    statuses = collection.exam_statuses(deck)
    if as_json:
        click.echo(json.dumps([status.to_dict() for status in statuses], indent=2, ensure_ascii=False))
        return
    if not statuses:
        if deck is not None:
            raise click.ClickException(
                f"deck {deck!r} has no exam; set one with `flashcards exam DECK --date YYYY-MM-DD`")
    print_exams(statuses)


COMMANDS = [exam]
