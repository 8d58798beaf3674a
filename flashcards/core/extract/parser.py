"""The one Markdown parser configuration every extraction module shares.

CommonMark (raw HTML allowed, because notes use `<dl>` and `<details>`), plus GitHub tables and
strikethrough, Pandoc/kramdown definition lists and YAML front matter (so a `title:` block is not read
as a paragraph). Built once and reused: building a MarkdownIt instance costs more than parsing a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.front_matter import front_matter_plugin


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    parser.use(deflist_plugin).use(front_matter_plugin)
    return parser


class _Node(SyntaxTreeNode):
    """A tree node whose `type` is worked out once, when the node is built.

    markdown-it-py's `type` is a property that looks at the node's tokens on every call, and the rules
    ask it several hundred thousand times for a large note (about a tenth of the extractor's time).
    The same string, kept as a plain attribute; children are built as this class too.
    """

    type = ""  # a plain class attribute (not a property), so each node's own value can shadow it

    def __init__(self, tokens: Sequence[Token] = (), *, create_root: bool = True) -> None:
        super().__init__(tokens, create_root=create_root)
        if self.token is not None:
            self.type = self.token.type
        elif self.nester_tokens is not None:
            self.type = self.nester_tokens.opening.type.removesuffix("_open")
        else:
            self.type = "root"


def parse_tree(text: str) -> SyntaxTreeNode:
    """Block tree of a whole document or fragment; every block node carries its `.map` line range."""
    return _Node(markdown().parse(text))


def parse_inline(text: str) -> list[Token]:
    """Inline tokens of one piece of text (code spans, emphasis, links, inline HTML)."""
    tokens = markdown().parseInline(text)
    if not tokens:
        return []
    return list(tokens[0].children or [])
