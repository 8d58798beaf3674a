"""The clozes of one sentence are siblings: one of them a day, as a term and its reverse are.

A learner shown "Water is made of [...] and oxygen" and then, next, "Water is made of hydrogen and
[...]" reads the first card's answer in the second's question.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

NOTE = """# Chemistry

Water is made of ==hydrogen== and ==oxygen==, bonded by ==covalent== bonds.

Salt is ==sodium== chloride.

- **mole**: an amount of substance
"""


def _shown(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if "[...]" in line]


def test_one_cloze_of_a_sentence_a_day(invoke: Callable[..., Result], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    note = tmp_path / "chemistry.md"
    note.write_text(NOTE, encoding="utf-8")
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-12-01T09:00:00+00:00")
    imported = invoke("import", str(note))
    assert imported.exit_code == 0, imported.output
    due = json.loads(invoke("due", "--json").output)
    # 3 clozes of the water sentence count as one today; salt's one; the mole and its reverse as one.
    assert due["new"] == 3, due
    day_one = invoke("quiz", "--no-sync", input="\n4\n" * 10 + "q\n")
    assert day_one.exit_code == 0, day_one.output
    water = [line for line in _shown(day_one.output) if line.startswith("Water")]
    assert len(water) == 1, day_one.output
    # The next days bring the sentence's other clozes (a review of one holds the others back that day).
    seen = set(water)
    for day in ("02", "03", "04", "05", "06", "07"):
        monkeypatch.setenv("FLASHCARDS_NOW", f"2026-12-{day}T09:00:00+00:00")
        result = invoke("quiz", "--no-sync", input="\n4\n" * 10 + "q\n")
        assert result.exit_code == 0, result.output
        shown = [line for line in _shown(result.output) if line.startswith("Water")]
        assert len(shown) <= 1, result.output
        seen.update(shown)
    assert len(seen) == 3, seen
