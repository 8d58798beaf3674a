"""`flashcards export anki|csv`: take decks to Anki (the collection writes, `ui.exports` reports)."""

from __future__ import annotations

from pathlib import Path

import click

from flashcards.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)

_output = click.option(
    "-o", "--output", "output", required=True, type=click.Path(path_type=Path), metavar="FILE",
    help="The file to write; replaced only once it is complete.",
)


@click.group()
def export() -> None:
    """Export decks for Anki: a package (.apkg) or Anki's text format.

    \b
    Example:
        flashcards export anki docker -o docker.apkg --with-scheduling
        flashcards export csv docker -o docker.txt
    """


@export.command("anki", short_help="Write an Anki package (.apkg), optionally with progress.")
@click.argument("deck", required=False)
@_output
@click.option("--with-scheduling", is_flag=True,
              help="Carry progress (due date, interval, ease, reviews, lapses) and the review history.")
@pass_app
def anki(app: AppContext, deck: str | None, output: Path, with_scheduling: bool) -> None:
    """Write an Anki package of DECK (default: every deck), one note per item.

    A term and its reverse are one note with two cards (Anki buries the sibling), a cloze is a Cloze
    note. Sections become subdecks (`docker::Core commands`), headings and your tags become tags under
    `flashcards::`, and a small Context field under the answer says where the card comes from.
    Re-exporting after you edit, move or rename in your notes and importing again updates the notes in
    Anki instead of duplicating them, and keeps the progress made in Anki. Retired cards (gone from
    your notes) are exported suspended and tagged flashcards::retired (a card Anki already has keeps
    its state: search the tag in Anki and suspend them there); suspended cards are exported
    suspended. Local images your notes show travel with the package. Tick "Import deck presets" in
    Anki's import dialog for the preset that buries siblings and brings new cards in the order of
    your notes.

    With --with-scheduling, cards you have studied arrive as review cards due on the same day as here.
    In Anki's import dialog tick "Import any learning progress" (include scheduling), or Anki imports
    every card as new. Anki keeps its own progress for cards it already has.

    \b
    Example:
        flashcards export anki docker -o docker.apkg
        flashcards export anki -o everything.apkg --with-scheduling
    """
    from flashcards.ui.exports import print_export

    print_export(app.collection().export_anki(deck, output, with_scheduling=with_scheduling))


@export.command("csv", short_help="Write Anki's text format (tab- or comma-separated).")
@click.argument("deck", required=False)
@_output
@click.option("--separator", type=click.Choice(["tab", "comma"]), default="tab", show_default=True,
              help="Field separator.")
@click.option("--notetype", metavar="NAME", default=None,
              help="Your Anki's name for the Basic note type (default: Basic; Einfach in German).")
@pass_app
def csv_command(app: AppContext, deck: str | None, output: Path, separator: str, notetype: str | None) -> None:
    """Write DECK (default: every deck) in Anki's text format, for File > Import in Anki.

    The file says how to read it (#separator, #html, #notetype, #guid/#deck/#tags column), uses Anki's
    built-in Basic note type, and quotes every field. In an Anki that is not in English, Basic has
    another name: Anki then takes its current note type (choose one with the question and the answer
    as its first two fields), or give the name with --notetype. Importing it again updates the same
    notes. It carries no scheduling and no suspension; use `flashcards export anki
    --with-scheduling` for those. Retired cards are skipped.

    \b
    Example:
        flashcards export csv docker -o docker.txt
        flashcards export csv --separator comma -o cards.csv
        flashcards export csv docker --notetype Einfach -o docker.txt
    """
    from flashcards.ui.exports import print_export

    print_export(app.collection().export_csv(deck, output, separator=separator, notetype=notetype))


COMMANDS = [export]
