"""Run the extractor on one input and sort out what happened to it.

An outcome records what the promises of issue 16 are about: an exception escaping `extract` (it must
never raise), the whole note lost to the outer safety net ("internal error while reading the note"), a
block lost to a RecursionError ("could not read this …: RecursionError"), other blocks lost to an
error, and the CPU time taken (process time, so other work on the machine does not count).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from flashcards.core.extract import extract


@dataclass
class Outcome:
    label: str
    size: int
    seconds: float
    cards: int = 0
    exception: str | None = None
    note_lost: str | None = None
    recursion_blocks: list[str] = field(default_factory=list)
    error_blocks: list[str] = field(default_factory=list)

    @property
    def seconds_per_mb(self) -> float:
        return self.seconds / max(1, self.size) * 1_000_000


def run_one(text: str, label: str) -> Outcome:
    start = time.process_time()
    try:
        extraction = extract(text, "fuzz.md", "fuzz")
    except BaseException as error:  # noqa: BLE001 - what escaped is exactly what the harness reports
        if isinstance(error, KeyboardInterrupt):
            raise
        return Outcome(label, len(text), time.process_time() - start, exception=repr(error))
    seconds = time.process_time() - start
    outcome = Outcome(label, len(text), seconds, cards=len(extraction.cards))
    for problem in extraction.problems:
        if problem.message.startswith("internal error while reading the note"):
            outcome.note_lost = problem.message
        elif problem.message.startswith("could not read this"):
            target = outcome.recursion_blocks if "RecursionError" in problem.message else outcome.error_blocks
            target.append(f"line {problem.line}: {problem.message}")
    return outcome
