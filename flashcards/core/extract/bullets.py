"""Lists and paragraphs whose items start with a key: definitions, commands and flags.

How much a key needs depends on where it sits:

- a code span that reads as a command line is enough on its own, in a bullet or a paragraph
  (`` `docker ps` shows all running containers ``, the seed's `` `docker port <name>` View all ... ``);
- a bold key at the start of a bullet is enough (`- **Spot instances** take advantage of ...`);
- a linked key is enough in a bullet when it is code or short (``[`docker rm`](url) deletes a container``);
- an italic key, or a bold one after an article or a name ("A **coda** is ..."), when a defining verb
  follows;
- anything else needs a separator (`**Term**: def`, `_Term_ - def`, `term = def`, `term → def`).

The whole list decides whether plain text is a key (`keys.choose_separator`): two thirds of its items
must share one separator (`May 5, 1789: event`, `pop() - removes ...`, `a = b + c; joins them`), or,
in a list keyed in mixed styles, a plain item may use an unambiguous `=` or `→`. A prose bullet with a
colon mid-sentence in an otherwise plain list is no key, and neither is a list whose descriptions repeat
(`Two Sum - Easy`: a category per item). When most plain keys are unmarked code, the cards are commands.

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
from dataclasses import dataclass

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.code_blocks import code_only_paragraph, read_captioned, read_fence
from flashcards.core.extract.commands import looks_like_flag
from flashcards.core.extract.document import Block, Section
from flashcards.core.extract.explicit import holds_explicit_markup, read_explicit_paragraph
from flashcards.core.extract.facts import SUMMARY_LABELS, add_command, add_definition, add_flag, is_label, label_of
from flashcards.core.extract.heading_sentences import read_heading_answer
from flashcards.core.extract.keys import (
    PLAIN_SEPARATORS,
    KeyedText,
    choose_separator,
    lines_of,
    looks_like_code,
    outside_brackets,
    plain_key_ok,
    plain_split,
    split_key,
    split_reverse_key,
)
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.steps import read_steps
from flashcards.core.extract.text import Rendered, code_span, inline_of, join_rendered, render_blocks, render_inline

_SAME_AS_PARENT = re.compile(r"\b(?:the same thing|same as above|does the same|the same)\b", re.IGNORECASE)
# "`sorted(xs)` returns a new list": a code key followed by what it does.
_VERB_START = re.compile(r"^[\"'“]?(?:is|are|was|has|have|does|can|will|may|must|[a-z]{2,}s)\b(?!['’])")
_PLURAL_VERB_START = re.compile(r"^[a-z]{2,}\b(?!['’])")
_DESCRIPTION_START = re.compile(r"^\s*[(\"'“]?[^\W\d_]")
_UPPER_ARGUMENTS = re.compile(r"^((?:[A-Z][A-Z0-9_]+\s+)+)(?=\S)")


@dataclass(frozen=True)
class ParentCommand:
    command: str
    purpose: str


def _item_line(node: SyntaxTreeNode, fallback: int) -> int:
    return node.map[0] + 1 if node.map else fallback


def _first_paragraph(item: SyntaxTreeNode) -> SyntaxTreeNode | None:
    first = item.children[0] if item.children else None
    return first if first is not None and first.type == "paragraph" else None


def is_link_item(item: SyntaxTreeNode) -> bool:
    paragraph = _first_paragraph(item)
    if paragraph is None:
        return False
    rendered = render_inline(inline_of(paragraph))
    if rendered.is_empty:
        return False
    return rendered.is_link_only or len(rendered.residual.strip()) * 4 < len(rendered.text.strip())


def emit_keyed(
    scan: Scan,
    keyed: KeyedText,
    section: Section,
    line: int,
    in_list: bool,
    parent: ParentCommand | None = None,
) -> str | None:
    """Make the card a key calls for; returns "command" when it made a command card, "" for others,
    None when the text is not a fact (the caller then treats it as prose)."""
    value = keyed.value
    code = keyed.code
    key_text = keyed.key.text.strip()
    if code is not None and looks_like_flag(code):
        add_flag(scan, code, value, section, line)
        return ""
    if code is not None and scan.commands.looks_like_command(code):
        if not keyed.separator and not _DESCRIPTION_START.match(value.text):
            return None  # "`a`, `b`" or "`cmd` | ..." is not a command followed by its purpose
        command = code
        arguments = _UPPER_ARGUMENTS.match(value.text)
        if arguments and not keyed.separator:
            command = f"{code} {arguments.group(1).strip()}"
            value = Rendered(value.text[arguments.end() :], value.residual.replace(arguments.group(1), "", 1))
        if parent is not None and _SAME_AS_PARENT.search(value.text) and len(value.text.split()) <= 8:
            purpose = f"{parent.purpose} (same as `{parent.command}`)"
            value = Rendered(purpose, purpose)
        add_command(scan, command, value, section, line)
        return "command"
    if not keyed.separator:
        enough = (
            keyed.style in {"bold", "code", "italic"}
            and in_list
            and len(value.text.split()) >= 2
            and (keyed.style == "bold" or bool(_VERB_START.match(value.text)))
        ) or (
            keyed.style == "link"
            and in_list
            and (code is not None or len(key_text.split()) <= 3)
            and len(value.text.split()) >= 2
        )
        if not enough or (keyed.style == "code" and _is_worked_example(value.text)):
            return None
    if looks_like_flag(key_text.strip("`")):
        add_flag(scan, key_text, value, section, line)
        return ""
    add_definition(scan, keyed.key, value, section, line)
    return ""


def _is_worked_example(text: str) -> bool:
    """ "`x /. x -> 1` gives `1`": an input and its result, with at most two words between."""
    return len(re.sub(r"`[^`]*`", " ", text).split()) <= 2


def _prefer_reverse(scan: Scan, keyed: KeyedText | None, tokens: list[Token]) -> KeyedText | None:
    """ "List containers: `docker ps`" names the command last: read it so when the code is a command
    or a flag (a plain key would otherwise take "List containers" as the term)."""
    if keyed is not None and keyed.style != "plain":
        return keyed
    reverse = split_reverse_key(tokens)
    usable = reverse is not None and reverse.code is not None and not is_label(reverse.value.text)
    if usable and reverse is not None and reverse.code is not None:
        code = reverse.code
        if looks_like_flag(code) or scan.commands.looks_like_command(code):
            return reverse
    return keyed


def read_keyed_paragraph(scan: Scan, block: Block) -> bool:
    """A paragraph that states facts: one key per line, or one key for the whole paragraph."""
    tokens = inline_of(block.node)
    lines = lines_of(tokens)
    if len(lines) > 1:
        keyed_lines = [split_key(line) for line in lines]
        if all(keyed is not None and keyed.separator for keyed in keyed_lines):
            for number, keyed in enumerate(keyed_lines):
                assert keyed is not None
                emit_keyed(scan, keyed, block.section, block.start + number, in_list=False)
            return True
    keyed = _prefer_reverse(scan, split_key(tokens), tokens)
    if keyed is None or keyed.value.is_empty:
        return False  # "**Column breakdown:**" introduces what follows; it states nothing itself
    if keyed.style != "code" and not keyed.separator:
        return False
    return emit_keyed(scan, keyed, block.section, block.start, in_list=False) is not None


def read_list(scan: Scan, block: Block) -> None:
    scan.consume(block)
    _read_list_node(scan, block.node, block, parent=None, parent_lead=None)


_STRONG_KINDS = ("=", "→")
_PROPERTY_LINE = re.compile(r"^\s*[A-Za-z][\w-]*:: ")


@dataclass(frozen=True)
class Group:
    """What a list decided as a whole: the separator its plain keys stand before (None: plain text
    is not a key here), whether its keys are mostly unmarked code (`pop() - removes ...`: command
    cards), and the outline term it describes (`skeleton` over `functions`), which its items' fronts
    name (`skeleton — functions`)."""

    separator: str | None = None
    code_keys: bool = False
    prefix: str | None = None
    keyed: bool = False  # half the items or more have a key, whatever its style


def _list_items(node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    return [item for item in node.children if item.type == "list_item"]


def _lead_tokens(item: SyntaxTreeNode) -> list[Token]:
    """The item's first paragraph without outliner block properties (`collapsed:: true`, `id:: ...`
    on the lines after the first): they are metadata of the block, not its text."""
    paragraph = _first_paragraph(item)
    tokens = inline_of(paragraph) if paragraph is not None else []
    if not any(token.type == "softbreak" for token in tokens):
        return tokens
    kept: list[Token] = []
    for number, line in enumerate(_lines_with_breaks(tokens)):
        text = "".join(token.content for token in line if token.type == "text")
        if number and _PROPERTY_LINE.match(text):
            continue
        kept.extend(line)
    while kept and kept[-1].type == "softbreak":
        kept.pop()
    return kept


def _lines_with_breaks(tokens: list[Token]) -> list[list[Token]]:
    """Inline tokens cut into lines, each line keeping the soft break that ends it."""
    lines: list[list[Token]] = [[]]
    for token in tokens:
        lines[-1].append(token)
        if token.type == "softbreak":
            lines.append([])
    return [line for line in lines if line]


def _first_text(tokens: list[Token]) -> str:
    """The item's first line when it opens with plain text ("" when it opens with markup)."""
    for index, token in enumerate(tokens):
        if token.type == "text" and not token.content.strip():
            continue
        if token.type != "text":
            return ""
        line = lines_of(tokens[index:])
        return "".join(_raw(token) for token in line[0]) if line else ""  # spacing kept for columns
    return ""


def _raw(token: Token) -> str:
    if token.type == "text":
        return token.content
    if token.type == "code_inline":
        return code_span(token.content)
    return render_inline([token]).text if token.type in {"html_inline", "image"} else ""


def _group_of(items: list[SyntaxTreeNode], prefix: str | None = None) -> Group:
    """The group's decision. An item with sub-items and no separator of its own is an outline term,
    neither for nor against a separator; under an outline term half the items suffice, since they
    are on the term's card anyway."""
    texts: list[str] = []
    marked: list[str] = []
    keyed_items = 0
    for item in items:
        tokens = _lead_tokens(item)
        text = _first_text(tokens)
        if _nested_lists(item) and not _own_separator(item, text):
            continue
        texts.append(text)
        if text:
            keyed_items += any(plain_split(text, kind) for kind in PLAIN_SEPARATORS)
        elif tokens and (keyed := split_key(tokens)) is not None and not keyed.value.is_empty:
            keyed_items += 1
            if keyed.separator:
                marked.append(keyed.separator)
    share = 0.5 if prefix is not None else 2 / 3
    separator = choose_separator(texts, marked, share=share)
    keyed_list = keyed_items >= 1 and keyed_items * 2 >= len(texts)
    code_keys = False
    if separator is not None:
        keys = [split[0] for text in texts if text and (split := plain_split(text, separator))]
        code_keys = bool(keys) and sum(1 for key in keys if looks_like_code(key)) * 2 >= len(keys)
    return Group(separator, code_keys, prefix, keyed_list and bool(texts))


def _own_separator(item: SyntaxTreeNode, text: str) -> bool:
    if text:
        return any(plain_split(text, kind) for kind in PLAIN_SEPARATORS)
    return _marked_key(item)


def _nested_lists(item: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    return [child for child in item.children[1:] if child.type in {"bullet_list", "ordered_list"}]


def _read_list_node(
    scan: Scan,
    node: SyntaxTreeNode,
    block: Block,
    parent: ParentCommand | None,
    parent_lead: tuple[Rendered, int] | None,
    prefix: str | None = None,
) -> None:
    items = _list_items(node)
    line = _item_line(node, block.start)
    if not items:
        return
    links = sum(1 for item in items if is_link_item(item))
    if links * 2 >= len(items):
        scan.sink.skip(line, "list of links")
        return
    if len(items) == 1 and _single_item_caption(scan, items[0], block):
        return
    group = _group_of(items, prefix)
    outcomes: list[bool | None] = []
    for item in items:
        outcomes.append(_read_item(scan, item, block, parent, group))
    keyed = sum(1 for outcome in outcomes if outcome)
    unkeyed = [item for item, outcome in zip(items, outcomes, strict=True) if outcome is False]
    if prefix is not None:
        return  # the items of an outline term are its answer, already on the term's card
    if keyed == 0 and unkeyed:
        first = _first_paragraph(items[0])
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
            scan.sink.skip(_item_line(item, line), "bullet without a key")


def _single_item_caption(scan: Scan, item: SyntaxTreeNode, block: Block) -> bool:
    """`- Run a container:` (or `1. To list files:`) followed by a code block below the list."""
    paragraph = _first_paragraph(item)
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
    if read_captioned(scan, lead, _item_line(item, block.start), following, block.section):
        scan.consume(following)
        return True
    return False


def _split_item(tokens: list[Token], group: Group) -> KeyedText | None:
    """The item's key as its group reads it: plain text is a key only before the group's separator
    (or, in a keyed group, before another separator: `Label: code` among `code - description`)."""
    keyed = split_key(tokens, separator=group.separator or "")
    if keyed is None and (group.separator is not None or group.keyed) and _first_text(tokens):
        # In a list keyed in mixed styles only the unambiguous separators (`=`, `→`) make a key.
        kinds = PLAIN_SEPARATORS if group.separator is not None else _STRONG_KINDS
        for kind in kinds:
            if kind != group.separator and (keyed := split_key(tokens, separator=kind)) is not None:
                break
    return keyed


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
    starts = _PLURAL_VERB_START if possessive else _VERB_START
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
        text = render_inline(_lead_tokens(child)).text
        if len(outside_brackets(text).split()) >= 3 or len(text.split()) >= 6:
            return True
        subs += bool(_nested_lists(child))
    return subs >= 2 and subs == len(children)


def _outline_answer(children: list[SyntaxTreeNode]) -> Rendered:
    """The term's children, each sub-outline by its lead only (it gets a card of its own)."""
    parts: list[Rendered] = []
    for child in children:
        if _nested_lists(child):
            body = render_inline(_lead_tokens(child))
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
    lists = _nested_lists(item)
    children = [child for nested in lists for child in _list_items(nested)]
    if len(children) == 1 and not _nested_lists(children[0]):
        code = _sole_code_item(children[0])
        if code is not None:  # "- Plot a single function" / "  - `Plot[f, {x, a, b}]`"
            return add_command(scan, code, Rendered(term, term), block.section, line)
    child_group = _group_of(children)
    front = f"{group.prefix} — {term}" if group.prefix else term
    repeated = _outline_terms(scan).get(term.lower(), 0) > 1
    if group.prefix is None and block.section.title and (repeated or label_of(term) in SUMMARY_LABELS):
        front = f"{block.section.title} — {term}"  # "## AWS Shield" / "- benefits": a label of the section
    label = child_group.separator is not None or all(
        _marked_key(child) for child in children if _lead_tokens(child)
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
        (paragraph := _first_paragraph(child)) is not None and holds_explicit_markup(paragraph)
        for nested in lists
        for child in _list_items(nested)
    )


def _outline_terms(scan: Scan) -> dict[str, int]:
    """How often each outline term occurs in the note: a term that recurs (`Benefits` under several
    headings) is a generic label and its card names the section too. Counted once per note."""
    if scan.outline_terms is None:
        counts: dict[str, int] = {}
        stack = [block.node for block in scan.document.blocks if block.type in {"bullet_list", "ordered_list"}]
        while stack:
            node = stack.pop()
            for item in _list_items(node):
                lists = _nested_lists(item)
                if lists:
                    lead = render_inline(_lead_tokens(item)).text.strip().rstrip(":").strip().lower()
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
        sub_items = _list_items(following)
        if not term or lead.is_link_only or not plain_key_ok(term) or term.endswith(":"):
            continue
        if not _descriptive(sub_items) or _group_of(sub_items).separator is not None:
            continue
        line = _item_line(paragraph, block.start)
        if add_definition(scan, Rendered(term, term), _outline_answer(sub_items), block.section, line):
            used.add(id(following))
    return used


def _sole_code_item(item: SyntaxTreeNode) -> str | None:
    """The code of an item that is one code span and nothing else."""
    tokens = [token for token in _lead_tokens(item) if not (token.type == "text" and not token.content.strip())]
    if len(item.children) == 1 and len(tokens) == 1 and tokens[0].type == "code_inline":
        return tokens[0].content.strip() or None
    return None


def _marked_key(item: SyntaxTreeNode) -> bool:
    tokens = _lead_tokens(item)
    if not tokens or _first_text(tokens):
        return False
    keyed = split_key(tokens)
    return keyed is not None and bool(keyed.separator) and not keyed.value.is_empty


def _read_item(
    scan: Scan, item: SyntaxTreeNode, block: Block, parent: ParentCommand | None, group: Group
) -> bool | None:
    """Cards from one list item. True: a fact; False: prose; None: nothing to say about it."""
    section = block.section
    line = _item_line(item, block.start)
    paragraph = _first_paragraph(item)
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
    tokens = _lead_tokens(item)
    lead = render_inline(tokens)
    extras = [child for child in rest if child.type not in {"bullet_list", "ordered_list"}]
    keyed = _prefer_reverse(scan, _split_item(tokens, group) or _prefixed_bold(tokens), tokens)
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
