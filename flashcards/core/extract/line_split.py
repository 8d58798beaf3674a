"""Where one line outside a list splits into a key, a separator and a description.

A plain line splits at its first separator (`:` `：` ` - ` ` – ` ` — ` `=` `->` `→` `;`): a colon
must be followed by a space (so `10:30`, `http://` and `user:role` are not separators), a dash
between two numbers is a range (`1914 - 1918`), and math (`$Q=mL$`) hides its `=`. A line wholly in
bold or italic (`**Term: definition.**`) is read inside its wrapping, and a leading symbol bullet
(`•`, `✅`, `➤`) is decoration. Marked keys (code, bold, italic, links) are split by
`keys.split_key`. Lines of a code block, or of a paragraph, written as aligned columns
(`cd      change directory`) split at the column gap instead.

This is the splitting only: whether a group of such lines is a glossary is `run_verdicts`'s to say,
and reading them as cards is `lines`' (paragraphs) and `text_blocks`' (code blocks).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from flashcards.core.extract.keys import KeyedText, split_key
from flashcards.core.extract.text import Rendered, render_inline

# The first separator of a plain line. A colon must be followed by a space (so `10:30`, `http://` and
# `user:role` are not separators); dashes, `=` and arrows must stand between spaces.
_PLAIN_SEPARATOR = re.compile(r"(：)|(:)(?=\s|$)|(?<=\s)(->|→|=>|⇒|=|–|—|--|-)(?=\s)")
_SEMICOLON = re.compile(r";(?=\s)")
DASHES = frozenset({"-", "--", "–", "—"})
# A gap of two or more spaces (or a tab) between a left and a right column.
_COLUMN_GAP = re.compile(r"\S(\t+| {2,})(?=\S)")
# "went home early. The plan": a sentence ends inside the key (but not "Baker v. Carr", "U.S. law").
_SENTENCE_IN_KEY = re.compile(r"[^\W\d_]{2}[.!?]\s+\S")
_BR = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
_MATH = re.compile(r"\$[^$]*\$")
_CODE_PUNCTUATION = re.compile(r"[;{}()\[\],\\]$|^[{}\[\]]")
_BULLET_SYMBOLS = "•·▪▫◦‣⁃●○■□►▶▸➤➜✓✔✗✘★☆"
_MAX_WRAPPING = 3
_MAX_KEY_WORDS = 8
_MAX_KEY_CHARS = 70


@dataclass(frozen=True)
class Item:
    """One keyed line: the split text and its 1-based source line."""

    keyed: KeyedText
    line: int

    @property
    def key(self) -> str:
        return self.keyed.key.text.strip()


# --- splitting one line -------------------------------------------------------------------------


def _is_blank(token: Token) -> bool:
    return token.type == "text" and not token.content.strip()


def _first_meaningful(tokens: Sequence[Token]) -> int | None:
    """Index of the first token that is not blank text; the rules only ever need the ends, and a
    line of nested emphasis holds a hundred thousand tokens (listing every index was a pass each)."""
    return next((i for i, token in enumerate(tokens) if not _is_blank(token)), None)


def _last_meaningful(tokens: Sequence[Token]) -> int | None:
    return next((i for i in range(len(tokens) - 1, -1, -1) if not _is_blank(tokens[i])), None)


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
    first = _first_meaningful(tokens)
    if first is None:
        return tokens
    head = tokens[first]
    if head.type == "text":
        content = head.content.lstrip()
        stripped = content
        if content[:2] in {"**", "__"} and not any(t.type == "strong_open" for t in tokens):
            stripped = content[2:]
        stripped = strip_bullet(stripped)
        if stripped != content:
            return [*tokens[:first], _text(stripped), *tokens[first + 1 :]]
    return tokens


def _inside_wrapping(tokens: list[Token]) -> list[Token] | None:
    """The tokens inside one bold or italic span that covers the whole line, else None."""
    first, last = _first_meaningful(tokens), _last_meaningful(tokens)
    if first is None or last is None:
        return None
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


def strip_bullet(content: str) -> str:
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


def lines_with_offsets(tokens: Sequence[Token]) -> list[tuple[int, list[Token]]]:
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
    return [(number, line) for number, line in lines if _first_meaningful(line) is not None]


def _mask_math(text: str) -> str:
    """`$Q=mL$` hides its `=` from the separator search (same length, so positions still match)."""
    return _MATH.sub(lambda match: "$" + "x" * (len(match.group(0)) - 2) + "$", text)


def _inside_range(text: str, match: re.Match[str]) -> bool:
    """`1914 - 1918: war`, `pages 3 – 7`: a dash between two numbers is a range, not a separator."""
    if match.group(3) is None or match.group(3) not in DASHES:
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
    first = _first_meaningful(line)
    if first is None:
        return None
    head = line[first]
    if head.type == "text":
        return split_plain_line(head.content, line[first + 1 :])
    keyed = split_key(line)
    if keyed is None or not keyed.separator:
        return None
    return keyed


# --- aligned columns ------------------------------------------------------------------------------


def column_lines(lines: list[tuple[int, list[Token]]], first_line: int) -> list[Item] | None:
    """Plain lines of one paragraph written as aligned columns (`cd      change directory`)."""
    if not all(len(tokens) == 1 and tokens[0].type == "text" for _, tokens in lines):
        return None
    numbered = [(offset, tokens[0].content) for offset, tokens in lines]
    return text_block_items(numbered, first_line, columns_only=True)


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


def text_block_items(
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
