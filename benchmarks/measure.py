"""Timing whole processes: wall time to a marker in the output, to exit, and the peak memory.

Every measurement starts a fresh interpreter, as a user's shell does. Wall time is taken with
`time.perf_counter` around `Popen` and the child's pipe; peak memory is the child's own maximum
resident set size from `os.wait4` (per child, unlike `RUSAGE_CHILDREN`, which keeps the maximum over
every child so far). A child measured "to the first card" is killed as soon as the card is read, so
its peak memory is the peak up to the first card.
"""

from __future__ import annotations

import os
import re
import select
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO


class ChildFailed(RuntimeError):
    """A measured process ended or stalled before producing what was waited for."""


@dataclass(frozen=True)
class Run:
    """One measured process: seconds of wall time and its peak resident memory in MiB."""

    seconds: float
    peak_mib: float


@dataclass(frozen=True)
class Summary:
    """Several runs of one measurement."""

    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def low(self) -> float:
        return min(self.runs)

    @property
    def high(self) -> float:
        return max(self.runs)


def _reap(process: subprocess.Popen[bytes]) -> float:
    """Wait for the child and return its peak RSS in MiB (ru_maxrss is KiB on Linux)."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024


def _stderr_tail(handle: IO[bytes]) -> str:
    handle.seek(0)
    return handle.read().decode(errors="replace").strip()[-800:]


def until_output(command: Sequence[str], env: dict[str, str], ready: Callable[[bytes], bool],
                 *, cwd: str | None = None, timeout: float = 300) -> Run:
    """Start `command` (stdin an open, silent pipe) and time it until `ready(stdout so far)`; kill it."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                                   env=env, cwd=cwd)
        assert process.stdout is not None and process.stdin is not None
        output = b""
        try:
            while not ready(output):
                waited = time.perf_counter() - started
                if waited > timeout or not select.select([process.stdout], [], [], timeout - waited)[0]:
                    raise ChildFailed(f"{' '.join(command)} stalled after {waited:.0f} s; output: {output[-300:]!r}")
                chunk = os.read(process.stdout.fileno(), 1 << 16)
                if not chunk:
                    raise ChildFailed(f"{' '.join(command)} exited before the expected output; "
                                      f"output: {output[-300:]!r}; errors: {_stderr_tail(errors)}")
                output += chunk
            elapsed = time.perf_counter() - started
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGKILL)
            peak = _reap(process)
            process.stdin.close()
            process.stdout.close()
    return Run(elapsed, peak)


def to_exit(command: Sequence[str], env: dict[str, str], *, cwd: str | None = None,
            timeout: float = 600) -> tuple[Run, bytes]:
    """Run `command` to completion (stdin empty); its wall time, peak memory and output."""
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output, stderr=errors, env=env,
                                   cwd=cwd)
        # Not Popen.wait(timeout): it reaps the child and its rusage with it. A timer kills a stalled one.
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            peak = _reap(process)
        finally:
            watchdog.cancel()
        elapsed = time.perf_counter() - started
        if process.returncode != 0:
            raise ChildFailed(f"{' '.join(command)} failed ({process.returncode}): {_stderr_tail(errors)}")
        output.seek(0)
        return Run(elapsed, peak), output.read()


def _find(buffer: bytes, marker: bytes | re.Pattern[bytes]) -> int:
    """Where `marker` ends in `buffer` (a pattern: the end of the first complete line matching it), or -1."""
    if isinstance(marker, bytes):
        found = buffer.find(marker)
        return -1 if found < 0 else found + len(marker)
    match = marker.search(buffer)
    if match is None:
        return -1
    newline = buffer.find(b"\n", match.end())
    return -1 if newline < 0 else newline + 1


class Conversation:
    """A child spoken to through pipes, for the answer-latency loop (our quiz, and Anki's twin)."""

    def __init__(self, command: Sequence[str], env: dict[str, str], *, cwd: str | None = None) -> None:
        self._errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self._errors, env=env, cwd=cwd)
        self._buffer = b""
        self._last = b""  # what the last wait_for consumed
        self._command = " ".join(command)

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()

    def wait_for(self, marker: bytes | re.Pattern[bytes], timeout: float = 60) -> None:
        """Read until `marker` has appeared (a pattern: a whole line matching it); consume through it."""
        assert self.process.stdout is not None
        deadline = time.perf_counter() + timeout
        while (end := _find(self._buffer, marker)) < 0:
            left = deadline - time.perf_counter()
            if left <= 0 or not select.select([self.process.stdout], [], [], left)[0]:
                raise ChildFailed(f"{self._command}: no {marker!r} after {timeout} s; got {self._buffer[-300:]!r}")
            chunk = os.read(self.process.stdout.fileno(), 1 << 16)
            if not chunk:
                raise ChildFailed(f"{self._command} ended; last output {self._buffer[-300:]!r}; "
                                  f"errors: {_stderr_tail(self._errors)}")
            self._buffer += chunk
        self._last, self._buffer = self._buffer[:end], self._buffer[end:]

    def read_match(self, pattern: re.Pattern[bytes], timeout: float = 60) -> re.Match[bytes]:
        """Read until a whole line matches `pattern`; consume through that line and return its match."""
        self.wait_for(pattern, timeout)
        match = pattern.search(self._last)  # the first match is the one wait_for stopped at
        assert match is not None
        return match

    def close(self) -> None:
        if self.process.returncode is None:
            assert self.process.stdin is not None
            self.process.stdin.close()  # end of input ends both quizzes cleanly
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._errors.close()


def answer_latencies(conversation: Conversation, answers: int, *, shown: re.Pattern[bytes], grade_prompt: bytes,
                     grade: str = "4") -> list[float]:
    """Seconds from sending each grade until the next card's front line has been read, `answers` times.

    The loop per card: wait for the front, reveal with an empty line, wait for the grade prompt, then
    time the grade: written, committed by the child, next card shown. Whatever a side does after
    showing the card (its prompt; our quiz's WAL checkpoint while the learner reads) is not timed.
    """
    conversation.wait_for(shown)
    latencies: list[float] = []
    for _ in range(answers):
        started, finished = timed_answer(conversation, shown=shown, grade_prompt=grade_prompt, grade=grade)
        latencies.append(finished - started)
    return latencies


def timed_answer(conversation: Conversation, *, shown: re.Pattern[bytes], grade_prompt: bytes,
                 grade: str = "4") -> tuple[float, float]:
    """One answer of `answer_latencies` on a card already shown: (perf_counter when the grade was sent,
    perf_counter when the next front had been read). Callers that interleave sides or keep only the
    answers given while something else ran use it one answer at a time."""
    conversation.send("")
    conversation.wait_for(grade_prompt)
    started = time.perf_counter()
    conversation.send(grade)
    conversation.wait_for(shown)
    return started, time.perf_counter()


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` quantile (0..1) by linear interpolation, as numpy's default."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)
