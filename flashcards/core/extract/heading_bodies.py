"""What sits under a heading, and the shapes that make it the heading's answer or only its title.

The heading-body rule (`headings`) decides from these: the blocks up to the next heading, a wholly
bold gloss line, keyed lines and lists of keyed items (their items are cards of their own), a short
list of fragments, formulas, a label over a list, prose that opens like narration, the run of
leading blocks that answers the heading, and whether that run is short and plain enough to be one
answer. They are pure tests of the document (no card is made here), kept apart from the rule that
builds the card so that each can be read on its own.
"""

from __future__ import annotations

import re

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.code_blocks import code_only_paragraph
from flashcards.core.extract.document import Block, Section
from flashcards.core.extract.explicit_markup import paragraph_lines
from flashcards.core.extract.formulas import formula_text, has_math
from flashcards.core.extract.heading_sentences import SENTENCE_END, core_term, prose_start, term_regex
from flashcards.core.extract.keys import lines_of, split_key
from flashcards.core.extract.pseudo_headings import PREDICATE_START
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import Rendered, inline_of, render_inline, render_markdown_text


LIST_TYPES = frozenset({"bullet_list", "ordered_list"})
_MAX_BODY_PARAGRAPHS = 3
_MAX_PARAGRAPH_WORDS = 90
_MAX_BODY_WORDS = 140
_MAX_LIST_ITEMS = 12
_MAX_ITEM_WORDS = 16
MAX_TERM_WORDS = 7
_MAX_NAME_WORDS = 3
_CUT_TAIL = re.compile(r"(?<=[.!?])\s+([^.!?]{1,40})$")


def word_count(text: str) -> int:
    """Words of a text, as the body limits count them (split at whitespace)."""
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


def tokens_are_bold(tokens: list[Token]) -> bool:
    """The line is one bold span from its first token to its last (`<br>` aside): a gloss or a
    pseudo-heading."""
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
    return bool(lines) and tokens_are_bold(lines[0])


def is_gloss(tokens: list[Token]) -> bool:
    """A wholly bold line that describes (not a `**Label:**` that introduces what follows)."""
    if not tokens_are_bold(tokens):
        return False
    text = render_inline(tokens).text.strip()
    return not text.endswith(":") and word_count(text) >= 2


def is_keyed(node: SyntaxTreeNode) -> bool:
    """A paragraph or list item that starts with its own key (`Term: def`, `**Term** - def`)."""
    keyed = split_key(inline_of(node), plain_colon=True)
    if keyed is None or keyed.value.is_empty:
        return False
    if keyed.style == "code":
        return True
    return bool(keyed.separator) and word_count(keyed.key.text) <= 6


def item_paragraphs(node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    """The first paragraph of each item of a list: what its items say, without their sub-blocks."""
    items = [item for item in node.children if item.type == "list_item"]
    return [item.children[0] for item in items if item.children and item.children[0].type == "paragraph"]


def short_fact_list(node: SyntaxTreeNode) -> bool:
    """A bullet list of a few short items (features, components, examples): not a run of prose
    facts (full sentences), not an outline (most items with their own sub-list), no links."""
    items = [item for item in node.children if item.type == "list_item"]
    if node.type != "bullet_list" or not items or len(items) > _MAX_LIST_ITEMS:
        return False
    paragraphs = item_paragraphs(node)
    if not paragraphs:
        return False
    nested = sum(1 for item in items if any(child.type in LIST_TYPES for child in item.children))
    if nested * 2 > len(items):
        return False
    rendered = [render_inline(inline_of(paragraph)) for paragraph in paragraphs]
    if any(_has_link(text) for text in rendered):
        return False
    sentences = sum(1 for text in rendered if text.text.rstrip().endswith("."))
    if sentences * 2 > len(rendered):
        return False
    lengths = sorted(word_count(text.text) for text in rendered)
    return lengths[len(lengths) // 2] <= _MAX_ITEM_WORDS and lengths[-1] <= 2 * _MAX_ITEM_WORDS


def holds_math(node: SyntaxTreeNode) -> bool:
    """A paragraph with a formula, or a list whose items (or sub-items) are formulas."""
    if node.type == "paragraph":
        return has_math(node)
    return node.type in LIST_TYPES and any(
        holds_math(child) and (child.type != "paragraph" or len(paragraph_lines(child)) == 1)
        for item in node.children
        for child in item.children
    )  # a multi-line item with math is a term of its own ("- Isothermal Process <br> ..."), not a formula


def _describes(section: Section, node: SyntaxTreeNode) -> bool:
    """A list alone under a heading describes it when its items are fragments that continue the
    heading ("- act as built-in firewalls": most start in lower case) or the first item names it."""
    paragraphs = item_paragraphs(node)
    texts = [render_inline(inline_of(paragraph)).text.strip() for paragraph in paragraphs]
    lower = sum(1 for text in texts if text[:1].islower())
    if texts and lower * 2 > len(texts):
        return True
    if len(texts) >= 2 and all(word_count(text) <= _MAX_NAME_WORDS for text in texts):
        return True  # an enumeration of names ("Four components of GDP" / "- Consumption" ...)
    core = core_term(section.title)
    return bool(texts and core) and term_regex(core, bounded=True).search(texts[0]) is not None


def _has_link(text: Rendered) -> bool:
    return text.residual.split() != text.text.split()


def _mostly_keyed_list(node: SyntaxTreeNode) -> bool:
    paragraphs = item_paragraphs(node)
    keyed = sum(1 for paragraph in paragraphs if is_keyed(paragraph))
    return bool(paragraphs) and keyed * 2 > len(paragraphs)


def complete_sentences(text: str) -> str:
    """The text without a trailing fragment cut mid-sentence ("... the urine. Drugs are also"), and
    without runs of stray asterisks that a paste left behind ("intensive ****and not")."""
    text = re.sub(r"(?<=\S)[ \t]*\*{3,}[ \t]*(?=\S)", " ", text)
    stripped = text.rstrip()
    if not stripped or stripped[-1] in ".!?:)\"”'$":
        return stripped
    match = _CUT_TAIL.search(stripped)
    if match and word_count(match.group(1)) <= 4 and match.group(1)[-1:].islower():
        return stripped[: match.start()].rstrip()
    return stripped


def is_label_paragraph(block: Block, following: Block | None) -> bool:
    """A one-line paragraph that introduces the list below it ("Benefits:", "**Core idea:**")."""
    if block.type != "paragraph" or following is None or following.type not in LIST_TYPES:
        return False
    text = render_inline(inline_of(block.node)).text.strip()
    if re.match(PREDICATE_START, text, re.IGNORECASE):
        return False  # "Is a notification service" states something about the heading
    return "\n" not in text and word_count(text) <= 6 and not text.endswith((".", "!", "?"))


def code_keyed_list(node: SyntaxTreeNode) -> bool:
    """Most items open with a code key (plain or inside a link) and describe it: a command list."""
    paragraphs = item_paragraphs(node)
    keyed = 0
    for paragraph in paragraphs:
        split = split_key(inline_of(paragraph), plain_colon=True)
        if split is None or split.value.is_empty:
            continue
        if split.style == "code" or (split.style == "link" and split.key.text.startswith("`")):
            keyed += 1
    return bool(paragraphs) and keyed * 3 >= len(paragraphs) * 2


def plain_prose(scan: Scan, block: Block) -> bool:
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


def is_note_title(scan: Scan, heading: Block) -> bool:
    """The note's first heading at its top level names the whole note, not a term."""
    sections = scan.document.sections
    if len(sections) < 2 or heading.section is not sections[1]:
        return False
    if scan.document.title and scan.document.title != heading.section.title:
        return False  # the front matter names the note; its first heading is a term like the others
    return heading.section.level == min(section.level for section in sections[1:])


def prose_continues(block: Block | None) -> bool:
    """The paragraph that stopped a heading's answer run opens like `Word ...: ...` but goes on for
    several sentences ("The reason is simple: soil ... moisture. It also stays cooler."): a keyed
    line's description is one statement, so this is prose that continues the body, not a new item."""
    if block is None or block.type != "paragraph" or not is_keyed(block.node):
        return False
    keyed = split_key(inline_of(block.node), plain_colon=True)
    if keyed is None or keyed.style != "plain":
        return False
    return len(SENTENCE_END.split(keyed.value.text.strip())) > 1


def plain_body(section: Section, run: list[Block], blocks: list[Block]) -> bool:
    """A body without a gloss or formula is an answer only when it is short and reads as one: a few
    short paragraphs that do not open like narration and hold no links, or one list that describes
    the heading; never a how-to section (code under it)."""
    paragraphs = [block for block in run if block.type == "paragraph"]
    lists = [block for block in run if block.type in LIST_TYPES]
    if len(paragraphs) > _MAX_BODY_PARAGRAPHS or any(block.type in {"fence", "code_block"} for block in blocks):
        return False
    texts = [render_inline(inline_of(block.node)) for block in paragraphs]
    if any(_has_link(text) for text in texts) or (texts and prose_start(texts[0].text)):
        return False
    words = [word_count(text.text) for text in texts]
    if any(count > _MAX_PARAGRAPH_WORDS for count in words) or sum(words) > _MAX_BODY_WORDS:
        return False
    return bool(paragraphs) or (len(lists) == 1 and _describes(section, lists[0].node))


def formula_caption(block: Block) -> str | None:
    """The first line of a formula paragraph when it names the formula: no math, ends with ':'."""
    if block.type != "paragraph":
        return None
    lines = [line for line in formula_text(block.node).split("\n") if line.strip()]
    if len(lines) < 2 or not lines[0].rstrip().endswith(":") or "$" in lines[0] or "$" not in lines[1]:
        return None
    caption = render_markdown_text(lines[0]).text.strip().rstrip(":").strip()
    return caption if 0 < word_count(caption) <= MAX_TERM_WORDS else None


def answer_run(scan: Scan, blocks: list[Block]) -> list[Block]:
    """The leading blocks of a body that answer its heading: prose, formulas and their legends, and
    lists of plain items; it stops at a keyed line, a label over a list, a table, code or a rule."""
    run: list[Block] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if not scan.is_free(block):
            break
        if block.type == "paragraph":
            if run and (is_keyed(block.node) or is_label_paragraph(block, following)):
                break
            if run and first_line_bold(block.node) and not has_math(block.node):
                break  # a bold pseudo-heading starts its own card
            if render_inline(inline_of(block.node)).is_empty:
                break
            run.append(block)
        elif block.type in LIST_TYPES:
            if _mostly_keyed_list(block.node):
                break  # a glossary list: its items are the cards, the heading only groups them
            run.append(block)
        else:
            break
    return run
