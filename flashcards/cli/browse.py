"""`due`: what is left today, fast enough for shell prompts (`cards` is in `flashcards.cli.cards`)."""

from __future__ import annotations

import click

from flashcards.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON, per deck too.")
@pass_app
def due(app: AppContext, as_json: bool) -> None:
    """Print what is left to study today, in one line: fast enough for a shell prompt.

    Counts respect each deck's daily limits: `due` are reviews, `new` are cards not seen yet.

    \b
    Example:
        flashcards due            # 12 due, 20 new
        flashcards due --json
    """
    from flashcards.ui.due import render_due

    click.echo(render_due(app.collection().plan(), as_json=as_json))


COMMANDS = [due]
