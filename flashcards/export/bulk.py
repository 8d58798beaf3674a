"""Python's cyclic garbage collector paused while an export builds its rows.

An export of 100,000 cards makes millions of small objects that are never part of a cycle (row tuples,
timestamps, field strings), and they stay alive until the package is written. Each of them counts
toward the collector's next run, and each run walks everything still alive: with the collector on,
the review log alone (761,000 reviews) took twice as long to read. Reference counting frees all of
these objects on its own; the collector is switched back on when the block ends, as it was, with the
objects made inside the block counted as old ones: otherwise its first young collection after the
block walks every one of them (0.2-0.7 s at 100,000 cards) only to find them all alive.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block (nested blocks are fine); the previous state after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Freezing moves every tracked object to the permanent generation and unfreezing moves them all
        # to the oldest one, where a collection comes only after that generation has grown by a quarter.
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()
