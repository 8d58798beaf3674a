"""Generated Markdown notes for the import benchmarks: a folder of small notes, and one large note.

Each small note looks like a small technical notes file: a title, a sentence of prose, a glossary of
keyed bullets and a short HTML definition list, so the extractor's common paths run (each term gives a
definition card and its reverse). The large note (`write_big_note`, about 1 MB) strings together the
sections a long study guide has: headings over prose, keyed bullets, definition lists, a command
table, a fenced code block, numbered steps and an HTML definition list. The text is deterministic, so
a re-import sees the same bytes.
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


def section_text(number: int, rng: random.Random) -> str:
    """One section of the large note; every term in it is unique to the section."""
    def words(low: int, high: int) -> str:
        return " ".join(rng.choices(WORDS, k=rng.randint(low, high)))

    def term(k: int) -> str:
        return f"{rng.choice(WORDS)}-{number:04d}-{k}"

    bullets = "\n".join(f"- **{term(k)}**: {words(6, 16)}" for k in (1, 2, 3))
    definitions = "\n\n".join(f"{term(k)}\n: {words(8, 18)}" for k in (4, 5))
    rows = "\n".join(f"| `tool{number:04d} {rng.choice(WORDS)}-{k}` | {words(4, 10)} |" for k in (6, 7, 8))
    steps = "\n".join(f"{k}. {words(5, 12)}" for k in (1, 2, 3))
    return (
        f"## Section {number:04d}: {words(2, 4)}\n\n"
        f"{words(20, 40).capitalize()}. {words(10, 25).capitalize()}.\n\n"
        f"### Glossary\n\n{bullets}\n\n"
        f"### Definitions\n\n{definitions}\n\n"
        f"### Commands\n\n| Command | Purpose |\n|---|---|\n{rows}\n\n"
        f"### Example\n\n```sh\ntool{number:04d} --{rng.choice(WORDS)} {rng.choice(WORDS)}\n"
        f"tool{number:04d} {rng.choice(WORDS)} | grep {rng.choice(WORDS)}\n```\n\n"
        f"### Steps\n\n{steps}\n\n"
        f"<dl>\n<dt>{term(9)}</dt>\n<dd>{words(6, 14)}</dd>\n</dl>\n\n"
    )


def big_note_text(size: int, seed: int = 11) -> str:
    """A study guide of at least `size` bytes (UTF-8), whole sections only."""
    rng = random.Random(seed)
    parts = ["# A long study guide\n\n"]
    total, number = len(parts[0]), 0
    while total < size:
        number += 1
        parts.append(section_text(number, rng))
        total += len(parts[-1].encode("utf-8"))
    return "".join(parts)


def write_big_note(path: Path, size: int = 1_000_000) -> Path:
    """Write the large note to `path` (kept when it already holds the same text)."""
    text = big_note_text(size)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
