"""Explicit card markup: the author said "this is a card", so it wins over every guess.

This module reads one paragraph (or a list item's first paragraph) written as a card and hands each
shape to the module that holds it:

- `question::answer` on one line (`:::` makes a card both ways), the Obsidian spaced-repetition style
  (here);
- a multi-line card: question lines, a line holding only `?` (`??` for both ways), answer lines (or
  the list, table or code right under the `?` line) (here);
- `Q:` / `A:` pairs, in one paragraph or in consecutive ones (also `**Q: ...**`, `Question:`) (here);
- `==cloze==` deletions and Anki `{{c1::hidden}}` / `{{c1::hidden::hint}}` clozes (`clozes`);
- outliner (Logseq) `#card` blocks (`tagged_cards`);
- a list item's question with a "Show answer" `<details>` indented under it (`details`, which also
  reads every other `<details>` card).

`<!--SR:...-->` scheduling comments are HTML comments and vanish when text is rendered. `::`, `==`,
`{{c1::` and `#card` inside code spans are code, not markup. An empty answer or one that is only a
link makes no card (reported as skipped). The marks and the qa card the rules share are in
`explicit_markup`.
"""

from __future__ import annotations

import re

from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.clozes import read_anki_clozes, read_clozes
from flashcards.core.extract.details import read_item_details
from flashcards.core.extract.document import Block, Section
from flashcards.core.extract.explicit_markup import (
    ANKI_CLOZE,
    ANSWER,
    CLOZE,
    QUESTION,
    add_qa,
    blocks_under,
    mask_code,
    paragraph_lines,
)
from flashcards.core.extract.logseq import CARD_TAG, is_property_line
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.tagged_cards import read_tagged_card, untag
from flashcards.core.extract.text import EMPTY, Rendered, join_rendered, render_blocks, render_markdown_text


_ANSWER_CONTINUATION = frozenset({"bullet_list", "ordered_list", "fence", "code_block", "table"})
_MAX_ANSWER_BLOCKS = 8  # a bold question's answer: the blocks up to the next question, at most this many
_BOLD_QUESTION = re.compile(r"^\s*(\*\*|__)\s*(?:Q|Question)\s*(?:\d+\s*)?[:.)].*\1\s*$", re.IGNORECASE)


def holds_explicit_markup(node: SyntaxTreeNode) -> bool:
    """True when this paragraph is written as an explicit card for `read_explicit_paragraph`: a card
    tag, a cloze (`==x==`, `{{c1::x}}`), a `?` line or a `Q:`. Pure: another rule asks it so that it
    does not read such a paragraph as part of its own group. (`a :: b` is left out: `list[::2]` in a
    code-like line is not a card.)"""
    lines = paragraph_lines(node)
    if not lines:
        return False
    masked = [mask_code(line) for line in lines]
    if any(CARD_TAG.search(line) or ANKI_CLOZE.search(line) or CLOZE.search(line) for line in masked):
        return True
    return any(line.strip() in {"?", "??"} for line in lines) or bool(QUESTION.match(lines[0]))


def read_explicit_paragraph(scan: Scan, node: SyntaxTreeNode, section: Section, block: Block) -> bool:
    """Cards from explicit markup in one paragraph; True when the paragraph was explicit markup."""
    lines = paragraph_lines(node)
    if not lines:
        return False
    first = (node.map[0] + 1) if node.map else block.start
    masked = [mask_code(line) for line in lines]
    if any(CARD_TAG.search(line) for line in masked):
        if read_tagged_card(scan, node, lines, masked, section, first):
            return True
        lines = [untag(line, hidden) for line, hidden in zip(lines, masked, strict=True)]
        masked = [mask_code(line) for line in lines]
    if read_item_details(scan, node, lines, section, first):
        return True
    if any(ANKI_CLOZE.search(line) for line in masked):
        read_anki_clozes(scan, lines, masked, section, first)
        return True
    if any(line.strip() in {"?", "??"} for line in lines):
        at = next(i for i, line in enumerate(lines) if line.strip() in {"?", "??"})
        if at > 0:
            question = render_markdown_text("\n".join(lines[:at]))
            answer = render_markdown_text("\n".join(lines[at + 1 :]))
            if answer.is_empty:
                answer = _answer_block_after(scan, node, block)
            add_qa(scan, question, answer, section, first, both=lines[at].strip() == "??")
            return True
    found = False
    # "Block text" followed by `key:: value` lines is an outliner block with its properties.
    properties = "::" not in masked[0]
    for number, (line, hidden) in enumerate(zip(lines, masked, strict=True)):
        position = hidden.find("::")
        if position <= 0:
            continue
        if properties and is_property_line(line):
            continue
        both = hidden.startswith(":::", position)
        width = 3 if both else 2
        left, right = line[:position], line[position + width :]
        if not left.strip() or not right.strip():
            continue
        found = True
        add_qa(scan, render_markdown_text(left), render_markdown_text(right), section, first + number, both=both)
    if found:
        return True
    if QUESTION.match(lines[0]):
        return _read_question(scan, lines, section, block, first, standalone=node is block.node)
    if any(CLOZE.search(line) for line in masked):
        read_clozes(scan, lines, masked, section, first)
        return True
    return False


def _answer_block_after(scan: Scan, node: SyntaxTreeNode, block: Block) -> Rendered:
    """A multi-line card whose answer is a list, a table or code right under the `?` line (no blank
    line between: the card runs to the first blank line)."""
    end = node.map[1] if node.map else None
    if node is block.node:
        following = scan.document.next_block(block)
        if following is None or not scan.is_free(following) or following.type not in _ANSWER_CONTINUATION:
            return EMPTY
        if end is None or following.start != end + 1:
            return EMPTY
        scan.consume(following)
        return render_blocks([following.node])
    under = blocks_under(node)
    if under and under[0].type in _ANSWER_CONTINUATION and under[0].map and under[0].map[0] == end:
        return render_blocks(under[:1])
    return EMPTY


def _read_question(
    scan: Scan, lines: list[str], section: Section, block: Block, first: int, standalone: bool
) -> bool:
    """`Q:` with its `A:` in the same paragraph, in the next paragraph, or (for a bold question) the
    blocks that follow it up to the next question or heading."""
    answer_at = next((i for i, line in enumerate(lines) if i > 0 and ANSWER.match(line)), None)
    if answer_at is not None:
        question_text = QUESTION.sub("", "\n".join(lines[:answer_at]), count=1)
        answer_text = ANSWER.sub("", "\n".join(lines[answer_at:]), count=1)
        add_qa(
            scan,
            _unbold(render_markdown_text(question_text)),
            render_markdown_text(answer_text),
            section,
            first,
        )
        return True
    if not standalone:
        return False
    question = _unbold(render_markdown_text(QUESTION.sub("", "\n".join(lines), count=1)))
    document = scan.document
    following: list[SyntaxTreeNode] = []
    after = document.next_block(block)
    after_lines = paragraph_lines(after.node) if after is not None and after.type == "paragraph" else []
    if after is not None and scan.is_free(after) and after_lines and ANSWER.match(after_lines[0]):
        scan.consume(after)
        answer = render_markdown_text(ANSWER.sub("", "\n".join(after_lines), count=1))
        cursor = document.next_block(after)
        while cursor is not None and scan.is_free(cursor) and cursor.type in _ANSWER_CONTINUATION:
            following.append(cursor.node)
            scan.consume(cursor)
            cursor = document.next_block(cursor)
        add_qa(scan, question, join_rendered([answer, render_blocks(following)]), section, first)
        return True
    if not _BOLD_QUESTION.match("\n".join(lines)):
        return False
    cursor = document.next_block(block)
    while cursor is not None and scan.is_free(cursor) and len(following) < _MAX_ANSWER_BLOCKS:
        if cursor.type in {"heading", "hr"} or _starts_question(cursor):
            break
        following.append(cursor.node)
        scan.consume(cursor)
        cursor = document.next_block(cursor)
    add_qa(scan, question, render_blocks(following), section, first)
    return True


def _starts_question(block: Block) -> bool:
    lines = paragraph_lines(block.node) if block.type == "paragraph" else []
    return bool(lines) and bool(QUESTION.match(lines[0]))


def _unbold(rendered: Rendered) -> Rendered:
    return Rendered(rendered.text.strip("*_ "), rendered.residual.strip("*_ "))
