"""Card management: `suspend`, `unsuspend` and `reset`, by card id or by `--search`."""

from __future__ import annotations

from collections.abc import Callable

import click

from flashcards.cli.context import AppContext
from flashcards.core.sm2 import INITIAL_EF_HUNDREDTHS
from flashcards.core.vocabulary import Status

pass_app = click.make_pass_decorator(AppContext)


def _select(app: AppContext, ids: tuple[int, ...], search: str | None, deck: str | None,
            change: Callable[..., bool], verb: str) -> None:
    """Apply `change(card, now)` to the chosen cards in one transaction and report what changed."""
    from rich.text import Text

    from flashcards import ui
    from flashcards.storage.queries import find_cards, require_deck

    if not ids and not search:
        raise click.UsageError("name card ids or give --search TEXT")
    store = app.store()
    now = app.now()
    with store.transaction() as session:
        require_deck(session, deck)
        rows = find_cards(session, deck=deck, search=search, ids=list(ids) if ids else None)
        missing = sorted(set(ids) - {card.id for card, _ in rows})
        if missing:
            raise click.ClickException(f"no card with id {', '.join(map(str, missing))}; nothing was changed")
        if not rows:
            raise click.ClickException(f"no card matches {search!r}; nothing was changed")
        changed = [card for card, _ in rows if change(card, now)]
    console = ui.out()
    for card in changed:
        console.print(Text(f"{verb} {card.id}: {ui.one_line(card.front, 60)}"))
    console.print(Text(f"{len(changed)} card(s) {verb}, {len(rows) - len(changed)} already so."))


def _options(function: Callable[..., None]) -> Callable[..., None]:
    function = click.option("--deck", metavar="NAME", help="Only cards of this deck.")(function)
    function = click.option("--search", metavar="TEXT", help="Cards whose front, back or key contains TEXT.")(function)
    return click.argument("ids", nargs=-1, type=int, metavar="[CARD_ID]...")(function)


def _suspend(card, now) -> bool:  # type: ignore[no-untyped-def]
    if card.status != Status.ACTIVE:
        return False
    card.status = Status.SUSPENDED.value
    return True


def _unsuspend(card, now) -> bool:  # type: ignore[no-untyped-def]
    if card.status != Status.SUSPENDED:
        return False
    card.status = Status.ACTIVE.value
    return True


def _reset(card, now) -> bool:  # type: ignore[no-untyped-def]
    """Start the card over as SM-2's new item (n = 0, the initial EF, I = 0, not due, no lapses)."""
    if (card.due is None and card.repetitions == 0 and card.lapses == 0
            and card.ef_hundredths == INITIAL_EF_HUNDREDTHS):
        return False
    card.repetitions, card.ef_hundredths, card.interval, card.due, card.lapses = (
        0, INITIAL_EF_HUNDREDTHS, 0, None, 0)
    card.reset_at = now
    return True


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
    _select(app, ids, search, deck, _suspend, "suspended")


@click.command()
@_options
@pass_app
def unsuspend(app: AppContext, ids: tuple[int, ...], search: str | None, deck: str | None) -> None:
    """Put suspended cards (leeches included) back into the quiz.

    \b
    Example:
        flashcards unsuspend 12
    """
    _select(app, ids, search, deck, _unsuspend, "unsuspended")


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
    _select(app, ids, search, deck, _reset, "reset")


COMMANDS = [suspend, unsuspend, reset]
