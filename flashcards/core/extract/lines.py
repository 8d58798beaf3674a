"""Key–separator–description items outside lists: runs of plain lines, paragraphs, quotes, text blocks.

Many notes state one fact per line without any list markup: `Term: definition` paragraphs separated by
blank lines, hard-wrapped `Term - def` lines that markdown-it joins into one paragraph, `>>**Term:
definition.**` quote lines (the whole line bold, the colon inside the bold), `1789 – event` timelines,
or a fenced/indented block that holds a cheat sheet (`cmd      description`, column-aligned) rather
than code. One line alone proves little (a prose sentence may start `Word: ...`), so the rule reads
the *run*: consecutive paragraphs of one section, or the lines of one paragraph or block, and decides
for all of them at once:

- most lines share one separator (`:` `：` ` - ` ` – ` ` — ` `=` `->` `→` `;`, or a column gap in a
  block), and their keys are short and mostly distinct;
- a run whose keys are outline numbers (`1.1 - Design ...`) or one word counted on (`Day 1`, `Day 2`)
  is an outline or a schedule; one whose keys are a formula's symbols (`U = internal energy`,
  `$\\rho$ = density`) is its variable legend; one whose values are written in the first person or
  that is keyed by clock times is a journal or a log: no cards;
- labels (`Note:`, `Example:`) are not terms; a run where they are not a small minority, or a short
  run with one, is the body of something else (an example with its pros and cons), not a glossary;
- a run of one-word keys whose values are mostly data (`Date: 2024-03-05`, `Room: 4`) is a record;
- a marked key that is a whole sentence (`*"A quotation."* - Author`) is not a term;
- a run of one needs more: it must not be the paragraph right under its heading (that is the
  heading's body), its key must be short and its value one sentence, and the note must write other
  lines the same way (the author's habit, counted once per note).

A key that opens keyed lines under two or more headings is a generic label (`Pros:`, `Cons:`), not
a term: its card's front names the section too (`Python — Pros`), as list items do.

Marked keys (code, bold, italic, links) are split by `keys.split_key`, so a line read here gives the
same card as the same line read in a list. Cards are made by `bullets.emit_keyed`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from flashcards.core.extract.bullets import emit_keyed
from flashcards.core.extract.document import Block
from flashcards.core.extract.facts import is_label
from flashcards.core.extract.keys import KeyedText, split_key
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import Rendered, inline_of, join_rendered, render_inline

# The first separator of a plain line. A colon must be followed by a space (so `10:30`, `http://` and
# `user:role` are not separators); dashes, `=` and arrows must stand between spaces.
_PLAIN_SEPARATOR = re.compile(r"(：)|(:)(?=\s|$)|(?<=\s)(->|→|=>|⇒|=|–|—|--|-)(?=\s)")
_SEMICOLON = re.compile(r";(?=\s)")
_STRONG = frozenset({"=", "->", "→", "=>", "⇒"})
_DASHES = frozenset({"-", "--", "–", "—"})
# A gap of two or more spaces (or a tab) between a left and a right column.
_COLUMN_GAP = re.compile(r"\S(\t+| {2,})(?=\S)")
_OUTLINE_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)+\.?|\d{1,2}\.?|[A-Za-z][.)]|[IVXivx]{1,4}[.)]?)$")
_NUMBERED_LABEL = re.compile(r"^([^\W\d_]+)\s*#?\d+(?:\.\d+)*[a-z]?$")
# "went home early. The plan": a sentence ends inside the key (but not "Baker v. Carr", "U.S. law").
_SENTENCE_IN_KEY = re.compile(r"[^\W\d_]{2}[.!?]\s+\S")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_BR = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
# A log line's stamp: a clock time, optionally after a date (`09:00`, `2024-01-10 09:00:15`, `9.30 pm`).
_CLOCK_TIME = re.compile(
    r"^`?(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[T ]\s*)?\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*(?:[AaPp]\.?[Mm]\.?))?`?$"
)
_MATH = re.compile(r"\$[^$]*\$")
# A formula's variable: `$\rho$`, `$V_{f}$`, `U`, `ρ`, `x_1` (a single CJK character is a word, not this).
_SYMBOL_KEY = re.compile(r"^(?:\$[^$\s]{1,30}\$|[A-Za-z\u0370-\u03ff](?:_\{?\w{1,4}\}?)?)$")
# First-person pronouns, the grammar of a diary (kept to the few that carry it in common languages).
_FIRST_PERSON = frozenset("i'm i've i'd i'll me my we our ich wir je j' nous".split())
_WHOLE_SENTENCE = re.compile(r"[.!?][\"'”’»]?$")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z])")
_CODE_PUNCTUATION = re.compile(r"[;{}()\[\],\\]$|^[{}\[\]]")
_CODE_LINE_START = re.compile(r"^\s*(?:#|//|/\*|\$\s|>\s|<[a-zA-Z/!])")
_BULLET_SYMBOLS = "•·▪▫◦‣⁃●○■□►▶▸➤➜✓✔✗✘★☆"
_MAX_WRAPPING = 3
_MAX_KEY_WORDS = 8
_MAX_SINGLE_KEY_WORDS = 4
_MAX_KEY_CHARS = 70
_HABIT = "lines.habit"
_GENERIC = "lines.generic"
_ITEMS = "lines.items"
_REFUSED = {"legend": "variable legend of a formula", "outline": "outline numbers, not terms"}  # else a log


@dataclass(frozen=True)
class Item:
    """One keyed line: the split text and its 1-based source line."""

    keyed: KeyedText
    line: int

    @property
    def key(self) -> str:
        return self.keyed.key.text.strip()


# --- splitting one line -------------------------------------------------------------------------


def _meaningful(tokens: Sequence[Token]) -> list[int]:
    return [i for i, token in enumerate(tokens) if not (token.type == "text" and not token.content.strip())]


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _unwrap(tokens: list[Token]) -> list[Token]:
    """`**Term: definition.**` (the whole line bold or italic) → the inside; an unclosed `**Term: ...`
    loses its stray marker; a leading symbol bullet (`•`, `✅`, `➤`) is dropped."""
    for _ in range(_MAX_WRAPPING):  # `***Term: def***` is two wrappings; more is noise, not markup
        inner = _inside_wrapping(tokens)
        if inner is None:
            break
        tokens = inner
    indexes = _meaningful(tokens)
    if not indexes:
        return tokens
    first = indexes[0]
    head = tokens[first]
    if head.type == "text":
        content = head.content.lstrip()
        stripped = content
        if content[:2] in {"**", "__"} and not any(t.type == "strong_open" for t in tokens):
            stripped = content[2:]
        stripped = _strip_bullet(stripped)
        if stripped != content:
            return [*tokens[:first], _text(stripped), *tokens[first + 1 :]]
    return tokens


def _inside_wrapping(tokens: list[Token]) -> list[Token] | None:
    """The tokens inside one bold or italic span that covers the whole line, else None."""
    indexes = _meaningful(tokens)
    if not indexes:
        return None
    first, last = indexes[0], indexes[-1]
    opening = tokens[first].type
    closing = opening.replace("_open", "_close")
    if opening not in {"strong_open", "em_open"} or tokens[last].type != closing:
        return None
    depth = 0
    for index in range(first, last):
        depth += 1 if tokens[index].type == opening else -1 if tokens[index].type == closing else 0
        if depth == 0:
            return None  # `**a** and **b**`: the first span closes before the end of the line
    return list(tokens[first + 1 : last])


def _strip_bullet(content: str) -> str:
    """The text without a leading symbol bullet (`•`, `✅`, `➤ `): decoration, not part of the key."""
    index = 0
    while index < len(content) and index < 4:
        char = content[index]
        category = unicodedata.category(char)
        if char in _BULLET_SYMBOLS or category == "So" or (index > 0 and category in {"Mn", "Cf", "Sk"}):
            index += 1
            continue
        break
    if index and index < len(content) and content[index] == " ":
        return content[index:].lstrip()
    return content


def _lines_of(tokens: Sequence[Token]) -> list[tuple[int, list[Token]]]:
    """Inline tokens cut into lines at line breaks, including `<br>` (notes write `a - b<br>c - d`),
    each with its offset in source lines from the paragraph's first line."""
    lines: list[tuple[int, list[Token]]] = [(0, [])]
    offset = 0
    for token in tokens:
        newline = token.type in {"softbreak", "hardbreak"}
        offset += 1 if newline else 0
        if newline or (token.type == "html_inline" and _BR.match(token.content)):
            if lines[-1][1]:
                lines.append((offset, []))
            else:
                lines[-1] = (offset, [])
        else:
            lines[-1][1].append(token)
    return [(number, line) for number, line in lines if _meaningful(line)]


def _mask_math(text: str) -> str:
    """`$Q=mL$` hides its `=` from the separator search (same length, so positions still match)."""
    return _MATH.sub(lambda match: "$" + "x" * (len(match.group(0)) - 2) + "$", text)


def _inside_range(text: str, match: re.Match[str]) -> bool:
    """`1914 - 1918: war`, `pages 3 – 7`: a dash between two numbers is a range, not a separator."""
    if match.group(3) is None or match.group(3) not in _DASHES:
        return False
    before, after = text[: match.start()].rstrip(), text[match.end() :].lstrip()
    return bool(before) and bool(after) and before[-1].isdigit() and after[0].isdigit()


def split_plain_line(text: str, rest: Sequence[Token] = ()) -> KeyedText | None:
    """A plain `key SEP value` line (no markup before the separator)."""
    masked = _mask_math(text)
    match = next(
        (found for found in _PLAIN_SEPARATOR.finditer(masked) if not _inside_range(masked, found)), None
    ) or _SEMICOLON.search(masked)
    if match is None:
        return None
    key_text = text[: match.start()].strip()
    separator = match.group(0).strip()
    value_text = text[match.end() :]
    if not _usable_key(key_text):
        return None
    value = render_inline([_text(value_text), *rest])
    key = Rendered(key_text, key_text)
    return KeyedText(key=key, style="plain", code=None, separator=separator, value=value)


def _usable_key(key: str) -> bool:
    words = key.split()
    if not words or len(words) > _MAX_KEY_WORDS or len(key) > _MAX_KEY_CHARS:
        return False
    if key[-1] in ",;([{" or "?" in key or "!" in key or "`" in key or _SENTENCE_IN_KEY.search(key):
        return False
    return any(char.isalnum() for char in key)


def split_line(tokens: Sequence[Token]) -> KeyedText | None:
    """The key, separator and description of one line of inline tokens, or None."""
    line = _unwrap(list(tokens))
    indexes = _meaningful(line)
    if not indexes:
        return None
    head = line[indexes[0]]
    if head.type == "text":
        return split_plain_line(head.content, line[indexes[0] + 1 :])
    keyed = split_key(line)
    if keyed is None or not keyed.separator:
        return None
    return keyed


# --- reading runs ---------------------------------------------------------------------------------


def _paragraph_item(block: Block) -> tuple[Item, bool] | None:
    """A paragraph read as one item (its first line keyed, the others its description); the flag says
    whether the paragraph was a single line."""
    lines = _lines_of(inline_of(block.node))
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
    lines = _lines_of(inline_of(block.node))
    if len(lines) < 2:
        return None
    split = [split_line(line) for _, line in lines]
    if sum(1 for keyed in split if keyed is not None) * 3 < len(lines) * 2 or split[0] is None:
        return _column_lines(lines, block.start)
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


def _column_lines(lines: list[tuple[int, list[Token]]], first_line: int) -> list[Item] | None:
    """Plain lines of one paragraph written as aligned columns (`cd      change directory`)."""
    if not all(len(tokens) == 1 and tokens[0].type == "text" for _, tokens in lines):
        return None
    numbered = [(offset, tokens[0].content) for offset, tokens in lines]
    return _text_block_items(numbered, first_line, columns_only=True)


def _explicit_markup(block: Block) -> bool:
    """Markup the explicit rules own (`::` cards, `==cloze==`, a `?` line): never part of a run."""
    source = block.node.children[0].content if block.node.children else ""
    return "::" in source or "==" in source or bool(re.search(r"(?m)^\s*\?\??\s*$", source))


def _separator_class(separator: str) -> str:
    return "-" if separator in _DASHES else ":" if separator in {":", "："} else separator


def _verdict(items: list[Item]) -> tuple[str, list[Item]]:
    """How a run reads: ("cards", the items to make), ("legend"|"outline"|"journal", []) or ("", [])."""
    if len(items) < 2:
        return "", []
    keys = [item.key for item in items]
    labels = sum(1 for key in keys if is_label(key))
    if labels * 3 >= len(items) or (labels and len(items) - labels <= 3):
        return "", []  # remarks (an example, a tip, its pros and cons), not a glossary
    if sum(1 for key in keys if _SYMBOL_KEY.match(key)) * 2 > len(items):
        return "legend", []
    if sum(1 for key in keys if _OUTLINE_NUMBER.match(key)) * 2 > len(items) or _numbered_labels(keys):
        return "outline", []
    if sorted(_key_words(key) for key in keys)[(len(keys) - 1) // 2] > _MAX_SINGLE_KEY_WORDS:
        return "", []  # keys of a glossary are short; long ones are the openings of prose sentences
    values = [item.keyed.value.text for item in items]
    if sum(1 for key in keys if _CLOCK_TIME.match(key)) * 2 > len(items) or sum(
        1 for value in values if _first_person(value)
    ) * 2 > len(items):
        return "journal", []
    if sum(1 for value in values if _is_data(value)) * 2 >= len(items) and all(len(key.split()) == 1 for key in keys):
        return "", []  # a record (date, place, amount), not terms and their meanings
    classes = Counter(_separator_class(item.keyed.separator) for item in items)
    main, count = classes.most_common(1)[0]
    if count * 3 < len(items) * 2:
        return "", []
    if len({key.lower() for key in keys}) * 5 < len(keys) * 4:
        return "", []
    kept = [
        item
        for item in items
        if (_separator_class(item.keyed.separator) == main or item.keyed.separator in _STRONG)
        and not is_label(item.key)
        and not _SYMBOL_KEY.match(item.key)
        and not _OUTLINE_NUMBER.match(item.key)
        and not item.keyed.value.is_empty
    ]
    return ("cards", kept) if len(kept) >= 2 else ("", [])


def _first_person(value: str) -> bool:
    """Written in the first person ("went home, then I studied"), as a diary is. A capital "I" after
    a capitalised word is a numeral ("World War I", "Article I"), not the pronoun."""
    words = value.split()
    for number, raw in enumerate(words):
        word = raw.strip('.,;:!?()"“”')
        if not (len(word) > 1 and word.isupper()) and (word.lower() in _FIRST_PERSON or word.lower().startswith("j'")):
            return True  # (an all-capitals word is an acronym: "ME", "WE")
        if word == "I" and (number == 0 or not words[number - 1][:1].isupper()):
            return True
    return False


def _is_data(value: str) -> bool:
    """A value that is data, not a description: a number, a date, a size ("4", "room 4", "2024-03-05")."""
    words = value.split()
    return len(words) <= 3 and any(char.isdigit() for char in value)


def _key_words(key: str) -> int:
    """Words of a key, not counting a gloss in brackets (`DoS (Denial of Service)`, `水 (shuǐ)`)."""
    return len(_BRACKETED.sub(" ", key).split())


def _numbered_labels(keys: list[str]) -> bool:
    """`Day 1`, `Day 2`, `Day 3` (or `Chapter 4`, `Domain 2`): one word counted on, the parts of a
    schedule or an outline rather than terms."""
    words = [match.group(1).lower() for key in keys if (match := _NUMBERED_LABEL.match(key))]
    if len(words) * 2 <= len(keys):
        return False
    return Counter(words).most_common(1)[0][1] * 2 > len(keys)


def _emit(scan: Scan, block: Block, items: list[Item]) -> None:
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
        lines = _lines_of(inline_of(block.node))
        keyed = split_line(lines[0][1]) if len(lines) == 1 else None
        if keyed is not None and not is_label(keyed.key.text) and not keyed.value.is_empty:
            habit[_separator_class(keyed.separator)] += 1
    scan.memo[_HABIT] = habit
    return habit


def _single_is_item(scan: Scan, block: Block, item: Item) -> bool:
    """A lone `Term - definition` paragraph: strong evidence only (see the module docstring)."""
    key = item.key
    value = item.keyed.value.text.strip()
    words = key.split()
    if _under_heading(scan, block) or is_label(key) or not words or len(words) > _MAX_SINGLE_KEY_WORDS:
        return False
    if _SYMBOL_KEY.match(key) or _OUTLINE_NUMBER.match(key) or _CLOCK_TIME.match(key):
        return False
    if not (key[0].isupper() or key[0].isdigit()) and item.keyed.style == "plain":
        return False
    if not value or _SENTENCE_BREAK.search(value) or _first_person(value) or len(value.split()) > 30:
        return False
    return _habit(scan)[_separator_class(item.keyed.separator)] >= 3


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
            _emit(scan, block, items)
            return True
        return False
    verdict, kept = _verdict(items)
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
    return _verdict(items)[0] if len(items) >= 2 else ""


def starts_line_run(scan: Scan, block: Block | None) -> bool:
    """True when `read_line_run` decides the run that starts at this paragraph (cards, or a
    legend/outline/journal it refuses): that run is this rule's, so no other rule (a heading's body)
    reads the same paragraphs."""
    return line_run_verdict(scan, block) != ""


def _settle(scan: Scan, block: Block, blocks: list[Block], verdict: str, items: list[Item]) -> bool:
    if verdict == "cards":
        scan.consume(*blocks)
        _emit(scan, block, items)
        return True
    if verdict:
        scan.consume(*blocks)
        scan.sink.skip(block.start, _REFUSED.get(verdict, "journal or log entries"))
        return True
    return False


# --- blocks that hold text rather than code -----------------------------------------------------------


def _column_item(line: str, number: int) -> tuple[KeyedText, int] | None:
    """`git status      show the working tree state`: left column (code) → right column (text)."""
    stripped = line.strip()
    gaps = list(_COLUMN_GAP.finditer(stripped))
    if len(gaps) != 1:
        return None
    gap = gaps[0]
    left, right = stripped[: gap.start() + 1].strip(), stripped[gap.end() :].strip()
    if not left or not right or len(left.split()) > 6 or left[-1] in ".!?,;:":
        return None
    key = Rendered(f"`{left}`", f"`{left}`")
    column = len(line) - len(line.lstrip()) + gap.end()
    return KeyedText(key=key, style="code", code=left, separator="  ", value=Rendered(right, right)), column


def _is_text(value: str) -> bool:
    words = re.findall(r"[^\W\d_]{2,}", value)
    return len(words) >= 2 and bool(re.match(r"[\w(\"'“]", value)) and not _CODE_PUNCTUATION.search(value)


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
    numbered = [(number, _strip_bullet(_LIST_MARKER.sub("", line, count=1))) for number, line in numbered]
    items = _text_block_items(numbered, first_line)
    if items is None or len(items) * 3 < len(numbered) * 2:
        return "", []
    verdict, kept = _verdict(items)
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
        _emit(scan, block, items)
    else:
        scan.sink.skip(block.start, _REFUSED.get(verdict, "journal or log entries"))
    return True


def _text_block_items(
    numbered: list[tuple[int, str]], first_line: int, columns_only: bool = False
) -> list[Item] | None:
    """The block's lines as items, by separator or else by aligned columns; None when it reads as code."""
    by_separator = [(number, split_plain_line(line.strip())) for number, line in numbered]
    keyed = [(number, found) for number, found in by_separator if found is not None]
    if (
        not columns_only
        and len(keyed) * 3 >= len(numbered) * 2
        and all(_is_text(found.value.text) for _, found in keyed)
    ):
        return [Item(found, first_line + number) for number, found in keyed]
    columns = [(number, _column_item(line, number)) for number, line in numbered]
    aligned = [(number, found) for number, found in columns if found is not None]
    if len(aligned) * 3 < len(numbered) * 2:
        return None
    starts = Counter(found[1] for _, found in aligned)
    if starts.most_common(1)[0][1] * 2 < len(aligned):
        return None  # a cheat sheet lines its descriptions up; ragged gaps are code or output
    if not all(_is_text(found[0].value.text) for _, found in aligned):
        return None
    return [Item(found[0], first_line + number) for number, found in aligned]
