"""Named formulas: a name, its formula, and the legend of its symbols, read as one card.

Science notes write a law or quantity as a heading or a caption line, then the formula in LaTeX
(`$$…$$` on its own lines, or `$…$` inline), then a legend: one line per symbol (`$P$ = pressure`,
`U = internal energy <br>`, "where v is ..."). The legend explains the formula and only makes sense
with it, so it is part of the formula card's answer and never a card of its own; a lone symbol
(`$\\rho$`, `g`) is not a term to learn.

This module only recognises the shapes (is this block math, is this paragraph a legend); `headings`
decides which name the card gets and `text` renders it.
"""

from __future__ import annotations

import re

from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.document import Block
from flashcards.core.extract.explicit_markup import paragraph_lines
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import render_markdown_text

# `$…$` or `$$…$$` with something inside; a currency amount (`$5 and $10`) has a digit after the `$`
# and a space before the closing one, which this does not accept.
_INLINE_MATH = re.compile(r"\$\$?(?=[^\s$])[^$\n]{0,400}(?<=[^\s$])\$\$?")
_DISPLAY_FENCE = re.compile(r"^\s*\$\$")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# A legend line: a short symbol (maybe in `$…$`) then `=` / `:` / `-` / "is" and its meaning.
_LEGEND_LINE = re.compile(
    r"^\s*(?:where\s+|with\s+)?(?:\$[^$\n]{1,24}\$|[^\W\d][\w^{}\\']{0,5})\s*(?:=|:|-|–|—|\bis\b|\bare\b)\s*\S",
    re.IGNORECASE,
)
# A legend's symbol is math or one to three characters ("$\\rho$", "U", "Q_h"), never a word.
_LEGEND_SYMBOL = re.compile(r"^\s*(?:\$[^$\n]{1,24}\$|[^\W\d][\w^{}]{0,2})\s*(?:=|:)")
_WHERE_LINE = re.compile(r"^\s*where\s+\S", re.IGNORECASE)


def _lines(node: SyntaxTreeNode) -> list[str]:
    """The paragraph's lines with `<br>` tags dropped and blank lines left out."""
    cleaned = (_BREAK_TAG.sub("", line).strip() for line in paragraph_lines(node))
    return [line for line in cleaned if line]


def has_math(node: SyntaxTreeNode) -> bool:
    """A paragraph that holds a formula (display or inline math)."""
    if node.type != "paragraph":
        return False
    return any(_DISPLAY_FENCE.match(line) or _INLINE_MATH.search(line) for line in _lines(node))


def is_formula_only(node: SyntaxTreeNode) -> bool:
    """A paragraph that is only math: a `$$…$$` block or lines that are each one formula."""
    lines = _lines(node)
    if not lines:
        return False
    if _DISPLAY_FENCE.match(lines[0]):
        return True
    return all(_INLINE_MATH.fullmatch(line.strip()) for line in lines)


def is_legend(node: SyntaxTreeNode) -> bool:
    """A paragraph of symbol lines (`$P$ = pressure`, `U = internal energy`, "where v is ...")."""
    lines = _lines(node)
    if not lines or len(lines) > 12:
        return False
    if _WHERE_LINE.match(lines[0]):
        return True
    return all(_LEGEND_LINE.match(line) and len(line) <= 120 for line in lines)


def formula_text(node: SyntaxTreeNode) -> str:
    """A math paragraph as card text: lines with math as written (Markdown would eat `_` and `\\`),
    other lines rendered (images and decoration dropped), `<br>` dropped, a `$$` block on one line."""
    lines = [line if "$" in line else render_markdown_text(line).text for line in _lines(node)]
    text = "\n".join(line for line in lines if line.strip())
    return re.sub(r"\$\$\s*\n(.*?)\n\s*\$\$", lambda m: "$$" + " ".join(m.group(1).split()) + "$$", text, flags=re.S)


def skip_orphan_legend(scan: Scan, block: Block) -> bool:
    """A formula, or the symbol legend right under it, that no heading card took: the legend explains
    that formula, so its lines are never cards of their own ("U = internal energy" is not a term to
    learn), and a formula alone is not a `key = value` line."""
    if block.type != "paragraph":
        return False
    if is_formula_only(block.node):
        scan.sink.skip(block.start, "formula without a name")  # `$PV = nRT$` is not `key = value`
        return True
    if not is_legend(block.node):
        return False
    previous = scan.document.previous_block(block)
    if previous is None or previous.type != "paragraph" or not has_math(previous.node):
        return False
    if not _LEGEND_SYMBOL.match(_lines(block.node)[0]) and not _WHERE_LINE.match(_lines(block.node)[0]):
        return False
    scan.consume(block)
    scan.sink.skip(block.start, "symbol legend of the formula above")
    return True
