"""Sorting text the same way on every database: by Unicode code point.

SQLite compares text with its BINARY collation (the bytes of UTF-8, which is code-point order:
"Windows" < "docker" < "ünits"); a PostgreSQL server sorts by the database's collation, usually a
natural-language one (en_US.UTF-8, ICU), where "docker" < "Windows". Decks, card lists, exports and
`flashcards due --json` would come out in a different order depending on where the collection lives.
`by_code_point(column)` renders `column COLLATE "C"` on PostgreSQL (byte order, i.e. code-point order
for UTF-8) and the plain column elsewhere, so both give SQLite's order, which is also Python's.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


class CodePointOrder(ColumnElement[str]):
    """A text column compared by code point (for ORDER BY)."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement[str]) -> None:
        self.column = column
        self.type = column.type


def by_code_point(column: QueryableAttribute[str] | ColumnElement[str]) -> CodePointOrder:
    """`column` ordered by code point on every database (see the module docstring)."""
    return CodePointOrder(column.expression)


@compiles(CodePointOrder)
def _as_is(element: CodePointOrder, compiler: Any, **kw: Any) -> str:
    """SQLite's default collation already compares by code point (and so do the others we know of)."""
    return str(compiler.process(element.column, **kw))


@compiles(CodePointOrder, "postgresql")
def _c_collation(element: CodePointOrder, compiler: Any, **kw: Any) -> str:
    return f'{compiler.process(element.column, **kw)} COLLATE "C"'
