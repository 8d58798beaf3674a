"""What `flashcards import` prints: the change plan, the warnings, and the `--explain` view of a note.

The plan is a table of what changes (one row per card, or per file when there are many), the counts,
the unchanged files and, in a dry run, what the extractor skipped. Card text enters Rich only as `Text`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flashcards.ui import one_line, out
from flashcards.core.vocabulary import plural

if TYPE_CHECKING:
    from rich.table import Table

    from flashcards.application.importer import ImportResult
    from flashcards.application.results import NoteExplanation
    from flashcards.core.cards import Problem
    from flashcards.core.plan import PlanItem


# Above this many changed cards the plan shows one row per file instead of one per card: a first import
# of a notes folder can hold 10,000 cards, and a table that long is neither readable nor quick to print.
CARD_ROWS_AT_MOST = 300
# Likewise, unchanged files are named one by one only when there are few of them.
UNCHANGED_LISTED_AT_MOST = 20


def _origin(item: PlanItem) -> tuple[str, int, str]:
    """(file, line, front) of a plan item, from the notes, or from the store for a retired card."""
    if item.draft is not None:
        return item.draft.source.path, item.draft.source.line, item.draft.front
    assert item.stored is not None
    return item.stored.source_path, item.stored.source_line, item.stored.front


def _changes_per_file(changing: list[PlanItem], title: str) -> Table:
    """One row per file with the number of cards per action."""
    from collections import Counter

    from rich.table import Table
    from rich.text import Text

    from flashcards.core.plan import Action

    shown = [action for action in Action if any(item.action is action for item in changing)]
    per_file: dict[str, Counter[Action]] = {}
    for item in changing:
        per_file.setdefault(_origin(item)[0], Counter())[item.action] += 1
    table = Table(title=f"{title}: {plural(len(changing), 'card')} in {plural(len(per_file), 'file')}", title_justify="left")
    table.add_column("File", overflow="fold")
    for action in shown:
        table.add_column(action.value, justify="right")
    for path, counts in per_file.items():
        table.add_row(Text(path), *(Text(str(counts[action])) for action in shown))
    return table


def print_import(result: ImportResult, *, dry_run: bool) -> None:
    """The import plan as a table of what changes, then counts, then (in a dry run) what was skipped."""
    from rich.table import Table
    from rich.text import Text

    from flashcards.core.plan import Action

    console = out()
    quiet = (Action.UNCHANGED, Action.SHIFTED)
    changing = [item for item in result.plan.items if item.action not in quiet]
    title = "Plan" if dry_run else "Imported"
    if len(changing) > CARD_ROWS_AT_MOST:
        console.print(_changes_per_file(changing, title))
    elif changing:
        table = Table(title=title, title_justify="left", expand=False)
        table.add_column("Action", no_wrap=True)
        table.add_column("Card", overflow="fold")
        table.add_column("Source", overflow="fold")
        for item in changing:
            path, line, front = _origin(item)
            action, shown = item.action.value, one_line(front, 60)
            if item.rekeyed:  # the learner sees what the card was, so the kept progress is no surprise
                assert item.stored is not None
                action = f"{action} (re-keyed)"
                if one_line(item.stored.front, 60) != shown:
                    shown = f"{one_line(front, 40)} (was: {one_line(item.stored.front, 28)})"
            table.add_row(Text(action), Text(shown), Text(f"{path}:{line}"))
        console.print(table)
    counts = result.plan.counts()
    label = {"shifted": "on new lines"}
    rekeyed = result.plan.rekeyed
    if rekeyed:  # "changed" keeps its count; the re-keyed among them are named, as they keep history
        label["changed"] = f"changed ({rekeyed} re-keyed: read as another kind or term, progress kept)"
    summary = ", ".join(f"{n} {label.get(name, name)}" for name, n in counts.items() if n)
    files = len(result.files) + len(result.unchanged_files)
    verb = "would change" if dry_run else "changed"
    if not result.plan.writes_anything:
        verb = "no change to"
    console.print(Text(f"{plural(files, 'file')}: {summary or 'no cards'}; {verb} the collection."))
    unchanged = result.unchanged_files
    if len(unchanged) > UNCHANGED_LISTED_AT_MOST:
        console.print(Text(f"{plural(len(unchanged), 'file')} unchanged since the last import, skipped."))
    elif unchanged:
        console.print(Text("\n".join(f"unchanged since the last import, skipped: {note.display}"
                                      for note in unchanged)), soft_wrap=True)
    if dry_run:
        for skipped in result.skipped:
            location = f"{skipped.path}:{skipped.line}" if skipped.line > 0 else skipped.path
            console.print(Text(f"skipped {location}: {skipped.message}"), soft_wrap=True)


def print_missing_roots(paths: Iterable[str]) -> None:
    """A line on stderr for each recorded notes folder or file that is not there (nothing retired)."""
    import click

    for path in paths:
        click.echo(f"warning: {path} is missing; its cards are left as they are "
                   "(mount or restore it, or import the notes from where they are now)", err=True)


def sync_summary(result: ImportResult) -> str | None:
    """The one line the quiz prints after syncing the notes, or None when nothing changed."""
    from flashcards.core.plan import Action

    if not result.applied or not result.plan.writes_anything:
        return None
    counts = result.plan.counts()
    shown = [Action.NEW, Action.CHANGED, Action.MOVED, Action.RESTORED, Action.RETIRED]
    parts = ", ".join(f"{counts[action.value]} {action.value}" for action in shown if counts[action.value])
    return f"Notes synced: {parts or 'cards on new lines'}."


def print_warnings(problems: Iterable[Problem]) -> None:
    """`warning: file:line: message` on stderr, one line each, exactly as written (no wrapping)."""
    import click

    from flashcards.core.problems import where

    for problem in problems:
        click.echo(f"warning: {where(problem)}", err=True)


def print_note_explanation(found: NoteExplanation, argument: str) -> None:
    """The note line by line with the gutter (`ui.explain_view`), under a heading and over a footer
    that names the file as the learner typed it."""
    from flashcards.ui.explain_view import print_explanation

    heading = f"{found.display} (deck {found.deck}): what import reads, line by line"
    footer = f"Nothing was imported; `flashcards import {argument}` would import these cards."
    print_explanation(found.explanation, heading, footer, out())
