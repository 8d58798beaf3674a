"""The fuzz inputs, each rebuilt from (seed, index) alone so that any one can be replayed.

Most are mutated excerpts of real notes (`mutations`); some are random Markdown-ish lines; a few are
the pathological shapes (`shapes`) at a random size of up to 30 KB.
"""

from __future__ import annotations

import random

from tests.fuzz.mutations import corpus_notes, mutate, mutated_notes
from tests.fuzz.shapes import SHAPES

MARKDOWN_PIECES = [
    "# Title", "## Section", "###### Deep", "- `ls -l` lists long", "- **Term**: definition", "* item",
    "1. first step", "   - nested", "> quoted", "```", "```sh", "~~~", "    indented code", "| a | b |",
    "|---|---|", "| `-x` | flag |", "Term: definition", "term", ":   definition", "Q: why?", "A: because",
    "question::answer", "a ==cloze== here", "{{c1::anki}} cloze", "<details>", "<summary>Q</summary>",
    "</details>", "<dl><dt>T</dt><dd>D</dd></dl>", "<table><tr><td>a</td></tr></table>", "---", "***",
    "===", "$$ x = y $$", "- term #card", "id:: 1234", "TODO later", "[link](https://example.org)", "",
    "", "Plain prose that goes on for a while.", "<!-- comment -->", "\t- tabbed", "    1. deep step",
]


def random_markdown(rng: random.Random) -> str:
    lines = [rng.choice(MARKDOWN_PIECES) for _ in range(rng.randint(1, 60))]
    return rng.choice(["\n", "\r\n", "\r"]).join(lines)


def make_input(notes: list[str], seed: int, index: int) -> tuple[str, str]:
    """Input number `index` of the run with `seed`: (text, label saying how it was made)."""
    rng = random.Random(seed * 1_000_003 + index)
    roll = rng.random()
    if roll < 0.01 or not notes and roll < 0.05:
        name = rng.choice(sorted(SHAPES))
        return SHAPES[name](rng.randint(100, 30_000)), f"shape {name}"
    if roll < 0.10 or not notes:
        text, names = mutate(random_markdown(rng), rng)
        return text, f"random markdown + {', '.join(names)}"
    [(text, names)] = mutated_notes(notes, rng.randrange(2**32), 1)
    return text, f"corpus + {', '.join(names)}"


__all__ = ["corpus_notes", "make_input"]
