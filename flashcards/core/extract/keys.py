"""Splitting "key + separator + description" text, the most common shape of a fact in real notes.

The key is what the author marked: a code span (`` `docker ps` shows ... ``), bold (`**Term**: def`),
bold code, italics (`_Term_ - def`), a link (``[`docker rm`](url) deletes a container``), inline HTML
bold/code, or, for plain text, a short key before a strong separator (`term = def`, `term → def`,
`term -> def`, and `Term: def` or `term - def` when the whole list is written that way).

For groups (a list, a run of lines) `choose_separator` finds the separator kind (`:` `：` ` - ` ` – `
` — ` `=` `->` `→` `;`) that most items share, and `split_key(..., separator=kind)` then reads a plain
key only before it. Plain keys are short terms (`Fault tolerance`, `May 5, 1789`, `猫 (ねこ)`) or short
unmarked code (`insert( i, x )`, `xs[::-1]`, `a = b + c`), never the start of a sentence. The separator (`:`, `-`, `–`,
`—`, `=`, `→`, `->`, `=>`) may follow a parenthesis (`**Owner** (`user`): name of ...`), or sit inside
the bold (`**Summary:** ...`). Whether a key without a separator is enough is the caller's choice,
because that depends on where the text sits (a bullet, a paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.token import Token

from flashcards.core.extract.text import Rendered, render_inline
from flashcards.core.extract.memo import memoised

_SEPARATOR = re.compile(r"^\s*(\((?:[^()]|\([^()]*\))*\))?\s*(?:(:)|(–|—|--?|=|→|->|=>|⇒)(?=\s|$))\s*")
_LEADING_PUNCTUATION = re.compile(r"^[\s,;]+")
_PLAIN_STRONG = re.compile(r"\s(=|→|->|=>|⇒)\s")
_PLAIN_LOOSE = re.compile(r":\s|\s(?:-|–|—)\s")
_SENTENCE_PUNCTUATION = re.compile(r"[.;!?,]\s|[.;!?]$")
_HTML_KEY_TAGS = {"b": "bold", "strong": "bold", "em": "italic", "i": "italic", "code": "code"}
_STYLE_OF_OPEN = {"strong_open": "bold", "em_open": "italic", "link_open": "link"}


@dataclass(frozen=True)
class KeyedText:
    key: Rendered
    style: str  # code, bold, italic, link, plain
    code: str | None  # the key's code when the key is exactly one code span (maybe bold or linked)
    separator: str  # "" when the description follows the key directly
    value: Rendered


def _skip_space(tokens: Sequence[Token], start: int) -> int:
    index = start
    while index < len(tokens) and tokens[index].type == "text" and not tokens[index].content.strip():
        index += 1
    return index


def _matching_close(tokens: Sequence[Token], start: int, open_type: str, close_type: str) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index].type == open_type:
            depth += 1
        elif tokens[index].type == close_type:
            depth -= 1
            if depth == 0:
                return index
    return -1


_CODE_JOINER = re.compile(r"\s*(?:,|/|\band\b|\bor\b|&)\s*")


def _code_run_end(tokens: Sequence[Token], start: int) -> int:
    """The last token of a key made of several code spans (`` `RANK()`, `DENSE_RANK()`: ... ``) when
    a separator follows the run; else the first code span alone."""
    end = start
    index = start
    while (
        index + 2 < len(tokens)
        and tokens[index + 1].type == "text"
        and _CODE_JOINER.fullmatch(tokens[index + 1].content)
        and tokens[index + 2].type == "code_inline"
    ):
        index += 2
    if index > start and index + 1 < len(tokens) and tokens[index + 1].type == "text":
        if _SEPARATOR.match(tokens[index + 1].content) and re.match(r"\s*[(:–—=→-]", tokens[index + 1].content):
            end = index
    return end


def _html_tag(token: Token) -> tuple[bool, str] | None:
    match = re.fullmatch(r"<(/?)([A-Za-z]+)\s*>", token.content.strip())
    return (match.group(1) == "/", match.group(2).lower()) if match else None


def _sole_code(tokens: Sequence[Token]) -> str | None:
    """The content when the tokens are one code span, possibly wrapped in emphasis or a link."""
    meaningful = [
        token
        for token in tokens
        if not (token.type == "text" and not token.content.strip())
        and token.type
        not in {"strong_open", "strong_close", "em_open", "em_close", "link_open", "link_close"}
    ]
    if len(meaningful) == 1 and meaningful[0].type == "code_inline":
        return meaningful[0].content.strip()
    return None


def _strip(rendered: Rendered, pattern: re.Pattern[str]) -> Rendered:
    return Rendered(pattern.sub("", rendered.text, count=1), pattern.sub("", rendered.residual, count=1))


@memoised
def split_key(
    tokens: Sequence[Token], plain_colon: bool = False, separator: str | None = None
) -> KeyedText | None:
    """The key, its separator and the description, or None when the text does not start with a key.

    `separator` is the separator kind the whole group agreed on (see `choose_separator`): a plain
    key is then read only before that separator, and the per-line strong separators do not apply;
    `""` says the group agreed on none, so plain text is no key at all (marked keys still are)."""
    start = _skip_space(tokens, 0)
    if start >= len(tokens):
        return None
    first = tokens[start]
    end: int
    style: str
    if first.type == "code_inline":
        end, style = _code_run_end(tokens, start), "code"
    elif first.type in _STYLE_OF_OPEN:
        end = _matching_close(tokens, start, first.type, first.type.replace("_open", "_close"))
        style = _STYLE_OF_OPEN[first.type]
    elif (
        first.type == "html_inline" and (tag := _html_tag(first)) and not tag[0] and tag[1] in _HTML_KEY_TAGS
    ):
        style = _HTML_KEY_TAGS[tag[1]]
        end = next(
            (
                i
                for i in range(start + 1, len(tokens))
                if tokens[i].type == "html_inline" and _html_tag(tokens[i]) == (True, tag[1])
            ),
            -1,
        )
    elif first.type == "text":
        return _split_plain(tokens, start, plain_colon, separator)
    else:
        return None
    if end < 0:
        return None
    key_tokens = tokens[start : end + 1]
    key = render_inline(key_tokens)
    code = _sole_code(key_tokens)
    if style in {"bold", "link", "italic"} and code is not None:
        style = "code" if style != "link" else "link"
    value = render_inline(tokens[end + 1 :])
    key_text = key.text.strip()
    separator = ""
    match = _SEPARATOR.match(value.text)
    separator_follows = bool(match and (match.group(2) or match.group(3)))
    # `**Term:** def` carries its separator inside the key; `**:smile:**: def` does not.
    if key_text.endswith(":") and len(key_text) > 1 and not separator_follows:
        key = Rendered(key_text[:-1].rstrip(), key.residual.strip().rstrip(":").rstrip())
        separator = ":"
    else:
        if match and separator_follows:
            separator = match.group(2) or match.group(3)
            if match.group(1):
                key = Rendered(f"{key.text} {match.group(1)}", f"{key.residual} {match.group(1)}")
    if not separator and _enumerates_terms(tokens, end):
        return None  # "**Free**, **unbound**, and **water-soluble** drugs are ...": marked words, no key
    if separator:
        value = _strip(value, _SEPARATOR)
    else:  # "**Latency-based Routing**, as the name implies, is ..."
        value = _strip(value, _LEADING_PUNCTUATION)
    return KeyedText(key=key, style=style, code=code, separator=separator, value=value)


def _enumerates_terms(tokens: Sequence[Token], end: int) -> bool:
    """The marked key is followed by a comma and another marked word: a list of terms in a sentence."""
    following = [token for token in tokens[end + 1 : end + 4] if token.type != "softbreak"]
    return (
        len(following) >= 2
        and following[0].type == "text"
        and following[0].content.strip() in {",", "/", "and", ", and", ", or", "or"}
        and (following[1].type in _STYLE_OF_OPEN or following[1].type == "code_inline")
    )


def _split_plain(
    tokens: Sequence[Token], start: int, plain_colon: bool, separator: str | None = None
) -> KeyedText | None:
    text = tokens[start].content
    if separator is not None:
        return _split_plain_as(tokens, start, separator)
    match = _PLAIN_STRONG.search(text)
    if match is None and plain_colon:
        match = _PLAIN_LOOSE.search(text)
    if match is None:
        return None
    key_text = text[: match.start()].strip()
    words = key_text.split()
    if not words or len(words) > 5 or _SENTENCE_PUNCTUATION.search(key_text) or ":" in key_text:
        return None
    rest = text[match.end() :]
    value = render_inline([_text_token(rest), *tokens[start + 1 :]])
    separator = match.group(1) if match.re is _PLAIN_STRONG else match.group(0).strip()
    if separator != ":" and separator in value.text:
        return None  # a chain such as "Browser -> TLD -> NS" is a path, not a definition
    key = Rendered(key_text, key_text)
    return KeyedText(key=key, style="plain", code=None, separator=separator, value=value)


# (`(?<!\s)`: a run of spaces is tried from its start only, not from each of its places: linear)
_TRAILING_SEPARATOR = re.compile(r"(?<!\s)\s*(?::|–|—|-|=|→|->|=>|⇒)\s*$")


def split_reverse_key(tokens: Sequence[Token]) -> KeyedText | None:
    """ "List containers: `docker ps`": the description first, the code last, after a separator."""
    meaningful = [token for token in tokens if not (token.type == "text" and not token.content.strip())]
    if len(meaningful) < 2 or meaningful[-1].type != "code_inline":
        return None
    last = len(tokens) - 1 - [token.type for token in reversed(tokens)].index("code_inline")
    before = render_inline(tokens[:last])
    match = _TRAILING_SEPARATOR.search(before.text)
    if not match or "`" in before.text or not re.search(r"[^\W\d_]{2,}", before.text):
        return None
    description = before.text[: match.start()].strip()
    code = tokens[last].content.strip()
    key = Rendered(f"`{code}`", f"`{code}`")
    value = Rendered(description, _TRAILING_SEPARATOR.sub("", before.residual).strip())
    return KeyedText(key=key, style="code", code=code, separator=match.group(0).strip(), value=value)


def _text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def lines_of(tokens: Sequence[Token]) -> list[list[Token]]:
    """Inline tokens cut at soft/hard line breaks (each line of a paragraph on its own)."""
    lines: list[list[Token]] = [[]]
    for token in tokens:
        if token.type in {"softbreak", "hardbreak"}:
            lines.append([])
        else:
            lines[-1].append(token)
    return [line for line in lines if line]


# Separator kinds a plain (unmarked) key may stand before, each with the pattern that finds it in
# the first text of an item. The order breaks ties between kinds that a group uses equally often.
PLAIN_SEPARATORS: dict[str, re.Pattern[str]] = {
    ":": re.compile(r"\s*:\s+|\s*：\s*"),
    "-": re.compile(r"\s+[-–—]\s+"),
    "=": re.compile(r"\s+=\s+"),
    "→": re.compile(r"\s*(?:->|→|=>|⇒)\s*"),
    ";": re.compile(r"\s*;\s+"),
    "  ": re.compile(r"(?<=\S)(?:[ \t]{2,}|\t)(?=\S)"),  # column alignment: `ls      list files`
}
# What a piece of code looks like when nothing marks it as code: a call, an index, a literal, an
# assignment, an attribute (`insert( pos, value )`, `xs[::-1]`, `"""doc"""`, `a = b + c`, `sys.path`).
_CODE_SHAPE = re.compile(r"[\w\])]\(|\w\[|^\[|[{}]|^[\"'`]|[A-Za-z_]\w*\.[A-Za-z_]|\S=\S|\s=\s|\+\+|::|\[\]")
# The first word of a description in prose: letters, maybe with inner hyphens or apostrophes.
_PROSE_START = re.compile(r"^[\"'“(]?[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*(?=[\s,.;:!?)]|$)")
_KEY_SENTENCE = re.compile(r"[.;!?]\s|[.;!?]$|,\s(?!\d)")
_MAX_PLAIN_WORDS = 6
_MAX_CODE_WORDS = 12


def looks_like_code(text: str) -> bool:
    """True when unmarked text has the shape of code (a call, an index, a literal, an assignment)."""
    return bool(_CODE_SHAPE.search(text.strip()))


def outside_brackets(text: str) -> str:
    """The text without its bracketed parts: `skull (23 bones)` → `skull`, `pop( i )` → `pop`."""
    depth = 0
    kept: list[str] = []
    for char in text:
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif not depth:
            kept.append(char)
    return "".join(kept)


def plain_key_ok(key: str) -> bool:
    """A short term (`Fault tolerance`, `May 5, 1789`, `汉字 (pīnyīn)`) or a short piece of code, not
    the start of a sentence."""
    key = key.strip()
    if not key or key.endswith(":") or len(key) > 80:
        return False
    if looks_like_code(key):
        return len(key.split()) <= _MAX_CODE_WORDS
    outside = outside_brackets(key)
    words = outside.split()
    if not words or len(words) > _MAX_PLAIN_WORDS:
        return False
    return ":" not in outside and "：" not in outside and not _KEY_SENTENCE.search(outside.strip())


@lru_cache(maxsize=4096)
def plain_split(text: str, kind: str) -> tuple[str, str] | None:
    """Key and description of a plain text at the first separator of this kind, or None."""
    pattern = PLAIN_SEPARATORS.get(kind)
    match = pattern.search(text) if pattern is not None else None
    if match is None or match.start() == 0:
        return None
    key, value = text[: match.start()].strip(), text[match.end() :].strip()
    if not value or not plain_key_ok(key):
        return None
    if kind == ";" and not looks_like_code(key):
        return None  # "eat well; sleep more" is two clauses; `a = b + c; joins them` is code + purpose
    if kind in {"=", "→"} and pattern is not None and pattern.search(value):
        return None  # a chain such as "Browser -> TLD -> NS" is a path, not a definition
    return key, value


def is_prose_start(text: str) -> bool:
    return bool(_PROSE_START.match(text.strip()))


def choose_separator(texts: Sequence[str], marked: Sequence[str] = (), share: float = 2 / 3) -> str | None:
    """The separator kind a group of items agrees on, or None when it agrees on none.

    `texts` are the items' plain first texts ("" for an item that opens with markup or is empty);
    `marked` the separators that items keyed with markup (bold, code) already use. A kind wins when
    at least two items and `share` (two thirds) of all items use it; between kinds that tie, the one whose
    descriptions read as prose wins (`concat = a + b; joins them` splits at `;`, not at `=`)."""
    total = len(texts)
    if not total:
        return None
    best: tuple[int, int, int] | None = None
    chosen: str | None = None
    for rank, kind in enumerate(PLAIN_SEPARATORS):
        valid = sum(1 for separator in marked if separator_kind(separator) == kind)
        prose = 0
        values: list[str] = []
        for text in texts:
            split = plain_split(text, kind) if text else None
            if split is not None:
                valid += 1
                prose += is_prose_start(split[1])
                values.append(split[1].strip().lower())
        if len(values) >= 2 and len(set(values)) * 2 <= len(values):
            continue  # "Two Sum - Easy", "3Sum - Medium": a category per item, not a description
        score = (valid, prose, -rank)
        if valid >= min(2, total) and valid >= total * share and (best is None or score > best):
            best, chosen = score, kind
    return chosen


def separator_kind(separator: str) -> str:
    """The kind (`:`, `-`, `=`, `→`, `;`) of a separator as `split_key` reports it."""
    separator = separator.strip()
    if separator in {":", "："}:
        return ":"
    if separator in {"-", "--", "–", "—"}:
        return "-"
    if separator in {"->", "→", "=>", "⇒"}:
        return "→"
    return separator


def _split_plain_as(tokens: Sequence[Token], start: int, kind: str) -> KeyedText | None:
    """A plain key before the separator kind its group agreed on. The key may hold marked words
    (`Object is __more dense__ than liquid = __sink__`); a separator inside a link or code is not
    one."""
    pattern = PLAIN_SEPARATORS.get(kind)
    if pattern is None:
        return None
    depth = 0
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            depth = max(0, depth - 1)
        elif token.type in {"softbreak", "hardbreak"}:
            return None  # the key ends on its own line
        elif token.type == "text" and not depth and (match := pattern.search(token.content)):
            if index == start and match.start() == 0:
                return None
            key = render_inline([*tokens[start:index], _text_token(token.content[: match.start()])])
            value = render_inline([_text_token(token.content[match.end() :].lstrip()), *tokens[index + 1 :]])
            return _checked_plain(key, value, kind, match.group(0).strip() or kind)
    return None


def _checked_plain(key: Rendered, value: Rendered, kind: str, separator: str) -> KeyedText | None:
    key_text = key.text.strip()
    if value.is_empty or not plain_key_ok(key_text) or key.is_link_only:
        return None
    if kind == ";" and not looks_like_code(key_text):
        return None
    pattern = PLAIN_SEPARATORS[kind]
    if kind in {"=", "→"} and pattern.search(value.text):
        return None  # a chain such as "Browser -> TLD -> NS" is a path, not a definition
    return KeyedText(key=Rendered(key_text, key.residual.strip()), style="plain", code=None, separator=separator, value=value)
