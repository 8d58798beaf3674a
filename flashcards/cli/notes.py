"""`flashcards import`: read notes, show the change plan, apply it; or `--explain` what one note gives."""

from __future__ import annotations

import json

import click

from flashcards.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--dry-run", is_flag=True, help="Show the plan (and skipped items) without writing anything.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the cards the notes hold as a JSON array (key, kind, deck, front, back, context, source).")
@click.option("--deck", metavar="NAME",
              help="Name the deck: every card of a file goes into NAME, a folder's into NAME::sub::file "
                   "(default: named after the folders and the file, notes::linux::shell).")
@click.option("--explain", is_flag=True,
              help="Show one note line by line: the card each item became, or why it was skipped. Writes nothing.")
@click.option("--verbose", "-v", is_flag=True, help="With --dry-run: list every skipped item, not only their count.")
@pass_app
def import_(app: AppContext, paths: tuple[str, ...], dry_run: bool, as_json: bool, deck: str | None,
            explain: bool, verbose: bool) -> None:
    """Read Markdown notes (files or folders) and turn them into cards.

    Shows the plan (new, changed, moved, restored, unchanged, retired) and applies it. Cards are
    identified by deck, kind, heading path and term, so editing an answer or moving a section keeps the
    card's progress; a card read as another kind or term (a newer extractor) is re-keyed, keeping it
    too; cards gone from the notes are retired (kept with their history), never deleted.
    Unchanged files are skipped. Nothing is written into your notes.

    With --explain, one file is printed with a gutter that shows, line by line, the card (kind, front)
    each item became, the lines read with it, and the lines skipped with the reason; nothing is
    imported.

    \b
    Example:
        flashcards import ~/notes/docker.md
        flashcards import ~/notes --dry-run
        flashcards import notes.md --dry-run --json --deck docker
        flashcards import --explain ~/notes/docker.md
    """
    if explain:
        if as_json:
            raise click.UsageError("--explain prints the note for a person; use --dry-run --json for the cards")
        if len(paths) != 1:
            raise click.UsageError(f"--explain reads one file at a time, got {len(paths)} paths")
        from flashcards.ui.import_plan import print_note_explanation

        print_note_explanation(app.collection().explain_note(paths[0], deck), paths[0])
        return
    from flashcards.ui.import_plan import print_import, print_warnings

    collection = app.collection() if dry_run else app.writing()
    result = collection.import_notes(paths, deck, dry_run=dry_run)
    fatal = result.nothing_readable
    # When nothing could be read, the error names the first problem: it is not repeated as a warning.
    print_warnings(result.problems[1:] if fatal else result.problems)
    if fatal:
        from flashcards.core.cards import Problem
        from flashcards.core.problems import where

        first = result.problems[0] if result.problems else Problem(", ".join(paths), 0, "nothing to import")
        raise click.ClickException(f"nothing imported: {where(first)}")
    if as_json:
        click.echo(json.dumps([draft.to_dict() for draft in result.drafts], indent=2, ensure_ascii=False))
        return
    print_import(result, dry_run=dry_run, verbose=verbose)


@click.command()
@click.option("--dry-run", is_flag=True, help="Show the plan without writing anything.")
@click.option("--verbose", "-v", is_flag=True, help="With --dry-run: list every skipped item, not only their count.")
@pass_app
def sync(app: AppContext, dry_run: bool, verbose: bool) -> None:
    """Read again every notes folder and file the collection has imported.

    New notes in a folder are imported, edited ones updated (progress kept), unchanged files skipped by
    their hash; the cards of a note deleted from its folder are retired with their history kept. A
    folder that is missing as a whole (a drive not mounted) is reported and changes nothing.
    `flashcards quiz` does this first (unless --no-sync).

    \b
    Example:
        flashcards import ~/notes
        flashcards sync --dry-run
    """
    from flashcards.ui.import_plan import print_import, print_missing_roots, print_warnings

    synced = (app.collection() if dry_run else app.writing()).sync(dry_run=dry_run)
    print_missing_roots(synced.missing)
    if synced.result is None:
        if not synced.missing:
            from flashcards.ui import out, plain

            out().print(plain("Nothing to sync: the collection holds no imported notes yet; "
                              "import a folder with `flashcards import ~/notes`."))
        return
    print_warnings(synced.result.problems)
    print_import(synced.result, dry_run=dry_run, verbose=verbose)


COMMANDS = [import_, sync]
