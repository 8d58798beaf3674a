"""The state one extraction shares between its rules: the note, the command index and the sink.

Rules mark the blocks they used as consumed, so a block explained by one rule (a paragraph that is
the caption of a code block, the answer blocks of a `<details>`) is not read again by another one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flashcards.core.extract.commands import CommandIndex
from flashcards.core.extract.document import Block, Document
from flashcards.core.extract.drafts import Sink


@dataclass
class Scan:
    document: Document
    commands: CommandIndex
    sink: Sink
    consumed: set[int] = field(default_factory=set)
    # The last code caption used in each section (by section index), for "Or with ...:" captions.
    captions: dict[int, str] = field(default_factory=dict)
    # Sections whose heading already made its own card (`headings.read_heading_body`), by index.
    headed: set[int] = field(default_factory=set)
    # List labels of the note (`pseudo_headings`): label → (occurrences, occurrences over link lists).
    label_groups: dict[str, tuple[int, int]] | None = None
    # How often each outline term (a bullet over sub-items, lower-cased) occurs in the note (lists).
    outline_terms: dict[str, int] | None = None
    # Facts about the whole note that a rule computes once and reuses (by the rule's own key).
    memo: dict[str, object] = field(default_factory=dict)
    # The first header cell of each pipe table in the note, once asked for (`pipe_rows.read_pipe_rows`).
    table_headers: frozenset[str] | None = None

    def consume(self, *blocks: Block) -> None:
        self.consumed.update(block.index for block in blocks)

    def is_free(self, block: Block | None) -> bool:
        return block is not None and block.index not in self.consumed
