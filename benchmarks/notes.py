"""A folder of generated Markdown notes for the import benchmark.

Each note looks like a small technical notes file: a title, a sentence of prose, a glossary of keyed
bullets and a short HTML definition list, so the extractor's common paths run (each term gives a
definition card and its reverse). The text is deterministic, so a re-import sees the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.synthetic import WORDS

TERMS_PER_NOTE = 3


def note_text(number: int, rng: random.Random) -> str:
    """One note: 2 bullet terms and 1 `<dl>` term, all unique to this note."""
    def sentence() -> str:
        return " ".join(rng.choices(WORDS, k=rng.randint(6, 14)))

    bullets = "\n".join(f"- **{rng.choice(WORDS)}-{number:04d}-{k}**: {sentence()}" for k in (1, 2))
    return (
        f"# Topic {number:04d}\n\n"
        f"Notes about {sentence()}.\n\n"
        f"## Terms\n\n{bullets}\n\n"
        f"## More\n\n<dl>\n<dt>{rng.choice(WORDS)}-{number:04d}-3</dt>\n<dd>{sentence()}</dd>\n</dl>\n"
    )


def write_notes(folder: Path, count: int, seed: int = 7) -> Path:
    """Write `count` notes into `folder` (created); files already there with the same text are kept."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for number in range(1, count + 1):
        path = folder / f"topic-{number:04d}.md"
        text = note_text(number, rng)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return folder
