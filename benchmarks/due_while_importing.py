"""How long `flashcards due` (and `cards --json`) take while imports write to the same collection.

Issue 16 measured a `due` waiting up to 4.5 s on PostgreSQL while an import ran (0.5 s on SQLite).
This starts a throwaway PostgreSQL server (benchmarks/postgres.py), fills a collection from notes
copied from `../shared/corpus`, then runs the same read commands alone and while a loop of imports
(each one rewriting every note, so every import writes) runs beside them, and prints the median, 90th
percentile and maximum of each. `--sqlite` measures a SQLite home the same way.

    .venv/bin/python -m benchmarks.due_while_importing [--sqlite] [--seconds 40] [--source DIR]

`--source DIR` runs the program from another checkout (its `flashcards` package first on the path):
the same measurement before and after a change.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
NOW = "2026-11-28T09:00:00+00:00"


def _notes(folder: Path, round_number: int) -> None:
    """Every corpus note, each with one more line per round: every import has cards to write."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted(CORPUS.glob("*.md")):
        if source.name == "INDEX.md":
            continue
        extra = "".join(f"\n- term{n}: the meaning of term {n}\n" for n in range(round_number))
        (folder / source.name).write_text(source.read_text(encoding="utf-8") + extra, encoding="utf-8")


def _command(env: dict[str, str], args: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from flashcards.entry import main; main()", *args],
                          env=env, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"flashcards {' '.join(args)} failed: {done.stderr.strip()}")
    return took


def _summary(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return (f"n={len(times):3d}  median {statistics.median(times) * 1000:7.0f} ms  "
            f"p90 {p90 * 1000:7.0f} ms  max {max(times) * 1000:7.0f} ms")


def measure(env: dict[str, str], work: Path, seconds: float) -> None:
    notes = work / "notes"
    _notes(notes, 0)
    _command(env, ["import", str(notes)])
    reads = (["due"], ["cards", "--json"])
    for args in reads:
        alone = [_command(env, args) for _ in range(15)]
        print(f"{' '.join(args):12s} alone          {_summary(alone)}", flush=True)

    stop = threading.Event()
    imports: list[float] = []

    def keep_importing() -> None:
        round_number = 0
        while not stop.is_set():
            round_number += 1
            _notes(notes, round_number)
            imports.append(_command(env, ["import", str(notes)]))

    worker = threading.Thread(target=keep_importing, daemon=True)
    worker.start()
    time.sleep(1.0)
    during: dict[str, list[float]] = {" ".join(args): [] for args in reads}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for args in reads:
            during[" ".join(args)].append(_command(env, args))
    stop.set()
    worker.join()
    for name, times in during.items():
        print(f"{name:12s} during imports {_summary(times)}", flush=True)
    print(f"{'import':12s} (each)         {_summary(imports)}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", action="store_true", help="a SQLite home instead of a PostgreSQL server")
    parser.add_argument("--seconds", type=float, default=40.0, help="how long the imports run beside the reads")
    parser.add_argument("--source", type=Path, help="run the flashcards package of this checkout")
    options = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="flashcards-due-import-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith("FLASHCARDS_")}
    env.update(FLASHCARDS_HOME=str(work / "home"), FLASHCARDS_NOW=NOW, FLASHCARDS_TZ="UTC")
    if options.source is not None:
        env["PYTHONPATH"] = str(options.source.resolve())
    try:
        if options.sqlite:
            measure(env, work, options.seconds)
            return
        from benchmarks.postgres import server_binaries, throwaway_server

        binaries = server_binaries()
        if binaries is None:
            raise SystemExit("no PostgreSQL server binaries (initdb, pg_ctl) are installed")
        with throwaway_server(binaries) as server:
            env["FLASHCARDS_DATABASE_URL"] = server.create_database("due_import")
            measure(env, work, options.seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
