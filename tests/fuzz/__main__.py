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
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
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


def _outcomes(indexes: range, seed: int, jobs: int) -> Iterator[tuple[int, Outcome]]:
    if jobs <= 1:
        _start(seed)
        yield from map(_run, indexes)
        return
    with multiprocessing.Pool(jobs, initializer=_start, initargs=(seed,)) as pool:
        yield from pool.imap_unordered(_run, indexes, chunksize=50)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # a run stopped with SIGTERM still prints its report of what it read


@dataclass
class _Tally:
    """What a run has seen so far."""

    top: int
    min_size: int
    raised: list[tuple[int, Outcome]] = field(default_factory=list)
    lost: list[tuple[int, Outcome]] = field(default_factory=list)
    recursion: list[tuple[int, Outcome]] = field(default_factory=list)
    errors: list[tuple[int, Outcome]] = field(default_factory=list)
    slowest: list[tuple[float, int, Outcome]] = field(default_factory=list)
    densest: list[tuple[float, int, Outcome]] = field(default_factory=list)
    chars: int = 0
    seconds: float = 0.0
    times: list[float] = field(default_factory=list)

    def add(self, index: int, outcome: Outcome) -> None:
        self.chars += outcome.size
        self.seconds += outcome.seconds
        self.times.append(outcome.seconds)
        for bad, target in ((outcome.exception, self.raised), (outcome.note_lost, self.lost),
                            (outcome.recursion_blocks, self.recursion), (outcome.error_blocks, self.errors)):
            if bad:
                target.append((index, outcome))
                print(f"!!! input {index} ({outcome.label}): {str(bad)[:300]}", file=sys.stderr, flush=True)
        self.slowest = sorted([*self.slowest, (outcome.seconds, index, outcome)], key=lambda x: -x[0])[: self.top]
        if outcome.size >= self.min_size:
            self.densest = sorted([*self.densest, (outcome.seconds_per_mb, index, outcome)],
                                  key=lambda x: -x[0])[: self.top]

    @property
    def failed(self) -> list[tuple[int, Outcome]]:
        return [*self.raised, *self.lost, *self.recursion, *self.errors]

    def progress(self, done: int, elapsed: float) -> str:
        worst = f"{self.densest[0][0]:.2f} s/MB (input {self.densest[0][1]})" if self.densest else "-"
        slowest = f"{self.slowest[0][0]:.2f} s" if self.slowest else "-"
        return (f"... {done} inputs, {elapsed:.0f} s: {len(self.raised)} raised, {len(self.lost)} notes lost, "
                f"{len(self.recursion)} with a block lost to recursion, {len(self.errors)} with another block "
                f"lost, slowest {slowest}, worst {worst}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--start", type=int, default=0, help="first input number (to split a run)")
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
    tally = _Tally(args.top, args.min_size)
    done = 0
    stopped = False
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        for done, (index, outcome) in enumerate(
            _outcomes(range(args.start, args.start + args.count), args.seed, args.jobs), 1
        ):
            tally.add(index, outcome)
            if done % 2000 == 0:  # a running tally, so that a run cut short still says something
                print(tally.progress(done, time.monotonic() - started), file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        stopped = True
    finally:
        signal.signal(signal.SIGTERM, previous)
    _report(args, tally, done, stopped, time.monotonic() - started)
    return 1 if tally.failed else 0


def _report(args: argparse.Namespace, tally: _Tally, done: int, stopped: bool, elapsed: float) -> None:
    times = sorted(tally.times)
    span = f"inputs {args.start}..{args.start + done - 1}" if done else "no input"
    print(f"fuzz: {done} inputs{' (STOPPED before the end)' if stopped else ''} ({span}, seed {args.seed}), "
          f"{tally.chars / 1e6:.1f} MB, {tally.seconds:.0f} CPU s in extract, {elapsed:.0f} s wall")
    print(f"exceptions raised: {len(tally.raised)}")
    print(f"whole notes lost to an internal error: {len(tally.lost)}")
    print(f"blocks lost to recursion: {sum(len(o.recursion_blocks) for _, o in tally.recursion)} "
          f"(in {len(tally.recursion)} inputs)")
    print(f"blocks lost to another error: {sum(len(o.error_blocks) for _, o in tally.errors)} "
          f"(in {len(tally.errors)} inputs)")
    if times:
        print(f"CPU time per input: median {times[len(times) // 2] * 1000:.1f} ms, "
              f"99th percentile {times[int(len(times) * 0.99)] * 1000:.0f} ms, max {times[-1]:.2f} s")
    for index, outcome in tally.failed[: args.top]:
        detail = outcome.exception or outcome.note_lost or (outcome.recursion_blocks + outcome.error_blocks)[0]
        print(f"  input {index} ({outcome.label}, {outcome.size} chars): {detail[:160]}")
    print("slowest inputs (CPU s):")
    for seconds, index, outcome in tally.slowest:
        print(f"  {seconds:7.3f} s  {outcome.size:>8} chars  {outcome.seconds_per_mb:6.2f} s/MB  "
              f"input {index}: {outcome.label}")
    print(f"worst s/MB over inputs of at least {args.min_size} chars:")
    for per_mb, index, outcome in tally.densest:
        print(f"  {per_mb:6.2f} s/MB  {outcome.seconds:7.3f} s  {outcome.size:>8} chars  "
              f"input {index}: {outcome.label}")
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        notes = corpus_notes()
        keep = {index for index, _ in tally.failed} | {i for _, i, _ in tally.slowest + tally.densest}
        for index in sorted(keep):
            text, _ = make_input(notes, args.seed, index)
            (args.save / f"input-{index}.md").write_text(text, encoding="utf-8", errors="surrogatepass")


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
