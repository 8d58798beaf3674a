"""Real notes damaged the ways files get damaged, reproducibly from a seed.

Each mutation takes the text and a `random.Random` and returns new text. `mutate` picks one to three
of them, weighted so that the expensive ones (ten thousand list items, lines of tens of kilobytes) are
rare enough for a run of 100,000 inputs to finish, yet each is met hundreds of times in such a run.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

Mutation = Callable[[str, random.Random], str]

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def corpus_notes(folder: Path = CORPUS) -> list[str]:
    """The text of every note under the corpus folder (empty when the folder is absent)."""
    if not folder.is_dir():
        return []
    return [path.read_text(encoding="utf-8", errors="replace") for path in sorted(folder.rglob("*.md"))]


def excerpt(text: str, rng: random.Random, most: int = 80) -> str:
    """A run of up to `most` consecutive lines: a note of ordinary size, cut anywhere."""
    lines = text.split("\n")
    start = rng.randrange(len(lines))
    return "\n".join(lines[start : start + rng.randint(1, most)])


def _at(text: str, rng: random.Random) -> int:
    return rng.randint(0, len(text))


def _insert(text: str, rng: random.Random, piece: str) -> str:
    at = _at(text, rng)
    return text[:at] + piece + text[at:]


def _insert_line(text: str, rng: random.Random, piece: str) -> str:
    lines = text.split("\n")
    at = rng.randint(0, len(lines))
    return "\n".join([*lines[:at], piece, *lines[at:]])


def truncate(text: str, rng: random.Random) -> str:
    return text[: _at(text, rng)]


def flip_bytes(text: str, rng: random.Random) -> str:
    """A few bits flipped in the UTF-8 bytes, read back as a reader would (invalid bytes replaced)."""
    data = bytearray(text.encode("utf-8"))
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return data.decode("utf-8", errors="replace")


def nested_html(text: str, rng: random.Random) -> str:
    tag = rng.choice(["div", "b", "details", "span", "dl", "table", "a href='x'", "em"])
    name = tag.split()[0]
    depth = rng.choice([10, 100, 1000, 3000])
    return _insert(text, rng, f"<{tag}>" * depth + "x" + f"</{name}>" * rng.choice([0, depth]))


def huge_line(text: str, rng: random.Random) -> str:
    """Lines joined into one line of 16 to 53 KB (a file whose line breaks were lost)."""
    lines = [line for line in text.split("\n") if line.strip()] or ["word"]
    size = rng.randint(16_000, 53_000)
    pieces: list[str] = []
    total = 0
    while total < size:
        piece = rng.choice(lines)
        pieces.append(piece)
        total += len(piece) + 1
    return _insert_line(text, rng, " ".join(pieces)[:size])


def repeated_line(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    line = rng.choice(lines) or "x"
    return _insert_line(text, rng, line * max(1, rng.randint(1_000, 20_000) // max(1, len(line))))


def nul(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 5)):
        text = _insert(text, rng, "\x00" * rng.randint(1, 3))
    return text


def cr_only(text: str, rng: random.Random) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r")


def crlf(text: str, rng: random.Random) -> str:
    return text.replace("\n", "\r\n")


def bom(text: str, rng: random.Random) -> str:
    return "\ufeff" + text if rng.random() < 0.7 else _insert(text, rng, "\ufeff")


def long_list(text: str, rng: random.Random) -> str:
    item = rng.choice(["- x", "- **T**: d", "1. Do it.", "* `-a` all", "- [ ] task", "+ a = b"])
    return _insert_line(text, rng, "\n".join([item] * 10_000))


def deep_nesting(text: str, rng: random.Random) -> str:
    depth = rng.choice([40, 200, 1000, 3000])
    shape = rng.choice(["list", "quote", "emphasis", "brackets", "mixed"])
    if shape == "list":  # each level two spaces deeper: 200 levels is already 40 KB
        piece = "\n".join("  " * level + "- item" for level in range(min(depth, 200)))
    elif shape == "quote":
        piece = ">" * depth + " x"
    elif shape == "emphasis":
        piece = "*" * depth + "x" + "*" * depth
    elif shape == "brackets":
        piece = "[" * depth + "x" + "](y)" * depth
    else:
        piece = "> - " * depth + "**_x_**"
    return _insert_line(text, rng, piece)


def run_of_marks(text: str, rng: random.Random) -> str:
    """An underline or separator grown long: `=`, `*`, `-`, `#`, `~`, `_` or `|`."""
    mark = rng.choice("=*-#~_|")
    prefix = rng.choice(["", "**", "<b>x</b> ", "Title\n", "# ", "| "])
    return _insert_line(text, rng, prefix + mark * rng.choice([100, 1_000, 4_000, 32_000]))


def backticks_with_html(text: str, rng: random.Random) -> str:
    return _insert_line(text, rng, "<span>" + "`" * rng.choice([50, 200, 800, 3_000]) + "</span> x")


def junk_characters(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 20)):
        text = _insert(text, rng, rng.choice(["<", ">", "`", "*", "|", "[", "]", "=", "::", "\t", "\u200b",
                                              "\ufffd", "\x1b[31m", "&", "{{c1::", "}}", "$", "\\"]))
    return text


def duplicate(text: str, rng: random.Random) -> str:
    start = _at(text, rng)
    piece = text[start : start + rng.randint(1, 2_000)]
    return _insert(text, rng, piece * rng.randint(2, 5))


def shuffle_lines(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    rng.shuffle(lines)
    return "\n".join(lines)


def drop_newlines(text: str, rng: random.Random) -> str:
    return text.replace("\n", rng.choice([" ", ""]))


# (mutation, weight): cheap damage is common, large growth rare.
MUTATIONS: list[tuple[Mutation, float]] = [
    (truncate, 10), (flip_bytes, 10), (nul, 6), (cr_only, 6), (crlf, 4), (bom, 5), (junk_characters, 10),
    (duplicate, 6), (shuffle_lines, 4), (nested_html, 4), (deep_nesting, 5), (run_of_marks, 5),
    (backticks_with_html, 2), (drop_newlines, 1), (repeated_line, 0.15), (huge_line, 0.15),
    (long_list, 0.1),
]


def mutate(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """The text with one to three mutations applied, and their names in order."""
    chosen = rng.choices([m for m, _ in MUTATIONS], weights=[w for _, w in MUTATIONS], k=rng.randint(1, 3))
    for mutation in chosen:
        text = mutation(text, rng)
    return text, [mutation.__name__ for mutation in chosen]


def mutated_notes(notes: list[str], seed: int, count: int) -> list[tuple[str, list[str]]]:
    """`count` mutated excerpts (or, one time in fifty, whole notes) of the notes, from `seed`."""
    rng = random.Random(seed)
    inputs = []
    for _ in range(count):
        note = rng.choice(notes)
        base = note if rng.random() < 0.02 else excerpt(note, rng)
        inputs.append(mutate(base, rng))
    return inputs
