"""How the quiz reads the learner: one line per answer, in a terminal and without one.

Every prompt of the quiz reads a line, ended by Enter: an answer (Enter alone reveals), a grade (Enter
alone takes the suggested one), a command (`u`, `s`, `e`, `q`). One model everywhere, so no key is
read by the wrong prompt: a grade's `4` and its Enter are one input, not a key for the grade and an
Enter that reveals the next card unasked. A session can be scripted as
`printf 'docker ps -a\n5\n\n3\n' | flashcards quiz`; end of input ends the session, and everything
graded so far is already saved.

Typed ahead: a line the learner sends before the prompt that reads it waits for it (`type_ahead`
holds text the quiz split off a grade line); in a terminal, Enters pressed before a card was on
screen are dropped when it is shown (`settle`), since they would reveal it before it was read.
"""

from __future__ import annotations

import sys
from collections import deque
from typing import Protocol

import click


class Prompter(Protocol):
    interactive: bool
    interrupted: bool  # the input ended with Ctrl-C (the quiz then exits 130, as an interrupted program)

    def line(self, prompt: str) -> str | None:
        """A line of text, or None at the end of input."""

    def type_ahead(self, text: str) -> None:
        """Answer the next `line` with `text` (what the learner typed after a grade, on its line)."""

    def settle(self) -> None:
        """A card is about to be shown: drop input that would act on it before it is seen."""


class _Ahead:
    """The lines waiting for the next prompts (typed ahead), shown beside their prompt when used."""

    def __init__(self) -> None:
        self._waiting: deque[str] = deque()
        self.interrupted = False

    def type_ahead(self, text: str) -> None:
        self._waiting.append(text)

    def _next(self, prompt: str) -> str | None:
        if not self._waiting:
            return None
        text = self._waiting.popleft()
        click.echo(f"{prompt} {text}")
        return text


class TerminalPrompter(_Ahead):
    """A real terminal: lines through Click's prompt (the terminal's own line editing)."""

    interactive = True

    def line(self, prompt: str) -> str | None:
        waiting = self._next(prompt)
        if waiting is not None:
            return waiting
        try:
            return str(click.prompt(prompt, default="", show_default=False, prompt_suffix=" "))
        except EOFError:
            return None
        except click.Abort:  # Ctrl-C: Click turns it into Abort
            click.echo()
            self.interrupted = True
            return None

    def settle(self) -> None:
        """Read the lines already typed: keep those with text (answers typed ahead), drop empty ones.

        In a terminal's line mode a read returns at most one line, so what `select` reports ready is
        whole lines, and nothing stays behind in a buffer.
        """
        import select

        try:
            while select.select([sys.stdin], [], [], 0)[0]:
                raw = sys.stdin.readline()
                if raw == "":  # end of input: the next prompt sees it too
                    return
                text = raw.rstrip("\r\n")
                if text.strip():
                    self.type_ahead(text)
        except (OSError, ValueError):  # stdin closed or not selectable: nothing to settle
            return


class LinePrompter(_Ahead):
    """No terminal: each input is one line of standard input, read when its prompt asks (a script's
    lines are all typed ahead, and meant)."""

    interactive = False

    def __init__(self) -> None:
        super().__init__()
        self._stream = sys.stdin

    def line(self, prompt: str) -> str | None:
        waiting = self._next(prompt)
        if waiting is not None:
            return waiting
        click.echo(prompt)
        raw = self._stream.readline()
        if raw == "":
            return None
        return raw.rstrip("\r\n")

    def settle(self) -> None:
        return None


def can_ask() -> bool:
    """Whether the learner can be asked (a terminal on both ends): the quiz's prompter, and the
    commands that ask before they change things (`--search`, `decks retire`, `restore`)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def make_prompter() -> Prompter:
    """The terminal's prompter (typed-ahead Enters settled) when there is one, plain lines otherwise."""
    if can_ask():
        return TerminalPrompter()
    return LinePrompter()
