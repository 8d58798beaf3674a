"""All terminal output goes through here: the consoles and the renderers.

User text (card fronts and backs, deck names, file paths) enters Rich only as `Text`, never as a markup
string, so `list[int]`, `[/]`, `C:\\` and `:smile:` print exactly as written. Markup is for our own
literals only. Output is plain without a terminal and with NO_COLOR (Rich honours both).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def out() -> Console:
    """The console for normal output (stdout); created per call so CliRunner's stdout is used."""
    from rich.console import Console

    return Console(highlight=False, emoji=False)


def err() -> Console:
    """The console for warnings and notices (stderr)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)
