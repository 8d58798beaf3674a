"""What every explicit-card rule shares: the marks they look for and the qa card they make.

The paragraph rule (`explicit`), the `<details>` rules (`details`), the cloze readers (`clozes`) and
outliner `#card` blocks (`tagged_cards`) all mask code spans before looking for markup, strip the
same `Q:` / `A:` labels, show a cloze's hidden words in a question or an answer, and refuse the same
empty or link-only answers. Those pieces live here, once, so that the rules agree and none of them
imports the paragraph rule that dispatches to it. So do two readings of a paragraph they all need:
its source lines, and the blocks under a list item's first paragraph.
"""

from __future__ import annotations

import re

from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.document import Section
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import Rendered
from flashcards.core.vocabulary import Kind

# `{{c1::hidden}}` or `{{c1::hidden::hint}}` on one line: no part runs past `::` or `}}`, so a
# thousand unclosed ones still cost one pass each up to the next `::`.
ANKI_CLOZE = re.compile(r"\{\{c(\d+)::((?:(?!::|\}\}).)+)(?:::((?:(?!::|\}\}).)*))?\}\}")
_BACKTICKS = re.compile(r"`+")
# `==hidden==`: the marks are exactly two `=` (a run of `=` under a title, or `a === b`, holds none)
# around text that starts and ends with something other than a space or `=`.
CLOZE = re.compile(r"(?<!=)==(?=[^\s=])(.+?)(?<=[^\s=])==(?!=)")
QUESTION = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:Q|Question)\s*(?:\d+\s*)?[:.)]\s*(?:\*\*|__)?\s*", re.IGNORECASE
)
ANSWER = re.compile(r"^\s*(?:\*\*|__)?\s*(?:A|Answer)\s*[:.)]\s*(?:\*\*|__)?\s*", re.IGNORECASE)


def mask_code(line: str) -> str:
    """The line with code spans blanked (same length), so markup inside code is not seen.

    A code span is a run of backticks closed by the next run of the same length, as CommonMark reads
    it; a run that is never closed is literal. Found in one pass over the runs (a pattern with a
    back-reference tried every start in a line of hundreds of backticks: 800 took 10 s).
    """
    if "`" not in line:
        return line
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(line)]
    of_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        of_length.setdefault(end - start, []).append(index)
    next_of_length = dict.fromkeys(of_length, 0)  # where the search for a closing run resumes
    pieces: list[str] = []
    done = index = 0
    while index < len(runs):
        start, end = runs[index]
        same = of_length[end - start]
        at = next_of_length[end - start]
        while at < len(same) and same[at] <= index:
            at += 1
        next_of_length[end - start] = at
        if at == len(same):
            index += 1
            continue
        closing = runs[same[at]][1]
        pieces.extend((line[done:start], " " * (closing - start)))
        done, index = closing, same[at] + 1
    pieces.append(line[done:])
    return "".join(pieces)


def clean_answer(rendered: Rendered) -> Rendered:
    """Cloze marks inside a question or an answer are shown as the words they hide."""

    def clean(text: str) -> str:
        text = CLOZE.sub(r"\1", text)
        return ANKI_CLOZE.sub(r"\2", text) if "{{" in text else text

    return Rendered(clean(rendered.text), clean(rendered.residual))


def add_qa(
    scan: Scan,
    question: Rendered,
    answer: Rendered,
    section: Section,
    line: int,
    both: bool = False,
    context: tuple[str, ...] | None = None,
) -> None:
    """The qa card (two, one each way, for `both`) every explicit rule makes, or the reason it makes
    none: an empty question, an empty answer or one that is only a link is skipped, never a card."""
    context = section.context if context is None else context
    front = clean_answer(question).text
    answer = clean_answer(answer)
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


def paragraph_lines(node: SyntaxTreeNode) -> list[str]:
    """The paragraph's source lines as markdown-it keeps them (list markers and indentation removed)."""
    for child in node.children:
        if child.type == "inline":
            return child.content.split("\n")
    return []


def blocks_under(node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    """The blocks after a list item's first paragraph: its children in the outline."""
    item = node.parent
    if item is None or item.type != "list_item" or not item.children or item.children[0] is not node:
        return []
    return list(item.children[1:])
