"""What a list decides as a whole before its items are read, and the parts of an item it looks at.

The whole list decides whether plain text is a key (`keys.choose_separator`): two thirds of its items
must share one separator (`May 5, 1789: event`, `pop() - removes ...`, `a = b + c; joins them`), or,
in a list keyed in mixed styles, a plain item may use an unambiguous `=` or `→`. When most plain keys
are unmarked code, the cards are commands. `group_of` makes that decision (a `Group`) and
`split_item` reads one item's key the way its group says.

An item's lead is its first paragraph without outliner block properties (`collapsed:: true` on the
lines after the first). Kept apart from the list rule (`bullets`) because it only measures the items
(no card is made here), and the outline reading there asks the same questions of sub-lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.keys import (
    PLAIN_SEPARATORS,
    KeyedText,
    choose_separator,
    lines_of,
    looks_like_code,
    plain_split,
    split_key,
)
from flashcards.core.extract.text import code_span, inline_of, render_inline


_STRONG_KINDS = ("=", "→")
_PROPERTY_LINE = re.compile(r"^\s*[A-Za-z][\w-]*:: ")


def item_line(node: SyntaxTreeNode, fallback: int) -> int:
    """The 1-based line a node starts on (`fallback` when markdown-it gave it no map)."""
    return node.map[0] + 1 if node.map else fallback


def first_paragraph(item: SyntaxTreeNode) -> SyntaxTreeNode | None:
    """The item's first block when it is a paragraph (its lead), else None."""
    first = item.children[0] if item.children else None
    return first if first is not None and first.type == "paragraph" else None


def is_link_item(item: SyntaxTreeNode) -> bool:
    """An item that is only a link, or mostly links (a source, a table-of-contents entry)."""
    paragraph = first_paragraph(item)
    if paragraph is None:
        return False
    rendered = render_inline(inline_of(paragraph))
    if rendered.is_empty:
        return False
    return rendered.is_link_only or len(rendered.residual.strip()) * 4 < len(rendered.text.strip())


@dataclass(frozen=True)
class Group:
    """What a list decided as a whole: the separator its plain keys stand before (None: plain text
    is not a key here), whether its keys are mostly unmarked code (`pop() - removes ...`: command
    cards), and the outline term it describes (`skeleton` over `functions`), which its items' fronts
    name (`skeleton — functions`)."""

    separator: str | None = None
    code_keys: bool = False
    prefix: str | None = None
    keyed: bool = False  # half the items or more have a key, whatever its style


def list_items(node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    """The items of a list node."""
    return [item for item in node.children if item.type == "list_item"]


def lead_tokens(item: SyntaxTreeNode) -> list[Token]:
    """The item's first paragraph without outliner block properties (`collapsed:: true`, `id:: ...`
    on the lines after the first): they are metadata of the block, not its text."""
    paragraph = first_paragraph(item)
    tokens = inline_of(paragraph) if paragraph is not None else []
    if not any(token.type == "softbreak" for token in tokens):
        return tokens
    kept: list[Token] = []
    for number, line in enumerate(_lines_with_breaks(tokens)):
        text = "".join(token.content for token in line if token.type == "text")
        if number and _PROPERTY_LINE.match(text):
            continue
        kept.extend(line)
    while kept and kept[-1].type == "softbreak":
        kept.pop()
    return kept


def _lines_with_breaks(tokens: list[Token]) -> list[list[Token]]:
    """Inline tokens cut into lines, each line keeping the soft break that ends it."""
    lines: list[list[Token]] = [[]]
    for token in tokens:
        lines[-1].append(token)
        if token.type == "softbreak":
            lines.append([])
    return [line for line in lines if line]


def first_text(tokens: list[Token]) -> str:
    """The item's first line when it opens with plain text ("" when it opens with markup)."""
    for index, token in enumerate(tokens):
        if token.type == "text" and not token.content.strip():
            continue
        if token.type != "text":
            return ""
        line = lines_of(tokens[index:])
        return "".join(_raw(token) for token in line[0]) if line else ""  # spacing kept for columns
    return ""


def _raw(token: Token) -> str:
    if token.type == "text":
        return token.content
    if token.type == "code_inline":
        return code_span(token.content)
    return render_inline([token]).text if token.type in {"html_inline", "image"} else ""


def group_of(items: list[SyntaxTreeNode], prefix: str | None = None) -> Group:
    """The group's decision. An item with sub-items and no separator of its own is an outline term,
    neither for nor against a separator; under an outline term half the items suffice, since they
    are on the term's card anyway."""
    texts: list[str] = []
    marked: list[str] = []
    keyed_items = 0
    for item in items:
        tokens = lead_tokens(item)
        text = first_text(tokens)
        if nested_lists(item) and not _own_separator(item, text):
            continue
        texts.append(text)
        if text:
            keyed_items += any(plain_split(text, kind) for kind in PLAIN_SEPARATORS)
        elif tokens and (keyed := split_key(tokens)) is not None and not keyed.value.is_empty:
            keyed_items += 1
            if keyed.separator:
                marked.append(keyed.separator)
    share = 0.5 if prefix is not None else 2 / 3
    separator = choose_separator(texts, marked, share=share)
    keyed_list = keyed_items >= 1 and keyed_items * 2 >= len(texts)
    code_keys = False
    if separator is not None:
        keys = [split[0] for text in texts if text and (split := plain_split(text, separator))]
        code_keys = bool(keys) and sum(1 for key in keys if looks_like_code(key)) * 2 >= len(keys)
    return Group(separator, code_keys, prefix, keyed_list and bool(texts))


def _own_separator(item: SyntaxTreeNode, text: str) -> bool:
    if text:
        return any(plain_split(text, kind) for kind in PLAIN_SEPARATORS)
    return marked_key(item)


def nested_lists(item: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    """The lists under an item's lead: its sub-items in the outline."""
    return [child for child in item.children[1:] if child.type in {"bullet_list", "ordered_list"}]


def split_item(tokens: list[Token], group: Group) -> KeyedText | None:
    """The item's key as its group reads it: plain text is a key only before the group's separator
    (or, in a keyed group, before another separator: `Label: code` among `code - description`)."""
    keyed = split_key(tokens, separator=group.separator or "")
    if keyed is None and (group.separator is not None or group.keyed) and first_text(tokens):
        # In a list keyed in mixed styles only the unambiguous separators (`=`, `→`) make a key.
        kinds = PLAIN_SEPARATORS if group.separator is not None else _STRONG_KINDS
        for kind in kinds:
            if kind != group.separator and (keyed := split_key(tokens, separator=kind)) is not None:
                break
    return keyed


def marked_key(item: SyntaxTreeNode) -> bool:
    """The item's lead opens with a marked key (bold, code, a link) and a separator before a description."""
    tokens = lead_tokens(item)
    if not tokens or first_text(tokens):
        return False
    keyed = split_key(tokens)
    return keyed is not None and bool(keyed.separator) and not keyed.value.is_empty
