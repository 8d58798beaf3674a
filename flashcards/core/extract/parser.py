"""The one Markdown parser configuration every extraction module shares.

CommonMark (raw HTML allowed, because notes use `<dl>` and `<details>`), plus GitHub tables and
strikethrough, Pandoc/kramdown definition lists and YAML front matter (so a `title:` block is not read
as a paragraph). Built once and reused: building a MarkdownIt instance costs more than parsing a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Self

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode, _NesterTokens
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
    _pending: Sequence[Token] | None = None  # an inline token's children, not yet built into nodes

    @property
    def children(self) -> list[Self]:
        """The child nodes; an inline node builds its children the first time they are asked for.

        Most rules read an inline node's tokens (`text.inline_of`), not its nodes, so building them
        for every paragraph and list item (four nodes in nine, for a list of `**T**: d`) was wasted.
        """
        pending = self._pending
        if pending is not None:
            self._pending = None
            self._set_children_from_tokens(pending)
        return self._children

    @children.setter
    def children(self, value: list[Self]) -> None:
        self._pending = None
        self._children = value

    def __init__(self, tokens: Sequence[Token] = (), *, create_root: bool = True) -> None:
        super().__init__(tokens, create_root=create_root)
        if self.token is not None:
            self.type = self.token.type
        elif self.nester_tokens is not None:
            self.type = self.nester_tokens.opening.type.removesuffix("_open")
        else:
            self.type = "root"

    def _set_children_from_tokens(self, tokens: Sequence[Token]) -> None:
        """The tree of `tokens` under this node, built in one pass with a stack.

        markdown-it-py's own builder copies the tokens of a container into each child it nests, so
        building costs the note's size times its depth (a line of nested emphasis took seconds); this
        one touches each token once and gives the same nodes.
        """
        kind = type(self)
        stack: list[_Node] = [self]
        openings: list[Token] = []
        for token in tokens:
            if token.nesting == -1:
                if not openings:
                    raise ValueError("Invalid token nesting")
                node = stack.pop()
                node.nester_tokens = _NesterTokens(openings.pop(), token)
                continue
            node = kind.__new__(kind)
            node.token, node.nester_tokens, node._children = None, None, []
            node._parent = stack[-1]
            stack[-1]._children.append(node)
            if token.nesting == 1:
                node.type = token.type.removesuffix("_open")
                openings.append(token)
                stack.append(node)
            else:
                node.token = token
                node.type = token.type
                if token.children:
                    node._pending = token.children
        if openings:
            raise ValueError(f"unclosed tokens starting {openings[0]}")


MAX_INLINE_DEPTH = 32
"""Inline markup (emphasis, links, strikethrough) nested deeper than this is read as its plain text.

markdown-it-py bounds the nesting of blocks (lists, quotes: `maxNesting`), but not of emphasis, which
it pairs up after parsing: a line of a thousand `*` nests a thousand levels, and building the tree (and
every rule that walks it) recursed that deep and lost the whole note to a RecursionError. No note means
anything by 32 levels of emphasis, so the markers beyond them are kept as the characters they are.
"""


class _Tree(_Node):
    """The root of a parsed document, with the lines where nesting was cut (`MAX_INLINE_DEPTH`)."""

    too_deep: tuple[int, ...] = ()  # 1-based lines, in order


def _flatten_deep(tokens: list[Token]) -> bool:
    """Turn the opening and closing tokens nested beyond `MAX_INLINE_DEPTH` into text, in place.

    True when any was. Iterative, linear in the number of tokens.
    """
    cut = False
    depth = 0
    flattened: list[bool] = []  # per open token on the way down: was it turned into text?
    for index, token in enumerate(tokens):
        if token.nesting == 1:
            if depth >= MAX_INLINE_DEPTH:
                flattened.append(True)
                tokens[index] = Token("text", "", 0, content=token.markup)
                cut = True
            else:
                flattened.append(False)
                depth += 1
        elif token.nesting == -1 and flattened:
            if flattened.pop():
                tokens[index] = Token("text", "", 0, content=token.markup)
            else:
                depth -= 1
    return cut


def parse_tree(text: str) -> _Tree:
    """Block tree of a whole document or fragment; every block node carries its `.map` line range."""
    tokens = markdown().parse(text)
    deep: list[int] = []
    for token in tokens:
        if token.type == "inline" and token.children and _flatten_deep(token.children):
            deep.append(token.map[0] + 1 if token.map else 1)
    tree = _Tree(tokens)
    tree.too_deep = tuple(deep)
    return tree


def parse_inline(text: str) -> list[Token]:
    """Inline tokens of one piece of text (code spans, emphasis, links, inline HTML)."""
    tokens = markdown().parseInline(text)
    if not tokens:
        return []
    children = list(tokens[0].children or [])
    _flatten_deep(children)
    return children
