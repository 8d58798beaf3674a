"""An ordered list of plain sentences is a procedure: one card asks for the whole sequence.

The card is named after what introduces the list, in this order: the bullet it is nested under
("The steps for setting up a DirectConnect connection:"), a paragraph just before it that ends with
a colon, the heading right above it, or the section it sits in. The source line is that title's line,
because the title is what the card is about.
"""

from __future__ import annotations

from markdown_it.tree import SyntaxTreeNode

from flashcards.extract.document import Block
from flashcards.extract.scan import Scan
from flashcards.extract.text import Rendered, inline_of, render_blocks, render_inline


def _title(scan: Scan, block: Block, parent_lead: tuple[Rendered, int] | None) -> tuple[str, int] | None:
    if parent_lead is not None and not parent_lead[0].is_empty:
        return parent_lead[0].text, parent_lead[1]
    previous = scan.document.previous_block(block)
    if previous is not None and previous.type == "paragraph" and previous.section is block.section:
        text = render_inline(inline_of(previous.node)).text
        if text.rstrip().endswith(":") and len(text) <= 200:
            scan.consume(previous)
            return text, previous.start
    section = block.section
    if section.title:
        return section.title, section.line
    return None


def read_steps(
    scan: Scan, node: SyntaxTreeNode, block: Block, parent_lead: tuple[Rendered, int] | None
) -> None:
    line = node.map[0] + 1 if node.map else block.start
    items = [render_blocks(item.children) for item in node.children]
    with_links = sum(1 for item in items if item.residual.split() != item.text.split())
    if with_links * 3 > len(items):
        scan.sink.skip(line, "list of links")  # reading material, not a procedure
        return
    title = _title(scan, block, parent_lead)
    if title is None:
        scan.sink.skip(line, "steps without a title")
        return
    text, title_line = title
    text = text.strip().rstrip(":").strip()
    front = text if "step" in text.lower() else f"Steps: {text}"
    back = render_blocks([node])
    scan.sink.card("steps", front, back.text, text, block.section.context, title_line)
