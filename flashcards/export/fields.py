"""Card text → Anki field HTML, tags and deck names: the one place that decides how text is escaped.

Anki fields are HTML, so a card whose back says `a<b c>d` or `<script>` must be escaped or Anki would
swallow it as a tag (or run it). Beyond HTML, Anki interprets some plain text inside fields:
`[sound:x.mp3]` becomes a sound player and `[latex]...[/latex]` / `[$]...[/$]` become images. Writing
every `[` as the character reference `&#91;` keeps those literal: the learner sees a `[`, Anki's
scanners (which work on the field's source text) never see one. Control characters are removed: they
are invisible at best, and U+001F is Anki's field separator inside its database. Text is NFC-normalized
because Anki normalizes note text that way on import; doing it first keeps re-imports identical.

Markdown code spans (`` `docker ps` ``) become `<code>` after escaping, which is the one bit of
Markdown worth rendering: commands and flags read much better set in monospace.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable

from flashcards.core.cards import CONTEXT_SEPARATOR

# C0 and C1 controls and DEL, except tab and newline (newline becomes <br>).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A code span: a run of backticks, content that neither starts nor ends in a backtick, the same run.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_WHITESPACE = re.compile(r"\s+")

# Anki's deck and tag hierarchy separator.
HIERARCHY = "::"


def clean_text(text: str) -> str:
    """NFC, Windows/old-Mac line ends as `\\n`, control characters removed (tab and newline kept)."""
    # Each step only where it can change something: an export runs this on 200,000 fields, and ASCII
    # text is always NFC.
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def to_html(text: str) -> str:
    """Card text as Anki field HTML that shows exactly the text (code spans set as `<code>`)."""
    escaped = html.escape(clean_text(text), quote=False).replace("[", "&#91;")
    if "`" in escaped:  # most fields have no code span: no regex scan for them
        escaped = _CODE_SPAN.sub(_code, escaped)
    return escaped.replace("\n", "<br>")


def _code(span: re.Match[str]) -> str:
    return f"<code>{span.group(2)}</code>"


def _component(text: str) -> str:
    """One level of a deck name or tag: no `::` inside it (that would add a level), trimmed."""
    text = " ".join(clean_text(text).split())
    while HIERARCHY in text:
        text = text.replace(HIERARCHY, ":")
    return text.strip(": ")


# Decks, tags and the Context field depend on the heading path, which 100,000 cards share about 2,000
# ways: each is built once per distinct path (the caches below), not once per card.
_PER_PATH = 8192


def deck_name(deck: str, context: Iterable[str]) -> str:
    """`Deck::Section`: the deck, then the card's first heading (cards without headings stay on top)."""
    return _deck_name(deck, next(iter(context), None))


@functools.lru_cache(maxsize=_PER_PATH)
def _deck_name(deck: str, first: str | None) -> str:
    parts = [_component(deck) or "flashcards"]
    if first is not None and _component(first):
        parts.append(_component(first))
    return HIERARCHY.join(parts)


def tag_component(text: str) -> str:
    """A heading as one level of an Anki tag: whitespace becomes `_`; `"` and controls are dropped."""
    return _WHITESPACE.sub("_", _component(text).replace('"', ""))


def tags_for(context: Iterable[str], own_tags: str) -> list[str]:
    """The heading path as one hierarchical tag (`Core_commands::ps`), then the card's own tags.

    One hierarchical tag rather than a tag per heading: a heading such as `arguments` recurs under
    many commands, and Anki's tag browser and `tag:Core_commands` searches understand the hierarchy.
    """
    return list(_tags_for(tuple(context), own_tags))


@functools.lru_cache(maxsize=_PER_PATH)
def _tags_for(context: tuple[str, ...], own_tags: str) -> tuple[str, ...]:
    path = HIERARCHY.join(part for part in (tag_component(h) for h in context) if part)
    tags = [path] if path else []
    for tag in own_tags.split():
        cleaned = tag_component(tag)
        if cleaned and cleaned not in tags:
            tags.append(cleaned)
    return tuple(tags)


def context_html(deck: str, context: Iterable[str], source_path: str, source_line: int) -> str:
    """The Context field: `deck › heading › path`, then where the card comes from (`file:line`)."""
    where = _path_html(deck, tuple(context))
    if source_line > 0:
        return f"{where}<br><small>{_source_html(source_path)}:{source_line}</small>"
    return f"{where}<br><small>{_source_html(source_path)}</small>"


@functools.lru_cache(maxsize=_PER_PATH)
def _path_html(deck: str, context: tuple[str, ...]) -> str:
    return to_html(CONTEXT_SEPARATOR.join((deck, *context)))


@functools.lru_cache(maxsize=_PER_PATH)
def _source_html(source_path: str) -> str:
    # `to_html` of `path:line` is `to_html(path)` + `:line`: digits and a colon are never escaped.
    return to_html(source_path)
