"""Extracting many notes at once: on every core the machine has, when there is enough to read.

Extraction is pure and each note is read on its own, so a large import (a folder of a few hundred
notes, or one long study guide among others) can read notes side by side in worker processes and
gather the results in the order of the notes. The result is the same as reading them one after the
other, which is what happens for small imports, on one core, where processes are not forked cheaply
(only Linux's `fork` makes a worker start in milliseconds), or when a worker fails: every note is
then read here, one after the other.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashcards.core.cards import Extraction

# multiprocessing and concurrent.futures are imported where workers are started: re-importing
# unchanged notes (the common case) never pays for them.

# Below this much text a second process costs more than it saves (a worker forks in a few
# milliseconds, but the results come back pickled).
PARALLEL_FROM_CHARS = 200_000
_MAX_WORKERS = 8

Note = tuple[str, str, str]  # text, the path shown in cards and messages, deck


def extract_all(notes: Sequence[Note]) -> list[Extraction]:
    """Each note's extraction, in the order given."""
    workers = _workers(notes)
    if workers > 1:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return _in_workers(notes, workers)
        except (BrokenProcessPool, OSError):
            pass  # a worker was killed or could not start: read them here instead
    return [_extract(note) for note in notes]


def _workers(notes: Sequence[Note]) -> int:
    if len(notes) < 2 or sum(len(text) for text, _, _ in notes) < PARALLEL_FROM_CHARS:
        return 1
    if sys.platform != "linux":
        return 1
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, len(notes), _MAX_WORKERS))


def _in_workers(notes: Sequence[Note], workers: int) -> list[Extraction]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Longest first, so that one long note does not start last and keep the others waiting.
    order = sorted(range(len(notes)), key=lambda index: -len(notes[index][0]))
    chunk = max(1, len(notes) // (workers * 16))
    results: list[Extraction | None] = [None] * len(notes)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for index, extraction in zip(order, pool.map(_extract, [notes[i] for i in order], chunksize=chunk), strict=True):
            results[index] = extraction
    return [extraction if extraction is not None else _extract(notes[index]) for index, extraction in enumerate(results)]


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while one note is read, and resumed as it was.

    Reading a note allocates hundreds of thousands of small objects (tokens, tree nodes, rendered
    text) that all live until the note is read, so the collector's generational passes find nothing
    to free and re-walk ever more of them: 30-40 % of the time of a 1 MB note, a fifth of a small one.
    The few cycles a note leaves (tree nodes point at their parents) are collected once it is done,
    by the collector's next ordinary pass.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _extract(note: Note) -> Extraction:
    from flashcards.core.extract import extract  # the Markdown parser loads only where notes are read

    text, path, deck = note
    with _without_cycle_collection():
        return extract(text, path, deck)
