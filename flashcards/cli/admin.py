"""Collection-level commands: `decks` (overview) and `check` (integrity report)."""

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

    `Today` is what the quiz will show today, after the daily limits and with siblings held back:
    the numbers `flashcards due` adds up.

    \b
    Example:
        flashcards decks
        flashcards decks --json
    """
    from flashcards.application.day import deck_overviews
    from flashcards.ui.decks import render_decks

    store = app.store()
    today = store.today(app.now())
    overviews = deck_overviews(store, today)
    if as_json:
        click.echo(json.dumps([overview.to_dict() for overview in overviews], indent=2))
        return
    render_decks(overviews, today)


@click.command()
@pass_app
def check(app: AppContext) -> None:
    """Check the database: schema at head and matching the program, SQLite integrity, references.

    Prints one line per check and exits with code 1 if any check fails.

    \b
    Example:
        flashcards check
    """
    from rich.text import Text

    from flashcards import ui
    from flashcards.application.paths import display_url
    from flashcards.storage.integrity import run_checks

    store = app.store()
    findings = run_checks(store)
    console = ui.out()
    console.print(Text(f"Database: {display_url(store.opened.url)}"), soft_wrap=True)
    for finding in findings:
        mark = Text("ok    ", style="green") if finding.ok else Text("FAIL  ", style="bold red")
        console.print(Text.assemble(mark, Text(f"{finding.check}: {finding.detail}")), soft_wrap=True)
    failed = [f for f in findings if not f.ok]
    if failed:
        raise click.ClickException(f"{len(failed)} check(s) failed; the database was not changed")
    console.print(Text("All checks passed."))


COMMANDS = [decks, check]
