"""Collection-level commands: `decks` (overview); `check` is in `flashcards.cli.check`."""

from __future__ import annotations

import json

import click

from flashcards.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the decks as a JSON array.")
@pass_app
def decks(app: AppContext, as_json: bool) -> None:
    """List decks with their card counts (total, new, due, suspended, retired) and today's share.

    `Quiz today` is what the quiz will show today, after the daily limits and with siblings held
    back: the numbers `flashcards due` adds up.

    \b
    Example:
        flashcards decks
        flashcards decks --json
    """
    from flashcards.ui.decks import render_decks

    collection = app.collection()
    overviews = collection.deck_overviews()
    if as_json:
        click.echo(json.dumps([overview.to_dict() for overview in overviews], indent=2))
        return
    render_decks(overviews, collection.today())


COMMANDS = [decks]
