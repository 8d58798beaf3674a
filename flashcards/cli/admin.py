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
    """List decks with their card counts: total, new, due today, suspended, retired.

    \b
    Example:
        flashcards decks
        flashcards decks --json
    """
    from rich.table import Table
    from rich.text import Text

    from flashcards import ui
    from flashcards.storage.queries import deck_summaries

    store = app.store()
    today = store.today(app.now())
    with store.read() as session:
        summaries = deck_summaries(session, today)
    if as_json:
        click.echo(json.dumps([summary.__dict__ for summary in summaries], indent=2))
        return
    table = Table(title=f"Decks on {today.isoformat()}", title_justify="left")
    for header in ("Deck", "Total", "New", "Due today", "Suspended", "Retired"):
        table.add_column(header, justify="left" if header == "Deck" else "right")
    for s in summaries:
        table.add_row(Text(s.name), *(Text(str(n)) for n in (s.total, s.new, s.due, s.suspended, s.retired)))
    console = ui.out()
    console.print(table)
    if not summaries:
        console.print(Text("No decks yet. Import notes with: flashcards import NOTES.md"))


COMMANDS = [decks]
