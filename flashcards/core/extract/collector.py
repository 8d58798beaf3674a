"""Reading one note with Python's cycle collector paused.

A note becomes hundreds of thousands of small objects (tokens, tree nodes, rendered pieces) that all
live until the note is read. CPython's cycle collector runs every few hundred allocations and, as the
heap grows, its older generations walk all of those objects again and again: measured on a 200 KB list
of keyed items, a table or a line of nested emphasis, the collector took one half to two thirds of the
extractor's time, a share that grows with the note. Nothing in one note's reading needs a cycle freed
before it ends (what is no longer referenced is freed by reference counting; the tree's parent links
are the only cycles and live to the end), so the collector waits until the note is read and then
carries on as before. A caller that paused it already keeps it paused.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; restore it as it was, whatever happens."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
