"""Pipe tables whose rows are facts: one card per row, decided from what the cells hold.

A table is a list of facts when one column holds short, distinct keys and the other columns describe
them, whatever the header says (`German | English`, `Action | Files | Folders`, `Indicator | File
Type | Example`). The key column is the one whose header names a key (Option, Flag, Term, Command,
...), else the first column (or the second, when the first only numbers the rows). The answer is the
column whose header names a description (Description, Meaning, ...), else every other column, each
line labelled with its header when there are several. Several key columns are aliases (`-r` and
`--reverse`), as is a cell holding `` `-a`, `--attach` ``. Empty cells (also `<center>-</center>`,
`-`, `n/a`) are skipped; a row without any key continues the description of the row above, the way
people wrap long descriptions.

The cells decide what is not a fact list, never the header words: keys that are long or repeated
(a comparison of two things sentence by sentence), phrases facing phrases of the same length (two
lists side by side, `Pros | Cons`), keys that are only links (a table of contents or
of links), answers that are mostly numbers (a data table of densities or prices), wide grids of short
cells or of check marks (feature matrices). A small two-column table whose answers are a few values
repeated (`layer | responsibility` with `you` / `aws`) classifies its keys rather than defining them:
it is one card, the heading over it → the keys grouped by value.

HTML `<table>`s (`html_tables`) and pipe rows written without a delimiter row (`pipe_rows`) are
read here the same way once their cells are found (`read_rows`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.commands import flag_aliases, looks_like_flag
from flashcards.core.extract.document import Block
from flashcards.core.extract.facts import add_command, add_definition, add_flag
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import Rendered, inline_of, join_rendered, render_inline, strip_code_span


KEY_HEADERS = frozenset(
    {
        "option",
        "options",
        "flag",
        "flags",
        "short flag",
        "long flag",
        "short option",
        "long option",
        "short",
        "long",
        "switch",
        "switches",
        "argument",
        "arguments",
        "parameter",
        "parameters",
        "param",
        "params",
        "name",
        "names",
        "term",
        "terms",
        "command",
        "commands",
        "cmd",
        "subcommand",
        "subcommands",
        "key",
        "keys",
        "keyword",
        "keywords",
        "instruction",
        "instructions",
        "directive",
        "directives",
        "shortcut",
        "shortcuts",
        "keybinding",
        "key binding",
        "abbreviation",
        "abbreviations",
        "acronym",
        "acronyms",
        "concept",
        "concepts",
        "word",
        "words",
        "field",
        "fields",
        "property",
        "properties",
        "attribute",
        "attributes",
        "setting",
        "settings",
        "variable",
        "variables",
        "environment variable",
        "method",
        "methods",
        "function",
        "functions",
        "element",
        "elements",
        "tag",
        "tags",
        "operator",
        "operators",
        "symbol",
        "symbols",
        "wildcard",
        "wildcards",
        "pattern",
        "patterns",
        "status",
        "state",
        "alias",
        "aliases",
        "status code",
        "exit code",
        "http method",
    }
)
DESCRIPTION_HEADERS = frozenset(
    {
        "description",
        "descriptions",
        "meaning",
        "definition",
        "definitions",
        "explanation",
        "purpose",
        "what it does",
        "effect",
        "summary",
        "details",
        "does",
        "used for",
        "use",
        "explanation / use",
        "desc",
        "functionality",
    }
)
_EMPTY_CELLS = frozenset({"", "-", "—", "–", "n/a", "na", "none", "`-`"})
_MARKS = frozenset("✓ ✔ ✅ ✗ ✘ ❌ x X y n yes no true false ✓️ ✔️ 👍 👎 ok".split())
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_COUNTER = re.compile(r"^\d{1,3}[.)]?$")
_MAX_KEY_WORDS = 8  # a key is a term, a flag or a short phrase, not a sentence
_MAX_MEAN_KEY_WORDS = 5.0
_PHRASE_WORDS = 3.5  # keys this long on average are phrases, not terms (phrasebooks stay below)
_WIDE = 4  # value columns from which a table of short cells is a grid, not a fact list
_MAX_CLASSIFIED_ROWS = 12


@dataclass
class _Row:
    keys: list[Rendered]
    description: list[Rendered] = field(default_factory=list)
    line: int = 1


@dataclass
class Table:
    """A table's header cells, their names as `KEY_HEADERS` / `DESCRIPTION_HEADERS` spell them, and its
    rows."""
    headers: list[Rendered]
    names: list[str]
    rows: list[tuple[int, list[Rendered]]]  # (1-based line, cells)

    def column(self, index: int) -> list[Rendered]:
        return [cells[index] for _, cells in self.rows if index < len(cells) and _filled(cells[index])]


def header_name(cell: Rendered) -> str:
    """A header cell as a column name: lower case, without emphasis, spacing or a trailing colon."""
    return re.sub(r"\s+", " ", cell.text.strip().strip("*_").strip().rstrip(":").lower())


def _cells(row: SyntaxTreeNode) -> list[Rendered]:
    return [render_inline(inline_of(cell)) for cell in row.children]


def _filled(cell: Rendered) -> bool:
    return cell.text.strip().lower() not in _EMPTY_CELLS


def _is_numeric(cell: Rendered) -> bool:
    """A measurement or a count (`997`, `$3.33\\cdot10^5$`, `1350 W`), not a word that has a number
    (`H2O`, `ch. 1`) nor a phrase that starts with one (`1 - 5 minutes to restore`)."""
    text = _LATEX_COMMAND.sub(" ", cell.text)
    start = text.lstrip(" $`~≈±+-−<>()*_")
    digits = sum(character.isdigit() for character in text)
    letters = sum(character.isalpha() for character in text)
    return start[:1].isdigit() and letters <= max(3, digits)


def _mostly_links(cells: list[Rendered]) -> bool:
    return sum(cell.is_link_only for cell in cells) * 2 >= len(cells)


def _mean_words(cells: list[Rendered]) -> float:
    return sum(len(cell.text.split()) for cell in cells) / len(cells) if cells else 0.0


def _is_mark(cell: Rendered) -> bool:
    return cell.text.strip().strip("*_`").strip().lower() in _MARKS


def table_of(block: Block) -> Table | None:
    """The header and rows of a pipe table block; None without a header or a body."""
    head = next((child for child in block.node.children if child.type == "thead"), None)
    body = next((child for child in block.node.children if child.type == "tbody"), None)
    if head is None or not head.children or body is None:
        return None
    headers = _cells(head.children[0])
    rows = [(row.map[0] + 1 if row.map else block.start, _cells(row)) for row in body.children]
    return Table(headers, [header_name(cell) for cell in headers], rows)


def _numbers_rows(table: Table) -> bool:
    """`# | Term | Meaning`: the first column only numbers the rows."""
    counter = table.column(0)
    return len(table.headers) > 2 and bool(counter) and all(_COUNTER.match(cell.text.strip()) for cell in counter)


def _key_columns(table: Table, description: int | None) -> list[int]:
    named = [i for i, name in enumerate(table.names) if name in KEY_HEADERS and i != description]
    if named:
        return named
    first = 1 if _numbers_rows(table) else 0
    return [first] if first != description else []


def _not_facts(table: Table, keys: list[int], values: list[int], described: bool) -> str | None:
    """Why the table is not a list of facts, from its cells; None when it is one."""
    key_cells = [cell for i in keys[:1] for cell in table.column(i)]
    if not key_cells:
        return "table without keys"
    if _mostly_links(key_cells):
        return "table of links"
    words = [len(cell.text.split()) for cell in key_cells]
    if sum(words) / len(words) > _MAX_MEAN_KEY_WORDS or sum(w > _MAX_KEY_WORDS for w in words) * 5 > len(words):
        return "table whose first column holds sentences, not keys"
    distinct = {" ".join(cell.text.lower().split()) for cell in key_cells}
    if len(distinct) * 5 < len(key_cells) * 4:
        return "table whose keys repeat"
    value_cells = [cell for i in values for cell in table.column(i)]
    if not value_cells:
        return "table without answers"
    if not described and _mean_words(key_cells) >= _PHRASE_WORDS and _mean_words(value_cells) <= 1.5 * _mean_words(key_cells):
        return "two lists side by side"  # `Pros | Cons`: phrases facing phrases, not keys and answers
    if sum(_is_numeric(cell) for cell in value_cells) * 2 >= len(value_cells):
        return "data table of numbers"
    if sum(_is_mark(cell) for cell in value_cells) * 2 >= len(value_cells):
        return "grid of check marks"
    if not described and len(values) >= _WIDE and _mean_words(value_cells) <= 3:
        return "wide comparison grid"
    return None


def _classifies(table: Table, keys: list[int], values: list[int]) -> bool:
    """`layer | responsibility` rows answered `you` / `aws`: a few short values shared by the keys."""
    if len(keys) != 1 or len(values) != 1:
        return False
    cells = table.column(values[0])
    if not 3 <= len(cells) <= _MAX_CLASSIFIED_ROWS or any(len(cell.text.split()) > 3 for cell in cells):
        return False
    return len({cell.text.strip().lower() for cell in cells}) * 2 <= len(cells)


def _read_classification(scan: Scan, block: Block, table: Table, key: int, value: int) -> None:
    title = block.section.title
    if not title:
        scan.sink.skip(block.start, "table of repeated values without a heading")
        return
    groups: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for _, cells in table.rows:
        if key < len(cells) and value < len(cells) and _filled(cells[key]) and _filled(cells[value]):
            name = cells[value].text.strip()
            groups.setdefault(name.lower(), []).append(cells[key].text.strip())
            shown.setdefault(name.lower(), name)
    back = "\n".join(f"{shown[name]}: {', '.join(members)}" for name, members in groups.items())
    add_definition(scan, Rendered(title, title), Rendered(back, back), block.section, block.start, reverse=False)


def _answer(table: Table, cells: list[Rendered], values: list[int]) -> Rendered:
    present = [i for i in values if i < len(cells) and _filled(cells[i])]
    if len(values) == 1:
        return cells[values[0]] if present else Rendered("", "")
    lines: list[Rendered] = []
    for i in present:
        label = table.headers[i].text.strip().strip("*_").strip() if i < len(table.headers) else ""
        prefix = f"{label}: " if label else ""
        lines.append(Rendered(prefix + cells[i].text.strip(), prefix + cells[i].residual.strip()))
    return join_rendered(lines)


def read_table(scan: Scan, block: Block) -> None:
    """A pipe table: its rows read as facts (see the module docstring)."""
    scan.consume(block)
    table = table_of(block)
    if table is None or not table.rows:
        return
    read_rows(scan, block, table)


@dataclass
class _Layout:
    """Which columns of a table are keys, which answer, and whether a header named the answer."""

    keys: list[int]
    values: list[int]
    links: list[int]
    described: bool


def _layout(table: Table) -> _Layout | None:
    width = max(len(table.headers), *(len(cells) for _, cells in table.rows))
    description = next((i for i, name in enumerate(table.names) if name in DESCRIPTION_HEADERS), None)
    keys = _key_columns(table, description)
    if not keys:
        return None
    if description is not None:
        return _Layout(keys, [description], [], described=True)
    ignored = {0} if keys == [1] and _numbers_rows(table) else set()
    others = [i for i in range(width) if i not in keys and i not in ignored and table.column(i)]
    links = [i for i in others if _mostly_links(table.column(i))]
    return _Layout(keys, [i for i in others if i not in links], links, described=False)


def read_rows(scan: Scan, block: Block, table: Table) -> None:
    """Cards from a table's rows once its cells are found: pipe, HTML or delimiter-less tables alike."""
    if not table.rows:
        return
    layout = _layout(table)
    if layout is None:
        scan.sink.skip(block.start, "table without a key column")
        return
    keys, values = layout.keys, layout.values
    reason = _not_facts(table, keys, values, layout.described)
    if layout.links and _mean_words([c for i in values for c in table.column(i)]) <= 3:
        reason = "table of links"  # `Name | Topic | Exercise | Solution`: an index, not facts
    if reason is not None:
        scan.sink.skip(block.start, reason)
        return
    if not layout.described and _classifies(table, keys, values):
        _read_classification(scan, block, table, keys[0], values[0])
        return
    command_table = any(
        table.names[i] in {"command", "commands", "cmd", "subcommand", "subcommands"}
        for i in keys
        if i < len(table.names)
    )
    for entry in _rows(scan, table, layout):
        _emit(scan, block, entry, command_table)


def _rows(scan: Scan, table: Table, layout: _Layout) -> list[_Row]:
    """One entry per keyed row; a row without a key continues the answer of the row above."""
    rows: list[_Row] = []
    for line, cells in table.rows:
        row_keys = [cells[i] for i in layout.keys if i < len(cells) and _filled(cells[i])]
        text = _answer(table, cells, layout.values)
        if not row_keys:
            if rows and not text.is_empty:
                rows[-1].description.append(text)
            elif not text.is_empty:
                scan.sink.skip(line, "table row without a key")
            continue
        rows.append(_Row(row_keys, [text], line))
    return rows


def _emit(scan: Scan, block: Block, row: _Row, command_table: bool) -> None:
    parts = [part for part in row.description if not part.is_empty]
    description = Rendered("\n".join(p.text for p in parts), "\n".join(p.residual for p in parts))
    if " ".join(description.text.lower().split()) == " ".join(row.keys[0].text.lower().split()):
        scan.sink.skip(row.line, "the answer repeats the key")  # `| elegant | elegant |`
        return
    plain_keys = [strip_code_span(key.text) for key in row.keys]
    aliases = [alias for key in plain_keys for alias in flag_aliases(key.replace("`", ""))]
    if aliases and all(looks_like_flag(alias) for alias in aliases):
        add_flag(scan, ", ".join(aliases), description, block.section, row.line)
        return
    first = plain_keys[0]
    if command_table or (
        row.keys[0].text.strip().startswith("`") and scan.commands.looks_like_command(first)
    ):
        add_command(scan, first, description, block.section, row.line)
        return
    add_definition(scan, row.keys[0], description, block.section, row.line)
