"""How much of reading each pathological shape is markdown-it-py's parse, and how much is ours.

`python -m benchmarks.parser_share [--size 1000000] [--runs 2] [SHAPE ...]` prints, per shape of
`tests/fuzz/shapes.py` (all of them without names), the CPU seconds per megabyte of markdown-it-py
alone (our configuration, `parser.markdown()`, on the text the extractor hands it) and of the whole
extraction, each the best of `--runs`. Issue 16 asks for at most 3 s/MB on every shape; where the
parse alone is over that, no cut in the rules can reach it. CPU time, so other work on the machine
counts less than in wall time (shared caches still slow a busy machine a little).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from flashcards.core.extract import extract
from flashcards.core.extract.normalize import clean_source
from flashcards.core.extract.parser import markdown
from tests.fuzz.shapes import SHAPES


def _best(runs: int, work: Callable[[str], object], text: str) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        work(text)
        times.append(time.process_time() - start)
    return min(times)


def _extract(text: str) -> object:
    return extract(text, "shape.md", "shape")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.parser_share", description=__doc__.split("\n")[0])
    parser.add_argument("shapes", nargs="*", help="shape names (default: every shape)")
    parser.add_argument("--size", type=int, default=1_000_000, help="characters per note")
    parser.add_argument("--runs", type=int, default=2, help="best of this many runs of each")
    args = parser.parse_args(argv)
    unknown = [name for name in args.shapes if name not in SHAPES]
    if unknown:
        parser.error(f"unknown shape {unknown[0]!r}; known: {', '.join(SHAPES)}")
    print(f"{'shape':24s} {'markdown-it':>12s} {'extraction':>11s}  (CPU s/MB, best of {args.runs})")
    for name in args.shapes or list(SHAPES):
        text = SHAPES[name](args.size)
        megabytes = len(text) / 1_000_000
        alone = _best(args.runs, markdown().parse, clean_source(text).text)
        whole = _best(args.runs, _extract, text)
        print(f"{name:24s} {alone / megabytes:12.2f} {whole / megabytes:11.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
