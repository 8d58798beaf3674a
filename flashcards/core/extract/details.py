"""`<details>` cards: the question in the summary, or standing just before a summary that only labels.

- `<details><summary>question</summary>answer</details>` (interview-question collections);
- a question followed by `<details>` whose summary only labels the hidden part (`ANS`, `Show answer`,
  `Solution`, `Réponse`, `▶`): the question is what stands just before it - a heading, a paragraph, a
  one-item list, an indented line (which renders as code), a task paragraph plus its code, a line
  ending in `?`/`:` plus its choices or table - or, for a `<details>` indented under a list item, the
  item. Numbering (`Q1.`, `2.`) is not part of the question, nor `Answer:` of the answer, nor a closing
  "See details [here](url)" paragraph. These are read before any other rule, so the question is not
  taken as a caption or a heading's body.

Kept apart from the paragraph markup (`explicit`) because a `<details>` is a region of HTML blocks,
found and split by its own tag counting, and its answer is HTML-embedded Markdown read on its own.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.document import Block, Section
from flashcards.core.extract.explicit_markup import ANSWER, QUESTION, add_qa, blocks_under
from flashcards.core.extract.facts import is_label
from flashcards.core.extract.parser import parse_tree
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import (
    Rendered,
    html_code_to_markdown,
    join_rendered,
    render_blocks,
    render_fragment,
    render_inline,
    render_markdown_text,
    inline_of,
)

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
# What may stand between a question's lead line and its hidden answer: code, the choices, a table.
_QUESTION_BODY = frozenset({"fence", "code_block", "bullet_list", "ordered_list", "table"})
_MAX_QUESTION_BLOCKS = 3  # blocks of a list item's question (data, code) before its hidden answer
_MAX_REGION_BLOCKS = 500  # how far to look for a closing </details>: keeps many unclosed ones linear
_NUMBERING = re.compile(r"^\s*\d{1,3}[.)]\s+")


# --- <details> ---------------------------------------------------------------------------------------


def is_details_start(block: Block) -> bool:
    """An HTML block that opens a `<details>` region."""
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
    """A `<details>` whose summary asks the question and whose body answers it."""
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
    add_qa(scan, question, _render_answer(details.answer), block.section, details.summary_line)


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
        add_qa(scan, question, _render_answer(details.answer), section, blocks[0].start)
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


def read_item_details(scan: Scan, node: SyntaxTreeNode, lines: list[str], section: Section, first: int) -> bool:
    """`1. What is X?` with a "Show answer" `<details>` indented under it, inside the list item."""
    under = blocks_under(node)
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
    add_qa(scan, question, _render_answer(answer), section, first)
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
        return _NUMBERING.sub("", QUESTION.sub("", text, count=1), count=1)

    return Rendered(strip(rendered.text), strip(rendered.residual))


def _render_answer(raw: str) -> Rendered:
    """The hidden part as card text: `<div>` wrappers are layout, so the Markdown inside them is read
    as Markdown (lists, numbered steps), not as one HTML block."""
    nodes = parse_tree(html_code_to_markdown(_dedent(_WRAPPER_TAG.sub("\n", raw)))).children
    answer = render_blocks(nodes)
    if ANSWER.match(answer.text):  # "Answer: Environment variable"
        answer = Rendered(ANSWER.sub("", answer.text, count=1), ANSWER.sub("", answer.residual, count=1))
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
