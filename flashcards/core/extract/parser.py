"""The one Markdown parser configuration every extraction module shares.

CommonMark (raw HTML allowed, because notes use `<dl>` and `<details>`), plus GitHub tables and
strikethrough, Pandoc/kramdown definition lists and YAML front matter (so a `title:` block is not read
as a paragraph). Built once and reused: building a MarkdownIt instance costs more than parsing a note.
"""

from __future__ import annotations

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


def parse_tree(text: str) -> SyntaxTreeNode:
    """Block tree of a whole document or fragment; every block node carries its `.map` line range."""
    return SyntaxTreeNode(markdown().parse(text))


def parse_inline(text: str) -> list[Token]:
    """Inline tokens of one piece of text (code spans, emphasis, links, inline HTML)."""
    tokens = markdown().parseInline(text)
    if not tokens:
        return []
    return list(tokens[0].children or [])
