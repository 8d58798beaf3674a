"""How the quiz reads the learner: keys in a terminal, plain lines otherwise.

In a terminal the answer is a typed line (Enter alone reveals) and a grade is one key press. Without a
terminal (a pipe, a script, a test) every input is a line: an answer line, then a grade line, so a
session can be scripted as `printf 'docker ps -a\\n5\\n\\n3\\n' | flashcards quiz`. End of input ends the
session; everything graded so far is already saved.
"""

from __future__ import annotations

import sys
from typing import Protocol

import click


class Prompter(Protocol):
    interactive: bool

    def line(self, prompt: str) -> str | None:
        """A line of text, or None at the end of input."""

    def key(self, prompt: str) -> str | None:
        """One key (Enter is ""), or None at the end of input."""


class TerminalPrompter:
    """A real terminal: lines through Click's prompt, single keys through getchar."""

    interactive = True

    def line(self, prompt: str) -> str | None:
        try:
            return str(click.prompt(prompt, default="", show_default=False, prompt_suffix=" "))
        except (EOFError, click.Abort):
            return None

    def key(self, prompt: str) -> str | None:
        click.echo(f"{prompt} ", nl=False)
        try:
            char = click.getchar()
        except (EOFError, click.Abort, KeyboardInterrupt):
            click.echo()
            return None
        if char in ("\x03", "\x04"):  # Ctrl-C, Ctrl-D
            click.echo()
            return None
        shown = "" if char in ("\r", "\n") else char
        click.echo(shown)
        return "" if char in ("\r", "\n") else char


class LinePrompter:
    """No terminal: each input is one line of standard input."""

    interactive = False

    def __init__(self) -> None:
        self._stream = sys.stdin

    def line(self, prompt: str) -> str | None:
        click.echo(prompt)
        raw = self._stream.readline()
        if raw == "":
            return None
        return raw.rstrip("\r\n")

    def key(self, prompt: str) -> str | None:
        value = self.line(prompt)
        return None if value is None else value.strip()


def make_prompter() -> Prompter:
    """Keys in a terminal, lines otherwise."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return TerminalPrompter()
    return LinePrompter()
