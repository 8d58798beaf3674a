"""Lines that act as headings: a bold line, a short label over a list, a callout or admonition title.

Notes often skip real headings and write a bold line instead (`**Efficiency of an Engine**` over its
formula), a short line over a list (`DB Engines:` / `- MySQL`), or a titled callout (Obsidian
`>[!INFO] Drug Half-Life`, MkDocs `!!! tip "Title"`). Each is read like a heading with its body:

- a bold term alone on its line (no colon), then a paragraph, formula or list: term → body;
- a short label (bold or plain, usually ending in `:`) directly over a list: label → the list, kept
  as a list. When the same label recurs in the note under other headings (`**When to use:**` in every
  section), the label alone is ambiguous: the card's front names the heading and the label
  ("Two Pointers — When to use"). A label whose lists are mostly links is a list of references and
  gives no card anywhere in the note (the group decides, not one occurrence);
- a callout or admonition with a title: title → its body. Without a title it is a remark, no card.

The list itself is left to the list rules, so its own keyed items still make their cards.
"""

from __future__ import annotations

import re

from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.document import Block
from flashcards.core.extract.explicit_markup import paragraph_lines
from flashcards.core.extract.facts import add_definition, is_label, label_of
from flashcards.core.extract.formulas import formula_text, has_math
from flashcards.core.extract.keys import split_key
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import Rendered, inline_of, join_rendered, render_blocks, render_inline, render_markdown_text
from flashcards.core.vocabulary import Kind

_LIST_TYPES = frozenset({"bullet_list", "ordered_list"})
_CALLOUT = re.compile(r"^\s*\[!(?P<kind>[A-Za-z-]+)\][+-]?\s*(?P<title>(?:.*\S)?)\s*$")  # to the last non-space: linear
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s+\"(?P<title>[^\"]+)\"\s*$")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_NUMBERED = re.compile(r"^\d+[.)]\s")
PREDICATE_START = r"^(?:is|are|was|were|has|have|can|will)\b"
_PREDICATE = re.compile(PREDICATE_START, re.IGNORECASE)
_MAX_LABEL_WORDS = 6
_MAX_TERM_WORDS = 8
_PARENT_DECORATION = re.compile(r"^[\W\d_]+(?=[^\W\d_])")


def _strong_only(block: Block) -> bool:
    """The paragraph is one line and wholly bold (a `<br>` after it is allowed)."""
    tokens = [
        token
        for token in inline_of(block.node)
        if not (token.type == "text" and not token.content.strip())
        and not (token.type == "html_inline" and _BREAK_TAG.fullmatch(token.content.strip()))
    ]
    if len(tokens) < 3 or tokens[0].type != "strong_open":
        return False
    if tokens[-1].type == "text" and tokens[-1].content.strip() == ":":
        tokens = tokens[:-1]  # `**Label**:`
    if tokens[-1].type != "strong_close":
        return False
    depth = 0
    for index, token in enumerate(tokens):
        depth += token.type == "strong_open"
        depth -= token.type == "strong_close"
        if depth == 0 and index < len(tokens) - 1:
            return False
        if token.type in {"softbreak", "hardbreak"}:
            return False
    return True


def _label_text(block: Block) -> str:
    return " ".join(render_inline(inline_of(block.node)).text.split())


def _normal(label: str) -> str:
    return re.sub(r"s$", "", label_of(label).rstrip(":").strip())


def _is_list_label(scan: Scan, block: Block) -> bool:
    """A short one-line paragraph directly over a list: `**Core idea:**`, `DB Engines:`, `5 pillars`."""
    following = scan.document.next_block(block)
    if following is None or following.type not in _LIST_TYPES or not scan.is_free(following):
        return False
    lines = [line for line in paragraph_lines(block.node) if _BREAK_TAG.sub("", line).strip()]
    text = _label_text(block)
    if len(lines) != 1 or not text or _words(text) > _MAX_LABEL_WORDS:
        return False
    if _NUMBERED.match(text.strip("*_ ")):
        return False  # "**1. Avoid ...:**": a numbered step or tip, not a label
    if _PREDICATE.match(text.strip("*_ ")):
        return False  # "Is a notification service": a statement whose subject is the heading
    return not text.rstrip(":").rstrip().endswith((".", "!", "?", ",", ";")) and "`" not in text


def _words(text: str) -> int:
    return len(text.split())


def _label_groups(scan: Scan) -> dict[str, tuple[int, int]]:
    """Each list label of the note → (how many times it occurs, how many of its lists are links)."""
    cached = scan.label_groups
    if cached is not None:
        return cached
    groups: dict[str, tuple[int, int]] = {}
    for block in scan.document.blocks:
        if block.type != "paragraph" or not _is_list_label(scan, block):
            continue
        following = scan.document.next_block(block)
        assert following is not None
        key = _normal(_label_text(block))
        count, links = groups.get(key, (0, 0))
        groups[key] = (count + 1, links + int(_link_list(following.node)))
    scan.label_groups = groups
    return groups


def _link_list(node: SyntaxTreeNode) -> bool:
    """Most items hold a link (references, problem lists, further reading)."""
    items = [item for item in node.children if item.type == "list_item"]
    linked = 0
    for item in items:
        rendered = render_blocks(item.children[:1])
        if rendered.residual.split() != rendered.text.split():
            linked += 1
    return bool(items) and linked * 2 > len(items)


def _mostly_keyed(node: SyntaxTreeNode) -> bool:
    items = [item for item in node.children if item.type == "list_item"]
    paragraphs = [item.children[0] for item in items if item.children and item.children[0].type == "paragraph"]
    keyed = 0
    for paragraph in paragraphs:
        split = split_key(inline_of(paragraph), plain_colon=True)
        if split is not None and (split.separator or split.style != "plain") and not split.value.is_empty:
            keyed += 1
    return bool(paragraphs) and keyed * 2 > len(paragraphs)


def _parent_name(title: str) -> str:
    return _PARENT_DECORATION.sub("", title).strip() or title


def read_pseudo_heading(scan: Scan, block: Block) -> bool:
    """A paragraph that acts as a heading over what follows it; True when it made a card."""
    if read_callout(scan, block):
        return True
    if _is_list_label(scan, block):
        return _read_list_label(scan, block)
    if _strong_only(block):
        return _read_bold_term(scan, block)
    return False


def _read_list_label(scan: Scan, block: Block) -> bool:
    following = scan.document.next_block(block)
    assert following is not None
    label = _label_text(block).rstrip(":").strip().strip("*_").rstrip(":").strip()
    if not label or is_label(label):
        return False
    count, links = _label_groups(scan).get(_normal(label), (1, 0))
    if links * 2 >= count or _link_list(following.node):
        scan.sink.skip(block.start, "label over a list of links")
        return False
    if following.type == "ordered_list" and not any(
        child.type in _LIST_TYPES for item in following.node.children for child in item.children
    ):
        return False  # "3 simple rules:" over a plain numbered list: the steps rule reads it
    if count < 2 and _label_text(block).endswith(":") and _mostly_keyed(following.node):
        return False  # "**Column breakdown:**" over keyed items: the items are the cards
    section = block.section
    # The parent names what the label is about; a label that recurs is ambiguous without it.
    front = f"{_parent_name(section.title)} — {label}" if section.title else label
    answer = render_blocks([following.node])
    if answer.is_empty or answer.is_link_only:
        return False
    made = scan.sink.card(Kind.QA, front, answer.text, label, section.context, block.start)
    if made:
        scan.consume(block)
    return made


def _read_bold_term(scan: Scan, block: Block) -> bool:
    """`**Efficiency of an Engine**` alone on its line, then its formula, paragraph or list."""
    term = _label_text(block)
    if term.endswith(":") or _words(term) > _MAX_TERM_WORDS or term.endswith((".", "!", "?")) or is_label(term):
        return False
    parts: list[Rendered] = []
    used: list[Block] = []
    cursor = scan.document.next_block(block)
    while cursor is not None and scan.is_free(cursor) and cursor.section is block.section:
        if cursor.type == "paragraph":
            if _strong_only(cursor) or _is_list_label(scan, cursor):
                break
            if has_math(cursor.node):
                text = formula_text(cursor.node)
                parts.append(Rendered(text, text))
            else:
                parts.append(render_inline(inline_of(cursor.node)))
            used.append(cursor)
        elif cursor.type in _LIST_TYPES and not used:
            parts.append(render_blocks([cursor.node]))
            break
        else:
            break
        if len(used) >= 4:
            break
        cursor = scan.document.next_block(cursor)
    answer = join_rendered(parts)
    if answer.is_empty or answer.is_link_only:
        return False
    section = block.section
    made = add_definition(scan, Rendered(term, term), answer, section, block.start, reverse=False)
    if made:
        scan.consume(block, *used)
    return made


def read_callout(scan: Scan, block: Block) -> bool:
    """`>[!INFO] Title` + body, or `!!! tip "Title"` + indented body: title → body."""
    lines = paragraph_lines(block.node)
    if not lines:
        return False
    match = _CALLOUT.match(lines[0]) or _ADMONITION.match(lines[0])
    if match is None:
        return False
    title = render_markdown_text(match.group("title")).text.strip()
    body = render_markdown_text("\n".join(line.strip() for line in lines[1:]))
    scan.consume(block)
    if not title or body.is_empty:
        scan.sink.skip(block.start, "callout without a title")
        return True
    section = block.section
    add_definition(scan, Rendered(title, title), body, section, block.start, reverse=False)
    return True
