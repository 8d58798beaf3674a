"""The note as a sequence of top-level blocks, each knowing its heading path.

markdown-it gives the block tree with line maps; this module walks it once and records, for every
block, the section it sits in (heading path = the card's context) and its 1-based line range. Rules
then look at a block and its neighbours (a description paragraph before a code block, a heading before
an ordered list) without re-parsing anything. Blockquotes are flattened into their children, because
notes put real content in them and the quote marker carries no meaning for a card.

A section "says TODO" when its heading or its first paragraph starts with TODO/TBD/FIXME; such sections
(and their subsections) give no cards, only one "TODO section" skip entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.normalize import CleanSource
from flashcards.core.extract.parser import parse_tree
from flashcards.core.extract.text import inline_of, render_inline

_TODO_HEADING = re.compile(r"\b(TODO|TBD|FIXME)\b")
_TODO_PARAGRAPH = re.compile(r"^\s*(?:\*\*|__)?(TODO|TBD|FIXME)\b", re.IGNORECASE)
_FRONT_MATTER_TITLE = re.compile(r"^title:\s*['\"]?(.*?)['\"]?\s*$", re.MULTILINE)


MAX_TITLE = 300
"""The most characters of a heading that go into a context (real headings hold under a hundred).

Every card of a section carries its heading path, in its key and on its face, and rules compare the
answer with each heading: a heading line of 32 KB over 10,000 list items cost 10,000 times 32 KB. A
longer heading is cut there, with "…", so a card's context costs the same whatever the line holds.
"""


def heading_title(text: str) -> str:
    """Heading text as it goes into a context: the trailing colon of "Examples:" is decoration."""
    title = text.strip().rstrip(":").strip()
    return title if len(title) <= MAX_TITLE else title[:MAX_TITLE].rstrip() + "…"


@dataclass
class Section:
    """A heading and everything under it; the root section (index 0) has no heading."""

    index: int
    title: str
    level: int
    context: tuple[str, ...]
    line: int
    parent: Section | None
    node: SyntaxTreeNode | None = None
    todo: bool = False
    has_content: bool = False

    def ancestors(self) -> list[Section]:
        """This section and its parents, innermost first, without the root."""
        chain: list[Section] = []
        section: Section | None = self
        while section is not None and section.index != 0:
            chain.append(section)
            section = section.parent
        return chain


@dataclass
class Block:
    """One top-level block (or a block inside a blockquote) with where it sits in the note."""

    index: int
    node: SyntaxTreeNode
    section: Section
    start: int
    end: int

    @property
    def context(self) -> tuple[str, ...]:
        return self.section.context

    @property
    def type(self) -> str:
        return self.node.type


@dataclass
class Document:
    path: str
    deck: str
    text: str
    lines: list[str]
    line_count: int
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    title: str = ""
    too_deep: tuple[int, ...] = ()  # lines whose markup was nested too deep to read as markup (parser.py)

    def line(self, number: int) -> str:
        """The 1-based source line (empty outside the file)."""
        if 1 <= number <= len(self.lines):
            return self.lines[number - 1]
        return ""

    def source(self, start: int, end: int) -> str:
        """Source lines start..end (1-based, inclusive)."""
        return "\n".join(self.lines[max(0, start - 1) : max(0, end)])

    def next_block(self, block: Block) -> Block | None:
        following = block.index + 1
        return self.blocks[following] if following < len(self.blocks) else None

    def previous_block(self, block: Block) -> Block | None:
        return self.blocks[block.index - 1] if block.index > 0 else None


def node_lines(node: SyntaxTreeNode, fallback: int = 1) -> tuple[int, int]:
    """1-based first and last line of a block node."""
    if node.map:
        start, end = node.map
        return start + 1, max(start + 1, end)
    return fallback, fallback


def build_document(source: CleanSource, path: str, deck: str) -> Document:
    tree = parse_tree(source.text)
    document = Document(
        path=path, deck=deck, text=source.text, lines=source.text.split("\n"), line_count=source.line_count,
        too_deep=tree.too_deep,
    )
    root = Section(index=0, title="", level=0, context=(), line=1, parent=None)
    document.sections.append(root)
    stack: list[Section] = [root]

    def add_block(node: SyntaxTreeNode) -> None:
        if node.type == "blockquote":
            for child in node.children:
                add_block(child)
            return
        if node.type == "front_matter":
            match = _FRONT_MATTER_TITLE.search(node.content)
            if match and not document.title:
                document.title = match.group(1).strip()
            return
        start, end = node_lines(node, document.blocks[-1].end if document.blocks else 1)
        if node.type == "heading":
            level = int(node.tag[1:]) if node.tag[1:].isdigit() else 6
            while stack[-1].level >= level:
                stack.pop()
            parent = stack[-1]
            title = heading_title(render_inline(inline_of(node)).text)
            section = Section(
                index=len(document.sections),
                title=title,
                level=level,
                context=(*parent.context, title),
                line=start,
                parent=parent,
                node=node,
                todo=parent.todo or bool(_TODO_HEADING.search(title)),
            )
            document.sections.append(section)
            stack.append(section)
            if level == 1 and not document.title:
                document.title = title
        section = stack[-1]
        if node.type not in {"heading", "html_block"} and not section.has_content:
            section.has_content = True
            if node.type == "paragraph" and _TODO_PARAGRAPH.match(
                node.children[0].content if node.children else ""
            ):
                section.todo = True
        document.blocks.append(Block(len(document.blocks), node, section, start, end))

    for node in tree.children:
        add_block(node)
    return document
