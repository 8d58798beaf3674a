"""`flashcards check`: the integrity report (the checks are the collection's; this only renders them)."""

from __future__ import annotations

import click

from flashcards.cli.context import AppContext
from flashcards.core.vocabulary import plural

pass_app = click.make_pass_decorator(AppContext)


@click.command()
@pass_app
def check(app: AppContext) -> None:
    """Check the database: schema at head and matching the program, SQLite integrity, references.

    Prints one line per check and exits with code 1 if any check fails.

    \b
    Example:
        flashcards check
    """
    from flashcards.ui.check import print_all_passed, print_check

    report = app.collection().check()
    print_check(report)
    if report.failed:
        raise click.ClickException(f"{plural(len(report.failed), 'check')} failed; the database was not changed")
    print_all_passed()


COMMANDS = [check]
