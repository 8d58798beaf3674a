"""Slow mode of the fuzz harness: `python -m tests.fuzz --count 100000 [--jobs 2] [--seed 16]`.

`python -m tests.fuzz --shapes 1000000` times each pathological shape of `shapes.py` at 1 MB instead.

Runs the inputs (`inputs.make_input`) through the extractor and prints: exceptions that escaped,
whole notes lost to an internal error, blocks lost to a RecursionError, other blocks lost, and the
slowest inputs, in CPU seconds and in seconds per megabyte (over inputs of at least `--min-size`
characters, below which the fixed cost of a call says nothing about the note's size). Exit status 1
when any note or block was lost or anything raised, else 0; timings are reported, not judged.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests.fuzz.harness import Outcome, run_one
from tests.fuzz.inputs import corpus_notes, make_input
from tests.fuzz.shapes import SHAPES

_notes: list[str] = []
_seed = 0


def _start(seed: int) -> None:
    global _notes, _seed
    _notes, _seed = corpus_notes(), seed
    sys.setrecursionlimit(1000)  # the interpreter's default, whatever the parent did


def _run(index: int) -> tuple[int, Outcome]:
    text, label = make_input(_notes, _seed, index)
    return index, run_one(text, label)


def _outcomes(count: int, seed: int, jobs: int) -> Iterator[tuple[int, Outcome]]:
    if jobs <= 1:
        _start(seed)
        yield from map(_run, range(count))
        return
    with multiprocessing.Pool(jobs, initializer=_start, initargs=(seed,)) as pool:
        yield from pool.imap_unordered(_run, range(count), chunksize=50)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--min-size", type=int, default=10_000)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--save", type=Path, help="write the lost and the slowest inputs into this folder")
    parser.add_argument("--shapes", type=int, metavar="SIZE",
                        help="instead: time each pathological shape (shapes.py) at SIZE characters")
    parser.add_argument("--only", nargs="*", default=None, help="with --shapes: these shapes only")
    args = parser.parse_args(argv)
    if args.shapes:
        return _time_shapes(args.shapes, args.only)
    started = time.monotonic()
    raised: list[tuple[int, Outcome]] = []
    lost: list[tuple[int, Outcome]] = []
    recursion: list[tuple[int, Outcome]] = []
    errors: list[tuple[int, Outcome]] = []
    slowest: list[tuple[float, int, Outcome]] = []
    densest: list[tuple[float, int, Outcome]] = []
    total_chars = 0
    total_seconds = 0.0
    times: list[float] = []
    for done, (index, outcome) in enumerate(_outcomes(args.count, args.seed, args.jobs), 1):
        total_chars += outcome.size
        total_seconds += outcome.seconds
        times.append(outcome.seconds)
        for bad, target in ((outcome.exception, raised), (outcome.note_lost, lost),
                            (outcome.recursion_blocks, recursion), (outcome.error_blocks, errors)):
            if bad:
                target.append((index, outcome))
                print(f"!!! input {index} ({outcome.label}): {str(bad)[:300]}", file=sys.stderr, flush=True)
        slowest = sorted([*slowest, (outcome.seconds, index, outcome)], key=lambda x: -x[0])[: args.top]
        if outcome.size >= args.min_size:
            densest = sorted([*densest, (outcome.seconds_per_mb, index, outcome)], key=lambda x: -x[0])[: args.top]
        if done % 2000 == 0:  # a running tally, so that a run cut short still says something
            worst = f"{densest[0][0]:.2f} s/MB (input {densest[0][1]})" if densest else "-"
            print(f"... {done} inputs, {time.monotonic() - started:.0f} s: {len(raised)} raised, {len(lost)} notes "
                  f"lost, {len(recursion)} with a block lost to recursion, {len(errors)} with another block lost, "
                  f"slowest {slowest[0][0]:.2f} s, worst {worst}", file=sys.stderr, flush=True)
    times.sort()
    print(f"fuzz: {args.count} inputs (seed {args.seed}), {total_chars / 1e6:.1f} MB, "
          f"{total_seconds:.0f} CPU s in extract, {time.monotonic() - started:.0f} s wall")
    print(f"exceptions raised: {len(raised)}")
    print(f"whole notes lost to an internal error: {len(lost)}")
    print(f"blocks lost to recursion: {sum(len(o.recursion_blocks) for _, o in recursion)} "
          f"(in {len(recursion)} inputs)")
    print(f"blocks lost to another error: {sum(len(o.error_blocks) for _, o in errors)} (in {len(errors)} inputs)")
    if times:
        print(f"CPU time per input: median {times[len(times) // 2] * 1000:.1f} ms, "
              f"99th percentile {times[int(len(times) * 0.99)] * 1000:.0f} ms, max {times[-1]:.2f} s")
    for index, outcome in [*raised, *lost, *recursion, *errors][: args.top]:
        detail = outcome.exception or outcome.note_lost or (outcome.recursion_blocks + outcome.error_blocks)[0]
        print(f"  input {index} ({outcome.label}, {outcome.size} chars): {detail[:160]}")
    print("slowest inputs (CPU s):")
    for seconds, index, outcome in slowest:
        print(f"  {seconds:7.3f} s  {outcome.size:>8} chars  {outcome.seconds_per_mb:6.2f} s/MB  input {index}: {outcome.label}")
    print(f"worst s/MB over inputs of at least {args.min_size} chars:")
    for per_mb, index, outcome in densest:
        print(f"  {per_mb:6.2f} s/MB  {outcome.seconds:7.3f} s  {outcome.size:>8} chars  input {index}: {outcome.label}")
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        notes = corpus_notes()
        keep = {index for index, _ in [*raised, *lost, *recursion, *errors]} | {i for _, i, _ in slowest + densest}
        for index in sorted(keep):
            text, _ = make_input(notes, args.seed, index)
            (args.save / f"input-{index}.md").write_text(text, encoding="utf-8", errors="surrogatepass")
    return 1 if raised or lost or recursion or errors else 0


def _time_shapes(size: int, only: list[str] | None) -> int:
    """CPU seconds per megabyte of each shape at `size` characters, and what it lost."""
    lost = 0
    for name in only or sorted(SHAPES):
        outcome = run_one(SHAPES[name](size), name)
        bad = outcome.exception or outcome.note_lost or (outcome.recursion_blocks + outcome.error_blocks)
        lost += bool(bad)
        print(f"{name:24} {outcome.size:>9} chars {outcome.seconds:7.2f} s {outcome.seconds_per_mb:6.2f} s/MB "
              f"{outcome.cards:>7} cards{'  LOST: ' + str(bad)[:100] if bad else ''}", flush=True)
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
