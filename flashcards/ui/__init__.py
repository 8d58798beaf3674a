"""All terminal output goes through `flashcards.ui`: the consoles, the quiz's card views, and (in the
modules beside this one) each command's renderer (`ui.cards`, `ui.import_plan`, `ui.charts`, ...).

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


def preload() -> None:
    """Start importing Rich on a thread, for a command that has other work before its first output.

    Importing Rich's console and text takes about 50 ms of pure Python; the quiz reads the day's plan
    meanwhile, most of it inside SQLite, which releases the GIL. The first `out()` then finds Rich
    loaded (Python's import lock makes it wait for an import still running, so it is always safe).
    """
    import threading

    def load() -> None:
        import rich.console
        import rich.text  # noqa: F401

    threading.Thread(target=load, name="load-rich", daemon=True).start()


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
