"""Explicit card markup: the author said "this is a card", so it wins over every guess.

- `<details><summary>question</summary>answer</details>` (interview-question collections);
- a question followed by `<details>` whose summary only labels the hidden part (`ANS`, `Show answer`,
  `Solution`, `Réponse`, `▶`): the question is what stands just before it - a heading, a paragraph, a
  one-item list, an indented line (which renders as code), a task paragraph plus its code, a line
  ending in `?`/`:` plus its choices or table - or, for a `<details>` indented under a list item, the
  item. Numbering (`Q1.`, `2.`) is not part of the question, nor `Answer:` of the answer, nor a closing
  "See details [here](url)" paragraph. These are read before any other rule, so the question is not
  taken as a caption or a heading's body;
- `question::answer` on one line (`:::` makes a card both ways), the Obsidian spaced-repetition style;
- a multi-line card: question lines, a line holding only `?` (`??` for both ways), answer lines (or
  the list, table or code right under the `?` line);
- `Q:` / `A:` pairs, in one paragraph or in consecutive ones (also `**Q: ...**`, `Question:`);
- `==cloze==` deletions: one card per deletion, the front showing `[...]` in its place;
- Anki `{{c1::hidden}}` / `{{c1::hidden::hint}}` clozes: one card per cloze number;
- outliner (Logseq) `#card` blocks: the block's text is the front, its child blocks the back, the
  context its place in the outline; a block label used more than once ("Notes") names its parent.
  The outliner's metadata (`key:: value` properties, block references, ...) is blanked before parsing
  (see `logseq`), so it is never read as a card.

`<!--SR:...-->` scheduling comments are HTML comments and vanish when text is rendered. `::`, `==`,
`{{c1::` and `#card` inside code spans are code, not markup. An empty answer or one that is only a
link makes no card (reported as skipped), and so does a `#card` block with no children.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.document import Block, Section
from flashcards.core.extract.facts import is_label
from flashcards.core.extract.logseq import CARD_TAG, is_property_line
from flashcards.core.extract.parser import parse_tree
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import (
    EMPTY,
    Rendered,
    html_code_to_markdown,
    join_rendered,
    render_blocks,
    render_fragment,
    render_inline,
    render_markdown_text,
    inline_of,
)
from flashcards.core.vocabulary import Kind

_DETAILS_OPEN = re.compile(r"<details\b[^>]*>", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
_DETAILS_START = re.compile(r"\s*<details\b", re.IGNORECASE)
_SUMMARY_OPEN = re.compile(r"<summary\b[^>]*>", re.IGNORECASE)
_SUMMARY_CLOSE = re.compile(r"</summary\s*>", re.IGNORECASE)
# Words a `<summary>` uses when it only labels the hidden answer (a short, general, multilingual list).
_ANSWER_WORDS = frozenset(
    """answer answers ans solution solutions explanation response respuesta respuestas solución
    réponse réponses antwort lösung resposta risposta soluzione ответ решение 答案 解答 答え 정답""".split()
)
# "Show", "Reveal", "Click to expand": a verb alone labels the hidden part too.
_REVEAL_WORDS = frozenset(
    """show reveal expand display spoiler mostrar afficher zeigen anzeigen mostra показать""".split()
)
_LABEL_WORDS = _ANSWER_WORDS | _REVEAL_WORDS | frozenset(
    """see view click tap here to for the an a me my your toggle open check ver voir""".split()
)
# Scripts written without spaces: a short summary holding one of these is a label ("查看答案").
_UNSPACED_ANSWER_WORDS = ("答案", "解答", "答え", "정답")
_LABEL_WORD = re.compile(r"[^\W\d_]+")
_WRAPPER_TAG = re.compile(r"</?div\b[^>]*>", re.IGNORECASE)
# A line of words (an indented question), not code: letters, spaces and sentence punctuation.
_PROSE_LINE = re.compile(r"^[^\W\d_][^{};=<>`]*$")
_TAG_WORD = re.compile(r"#[^\s#\[\]()]+")
_BLOCK_LINE = re.compile(r"^[ \t]*[-*+][ \t]+(.+)$", re.MULTILINE)
_MAX_PATH_TEXT = 60  # an outline parent in a card's context, at most this long
# `{{c1::hidden}}` or `{{c1::hidden::hint}}` on one line: no part runs past `::` or `}}`, so a
# thousand unclosed ones still cost one pass each up to the next `::`.
_ANKI_CLOZE = re.compile(r"\{\{c(\d+)::((?:(?!::|\}\}).)+)(?:::((?:(?!::|\}\}).)*))?\}\}")
_ANSWER_CONTINUATION = frozenset({"bullet_list", "ordered_list", "fence", "code_block", "table"})
# What may stand between a question's lead line and its hidden answer: code, the choices, a table.
_QUESTION_BODY = frozenset({"fence", "code_block", "bullet_list", "ordered_list", "table"})
_MAX_QUESTION_BLOCKS = 3  # blocks of a list item's question (data, code) before its hidden answer
_MAX_ANSWER_BLOCKS = 8  # a bold question's answer: the blocks up to the next question, at most this many
_MAX_REGION_BLOCKS = 500  # how far to look for a closing </details>: keeps many unclosed ones linear
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_CLOZE = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_NUMBERING = re.compile(r"^\s*\d{1,3}[.)]\s+")
_QUESTION = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:Q|Question)\s*(?:\d+\s*)?[:.)]\s*(?:\*\*|__)?\s*", re.IGNORECASE
)
_ANSWER = re.compile(r"^\s*(?:\*\*|__)?\s*(?:A|Answer)\s*[:.)]\s*(?:\*\*|__)?\s*", re.IGNORECASE)
_BOLD_QUESTION = re.compile(r"^\s*(\*\*|__)\s*(?:Q|Question)\s*(?:\d+\s*)?[:.)].*\1\s*$", re.IGNORECASE)


def _mask_code(line: str) -> str:
    """The line with code spans blanked (same length), so markup inside code is not seen."""
    return _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), line)


def _clean_answer(rendered: Rendered) -> Rendered:
    """Cloze marks inside a question or an answer are shown as the words they hide."""

    def clean(text: str) -> str:
        text = _CLOZE.sub(r"\1", text)
        return _ANKI_CLOZE.sub(r"\2", text) if "{{" in text else text

    return Rendered(clean(rendered.text), clean(rendered.residual))


def _qa(
    scan: Scan,
    question: Rendered,
    answer: Rendered,
    section: Section,
    line: int,
    both: bool = False,
    context: tuple[str, ...] | None = None,
) -> None:
    context = section.context if context is None else context
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
            [(Kind.QA, front, answer.text), (Kind.QA, answer.text, front)],
            front,
            context,
            line,
            anchors=[front, answer.text],
        )
    else:
        scan.sink.card(Kind.QA, front, answer.text, front, context, line)


# --- <details> ---------------------------------------------------------------------------------------


def is_details_start(block: Block) -> bool:
    return block.type == "html_block" and bool(_DETAILS_START.match(block.node.content))


@dataclass(frozen=True)
class _Details:
    """One `<details>` region: its blocks, where the summary starts, the summary and the answer source."""

    region: list[Block]
    summary_line: int
    summary: str | None
    answer: str


def _details_region(scan: Scan, block: Block, report: bool = True) -> _Details:
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
    text = document.source(block.start, end.end)
    line, summary, answer, closed = _split_details(text, block.start, unclosed=depth > 0)
    if report and not closed:
        scan.sink.problem(block.start, "unclosed <details>: read up to the next heading")
    return _Details(region, line, summary, answer)


def _split_details(text: str, first_line: int, unclosed: bool = False) -> tuple[int, str | None, str, bool]:
    """The line of the summary, the summary's source (None without one), the answer's source and
    whether the `<details>` is closed (an unclosed one is read to the end of the text)."""
    opening = _DETAILS_OPEN.search(text)
    start = opening.end() if opening else 0
    closings = [] if unclosed else list(_DETAILS_CLOSE.finditer(text))
    stop = closings[-1].start() if closings else len(text)
    summary_open = _SUMMARY_OPEN.search(text, start, stop)
    summary_close = _SUMMARY_CLOSE.search(text, summary_open.end(), stop) if summary_open else None
    if summary_open is None or summary_close is None:
        return first_line, None, text[start:stop], bool(closings)
    return (
        first_line + text.count("\n", 0, summary_open.start()),
        text[summary_open.end() : summary_close.start()],
        text[summary_close.end() : stop],
        bool(closings),
    )


def read_details(scan: Scan, block: Block) -> None:
    details = _details_region(scan, block)
    scan.consume(*details.region)
    if details.summary is None:
        scan.sink.problem(block.start, "<details> without a <summary> question")
        return
    question = render_fragment(_dedent(details.summary))
    if is_answer_label(question.text):
        # Reached only when no question stands before it (read_hidden_answers took all the others).
        scan.sink.skip(details.summary_line, "hidden answer without a question")
        return
    if is_label(question.text):
        # "Example", "Output", "Note": the summary names what is hidden, it asks nothing.
        scan.sink.skip(details.summary_line, "summary is a label, not a question")
        return
    _qa(scan, question, _render_answer(details.answer), block.section, details.summary_line)


# --- a question followed by <details><summary>Answer</summary> ----------------------------------------


def is_answer_label(summary: str) -> bool:
    """True when a summary only labels the hidden part ("Show answer", "ANS", "Solution", "▶"): the
    question then stands before the `<details>`. A summary without a letter is a label too."""
    words = _LABEL_WORD.findall(summary.lower())
    if len(summary.strip()) <= 6 and any(word in summary for word in _UNSPACED_ANSWER_WORDS):
        return True
    if not words:
        return not re.search(r"\d", summary)
    return len(words) <= 6 and all(word in _LABEL_WORDS for word in words) and any(
        word in _ANSWER_WORDS or word in _REVEAL_WORDS for word in words
    )


def read_hidden_answers(scan: Scan) -> None:
    """Every `<details>` whose summary is only a label, with the question standing before it (see
    `_question_before`). Runs before the other rules so that the question is not read as something
    else (a caption, a heading body)."""
    document = scan.document
    for block in document.blocks:
        if not is_details_start(block) or not scan.is_free(block) or block.section.todo:
            continue
        details = _details_region(scan, block, report=False)
        if details.summary is None or not is_answer_label(render_fragment(_dedent(details.summary)).text):
            continue
        scan.consume(*details.region)
        since = scan.sink.mark()
        asked = _question_before(scan, block)
        if asked is None:
            scan.sink.skip(details.summary_line, "hidden answer without a question")
            scan.sink.close_block(since, block.start, details.region[-1].end)
            continue
        question, blocks, section = asked
        scan.consume(*blocks)
        _qa(scan, question, _render_answer(details.answer), section, blocks[0].start)
        # For `import --explain`: the question and its hidden answer were read as one item.
        scan.sink.close_block(since, blocks[0].start, details.region[-1].end)


def _question_before(scan: Scan, block: Block) -> tuple[Rendered, list[Block], Section] | None:
    document = scan.document
    before = document.previous_block(block)
    if before is None or not scan.is_free(before) or before.type == "html_block":
        return None
    if before.type == "heading":
        section = before.section.parent or before.section
        return _strip_question_marker(render_inline(inline_of(before.node))), [before], section
    if before.type == "paragraph":
        return _strip_question_marker(render_inline(inline_of(before.node))), [before], before.section
    if before.type not in _QUESTION_BODY:
        return None
    is_code = before.type in {"fence", "code_block"}
    if is_code and _prose_code(before.node):
        return _code_question(before), [before], before.section  # an indented question line
    lead = document.previous_block(before)
    lead_text = _lead_text(scan, lead, any_ending=is_code)
    if lead is not None and lead_text is not None:
        # "What does this print?" + code, "Which of these is a noble gas?" + the choices.
        return join_rendered([lead_text, render_blocks([before.node])]), [lead, before], lead.section
    if is_code:
        return _code_question(before), [before], before.section
    items = before.node.children if before.type in {"bullet_list", "ordered_list"} else []
    if len(items) == 1 and items[0].children and items[0].children[0].type == "paragraph":
        return _strip_question_marker(render_blocks(items[0].children)), [before], before.section
    return None


def _read_item_details(scan: Scan, node: SyntaxTreeNode, lines: list[str], section: Section, first: int) -> bool:
    """`1. What is X?` with a "Show answer" `<details>` indented under it, inside the list item."""
    under = _blocks_under(node)
    at = next(
        (
            number
            for number, child in enumerate(under[: _MAX_QUESTION_BLOCKS + 1])
            if child.type == "html_block" and _DETAILS_START.match(child.content)
        ),
        None,
    )
    if at is None:
        return False
    depth = 0
    region: list[SyntaxTreeNode] = []
    for child in under[at : at + _MAX_REGION_BLOCKS]:
        region.append(child)
        text = _node_source(scan, child)
        depth += len(_DETAILS_OPEN.findall(text)) - len(_DETAILS_CLOSE.findall(text))
        if depth <= 0:
            break
    source = "\n".join(_node_source(scan, child) for child in region)
    _line, summary, answer, closed = _split_details(source, first, unclosed=depth > 0)
    if summary is None or not is_answer_label(render_fragment(_dedent(summary)).text):
        return False
    if not closed:
        scan.sink.problem(first, "unclosed <details>: read to the end of the list item")
    question = _strip_question_marker(render_markdown_text("\n".join(lines)))
    question = join_rendered([question, render_blocks(under[:at])])  # the problem's data, its code
    _qa(scan, question, _render_answer(answer), section, first)
    return True


def _node_source(scan: Scan, node: SyntaxTreeNode) -> str:
    if not node.map:
        return node.content
    return scan.document.source(node.map[0] + 1, node.map[1])


def _is_pointer(node: SyntaxTreeNode) -> bool:
    """A paragraph that only points at a link ("See details [here](url)"); a list of named links
    ("- [image-spec](url)") or a bare link names things and stays."""
    if node.type not in {"paragraph", "html_block"}:
        return False
    rendered = render_blocks([node])
    return rendered.is_link_only and bool(rendered.residual.strip())


def _lead_text(scan: Scan, lead: Block | None, any_ending: bool = False) -> Rendered | None:
    """The paragraph that introduces the body of a question: a task before its code ("Write a
    function that ...", "What does this print?"), a line ending in `?` or `:` before the choices."""
    if lead is None or not scan.is_free(lead) or lead.type != "paragraph":
        return None
    rendered = render_inline(inline_of(lead.node))
    if any_ending or rendered.text.rstrip().endswith(("?", ":")):
        return _strip_question_marker(rendered)
    return None


def _prose_code(node: SyntaxTreeNode) -> bool:
    """An indented block of one to three lines of words: a question that renders as code."""
    lines = [line.strip() for line in node.content.split("\n") if line.strip()]
    return node.type == "code_block" and len(lines) <= 3 and bool(_PROSE_LINE.match(" ".join(lines)))


def _code_question(block: Block) -> Rendered:
    """An indented question renders as code; a line of words is read as the text it is."""
    if _prose_code(block.node):
        text = " ".join(line.strip() for line in block.node.content.split("\n") if line.strip())
        return _strip_question_marker(render_markdown_text(text))
    return render_blocks([block.node])


def _strip_question_marker(rendered: Rendered) -> Rendered:
    """"Q1. What ...", "Question: What ...", "3. What ...": the numbering is not part of the question."""

    def strip(text: str) -> str:
        return _NUMBERING.sub("", _QUESTION.sub("", text, count=1), count=1)

    return Rendered(strip(rendered.text), strip(rendered.residual))


def _render_answer(raw: str) -> Rendered:
    """The hidden part as card text: `<div>` wrappers are layout, so the Markdown inside them is read
    as Markdown (lists, numbered steps), not as one HTML block."""
    nodes = parse_tree(html_code_to_markdown(_dedent(_WRAPPER_TAG.sub("\n", raw)))).children
    answer = render_blocks(nodes)
    if _ANSWER.match(answer.text):  # "Answer: Environment variable"
        answer = Rendered(_ANSWER.sub("", answer.text, count=1), _ANSWER.sub("", answer.residual, count=1))
    while len(nodes) > 1 and _is_pointer(nodes[-1]):
        # A closing "See details [here](url)": its target is not on the card, the words say nothing.
        shorter = render_blocks(nodes[:-1])
        if shorter.is_empty:
            break
        nodes, answer = nodes[:-1], shorter
    return answer


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


def holds_explicit_markup(node: SyntaxTreeNode) -> bool:
    """True when this paragraph is written as an explicit card for `read_explicit_paragraph`: a card
    tag, a cloze (`==x==`, `{{c1::x}}`), a `?` line or a `Q:`. Pure: another rule asks it so that it
    does not read such a paragraph as part of its own group. (`a :: b` is left out: `list[::2]` in a
    code-like line is not a card.)"""
    lines = paragraph_lines(node)
    if not lines:
        return False
    masked = [_mask_code(line) for line in lines]
    if any(CARD_TAG.search(line) or _ANKI_CLOZE.search(line) or _CLOZE.search(line) for line in masked):
        return True
    return any(line.strip() in {"?", "??"} for line in lines) or bool(_QUESTION.match(lines[0]))


def read_explicit_paragraph(scan: Scan, node: SyntaxTreeNode, section: Section, block: Block) -> bool:
    """Cards from explicit markup in one paragraph; True when the paragraph was explicit markup."""
    lines = paragraph_lines(node)
    if not lines:
        return False
    first = (node.map[0] + 1) if node.map else block.start
    masked = [_mask_code(line) for line in lines]
    if any(CARD_TAG.search(line) for line in masked):
        if _read_tagged_card(scan, node, lines, masked, section, first):
            return True
        lines = [_untag(line, hidden) for line, hidden in zip(lines, masked, strict=True)]
        masked = [_mask_code(line) for line in lines]
    if _read_item_details(scan, node, lines, section, first):
        return True
    if any(_ANKI_CLOZE.search(line) for line in masked):
        _read_anki_clozes(scan, lines, masked, section, first)
        return True
    if any(line.strip() in {"?", "??"} for line in lines):
        at = next(i for i, line in enumerate(lines) if line.strip() in {"?", "??"})
        if at > 0:
            question = render_markdown_text("\n".join(lines[:at]))
            answer = render_markdown_text("\n".join(lines[at + 1 :]))
            if answer.is_empty:
                answer = _answer_block_after(scan, node, block)
            _qa(scan, question, answer, section, first, both=lines[at].strip() == "??")
            return True
    found = False
    # "Block text" followed by `key:: value` lines is an outliner block with its properties.
    properties = "::" not in masked[0]
    for number, (line, hidden) in enumerate(zip(lines, masked, strict=True)):
        position = hidden.find("::")
        if position <= 0:
            continue
        if properties and is_property_line(line):
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


def _answer_block_after(scan: Scan, node: SyntaxTreeNode, block: Block) -> Rendered:
    """A multi-line card whose answer is a list, a table or code right under the `?` line (no blank
    line between: the card runs to the first blank line)."""
    end = node.map[1] if node.map else None
    if node is block.node:
        following = scan.document.next_block(block)
        if following is None or not scan.is_free(following) or following.type not in _ANSWER_CONTINUATION:
            return EMPTY
        if end is None or following.start != end + 1:
            return EMPTY
        scan.consume(following)
        return render_blocks([following.node])
    under = _blocks_under(node)
    if under and under[0].type in _ANSWER_CONTINUATION and under[0].map and under[0].map[0] == end:
        return render_blocks(under[:1])
    return EMPTY


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
        scan.sink.card(Kind.CLOZE, front, full, anchor, section.context, line)


# --- Logseq #card blocks -------------------------------------------------------------------------------


def _untag(line: str, hidden: str) -> str:
    """The line without its `#card` tags (found on the code-masked copy, cut from the real one)."""
    pieces: list[str] = []
    at = 0
    for match in CARD_TAG.finditer(hidden):
        pieces.append(line[at : match.start()])
        at = match.end()
    pieces.append(line[at:])
    return "".join(pieces).rstrip()


def _blank_clozes(text: str, hidden: str) -> str:
    """The text with every cloze (found on the code-masked copy) shown as `[...]`."""
    spans = sorted(
        [match.span() for match in _CLOZE.finditer(hidden)] + [match.span() for match in _ANKI_CLOZE.finditer(hidden)]
    )
    pieces: list[str] = []
    at = 0
    for start, end in spans:
        if start >= at:
            pieces.append(text[at:start] + "[...]")
            at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _without_trailing_tags(text: str) -> str:
    """The text without the `#tags` that end it (one pass over its words, from the end)."""
    words = text.rstrip().split(" ")
    while len(words) > 1 and _TAG_WORD.fullmatch(words[-1].strip()):
        words.pop()
    return " ".join(words).rstrip()


def _read_tagged_card(
    scan: Scan, node: SyntaxTreeNode, lines: list[str], masked: list[str], section: Section, first: int
) -> bool:
    """A block tagged `#card`: its text (without the tag) is the front, its child blocks the back.
    False when the block has no children but holds clozes (they are the card then)."""
    text = "\n".join(_untag(line, hidden) for line, hidden in zip(lines, masked, strict=True))
    children = _blocks_under(node)
    answer = render_blocks(children) if children else EMPTY
    if answer.is_empty:
        hidden = _mask_code(text)
        if _CLOZE.search(hidden) or _ANKI_CLOZE.search(hidden):
            return False
        scan.sink.skip(first, "card tag without an answer")
        return True
    # "a, b, #card": the comma led to the tag; "What is X? #css #card": the other tags file the card.
    text = _without_trailing_tags(text).rstrip(",")
    hidden = _mask_code(text)
    if _CLOZE.search(hidden) or _ANKI_CLOZE.search(hidden):
        # A card block with clozes: the front hides them, the back shows the sentence and the children.
        full = _clean_answer(render_markdown_text(text))
        answer = join_rendered([full, answer])
        text = _blank_clozes(text, hidden)
    front = render_markdown_text(text)
    path = _outline_path(node)
    label = front.text.strip()
    if path and label and _is_repeated_block(scan.document.text, label):
        # "Notes #card" under "Pattern Matching": a label used for several blocks names its parent.
        label = f"{path[-1]} — {label}"
        front = Rendered(label, label)
    _qa(scan, front, answer, section, first, context=(*section.context, *path))
    return True


def _blocks_under(node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    """The blocks after a list item's first paragraph: its children in the outline."""
    item = node.parent
    if item is None or item.type != "list_item" or not item.children or item.children[0] is not node:
        return []
    return list(item.children[1:])


def _outline_path(node: SyntaxTreeNode) -> tuple[str, ...]:
    """The texts of the blocks a block sits under, outermost first (its place in the outline)."""
    path: list[str] = []
    item = node.parent
    while item is not None and item.type == "list_item":
        outer = item.parent.parent if item.parent is not None else None
        if outer is None or outer.type != "list_item":
            break
        head = outer.children[0] if outer.children else None
        if head is not None and head.type in {"paragraph", "heading"}:
            text = CARD_TAG.sub("", render_inline(inline_of(head)).text).strip()
            if text:
                path.append(text if len(text) <= _MAX_PATH_TEXT else text[: _MAX_PATH_TEXT - 1] + "…")
        item = outer
    return tuple(reversed(path))


@lru_cache(maxsize=4)
def _block_labels(text: str) -> Counter[str]:
    """How often each block text occurs in the note (one pass, cached per note)."""
    return Counter(_label_key(match.group(1)) for match in _BLOCK_LINE.finditer(text))


def _label_key(text: str) -> str:
    return CARD_TAG.sub("", text).strip(" \t:*_").lower()


def _is_repeated_block(text: str, label: str) -> bool:
    return _block_labels(text)[_label_key(label)] > 1


# --- Anki {{c1::...}} clozes ---------------------------------------------------------------------------


def _read_anki_clozes(scan: Scan, lines: list[str], masked: list[str], section: Section, first: int) -> None:
    """One card per cloze number: the deletions of that number hidden (`[...]`, or `[hint]`), the
    others shown. Keyed on the number and the text with every deletion hidden, so fixing a typo in
    a hidden word keeps the card."""
    text = "\n".join(lines)
    matches = list(_ANKI_CLOZE.finditer("\n".join(masked)))
    numbers = list(dict.fromkeys(match.group(1) for match in matches))

    def rebuild(show: Callable[[re.Match[str]], str]) -> str:
        pieces: list[str] = []
        at = 0
        for match in matches:
            pieces.append(text[at : match.start()])
            pieces.append(show(match))
            at = match.end()
        pieces.append(text[at:])
        return "".join(pieces)

    def content(match: re.Match[str]) -> str:
        return text[match.start(2) : match.end(2)]

    def hidden(match: re.Match[str]) -> str:
        hint = text[match.start(3) : match.end(3)].strip() if match.group(3) is not None else ""
        return f"[{hint or '...'}]"

    full = render_markdown_text(rebuild(content)).text
    blanked = render_markdown_text(rebuild(hidden)).text
    def one_number(number: str) -> Callable[[re.Match[str]], str]:
        return lambda match: hidden(match) if match.group(1) == number else content(match)

    for number in numbers:
        front = render_markdown_text(rebuild(one_number(number))).text
        at = next(match.start() for match in matches if match.group(1) == number)
        line = first + text.count("\n", 0, at)
        scan.sink.card(Kind.CLOZE, front, full, f"c{number}: {blanked}", section.context, line)
