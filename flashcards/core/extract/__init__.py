"""From notes to cards: the pure extractor (DESIGN.md §2).

`extract(text, path, deck)` reads one Markdown note and returns an `Extraction`: card drafts in note
order, problems (broken HTML, duplicate keys, NUL bytes) and skipped items (TODO sections, lists of
links, empty or link-only answers, prose), each with its 1-based line. It does no file I/O, reads no
clock and never raises: whatever the input, the answer is an `Extraction`. A rule that fails on a
block costs that block only (reported as a problem on its line), never the rest of the note.

The note's own structure decides the cards; no special markup is required:

| module              | structure                                                   | kinds            |
|---------------------|-------------------------------------------------------------|------------------|
| `definition_lists`  | HTML `<dl>`, Pandoc/kramdown `term` / `: def`                | definition, flag |
| `bullets`           | `` `cmd` does ``, `**Term**: def`, `term = def`, `term → def` in a list; outlines | definition, command, flag |
| `keyed_cards`       | the card a key calls for; `` `cmd` does `` / `Term: def` paragraphs | definition, command, flag |
| `lines`             | runs of `Term: def` lines/paragraphs/quotes                  | definition, command, flag |
| `text_blocks`       | text-only code blocks (a cheat sheet of keyed lines)         | definition, command, flag |
| `code_blocks`       | `# comment` + code, `code  # comment`, caption + code block  | instruction, command |
| `steps`             | ordered list of plain sentences                             | steps            |
| `tables`            | key + description columns                                   | flag, command, definition |
| `html_tables`       | the same in an HTML `<table>`                               | flag, command, definition |
| `pipe_rows`         | pipe rows without a delimiter row                           | flag, command, definition |
| `explicit`          | `::`, `?`, `Q:`/`A:` in a paragraph                          | qa               |
| `clozes`            | `==cloze==`, `{{c1::}}`                                      | cloze            |
| `details`           | `<details>`, question + `<details><summary>Answer`           | qa               |
| `tagged_cards`      | Logseq `#card` blocks                                       | qa               |
| `heading_sentences` | a heading naming a term/command/question + its first sentence | definition, command, qa |
| `headings`          | a heading + its short body (gloss, paragraph, fact list, formula) | definition, qa |
| `acronyms`          | acronym headings (`Long Form (ACR)`)                        | definition       |
| `pseudo_headings`   | `**Term**` + body, `Label:` + list ("Heading — Label" when it recurs), callouts | definition, qa |
| `formulas`          | `$$…$$` / `$…$` with its symbol legend: one card, never a card per symbol | (shapes only) |

What these rules share, without a card of their own: `keys` (marked keys), `list_groups` (what a list
decides as a whole), `line_split` and `run_verdicts` (one keyed line; how a run of them reads),
`explicit_markup` (the marks and qa card of explicit markup), `heading_bodies` (the shapes of a
heading's body).

Definitions, flags and commands also get a reverse card (`*-reverse`) sharing a `sibling_key`.

Keys are `make_key(deck, kind, heading path, anchor)`: `deck|kind|A › B|anchor`, where the anchor is
what the card is about and never its answer: the term, the flag (`-p <ext>:<int>`), the command, the
code comment, the question, the steps' title or the cloze deletion. A key met twice in one note gets
" (2)", " (3)" on its anchor, and a problem names both lines.
"""

from __future__ import annotations

import re

from flashcards.core.cards import Extraction, Problem
from flashcards.core.extract.parser import MAX_INLINE_DEPTH
from flashcards.core.extract.bullets import read_list
from flashcards.core.extract.code_blocks import (
    code_only_paragraph,
    qualified_caption,
    read_captioned,
    read_described_command,
    read_fence,
)
from flashcards.core.extract.collector import collector_paused
from flashcards.core.extract.commands import build_command_index
from flashcards.core.extract.memo import note_memo
from flashcards.core.extract.definition_lists import (
    read_html_definition_list,
    read_listed_definition_lists,
    read_markdown_definition_list,
    read_paragraph_definition_list,
)
from flashcards.core.extract.details import is_details_start, read_details, read_hidden_answers
from flashcards.core.extract.document import Block, Document, Section, build_document
from flashcards.core.extract.drafts import Sink, assemble
from flashcards.core.extract.explicit import read_explicit_paragraph
from flashcards.core.extract.formulas import skip_orphan_legend
from flashcards.core.extract.heading_sentences import read_heading_answer
from flashcards.core.extract.headings import read_heading_body
from flashcards.core.extract.html_tables import read_html_table
from flashcards.core.extract.keyed_cards import read_keyed_paragraph
from flashcards.core.extract.lines import line_run_verdict, read_line_run, starts_line_run
from flashcards.core.extract.normalize import clean_source
from flashcards.core.extract.pipe_rows import read_pipe_rows
from flashcards.core.extract.pseudo_headings import read_pseudo_heading
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.tables import read_table
from flashcards.core.extract.text import Rendered, inline_of, render_inline
from flashcards.core.extract.text_blocks import holds_text, read_text_block

__all__ = ["extract"]

_HTML_DL = re.compile(r"^\s*(?:<[a-z][^>]*>\s*)*<dl\b", re.IGNORECASE)
_HTML_TABLE = re.compile(r"^\s*<table\b", re.IGNORECASE)
_TODO = re.compile(r"^\s*(?:\*\*|__)?(TODO|TBD|FIXME)\b", re.IGNORECASE)
_CODE_TYPES = frozenset({"fence", "code_block"})
_LAYOUT_TYPES = frozenset({"heading", "hr"})  # blocks that hold no item: reading one and finding none is normal


def extract(text: str, path: str, deck: str) -> Extraction:
    """Card drafts, problems and skipped items of one note (see the module docstring)."""
    try:
        return _extract(text, path, deck)
    except Exception as error:  # noqa: BLE001 - the contract is "never raises"; rules are isolated per block
        return Extraction(problems=[Problem(path, 1, f"internal error while reading the note: {error!r}")])


def _extract(text: str, path: str, deck: str) -> Extraction:
    with collector_paused(), note_memo():
        return _extract_note(text, path, deck)


def _extract_note(text: str, path: str, deck: str) -> Extraction:
    source = clean_source(text if isinstance(text, str) else str(text))
    document = build_document(source, path, deck)
    sink = Sink(path=path, deck=deck, line_count=source.line_count)
    for line, message in source.repairs:
        sink.problem(line, message)
    for line in document.too_deep:
        sink.problem(line, f"markup nested more than {MAX_INLINE_DEPTH} levels deep; the rest is read as text")
    scan = Scan(document=document, commands=build_command_index(document), sink=sink)
    reported_todo: set[int] = set()
    read_hidden_answers(scan)  # the question before a "Show answer" <details> is not a caption or a body
    taken_before = frozenset(scan.consumed)  # read by that first pass: never "taken along" by a block
    for block in document.blocks:
        if block.index in scan.consumed:
            continue
        if block.section.todo:
            top = _todo_root(block.section)
            if top.index not in reported_todo:
                reported_todo.add(top.index)
                sink.skip(top.line, "TODO section", end=_section_end(document, block, top))
            continue
        since = sink.mark()
        try:
            _read_block(scan, block)
        except Exception as error:  # noqa: BLE001 - one broken rule costs one block, never the note
            sink.problem(block.start, f"could not read this {block.type.replace('_', ' ')}: {error!r}")
        sink.close_block(
            since, block.start, _reach(scan, block, taken_before), silent_ok=block.type in _LAYOUT_TYPES
        )
    cards = assemble(sink)
    return Extraction(
        cards=cards,
        problems=sorted(sink.problems, key=lambda problem: problem.line),
        skipped=sorted(sink.skipped, key=lambda problem: problem.line),
        read=sink.read,
    )


def _reach(scan: Scan, block: Block, taken_before: frozenset[int] = frozenset()) -> int:
    """The last line a rule read from `block`: its own end, or that of the blocks it took along after it."""
    end, following = block.end, block.index + 1
    while (
        following < len(scan.document.blocks) and following in scan.consumed and following not in taken_before
    ):
        end = scan.document.blocks[following].end
        following += 1
    return end


def _section_end(document: Document, block: Block, top: Section) -> int:
    """The last line of the blocks from `block` on that lie in `top` or its subsections."""
    end = block.end
    for later in document.blocks[block.index + 1 :]:
        if not any(section is top for section in later.section.ancestors()):
            break
        end = later.end
    return end


def _todo_root(section: Section) -> Section:
    while section.parent is not None and section.parent.todo:
        section = section.parent
    return section


def _read_block(scan: Scan, block: Block) -> None:
    kind = block.type
    if kind == "heading":
        _read_heading_caption(scan, block)
        if not starts_line_run(scan, scan.document.next_block(block)):
            read_heading_body(scan, block)  # a run of keyed lines under the heading is the lines rule's
    elif kind == "html_block":
        if is_details_start(block):
            read_details(scan, block)
        elif _HTML_DL.match(block.node.content):
            read_html_definition_list(scan, block)
        elif _HTML_TABLE.match(block.node.content):
            read_html_table(scan, block)
    elif kind == "dl":
        read_markdown_definition_list(scan, block)
    elif kind == "table":
        read_table(scan, block)
    elif kind in _CODE_TYPES:
        if not read_text_block(scan, block):
            read_fence(scan, block.node, block.section)
    elif kind in {"bullet_list", "ordered_list"}:
        read_list(scan, block)
        read_listed_definition_lists(scan, block)
    elif kind == "paragraph":
        _read_paragraph(scan, block)


def _read_heading_caption(scan: Scan, block: Block) -> None:
    """`### Delete dangling images` directly followed by a code block: the heading is its caption."""
    following = scan.document.next_block(block)
    if following is None or not scan.is_free(following) or holds_text(following):
        return
    title = block.section.title
    if following.type == "paragraph" and _read_qualified_caption(scan, block, following):
        return
    if not _is_code_block(following):
        return
    if read_captioned(scan, Rendered(title, title), block.start, following, block.section, from_heading=True):
        scan.consume(following)


def _is_code_block(block: Block | None) -> bool:
    return block is not None and (
        block.type in _CODE_TYPES or (block.type == "paragraph" and code_only_paragraph(block.node) is not None)
    )


def _read_qualified_caption(scan: Scan, heading: Block, qualifier: Block) -> bool:
    """A heading, a short qualifying line (`As of version 2:`) and the code block they introduce."""
    code = scan.document.next_block(qualifier)
    if not _is_code_block(code) or code is None or not scan.is_free(code):
        return False
    caption = qualified_caption(heading.section.title, render_inline(inline_of(qualifier.node)))
    if caption is None:
        return False
    if read_captioned(scan, Rendered(caption, caption), heading.start, code, heading.section, from_heading=True):
        scan.consume(qualifier, code)
        return True
    return False


def _read_paragraph(scan: Scan, block: Block) -> None:
    section = block.section
    if read_pipe_rows(scan, block):
        return  # `| a | b |` rows without a delimiter row: a table all the same
    if read_explicit_paragraph(scan, block.node, section, block):
        return
    if read_paragraph_definition_list(scan, block):
        return
    rendered = render_inline(inline_of(block.node))
    if _TODO.match(rendered.text):
        scan.sink.skip(block.start, "TODO note")
        return
    following = scan.document.next_block(block)
    follows_code = (
        scan.is_free(following)
        and following is not None
        and not holds_text(following)
        and (
            following.type in _CODE_TYPES
            or (following.type == "paragraph" and code_only_paragraph(following.node) is not None)
        )
    )
    if (
        follows_code
        and following is not None
        and _is_caption_shaped(block, rendered)
        and read_captioned(scan, rendered, block.start, following, section)
    ):
        scan.consume(following)
        return
    if line_run_verdict(scan, block) != "legend" and skip_orphan_legend(scan, block):
        return  # a legend the lines rule recognises as a run is its to decide (one rule per group)
    if read_line_run(scan, block) or read_keyed_paragraph(scan, block):
        return
    previous = scan.document.previous_block(block)
    if (
        follows_code
        and following is not None
        and (previous is None or previous.type != "heading")
        and read_described_command(scan, rendered, block.start, following, section)
    ):
        scan.consume(following)
        return
    if read_pseudo_heading(scan, block):
        return
    if rendered.is_empty or code_only_paragraph(block.node) is not None:
        return
    leads_in = (
        rendered.text.rstrip().endswith(":")
        and following is not None
        and following.type
        in {"bullet_list", "ordered_list", "table", "fence", "code_block", "html_block", "dl"}
    )
    if leads_in:
        return
    if rendered.is_link_only:
        scan.sink.skip(block.start, "only a link")
        return
    if read_heading_answer(scan, block):
        return
    scan.sink.skip(block.start, "prose paragraph")


def _is_caption_shaped(block: Block, rendered: Rendered) -> bool:
    text = rendered.text.strip()
    if text.endswith(":"):
        return True
    tokens = [
        token for token in inline_of(block.node) if not (token.type == "text" and not token.content.strip())
    ]
    return bool(tokens) and tokens[0].type == "strong_open" and tokens[-1].type == "strong_close"
