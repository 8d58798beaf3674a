"""Definition lists: HTML `<dl><dt>term</dt><dd>definition</dd></dl>` and Pandoc/kramdown `term` / `: def`.

HTML lists are read from the note's own source lines with the standard `html.parser`, which reports
the line of every tag, so each card points at its `<dt>` line. An HTML `<dl>` may span several
markdown-it blocks (a blank line inside ends an HTML block), so the region runs from the block that
opens `<dl>` to the block that closes it. Real notes break HTML: a `<dl>` that is never closed, a
`</dd` without its `>`, a `</dd>` closing a `<dt>`. Each of these becomes a problem with its line and
the list is still read as well as it can be (a missing `>` is put back, an unclosed list ends where
its HTML ends).

Pandoc/kramdown lists come in several dialects, all read: a blank line or none between the term and
its `:` line, `:` followed by one to four spaces or a tab, lazy continuation lines, several `:`
definitions of one term, a term in a code span, a trailing `{: .class}` attribute list on the term
(dropped), lists nested in a list item (read when the item is not itself a keyed fact, which would
already have taken them into its answer), and several terms sharing one definition (`Catalyst` /
`Enzyme` / `:   definition`, PHP Markdown Extra), which the parser leaves as a paragraph.

A list whose terms are mostly flags (`-it`, `--rm`, `-p <ext>:<int>`) gives flag cards named after the
command of the section; other terms give definition cards; a term that is a command line gives a
command card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.commands import looks_like_flag
from flashcards.core.extract.document import Block, Section
from flashcards.core.extract.facts import add_command, add_definition, add_flag
from flashcards.core.extract.keys import split_key
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import (
    Rendered,
    inline_of,
    render_blocks,
    render_fragment,
    render_inline,
    render_markdown_text,
)

_OPEN_DL = re.compile(r"<dl\b", re.IGNORECASE)
_CLOSE_DL = re.compile(r"</dl\s*>", re.IGNORECASE)
_MAX_REGION_BLOCKS = 500  # how far to look for a closing </dl>: keeps many unclosed lists linear
# (`(?<!\s)`: a run of spaces is tried from its start only, not from each of its places: linear)
_ATTRIBUTES = re.compile(r"(?<!\s)\s*\{:[^{}]*\}\s*$")
_DEFINITION_LINE = re.compile(r"^[ ]{0,3}:[ \t]+(\S.*)$")
_SENTENCE_END = re.compile(r"[.;,!?]$")
_MAX_TERMS = 3
_MAX_TERM_WORDS = 8
_BROKEN_TAG = re.compile(r"<(/?)(dl|dt|dd)\b([^<>]*?)(?=<|$)", re.IGNORECASE | re.MULTILINE)


@dataclass
class _Entry:
    tag: str
    raw: str
    line: int


class _DlReader(HTMLParser):
    """Splits an HTML definition list into its `<dt>` and `<dd>` parts, with source lines."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0]
        for match in re.finditer("\n", text):
            self.line_starts.append(match.end())
        self.depth = 0
        self.open: tuple[str, int, int] | None = None  # tag, content start offset, line
        self.entries: list[_Entry] = []
        self.problems: list[tuple[int, str]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[min(line, len(self.line_starts)) - 1] + column

    def _close(self, end: int) -> None:
        if self.open is not None:
            tag, start, line = self.open
            self.entries.append(_Entry(tag, self.text[start:end], line))
            self.open = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "dl":
            self.depth += 1
            return
        if tag in {"dt", "dd"} and self.depth == 1:
            start = self._offset()
            self._close(start)
            raw = self.get_starttag_text() or ""
            self.open = (tag, start + len(raw), self.getpos()[0])

    def handle_endtag(self, tag: str) -> None:
        if tag == "dl":
            if self.depth == 1:
                self._close(self._offset())
            self.depth -= 1
            return
        if tag in {"dt", "dd"} and self.depth == 1:
            if self.open is None:
                self.problems.append((self.getpos()[0], f"</{tag}> without an opening <{tag}>"))
                return
            if self.open[0] != tag:
                self.problems.append((self.getpos()[0], f"</{tag}> closes a <{self.open[0]}>"))
            self._close(self._offset())

    def finish(self) -> None:
        self.close()
        self._close(len(self.text))


def _region(scan: Scan, block: Block) -> tuple[list[Block], bool]:
    """Blocks of the `<dl>` opened in `block`, and whether it is closed."""
    blocks = scan.document.blocks
    depth = 0
    for candidate in blocks[block.index : block.index + _MAX_REGION_BLOCKS]:
        if candidate.type == "heading":
            break  # a list never runs across a heading; the <dl> was left open
        text = scan.document.source(candidate.start, candidate.end)
        depth += len(_OPEN_DL.findall(text)) - len(_CLOSE_DL.findall(text))
        if depth <= 0:
            return blocks[block.index : candidate.index + 1], True
    run = [block]
    for candidate in blocks[block.index + 1 :]:
        if candidate.type != "html_block" or _OPEN_DL.search(
            scan.document.source(candidate.start, candidate.end)
        ):
            break
        run.append(candidate)
    return run, False


def _dedent(raw: str) -> str:
    return "\n".join(line.strip() for line in raw.strip("\n").split("\n"))


def read_html_definition_list(scan: Scan, block: Block) -> None:
    region, closed = _region(scan, block)
    scan.consume(*region)
    first_line = region[0].start
    text = scan.document.source(first_line, region[-1].end)
    if not closed:
        scan.sink.problem(first_line, "unclosed <dl>: the list is read up to the end of its HTML")

    def repair(match: re.Match[str]) -> str:
        line = first_line + text.count("\n", 0, match.start())
        scan.sink.problem(line, f"broken tag {match.group(0).strip()!r}: missing '>'")
        return match.group(0).rstrip() + ">"

    text = _BROKEN_TAG.sub(repair, text)
    reader = _DlReader(text)
    try:
        reader.feed(text)
        reader.finish()
    except Exception as error:  # noqa: BLE001 - the standard parser is lenient; this is a last resort
        scan.sink.problem(first_line, f"unreadable <dl>: {error}")
    for line, message in reader.problems:
        scan.sink.problem(first_line + line - 1, message)
    pairs: list[tuple[Rendered, int, list[Rendered]]] = []
    for entry in reader.entries:
        line = first_line + entry.line - 1
        if entry.tag == "dt":
            pairs.append((render_markdown_text(_dedent(entry.raw)), line, []))
        elif pairs:
            pairs[-1][2].append(render_fragment(_dedent(entry.raw)))
        else:
            scan.sink.problem(line, "<dd> without a <dt> before it")
    _emit(scan, block.section, [(term, line, _join(defs)) for term, line, defs in pairs])


def _term(rendered: Rendered) -> Rendered:
    """A term without a trailing kramdown attribute list (`Valence {: .key}`)."""
    return Rendered(_ATTRIBUTES.sub("", rendered.text), _ATTRIBUTES.sub("", rendered.residual))


def _entries(node: SyntaxTreeNode, fallback: int) -> list[tuple[Rendered, int, Rendered]]:
    entries: list[tuple[Rendered, int, Rendered]] = []
    term: tuple[Rendered, int] | None = None
    definitions: list[Rendered] = []
    for child in node.children:
        if child.type == "dt":
            if term is not None:
                entries.append((term[0], term[1], _join(definitions)))
            line = child.map[0] + 1 if child.map else fallback
            term, definitions = (_term(render_inline(inline_of(child))), line), []
        elif child.type == "dd":
            definitions.append(render_blocks(child.children))
    if term is not None:
        entries.append((term[0], term[1], _join(definitions)))
    return entries


def read_markdown_definition_list(scan: Scan, block: Block) -> None:
    """Pandoc/kramdown `term` / `:   definition` lists (parsed by mdit-py-plugins' deflist)."""
    scan.consume(block)
    _emit(scan, block.section, _entries(block.node, block.start))


def read_listed_definition_lists(scan: Scan, block: Block) -> None:
    """Definition lists nested in list items (`- Techniques` + an indented `Blanch` / `:   def`).

    Only where the item itself is not a keyed fact: a `- **Term**: text` item already took the
    blocks under it into its answer."""

    def visit(node: SyntaxTreeNode) -> None:
        for item in node.children:
            children = item.children
            lead = children[0] if children else None
            # whether the item is keyed matters only to a definition list under it: asked only then
            keyed = any(child.type == "dl" for child in children) and (
                lead is not None
                and lead.type == "paragraph"
                and split_key(inline_of(lead), plain_colon=True) is not None
            )
            for child in children:
                if child.type == "dl" and not keyed:
                    _emit(scan, block.section, _entries(child, block.start))
                elif child.type in {"bullet_list", "ordered_list"}:
                    visit(child)

    visit(block.node)


def read_paragraph_definition_list(scan: Scan, block: Block) -> bool:
    """`Catalyst` / `Enzyme` / `:   definition` in one paragraph: several terms sharing one definition
    (PHP Markdown Extra), or a term glued to the paragraph above, which the deflist parser leaves as
    text. The lines before the first `:` line are the terms; the rest is the definition."""
    inline = block.node.children[0] if block.node.children else None
    if inline is None:
        return False
    lines = inline.content.split("\n")
    first = next((number for number, line in enumerate(lines) if _DEFINITION_LINE.match(line)), None)
    if first is None or not 1 <= first <= _MAX_TERMS:
        return False
    terms = lines[:first]
    if any(len(term.split()) > _MAX_TERM_WORDS or _SENTENCE_END.search(term) for term in terms):
        return False
    definitions: list[list[str]] = []
    for line in lines[first:]:
        match = _DEFINITION_LINE.match(line)
        if match:
            definitions.append([match.group(1)])
        else:
            definitions[-1].append(line.strip())
    definition = _join([render_markdown_text(" ".join(part)) for part in definitions])
    scan.consume(block)
    start = block.node.map[0] + 1 if block.node.map else block.start
    _emit(
        scan,
        block.section,
        [(_term(render_markdown_text(term.strip())), start + number, definition) for number, term in enumerate(terms)],
    )
    return True


def _join(parts: list[Rendered]) -> Rendered:
    kept = [part for part in parts if not part.is_empty]
    return Rendered("\n".join(p.text for p in kept), "\n".join(p.residual for p in kept))


def _emit(scan: Scan, section: Section, entries: list[tuple[Rendered, int, Rendered]]) -> None:
    flags = sum(1 for term, _, _ in entries if looks_like_flag(term.text.strip("`")))
    flag_list = entries and flags * 2 >= len(entries)
    for term, line, definition in entries:
        plain = term.text.strip().strip("`").strip()
        words = len(plain.split())
        if words > 2 * _MAX_TERM_WORDS or (words > _MAX_TERM_WORDS and _SENTENCE_END.search(plain)):
            scan.sink.skip(line, "a sentence, not a term")
            continue
        if flag_list and looks_like_flag(plain):
            add_flag(scan, plain, definition, section, line)
        elif term.text.strip().startswith("`") and scan.commands.looks_like_command(plain):
            add_command(scan, plain, definition, section, line)
        else:
            add_definition(scan, term, definition, section, line)
