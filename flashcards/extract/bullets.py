"""Lists and paragraphs whose items start with a key: definitions, commands and flags.

How much a key needs depends on where it sits:

- a code span that reads as a command line is enough on its own, in a bullet or a paragraph
  (`` `docker ps` shows all running containers ``, the seed's `` `docker port <name>` View all ... ``);
- a bold key at the start of a bullet is enough (`- **Spot instances** take advantage of ...`);
- a linked key is enough in a bullet when it is code or short (``[`docker rm`](url) deletes a container``);
- anything else needs a separator (`**Term**: def`, `_Term_ - def`, `term = def`, `term → def`).

A list where at least half the items are only links is a list of links (sources, a table of contents,
further reading) and gives no card. A list where no item has a key gives no card either (prose
bullets such as "Advantages"); an ordered one is a sequence of steps (see `steps`). A nested list under
a command bullet that says "accomplishes the same thing" inherits its parent's purpose. A bullet that
introduces a code block ("- Flatten an image" + code) is a caption (see `code_blocks`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from flashcards.extract.code_blocks import code_only_paragraph, read_captioned, read_fence
from flashcards.extract.commands import looks_like_flag
from flashcards.extract.document import Block, Section
from flashcards.extract.explicit import read_explicit_paragraph
from flashcards.extract.facts import add_command, add_definition, add_flag, is_label
from flashcards.extract.headings import read_heading_answer
from flashcards.extract.keys import KeyedText, lines_of, split_key, split_reverse_key
from flashcards.extract.scan import Scan
from flashcards.extract.steps import read_steps
from flashcards.extract.text import Rendered, inline_of, join_rendered, render_blocks, render_inline

_SAME_AS_PARENT = re.compile(r"\b(?:the same thing|same as above|does the same|the same)\b", re.IGNORECASE)
_PLAIN_KEY_ITEM = re.compile(r"^\s*([^\s:`*_\[][^:]{0,40}?)(?::|\s(?:-|–|—))\s+\S")
# "`sorted(xs)` returns a new list": a code key followed by what it does.
_VERB_START = re.compile(r"^(?:is|are|was|has|have|does|can|will|may|must|[a-z]{2,}s)\b(?!')")
_DESCRIPTION_START = re.compile(r"^\s*[(\"'“]?[^\W\d_]")
_UPPER_ARGUMENTS = re.compile(r"^((?:[A-Z][A-Z0-9_]+\s+)+)(?=\S)")


@dataclass(frozen=True)
class ParentCommand:
    command: str
    purpose: str


def _item_line(node: SyntaxTreeNode, fallback: int) -> int:
    return node.map[0] + 1 if node.map else fallback


def _first_paragraph(item: SyntaxTreeNode) -> SyntaxTreeNode | None:
    first = item.children[0] if item.children else None
    return first if first is not None and first.type == "paragraph" else None


def is_link_item(item: SyntaxTreeNode) -> bool:
    paragraph = _first_paragraph(item)
    if paragraph is None:
        return False
    rendered = render_inline(inline_of(paragraph))
    if rendered.is_empty:
        return False
    return rendered.is_link_only or len(rendered.residual.strip()) * 4 < len(rendered.text.strip())


def emit_keyed(
    scan: Scan,
    keyed: KeyedText,
    section: Section,
    line: int,
    in_list: bool,
    parent: ParentCommand | None = None,
) -> str | None:
    """Make the card a key calls for; returns "command" when it made a command card, "" for others,
    None when the text is not a fact (the caller then treats it as prose)."""
    value = keyed.value
    code = keyed.code
    key_text = keyed.key.text.strip()
    if code is not None and looks_like_flag(code):
        add_flag(scan, code, value, section, line)
        return ""
    if code is not None and scan.commands.looks_like_command(code):
        if not keyed.separator and not _DESCRIPTION_START.match(value.text):
            return None  # "`a`, `b`" or "`cmd` | ..." is not a command followed by its purpose
        command = code
        arguments = _UPPER_ARGUMENTS.match(value.text)
        if arguments and not keyed.separator:
            command = f"{code} {arguments.group(1).strip()}"
            value = Rendered(value.text[arguments.end() :], value.residual.replace(arguments.group(1), "", 1))
        if parent is not None and _SAME_AS_PARENT.search(value.text) and len(value.text.split()) <= 8:
            purpose = f"{parent.purpose} (same as `{parent.command}`)"
            value = Rendered(purpose, purpose)
        add_command(scan, command, value, section, line)
        return "command"
    if not keyed.separator:
        enough = (
            keyed.style in {"bold", "code"}
            and in_list
            and len(value.text.split()) >= 2
            and (keyed.style == "bold" or bool(_VERB_START.match(value.text)))
        ) or (
            keyed.style == "link"
            and in_list
            and (code is not None or len(key_text.split()) <= 3)
            and len(value.text.split()) >= 2
        )
        if not enough:
            return None
    if looks_like_flag(key_text.strip("`")):
        add_flag(scan, key_text, value, section, line)
        return ""
    add_definition(scan, keyed.key, value, section, line)
    return ""


def _prefer_reverse(scan: Scan, keyed: KeyedText | None, tokens: list[Token]) -> KeyedText | None:
    """ "List containers: `docker ps`" names the command last: read it so when the code is a command
    or a flag (a plain key would otherwise take "List containers" as the term)."""
    if keyed is not None and keyed.style != "plain":
        return keyed
    reverse = split_reverse_key(tokens)
    usable = reverse is not None and reverse.code is not None and not is_label(reverse.value.text)
    if usable and reverse is not None and reverse.code is not None:
        code = reverse.code
        if looks_like_flag(code) or scan.commands.looks_like_command(code):
            return reverse
    return keyed


def read_keyed_paragraph(scan: Scan, block: Block) -> bool:
    """A paragraph that states facts: one key per line, or one key for the whole paragraph."""
    tokens = inline_of(block.node)
    lines = lines_of(tokens)
    if len(lines) > 1:
        keyed_lines = [split_key(line) for line in lines]
        if all(keyed is not None and keyed.separator for keyed in keyed_lines):
            for number, keyed in enumerate(keyed_lines):
                assert keyed is not None
                emit_keyed(scan, keyed, block.section, block.start + number, in_list=False)
            return True
    keyed = _prefer_reverse(scan, split_key(tokens), tokens)
    if keyed is None or keyed.value.is_empty:
        return False  # "**Column breakdown:**" introduces what follows; it states nothing itself
    if keyed.style != "code" and not keyed.separator:
        return False
    return emit_keyed(scan, keyed, block.section, block.start, in_list=False) is not None


def read_list(scan: Scan, block: Block) -> None:
    scan.consume(block)
    _read_list_node(scan, block.node, block, parent=None, parent_lead=None)


def _read_list_node(
    scan: Scan,
    node: SyntaxTreeNode,
    block: Block,
    parent: ParentCommand | None,
    parent_lead: tuple[Rendered, int] | None,
) -> None:
    items = [item for item in node.children if item.type == "list_item"]
    line = _item_line(node, block.start)
    if not items:
        return
    links = sum(1 for item in items if is_link_item(item))
    if links * 2 >= len(items):
        scan.sink.skip(line, "list of links")
        return
    if len(items) == 1 and _single_item_caption(scan, items[0], block):
        return
    plain_colon = _plain_colon_list(items)
    outcomes: list[bool | None] = []
    for item in items:
        outcomes.append(_read_item(scan, item, block, parent, plain_colon))
    keyed = sum(1 for outcome in outcomes if outcome)
    unkeyed = [item for item, outcome in zip(items, outcomes, strict=True) if outcome is False]
    if keyed == 0 and unkeyed:
        first = _first_paragraph(items[0])
        if node.type == "ordered_list" and len(unkeyed) >= 2 and read_steps(scan, node, block, parent_lead):
            return
        if (
            node is block.node
            and first is not None
            and read_heading_answer(scan, block, render_inline(inline_of(first)))
        ):
            return  # "### What is AWS KMS?" / "- AWS KMS is a managed service that ..."
        scan.sink.skip(line, "list without keys (prose bullets)")
    else:
        for item in unkeyed:
            scan.sink.skip(_item_line(item, line), "bullet without a key")


def _plain_colon_list(items: list[SyntaxTreeNode]) -> bool:
    matching = 0
    for item in items:
        paragraph = _first_paragraph(item)
        content = paragraph.children[0].content if paragraph is not None and paragraph.children else ""
        match = _PLAIN_KEY_ITEM.match(content)
        if match and len(match.group(1).split()) <= 4:
            matching += 1
    return matching >= 2 and matching * 3 >= len(items) * 2


def _single_item_caption(scan: Scan, item: SyntaxTreeNode, block: Block) -> bool:
    """`- Run a container:` (or `1. To list files:`) followed by a code block below the list."""
    paragraph = _first_paragraph(item)
    if paragraph is None or len(item.children) != 1:
        return False
    lead = render_inline(inline_of(paragraph))
    if not lead.text.rstrip().endswith(":"):
        return False
    following = scan.document.next_block(block)
    if following is None or not scan.is_free(following):
        return False
    code = code_only_paragraph(following.node) if following.type == "paragraph" else None
    if following.type not in {"fence", "code_block"} and code is None:
        return False
    if read_captioned(scan, lead, _item_line(item, block.start), following, block.section):
        scan.consume(following)
        return True
    return False


def _read_item(
    scan: Scan, item: SyntaxTreeNode, block: Block, parent: ParentCommand | None, plain_colon: bool
) -> bool | None:
    """Cards from one list item. True: a fact; False: prose; None: nothing to say about it."""
    section = block.section
    line = _item_line(item, block.start)
    paragraph = _first_paragraph(item)
    rest = item.children[1:] if paragraph is not None else item.children
    nested = [child for child in rest if child.type in {"bullet_list", "ordered_list"}]
    if paragraph is None:
        for child in item.children:
            if child.type in {"fence", "code_block"}:
                read_fence(scan, child, section)
        return None
    if read_explicit_paragraph(scan, paragraph, section, block):
        for child in nested:
            _read_list_node(scan, child, block, parent, None)
        return True
    tokens = inline_of(paragraph)
    lead = render_inline(tokens)
    extras = [child for child in rest if child.type not in {"bullet_list", "ordered_list"}]
    keyed = _prefer_reverse(scan, split_key(tokens, plain_colon=plain_colon), tokens)
    outcome: str | None = None
    if keyed is not None and (not keyed.value.is_empty or nested or extras):
        value, separator = keyed.value, keyed.separator
        if extras:
            value = join_rendered([value, render_blocks(extras)])
        if value.is_empty and nested:
            value, separator = render_blocks(nested), separator or ":"
            nested = []
        keyed = KeyedText(keyed.key, keyed.style, keyed.code, separator, value)
        outcome = emit_keyed(scan, keyed, section, line, in_list=True, parent=parent)
    if outcome is None:
        codes = [child for child in extras if child.type in {"fence", "code_block"}]
        made = False
        for code in codes:
            made = read_fence(scan, code, section) or made
        if not made and len(codes) == 1 and not nested:
            made = read_captioned(scan, lead, line, codes[0], section, in_item=True)
        if made:
            return True
    child_parent = parent
    if outcome == "command" and keyed is not None and keyed.code is not None:
        child_parent = ParentCommand(keyed.code, keyed.value.text)
    for child in nested:
        _read_list_node(scan, child, block, child_parent, (lead, line))
    if outcome is not None:
        return True
    return False if not lead.is_empty else None
