"""All terminal output goes through here: the consoles and the renderers.

User text (card fronts and backs, deck names, file paths) enters Rich only as `Text`, never as a markup
string, so `list[int]`, `[/]`, `C:\\` and `:smile:` print exactly as written. Markup is for our own
literals only. Output is plain without a terminal and with NO_COLOR (Rich honours both).
"""

from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs `flashcards due` 3 ms (mypy reads both)
if TYPE_CHECKING:
    from rich.console import Console, Group
    from rich.text import Text

    from rich.table import Table

    from flashcards.application.importer import ImportResult
    from flashcards.core.plan import PlanItem


def out() -> Console:
    """The console for normal output (stdout); created per call so CliRunner's stdout is used."""
    from rich.console import Console

    return Console(highlight=False, emoji=False)


def err() -> Console:
    """The console for warnings and notices (stderr)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


def plain(text: str, style: str = "") -> Text:
    """User-facing text as a Rich `Text` (never parsed as markup)."""
    from rich.text import Text

    return Text(text, style=style)


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
    table = Table(title=f"{title}: {len(changing)} cards in {len(per_file)} file(s)", title_justify="left")
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
    console.print(Text(f"{files} file(s): {summary or 'no cards'}; {verb} the collection."))
    unchanged = result.unchanged_files
    if len(unchanged) > UNCHANGED_LISTED_AT_MOST:
        console.print(Text(f"{len(unchanged)} file(s) unchanged since the last import, skipped."))
    elif unchanged:
        console.print(Text("\n".join(f"unchanged since the last import, skipped: {note.display}"
                                      for note in unchanged)), soft_wrap=True)
    if dry_run:
        for skipped in result.skipped:
            location = f"{skipped.path}:{skipped.line}" if skipped.line > 0 else skipped.path
            console.print(Text(f"skipped {location}: {skipped.message}"), soft_wrap=True)


def one_line(text: str, width: int) -> str:
    """Text folded to one line and cut to `width` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@dataclass(frozen=True)
class CardView:
    """What the quiz shows of a card: all user text, rendered only through `Text`."""

    deck: str
    context: tuple[str, ...]
    source: str
    front: str
    back: str
    kind: str
    progress: str = ""


def context_line(view: CardView) -> Text:
    """`deck › heading › path   file:line   3/20` on one line (folded when it is wider than the screen)."""
    from rich.text import Text

    from flashcards.core.cards import CONTEXT_SEPARATOR

    line = Text()
    line.append(CONTEXT_SEPARATOR.join((view.deck, *view.context)), style="bold cyan")
    line.append("   ")
    line.append(view.source, style="dim")
    if view.progress:
        line.append("   ")
        line.append(view.progress, style="dim")
    return line


def render_front(view: CardView, *, hint: str = "") -> Group:
    """The question side: the context line, a hint if any (a same-session repeat), then the front."""
    from rich.console import Group
    from rich.text import Text

    parts: list[Text] = [context_line(view), Text()]
    if hint:
        parts.append(Text(hint, style="dim"))
    parts.append(Text(view.front, style="bold"))
    return Group(*parts)


def render_back(view: CardView) -> Group:
    """The answer side, set apart by a rule."""
    from rich.console import Group
    from rich.rule import Rule
    from rich.text import Text

    return Group(Rule(style="dim"), Text(view.back))


GRADE_HELP = "0 blackout · 1 wrong, familiar · 2 wrong, easy once seen · 3 hard · 4 hesitated · 5 perfect"


def render_verdict(typed: str, correct: bool, suggested: int, reason: str) -> Text:
    """The result of a typed answer: right or not, why, and the suggested grade."""
    from rich.text import Text

    verdict = Text()
    verdict.append("✓ " if correct else "✗ ", style="bold green" if correct else "bold red")
    verdict.append("You typed: ")
    verdict.append(typed)
    verdict.append(f"\n  {reason}; suggested grade {suggested}", style="dim")
    return verdict


def render_summary(*, cards: int, grades: int, correct_percent: int | None, seconds: float,
                   due_tomorrow: int) -> Text:
    """The end of a session: cards, correct % (right the first time), time, what is due tomorrow."""
    from rich.text import Text

    share = f"{correct_percent}%" if correct_percent is not None else "-"
    minutes, secs = divmod(round(seconds), 60)
    return Text(
        f"Session done: {cards} card(s), {grades} grade(s), {share} correct, {minutes}m {secs:02d}s. "
        f"Due tomorrow: {due_tomorrow}."
    )
