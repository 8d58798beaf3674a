"""The check before any timing: both collections must have the same cards due today, deck by deck.

A benchmark of two collections that disagree measures nothing, so the runner (and the smoke test)
asks each side the way a user would, as separate processes: `flashcards due --json` for ours, and
Anki's deck tree (`python -m benchmarks.anki_side due --json`) for Anki's, and stops with a message
naming the first deck that differs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.generate import Collections, build_env

PROJECT = Path(__file__).resolve().parent.parent


class Disagreement(SystemExit):
    """The two collections do not have the same work due today (a SystemExit: the run must stop)."""


@dataclass(frozen=True)
class DueCounts:
    """Reviews and new cards due today, in total and per deck (after the daily limits)."""

    due: int
    new: int
    decks: dict[str, tuple[int, int]]


def _run_json(command: list[str], env: dict[str, str]) -> Any:
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=PROJECT, timeout=300)
    if done.returncode != 0:
        raise Disagreement(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)


def _counts(found: Any) -> DueCounts:
    """Both sides print `{"due", "new", "decks": [{"deck", "due", "new"}, ...]}`."""
    decks = {str(d["deck"]): (int(d["due"]), int(d["new"])) for d in found["decks"]}
    return DueCounts(int(found["due"]), int(found["new"]), decks)


def ours(collections: Collections, env: dict[str, str] | None = None) -> DueCounts:
    env = dict(env or build_env(), FLASHCARDS_HOME=str(collections.ours_home))
    return _counts(_run_json([sys.executable, "-m", "flashcards", "due", "--json"], env))


def anki(collections: Collections, env: dict[str, str] | None = None) -> DueCounts:
    found = _run_json(
        [sys.executable, "-m", "benchmarks.anki_side", "due", "--json", str(collections.anki_path)],
        dict(env or build_env()),
    )
    if found["learning"]:
        raise Disagreement(f"{collections.anki_path}: Anki has {found['learning']} learning card(s); ours has none")
    return _counts(found)


def check(collections: Collections, env: dict[str, str] | None = None) -> DueCounts:
    """Both sides' counts, which must be equal; raises Disagreement otherwise."""
    mine, theirs = ours(collections, env), anki(collections, env)
    size = f"{collections.spec.cards:,}-card collection"
    if mine.decks.keys() != theirs.decks.keys():
        raise Disagreement(f"{size}: the decks differ: ours {sorted(mine.decks)}, Anki's {sorted(theirs.decks)}")
    for deck, counts in mine.decks.items():
        if counts != theirs.decks[deck]:
            raise Disagreement(
                f"{size}: deck {deck} has {counts[0]} due and {counts[1]} new in ours but "
                f"{theirs.decks[deck][0]} due and {theirs.decks[deck][1]} new in Anki's; not timing anything"
            )
    if (mine.due, mine.new) != (theirs.due, theirs.new):
        raise Disagreement(f"{size}: totals differ: ours {mine.due} due, {mine.new} new; "
                           f"Anki's {theirs.due} due, {theirs.new} new")
    return mine
