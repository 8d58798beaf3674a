"""A heading that names a term or asks a question, answered by the paragraph right under it.

Notes often give one heading per term with its definition as the first sentence ("### Route53
Simplified" / "Amazon Route 53 is a highly available ... DNS service."), or ask a question in a heading
("# How do machines learn?") and answer it below. The card is made only when the text says so
itself: the first sentence must open with the heading's term followed by a defining verb ("is",
"are", "provides", ...), or the heading must end with a question mark and the answer be short. Any
other paragraph stays prose and gives no card.
"""

from __future__ import annotations

import re

from flashcards.extract.document import Block, Section
from flashcards.extract.facts import add_command, add_definition
from flashcards.extract.scan import Scan
from flashcards.extract.text import Rendered, inline_of, render_inline

_DECORATION = re.compile(
    r"^(?:what\s+(?:is|are)\s+(?:an?\s+|the\s+)?)|"
    r"\s*(?:[-:–—]\s*)?\b(?:simplified|overview|introduction|intro|basics|explained|in a nutshell|in short|101)$",
    re.IGNORECASE,
)
# "is", "are", or any verb in the third person ("provides", "maps", "lets"): the sentence defines.
_DEFINING_VERB = r"(?:is|are|was|were|has|have|can|[a-z]{2,}(?<!ss)s)"
# Words that may come before the term in its defining sentence: articles and names ("Amazon",
# "The AWS"), never "This is where ...". Case-sensitive even though the rest of the match is not.
_SUBJECT_PREFIX = r"(?-i:(?:(?:[Tt]he|[Aa]n?|[A-Z][\w-]*)\s+){0,3}?)"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“])")
_MAX_ANSWER = 400


def _core_term(title: str) -> str:
    core = title.strip().rstrip("?:").strip()
    for _ in range(2):
        core = _DECORATION.sub("", core).strip()
    return core


def _term_pattern(core: str) -> str:
    """The term as a pattern that also accepts "Route 53" for "Route53" (and the reverse), and the
    singular of a plural heading ("## Dictionaries" / "A dictionary maps ...")."""
    stem, ending = core, r"(?:s|es)?"
    if core.lower().endswith("ies") and len(core) > 4:
        stem, ending = core[:-3], r"(?:y|ies)"
    elif core.lower().endswith("s") and not core.lower().endswith("ss") and len(core) > 3:
        stem, ending = core[:-1], r"(?:s|es)?"
    escaped = re.escape(stem)
    return re.sub(r"(?<=[A-Za-z])(\\ )?(?=\d)", r"\\s?", escaped) + ending


def _first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()


def read_heading_answer(scan: Scan, block: Block, text: Rendered | None = None) -> bool:
    """The block right under a heading as the heading's definition or answer; True if used.

    `block` is a paragraph (its text is the answer) or a list of prose bullets (`text` is then its
    first bullet, which may define the heading's term but is never the whole answer)."""
    previous = scan.document.previous_block(block)
    while (
        previous is not None
        and previous.type == "html_block"
        and previous.node.content.lstrip().startswith("<!")
    ):
        previous = scan.document.previous_block(previous)  # `<!-- generated -->` markers sit in between
    section = block.section
    if previous is None or previous.type != "heading" or previous.section is not section or not section.title:
        return False
    whole_paragraph = text is None
    if text is None:
        text = render_inline(inline_of(block.node))
    if text.is_empty or text.is_link_only:
        return False
    title = section.title
    command = scan.commands.heading_command(section)
    if command:
        return _command_purpose(scan, command, _first_sentence(text.text), section)
    if whole_paragraph and title.endswith("?") and len(text.text) <= _MAX_ANSWER:
        return scan.sink.card("qa", title, text.text, title, section.context, section.line)
    core = _core_term(title)
    words = core.split()
    if not core or len(words) > 5 or "`" in core:
        return False
    sentence = _first_sentence(text.text)
    letters = re.match(r"[A-Za-z]+", core)
    if letters and sentence.isascii() and letters.group().lower() not in sentence.lower():
        return False  # the term's leading letters must appear: skip compiling a pattern per heading
    pattern = re.compile(
        rf"^{_SUBJECT_PREFIX}{_term_pattern(core)}\b(?:\s*\([^()]*\))?(?:\s+[a-z][a-z-]*){{0,2}}?\s+{_DEFINING_VERB}\b",
        re.IGNORECASE,
    )
    if not pattern.match(sentence) or len(sentence) > _MAX_ANSWER:
        return False
    return add_definition(scan, Rendered(core, core), Rendered(sentence, sentence), section, section.line)


def _command_purpose(scan: Scan, command: str, sentence: str, section: Section) -> bool:
    """`# docker run` / "Create and run a new container": the first sentence is the command's purpose.
    The command itself is blanked in the purpose ("The ___ command lets you see ..."), since the card
    asks for it."""
    if not re.search(r"[^\W\d_]{3,}", sentence) or len(sentence) > _MAX_ANSWER:
        return False
    purpose = re.sub(rf"`{re.escape(command)}`|(?<![\w-]){re.escape(command)}(?![\w-])", "___", sentence)
    return add_command(
        scan, command, Rendered(purpose, purpose), section, section.line, plain_purpose=sentence
    )
