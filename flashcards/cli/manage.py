"""Card management: `suspend`, `unsuspend` and `reset`, by card id or by `--search`.

What each does to a card is the core's rule (`flashcards.core.card_changes`), applied by the
collection in one transaction; this module parses the choice and renders the report.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from flashcards.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)


def _require_choice(ids: tuple[int, ...], search: str | None) -> None:
    """A usage error (exit 2) before anything is opened when no card is chosen."""
    if not ids and not search:
        raise click.UsageError("name card ids or give --search TEXT")


def _options(function: Callable[..., None]) -> Callable[..., None]:
    function = click.option("--deck", metavar="NAME", help="Only cards of this deck.")(function)
    function = click.option("--search", metavar="TEXT", help="Cards whose front, back or key contains TEXT.")(function)
    return click.argument("ids", nargs=-1, type=int, metavar="[CARD_ID]...")(function)


@click.command()
@_options
@pass_app
def suspend(app: AppContext, ids: tuple[int, ...], search: str | None, deck: str | None) -> None:
    """Take cards out of the quiz until you unsuspend them (their progress is kept).

    \b
    Example:
        flashcards suspend 12 13
        flashcards suspend --search "docker rmi"
    """
    from flashcards.ui.card_changes import print_changes

    _require_choice(ids, search)
    print_changes(app.collection().suspend(ids, search=search, deck=deck), "suspended")


@click.command()
@_options
@pass_app
def unsuspend(app: AppContext, ids: tuple[int, ...], search: str | None, deck: str | None) -> None:
    """Put suspended cards (leeches included) back into the quiz.

    \b
    Example:
        flashcards unsuspend 12
    """
    from flashcards.ui.card_changes import print_changes

    _require_choice(ids, search)
    print_changes(app.collection().unsuspend(ids, search=search, deck=deck), "unsuspended")


@click.command()
@_options
@pass_app
def reset(app: AppContext, ids: tuple[int, ...], search: str | None, deck: str | None) -> None:
    """Start cards over as new; their review history is kept, not deleted.

    \b
    Example:
        flashcards reset 12
        flashcards reset --deck docker --search "-p"
    """
    from flashcards.ui.card_changes import print_changes

    _require_choice(ids, search)
    print_changes(app.collection().reset(ids, search=search, deck=deck), "reset")


COMMANDS = [suspend, unsuspend, reset]
