"""Collection-level commands: `decks` (the overview, and `set / rename / suspend / unsuspend / retire`);
`check` is in `flashcards.cli.check`, `config` in `flashcards.cli.config`."""

from __future__ import annotations

import json

import click

from typing import TYPE_CHECKING

from flashcards.cli import prompts
from flashcards.cli.context import AppContext

if TYPE_CHECKING:
    from flashcards.core.schedulers import DeckScheduler

pass_app = click.make_pass_decorator(AppContext)


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the decks as a JSON array.")
@click.pass_context
def decks(ctx: click.Context, as_json: bool) -> None:
    """List decks with their card counts (total, new, due, suspended, retired) and today's share.

    `Today` is what the quiz will show today, after the daily budget and with siblings held
    back: the numbers `flashcards due` adds up. The budget (`flashcards config new-per-day`) is shared
    by the active decks in name order; `New/day` is a deck's own cap on its share (`decks set`).

    \b
    Example:
        flashcards decks
        flashcards decks --json
        flashcards decks set docker --new-per-day 5
    """
    if ctx.invoked_subcommand is not None:
        return
    from flashcards.ui.decks import render_decks

    app = ctx.find_object(AppContext)
    assert app is not None  # the root group made it
    collection = app.collection()
    overviews = collection.deck_overviews()
    if as_json:
        click.echo(json.dumps([overview.to_dict() for overview in overviews], indent=2))
        return
    render_decks(overviews, collection.today(), collection.budget())


def _count_or_default(option: str, raw: str | None) -> int | None | bool:
    """An option's value: a count, None for `default` (drop the override), False when not given."""
    if raw is None:
        return False
    text = raw.strip().lower()
    if text in {"default", "budget", "none"}:
        return None
    if not text.isdigit():
        raise click.ClickException(f"{option} must be a whole number >= 0 or 'default', got {raw!r}")
    return int(text)


def _retention(raw: str | None) -> float | None:
    """--retention as a number (its range is the scheduler's check), or None when not given."""
    if raw is None:
        return None
    try:
        return float(raw.strip())
    except ValueError:
        raise click.ClickException(f"--retention must be a number such as 0.90, got {raw!r}") from None


@decks.command("set")
@click.argument("deck")
@click.option("--new-per-day", "new_per_day", metavar="N|default",
              help="At most N new cards a day from this deck; 'default' shares the budget uncapped.")
@click.option("--reviews-per-day", "reviews_per_day", metavar="N|default",
              help="At most N reviews a day from this deck; 'default' shares the budget uncapped.")
@click.option("--scheduler", type=click.Choice(["sm2", "fsrs"], case_sensitive=False),
              help="Schedule the deck with SM-2 (the default) or FSRS; its whole log is replayed under it.")
@click.option("--retention", metavar="R", help="FSRS's desired retention, 0.70..0.99 (default 0.90).")
@click.option("--yes", "-y", is_flag=True, help="Switch the scheduler without asking (for scripts).")
@pass_app
def set_limits(app: AppContext, deck: str, new_per_day: str | None, reviews_per_day: str | None,
               scheduler: str | None, retention: str | None, yes: bool) -> None:
    """Cap a deck's share of the collection's daily budget, or choose its scheduler.

    0 new cards a day takes the deck out of the day's new cards. Changing the scheduler (or FSRS's
    retention) replays every card's review log under the new one: the plan is shown first and you
    are asked (without a terminal it needs --yes); no review is changed or lost, so switching back
    gives the old schedule again.

    \b
    Example:
        flashcards decks set docker --new-per-day 5
        flashcards decks set docker --new-per-day default
        flashcards decks set docker --scheduler fsrs --retention 0.90
    """
    from flashcards.ui.deck_changes import print_limits

    new = _count_or_default("--new-per-day", new_per_day)
    reviews = _count_or_default("--reviews-per-day", reviews_per_day)
    wanted_retention = _retention(retention)
    rescheduling = scheduler is not None or wanted_retention is not None
    if new is False and reviews is False and not rescheduling:
        raise click.ClickException("give --new-per-day N, --reviews-per-day N ('default' drops the deck's own "
                                   "limit) or --scheduler sm2|fsrs")
    if (new is not False and new is not None and new > 100_000) or (
            reviews is not False and reviews is not None and reviews > 100_000):
        raise click.ClickException("a daily limit is at most 100,000")
    collection = app.writing()
    chosen = collection.chosen_scheduler(deck, scheduler=scheduler, retention=wanted_retention) if rescheduling \
        else None
    # The question comes before anything is written: a "no" leaves the limits unchanged too.
    switch = chosen is not None and confirm_reschedule(app, deck, chosen, yes)
    if new is not False or reviews is not False:
        print_limits(collection.set_deck_limits(deck, new_per_day=new, reviews_per_day=reviews))
    if switch and chosen is not None:
        reschedule(app, deck, chosen)


def confirm_reschedule(app: AppContext, deck: str, chosen: DeckScheduler, yes: bool) -> bool:
    """Show the replay's plan and ask (unless --yes); False when there is nothing to change.

    Raises:
        click.ClickException: the learner said no, or cannot be asked and gave no --yes.
    """
    from flashcards.ui.deck_changes import print_reschedule_plan

    plan = app.collection().reschedule_preview(deck, chosen)
    print_reschedule_plan(plan)
    if plan.same:
        return False
    if not yes:
        if not prompts.can_ask():
            raise click.ClickException(f"switching {deck} to {chosen.describe()} needs a terminal to ask, or"
                                       " --yes; nothing was changed")
        if not click.confirm(f"Reschedule {deck}?", default=False):
            raise click.ClickException("nothing was changed")
    return True


def reschedule(app: AppContext, deck: str, chosen: DeckScheduler) -> None:
    """Switch the deck (after `confirm_reschedule`) and say so."""
    from flashcards.ui.deck_changes import print_rescheduled

    print_rescheduled(app.writing().reschedule(deck, chosen))


@decks.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@pass_app
def rename(app: AppContext, old: str, new: str) -> None:
    """Rename a deck, and the decks under it (OLD::...); cards keep their progress and history.

    \b
    Example:
        flashcards decks rename INDEX notes::index
        flashcards decks rename notes::linux linux
    """
    from flashcards.ui.deck_changes import print_rename

    print_rename(app.writing().rename_deck(old, new))


@decks.command("suspend")
@click.argument("deck")
@pass_app
def suspend_deck(app: AppContext, deck: str) -> None:
    """Pause a deck (and the decks under it): not studied until unsuspended; cards keep their state.

    \b
    Example:
        flashcards decks suspend docker
    """
    from flashcards.ui.deck_changes import print_status

    print_status(app.writing().suspend_deck(deck), suspended=True)


@decks.command("unsuspend")
@click.argument("deck")
@pass_app
def unsuspend_deck(app: AppContext, deck: str) -> None:
    """Study a suspended deck (and the decks under it) again.

    \b
    Example:
        flashcards decks unsuspend docker
    """
    from flashcards.ui.deck_changes import print_status

    print_status(app.writing().unsuspend_deck(deck), suspended=False)



@decks.command("retire")
@click.argument("deck")
@click.option("--yes", "-y", is_flag=True, help="Do not ask first (for scripts).")
@pass_app
def retire_deck(app: AppContext, deck: str, yes: bool) -> None:
    """Retire a deck (and the decks under it) for good: every card retired, the history kept.

    It asks first, after showing how many cards it retires; without a terminal it needs --yes. A
    later import of its notes leaves it retired.

    \b
    Example:
        flashcards decks retire INDEX
    """
    from flashcards.ui.deck_changes import print_retire_preview, print_retired

    collection = app.writing()
    preview = collection.retire_preview(deck)
    if not preview.decks:
        click.echo(f"{deck} is retired already.")
        return
    print_retire_preview(preview)
    if not yes:
        name = preview.decks[0] if len(preview.decks) == 1 else f"these {len(preview.decks)} decks"
        if not prompts.can_ask():
            raise click.ClickException(f"retiring {name} needs a terminal to ask, or --yes; nothing was changed")
        if not click.confirm(f"Retire {name}?", default=False):
            raise click.ClickException("nothing was changed")
    print_retired(collection.retire_deck(deck))


@click.command()
@click.argument("deck")
@click.option("--yes", "-y", is_flag=True, help="Store the fitted parameters without asking (for scripts).")
@pass_app
def optimize(app: AppContext, deck: str, yes: bool) -> None:
    """Fit FSRS's parameters to a deck's own review log and use them from then on.

    Needs the optional optimizer extra (pip install 'flashcards[optimizer]') and at least 512 reviews
    given a day or more after the card's previous one. The replay of the log under the fitted
    parameters is shown first and you are asked (without a terminal it needs --yes).

    \b
    Example:
        flashcards optimize docker
        flashcards optimize docker --yes
    """
    from rich.text import Text

    from flashcards.application.optimize import fit_deck
    from flashcards.ui import out

    fit = fit_deck(app.writing(), deck)  # it stores the parameters: a home that takes no write says so first
    out().print(Text(f"Fitted FSRS parameters to {fit.reviews} reviews of {deck}."))
    if not fit.scheduler.is_fsrs:
        out().print(Text(f"{deck} uses SM-2: the parameters are kept for when it switches"
                         f" (flashcards decks set {deck} --scheduler fsrs)."))
    if confirm_reschedule(app, deck, fit.scheduler, yes):
        reschedule(app, deck, fit.scheduler)


COMMANDS = [decks, optimize]
