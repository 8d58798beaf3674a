"""Explicit card markup: the author said "this is a card", so it wins over every guess.

- `<details><summary>question</summary>answer</details>` (interview-question collections);
- `question::answer` on one line (`:::` makes a card both ways), the Obsidian spaced-repetition style;
- a multi-line card: question lines, a line holding only `?` (`??` for both ways), answer lines;
- `Q:` / `A:` pairs, in one paragraph or in consecutive ones (also `**Q: ...**`, `Question:`);
- `==cloze==` deletions: one card per deletion, the front showing `[...]` in its place.

`<!--SR:...-->` scheduling comments are HTML comments and vanish when text is rendered. `::` and `==`
inside code spans are code, not markup.
"""

from __future__ import annotations

import re
import textwrap

from markdown_it.tree import SyntaxTreeNode

from flashcards.extract.document import Block, Section
from flashcards.extract.scan import Scan
from flashcards.extract.text import (
    Rendered,
    join_rendered,
    render_blocks,
    render_fragment,
    render_markdown_text,
)

_DETAILS_OPEN = re.compile(r"<details\b[^>]*>", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
_SUMMARY_OPEN = re.compile(r"<summary\b[^>]*>", re.IGNORECASE)
_SUMMARY_CLOSE = re.compile(r"</summary\s*>", re.IGNORECASE)
_ANSWER_CONTINUATION = frozenset({"bullet_list", "ordered_list", "fence", "code_block", "table"})
_MAX_ANSWER_BLOCKS = 8  # a bold question's answer: the blocks up to the next question, at most this many
_MAX_REGION_BLOCKS = 500  # how far to look for a closing </details>: keeps many unclosed ones linear
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_CLOZE = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_QUESTION = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:Q|Question)\s*(?:\d+\s*)?[:.)]\s*(?:\*\*|__)?\s*", re.IGNORECASE
)
_ANSWER = re.compile(r"^\s*(?:\*\*|__)?\s*(?:A|Answer)\s*[:.)]\s*(?:\*\*|__)?\s*", re.IGNORECASE)
_BOLD_QUESTION = re.compile(r"^\s*(\*\*|__)\s*(?:Q|Question)\s*(?:\d+\s*)?[:.)].*\1\s*$", re.IGNORECASE)


def _mask_code(line: str) -> str:
    """The line with code spans blanked (same length), so markup inside code is not seen."""
    return _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), line)


def _clean_answer(rendered: Rendered) -> Rendered:
    return Rendered(_CLOZE.sub(r"\1", rendered.text), _CLOZE.sub(r"\1", rendered.residual))


def _qa(
    scan: Scan, question: Rendered, answer: Rendered, section: Section, line: int, both: bool = False
) -> None:
    front = _clean_answer(question).text
    answer = _clean_answer(answer)
    if not front.strip():
        scan.sink.skip(line, "empty question")
        return
    if answer.is_empty:
        scan.sink.skip(line, "empty answer")
        return
    if answer.is_link_only:
        scan.sink.skip(line, "answer is only a link")
        return
    if both:
        # A two-way card is two qa cards; each is anchored on its own front, so their keys differ.
        scan.sink.cards(
            [("qa", front, answer.text), ("qa", answer.text, front)],
            front,
            section.context,
            line,
            anchors=[front, answer.text],
        )
    else:
        scan.sink.card("qa", front, answer.text, front, section.context, line)


# --- <details> ---------------------------------------------------------------------------------------


def is_details_start(block: Block) -> bool:
    return block.type == "html_block" and bool(re.match(r"\s*<details\b", block.node.content, re.IGNORECASE))


def read_details(scan: Scan, block: Block) -> None:
    document = scan.document
    depth = 0
    end: Block | None = None
    for candidate in document.blocks[block.index : block.index + _MAX_REGION_BLOCKS]:
        if candidate.index != block.index and candidate.type == "heading" and depth > 0:
            break
        text = document.source(candidate.start, candidate.end)
        depth += len(_DETAILS_OPEN.findall(text)) - len(_DETAILS_CLOSE.findall(text))
        end = candidate
        if depth <= 0:
            break
    assert end is not None
    region = document.blocks[block.index : end.index + 1]
    scan.consume(*region)
    text = document.source(block.start, end.end)
    opening = _DETAILS_OPEN.search(text)
    start = opening.end() if opening else 0
    closings = list(_DETAILS_CLOSE.finditer(text))
    if depth > 0 or not closings:
        scan.sink.problem(block.start, "unclosed <details>: read up to the next heading")
        stop = len(text)
    else:
        stop = closings[-1].start()
    summary_open = _SUMMARY_OPEN.search(text, start, stop)
    summary_close = _SUMMARY_CLOSE.search(text, summary_open.end(), stop) if summary_open else None
    if summary_open is None or summary_close is None:
        scan.sink.problem(block.start, "<details> without a <summary> question")
        return
    question = render_fragment(_dedent(text[summary_open.end() : summary_close.start()]))
    answer = render_fragment(_dedent(text[summary_close.end() : stop]))
    _qa(scan, question, answer, block.section, block.start + text.count("\n", 0, summary_open.start()))


def _dedent(raw: str) -> str:
    """HTML-embedded Markdown is often indented as a whole; that indentation would make it code."""
    return textwrap.dedent(raw)


# --- paragraph markup: ::, ?, Q:/A:, ==cloze== --------------------------------------------------------


def paragraph_lines(node: SyntaxTreeNode) -> list[str]:
    """The paragraph's source lines as markdown-it keeps them (list markers and indentation removed)."""
    for child in node.children:
        if child.type == "inline":
            return child.content.split("\n")
    return []


def read_explicit_paragraph(scan: Scan, node: SyntaxTreeNode, section: Section, block: Block) -> bool:
    """Cards from explicit markup in one paragraph; True when the paragraph was explicit markup."""
    lines = paragraph_lines(node)
    if not lines:
        return False
    first = (node.map[0] + 1) if node.map else block.start
    masked = [_mask_code(line) for line in lines]
    if any(line.strip() in {"?", "??"} for line in lines):
        at = next(i for i, line in enumerate(lines) if line.strip() in {"?", "??"})
        if at > 0:
            question = render_markdown_text("\n".join(lines[:at]))
            answer = render_markdown_text("\n".join(lines[at + 1 :]))
            _qa(scan, question, answer, section, first, both=lines[at].strip() == "??")
            return True
    found = False
    for number, (line, hidden) in enumerate(zip(lines, masked, strict=True)):
        position = hidden.find("::")
        if position <= 0:
            continue
        both = hidden.startswith(":::", position)
        width = 3 if both else 2
        left, right = line[:position], line[position + width :]
        if not left.strip() or not right.strip():
            continue
        found = True
        _qa(scan, render_markdown_text(left), render_markdown_text(right), section, first + number, both=both)
    if found:
        return True
    if _QUESTION.match(lines[0]):
        return _read_question(scan, lines, section, block, first, standalone=node is block.node)
    if any(_CLOZE.search(line) for line in masked):
        _read_clozes(scan, lines, masked, section, first)
        return True
    return False


def _read_question(
    scan: Scan, lines: list[str], section: Section, block: Block, first: int, standalone: bool
) -> bool:
    """`Q:` with its `A:` in the same paragraph, in the next paragraph, or (for a bold question) the
    blocks that follow it up to the next question or heading."""
    answer_at = next((i for i, line in enumerate(lines) if i > 0 and _ANSWER.match(line)), None)
    if answer_at is not None:
        question_text = _QUESTION.sub("", "\n".join(lines[:answer_at]), count=1)
        answer_text = _ANSWER.sub("", "\n".join(lines[answer_at:]), count=1)
        _qa(
            scan,
            _unbold(render_markdown_text(question_text)),
            render_markdown_text(answer_text),
            section,
            first,
        )
        return True
    if not standalone:
        return False
    question = _unbold(render_markdown_text(_QUESTION.sub("", "\n".join(lines), count=1)))
    document = scan.document
    following: list[SyntaxTreeNode] = []
    after = document.next_block(block)
    after_lines = paragraph_lines(after.node) if after is not None and after.type == "paragraph" else []
    if after is not None and scan.is_free(after) and after_lines and _ANSWER.match(after_lines[0]):
        scan.consume(after)
        answer = render_markdown_text(_ANSWER.sub("", "\n".join(after_lines), count=1))
        cursor = document.next_block(after)
        while cursor is not None and scan.is_free(cursor) and cursor.type in _ANSWER_CONTINUATION:
            following.append(cursor.node)
            scan.consume(cursor)
            cursor = document.next_block(cursor)
        _qa(scan, question, join_rendered([answer, render_blocks(following)]), section, first)
        return True
    if not _BOLD_QUESTION.match("\n".join(lines)):
        return False
    cursor = document.next_block(block)
    while cursor is not None and scan.is_free(cursor) and len(following) < _MAX_ANSWER_BLOCKS:
        if cursor.type in {"heading", "hr"} or _starts_question(cursor):
            break
        following.append(cursor.node)
        scan.consume(cursor)
        cursor = document.next_block(cursor)
    _qa(scan, question, render_blocks(following), section, first)
    return True


def _starts_question(block: Block) -> bool:
    lines = paragraph_lines(block.node) if block.type == "paragraph" else []
    return bool(lines) and bool(_QUESTION.match(lines[0]))


def _unbold(rendered: Rendered) -> Rendered:
    return Rendered(rendered.text.strip("*_ "), rendered.residual.strip("*_ "))


def _read_clozes(scan: Scan, lines: list[str], masked: list[str], section: Section, first: int) -> None:
    text = "\n".join(lines)
    hidden = "\n".join(masked)
    matches = list(_CLOZE.finditer(hidden))
    full = render_markdown_text(_CLOZE.sub(r"\1", text)).text
    for match in matches:
        before = _CLOZE.sub(r"\1", text[: match.start()])
        after = _CLOZE.sub(r"\1", text[match.end() :])
        front = render_markdown_text(before + "[...]" + after).text
        anchor = render_markdown_text(match.group(1)).text
        line = first + text.count("\n", 0, match.start())
        scan.sink.card("cloze", front, full, anchor, section.context, line)
