"""Pipe rows without a delimiter row: a paragraph of `| a | b |` lines read as a table.

`| a | b |` lines with no `|---|` under the first are a paragraph to markdown-it. A paragraph whose every line is such a row, most rows with the same number of cells
(two or more), is read as a table too, each card pointing at its own row's line. Its first row is a
header only when its cells name columns (as the header words of `tables` do) or when it opens the way the
note's real tables open (`| English | ... |` over the rows when `| English | German |` headers a table
elsewhere). Two or more rows but no more than half its columns (`| Article | Der | Die | Das |` over `| Gender | ... |`)
is a table written sideways, not a list of facts. A row whose answer is its key again (`| elegant | elegant |`) is no card.

Apart from `tables` because the rows are found in a paragraph's source lines (cells split at pipes
outside code spans), and the header is guessed from the note's other tables; the rows are then
judged like any table's (`tables.read_rows`).
"""

from __future__ import annotations

import re

from flashcards.core.extract.document import Block
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.tables import DESCRIPTION_HEADERS, KEY_HEADERS, Table, header_name, read_rows, table_of
from flashcards.core.extract.text import Rendered, render_markdown_text


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")


def _pipe_cells(line: str) -> list[str]:
    """The cells of one `| a | b |` source line: split at pipes outside code spans and not escaped."""
    inner = line.strip()[1:-1]
    cells: list[str] = []
    current: list[str] = []
    in_code = False
    previous = ""
    for character in inner:
        if character == "`":
            in_code = not in_code
        if character == "|" and not in_code and previous != "\\":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(character)
        previous = character
    cells.append("".join(current).strip())
    return cells


def _note_headers(scan: Scan) -> frozenset[str]:
    """The first header cell of each real table in the note (computed once per note)."""
    if scan.table_headers is None:
        firsts: set[str] = set()
        for candidate in scan.document.blocks:
            if candidate.type == "table":
                table = table_of(candidate)
                if table is not None and table.names:
                    firsts.add(table.names[0])
        scan.table_headers = frozenset(firsts)
    return scan.table_headers


def _is_header_row(scan: Scan, names: list[str]) -> bool:
    named = [name for name in names if name]
    if not named:
        return False
    if all(name in KEY_HEADERS or name in DESCRIPTION_HEADERS for name in named):
        return True
    return names[0] in _note_headers(scan)


def _pipe_row_lines(scan: Scan, block: Block) -> list[tuple[int, str]]:
    lines = [(number, scan.document.line(number)) for number in range(block.start, block.end + 1)]
    return [(number, text) for number, text in lines if text.strip()]


def is_pipe_rows(scan: Scan, block: Block) -> bool:
    """Every line of the paragraph is a `| a | b |` row: a table written without its delimiter row,
    which `read_pipe_rows` decides (other rules, such as a heading's body, leave it to it)."""
    lines = _pipe_row_lines(scan, block)
    return bool(lines) and all(_PIPE_ROW.match(text) for _, text in lines)


def read_pipe_rows(scan: Scan, block: Block) -> bool:
    """A paragraph of `| a | b |` lines without a delimiter row, read as a table; True if it is one."""
    if not is_pipe_rows(scan, block):
        return False
    lines = _pipe_row_lines(scan, block)
    rows = [(number, _pipe_cells(text)) for number, text in lines]
    counts = [len(cells) for _, cells in rows]
    common = max(set(counts), key=counts.count)
    if common < 2 or min(counts) < 2 or counts.count(common) * 3 < len(counts) * 2:
        return False
    rendered = [(number, [render_markdown_text(cell) for cell in cells]) for number, cells in rows]
    width = max(counts)
    names = [header_name(cell) for cell in rendered[0][1]]
    if len(rendered) > 1 and _is_header_row(scan, names):
        headers, body = rendered[0][1], rendered[1:]
    else:
        headers, body = [Rendered("", "")] * width, rendered
    scan.consume(block)
    if len(body) >= 2 and len(body) * 2 <= width:
        # `| Article | Der | Die | Das |` over `| Gender | Masc. | ... |`: the records run across.
        scan.sink.skip(block.start, "transposed table (its records are columns)")
        return True
    read_rows(scan, block, Table(headers, [header_name(cell) for cell in headers], body))
    return True
