"""What `flashcards import` prints: the change plan, the warnings, and the `--explain` view of a note.

The plan is a table of what changes (one row per card, or per file when there are many), the counts,
the unchanged files and, in a dry run, what the extractor skipped. Card text enters Rich only as `Text`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flashcards.ui import one_line, out, shown_path
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
# Likewise, unchanged files are named one by one only when there are few of them,
UNCHANGED_LISTED_AT_MOST = 20
# and the items a dry run skipped (a folder's dry run skipped hundreds): beyond this, counted by reason.
SKIPPED_LISTED_AT_MOST = 20


def _origin(item: PlanItem) -> tuple[str, int, str]:
    """(file, line, front) of a plan item, from the notes, or from the store for a retired card."""
    if item.draft is not None:
        return item.draft.source.path, item.draft.source.line, item.draft.front
    assert item.stored is not None
    return shown_path(item.stored.source_path), item.stored.source_line, item.stored.front


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


def skipped_reasons(skipped: Iterable[Problem]) -> list[tuple[int, str]]:
    """How many items were skipped for each reason, most first (a quoted part of a reason left out)."""
    import re
    from collections import Counter

    reasons = Counter(" ".join(re.sub(r"'[^']*'", "", problem.message).split()) for problem in skipped)
    return sorted(((count, reason) for reason, count in reasons.items()), key=lambda pair: (-pair[0], pair[1]))


def _print_skipped(skipped: list[Problem], verbose: bool) -> None:
    from rich.text import Text

    console = out()
    if verbose or len(skipped) <= SKIPPED_LISTED_AT_MOST:
        for problem in skipped:
            location = f"{problem.path}:{problem.line}" if problem.line > 0 else problem.path
            console.print(Text(f"skipped {location}: {problem.message}"), soft_wrap=True)
        return
    console.print(Text(f"Skipped {plural(len(skipped), 'item')} that give no card (--verbose lists each):"))
    for count, reason in skipped_reasons(skipped):
        console.print(Text(f"{count:>6}  {reason}"), soft_wrap=True)


def _moved(item: PlanItem, where: str) -> str:
    """A *moved* card's source cell: where it was → where it is (deck, file or section, whichever moved)."""
    from flashcards.core.cards import CONTEXT_SEPARATOR

    stored, draft = item.stored, item.draft
    if stored is None or draft is None:
        return where
    if stored.deck != draft.deck:
        return f"deck {stored.deck} → {draft.deck} ({where})"
    if stored.source_path != draft.source.path and not stored.source_path.endswith("/" + draft.source.path):
        return f"{shown_path(stored.source_path)}:{stored.source_line} → {where}"
    if stored.context != draft.context:
        def section(context: tuple[str, ...]) -> str:
            return CONTEXT_SEPARATOR.join(context) or "the top of the note"
        return f"{section(stored.context)} → {section(draft.context)} ({where})"
    return where


def print_import(result: ImportResult, *, dry_run: bool, verbose: bool = False) -> None:
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
            where = f"{path}:{line}"
            if item.rekeyed:  # the learner sees what the card was, so the kept progress is no surprise
                assert item.stored is not None
                action = f"{action} (re-keyed)"
                if one_line(item.stored.front, 60) != shown:
                    shown = f"{one_line(front, 40)} (was: {one_line(item.stored.front, 28)})"
            elif item.action is Action.CHANGED and item.stored is not None and item.draft is not None:
                if one_line(item.stored.front, 60) != shown:  # a reverse card: its front is the answer
                    shown = f"{one_line(item.stored.front, 38)} → {one_line(front, 38)}"
                else:
                    shown = (f"{one_line(front, 30)}: {one_line(item.stored.back, 24)} → "
                             f"{one_line(item.draft.back, 24)}")
            elif item.action is Action.MOVED:
                where = _moved(item, where)
            table.add_row(Text(action), Text(shown), Text(where))
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
    if result.retired_files:
        decks = sorted({note.deck for note in result.retired_files})
        console.print(Text(f"Not read: {plural(len(result.retired_files), 'note')} of the retired "
                           f"{'deck' if len(decks) == 1 else 'decks'} {', '.join(decks)} (a retired deck stays "
                           "retired)."), soft_wrap=True)
    unchanged = result.unchanged_files
    if len(unchanged) > UNCHANGED_LISTED_AT_MOST:
        console.print(Text(f"{plural(len(unchanged), 'file')} unchanged since the last import, skipped."))
    elif unchanged:
        console.print(Text("\n".join(f"unchanged since the last import, skipped: {note.display}"
                                      for note in unchanged)), soft_wrap=True)
    if dry_run and result.skipped:
        _print_skipped(result.skipped, verbose)


def print_missing_roots(paths: Iterable[str]) -> None:
    """A line on stderr for each recorded notes folder or file that is not there (nothing retired)."""
    import click

    from flashcards.core.vocabulary import escape_controls

    for path in paths:
        click.echo(f"warning: {escape_controls(path)} is missing; its cards are left as they are "
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
    from flashcards.core.vocabulary import escape_controls

    for problem in problems:
        click.echo(f"warning: {escape_controls(where(problem))}", err=True)


def print_note_explanation(found: NoteExplanation, argument: str) -> None:
    """The note line by line with the gutter (`ui.explain_view`), under a heading and over a footer
    that names the file as the learner typed it."""
    from flashcards.ui.explain_view import print_explanation

    heading = f"{found.display} (deck {found.deck}): what import reads, line by line"
    footer = f"Nothing was imported; `flashcards import {argument}` would import these cards."
    print_explanation(found.explanation, heading, footer, out())
