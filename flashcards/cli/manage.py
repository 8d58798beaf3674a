"""Card management: `suspend`, `unsuspend` and `reset`, by card id or by `--search`.

What each does to a card is the core's rule (`flashcards.core.card_changes`), applied by the
collection in one transaction; this module parses the choice and renders the report. A search first
shows the cards it chose and asks before anything changes (`--yes` for scripts; without a terminal
and without `--yes` it changes nothing): a search may choose more than the learner meant, and a reset
starts cards over.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from flashcards.cli import prompts
from flashcards.cli.context import AppContext
from flashcards.core.errors import NothingMatches

pass_app = click.make_pass_decorator(AppContext)


def _require_choice(ids: tuple[int, ...], search: str | None) -> None:
    """A usage error (exit 2) before anything is opened when no card is chosen."""
    if not ids and not search:
        raise click.UsageError("name card ids or give --search TEXT")


def _options(function: Callable[..., None]) -> Callable[..., None]:
    function = click.option("--yes", "-y", is_flag=True, help="Do not ask before changing the cards a search chose.")(
        function)
    function = click.option("--deck", metavar="NAME", help="Only cards of this deck.")(function)
    function = click.option("--search", metavar="TEXT",
                            help="Cards whose front or back holds every word of TEXT (whole words, any case); "
                                 "they are shown, and you are asked, before they change.")(function)
    return click.argument("ids", nargs=-1, type=int, metavar="[CARD_ID]...")(function)



def _confirmed_ids(app: AppContext, ids: tuple[int, ...], search: str | None, deck: str | None, verb: str,
                   yes: bool) -> tuple[int, ...]:
    """The cards to change: the ids as given, or a search's cards once shown and agreed to.

    The change then applies to exactly the cards shown (by id), not to a search run again.
    """
    if not search:
        return ids
    from flashcards.ui.card_changes import print_chosen

    chosen = app.collection().chosen_cards(search=search, deck=deck)
    chosen = tuple(card for card in chosen if not ids or card.id in ids)
    if not chosen:
        raise NothingMatches(search)
    print_chosen(chosen, verb)
    count = f"{len(chosen)} card{'' if len(chosen) == 1 else 's'}"
    if yes:
        return tuple(card.id for card in chosen)
    if not prompts.can_ask():
        raise click.ClickException(f"{verb} would change {count}; nothing was changed (add --yes to do it "
                                   "without a terminal)")
    if not click.confirm(f"{verb.capitalize()} {'this card' if len(chosen) == 1 else f'these {count}'}?",
                         default=False):
        raise click.ClickException("nothing was changed")
    return tuple(card.id for card in chosen)


@click.command()
@_options
@pass_app
def suspend(app: AppContext, ids: tuple[int, ...], search: str | None, deck: str | None, yes: bool) -> None:
    """Take cards out of the quiz until you unsuspend them (their progress is kept).

    \b
    Example:
        flashcards suspend 12 13
        flashcards suspend --search "docker rmi"     # shows the cards, then asks
    """
    from flashcards.ui.card_changes import print_changes

    _require_choice(ids, search)
    app.writing()
    chosen = _confirmed_ids(app, ids, search, deck, "suspend", yes)
    print_changes(app.collection().suspend(chosen, deck=deck), "suspended")


@click.command()
@_options
@pass_app
def unsuspend(app: AppContext, ids: tuple[int, ...], search: str | None, deck: str | None, yes: bool) -> None:
    """Put suspended cards (leeches included) back into the quiz.

    \b
    Example:
        flashcards unsuspend 12
    """
    from flashcards.ui.card_changes import print_changes

    _require_choice(ids, search)
    app.writing()
    chosen = _confirmed_ids(app, ids, search, deck, "unsuspend", yes)
    print_changes(app.collection().unsuspend(chosen, deck=deck), "unsuspended")


@click.command()
@_options
@pass_app
def reset(app: AppContext, ids: tuple[int, ...], search: str | None, deck: str | None, yes: bool) -> None:
    """Start cards over as new; their review history is kept, not deleted.

    \b
    Example:
        flashcards reset 12
        flashcards reset --deck docker --search "-p" --yes
    """
    from flashcards.ui.card_changes import print_changes

    _require_choice(ids, search)
    app.writing()
    chosen = _confirmed_ids(app, ids, search, deck, "reset", yes)
    print_changes(app.collection().reset(chosen, deck=deck), "reset")


COMMANDS = [suspend, unsuspend, reset]
