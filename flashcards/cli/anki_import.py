"""`flashcards import-anki FILE`: bring the reviews given in Anki back into the log."""

from __future__ import annotations

import click

from flashcards.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)


@click.command("import-anki", short_help="Bring progress made in Anki back (.apkg or .colpkg).")
@click.argument("file", metavar="FILE")
@click.option("--dry-run", is_flag=True, help="Show the plan; write nothing.")
@pass_app
def import_anki(app: AppContext, file: str, dry_run: bool) -> None:
    """Append the reviews you gave in Anki to the log here, from a package Anki exported.

    Export from Anki with "Include scheduling information" ticked (a deck's .apkg, or the whole
    collection's .colpkg; the current and the legacy format both work). Notes are matched by their
    GUID, so only notes that came from `flashcards export anki` count. Reviews newer than a card's last
    review here are appended (Again is grade 1, Hard 3, Good 4, Easy 5; a later answer on the same day
    is a same-day repeat) and the card's schedule becomes SM-2's replay of its log. Your own reviews are
    never changed, and importing the same file again appends nothing. The tags you gave the notes in
    Anki (not flashcards::) are kept here, so `flashcards export anki` carries them and Anki's import,
    which replaces a note's tags when it updates the note, keeps them.

    \b
    Example:
        flashcards import-anki ~/Downloads/docker.apkg --dry-run
        flashcards import-anki ~/Downloads/collection.colpkg
    """
    from flashcards.ui.anki_import import print_anki_import

    collection = app.collection() if dry_run else app.writing()
    print_anki_import(collection.import_anki(file, dry_run=dry_run))


COMMANDS = [import_anki]
