"""The terminal layout of `import --explain`: a gutter, the line number, then the note's line.

The gutter comes first because it is what a learner scans for ("which of my lines became cards?");
the note's own line follows its number, as in an editor. Each column wraps inside itself, so at 80
columns (or fewer) a long note line continues under itself, never under the gutter, and a wrapped row
keeps the gutter's `│` (part of a card) or `·` (read, no card) so an item reads as one block:

    definition ⇄ Image          8    <dt>Image</dt>
    │                           9    <dd>A read-only template that a container is
    │                                started from</dd>

A card's short front is cut with `…` to fit the gutter (the card itself is in `flashcards cards`); a
skip reason or a problem is never cut, it wraps in the gutter. User text enters Rich only as `Text`
(`list[int]`, `[/]` and `C:\\` print as written); control characters are shown as their Unicode
pictures (`␛`), so a stray escape in a note cannot drive the terminal, and tabs are expanded.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from flashcards.core.explain import Belongs, Explanation, ExplainedLine, Mark, Role, summary

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

TAB_SIZE = 4
CONTINUES = {Belongs.CARD: "│", Belongs.READ: "·", Belongs.NOT_READ: ""}
STYLE = {Role.CARD: "bold cyan", Role.SKIPPED: "yellow", Role.PROBLEM: "bold red", Role.NO_CARD: "dim"}
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "␡" if code == 0x7F else chr(0x2400 + code)


def visible(text: str) -> str:
    """A note line as it can be shown: tabs expanded, control characters as their pictures (U+2400...)."""
    return _CONTROL.sub(_picture, text.expandtabs(TAB_SIZE))


def gutter_width(width: int) -> int:
    """About a third of the screen, between 16 and 28 columns: room for `definition ⇄` and a short front."""
    return max(16, min(28, width // 3))


def _wrapped(text: Text, console: Console, width: int) -> list[Text]:
    """`text` in rows of at most `width` cells; most note lines fit, and skip Rich's costly wrap."""
    if text.cell_len <= width:
        return [text]
    return list(text.wrap(console, width, overflow="fold"))


def _mark_rows(mark: Mark, console: Console, width: int) -> list[Text]:
    from rich.text import Text

    from flashcards.core.images import terminal_text

    style = STYLE[mark.role]
    if mark.role is Role.CARD:
        row = Text(f"{mark.label} {visible(terminal_text(mark.front))}" if mark.front else mark.label)
        row.stylize(style, 0, len(mark.label))
        row.truncate(width, overflow="ellipsis")
        return [row]
    label = mark.label if mark.role is Role.NO_CARD else f"{mark.role.value}: {visible(mark.label)}"
    return _wrapped(Text(label, style=style), console, width)


def _line_rows(line: ExplainedLine, console: Console, gutter: int, number_width: int, text_width: int) -> list[Text]:
    from rich.text import Text

    marks = [row for mark in line.marks for row in _mark_rows(mark, console, gutter)]
    body = _wrapped(Text(visible(line.text)), console, text_width)
    filler = CONTINUES[line.belongs]
    rows: list[Text] = []
    for index in range(max(len(marks), len(body))):
        left = marks[index] if index < len(marks) else Text(filler, style="dim")
        left.truncate(gutter, pad=True)
        number = str(line.number) if index == 0 else ""
        left.append(f" {number.rjust(number_width)}  ", style="dim")
        if index < len(body):
            left.append_text(body[index])
        rows.append(left)
    return rows


LEGEND = "Gutter: the card each item became (⇄: and its reverse), │ the rest of its item, · read but no card."


def render_explanation(explanation: Explanation, heading: str, footer: str, console: Console) -> list[Text]:
    """The whole screen as rows no wider than the console: heading, legend, the note, summary, footer."""
    from rich.text import Text

    width = max(20, console.width)
    number_width = len(str(len(explanation.lines))) if explanation.lines else 1
    # The note's text keeps at least 10 columns, the gutter giving way on a very narrow screen.
    gutter = max(4, min(gutter_width(width), width - number_width - 3 - 10))
    text_width = max(1, width - gutter - 1 - number_width - 2)

    def paragraph(text: str, style: str = "") -> list[Text]:
        return list(Text(text, style=style).wrap(console, width, overflow="fold"))

    rows = [*paragraph(heading, "bold"), *paragraph(LEGEND, "dim"), Text()]
    for line in explanation.lines:
        rows.extend(_line_rows(line, console, gutter, number_width, text_width))
    if not explanation.lines:
        rows.append(Text("(the file is empty)", style="dim"))
    rows.append(Text())
    for sentence in [*summary(explanation), footer]:
        rows.extend(paragraph(sentence))
    for row in rows:
        row.rstrip()
    return rows


def print_explanation(explanation: Explanation, heading: str, footer: str, console: Console) -> None:
    """Print the rows as they are: each already fits, so nothing is wrapped again.

    Without a terminal Rich would drop every style anyway, so the text is written straight out: a
    note of thousands of lines then prints in a blink instead of seconds.
    """
    from rich.segment import Segment, Segments

    rows = render_explanation(explanation, heading, footer, console)
    if not console.is_terminal and console.color_system is None:
        console.file.write("".join(f"{row.plain}\n" for row in rows))
        return
    segments: list[Segment] = []
    for row in rows:
        segments.extend(row.render(console))
        segments.append(Segment.line())
    console.print(Segments(segments), crop=False, overflow="ignore", no_wrap=True)
