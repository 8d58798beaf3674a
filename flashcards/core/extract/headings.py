"""A heading with the short body under it as one card: a question and its answer, a term and its gloss.

Beyond the defining first sentence (`heading_sentences`), a heading is the question or the term of a
card when what sits under it (up to the next heading) is short and says something about it: a
question heading over its answer, a term heading over a fully bold gloss, a formula with its legend,
a short paragraph or a short list of fragments (the list kept as a list). Headings are titles, not
terms, when their body is long prose, advice or a how-to (links, "You can ...", code under it), a run
of full-sentence facts, an outline, keyed lines or labelled lists (the items are the cards),
sub-headings only, or when the heading is the note's own title. An answer cut mid-sentence keeps only
its complete sentences.

The shapes of a body are tested in `heading_bodies`; this module decides and builds the card. A
heading `Long Form (ACR)` or `ACR (Long Form)` also gives an acronym card (`acronyms`).
"""

from __future__ import annotations

from flashcards.core.extract.acronyms import read_acronym
from flashcards.core.extract.document import Block
from flashcards.core.extract.facts import add_definition
from flashcards.core.extract.formulas import formula_text, has_math
from flashcards.core.extract.heading_bodies import (
    LIST_TYPES,
    MAX_TERM_WORDS,
    answer_run,
    body_blocks,
    code_keyed_list,
    complete_sentences,
    formula_caption,
    holds_math,
    is_gloss,
    is_label_paragraph,
    is_note_title,
    item_paragraphs,
    plain_body,
    plain_prose,
    prose_continues,
    short_fact_list,
    tokens_are_bold,
    word_count,
)
from flashcards.core.extract.heading_sentences import MAX_ANSWER, core_term, defines_itself, read_heading_answer
from flashcards.core.extract.keys import lines_of
from flashcards.core.extract.pipe_rows import is_pipe_rows
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import Rendered, inline_of, join_rendered, render_blocks, render_inline
from flashcards.core.vocabulary import Kind


_MAX_QUESTION_ANSWER = 3000
_MAX_INTRO_WORDS = 60
_MAX_PLAIN_ANSWER = 700


def read_heading_body(scan: Scan, heading: Block) -> bool:
    """A heading and the short body under it as one card (see the module docstring); True if made."""
    section = heading.section
    title = section.title
    if not title or section.todo or scan.commands.heading_command(section):
        return False
    read_acronym(scan, heading)
    blocks, deeper = body_blocks(scan, heading)
    if not blocks or not scan.is_free(blocks[0]):
        return False
    first = blocks[0]
    if first.type == "paragraph" and (is_pipe_rows(scan, first) or not plain_prose(scan, first)):
        return False  # explicit markup, a keyed line, a caption: other rules read it
    if is_note_title(scan, heading):
        return False
    if first.type in LIST_TYPES and code_keyed_list(first.node):
        return False  # "### Lifecycle" over `cmd` does ... items: the list rules read each command
    if first.type in LIST_TYPES:
        lead = item_paragraphs(first.node)
        if lead and defines_itself(section, render_inline(inline_of(lead[0]))):
            # "### Motives" / "- Motives are the smallest ...": the first bullet defines the term.
            made = read_heading_answer(scan, first, render_inline(inline_of(lead[0])))
            if made:
                scan.headed.add(section.index)
            return made
    if title.endswith("?"):
        return _question(scan, heading, blocks)
    if first.type == "paragraph" and defines_itself(section, render_inline(inline_of(first.node))):
        return False  # "### S3 Simplified" / "S3 provides ...": the first-sentence rule reads it
    if word_count(core_term(title) or title) > MAX_TERM_WORDS:
        return False
    return _term(scan, heading, blocks, deeper)


def _question(scan: Scan, heading: Block, blocks: list[Block]) -> bool:
    """`### What is X?` with paragraphs and lists under it: the body is the answer."""
    run: list[Block] = []
    for block in blocks:
        if block.type not in LIST_TYPES and block.type != "paragraph":
            break
        if not scan.is_free(block):
            break
        run.append(block)
    if not run:
        return False
    answer = render_blocks([block.node for block in run])
    if answer.is_empty or answer.is_link_only or len(answer.text) > _MAX_QUESTION_ANSWER:
        return False
    if len(run) == 1 and run[0].type == "paragraph" and len(answer.text) <= MAX_ANSWER:
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
    gloss = bool(lines and is_gloss(lines[0])) or (
        first.type in LIST_TYPES
        and bool(item_paragraphs(first.node))
        and is_gloss(inline_of(item_paragraphs(first.node)[0]))
        and word_count(render_inline(inline_of(item_paragraphs(first.node)[0])).text) >= 3
    )
    following = blocks[1] if len(blocks) > 1 else None
    if gloss and len(lines) == 1 and following is not None and following.type == "paragraph" and has_math(following.node):
        return False  # "**Efficiency of an Engine**" over its formula: the bold line names the formula
    if is_label_paragraph(first, following) and not gloss:
        return False  # "Members" / "- ...": the label names the list, the heading only groups
    if lines and tokens_are_bold(lines[0]) and not gloss:
        return False  # "**1. Avoid ...:**": the heading groups bold pseudo-headings, each its own card
    run = answer_run(scan, blocks)
    if run and prose_continues(blocks[len(run)] if len(run) < len(blocks) else None):
        return False  # the body goes on in prose past the run: the heading's answer would be a fragment
    if run and run[-1].type == "paragraph" and render_inline(inline_of(run[-1].node)).text.rstrip().endswith(":"):
        run = run[:-1]  # "... follow these steps:" introduces what the run left out
    if not run:
        return False
    formula = any(holds_math(block.node) for block in run)
    strong = gloss or formula
    if deeper and not strong:
        # A section title over sub-headings, unless it opens with one short statement of its own.
        if first.type != "paragraph" or word_count(render_inline(inline_of(first.node)).text) > _MAX_INTRO_WORDS:
            return False
        run = run[:1]
    if not strong:
        cut = next(
            (index for index, block in enumerate(run) if block.type in LIST_TYPES and not short_fact_list(block.node)),
            None,
        )
        run = run if cut is None else run[:cut]  # prose-fact lists and outlines are read on their own
        if not run or not plain_body(section, run, blocks):
            return False
    parts: list[Rendered] = []
    for block in run:
        if block.type == "paragraph" and has_math(block.node):
            text = formula_text(block.node)
            parts.append(Rendered(text, text))
        else:
            parts.append(render_blocks([block.node]))
    answer = join_rendered(parts)
    text = complete_sentences(answer.text)
    if not text or answer.is_link_only:
        return False
    if not strong and len(text) > _MAX_PLAIN_ANSWER:
        return False
    answer = Rendered(text, answer.residual)
    name, line = core_term(section.title) or section.title, section.line
    caption = formula_caption(first) if formula else None
    if caption is not None:  # "Equation for Latent Heat:" names the formula below it
        name, line = caption, first.start
        answer = Rendered(text.split("\n", 1)[1], answer.residual)
    term = Rendered(name, name)
    single = len(run) == 1 and run[0].type == "paragraph" and not formula and len(text) <= MAX_ANSWER
    made = add_definition(scan, term, answer, section, line, reverse=single)
    if made:
        scan.consume(*[block for block in run if block.type == "paragraph"])
        scan.headed.add(section.index)
    return made
