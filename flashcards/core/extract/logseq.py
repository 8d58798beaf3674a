"""Outliner notes (Logseq and the like): their metadata is blanked before parsing, line for line.

A Logseq page is one outline: every line is a `- ` block, a continuation line indented under one, or a
page property at the top. Blocks carry metadata the author never wrote as content, and which no rule
may read as a fact:

- `key:: value` properties (`collapsed:: true`, `id:: 6576b18e-...`, spaced-repetition state such as
  `card-last-interval:: 31.26`), under a block or at the top of the page;
- org-style block markers `#+BEGIN_TIP` / `#+END_TIP` (the text between them stays);
- block references `((6576b18e-05b7-...))`, which show another block's text that is not in this file,
  and block-level macros such as `{{embed ((...))}}`;
- `{{cloze text}}` is the outliner's cloze: it becomes `==text==`, read as every other cloze;
- image attributes `![](x.png){:height 303, :width 385}`;
- page links `[[Page name]]` read as the words they link (not `arr[[i]]`, not inside code);
- heading markers inside a block (`- ## Pattern Matching`): in an outline a heading is a block's style,
  not a section, so the block reads as the outline node it is (a parent term with its children); a
  heading at the margin with children indented under it is a block whose dash was left out, and gets
  it back.

`clean_outline` keeps one output line per input line (line numbers are a promise to the user): a
metadata line under a block becomes empty; a block whose own line is metadata keeps its marker and an
empty HTML comment, so the block's continuation lines stay inside it. Fenced code is left alone.

The page is recognised by its shape, never by what it talks about: an outline (every non-blank line
outside code is a bullet, an indented continuation line, a heading, or a property opening the page or
under a heading) that carries at least one `key:: value` property that is not a block's first line, or
one `#card` block (`- word:: text` alone is not evidence: Obsidian writes cards so). In any other note
only a leading run of `key:: value` lines (page properties, like front matter) is blanked. A `key:: value` property has a one-word lower-case key and a
space after `::`; Obsidian cards written `Term::definition` or `Some question:: answer` do not look so.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_PROPERTY = re.compile(r"^[a-z][a-z0-9_-]*::(?: \S.*)?$")
_BULLET = re.compile(r"^([ \t]*[-*+])(?:([ \t]+)(.*))?$")
_FENCE = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?(`{3,}|~{3,})")
_ORG_MARKER = re.compile(r"^#\+(?:BEGIN|END)_[A-Za-z]+\b.*$")
_BLOCK_REF = re.compile(r"\(\([0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\)\)")
_MACRO_LINE = re.compile(r"^\{\{[A-Za-z][\w-]*(?:[ \t][^{}\n]*)?\}\}$")
_IMAGE_ATTRIBUTES = re.compile(r"(!\[[^\]\n]*\]\([^)\n]*\))\{:[^{}\n]*\}")
_LOGSEQ_CLOZE = re.compile(r"\{\{cloze[ \t]+([^{}\n]+?)[ \t]*\}\}")
_HEADING_MARK = re.compile(r"#{1,6}[ \t]+")
_WORD = re.compile(r"[^\W\d_]+")
# The outliner's card tag: `#card`, `#[[card]]` or the page link `[[card]]`, also glued to a `?`.
CARD_TAG = re.compile(r"(?<![\w#/&\[])(?:#card|#?\[\[card\]\])(?![\w\[-])", re.IGNORECASE)
# `[[Page name]]` (Obsidian: `[[Page|shown text]]`) after a space or punctuation, not `arr[[i]]`.
_WIKILINK = re.compile(r"(?<![\w\]\[])\[\[(?!card\]\])([^\[\]\n|]+\|)?([^\[\]\n|]+)\]\]", re.IGNORECASE)
# A code span opens and closes with whole runs of backticks (as CommonMark reads them): tried at
# every backtick of a run, a pattern took the square of the run's length (20,000 backticks: 2 s).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)[^`\n]+?(?<!`)\1(?!`)")
_EMPTY_BLOCK = "<!---->"  # keeps a block's continuation lines inside it; renders as nothing


def clean_outline(text: str) -> str:
    """The note with outliner metadata blanked (see the module docstring); same number of lines."""
    if "::" not in text and not CARD_TAG.search(text):
        return text
    lines = text.split("\n")
    code = _code_lines(lines)
    if not _is_outline(lines, code):
        return _blank_page_properties(lines, text)
    cleaned: list[str] = []
    indented_next = False  # whether the next non-blank line (scanning back from the end) is indented
    for number in range(len(lines) - 1, -1, -1):
        line = lines[number]
        cleaned.append(line if number in code else _clean_line(line, indented_next))
        if line.strip() and not _PROPERTY.match(line):  # a block's own properties come before its children
            indented_next = line[0] in " \t"
    return "\n".join(reversed(cleaned))


def is_property_line(line: str) -> bool:
    """`collapsed:: true`, `card-last-interval:: 31.26`: an outliner property (one lower-case word key)."""
    return bool(_PROPERTY.match(line.strip()))


def _code_lines(lines: list[str]) -> set[int]:
    """Indices of the lines inside fenced code (fence lines included)."""
    inside: set[int] = set()
    fence = ""
    for number, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence:
            inside.add(number)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
        elif match:
            fence = match.group(1)
            inside.add(number)
    return inside


def _is_outline(lines: list[str], code: set[int]) -> bool:
    """Every line outside code a block, a continuation line under one, a heading or a property
    (opening the page or under a heading), with some outliner metadata to show for it."""
    bullets = evidence = 0
    after = "start"  # what the previous line was: start, bullet, heading, property
    for number, line in enumerate(lines):
        if number in code or not line.strip():
            continue
        bullet = _BULLET.match(line)
        if bullet:
            bullets += 1
            evidence += bool(CARD_TAG.search(bullet.group(3) or ""))
            after = "bullet"
        elif line[0] in " \t":
            evidence += bool(_PROPERTY.match(line.strip()))  # a property under its block
        elif _HEADING_MARK.match(line):
            after = "heading"
        elif _PROPERTY.match(line) and after in {"start", "heading", "property"}:
            evidence += 1
            after = "property" if after != "heading" else "heading"
        else:
            return False  # a line of ordinary text at the margin: not an outline
    return bullets > 0 and evidence > 0


def _blank_page_properties(lines: list[str], text: str) -> str:
    """Outside outlines, only the page properties: `key:: value` lines opening the note."""
    count = 0
    while count < len(lines) and _PROPERTY.match(lines[count]):
        count += 1
    if count == 0 or (count < len(lines) and lines[count].strip()):
        return text  # "key:: value" run into a paragraph: that is content, not a page's properties
    return "\n".join([""] * count + lines[count:])


def _clean_line(line: str, has_children: bool) -> str:
    bullet = _BULLET.match(line)
    if bullet is None and has_children and _HEADING_MARK.match(line):
        # A block written without its dash ("## Topic" at the margin, its children tab-indented
        # under it): the dash keeps those children nested under it instead of becoming code.
        cleaned = _clean_content(_HEADING_MARK.sub("", line, count=1).strip())
        return f"- {_EMPTY_BLOCK if cleaned is None else cleaned}"
    if bullet is None:
        content = line.strip()
        if not content:
            return line
        cleaned = _clean_content(content)
        if cleaned is None:
            return ""
        return line[: len(line) - len(line.lstrip())] + cleaned if cleaned != content else line
    marker, space, content = bullet.group(1), bullet.group(2) or " ", (bullet.group(3) or "").strip()
    if not content:
        return line
    original = content
    content = _HEADING_MARK.sub("", content, count=1) if _HEADING_MARK.match(content) else content
    cleaned = _clean_content(content)
    if cleaned == original:
        return line
    return f"{marker}{space}{_EMPTY_BLOCK if cleaned is None else cleaned}"


def _clean_content(content: str) -> str | None:
    """A block line without its metadata; None when nothing but metadata is left."""
    if "{{" in content:
        content = _LOGSEQ_CLOZE.sub(r"==\1==", content)  # the outliner's cloze is a `==cloze==`
    if _PROPERTY.match(content) or _ORG_MARKER.match(content) or _MACRO_LINE.match(content):
        return None
    if "((" in content:
        without = _BLOCK_REF.sub("", content)
        if without != content:
            if len(_WORD.findall(without)) <= 2 and not re.search(r"[`$]", without):
                return None  # "See ((ref))": the words point at a block this file does not hold
            content = re.sub(r"[ \t]{2,}", " ", without).strip()
    if "{:" in content:
        content = _IMAGE_ATTRIBUTES.sub(r"\1", content)
    if "[[" in content:
        content = _outside_code(content, lambda text: _WIKILINK.sub(r"\2", text))
    return content


def _outside_code(content: str, change: Callable[[str], str]) -> str:
    """`change` applied to the text between code spans (`arr[[i]]` in code stays as written)."""
    pieces: list[str] = []
    at = 0
    for span in _CODE_SPAN.finditer(content):
        pieces.append(change(content[at : span.start()]))
        pieces.append(span.group(0))
        at = span.end()
    pieces.append(change(content[at:]))
    return "".join(pieces)
