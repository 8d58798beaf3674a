"""Outliner (Logseq) `#card` blocks: the block's text is the front, its child blocks the back.

The context is the block's place in the outline; a block label used more than once ("Notes") names
its parent. A `#card` block with no children makes no card (reported as skipped), unless it holds
clozes, which are then its cards. The outliner's metadata (`key:: value` properties, block
references, ...) is blanked before parsing (see `logseq`), so it is never read as a card. Apart from
`explicit` because it reads the outline around a block (its children, its parents, the note's other
block labels), not the paragraph alone.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.clozes import blank_clozes
from flashcards.core.extract.document import Section
from flashcards.core.extract.explicit_markup import (
    ANKI_CLOZE,
    CLOZE,
    add_qa,
    blocks_under,
    clean_answer,
    mask_code,
)
from flashcards.core.extract.logseq import CARD_TAG
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import (
    EMPTY,
    Rendered,
    inline_of,
    join_rendered,
    render_blocks,
    render_inline,
    render_markdown_text,
)


_TAG_WORD = re.compile(r"#[^\s#\[\]()]+")
_BLOCK_LINE = re.compile(r"^[ \t]*[-*+][ \t]+(.+)$", re.MULTILINE)
_MAX_PATH_TEXT = 60  # an outline parent in a card's context, at most this long


def untag(line: str, hidden: str) -> str:
    """The line without its `#card` tags (found on the code-masked copy, cut from the real one)."""
    pieces: list[str] = []
    at = 0
    for match in CARD_TAG.finditer(hidden):
        pieces.append(line[at : match.start()])
        at = match.end()
    pieces.append(line[at:])
    return "".join(pieces).rstrip()


def _without_trailing_tags(text: str) -> str:
    """The text without the `#tags` that end it (one pass over its words, from the end)."""
    words = text.rstrip().split(" ")
    while len(words) > 1 and _TAG_WORD.fullmatch(words[-1].strip()):
        words.pop()
    return " ".join(words).rstrip()


def read_tagged_card(
    scan: Scan, node: SyntaxTreeNode, lines: list[str], masked: list[str], section: Section, first: int
) -> bool:
    """A block tagged `#card`: its text (without the tag) is the front, its child blocks the back.
    False when the block has no children but holds clozes (they are the card then)."""
    text = "\n".join(untag(line, hidden) for line, hidden in zip(lines, masked, strict=True))
    children = blocks_under(node)
    answer = render_blocks(children) if children else EMPTY
    if answer.is_empty:
        hidden = mask_code(text)
        if CLOZE.search(hidden) or ANKI_CLOZE.search(hidden):
            return False
        scan.sink.skip(first, "card tag without an answer")
        return True
    # "a, b, #card": the comma led to the tag; "What is X? #css #card": the other tags file the card.
    text = _without_trailing_tags(text).rstrip(",")
    hidden = mask_code(text)
    if CLOZE.search(hidden) or ANKI_CLOZE.search(hidden):
        # A card block with clozes: the front hides them, the back shows the sentence and the children.
        full = clean_answer(render_markdown_text(text))
        answer = join_rendered([full, answer])
        text = blank_clozes(text, hidden)
    front = render_markdown_text(text)
    path = _outline_path(node)
    label = front.text.strip()
    if path and label and _is_repeated_block(scan.document.text, label):
        # "Notes #card" under "Pattern Matching": a label used for several blocks names its parent.
        label = f"{path[-1]} — {label}"
        front = Rendered(label, label)
    add_qa(scan, front, answer, section, first, context=(*section.context, *path))
    return True


def _outline_path(node: SyntaxTreeNode) -> tuple[str, ...]:
    """The texts of the blocks a block sits under, outermost first (its place in the outline)."""
    path: list[str] = []
    item = node.parent
    while item is not None and item.type == "list_item":
        outer = item.parent.parent if item.parent is not None else None
        if outer is None or outer.type != "list_item":
            break
        head = outer.children[0] if outer.children else None
        if head is not None and head.type in {"paragraph", "heading"}:
            text = CARD_TAG.sub("", render_inline(inline_of(head)).text).strip()
            if text:
                path.append(text if len(text) <= _MAX_PATH_TEXT else text[: _MAX_PATH_TEXT - 1] + "…")
        item = outer
    return tuple(reversed(path))


@lru_cache(maxsize=4)
def _block_labels(text: str) -> Counter[str]:
    """How often each block text occurs in the note (one pass, cached per note)."""
    return Counter(_label_key(match.group(1)) for match in _BLOCK_LINE.finditer(text))


def _label_key(text: str) -> str:
    return CARD_TAG.sub("", text).strip(" \t:*_").lower()


def _is_repeated_block(text: str, label: str) -> bool:
    return _block_labels(text)[_label_key(label)] > 1
