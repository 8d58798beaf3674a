"""A heading that names a term or asks a question, answered by what sits under it.

Notes often give one heading per term with its definition as the first sentence ("### Route53
Simplified" / "Amazon Route 53 is a highly available ... DNS service."), or ask a question in a heading
("# How do machines learn?") and answer it below. Two readings, both about the shape of the text:

- the defining sentence (`read_heading_answer`): one of the first sentences opens with the heading's
  term and a defining verb ("is", "are", "provides", ...), or ends by naming it ("... is called
  CloudFront."); the card is term → that sentence, as before;
- the heading with its body (`read_heading_body`): a question heading over its answer, a term heading
  over a fully bold gloss, a formula with its legend, a short paragraph or a short list of fragments
  (the list kept as a list). Headings are titles, not terms, when their body is long prose, advice
  or a how-to (links, "You can ...", code under it), a run of full-sentence facts, an outline, keyed
  lines or labelled lists (the items are the cards), sub-headings only, or when the heading is the
  note's own title. An answer cut mid-sentence keeps only its complete sentences.

A heading `Long Form (ACR)` or `ACR (Long Form)` whose initials spell the acronym also gives an
acronym card (ACR → Long Form).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.code_blocks import _CONNECTIVE, code_only_paragraph
from flashcards.core.extract.document import Block, Section
from flashcards.core.extract.explicit_markup import paragraph_lines
from flashcards.core.extract.facts import add_command, add_definition
from flashcards.core.extract.formulas import formula_text, has_math
from flashcards.core.extract.keys import lines_of, split_key
from flashcards.core.extract.pseudo_headings import PREDICATE_START
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.tables import is_pipe_rows
from flashcards.core.extract.text import (
    Rendered,
    inline_of,
    join_rendered,
    render_blocks,
    render_inline,
    render_markdown_text,
)
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
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“])")
_MAX_ANSWER = 400


def _core_term(title: str) -> str:
    core = title.strip().rstrip("?:").strip()
    for _ in range(2):
        core = _DECORATION.sub("", core).strip()
    return core


@lru_cache(maxsize=2048)
def _term_regex(core: str, bounded: bool = False) -> re.Pattern[str]:
    """The term's pattern compiled once per term (a note asks about each heading several times);
    `bounded` also wants a word boundary before it, for a search inside a sentence."""
    before = r"\b" if bounded else ""
    return re.compile(rf"{before}{_term_pattern(core)}\b", re.IGNORECASE)


def _opens_with_term(core: str, sentence: str, strict: bool = False) -> bool:
    """The sentence has the term as its subject and a defining verb after it: up to three articles or
    capitalised names first ("The AWS ..."), then the term, then (unless `strict`) up to two words.

    Matched piece by piece with patterns compiled once, not as one pattern per term: compiling that
    whole pattern cost more than reading a large note."""
    term = _term_regex(core)
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
    if whole_paragraph and title.endswith("?") and len(text.text) <= _MAX_ANSWER:
        return scan.sink.card(Kind.QA, title, text.text, title, section.context, section.line)
    core = _core_term(title)
    words = core.split()
    if not core or len(words) > 5 or "`" in core:
        return False
    # The defining sentence is usually the first; a long paragraph may open with context first
    # ("In addition to ..., some loads ... Crest factor is the ratio ..."): the next two are tried too.
    sentences = _SENTENCE_END.split(text.text.strip(), maxsplit=3)[:3] if whole_paragraph else [_first_sentence(text.text)]
    letters = re.match(r"[A-Za-z]+", core)
    opening = " ".join(sentences)
    if letters and opening.isascii() and letters.group().lower() not in opening.lower():
        return False  # the term's leading letters must appear: skip compiling a pattern per heading
    sentence = next(  # a later sentence must be strict: the term itself the subject, its verb right after
        (
            candidate.strip()
            for number, candidate in enumerate(sentences)
            if _opens_with_term(core, candidate.strip(), strict=number > 0) and len(candidate) <= _MAX_ANSWER
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
    if _prose_start(sentence) or len(sentence) > _MAX_ANSWER:
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
    if not re.search(r"[^\W\d_]{3,}", sentence) or len(sentence) > _MAX_ANSWER:
        return False
    purpose = re.sub(rf"`{re.escape(command)}`|(?<![\w-]){re.escape(command)}(?![\w-])", "___", sentence)
    return add_command(
        scan, command, Rendered(purpose, purpose), section, section.line, plain_purpose=sentence
    )


# --- A heading with its body ------------------------------------------------------------------
#
# Beyond the defining first sentence above, a heading is the question or the term of a card when
# what sits under it (up to the next heading) is short and says something about it: a question
# heading and its answer, a term heading over a short paragraph, a list of short facts or a formula,
# a heading followed by a fully bold one-line gloss. The answer is the body as written, lists kept as
# lists. A heading is only a title when its body is long prose, when it only introduces keyed lines
# ("Term: def" paragraphs, a "Label:" list) or sub-headings, or when it is the note's title.

_LIST_TYPES = frozenset({"bullet_list", "ordered_list"})
_MAX_BODY_PARAGRAPHS = 3
_MAX_PARAGRAPH_WORDS = 90
_MAX_BODY_WORDS = 140
_MAX_LIST_ITEMS = 12
_MAX_ITEM_WORDS = 16
_MAX_QUESTION_ANSWER = 3000
_MAX_TERM_WORDS = 7
_MAX_NAME_WORDS = 3
_MAX_INTRO_WORDS = 60
_ACRONYM = re.compile(r"^(?P<long>[^()]*?[^\W\d_][^()]*?)\s*\((?P<short>[^()]+)\)\s*$")
_PERSONAL = re.compile(r"^(?:you|we|i|my|our|your|in this|let's|let us)\b", re.IGNORECASE)
_MAX_PLAIN_ANSWER = 700
_CUT_TAIL = re.compile(r"(?<=[.!?])\s+([^.!?]{1,40})$")


def _words(text: str) -> int:
    return len(text.split())


def body_blocks(scan: Scan, heading: Block) -> tuple[list[Block], bool]:
    """The blocks under a heading up to the next heading, and whether that next heading is a
    sub-heading (one level deeper or more): the heading is then a section title over them."""
    blocks: list[Block] = []
    cursor = scan.document.next_block(heading)
    while cursor is not None and cursor.type != "heading":
        if not (cursor.type == "html_block" and cursor.node.content.lstrip().startswith("<!")):
            blocks.append(cursor)
        cursor = scan.document.next_block(cursor)
    deeper = cursor is not None and cursor.section.level > heading.section.level
    return blocks, deeper


def _tokens_are_bold(tokens: list[Token]) -> bool:
    meaningful = [token for token in tokens if not (token.type == "text" and not token.content.strip())]
    meaningful = [token for token in meaningful if not _is_break_tag(token)]
    return (
        len(meaningful) >= 3
        and meaningful[0].type == "strong_open"
        and meaningful[-1].type == "strong_close"
        and _matching(meaningful, 0) == len(meaningful) - 1
    )


def _is_break_tag(token: Token) -> bool:
    return token.type == "html_inline" and re.fullmatch(r"<br\s*/?>", token.content.strip(), re.I) is not None


def _matching(tokens: list[Token], start: int) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index].type == "strong_open":
            depth += 1
        elif tokens[index].type == "strong_close":
            depth -= 1
            if depth == 0:
                return index
    return -1


def first_line_bold(node: SyntaxTreeNode) -> bool:
    """The paragraph's first line is wholly bold (a gloss or a pseudo-heading)."""
    lines = lines_of(inline_of(node))
    return bool(lines) and _tokens_are_bold(lines[0])


def _is_gloss(tokens: list[Token]) -> bool:
    """A wholly bold line that describes (not a `**Label:**` that introduces what follows)."""
    if not _tokens_are_bold(tokens):
        return False
    text = render_inline(tokens).text.strip()
    return not text.endswith(":") and _words(text) >= 2


def is_keyed(node: SyntaxTreeNode) -> bool:
    """A paragraph or list item that starts with its own key (`Term: def`, `**Term** - def`)."""
    keyed = split_key(inline_of(node), plain_colon=True)
    if keyed is None or keyed.value.is_empty:
        return False
    if keyed.style == "code":
        return True
    return bool(keyed.separator) and _words(keyed.key.text) <= 6


def _item_paragraphs(node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    items = [item for item in node.children if item.type == "list_item"]
    return [item.children[0] for item in items if item.children and item.children[0].type == "paragraph"]


def _short_fact_list(node: SyntaxTreeNode) -> bool:
    """A bullet list of a few short items (features, components, examples): not a run of prose
    facts (full sentences), not an outline (most items with their own sub-list), no links."""
    items = [item for item in node.children if item.type == "list_item"]
    if node.type != "bullet_list" or not items or len(items) > _MAX_LIST_ITEMS:
        return False
    paragraphs = _item_paragraphs(node)
    if not paragraphs:
        return False
    nested = sum(1 for item in items if any(child.type in _LIST_TYPES for child in item.children))
    if nested * 2 > len(items):
        return False
    rendered = [render_inline(inline_of(paragraph)) for paragraph in paragraphs]
    if any(_has_link(text) for text in rendered):
        return False
    sentences = sum(1 for text in rendered if text.text.rstrip().endswith("."))
    if sentences * 2 > len(rendered):
        return False
    lengths = sorted(_words(text.text) for text in rendered)
    return lengths[len(lengths) // 2] <= _MAX_ITEM_WORDS and lengths[-1] <= 2 * _MAX_ITEM_WORDS


def _holds_math(node: SyntaxTreeNode) -> bool:
    """A paragraph with a formula, or a list whose items (or sub-items) are formulas."""
    if node.type == "paragraph":
        return has_math(node)
    return node.type in _LIST_TYPES and any(
        _holds_math(child) and (child.type != "paragraph" or len(paragraph_lines(child)) == 1)
        for item in node.children
        for child in item.children
    )  # a multi-line item with math is a term of its own ("- Isothermal Process <br> ..."), not a formula


def _describes(section: Section, node: SyntaxTreeNode) -> bool:
    """A list alone under a heading describes it when its items are fragments that continue the
    heading ("- act as built-in firewalls": most start in lower case) or the first item names it."""
    paragraphs = _item_paragraphs(node)
    texts = [render_inline(inline_of(paragraph)).text.strip() for paragraph in paragraphs]
    lower = sum(1 for text in texts if text[:1].islower())
    if texts and lower * 2 > len(texts):
        return True
    if len(texts) >= 2 and all(_words(text) <= _MAX_NAME_WORDS for text in texts):
        return True  # an enumeration of names ("Four components of GDP" / "- Consumption" ...)
    core = _core_term(section.title)
    return bool(texts and core) and _term_regex(core, bounded=True).search(texts[0]) is not None


def _has_link(text: Rendered) -> bool:
    return text.residual.split() != text.text.split()


def _prose_start(text: str) -> bool:
    """A paragraph that opens like narration or advice ("It is ...", "You can ...", "The following
    ...", "When using ...") rather than like a definition."""
    return bool(_CONNECTIVE.match(text.strip()) or _PERSONAL.match(text.strip()))


def _mostly_keyed_list(node: SyntaxTreeNode) -> bool:
    paragraphs = _item_paragraphs(node)
    keyed = sum(1 for paragraph in paragraphs if is_keyed(paragraph))
    return bool(paragraphs) and keyed * 2 > len(paragraphs)


def _complete(text: str) -> str:
    """The text without a trailing fragment cut mid-sentence ("... the urine. Drugs are also"), and
    without runs of stray asterisks that a paste left behind ("intensive ****and not")."""
    text = re.sub(r"(?<=\S)[ \t]*\*{3,}[ \t]*(?=\S)", " ", text)
    stripped = text.rstrip()
    if not stripped or stripped[-1] in ".!?:)\"”'$":
        return stripped
    match = _CUT_TAIL.search(stripped)
    if match and _words(match.group(1)) <= 4 and match.group(1)[-1:].islower():
        return stripped[: match.start()].rstrip()
    return stripped


def _is_label_paragraph(block: Block, following: Block | None) -> bool:
    """A one-line paragraph that introduces the list below it ("Benefits:", "**Core idea:**")."""
    if block.type != "paragraph" or following is None or following.type not in _LIST_TYPES:
        return False
    text = render_inline(inline_of(block.node)).text.strip()
    if re.match(PREDICATE_START, text, re.IGNORECASE):
        return False  # "Is a notification service" states something about the heading
    return "\n" not in text and _words(text) <= 6 and not text.endswith((".", "!", "?"))


def read_heading_body(scan: Scan, heading: Block) -> bool:
    """A heading and the short body under it as one card (see the comment above); True if made."""
    section = heading.section
    title = section.title
    if not title or section.todo or scan.commands.heading_command(section):
        return False
    read_acronym(scan, heading)
    blocks, deeper = body_blocks(scan, heading)
    if not blocks or not scan.is_free(blocks[0]):
        return False
    first = blocks[0]
    if first.type == "paragraph" and (is_pipe_rows(scan, first) or not _plain_prose(scan, first)):
        return False  # explicit markup, a keyed line, a caption: other rules read it
    if _is_note_title(scan, heading):
        return False
    if first.type in _LIST_TYPES and _code_keyed_list(first.node):
        return False  # "### Lifecycle" over `cmd` does ... items: the list rules read each command
    if first.type in _LIST_TYPES:
        lead = _item_paragraphs(first.node)
        if lead and _defines_itself(section, render_inline(inline_of(lead[0]))):
            # "### Motives" / "- Motives are the smallest ...": the first bullet defines the term.
            made = read_heading_answer(scan, first, render_inline(inline_of(lead[0])))
            if made:
                scan.headed.add(section.index)
            return made
    if title.endswith("?"):
        return _question(scan, heading, blocks)
    if first.type == "paragraph" and _defines_itself(section, render_inline(inline_of(first.node))):
        return False  # "### S3 Simplified" / "S3 provides ...": the first-sentence rule reads it
    if _words(_core_term(title) or title) > _MAX_TERM_WORDS:
        return False
    return _term(scan, heading, blocks, deeper)


def _code_keyed_list(node: SyntaxTreeNode) -> bool:
    """Most items open with a code key (plain or inside a link) and describe it: a command list."""
    paragraphs = _item_paragraphs(node)
    keyed = 0
    for paragraph in paragraphs:
        split = split_key(inline_of(paragraph), plain_colon=True)
        if split is None or split.value.is_empty:
            continue
        if split.style == "code" or (split.style == "link" and split.key.text.startswith("`")):
            keyed += 1
    return bool(paragraphs) and keyed * 3 >= len(paragraphs) * 2


def _plain_prose(scan: Scan, block: Block) -> bool:
    """A paragraph no other rule would take as its own: no explicit markup, no key, no caption."""
    tokens = inline_of(block.node)
    if not tokens:
        return False
    lines = paragraph_lines(block.node)
    if any("::" in line or line.strip() in {"?", "??"} or "==" in line for line in lines):
        return False
    if code_only_paragraph(block.node) is not None:
        return False
    following = scan.document.next_block(block)
    if following is not None and following.type in {"fence", "code_block"}:
        return False
    if has_math(block.node):
        return True  # "Equation for Latent Heat: <br> $Q=mL$": a named formula, not a keyed line
    keyed = split_key(tokens)
    if keyed is not None and (keyed.style == "code" or keyed.separator) and not keyed.value.is_empty:
        return False
    return not is_keyed(block.node)


def _is_note_title(scan: Scan, heading: Block) -> bool:
    """The note's first heading at its top level names the whole note, not a term."""
    sections = scan.document.sections
    if len(sections) < 2 or heading.section is not sections[1]:
        return False
    if scan.document.title and scan.document.title != heading.section.title:
        return False  # the front matter names the note; its first heading is a term like the others
    return heading.section.level == min(section.level for section in sections[1:])


def _defines_itself(section: Section, text: Rendered) -> bool:
    """Whether the first-sentence rule (`read_heading_answer`) would read this text."""
    core = _core_term(section.title)
    if not core or len(core.split()) > 5 or "`" in core:
        return False
    sentence = _first_sentence(text.text)
    letters = re.match(r"[A-Za-z]+", core)
    if letters and sentence.isascii() and letters.group().lower() not in sentence.lower():
        return False
    if _prose_start(sentence):
        return False  # "If the Internet Gateway is not attached ...": a condition, not a definition
    return _opens_with_term(core, sentence) and len(sentence) <= _MAX_ANSWER


def _question(scan: Scan, heading: Block, blocks: list[Block]) -> bool:
    """`### What is X?` with paragraphs and lists under it: the body is the answer."""
    run: list[Block] = []
    for block in blocks:
        if block.type not in _LIST_TYPES and block.type != "paragraph":
            break
        if not scan.is_free(block):
            break
        run.append(block)
    if not run:
        return False
    answer = render_blocks([block.node for block in run])
    if answer.is_empty or answer.is_link_only or len(answer.text) > _MAX_QUESTION_ANSWER:
        return False
    if len(run) == 1 and run[0].type == "paragraph" and len(answer.text) <= _MAX_ANSWER:
        return False  # the first-sentence rule makes this card, with the same key
    section = heading.section
    made = scan.sink.card(Kind.QA, section.title, answer.text, section.title, section.context, section.line)
    if made:
        scan.consume(*[block for block in run if block.type == "paragraph"])
        scan.headed.add(section.index)
    return made


def _term(scan: Scan, heading: Block, blocks: list[Block], deeper: bool) -> bool:
    """A term heading over a gloss, a formula, a short paragraph or a short list."""
    section = heading.section
    first = blocks[0]
    lines = lines_of(inline_of(first.node)) if first.type == "paragraph" else []
    gloss = bool(lines and _is_gloss(lines[0])) or (
        first.type in _LIST_TYPES
        and bool(_item_paragraphs(first.node))
        and _is_gloss(inline_of(_item_paragraphs(first.node)[0]))
        and _words(render_inline(inline_of(_item_paragraphs(first.node)[0])).text) >= 3
    )
    following = blocks[1] if len(blocks) > 1 else None
    if gloss and len(lines) == 1 and following is not None and following.type == "paragraph" and has_math(following.node):
        return False  # "**Efficiency of an Engine**" over its formula: the bold line names the formula
    if _is_label_paragraph(first, following) and not gloss:
        return False  # "Members" / "- ...": the label names the list, the heading only groups
    if lines and _tokens_are_bold(lines[0]) and not gloss:
        return False  # "**1. Avoid ...:**": the heading groups bold pseudo-headings, each its own card
    run = _answer_run(scan, blocks)
    if run and _prose_continues(blocks[len(run)] if len(run) < len(blocks) else None):
        return False  # the body goes on in prose past the run: the heading's answer would be a fragment
    if run and run[-1].type == "paragraph" and render_inline(inline_of(run[-1].node)).text.rstrip().endswith(":"):
        run = run[:-1]  # "... follow these steps:" introduces what the run left out
    if not run:
        return False
    formula = any(_holds_math(block.node) for block in run)
    strong = gloss or formula
    if deeper and not strong:
        # A section title over sub-headings, unless it opens with one short statement of its own.
        if first.type != "paragraph" or _words(render_inline(inline_of(first.node)).text) > _MAX_INTRO_WORDS:
            return False
        run = run[:1]
    if not strong:
        cut = next(
            (index for index, block in enumerate(run) if block.type in _LIST_TYPES and not _short_fact_list(block.node)),
            None,
        )
        run = run if cut is None else run[:cut]  # prose-fact lists and outlines are read on their own
        if not run or not _plain_body(section, run, blocks):
            return False
    parts: list[Rendered] = []
    for block in run:
        if block.type == "paragraph" and has_math(block.node):
            text = formula_text(block.node)
            parts.append(Rendered(text, text))
        else:
            parts.append(render_blocks([block.node]))
    answer = join_rendered(parts)
    text = _complete(answer.text)
    if not text or answer.is_link_only:
        return False
    if not strong and len(text) > _MAX_PLAIN_ANSWER:
        return False
    answer = Rendered(text, answer.residual)
    name, line = _core_term(section.title) or section.title, section.line
    caption = _formula_caption(first) if formula else None
    if caption is not None:  # "Equation for Latent Heat:" names the formula below it
        name, line = caption, first.start
        answer = Rendered(text.split("\n", 1)[1], answer.residual)
    term = Rendered(name, name)
    single = len(run) == 1 and run[0].type == "paragraph" and not formula and len(text) <= _MAX_ANSWER
    made = add_definition(scan, term, answer, section, line, reverse=single)
    if made:
        scan.consume(*[block for block in run if block.type == "paragraph"])
        scan.headed.add(section.index)
    return made


def _prose_continues(block: Block | None) -> bool:
    """The paragraph that stopped a heading's answer run opens like `Word ...: ...` but goes on for
    several sentences ("The reason is simple: soil ... moisture. It also stays cooler."): a keyed
    line's description is one statement, so this is prose that continues the body, not a new item."""
    if block is None or block.type != "paragraph" or not is_keyed(block.node):
        return False
    keyed = split_key(inline_of(block.node), plain_colon=True)
    if keyed is None or keyed.style != "plain":
        return False
    return len(_SENTENCE_END.split(keyed.value.text.strip())) > 1


def _plain_body(section: Section, run: list[Block], blocks: list[Block]) -> bool:
    """A body without a gloss or formula is an answer only when it is short and reads as one: a few
    short paragraphs that do not open like narration and hold no links, or one list that describes
    the heading; never a how-to section (code under it)."""
    paragraphs = [block for block in run if block.type == "paragraph"]
    lists = [block for block in run if block.type in _LIST_TYPES]
    if len(paragraphs) > _MAX_BODY_PARAGRAPHS or any(block.type in {"fence", "code_block"} for block in blocks):
        return False
    texts = [render_inline(inline_of(block.node)) for block in paragraphs]
    if any(_has_link(text) for text in texts) or (texts and _prose_start(texts[0].text)):
        return False
    words = [_words(text.text) for text in texts]
    if any(count > _MAX_PARAGRAPH_WORDS for count in words) or sum(words) > _MAX_BODY_WORDS:
        return False
    return bool(paragraphs) or (len(lists) == 1 and _describes(section, lists[0].node))


def _formula_caption(block: Block) -> str | None:
    """The first line of a formula paragraph when it names the formula: no math, ends with ':'."""
    if block.type != "paragraph":
        return None
    lines = [line for line in formula_text(block.node).split("\n") if line.strip()]
    if len(lines) < 2 or not lines[0].rstrip().endswith(":") or "$" in lines[0] or "$" not in lines[1]:
        return None
    caption = render_markdown_text(lines[0]).text.strip().rstrip(":").strip()
    return caption if 0 < _words(caption) <= _MAX_TERM_WORDS else None


def _answer_run(scan: Scan, blocks: list[Block]) -> list[Block]:
    """The leading blocks of a body that answer its heading: prose, formulas and their legends, and
    lists of plain items; it stops at a keyed line, a label over a list, a table, code or a rule."""
    run: list[Block] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if not scan.is_free(block):
            break
        if block.type == "paragraph":
            if run and (is_keyed(block.node) or _is_label_paragraph(block, following)):
                break
            if run and first_line_bold(block.node) and not has_math(block.node):
                break  # a bold pseudo-heading starts its own card
            if render_inline(inline_of(block.node)).is_empty:
                break
            run.append(block)
        elif block.type in _LIST_TYPES:
            if _mostly_keyed_list(block.node):
                break  # a glossary list: its items are the cards, the heading only groups them
            run.append(block)
        else:
            break
    return run


def read_acronym(scan: Scan, heading: Block) -> bool:
    """`Perfect Authentic Cadence (PAC)` or `EC2 (Elastic Compute Cloud)`: the short form is a term
    whose answer is the long form, when the initials of the long form spell the short one."""
    match = _ACRONYM.match(heading.section.title)
    if match is None:
        return False
    long_form, short_form = match.group("long").strip(), match.group("short").strip()
    if _is_acronym(short_form) and _initials_match(short_form, long_form):
        acronym, expansion = short_form, long_form
    elif _is_acronym(long_form) and _initials_match(long_form, short_form):
        acronym, expansion = long_form, short_form
    else:
        return False
    section = heading.section
    return scan.sink.card(Kind.DEFINITION, acronym, expansion, acronym, section.context, section.line)


def _is_acronym(text: str) -> bool:
    return " " not in text and 2 <= len(text) <= 8 and sum(1 for char in text if char.isupper()) >= 2


def _initials_match(acronym: str, expansion: str) -> bool:
    """The acronym's letters appear, in order, as initials of the expansion's words (a word's other
    capitals count too: "CloudWatch"), and the first letters agree."""
    words = [word for word in re.split(r"[\s/-]+", expansion) if word]
    letters = [char.lower() for char in acronym if char.isalpha()]
    if not letters:
        return False
    # A leading name or article may stand before the expanded words ("Amazon Virtual Private Cloud").
    skip = next((index for index, word in enumerate(words[:3]) if word[0].lower() == letters[0]), None)
    if skip is None:
        return False
    words = words[skip:]
    if len(words) < 2:
        return False
    initials = [word[0].lower() for word in words]
    position = 0
    for letter in letters:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True
