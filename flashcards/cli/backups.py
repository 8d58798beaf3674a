"""`flashcards backups` and `flashcards restore`: the daily copies of the collection, and going back to one."""

from __future__ import annotations

import click

from flashcards.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)


@click.command()
@pass_app
def backups(app: AppContext) -> None:
    """List the backups of the collection, newest first, with their card and review counts.

    A copy is made before the first change of each day (kept: 7 daily, 4 weekly, 12 monthly), before
    each upgrade of the database, and before a restore.

    \b
    Example:
        flashcards backups
        flashcards restore daily-2026-12-01.db
    """
    from flashcards.ui.backups import print_backups

    collection = app.collection()
    print_backups(collection.backups(), collection.home / "backups")


@click.command()
@click.argument("name")
@click.option("--yes", "-y", is_flag=True, help="Do not ask first.")
@pass_app
def restore(app: AppContext, name: str, yes: bool) -> None:
    """Put a backup back as the collection (see `flashcards backups` for the names).

    The collection as it is now is copied aside first (`before-restore-…` in the same list), so a
    restore can itself be undone. It asks first; without a terminal it needs --yes.

    \b
    Example:
        flashcards restore daily-2026-12-01.db
    """
    from flashcards.cli import prompts

    collection = app.writing()
    if not yes:
        if not prompts.can_ask():
            raise click.ClickException(f"restore would replace the collection with {name}; nothing was changed "
                                       "(add --yes to do it without a terminal)")
        now, then = collection.restore_preview(name)
        if not click.confirm(f"Replace the collection ({_held(now)}) with {name} ({_held(then)})? "
                             "(the current one is kept aside)", default=False):
            raise click.ClickException("nothing was changed")
    aside = collection.restore(name)
    from flashcards.ui import out, plain

    out().print(plain(f"Restored {name}; the collection as it was is kept as {aside.name}."))


def _held(counts: tuple[int | None, int | None]) -> str:
    from flashcards.core.vocabulary import plural

    cards, reviews = counts
    return "unreadable" if cards is None or reviews is None else f"{plural(cards, 'card')}, {plural(reviews, 'review')}"


COMMANDS = [backups, restore]
