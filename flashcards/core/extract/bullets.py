"""Lists whose items start with a key: definitions, commands and flags, and outlines of terms.

Each item's key is read the way its list decided as a whole (`list_groups`: the separator plain keys
stand before, whether they are unmarked code) and its card made by `keyed_cards.emit_keyed`. A bold
key after an article or a name ("A **coda** is ...") is a key when a defining verb follows. A prose
bullet with a colon mid-sentence in an otherwise plain list is no key, and neither is a list whose
descriptions repeat (`Two Sum - Easy`: a category per item).

Outlines: a bullet that is a short term over sub-bullets is a definition whose answer is the
sub-bullets kept as a list (`- skeleton` / `- structural frame ...`); a sub-bullet that is itself a
keyed item or a sub-outline gets a card whose front names the term (`skeleton — functions`). A plain
term over keyed items only is a group label (`- bones` / `- axial skeleton: ...`): no card of its own.
A marked term over keyed facets keeps its card; a marked label over unmarked code (`**List Methods:**`)
does not. Bare names under a term (bone names) describe nothing; a term over one code span is the
description of that code. A term that recurs in the note (`Benefits` under several headings) is a
generic label and its front names the section.

A list where at least half the items are only links is a list of links (sources, a table of contents,
further reading) and gives no card. A list where no item has a key gives no card either (prose
bullets such as "Advantages"); an ordered one is a sequence of steps (see `steps`). A nested list under
a command bullet that says "accomplishes the same thing" inherits its parent's purpose. A bullet that
introduces a code block ("- Flatten an image" + code) is a caption (see `code_blocks`).
"""

from __future__ import annotations

import re

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.code_blocks import code_only_paragraph, read_captioned, read_fence
from flashcards.core.extract.document import Block, Section
from flashcards.core.extract.explicit import holds_explicit_markup, read_explicit_paragraph
from flashcards.core.extract.facts import SUMMARY_LABELS, add_command, add_definition, is_label, label_of
from flashcards.core.extract.heading_sentences import read_heading_answer
from flashcards.core.extract.keyed_cards import VERB_START, ParentCommand, emit_keyed, prefer_reverse
from flashcards.core.extract.keys import KeyedText, looks_like_code, outside_brackets, plain_key_ok, split_key
from flashcards.core.extract.list_groups import (
    Group,
    first_paragraph,
    group_of,
    is_link_item,
    item_line,
    lead_tokens,
    list_items,
    marked_key,
    nested_lists,
    split_item,
)
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.steps import read_steps
from flashcards.core.extract.text import EMPTY, Rendered, inline_of, join_rendered, render_blocks, render_inline


_PLURAL_VERB_START = re.compile(r"^[a-z]{2,}\b(?!['’])")


def read_list(scan: Scan, block: Block) -> None:
    """A bullet or ordered list: each item's card, outline terms, captions and steps (see the module
    docstring)."""
    scan.consume(block)
    _read_list_node(scan, block.node, block, parent=None, parent_lead=None)


def _read_list_node(
    scan: Scan,
    node: SyntaxTreeNode,
    block: Block,
    parent: ParentCommand | None,
    parent_lead: tuple[Rendered, int] | None,
    prefix: str | None = None,
) -> None:
    items = list_items(node)
    line = item_line(node, block.start)
    if not items:
        return
    links = sum(1 for item in items if is_link_item(item))
    if links * 2 >= len(items):
        scan.sink.skip(line, "list of links")
        return
    if len(items) == 1 and _single_item_caption(scan, items[0], block):
        return
    group = group_of(items, prefix)
    outcomes: list[bool | None] = []
    for item in items:
        outcomes.append(_read_item(scan, item, block, parent, group))
    keyed = sum(1 for outcome in outcomes if outcome)
    unkeyed = [item for item, outcome in zip(items, outcomes, strict=True) if outcome is False]
    if prefix is not None:
        return  # the items of an outline term are its answer, already on the term's card
    if keyed == 0 and unkeyed:
        first = first_paragraph(items[0])
        if node.type == "ordered_list" and len(unkeyed) >= 2 and read_steps(scan, node, block, parent_lead):
            return
        if (
            node is block.node
            and first is not None
            and read_heading_answer(scan, block, render_inline(inline_of(first)))
        ):
            return  # "### What is AWS KMS?" / "- AWS KMS is a managed service that ..."
        scan.sink.skip(line, "list without keys (prose bullets)")
    else:
        for item in unkeyed:
            scan.sink.skip(item_line(item, line), "bullet without a key")


def _single_item_caption(scan: Scan, item: SyntaxTreeNode, block: Block) -> bool:
    """`- Run a container:` (or `1. To list files:`) followed by a code block below the list."""
    paragraph = first_paragraph(item)
    if paragraph is None or len(item.children) != 1:
        return False
    lead = render_inline(inline_of(paragraph))
    if not lead.text.rstrip().endswith(":"):
        return False
    following = scan.document.next_block(block)
    if following is None or not scan.is_free(following):
        return False
    code = code_only_paragraph(following.node) if following.type == "paragraph" else None
    if following.type not in {"fence", "code_block"} and code is None:
        return False
    if read_captioned(scan, lead, item_line(item, block.start), following, block.section):
        scan.consume(following)
        return True
    return False


# An article or a possessive name before the term: "A **double period** consists of",
# "Volume Gateway's **Stored Volumes** let you ..." (the term still opens the sentence).
_TERM_PREFIX = re.compile(r"^\s*(?:[Tt]he|[Aa]n?|(?:(?:[Tt]he|[Aa]n?)\s+)?(?:[\w-]+\s+){0,2}[\w-]+['’]s)\s+$")


def _prefixed_bold(tokens: list[Token]) -> KeyedText | None:
    """A bold term after an article or a name, followed by a defining verb."""
    if len(tokens) < 4 or tokens[0].type != "text" or not _TERM_PREFIX.match(tokens[0].content):
        return None
    if tokens[1].type != "strong_open":
        return None
    keyed = split_key(tokens[1:])
    if keyed is None or keyed.separator or keyed.style != "bold":
        return None
    possessive = tokens[0].content.rstrip().endswith(("'s", "’s"))
    # After a name's possessive any verb may follow ("... **Stored Volumes** let you"); after an
    # article only a defining one ("A **main** reason is" is no definition of "main").
    starts = _PLURAL_VERB_START if possessive else VERB_START
    return keyed if starts.match(keyed.value.text) else None


def _composite(prefix: str | None, keyed: KeyedText) -> KeyedText:
    """`skeleton — functions`: a key under an outline term names the term too."""
    if prefix is None or keyed.code is not None:
        return keyed
    text = f"{prefix} — {keyed.key.text.strip()}"
    return KeyedText(Rendered(text, text), keyed.style, keyed.code, keyed.separator, keyed.value)


def _emit_plain_code(scan: Scan, keyed: KeyedText, section: Section, line: int) -> bool:
    """In a list of unmarked code keys (`pop() - removes ...`): code → purpose, or, for a
    `Label: code` line among them, the label is the purpose of the code that follows it."""
    key_text = keyed.key.text.strip()
    if looks_like_code(key_text) or not looks_like_code(keyed.value.text):
        return add_command(scan, key_text, keyed.value, section, line)
    return add_command(scan, keyed.value.text, keyed.key, section, line)


def _term_lead(lead: Rendered) -> str | None:
    """The lead of an item as an outline term (`skeleton`, `trachea (windpipe)`, `1789`), or None
    when it is a sentence, a lead-in ("ensures that:") or empty."""
    text = lead.text.strip()
    if not text or "\n" in text or text.endswith(":") or lead.is_link_only:
        return None
    words = re.sub(r"`[^`]*`", "x", text)  # "Blank pattern `_`": the code is one word of the term
    return text if plain_key_ok(words) and not is_label(words.split()[0]) else None


def _descriptive(children: list[SyntaxTreeNode]) -> bool:
    """Children that describe a term: a phrase of three or more words, or two or more sub-outlines
    (a list of bare names, such as bone names, describes nothing)."""
    subs = 0
    for child in children:
        text = render_inline(lead_tokens(child)).text
        if len(outside_brackets(text).split()) >= 3 or len(text.split()) >= 6:
            return True
        subs += bool(nested_lists(child))
    return subs >= 2 and subs == len(children)


def _outline_answer(children: list[SyntaxTreeNode]) -> Rendered:
    """The term's children, each sub-outline by its lead only (it gets a card of its own)."""
    parts: list[Rendered] = []
    for child in children:
        if nested_lists(child):
            body = render_inline(lead_tokens(child))
        else:
            body = render_blocks(child.children)
        if not body.is_empty:
            parts.append(Rendered("- " + body.text.replace("\n", "\n  "), "- " + body.residual))
    return join_rendered(parts)


def _read_outline(
    scan: Scan, item: SyntaxTreeNode, block: Block, term: str, group: Group, line: int, plain: bool
) -> bool:
    """`- skeleton` over `- structural frame ...`: the parent bullet is the term, its children the
    answer (kept as a list). Children that are keyed items or sub-outlines also get cards, their
    fronts naming the term (`skeleton — functions`). A term whose children are keyed items only
    (`- bones` / `- axial skeleton: ...`) is a group label: the children are the cards."""
    lists = nested_lists(item)
    children = [child for nested in lists for child in list_items(nested)]
    if len(children) == 1 and not nested_lists(children[0]):
        code = _sole_code_item(children[0])
        if code is not None:  # "- Plot a single function" / "  - `Plot[f, {x, a, b}]`"
            return add_command(scan, code, Rendered(term, term), block.section, line)
    child_group = group_of(children)
    front = f"{group.prefix} — {term}" if group.prefix else term
    repeated = _outline_terms(scan).get(term.lower(), 0) > 1
    if group.prefix is None and block.section.title and (repeated or label_of(term) in SUMMARY_LABELS):
        front = f"{block.section.title} — {term}"  # "## AWS Shield" / "- benefits": a label of the section
    label = child_group.separator is not None or all(
        marked_key(child) for child in children if lead_tokens(child)
    )
    if label and not plain and not child_group.code_keys:
        # `**File type** (`-rw-`):` over `First character: ...`: a marked term over its keyed facets
        # keeps its card (the facets as a list) and the facets are cards too; a marked label over
        # code (`**List Methods:**` / `pop() - ...`) is only a heading for its commands.
        if not add_definition(scan, Rendered(front, front), render_blocks(lists), block.section, line):
            return False
    elif not label:
        if any(nested.type == "ordered_list" for nested in lists) or not _descriptive(children):
            return False  # numbered sub-items are steps; bare names describe nothing
        answer = _outline_answer(children)
        if not add_definition(scan, Rendered(front, front), answer, block.section, line):
            return False
    for nested in lists:  # under a marked label (`**Cases:**`) the items are terms in their own right
        _read_list_node(scan, nested, block, None, None, prefix=term if plain or not label else None)
    return True


def _explicit_children(lists: list[SyntaxTreeNode]) -> bool:
    """A child bullet written as an explicit card (a cloze, a `?` line, `Q:`) is the explicit rule's:
    its parent is then no outline term over it (one rule reads a group)."""
    return any(
        (paragraph := first_paragraph(child)) is not None and holds_explicit_markup(paragraph)
        for nested in lists
        for child in list_items(nested)
    )


def _outline_terms(scan: Scan) -> dict[str, int]:
    """How often each outline term occurs in the note: a term that recurs (`Benefits` under several
    headings) is a generic label and its card names the section too. Counted once per note."""
    if scan.outline_terms is None:
        counts: dict[str, int] = {}
        stack = [block.node for block in scan.document.blocks if block.type in {"bullet_list", "ordered_list"}]
        while stack:
            node = stack.pop()
            for item in list_items(node):
                lists = nested_lists(item)
                if lists:
                    lead = render_inline(lead_tokens(item)).text.strip().rstrip(":").strip().lower()
                    counts[lead] = counts.get(lead, 0) + 1
                    stack.extend(lists)
        scan.outline_terms = counts
    return scan.outline_terms


_ITEM_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.)]+\s*")


def _read_inner_outlines(scan: Scan, item: SyntaxTreeNode, block: Block) -> set[int]:
    """Inside one bullet, a short line over its own sub-list ("1.) Clustered Placement Groups" /
    "  - Clustered placement grouping is when ..."): each is an outline term. Returns the sub-lists
    used (by id)."""
    used: set[int] = set()
    children = item.children
    for index in range(1, len(children) - 1):
        paragraph, following = children[index], children[index + 1]
        if paragraph.type != "paragraph" or following.type not in {"bullet_list", "ordered_list"}:
            continue
        lead = render_inline(inline_of(paragraph))
        term = _ITEM_NUMBER.sub("", lead.text).strip()
        sub_items = list_items(following)
        if not term or lead.is_link_only or not plain_key_ok(term) or term.endswith(":"):
            continue
        if not _descriptive(sub_items) or group_of(sub_items).separator is not None:
            continue
        line = item_line(paragraph, block.start)
        if add_definition(scan, Rendered(term, term), _outline_answer(sub_items), block.section, line):
            used.add(id(following))
    return used


def _sole_code_item(item: SyntaxTreeNode) -> str | None:
    """The code of an item that is one code span and nothing else."""
    tokens = [token for token in lead_tokens(item) if not (token.type == "text" and not token.content.strip())]
    if len(item.children) == 1 and len(tokens) == 1 and tokens[0].type == "code_inline":
        return tokens[0].content.strip() or None
    return None


def _read_item(
    scan: Scan, item: SyntaxTreeNode, block: Block, parent: ParentCommand | None, group: Group
) -> bool | None:
    """Cards from one list item. True: a fact; False: prose; None: nothing to say about it."""
    section = block.section
    line = item_line(item, block.start)
    paragraph = first_paragraph(item)
    rest = item.children[1:] if paragraph is not None else item.children
    nested = [child for child in rest if child.type in {"bullet_list", "ordered_list"}]
    if paragraph is None:
        for child in item.children:
            if child.type in {"fence", "code_block"}:
                read_fence(scan, child, section)
            elif child.type in {"bullet_list", "ordered_list"}:
                _read_list_node(scan, child, block, parent, None)  # `- # Heading` over its blocks
        return None
    if read_explicit_paragraph(scan, paragraph, section, block):
        for child in nested:
            _read_list_node(scan, child, block, parent, None)
        return True
    tokens = lead_tokens(item)
    lead = render_inline(tokens)
    if lead.is_empty:
        lead = EMPTY  # only a picture names nothing: the item's children are read as a list of their own
    extras = [child for child in rest if child.type not in {"bullet_list", "ordered_list"}]
    keyed = prefer_reverse(scan, split_item(tokens, group) or _prefixed_bold(tokens), tokens)
    if nested and not extras and (keyed is None or keyed.value.is_empty) and not _explicit_children(nested):
        term = _term_lead(lead) if keyed is None else keyed.key.text.strip()
        if term and _read_outline(scan, item, block, term, group, line, plain=keyed is None):
            return True
    outcome: str | None = None
    if keyed is not None and (not keyed.value.is_empty or nested or extras):
        value, separator = keyed.value, keyed.separator
        if extras:
            value = join_rendered([value, render_blocks(extras)])
        if value.is_empty and nested:
            value, separator = render_blocks(nested), separator or ":"
            nested = []
        keyed = KeyedText(keyed.key, keyed.style, keyed.code, separator, value)
        if keyed.style == "plain" and group.code_keys and keyed.separator:
            outcome = "command" if _emit_plain_code(scan, keyed, section, line) else ""
        else:
            keyed = _composite(group.prefix, keyed)
            outcome = emit_keyed(scan, keyed, section, line, in_list=True, parent=parent)
    if outcome is None:
        codes = [child for child in extras if child.type in {"fence", "code_block"}]
        made = False
        for code in codes:
            made = read_fence(scan, code, section) or made
        if not made and len(codes) == 1 and not nested:
            made = read_captioned(scan, lead, line, codes[0], section, in_item=True)
        if made:
            return True
        used = _read_inner_outlines(scan, item, block)
        if used:
            for child in nested:
                if id(child) not in used:
                    _read_list_node(scan, child, block, parent, (lead, line))
            return True
    child_parent = parent
    if outcome == "command" and keyed is not None and keyed.code is not None:
        child_parent = ParentCommand(keyed.code, keyed.value.text)
    for child in nested:
        _read_list_node(scan, child, block, child_parent, (lead, line))
    if outcome is not None:
        return True
    return False if not lead.is_empty else None
