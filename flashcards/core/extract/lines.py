"""Key–separator–description items outside lists: runs of plain lines, paragraphs, quotes.

Many notes state one fact per line without any list markup: `Term: definition` paragraphs separated by
blank lines, hard-wrapped `Term - def` lines that markdown-it joins into one paragraph, `>>**Term:
definition.**` quote lines (the whole line bold, the colon inside the bold), `1789 – event` timelines.
One line alone proves little (a prose sentence may start `Word: ...`), so the rule reads the *run*:
consecutive paragraphs of one section, or the lines of one paragraph, and decides for all of them at
once (`run_verdicts.judge_run`: a glossary, or a legend, an outline, a journal). Besides:

- a marked key that is a whole sentence (`*"A quotation."* - Author`) is not a term;
- a run of one needs more: it must not be the paragraph right under its heading (that is the
  heading's body), its key must be short and its value one sentence, and the note must write other
  lines the same way (the author's habit, counted once per note).

A key that opens keyed lines under two or more headings is a generic label (`Pros:`, `Cons:`), not
a term: its card's front names the section too (`Python — Pros`), as list items do.

Lines split as `line_split` says, so a line read here gives the same card as the same line read in a
list. Cards are made by `keyed_cards.emit_keyed`. A code block that holds such lines (a cheat sheet)
is read by `text_blocks`, with the same verdict and the same cards.
"""

from __future__ import annotations

import re
from collections import Counter

from flashcards.core.extract.document import Block
from flashcards.core.extract.facts import is_label
from flashcards.core.extract.keyed_cards import emit_keyed
from flashcards.core.extract.keys import KeyedText, split_key
from flashcards.core.extract.line_split import Item, column_lines, lines_with_offsets, split_line
from flashcards.core.extract.run_verdicts import (
    CLOCK_TIME,
    MAX_SINGLE_KEY_WORDS,
    OUTLINE_NUMBER,
    REFUSED,
    SYMBOL_KEY,
    first_person,
    judge_run,
    separator_class,
)
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import Rendered, inline_of, join_rendered, render_inline

_WHOLE_SENTENCE = re.compile(r"[.!?][\"'”’»]?$")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z])")
_HABIT = "lines.habit"
_GENERIC = "lines.generic"
_ITEMS = "lines.items"


def _paragraph_item(block: Block) -> tuple[Item, bool] | None:
    """A paragraph read as one item (its first line keyed, the others its description); the flag says
    whether the paragraph was a single line."""
    lines = lines_with_offsets(inline_of(block.node))
    if not lines:
        return None
    keyed = split_line(lines[0][1])
    if keyed is None:
        return None
    if len(lines) > 1:
        tail = join_rendered([render_inline(line) for _, line in lines[1:]], " ")
        value = join_rendered([keyed.value, tail], " ")
        keyed = KeyedText(keyed.key, keyed.style, keyed.code, keyed.separator, value)
    return Item(keyed, block.start + lines[0][0]), len(lines) == 1


def _line_items(block: Block) -> list[Item] | None:
    """The lines of one paragraph as items when most of them are keyed (a hard-wrapped run); a line
    without a key continues the description of the line before it."""
    lines = lines_with_offsets(inline_of(block.node))
    if len(lines) < 2:
        return None
    split = [split_line(line) for _, line in lines]
    if sum(1 for keyed in split if keyed is not None) * 3 < len(lines) * 2 or split[0] is None:
        return column_lines(lines, block.start)
    items: list[Item] = []
    for (offset, tokens), keyed in zip(lines, split, strict=True):
        if keyed is not None:
            items.append(Item(keyed, block.start + offset))
            continue
        previous = items[-1]
        value = join_rendered([previous.keyed.value, render_inline(tokens)], " ")
        keyed_text = previous.keyed
        items[-1] = Item(
            KeyedText(keyed_text.key, keyed_text.style, keyed_text.code, keyed_text.separator, value), previous.line
        )
    return items


def _explicit_markup(block: Block) -> bool:
    """Markup the explicit rules own (`::` cards, `==cloze==`, a `?` line): never part of a run."""
    source = block.node.children[0].content if block.node.children else ""
    return "::" in source or "==" in source or bool(re.search(r"(?m)^[^\S\n]*\?\??[^\S\n]*$", source))


def emit_items(scan: Scan, block: Block, items: list[Item]) -> None:
    """The cards of a run's items, made as a list item's would be; a generic key (`Pros:` under
    several headings) gets a front that names its section."""
    generic = _generic_keys(scan)
    title = block.section.title
    for item in items:
        keyed = item.keyed
        if title and item.key.lower() in generic:  # "Pros:" under every heading: "Python — Pros"
            composite = f"{title} — {item.key}"
            keyed = KeyedText(Rendered(composite, composite), keyed.style, keyed.code, keyed.separator, keyed.value)
        emit_keyed(scan, keyed, block.section, item.line, in_list=False)


def _generic_keys(scan: Scan) -> frozenset[str]:
    """Keys that open keyed paragraph lines under two or more headings of the note: generic labels
    (`Pros:`, `Cons:`, `Formula:`) whose cards must name their section (computed once per note)."""
    cached = scan.memo.get(_GENERIC)
    if isinstance(cached, frozenset):
        return cached
    sections: dict[str, set[int]] = {}
    for block in scan.document.blocks:
        found = _items_of(scan, block)
        for item in found[0] if found else []:
            sections.setdefault(item.key.lower(), set()).add(block.section.index)
    generic = frozenset(key for key, where in sections.items() if len(where) >= 2)
    scan.memo[_GENERIC] = generic
    return generic


def _paragraph_items(block: Block) -> tuple[list[Item], bool] | None:
    """The items of one paragraph (its keyed lines, or the paragraph as one item) and whether it is a
    single line; None when it does not start with a key."""
    if block.type != "paragraph" or _explicit_markup(block):
        return None
    lines = _line_items(block)
    if lines is not None:
        return lines, False
    found = _paragraph_item(block)
    if found is None:
        return None
    return [found[0]], found[1]


def _items_of(scan: Scan, block: Block) -> tuple[list[Item], bool] | None:
    """`_paragraph_items`, computed once per block (a run's members are looked at from both sides)."""
    cache = scan.memo.setdefault(_ITEMS, {})
    assert isinstance(cache, dict)
    if block.index not in cache:
        cache[block.index] = _paragraph_items(block)
    found: tuple[list[Item], bool] | None = cache[block.index]
    return found


def _sibling_run(scan: Scan, block: Block) -> tuple[list[Block], list[Item], bool]:
    """The keyed paragraphs from `block` on, in the same section, and whether all are single lines."""
    blocks: list[Block] = []
    items: list[Item] = []
    one_line = True
    current: Block | None = block
    while current is not None and current.section is block.section and scan.is_free(current):
        found = _items_of(scan, current)
        if found is None:
            break
        blocks.append(current)
        items.extend(found[0])
        one_line = one_line and found[1]
        current = scan.document.next_block(current)
    return blocks, items, one_line


def _continues_run(scan: Scan, block: Block) -> bool:
    """True when the paragraph before this one (same section) is keyed too: the run was decided at
    its first paragraph, so a later member is not read again on its own."""
    previous = scan.document.previous_block(block)
    return (
        previous is not None
        and previous.section is block.section
        and scan.is_free(previous)  # one taken by another rule (a heading's body) starts nothing here
        and _items_of(scan, previous) is not None
    )


def _sentence_key(block: Block) -> bool:
    """`*"A whole sentence in italics."* - Someone`: the marked "key" is a quotation, not a term."""
    keyed = split_key(inline_of(block.node))
    if keyed is None or keyed.style == "plain" or not keyed.separator:
        return False
    key = keyed.key.text.strip()
    return bool(_WHOLE_SENTENCE.search(key)) and len(key.split()) > 5


def _under_heading(scan: Scan, block: Block) -> bool:
    previous = scan.document.previous_block(block)
    return previous is not None and previous.type == "heading" and previous.section is block.section


def _habit(scan: Scan) -> Counter[str]:
    """How many one-line keyed paragraphs the note has per separator (computed once per note)."""
    cached = scan.memo.get(_HABIT)
    if isinstance(cached, Counter):
        return cached
    habit: Counter[str] = Counter()
    for block in scan.document.blocks:
        if block.type != "paragraph":
            continue
        lines = lines_with_offsets(inline_of(block.node))
        keyed = split_line(lines[0][1]) if len(lines) == 1 else None
        if keyed is not None and not is_label(keyed.key.text) and not keyed.value.is_empty:
            habit[separator_class(keyed.separator)] += 1
    scan.memo[_HABIT] = habit
    return habit


def _single_is_item(scan: Scan, block: Block, item: Item) -> bool:
    """A lone `Term - definition` paragraph: strong evidence only (see the module docstring)."""
    key = item.key
    value = item.keyed.value.text.strip()
    words = key.split()
    if _under_heading(scan, block) or is_label(key) or not words or len(words) > MAX_SINGLE_KEY_WORDS:
        return False
    if SYMBOL_KEY.match(key) or OUTLINE_NUMBER.match(key) or CLOCK_TIME.match(key):
        return False
    if not (key[0].isupper() or key[0].isdigit()) and item.keyed.style == "plain":
        return False
    if not value or _SENTENCE_BREAK.search(value) or first_person(value) or len(value.split()) > 30:
        return False
    return _habit(scan)[separator_class(item.keyed.separator)] >= 3


def read_line_run(scan: Scan, block: Block) -> bool:
    """Cards from a paragraph that is (or starts) a run of keyed lines; True when the run was read."""
    if _explicit_markup(block):
        return False
    if _sentence_key(block):
        scan.sink.skip(block.start, "a sentence (a quotation?), not a term")
        return True
    if _continues_run(scan, block):
        return False
    blocks, items, one_line = _sibling_run(scan, block)
    if len(items) == 1:
        if one_line and _single_is_item(scan, block, items[0]):
            emit_items(scan, block, items)
            return True
        return False
    verdict, kept = judge_run(items)
    if verdict == "cards":
        taken = {id(item) for item in kept}
        for item in items:
            if id(item) not in taken:
                scan.sink.skip(item.line, "not keyed like the rest of its run")
    return _settle(scan, block, blocks, verdict, kept)


def line_run_verdict(scan: Scan, block: Block | None) -> str:
    """How `read_line_run` would decide the run of two or more items that starts at this paragraph:
    "cards", "legend", "outline", "journal", or "" when it leaves the paragraph to other rules. Pure:
    makes no card and consumes nothing (the dispatch asks it so that one rule reads a group)."""
    if block is None or block.type != "paragraph" or not scan.is_free(block) or _explicit_markup(block):
        return ""
    if _sentence_key(block) or _continues_run(scan, block):
        return ""
    _, items, _ = _sibling_run(scan, block)
    return judge_run(items)[0] if len(items) >= 2 else ""


def starts_line_run(scan: Scan, block: Block | None) -> bool:
    """True when `read_line_run` decides the run that starts at this paragraph (cards, or a
    legend/outline/journal it refuses): that run is this rule's, so no other rule (a heading's body)
    reads the same paragraphs."""
    return line_run_verdict(scan, block) != ""


def _settle(scan: Scan, block: Block, blocks: list[Block], verdict: str, items: list[Item]) -> bool:
    if verdict == "cards":
        scan.consume(*blocks)
        emit_items(scan, block, items)
        return True
    if verdict:
        scan.consume(*blocks)
        scan.sink.skip(block.start, REFUSED.get(verdict, "journal or log entries"))
        return True
    return False
