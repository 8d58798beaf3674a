"""A memo of pure text functions for the time one note is read.

The rules decide by the group, so several of them look at the same lines: whether a heading's list
is keyed, which separator its items share, and then the list rule reading each item. Rendering an
item's inline tokens and splitting off its key are pure, so they are computed once per note and the
later rules get the same (frozen) result. Outside `note_memo()` nothing is kept and every call
computes. The key is the identity of the tokens; the memo holds them, so while it lives no other
token can take an identity it has seen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar, cast

from markdown_it.token import Token

R = TypeVar("R")

_memo: dict[tuple[Any, ...], tuple[tuple[Token, ...], Any]] | None = None


@contextmanager
def note_memo() -> Iterator[None]:
    """Keep the results of memoised functions until the block ends (one note's extraction)."""
    global _memo
    previous, _memo = _memo, {}
    try:
        yield
    finally:
        _memo = previous


def memoised(function: Callable[..., R]) -> Callable[..., R]:
    """Memoise a pure function whose first argument is a sequence of inline tokens."""

    @wraps(function)
    def wrapper(tokens: Sequence[Token], *args: Any, **kwargs: Any) -> R:
        memo = _memo
        if memo is None:
            return function(tokens, *args, **kwargs)
        held = tuple(tokens)
        key = (function, tuple(map(id, held)), args, tuple(kwargs.items()))
        hit = memo.get(key)
        if hit is not None:
            return cast(R, hit[1])
        value = function(tokens, *args, **kwargs)
        memo[key] = (held, value)
        return value

    return wrapper
