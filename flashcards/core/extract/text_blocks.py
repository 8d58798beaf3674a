"""Fenced or indented blocks that hold text rather than code: a cheat sheet kept in a code block.

`key SEP description` or `cmd    description` lines (column-aligned) give one card per line; real
code makes no card here. The block is judged as a run (`run_verdicts.judge_run`), like the keyed
paragraphs of `lines`, and a block of keyed lines refused as a group (a log, a legend, an outline) is
decided here too, so the code-block readers do not read it again. Apart from `lines` because a block
is one node whose lines are split here, while a paragraph run spans several blocks of a section.
"""

from __future__ import annotations

import re

from flashcards.core.extract.document import Block
from flashcards.core.extract.line_split import Item, strip_bullet, text_block_items
from flashcards.core.extract.lines import emit_items
from flashcards.core.extract.run_verdicts import REFUSED, judge_run
from flashcards.core.extract.scan import Scan

_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_CODE_LINE_START = re.compile(r"^\s*(?:#|//|/\*|\$\s|>\s|<[a-zA-Z/!])")


def _text_block_verdict(block: Block) -> tuple[str, list[Item]]:
    """How a code block's lines read as a run: ("cards", items) for a cheat sheet of `key SEP
    description` or `cmd    description` lines, ("journal"|"legend"|"outline", []) for keyed lines
    that are a log, a legend or an outline, ("", []) for code."""
    content = block.node.content
    if content.count("\n") > 400:
        return "", []
    numbered = [(number, line) for number, line in enumerate(content.split("\n")) if line.strip()]
    if len(numbered) < 2 or any(_CODE_LINE_START.match(line) for _, line in numbered):
        return "", []
    first_line = block.start + (1 if block.type == "fence" else 0)
    numbered = [(number, strip_bullet(_LIST_MARKER.sub("", line, count=1))) for number, line in numbered]
    items = text_block_items(numbered, first_line)
    if items is None or len(items) * 3 < len(numbered) * 2:
        return "", []
    verdict, kept = judge_run(items)
    if verdict == "cards" and len(kept) * 3 < len(numbered) * 2:
        return "", []
    return verdict, kept


def _text_block_run(block: Block) -> list[Item] | None:
    """The items of a code block that holds `key SEP description` or `cmd    description` lines."""
    verdict, kept = _text_block_verdict(block)
    return kept if verdict == "cards" else None


def holds_text(block: Block | None) -> bool:
    """True for a fenced or indented block that is a cheat sheet of keyed lines, not code (so it is
    not the code of a caption above it)."""
    return block is not None and block.type in {"fence", "code_block"} and _text_block_run(block) is not None


def read_text_block(scan: Scan, block: Block) -> bool:
    """A fenced or indented block whose lines are `key SEP description` or `cmd    description`
    (a cheat sheet kept in a code block): one card per line. Real code makes no card here. A block of
    keyed lines that this rule refuses as a group (a log, a legend, an outline) is decided here too
    (True, no card): the code-block readers do not read it again."""
    verdict, items = _text_block_verdict(block)
    if not verdict:
        return False
    scan.consume(block)
    if verdict == "cards":
        emit_items(scan, block, items)
    else:
        scan.sink.skip(block.start, REFUSED.get(verdict, "journal or log entries"))
    return True
