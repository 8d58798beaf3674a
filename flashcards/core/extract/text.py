"""Turning note fragments (Markdown inline tokens, Markdown blocks, HTML) into card text.

Card text stays Markdown so it reads well in a terminal and survives an Anki export: code spans keep
their backticks and placeholders such as `<container-name>` stay verbatim, while decoration (emphasis
markers, `<em>`, `<b>`, `<center>`, link targets, web images, HTML comments) is dropped, `<br>` becomes a
newline and HTML entities are decoded (markdown-it decodes them in text; HTML blocks keep them raw
until they pass through markdown-it too, so nothing is decoded twice).

A local image stays as `![alt](path)` (`core.images`). Every rendering also yields a *residual*: the
text outside links and images. An answer whose residual
is empty (or only "See", "See also", ...) is "only a link" and never becomes a card.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.parser import markdown, parse_inline, parse_tree
from flashcards.core.images import is_local, reference, without_images
from flashcards.core.extract.memo import memoised

# Private-use characters that mark link text inside cleaned HTML until markdown-it has seen it.
LINK_START = "\ue000"
LINK_END = "\ue001"

# HTML tags that only decorate or structure text: dropped (their content is kept). Anything else that
# looks like a tag is a placeholder written by the user (`<image>`, `<container-name>`) and stays.
_DECORATION_TAGS = frozenset(
    """a abbr b big blink center cite del dfn em font i ins kbd mark nobr q s samp small span strike
    strong sub sup tt u var wbr img picture figure figcaption div section article aside header footer
    main nav p details summary dl dt dd ul ol li table thead tbody tfoot tr td th caption colgroup col
    h1 h2 h3 h4 h5 h6 blockquote pre hr br code""".split()
)
_LINE_BREAK_TAGS = frozenset(
    "br p div li tr hr h1 h2 h3 h4 h5 h6 pre blockquote dt dd ul ol table details summary section".split()
)
_TAG = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*)?/?>$", re.DOTALL)
_HORIZONTAL_SPACE = re.compile(r"[ \t\u00a0]+")

# Words that may stand next to a link in an answer that is still "only a link".
_LINK_FILLER = frozenset(
    """see also the a an entry here more info information details detail at in on for read refer to
    check out link links docs doc documentation page this glossary from extract via source sources cf
    ref reference references wiki wikipedia and or""".split()
)


@dataclass(frozen=True)
class Rendered:
    """Card text plus the part of it that is not link text (see the module docstring)."""

    text: str
    residual: str

    @property
    def is_empty(self) -> bool:
        """No text, or only pictures (a picture alone answers nothing and names nothing)."""
        if "![" in self.text:
            return not without_images(self.text).strip()
        return not self.text.strip()

    @property
    def is_link_only(self) -> bool:
        """True when removing links (and a few filler words such as "See") leaves nothing."""
        if self.is_empty or self.residual.split() == self.text.split():
            return False  # no link at all
        words = re.findall(r"[^\W\d_]+|\d+", self.residual.lower())
        return all(word in _LINK_FILLER for word in words) and len(words) <= 4


EMPTY = Rendered("", "")


def tidy(text: str) -> str:
    """Fold runs of spaces, trim every line and drop empty lines: compact, terminal-friendly text."""
    if "\n" not in text:  # one line (most card text): no splitting and joining
        if "  " not in text and "\t" not in text and "\u00a0" not in text:
            return text.strip()  # no run to fold: single spaces stay as they are
        return _HORIZONTAL_SPACE.sub(" ", text).strip()
    lines = (_HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def join_rendered(parts: Iterable[Rendered], separator: str = "\n") -> Rendered:
    kept = [part for part in parts if not part.is_empty]
    return Rendered(
        separator.join(part.text for part in kept), separator.join(part.residual for part in kept)
    )


def code_span(content: str) -> str:
    """`content` as a Markdown code span, with a fence long enough for backticks inside it."""
    content = content.strip()
    if not content:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    if content.startswith("`") or content.endswith("`"):
        return f"{fence} {content} {fence}"
    return f"{fence}{content}{fence}"


def strip_code_span(text: str) -> str:
    """The content of a text that is exactly one code span, else the text itself.

    The span's fence is the longest run of backticks that both opens and closes the text. Found from
    the two runs' lengths (a back-referencing pattern tried every fence length at every end: a text
    opening with 3,000 backticks took a tenth of a second per call).
    """
    text = text.strip()
    opening = len(text) - len(text.lstrip("`"))
    closing = len(text) - len(text.rstrip("`"))
    fence = min(opening, closing, len(text) // 2)
    return text[fence : len(text) - fence].strip() if fence else text


class _Writer:
    """Accumulates card text and residual side by side while tokens are walked."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self.residual: list[str] = []
        self.link_depth = 0

    def write(self, piece: str) -> None:
        if LINK_START in piece or LINK_END in piece:
            for part in re.split(f"([{LINK_START}{LINK_END}])", piece):
                if part == LINK_START:
                    self.link_depth += 1
                elif part == LINK_END:
                    self.link_depth = max(0, self.link_depth - 1)
                elif part:
                    self._emit(part)
            return
        self._emit(piece)

    def picture(self, piece: str) -> None:
        """An image reference: card text, never residual (a picture is no answer in words)."""
        self.text.append(piece)
        self.residual.append(" ")

    def _emit(self, piece: str) -> None:
        self.text.append(piece)
        if self.link_depth == 0:
            self.residual.append(piece)
        else:
            # Keep the separation a link made, so "word[link]word" does not glue two words.
            self.residual.append(" ")

    def result(self) -> Rendered:
        return Rendered(tidy("".join(self.text)), tidy("".join(self.residual)))


def _html_tag_text(raw: str, writer: _Writer) -> None:
    """Inline HTML (one tag per markdown-it token): decoration dropped, placeholders kept."""
    stripped = raw.strip()
    if stripped.startswith(("<!", "<?")):
        return  # comments (`<!--SR:...-->`), declarations, processing instructions
    match = _TAG.match(stripped)
    if not match or match.group(2).lower() not in _DECORATION_TAGS:
        writer.write(raw)
        return
    closing, name = match.group(1) == "/", match.group(2).lower()
    if name == "a":
        writer.write(LINK_END if closing else LINK_START)
    elif name == "code":
        writer.write("`")
    elif name == "img":
        image = html_image(stripped)
        if image:
            writer.picture(image)
    elif name in _LINE_BREAK_TAGS:
        writer.write("\n")


_ATTRIBUTE = re.compile(r"""\s([A-Za-z][\w:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def html_image(tag: str) -> str:
    """An `<img src=...>` tag as card text: the image reference when the file is local, else ""."""
    attributes = {match.group(1).lower(): html.unescape(next(v for v in match.groups()[1:] if v is not None))
                  for match in _ATTRIBUTE.finditer(tag)}
    target = attributes.get("src", "").strip()
    return reference(attributes.get("alt", ""), target) if is_local(target) else ""


@memoised
def render_inline(tokens: Sequence[Token]) -> Rendered:
    """Inline tokens (children of one `inline` token) as card text."""
    writer = _Writer()
    for token in tokens:
        kind = token.type
        if kind == "image":
            # Kept as a reference when local (the card shows it, Anki gets the file: `core.images`);
            # never residual: a picture is not an answer in words, so an answer only an image stays out.
            target = str(token.attrs.get("src") or "")
            if is_local(target):
                writer.picture(reference(token.content, target))
            continue
        if kind == "text":
            writer.write(token.content)
        elif kind == "code_inline":
            writer.write(code_span(token.content))
        elif kind == "softbreak":
            writer.write(" ")
        elif kind == "hardbreak":
            writer.write("\n")
        elif kind == "link_open":
            writer.write(LINK_START)
        elif kind == "link_close":
            writer.write(LINK_END)
        elif kind == "html_inline":
            _html_tag_text(token.content, writer)
        elif token.children:
            writer.write(render_inline(token.children).text)
    return writer.result()


# Content never runs past another `<code`, and an opening tag never past a `<`: each unclosed `<code>`
# searched the rest of the note for its `</code>` (thousands of them: quadratic).
_HTML_CODE = re.compile(r"<code(?:\s[^<>]*)?>((?:(?!<code[\s>]).)*?)</code\s*>", re.IGNORECASE | re.DOTALL)


def html_code_to_markdown(text: str) -> str:
    """`<code>x</code>` as a Markdown code span, so `____` or `*` inside it stays literal."""
    if "<code" not in text and "<CODE" not in text:
        return text
    return _HTML_CODE.sub(lambda match: code_span(html.unescape(match.group(1))) or match.group(0), text)


def _render_line(line: str) -> Rendered:
    """One line of Markdown source as card text.

    A line where the parser's text rule meets no character another inline rule starts at (its own
    `terminator_re`), and that its input normalisation leaves alone (CR, NUL), parses to one text
    token holding the line: most terms and answers are plain words, and the parser's fixed cost per
    call was most of the time a list of short items took. Such a line is written as that one token.
    """
    if "\r" not in line and "\x00" not in line and markdown().inline.terminator_re.search(line) is None:
        writer = _Writer()
        writer.write(line)
        return writer.result()
    return render_inline(parse_inline(line))


def render_markdown_text(text: str) -> Rendered:
    """A short piece of Markdown source (a term, a summary line) as card text, line by line."""
    text = html_code_to_markdown(text)
    return join_rendered(_render_line(line) for line in text.split("\n"))


class _HtmlCleaner(HTMLParser):
    """HTML to Markdown-ish text: decoration tags dropped, placeholders and entities kept raw."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def _tag(self, tag: str, closing: bool, raw: str | None) -> None:
        if tag not in _DECORATION_TAGS:
            self.out.append(raw if raw is not None else f"</{tag}>")
        elif tag == "img":
            self._image(raw)
        elif tag == "a":
            self.out.append(LINK_END if closing else LINK_START)
        elif tag == "code":
            self.out.append("`")
        elif tag in _LINE_BREAK_TAGS:
            self.out.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, False, self.get_starttag_text())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, False, self.get_starttag_text())

    def _image(self, raw: str | None) -> None:
        """A local `<img>` as the Markdown image it is (read as one when the text is parsed)."""
        image = html_image(raw or "")
        if image:
            self.out.append(image)

    def handle_endtag(self, tag: str) -> None:
        self._tag(tag, True, None)

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


def clean_html(fragment: str) -> str:
    """Decoration tags removed from an HTML fragment; the result is still Markdown source."""
    cleaner = _HtmlCleaner()
    try:
        cleaner.feed(fragment)
        cleaner.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; a note must never break the extractor
        return fragment
    return "".join(cleaner.out)


def render_html(fragment: str) -> Rendered:
    return render_markdown_text(clean_html(fragment))


_BLOCK_STARTS = frozenset("#>-*+_=`~<[|:")
"""First characters of a line where a block other than a paragraph can start (headings, quotes,
rules, bullets, fences, HTML, link definitions, tables, definitions)."""


def render_fragment(source: str) -> Rendered:
    """Markdown source that may hold several blocks (an answer, a definition) as card text.

    One line with no space at its ends, that starts no block (`_BLOCK_STARTS`, or a digit: an ordered
    list) is a paragraph; tables, definitions and underlined headings need a second line. When
    `_render_line` finds no markup in it either, such a fragment (`<dd>d</dd>`, a summary) is rendered
    without a block parse.
    """
    source = html_code_to_markdown(source)
    if (
        source and "\n" not in source and "\r" not in source and source == source.strip()
        and not source[0].isdigit() and source[0] not in _BLOCK_STARTS
    ):
        return _render_line(source)
    return render_blocks(parse_tree(source).children)


def render_blocks(nodes: Sequence[SyntaxTreeNode], indent: str = "") -> Rendered:
    return join_rendered(_render_block(node, indent) for node in nodes)


def _indent(rendered: Rendered, first: str, rest: str) -> Rendered:
    def shift(text: str) -> str:
        lines = text.split("\n")
        return "\n".join([first + lines[0], *(rest + line for line in lines[1:])])

    return Rendered(shift(rendered.text), shift(rendered.residual))


def inline_of(node: SyntaxTreeNode) -> list[Token]:
    """The inline tokens directly under a paragraph, heading, cell or term node."""
    for child in node.children:
        if child.type == "inline" and child.token is not None:
            return list(child.token.children or [])
    return []


def _render_block(node: SyntaxTreeNode, indent: str) -> Rendered:
    kind = node.type
    if kind in {"paragraph", "heading"}:
        return _indent(render_inline(inline_of(node)), indent, indent)
    if kind in {"fence", "code_block"}:
        code = node.content.rstrip("\n")
        lines = [indent + "    " + line for line in code.split("\n") if line.strip()]
        return Rendered("\n".join(lines), "\n".join(lines))
    if kind == "html_block":
        return _indent(render_html(node.content), indent, indent)
    if kind in {"bullet_list", "ordered_list"}:
        start = int(str(node.attrs.get("start", 1))) if kind == "ordered_list" else 1
        items = []
        for number, item in enumerate(node.children, start=start):
            # The author's own number (markdown-it keeps it in `info`), so "1. 2. 1. 2. 3." stays so.
            written = item.info if item.info and item.info.isdigit() else str(number)
            marker = f"{written}. " if kind == "ordered_list" else "- "
            body = render_blocks(item.children)
            if body.is_empty:
                continue
            items.append(_indent(body, indent + marker, indent + " " * len(marker)))
        return join_rendered(items)
    if kind == "table":
        rows = []
        for row in (tr for section in node.children for tr in section.children):
            cells = [render_inline(inline_of(cell)) for cell in row.children]
            rows.append(
                Rendered(
                    indent + " | ".join(cell.text for cell in cells),
                    indent + " | ".join(cell.residual for cell in cells),
                )
            )
        return join_rendered(rows)
    if kind in {"blockquote", "dl", "dd", "list_item"}:
        return render_blocks(node.children, indent)
    if kind == "dt":
        return _indent(render_inline(inline_of(node)), indent, indent)
    return EMPTY
