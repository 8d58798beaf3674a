"""`flashcards cards`: browse cards with their state (the rows are the collection's)."""

from __future__ import annotations

import click

from flashcards.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)


@click.command()
@click.argument("deck", required=False)
@click.option("--search", metavar="TEXT", help="Only cards whose front or back holds every word of TEXT (whole words, any case).")
@click.option("--json", "as_json", is_flag=True, help="Print the cards as a JSON array.")
@pass_app
def cards(app: AppContext, deck: str | None, search: str | None, as_json: bool) -> None:
    """Browse cards with their state, next due date and source file:line.

    \b
    Example:
        flashcards cards docker --search "docker run"
        flashcards cards --json
    """
    rows = app.collection().cards(deck=deck, search=search)
    if as_json:
        from flashcards.application.card_rows import cards_json_parts

        # json.dumps([row.to_dict() for row in rows], indent=2, ensure_ascii=False), byte for byte
        for part in cards_json_parts(rows):
            click.echo(part, nl=False)
        click.echo()
        return
    from flashcards.ui.cards import print_cards

    print_cards(rows)


COMMANDS = [cards]
