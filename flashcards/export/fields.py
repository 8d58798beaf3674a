"""Card text → Anki field HTML, tags and deck names: the one place that decides how text is escaped.

Anki fields are HTML, so a card whose back says `a<b c>d` or `<script>` must be escaped or Anki would
swallow it as a tag (or run it). Beyond HTML, Anki interprets some plain text inside fields:
`[sound:x.mp3]` becomes a sound player and `[latex]...[/latex]` / `[$]...[/$]` become images. Writing
every `[` as the character reference `&#91;` keeps those literal: the learner sees a `[`, Anki's
scanners (which work on the field's source text) never see one. Control characters are removed: they
are invisible at best, and U+001F is Anki's field separator inside its database. Text is NFC-normalized
because Anki normalizes note text that way on import; doing it first keeps re-imports identical.

Markdown code spans (`` `docker ps` ``) become `<code>` after escaping, because commands and flags read
much better set in monospace; the rest of what card text keeps of Markdown is rendered for a small
screen (`to_html`): lines indented by four spaces are a code block (`<pre><code>`, indentation kept),
`- item` / `1. step` lines a list, `$...$` / `$$...$$` math that Anki's MathJax typesets (`\\(...\\)`,
`\\[...\\]`). A `\\(` or `\\[` the learner wrote as text (a shell's `\\(`) is wrapped in MathJax's ignore
class, and code is in `<code>`, which MathJax never reads, so neither turns into a formula.
"""

from __future__ import annotations

import functools
import hashlib
import html
import posixpath
import re
import unicodedata
from collections.abc import Iterable

from flashcards.core.anki_merge import ANKI_TAG, anki_tags_of
from flashcards.core.cards import CONTEXT_SEPARATOR
from flashcards.core.images import IMAGE, file_path

# C0 and C1 controls and DEL, except tab and newline (newline becomes <br>).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A code span: a run of backticks, content that neither starts nor ends in a backtick, the same run.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_WHITESPACE = re.compile(r"\s+")
# `- item`, `* item`, `+ item`, `1. step`, `1) step`, indented for nesting.
_LIST_ITEM = re.compile(r"( *)([-*+]|\d{1,9}[.)]) +(\S.*)")
# Display math, then inline math as Pandoc reads it: no space inside the dollars, the closing one not
# followed by a digit or a letter (so `$HOME/$USER` and `$5 or $10` stay text), and no dollar next to a
# bracket (Anki's own `[$]...[/$]` stays text; `[` is `&#91;` by then).
_DISPLAY_MATH = re.compile(r"(?<!;)\$\$(?=[^\s\]])(.+?)(?<=\S)\$\$(?!\])")
_INLINE_MATH = re.compile(r"(?<![\\$\w;])\$(?=[^\s$\]])([^$\n]*?[^\s$\\])\$(?![\w$\]])")
# What MathJax would start a formula at, written as text.
_MATH_OPENER = re.compile(r"\\[(\[]")
# A Markdown image whose target is a local file, as card text keeps it: packaged as a media file.
_IMAGE = IMAGE
_MATH_PLACEHOLDER = re.compile("\ue010([0-9]+)\ue011")

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


def to_html(text: str, folder: str = "") -> str:
    """Card text as Anki field HTML that shows exactly the text, laid out for a phone (module docstring).

    `folder` is the note's folder: a local image (`![](img.png)`) is shown from the media file
    `media_name(folder, "img.png")`, which the package carries (`images`).
    """
    text = clean_text(text)
    if "\n" not in text and not _is_code(text) and not _LIST_ITEM.fullmatch(text):
        return inline_html(text, folder)  # most fields are one line of text: no block scan for them
    return _blocks(text.split("\n"), folder)


def images(text: str, folder: str) -> list[tuple[str, str, str]]:
    """The local images `text` shows: (media file name, path of the file, target as written), in order."""
    if "![" not in text:
        return []
    return [(media_name(folder, match.group(2)), _image_path(folder, match.group(2)), match.group(2))
            for match in _IMAGE.finditer(clean_text(text))]


def note_folder(source_path: str) -> str:
    """The folder of a note file, which a local image's path is relative to."""
    return posixpath.dirname(source_path.replace("\\", "/"))


def _image_path(folder: str, target: str) -> str:
    return posixpath.normpath(posixpath.join(folder.replace("\\", "/"), file_path(target)))


def media_name(folder: str, target: str) -> str:
    """The media file name of a local image: its name, after a digest of its path.

    Anki's media folder is flat and one name is one file, so two `img.png` of two folders must not
    meet; the same file gets the same name in every export, so Anki keeps one copy.
    """
    path = _image_path(folder, target)
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:12]
    name = re.sub(r"[^\w.-]", "_", posixpath.basename(path)) or "image"
    return f"{digest}-{name}"


def _image_html(match: re.Match[str], folder: str) -> str:
    alt = html.escape(match.group(1)).replace("[", "&#91;")
    return f'<img src="{html.escape(media_name(folder, match.group(2)))}" alt="{alt}">'


def _with_images(text: str, folder: str) -> str:
    """`inline_html` of a line with local images, each as `<img>` (one inside a code span stays code)."""
    code = [span.span() for span in _CODE_SPAN.finditer(text)] if "`" in text else []
    parts: list[str] = []
    at = 0
    for match in _IMAGE.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in code):
            continue
        parts.append(_text_html(text[at:match.start()]))
        parts.append(_image_html(match, folder))
        at = match.end()
    parts.append(_text_html(text[at:]))
    return "".join(parts)


def inline_html(text: str, folder: str = "") -> str:
    """One line of text as HTML: escaped, code spans as `<code>`, math for MathJax, local images."""
    if "![" in text and _IMAGE.search(text):
        return _with_images(text, folder)
    return _text_html(text)


def _text_html(text: str) -> str:
    """`inline_html` without images."""
    escaped = html.escape(text, quote=False).replace("[", "&#91;")
    if "`" not in escaped:  # most fields have no code span: no regex scan for them
        return _math(escaped)
    pieces: list[str] = []
    at = 0
    for span in _CODE_SPAN.finditer(escaped):
        pieces.append(_math(escaped[at:span.start()]))
        pieces.append(f"<code>{span.group(2)}</code>")
        at = span.end()
    pieces.append(_math(escaped[at:]))
    return "".join(pieces)


def _math(escaped: str) -> str:
    """`$$x$$` as `\\[x\\]` and `$x$` as `\\(x\\)` for MathJax; a written `\\(` kept as text."""
    if "$" not in escaped and "\\" not in escaped:
        return escaped
    formulas: list[str] = []

    def keep(formula: str) -> str:
        formulas.append(formula)
        return f"\ue010{len(formulas) - 1}\ue011"

    if "\\" in escaped:
        escaped = _MATH_OPENER.sub(lambda m: f'<span class="tex2jax_ignore">{m.group(0)}</span>', escaped)
    if "$" in escaped:
        escaped = _DISPLAY_MATH.sub(lambda m: keep(f"\\[{m.group(1)}\\]"), escaped)
        escaped = _INLINE_MATH.sub(lambda m: keep(f"\\({m.group(1)}\\)"), escaped)
    if formulas:
        escaped = _MATH_PLACEHOLDER.sub(lambda m: formulas[int(m.group(1))], escaped)
    return escaped


def _is_code(line: str) -> bool:
    """A line of a code block: indented by four spaces or a tab, with something in it."""
    return line.startswith(("    ", "\t")) and not line.isspace()


def _blocks(lines: list[str], folder: str = "") -> str:
    """Lines as HTML: code blocks and lists as blocks, other lines joined by `<br>`."""
    out: list[str] = []
    text_open = False  # the last thing written is a line of text (the next one needs a `<br>`)
    n = 0
    while n < len(lines):
        line = lines[n]
        if _is_code(line):
            end = n
            while end < len(lines) and (_is_code(lines[end]) or (not lines[end].strip() and end + 1 < len(lines)
                                                                  and _is_code(lines[end + 1]))):
                end += 1
            out.append(_code_block(lines[n:end]))
            text_open = False
            n = end
        elif _LIST_ITEM.fullmatch(line):
            end = n + 1
            while end < len(lines) and lines[end].strip() and (
                    _LIST_ITEM.fullmatch(lines[end]) or lines[end].startswith(" ")):
                end += 1
            out.append(_list(lines[n:end], folder))
            text_open = False
            n = end
        else:
            if text_open:
                out.append("<br>")
            out.append(inline_html(line, folder))
            text_open = True
            n += 1
    return "".join(out)


def _code_block(lines: list[str]) -> str:
    """Indented lines as `<pre><code>`: one level of indentation removed, the rest kept."""
    body = "\n".join(line[4:] if line.startswith("    ") else line[1:] if line.startswith("\t") else ""
                     for line in lines)
    return f"<pre><code>{html.escape(body, quote=False).replace('[', '&#91;')}</code></pre>"


def _list(lines: list[str], folder: str) -> str:
    """List lines as nested `<ul>`/`<ol>`; a line that is no item continues the item above it."""
    items: list[tuple[int, str, str, list[str]]] = []  # indent, tag, first number, lines
    for line in lines:
        match = _LIST_ITEM.fullmatch(line)
        if match is None and items:
            indent = items[-1][0]
            items[-1][3].append(line[indent:] if not line[:indent].strip() else line.lstrip())
            continue
        assert match is not None
        indent, marker, rest = len(match.group(1)), match.group(2), match.group(3)
        ordered = marker[0].isdigit()
        items.append((indent, "ol" if ordered else "ul", marker[:-1] if ordered else "", [rest]))
    out: list[str] = []
    stack: list[tuple[int, str]] = []
    for indent, tag, number, body in items:
        while stack and (indent < stack[-1][0] or (indent == stack[-1][0] and tag != stack[-1][1])):
            out.append(f"</li></{stack.pop()[1]}>")
        if stack and indent == stack[-1][0]:
            out.append("</li>")
        else:
            start = f' start="{int(number)}"' if number and int(number) != 1 else ""
            out.append(f"<{tag}{start}>")
            stack.append((indent, tag))
        out.append("<li>" + inline_html(body[0], folder) + (_item_rest(body[1:], folder) if len(body) > 1 else ""))
    while stack:
        out.append(f"</li></{stack.pop()[1]}>")
    return "".join(out)


def _item_rest(lines: list[str], folder: str) -> str:
    """An item's further lines (already without the item's indentation): text lines, or code."""
    rendered = _blocks(lines, folder)
    return rendered if rendered.startswith("<pre>") else "<br>" + rendered


def _component(text: str) -> str:
    """One level of a deck name or tag: no `::` inside it (that would add a level), no code-span
    backticks (`` `docker run` `` is the deck `docker run`), trimmed."""
    text = " ".join(clean_text(text).replace("`", "").split())
    while HIERARCHY in text:
        text = text.replace(HIERARCHY, ":")
    return text.strip(": ")


# Decks, tags and the Context field depend on the heading path, which 100,000 cards share about 2,000
# ways: each is built once per distinct path (the caches below), not once per card.
_PER_PATH = 8192


def deck_name(deck: str, context: Iterable[str]) -> str:
    """`Deck::Section`: the deck's levels, then the card's first heading (cards without headings stay on top)."""
    return _deck_name(deck, next(iter(context), None))


@functools.lru_cache(maxsize=_PER_PATH)
def _deck_name(deck: str, first: str | None) -> str:
    # A deck's own `::` is our hierarchy too (a notes folder's `notes::linux::shell`): kept as levels.
    parts = [part for part in (_component(level) for level in deck.split(HIERARCHY)) if part] or ["flashcards"]
    if first is not None and _component(first):
        parts.append(_component(first))
    return HIERARCHY.join(parts)


def tag_component(text: str) -> str:
    """A heading as one level of an Anki tag: whitespace becomes `_`; `"` and controls are dropped."""
    return _WHITESPACE.sub("_", _component(text).replace('"', ""))


# Every tag we write is under this one, so a note's tags say which are ours (`flashcards::retired`).
TAG_ROOT = "flashcards"
RETIRED_TAG = f"{TAG_ROOT}{HIERARCHY}retired"
_SECTION_TAG = f"{TAG_ROOT}{HIERARCHY}section"
_OWN_TAG = f"{TAG_ROOT}{HIERARCHY}tag"


def tags_for(context: Iterable[str], own_tags: str) -> list[str]:
    """The heading path as one hierarchical tag, then the card's own tags, all under `flashcards::`.

    `flashcards::section::Core_commands::ps`: one hierarchical tag rather than a tag per heading, since a
    heading such as `arguments` recurs under many commands, and Anki's tag browser and searches
    (`tag:flashcards::section::Core_commands`) understand the hierarchy. The card's own tags are
    `flashcards::tag::NAME`. Nothing of ours is a top-level tag, so a learner's own Anki tags (`marked`,
    `leech`) and ours never mix up; those `import-anki` brought back (`anki:marked` here) come last, as
    Anki had them, so Anki's import, which replaces a note's tags, keeps them.
    """
    return list(_tags_for(tuple(context), own_tags))


@functools.lru_cache(maxsize=_PER_PATH)
def _tags_for(context: tuple[str, ...], own_tags: str) -> tuple[str, ...]:
    path = HIERARCHY.join(part for part in (tag_component(h) for h in context) if part)
    tags = [f"{_SECTION_TAG}{HIERARCHY}{path}"] if path else []
    for tag in own_tags.split():
        if tag.startswith(ANKI_TAG):
            continue  # the learner's own Anki tags: after ours, as Anki had them
        cleaned = tag_component(tag)
        if cleaned and f"{_OWN_TAG}{HIERARCHY}{cleaned}" not in tags:
            tags.append(f"{_OWN_TAG}{HIERARCHY}{cleaned}")
    tags.extend(tag for tag in anki_tags_of(own_tags) if tag not in tags and "\x1f" not in tag)
    return tuple(tags)


def context_html(deck: str, context: Iterable[str], source_path: str, source_line: int) -> str:
    """The Context field (shown small under the answer): `deck › heading › path`, then `file:line`.

    `source_path` is the file as the learner knows it (`export.source.shown_path`), not the absolute
    local path, which is long on a phone and stale once the notes move.
    """
    where = _path_html(deck, tuple(context))
    if source_line > 0:
        return f"{where}<br><small>{_source_html(source_path)}:{source_line}</small>"
    return f"{where}<br><small>{_source_html(source_path)}</small>"


@functools.lru_cache(maxsize=_PER_PATH)
def _path_html(deck: str, context: tuple[str, ...]) -> str:
    return inline_html(clean_text(CONTEXT_SEPARATOR.join((deck, *context))))


@functools.lru_cache(maxsize=_PER_PATH)
def _source_html(source_path: str) -> str:
    # `path:line` as HTML is the path's HTML + `:line`: digits and a colon are never escaped.
    return html.escape(clean_text(source_path), quote=False).replace("[", "&#91;")
