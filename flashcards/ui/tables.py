"""Tables that keep whole the names a user must type (deck names, card ids), at any terminal width.

Left to itself, Rich makes a table fit by shrinking every column, the deck names too: at 80 columns
`notes::linux::shell` became `notes::linux::…` in `flashcards decks`, and a learner cannot type what
they cannot read. Here a column is either *kept* (always its full width, never wrapped: what one types)
or *flexible* (wrapped or folded inside a width found here, down to its minimum). The widths are set
on the columns before Rich sees them, so Rich never has to shrink anything; when even the flexible
columns at their minimum leave no room for the kept ones, `fitted_table` says so (None) and the
caller prints another layout (each name on a line of its own) instead of a cut one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
    from rich.table import Table
    from rich.text import Text

__all__ = ["Col", "FittedTable", "fitted_table", "stacked"]


@dataclass(frozen=True, slots=True)
class Col:
    """One column of a fitted table.

    Attributes:
        header: The heading (it may wrap between its words in a flexible column).
        keep: Shown whole on one line, whatever the width: a name or id the user types.
        justify: `left` or `right` (numbers).
        floor: A flexible column's narrowest width. None: its widest cell, or the longest word of its
            heading if that is wider (the heading wraps between its words, a cell never does: `0 + 20`
            stays whole); a number: cells wrap, and fold at that width when a word is longer.
    """

    header: str
    keep: bool = False
    justify: Literal["left", "right"] = "left"
    floor: int | None = None


def _lines(text: Text) -> list[str]:
    return text.plain.split("\n")


def _natural(texts: Sequence[Text]) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for text in texts for line in _lines(text)), default=0)


def _longest_word(texts: Sequence[Text]) -> int:
    from rich.cells import cell_len

    return max((cell_len(word) for text in texts for word in text.plain.split()), default=0)


def _widths(naturals: list[int], minimums: list[int], kept: list[bool], room: int) -> list[int] | None:
    """Kept columns at their natural width; the flexible ones all capped at the widest cap that fits
    `room` (each between its minimum and its natural width); None when the minimums do not fit."""
    budget = room - sum(n for n, keep in zip(naturals, kept, strict=True) if keep)
    flexible = [(n, max(min(m, n), 1)) for n, m, keep in zip(naturals, minimums, kept, strict=True) if not keep]

    def total(cap: int) -> int:
        return sum(max(least, min(natural, cap)) for natural, least in flexible)

    if total(0) > budget:
        return None
    cap, most = 0, max((natural for natural, _ in flexible), default=0)
    while cap < most:  # the largest cap whose total fits
        middle = (cap + most + 1) // 2
        cap, most = (middle, most) if total(middle) <= budget else (cap, middle - 1)
    caps = iter(max(least, min(natural, cap)) for natural, least in flexible)
    return [natural if keep else next(caps) for natural, keep in zip(naturals, kept, strict=True)]


def fitted_table(console: Console, columns: Sequence[Col], rows: Sequence[Sequence[Text]], *,
                 width: int | None = None, **options: Any) -> Table | None:
    """A Rich table of `rows` that fits `width` (the console's by default) with every kept column
    whole, or None when the kept columns leave too little room.

    `options` go to `rich.table.Table` (title, box, padding...). The room the borders and padding take
    is measured on the table itself, so any box style fits as exactly as the default one.
    """
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text

    cells = [[Text(column.header), *(row[index] for row in rows)] for index, column in enumerate(columns)]
    naturals = [max(_natural(texts), 1) for texts in cells]
    minimums = [column.floor if column.floor is not None else max(_longest_word(texts[:1]), _natural(texts[1:]))
                for column, texts in zip(columns, cells, strict=True)]
    kept = [column.keep for column in columns]

    def build(widths: Sequence[int], *, with_rows: bool) -> Table:
        table = Table(**options)
        for column, width in zip(columns, widths, strict=True):
            table.add_column(column.header, justify=column.justify, width=width, no_wrap=column.keep,
                             overflow="fold")
        for row in rows if with_rows else ():
            table.add_row(*row)
        return table

    # Columns of fixed widths measure as those widths: the rows are not needed to know the rest.
    wide = console.options.update(max_width=10**6)
    overhead = Measurement.get(console, wide, build(naturals, with_rows=False)).maximum - sum(naturals)
    widths = _widths(naturals, minimums, kept, (console.width if width is None else width) - overhead)
    return None if widths is None else build(widths, with_rows=True)


def stacked(columns: Sequence[Col], rows: Sequence[Sequence[Text]], *, width: int, title: str = "") -> Group:
    """The layout for when a table cannot keep its names whole: per row, its first column on a line
    of its own (folded only if it is wider than the whole line), then the other columns as
    `heading value` pairs, indented, as many to a line as fit `width`; a pair is never split."""
    from rich.cells import cell_len
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [Text(title, style="table.title")] if title else []
    for row in rows:
        name = row[0].copy()
        name.overflow = "fold"
        name.stylize("bold")
        parts.append(name)
        line = Text("  ")
        for column, cell in zip(columns[1:], row[1:], strict=True):
            pair = Text.assemble(f"{column.header.lower()} ", cell)
            if cell_len(line.plain) > 2 and cell_len(line.plain) + 3 + pair.cell_len > width:
                parts.append(line)
                line = Text("  ")
            if cell_len(line.plain) > 2:
                line.append(" · ")
            line.append_text(pair)
        line.overflow = "fold"
        parts.append(line)
    return Group(*parts)


class FittedTable:
    """A table that is laid out when printed, at the width it is printed at: `fitted_table` when the
    kept columns fit, else `stacked`. For renderers that return a renderable (`flashcards stats`,
    `flashcards exam`) and do not know the console yet."""

    def __init__(self, columns: Sequence[Col], rows: Sequence[Sequence[Text]], **options: Any) -> None:
        self.columns = list(columns)
        self.rows = [list(row) for row in rows]
        self.options = options

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = fitted_table(console, self.columns, self.rows, width=options.max_width, **self.options)
        if table is not None:
            yield table
        else:
            yield stacked(self.columns, self.rows, width=options.max_width,
                          title=str(self.options.get("title") or ""))
