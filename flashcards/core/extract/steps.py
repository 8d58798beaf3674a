"""An ordered list that reads as a procedure: one card asks for the whole sequence.

Numbers alone do not make a procedure: notes number facts ("1. The nucleus controls the cell"),
examples that illustrate the paragraph above them, and keyed items (`1) Term - definition`). The
group's shape decides (`is_procedure`), never its words alone:

- keyed items: two thirds of the items share one separator after a short key (`:`, ` - `, `=`,
  `->`): the list rules read them, not a sequence;
- a list of statements that continues a prose paragraph of its section (one that does not end with
  `:` or `,`, so it does not introduce the list) illustrates that paragraph (premises of an example
  argument): it is no procedure of the heading. A ranked list of names after a remark stays one;
- a run of facts: two thirds of the items are declarative sentences (a subject, then a finite verb)
  that do not open by situating themselves after the previous step (a leading clause before a comma,
  "then"), and whose subjects are all different (three of them at least under a lead that ends with
  a colon, which announces a sequence as often as facts). A narrative in which the same actor comes back
  ("The daemon pulls ...", "The daemon creates ...") is a process and stays a sequence;
- an outline: most items hold a sub-list of their own (a title over its facts), not a step.

Anything else (short actions, a ranked list of names, a lifecycle) is a procedure. The card is named
after what introduces the list, in this order: the bullet it is nested under ("The steps for setting
up a DirectConnect connection:"), a paragraph just before it that ends with a colon, the heading right
above it, or the section it sits in. The source line is that title's line, because the title is what
the card is about.
"""

from __future__ import annotations

import re

from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.document import Block
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import Rendered, inline_of, render_blocks, render_inline
from flashcards.core.vocabulary import Kind

_MAX_KEY_WORDS = 6
# `Term: def`, `Term - def`, `Term = def`, `Term -> def`: the separator kinds a keyed item uses.
_KEYED = re.compile(r"^\s*(?P<key>[^:=→\n]{1,80}?)\s*(?P<sep>:(?=\s)|\s[-–—=](?=\s)|\s?(?:->|→|=>))\s*\S")
# Determiners and possessives dropped from a subject before subjects are compared.
_DETERMINER = r"(?:the|a|an|this|that|these|those|your|its|their|our|my|his|her|some|each|every)"
# A finite verb: an auxiliary or a verb in the third person or the past tense. With a subject of one
# to six words before it (no comma in between), the item is a declarative sentence.
_FINITE = r"(?:is|are|was|were|has|have|had|can|could|may|might|must|will|would|should|shall|does|do|did|[a-z]{2,}(?<!ss)s|[a-z]{2,}ed)"
_DECLARATIVE = re.compile(
    rf"^(?:{_DETERMINER}\s+)?(?P<subject>[^\s,;:]+(?:\s+[^\s,;:]+){{0,5}}?)\s+(?-i:{_FINITE})\b(?=\s+\S)", re.IGNORECASE
)
# Openings that place a sentence after the one before it: a subordinate clause or a sequence adverb.
# A weak hint only, next to the structural one (a leading phrase closed by a comma before the verb).
_SITUATED = re.compile(
    r"^(?:if|when|once|after|before|because|since|while|as soon as|until|then|therefore|finally|next|"
    r"first|second|third|lastly|afterwards|meanwhile)\b",
    re.IGNORECASE,
)
_THEN = re.compile(r"\bthen\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _lead_text(item: SyntaxTreeNode) -> str:
    first = item.children[0] if item.children else None
    if first is None or first.type != "paragraph":
        return ""
    return render_inline(inline_of(first)).text.strip().split("\n")[0].strip()


def _keyed_group(texts: list[str]) -> bool:
    """Two thirds of the items share one separator after a short key."""
    kinds: dict[str, int] = {}
    for text in texts:
        match = _KEYED.match(text)
        if match and len(match.group("key").split()) <= _MAX_KEY_WORDS:
            kind = match.group("sep").strip() or "="
            kinds[kind] = kinds.get(kind, 0) + 1
    best = max(kinds.values(), default=0)
    return best >= 2 and best * 3 >= len(texts) * 2


def _subject(text: str) -> str | None:
    """The subject of a declarative item, or None when the item does not read as a plain statement
    (no finite verb after a short subject, or it opens by situating itself after a previous step)."""
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0]
    if _SITUATED.match(sentence) or _THEN.search(sentence):
        return None
    match = _DECLARATIVE.match(sentence)
    if match is None:
        return None
    return " ".join(match.group("subject").lower().split())


def _facts(texts: list[str], minimum: int) -> bool:
    """Two thirds of the items (and at least `minimum`) are statements, about subjects that are all
    different."""
    subjects = [set(subject.split()) for subject in (_subject(text) for text in texts) if subject is not None]
    if len(subjects) < minimum or len(subjects) * 3 < len(texts) * 2:
        return False
    # The same actor comes back when one subject's words are all in another's ("carboxylic" and
    # "carboxylic acids", "docker daemon" twice): a process told step by step, not separate facts.
    return not any(a <= b or b <= a for number, a in enumerate(subjects) for b in subjects[number + 1 :])


def _outline(items: list[SyntaxTreeNode]) -> bool:
    nested = sum(1 for item in items if any(child.type in {"bullet_list", "ordered_list"} for child in item.children))
    return nested * 2 > len(items)


def _continues_prose(scan: Scan, block: Block) -> bool:
    """The list comes right after a prose paragraph of its section that does not introduce it."""
    previous = scan.document.previous_block(block)
    if previous is None or previous.type != "paragraph" or previous.section is not block.section:
        return False
    text = render_inline(inline_of(previous.node)).text.rstrip()
    return bool(text) and not text.endswith((":", ","))


def _states(texts: list[str]) -> bool:
    """Some item is a statement (a subject and its verb), not a name or an action."""
    return any(_DECLARATIVE.match(text) for text in texts)


def _introduced(scan: Scan, block: Block, parent_lead: tuple[Rendered, int] | None) -> bool:
    if parent_lead is not None:
        return parent_lead[0].text.rstrip().endswith(":")
    previous = scan.document.previous_block(block)
    if previous is None or previous.type != "paragraph" or previous.section is not block.section:
        return False
    return render_inline(inline_of(previous.node)).text.rstrip().endswith(":")


def is_procedure(
    scan: Scan, node: SyntaxTreeNode, block: Block, parent_lead: tuple[Rendered, int] | None
) -> bool:
    """Whether an ordered list of unkeyed items reads as a sequence to recall (module docstring)."""
    items = [item for item in node.children if item.type == "list_item"]
    texts = [text for text in (_lead_text(item) for item in items) if text]
    if len(texts) < 2:
        return False
    # A lead that ends with a colon announces the list: two statements under it may well be a
    # sequence ("The lifecycle of a request:"), so facts need three there.
    introduced = _introduced(scan, block, parent_lead)
    if _keyed_group(texts) or _outline(items) or _facts(texts, 3 if introduced else 2):
        return False
    return not (
        parent_lead is None and node is block.node and _states(texts) and _continues_prose(scan, block)
    )


def _title(scan: Scan, block: Block, parent_lead: tuple[Rendered, int] | None) -> tuple[str, int] | None:
    if parent_lead is not None and not parent_lead[0].is_empty:
        return parent_lead[0].text, parent_lead[1]
    previous = scan.document.previous_block(block)
    if previous is not None and previous.type == "paragraph" and previous.section is block.section:
        text = render_inline(inline_of(previous.node)).text
        if text.rstrip().endswith(":") and len(text) <= 200:
            scan.consume(previous)
            return text, previous.start
    section = block.section
    if section.title:
        return section.title, section.line
    return None


def read_steps(
    scan: Scan, node: SyntaxTreeNode, block: Block, parent_lead: tuple[Rendered, int] | None
) -> bool:
    """A steps card (or a skip) for a procedure; False, touching nothing, when the list is none."""
    line = node.map[0] + 1 if node.map else block.start
    items = [render_blocks(item.children) for item in node.children]
    with_links = sum(1 for item in items if item.residual.split() != item.text.split())
    if with_links * 3 > len(items):
        scan.sink.skip(line, "list of links")  # reading material, not a procedure
        return True
    if not is_procedure(scan, node, block, parent_lead):
        return False
    title = _title(scan, block, parent_lead)
    if title is None:
        scan.sink.skip(line, "steps without a title")
        return True
    text, title_line = title
    text = text.strip().rstrip(":").strip()
    front = text if "step" in text.lower() else f"Steps: {text}"
    back = render_blocks([node])
    scan.sink.card(Kind.STEPS, front, back.text, text, block.section.context, title_line)
    return True
