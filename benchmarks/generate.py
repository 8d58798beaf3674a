"""Generate (and cache) the synthetic collections, ours and Anki's, side by side.

    python -m benchmarks.generate --cards 1000 --out /tmp/bench-1000

builds `<out>/ours/flashcards.db` and `<out>/anki/collection.anki2` from the same stream
(`benchmarks.synthetic`), each in its own process so the two builds use both cores, and writes
`<out>/manifest.json`. `ensure_collections` is what the benchmark runner calls: it reuses a cached
collection whose manifest matches (same generator version, size, decks and seed) and rebuilds
otherwise. A build goes into a scratch folder that is renamed into place only when complete, so an
interrupted run never leaves a half-built collection that looks usable.

Both sides are built with TZ=UTC: Anki stores its creation day from the process's local zone, and
our database stores the zone setting, so the two agree on "today" wherever the machine is.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from benchmarks.synthetic import GENERATOR_VERSION, Spec

OURS, ANKI = "ours", "anki"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Collections:
    """Where one size's two collections live."""

    folder: Path
    spec: Spec

    @property
    def ours_home(self) -> Path:
        return self.folder / OURS

    @property
    def anki_path(self) -> Path:
        return self.folder / ANKI / "collection.anki2"


def today_utc() -> date:
    """Today's review day in UTC with the default 04:00 rollover, as both sides will compute it."""
    from zoneinfo import ZoneInfo

    from flashcards.core.days import review_day

    return review_day(datetime.now(UTC), ZoneInfo("UTC"))


def build_env() -> dict[str, str]:
    """The environment for builder and benchmark processes: UTC, no inherited flashcards settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("FLASHCARDS_")}
    env["TZ"] = "UTC"
    return env


def _manifest(spec: Spec) -> dict[str, object]:
    return {"generator_version": GENERATOR_VERSION, **asdict(spec), "today": spec.today.isoformat()}


def _matches(folder: Path, spec: Spec) -> bool:
    try:
        found = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    wanted = _manifest(spec)
    return all(found.get(key) == wanted[key] for key in ("generator_version", "cards", "decks", "seed"))


def cached_spec(folder: Path) -> Spec:
    found = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return Spec(cards=found["cards"], today=date.fromisoformat(found["today"]), decks=found["decks"],
                seed=found["seed"])


def build_side(side: str, spec: Spec, folder: Path) -> None:
    """Build one side into `folder/<side>` (this process; the caller set TZ=UTC)."""
    if side == OURS:
        from benchmarks.build_ours import build_ours

        build_ours(spec, folder / OURS)
    else:
        from benchmarks.build_anki import build_anki

        build_anki(spec, folder / ANKI)


def _command(side: str, specs: list[tuple[Spec, Path]]) -> list[str]:
    command = [sys.executable, "-m", "benchmarks.generate", "--side", side]
    for spec, folder in specs:
        command += ["--build", f"{spec.cards}:{spec.decks}:{spec.seed}:{spec.today.isoformat()}:{folder}"]
    return command


def ensure_collections(data: Path, sizes: list[int], *, decks: int = 8, seed: int = 20261128,
                       log: bool = True) -> dict[int, Collections]:
    """Every requested size, from the cache when it matches, else built (ours and Anki's in parallel)."""
    root = data / "collections"
    root.mkdir(parents=True, exist_ok=True)
    today = today_utc()
    result: dict[int, Collections] = {}
    missing: list[tuple[Spec, Path]] = []
    for cards in sizes:
        folder = root / str(cards)
        spec = Spec(cards=cards, today=today, decks=decks, seed=seed)
        if _matches(folder, spec):
            result[cards] = Collections(folder, cached_spec(folder))
            continue
        scratch = root / f".building-{cards}"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
        missing.append((spec, scratch))
    if missing:
        if log:
            print(f"generating {', '.join(f'{s.cards:,}' for s, _ in missing)} cards (ours and Anki's in "
                  "parallel; cached under benchmarks/data/ for the next run)...", file=sys.stderr, flush=True)
        project = Path(__file__).resolve().parent.parent
        commands = [_command(side, missing) for side in (OURS, ANKI)]
        processes = [subprocess.Popen(command, env=build_env(), cwd=project) for command in commands]
        failed = [" ".join(command) for command, process in zip(commands, processes, strict=True) if process.wait()]
        if failed:
            raise SystemExit(f"building the benchmark collections failed: {failed[0]}")
        for spec, scratch in missing:
            (scratch / MANIFEST).write_text(json.dumps(_manifest(spec), indent=2) + "\n", encoding="utf-8")
            folder = root / str(spec.cards)
            shutil.rmtree(folder, ignore_errors=True)
            scratch.rename(folder)
            result[spec.cards] = Collections(folder, spec)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, help="Build one collection of this many cards into --out.")
    parser.add_argument("--decks", type=int, default=8)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--out", type=Path, help="Folder for --cards (created; must not hold a collection).")
    parser.add_argument("--side", choices=(OURS, ANKI), help=argparse.SUPPRESS)
    parser.add_argument("--build", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.side:  # a worker started by ensure_collections or below: build one side of each spec
        for item in args.build:
            cards, decks, seed, today, folder = item.split(":", 4)
            build_side(args.side, Spec(int(cards), date.fromisoformat(today), int(decks), int(seed)), Path(folder))
        return
    if args.cards is None or args.out is None:
        parser.error("give --cards and --out")
    spec = Spec(cards=args.cards, today=today_utc(), decks=args.decks, seed=args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    project = Path(__file__).resolve().parent.parent
    processes = [subprocess.Popen(_command(side, [(spec, args.out)]), env=build_env(), cwd=project)
                 for side in (OURS, ANKI)]
    if any(process.wait() != 0 for process in processes):
        raise SystemExit("building the collection failed")
    (args.out / MANIFEST).write_text(json.dumps(_manifest(spec), indent=2) + "\n", encoding="utf-8")
    print(f"built {spec.cards:,} cards in {spec.decks} decks: {args.out / OURS} and {args.out / ANKI}")


if __name__ == "__main__":
    main()
