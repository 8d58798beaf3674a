"""A heading that names a term (or a command) answered by its defining first sentence.

Notes often give one heading per term with its definition as the first sentence ("### Route53
Simplified" / "Amazon Route 53 is a highly available ... DNS service."). `read_heading_answer` makes
the card term → that sentence when one of the first sentences opens with the heading's term and a
defining verb ("is", "are", "provides", ...), or ends by naming it ("... is called CloudFront."); a
heading that names a command gets the command → its purpose. A question heading over one short
paragraph gets that paragraph as its answer.

The term matching (the heading's core term, its patterns, whether a sentence opens with it) lives
here because this rule owns it; the heading-body rule (`headings`) asks `defines_itself` so that it
leaves such a heading to this one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flashcards.core.extract.code_blocks import _CONNECTIVE
from flashcards.core.extract.document import Block, Section
from flashcards.core.extract.facts import add_command, add_definition
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import Rendered, inline_of, render_inline
from flashcards.core.vocabulary import Kind


_DECORATION = re.compile(
    r"^(?:what\s+(?:is|are)\s+(?:an?\s+|the\s+)?)|"
    r"\s*(?:[-:–—]\s*)?\b(?:simplified|overview|introduction|intro|basics|explained|in a nutshell|in short|101)$",
    re.IGNORECASE,
)
# "is", "are", or any verb in the third person ("provides", "maps", "lets"): the sentence defines.
_DEFINING_VERB = r"(?:is|are|was|were|has|have|can|[a-z]{2,}(?<!ss)s)"
# Words that may come before the term in its defining sentence: articles and names ("Amazon",
# "The AWS"), never "This is where ...". Case-sensitive even though the rest of the match is not.
_SUBJECT_WORD = re.compile(r"(?:[Tt]he|[Aa]n?|[A-Z][\w-]*)\s+")
# What follows the term in a defining sentence: an optional "(short form)", up to two words in a
# loose match ("Amazon S3 bucket policies allow"), then the verb; right after the term in a strict one.
_LOOSE_PREDICATE = re.compile(rf"(?:\s*\([^()]*\))?(?:\s+[a-z][a-z-]*){{0,2}}?\s+{_DEFINING_VERB}\b", re.IGNORECASE)
_STRICT_PREDICATE = re.compile(rf"(?:\s*\([^()]*\))?\s+{_DEFINING_VERB}\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“])")
MAX_ANSWER = 400
_PERSONAL = re.compile(r"^(?:you|we|i|my|our|your|in this|let's|let us)\b", re.IGNORECASE)


def core_term(title: str) -> str:
    """The term a heading names, without its decoration ("What is ...", "... Simplified", a trailing `?`)."""
    core = title.strip().rstrip("?:").strip()
    for _ in range(2):
        core = _DECORATION.sub("", core).strip()
    return core


@lru_cache(maxsize=2048)
def term_regex(core: str, bounded: bool = False) -> re.Pattern[str]:
    """The term's pattern compiled once per term (a note asks about each heading several times);
    `bounded` also wants a word boundary before it, for a search inside a sentence."""
    before = r"\b" if bounded else ""
    return re.compile(rf"{before}{_term_pattern(core)}\b", re.IGNORECASE)


def _opens_with_term(core: str, sentence: str, strict: bool = False) -> bool:
    """The sentence has the term as its subject and a defining verb after it: up to three articles or
    capitalised names first ("The AWS ..."), then the term, then (unless `strict`) up to two words.

    Matched piece by piece with patterns compiled once, not as one pattern per term: compiling that
    whole pattern cost more than reading a large note."""
    term = term_regex(core)
    predicate = _STRICT_PREDICATE if strict else _LOOSE_PREDICATE
    position = 0
    for _ in range(4):
        found = term.match(sentence, position)
        if found is not None and predicate.match(sentence, found.end()):
            return True
        word = _SUBJECT_WORD.match(sentence, position)
        if word is None:
            return False
        position = word.end()
    return False


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
    return SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()


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
    if section.index in scan.headed:
        return False  # the heading already has its card (`read_heading_body`)
    whole_paragraph = text is None
    if text is None:
        text = render_inline(inline_of(block.node))
    if text.is_empty or text.is_link_only:
        return False
    title = section.title
    command = scan.commands.heading_command(section)
    if command:
        return _command_purpose(scan, command, _first_sentence(text.text), section)
    if whole_paragraph and title.endswith("?") and len(text.text) <= MAX_ANSWER:
        return scan.sink.card(Kind.QA, title, text.text, title, section.context, section.line)
    core = core_term(title)
    words = core.split()
    if not core or len(words) > 5 or "`" in core:
        return False
    # The defining sentence is usually the first; a long paragraph may open with context first
    # ("In addition to ..., some loads ... Crest factor is the ratio ..."): the next two are tried too.
    sentences = SENTENCE_END.split(text.text.strip(), maxsplit=3)[:3] if whole_paragraph else [_first_sentence(text.text)]
    letters = re.match(r"[A-Za-z]+", core)
    opening = " ".join(sentences)
    if letters and opening.isascii() and letters.group().lower() not in opening.lower():
        return False  # the term's leading letters must appear: skip compiling a pattern per heading
    sentence = next(  # a later sentence must be strict: the term itself the subject, its verb right after
        (
            candidate.strip()
            for number, candidate in enumerate(sentences)
            if _opens_with_term(core, candidate.strip(), strict=number > 0) and len(candidate) <= MAX_ANSWER
        ),
        None,
    )
    if sentence is None:
        sentence = _named_last(core, sentences[0]) if whole_paragraph else None
    if sentence is None:
        return False
    return add_definition(scan, Rendered(core, core), Rendered(sentence, sentence), section, section.line)


def _named_last(core: str, sentence: str) -> str | None:
    """ "The AWS CDN service is called CloudFront.": the description comes first, the term last."""
    if prose_start(sentence) or len(sentence) > MAX_ANSWER:
        return None
    if not _NAMING.search(sentence):
        return None
    return sentence.strip() if _named_last_regex(core).match(sentence.strip()) else None


_NAMING = re.compile(r"\s(?:is|are)\s+(?:called|known as|named)\s", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _named_last_regex(core: str) -> re.Pattern[str]:
    return re.compile(
        rf"^.{{8,}}?\s+(?:is|are)\s+(?:called|known as|named)\s+(?:the\s+|an?\s+)?{_term_pattern(core)}\W*$",
        re.IGNORECASE,
    )


def _command_purpose(scan: Scan, command: str, sentence: str, section: Section) -> bool:
    """`# docker run` / "Create and run a new container": the first sentence is the command's purpose.
    The command itself is blanked in the purpose ("The ___ command lets you see ..."), since the card
    asks for it."""
    if not re.search(r"[^\W\d_]{3,}", sentence) or len(sentence) > MAX_ANSWER:
        return False
    purpose = re.sub(rf"`{re.escape(command)}`|(?<![\w-]){re.escape(command)}(?![\w-])", "___", sentence)
    return add_command(
        scan, command, Rendered(purpose, purpose), section, section.line, plain_purpose=sentence
    )


def prose_start(text: str) -> bool:
    """A paragraph that opens like narration or advice ("It is ...", "You can ...", "The following
    ...", "When using ...") rather than like a definition."""
    return bool(_CONNECTIVE.match(text.strip()) or _PERSONAL.match(text.strip()))


def defines_itself(section: Section, text: Rendered) -> bool:
    """Whether the first-sentence rule (`read_heading_answer`) would read this text."""
    core = core_term(section.title)
    if not core or len(core.split()) > 5 or "`" in core:
        return False
    sentence = _first_sentence(text.text)
    letters = re.match(r"[A-Za-z]+", core)
    if letters and sentence.isascii() and letters.group().lower() not in sentence.lower():
        return False
    if prose_start(sentence):
        return False  # "If the Internet Gateway is not attached ...": a condition, not a definition
    return _opens_with_term(core, sentence) and len(sentence) <= MAX_ANSWER
