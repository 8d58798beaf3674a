"""Splitting "key + separator + description" text, the most common shape of a fact in real notes.

The key is what the author marked: a code span (`` `docker ps` shows ... ``), bold (`**Term**: def`),
bold code, italics (`_Term_ - def`), a link (``[`docker rm`](url) deletes a container``), inline HTML
bold/code, or, for plain text, a short key before a strong separator (`term = def`, `term → def`,
`term -> def`, and `Term: def` or `term - def` when the whole list is written that way). The separator (`:`, `-`, `–`,
`—`, `=`, `→`, `->`, `=>`) may follow a parenthesis (`**Owner** (`user`): name of ...`), or sit inside
the bold (`**Summary:** ...`). Whether a key without a separator is enough is the caller's choice,
because that depends on where the text sits (a bullet, a paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from flashcards.extract.text import Rendered, render_inline

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


def split_key(tokens: Sequence[Token], plain_colon: bool = False) -> KeyedText | None:
    """The key, its separator and the description, or None when the text does not start with a key."""
    start = _skip_space(tokens, 0)
    if start >= len(tokens):
        return None
    first = tokens[start]
    end: int
    style: str
    if first.type == "code_inline":
        end, style = start, "code"
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
        return _split_plain(tokens, start, plain_colon)
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
    if separator:
        value = _strip(value, _SEPARATOR)
    else:  # "**Latency-based Routing**, as the name implies, is ..."
        value = _strip(value, _LEADING_PUNCTUATION)
    return KeyedText(key=key, style=style, code=code, separator=separator, value=value)


def _split_plain(tokens: Sequence[Token], start: int, plain_colon: bool) -> KeyedText | None:
    text = tokens[start].content
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


_TRAILING_SEPARATOR = re.compile(r"\s*(?::|–|—|-|=|→|->|=>|⇒)\s*$")


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
