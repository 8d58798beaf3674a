"""HTML `<table>`s: read as pipe tables are, each card pointing at the line of its `<tr>`.

A first row of `<th>` cells is the header; a blank line inside the table does not end it (it only
ends an HTML block, so the table's region runs over the HTML blocks up to its closing tag). The
standard library's lenient parser finds the rows and the raw HTML of each cell; the cells are then
rendered and judged exactly like a pipe table's (`tables.read_rows`). Apart from `tables` because
finding the cells in HTML is its own job, with its own failure (an unreadable table is a problem on
its line, never the note's).
"""

from __future__ import annotations

from html.parser import HTMLParser

from flashcards.core.extract.document import Block
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.tables import Table, header_name, read_rows
from flashcards.core.extract.text import Rendered, render_fragment


_MAX_REGION_BLOCKS = 200  # how far an HTML table may run over blank lines


class _HtmlTableReader(HTMLParser):
    """Rows of an HTML `<table>` as raw cell HTML with the line of each row; `<th>` rows are headers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.rows: list[tuple[int, bool, list[str]]] = []  # (line, all cells are <th>, cells)
        self.cell: list[str] | None = None
        self.heads: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
        elif self.depth == 1 and tag == "tr":
            self._end_cell()
            self.rows.append((self.getpos()[0], True, []))
            self.heads = []
        elif self.depth == 1 and tag in {"td", "th"} and self.rows:
            self._end_cell()
            self.cell = []
            self.heads.append(tag == "th")
        elif self.cell is not None:
            self.cell.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._end_cell()
            self.depth -= 1
        elif self.depth == 1 and tag in {"td", "th", "tr"}:
            self._end_cell()
        elif self.cell is not None:
            self.cell.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def _end_cell(self) -> None:
        if self.cell is not None and self.rows:
            line, _, cells = self.rows[-1]
            cells.append("".join(self.cell))
            self.rows[-1] = (line, all(self.heads), cells)
        self.cell = None


def _html_region(scan: Scan, block: Block) -> list[Block]:
    """The HTML blocks of one `<table>` (a blank line inside it ends an HTML block)."""
    region = [block]
    depth = 0
    for candidate in scan.document.blocks[block.index : block.index + _MAX_REGION_BLOCKS]:
        if candidate is not block and candidate.type != "html_block":
            break
        if candidate is not block:
            region.append(candidate)
        text = scan.document.source(candidate.start, candidate.end).lower()
        depth += text.count("<table") - text.count("</table")
        if depth <= 0:
            break
    return region


def read_html_table(scan: Scan, block: Block) -> None:
    """`<table>` written in HTML: the same reading as a pipe table, each row pointing at its `<tr>`."""
    region = _html_region(scan, block)
    scan.consume(*region)
    reader = _HtmlTableReader()
    try:
        reader.feed(scan.document.source(block.start, region[-1].end))
        reader.close()
    except Exception as error:  # noqa: BLE001 - the standard parser is lenient; this is a last resort
        scan.sink.problem(block.start, f"unreadable <table>: {error}")
        return
    rows = [(block.start + line - 1, head, [render_fragment(cell) for cell in cells]) for line, head, cells in reader.rows]
    rows = [row for row in rows if row[2]]
    if not rows:
        return
    headers = rows[0][2] if rows[0][1] else [Rendered("", "")] * len(rows[0][2])
    body = [(line, cells) for line, _, cells in (rows[1:] if rows[0][1] else rows)]
    read_rows(scan, block, Table(headers, [header_name(cell) for cell in headers], body))
