"""Pipe tables of flags, commands or terms: one card per row.

A table is read when its header names a description column (Description, Meaning, Definition,
Explanation, Purpose, ...). The key columns are the ones whose header names a key (Option, Flag,
Short Flag, Long Flag, Name, Term, Command, ...), or else the first column. Several key columns are
aliases (`-r` and `--reverse`), as is a cell holding `` `-a`, `--attach` ``. Empty cells (also
`<center>-</center>`, `-`, `n/a`) are skipped; a row without any key continues the description of the
row above, the way people wrap long descriptions. Other tables (comparisons, matrices such as
"Action | Files | Folders") are not fact lists and are reported as skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.tree import SyntaxTreeNode

from flashcards.extract.commands import flag_aliases, looks_like_flag
from flashcards.extract.document import Block
from flashcards.extract.facts import add_command, add_definition, add_flag
from flashcards.extract.scan import Scan
from flashcards.extract.text import Rendered, inline_of, render_inline, strip_code_span

_KEY_HEADERS = frozenset(
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
_DESCRIPTION_HEADERS = frozenset(
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


@dataclass
class _Row:
    keys: list[Rendered]
    description: list[Rendered] = field(default_factory=list)
    line: int = 1


def _header_name(cell: Rendered) -> str:
    return re.sub(r"\s+", " ", cell.text.strip().strip("*_").strip().rstrip(":").lower())


def _cells(row: SyntaxTreeNode) -> list[Rendered]:
    return [render_inline(inline_of(cell)) for cell in row.children]


def read_table(scan: Scan, block: Block) -> None:
    scan.consume(block)
    node = block.node
    head = next((child for child in node.children if child.type == "thead"), None)
    body = next((child for child in node.children if child.type == "tbody"), None)
    if head is None or not head.children or body is None:
        return
    headers = [_header_name(cell) for cell in _cells(head.children[0])]
    description = next((i for i, name in enumerate(headers) if name in _DESCRIPTION_HEADERS), None)
    if description is None:
        scan.sink.skip(block.start, "table without a description column")
        return
    keys = [i for i, name in enumerate(headers) if name in _KEY_HEADERS and i != description]
    if not keys:
        keys = [0] if description != 0 else []
    if not keys:
        scan.sink.skip(block.start, "table without a key column")
        return
    command_table = any(
        headers[i] in {"command", "commands", "cmd", "subcommand", "subcommands"} for i in keys
    )
    rows: list[_Row] = []
    for row in body.children:
        cells = _cells(row)
        line = row.map[0] + 1 if row.map else block.start
        row_keys = [
            cells[i] for i in keys if i < len(cells) and cells[i].text.strip().lower() not in _EMPTY_CELLS
        ]
        text = cells[description] if description < len(cells) else Rendered("", "")
        if not row_keys:
            if rows and not text.is_empty:
                rows[-1].description.append(text)
            elif not text.is_empty:
                scan.sink.skip(line, "table row without a key")
            continue
        rows.append(_Row(row_keys, [text], line))
    for entry in rows:
        _emit(scan, block, entry, command_table)


def _emit(scan: Scan, block: Block, row: _Row, command_table: bool) -> None:
    parts = [part for part in row.description if not part.is_empty]
    description = Rendered("\n".join(p.text for p in parts), "\n".join(p.residual for p in parts))
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
