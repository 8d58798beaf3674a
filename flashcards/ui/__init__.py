"""All terminal output goes through `flashcards.ui`: the consoles, the quiz's card views, and (in the
modules beside this one) each command's renderer (`ui.cards`, `ui.import_plan`, `ui.charts`, ...).

User text (card fronts and backs, deck names, file paths) enters Rich only as `Text`, never as a markup
string, so `list[int]`, `[/]`, `C:\\` and `:smile:` print exactly as written. Markup is for our own
literals only. Output is plain without a terminal and with NO_COLOR (Rich honours both).
"""

from __future__ import annotations

from dataclasses import dataclass

from flashcards.core.images import terminal_text
from flashcards.core.vocabulary import plural

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


# The environment variables Rich reads when a console is made (colour, terminal, size): a console is
# reused only while they and the stream it writes to are the same.
_RICH_ENVIRONMENT = ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
_consoles: dict[tuple[object, ...], Console] = {}


def _console(stderr: bool) -> Console:
    """One console per output stream and environment, made on first use.

    Making a Rich console reads the environment and the terminal (some 70 us); the quiz prints three
    or four times per card, so a fresh console per print was a tenth of an answer's time. Keyed on the
    stream object itself: CliRunner (tests) swaps `sys.stdout` per invocation and gets its own.
    """
    import os
    import sys

    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    key = (stream, stderr, *(os.environ.get(name) for name in _RICH_ENVIRONMENT))
    console = _consoles.get(key)
    if console is None:
        if len(_consoles) > 16:  # streams that came and went (tests): forget them, and keep none alive
            _consoles.clear()
        console = _consoles[key] = Console(stderr=stderr, highlight=False, emoji=False)
    return console


def out() -> Console:
    """The console for normal output (stdout)."""
    return _console(stderr=False)


def err() -> Console:
    """The console for warnings and notices (stderr)."""
    return _console(stderr=True)


def plain(text: str, style: str = "") -> Text:
    """User-facing text as a Rich `Text` (never parsed as markup)."""
    from rich.text import Text

    return Text(text, style=style)


def one_line(text: str, width: int) -> str:
    """Text folded to one line and cut to `width` characters with an ellipsis."""
    flat = " ".join(terminal_text(text).split())
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


def shown_path(path: str) -> str:
    """A stored (absolute) path as the learner reads it: relative below the current folder, else `~/…`
    below the home folder, else as it is (a long absolute path wraps mid-name at 80 columns)."""
    import os

    for folder, shown in ((os.getcwd(), ""), (os.path.expanduser("~"), "~" + os.sep)):
        prefix = folder if folder.endswith(os.sep) else folder + os.sep
        if path.startswith(prefix) and folder != os.sep:
            return shown + path[len(prefix):]
    return path


def context_line(view: CardView) -> Text:
    """`deck › heading › path   file:line   3/20` on one line (folded when it is wider than the screen)."""
    from rich.text import Text

    from flashcards.core.vocabulary import CONTEXT_SEPARATOR

    line = Text()
    line.append(CONTEXT_SEPARATOR.join((view.deck, *view.context)), style="bold cyan")
    line.append("   ")
    line.append(view.source, style="dim")
    if view.progress:
        line.append("   ")
        line.append(view.progress, style="dim")
    return line


def render_front(view: CardView, *, hint: str = "", blank_first: bool = False) -> Text:
    """The question side: the context line, a hint if any (a same-session repeat), then the front.

    `blank_first` starts it with an empty line (the quiz's gap between cards), in the same print. One
    `Text` of several lines, not a group of one per line: Rich renders and wraps each renderable on
    its own, and the front is drawn on every card (a third less time, the same output).
    """
    from rich.text import Text

    front = Text("\n") if blank_first else Text()
    front.append_text(context_line(view))
    front.append("\n\n")
    if hint:
        front.append(hint, style="dim")
        front.append("\n")
    front.append(terminal_text(view.front), style="bold")
    return front


def render_back(view: CardView) -> Group:
    """The answer side, set apart by a rule."""
    from rich.console import Group
    from rich.rule import Rule
    from rich.text import Text

    return Group(Rule(style="dim"), Text(terminal_text(view.back)))


GRADE_HELP = "0 blackout · 1 wrong, familiar · 2 wrong, easy once seen · 3 hard · 4 hesitated · 5 perfect"


def render_verdict(typed: str, suggested: int, reason: str) -> Text:
    """The result of a typed answer: right or not, why, and the suggested grade.

    The mark follows the suggested grade alone, so it can never contradict it: ✓ for a pass (3 and
    up, SM-2's pass mark; a 3 "nearly" in yellow), ✗ only for a failing grade. A ✗ beside "3 of 3 key
    words" is impossible by construction.
    """
    from rich.text import Text

    from flashcards.core.vocabulary import CORRECT_GRADE, PASS_GRADE

    if suggested >= CORRECT_GRADE:
        mark, style = "✓ ", "bold green"
    elif suggested >= PASS_GRADE:
        mark, style = "✓ ", "bold yellow"
    else:
        mark, style = "✗ ", "bold red"
    verdict = Text()
    verdict.append(mark, style=style)
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
        f"Session done: {plural(cards, 'card')}, {plural(grades, 'grade')}, {share} correct, {minutes}m {secs:02d}s. "
        f"Due tomorrow: {due_tomorrow}."
    )
