"""Notes of a given size in each shape that has made the extractor slow or made it give up.

Every generator takes a size in characters and returns a note of about that size whose shape is the
point: one huge line, CR-only line endings, nesting as deep as the text allows (lists, quotes,
emphasis, HTML), a list of many thousand items, a table of a megabyte, runs of the characters real
notes use as underlines and separators, and backtick runs among inline HTML. The benchmark and the
fuzz harness both use them; nothing here depends on the corpus.
"""

from __future__ import annotations

from collections.abc import Callable


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // max(1, len(unit)))


def huge_line(size: int) -> str:
    """One line of ordinary prose with inline marks, no line break."""
    return "# T\n\n" + _repeat("a `cmd` does *this* and **that**, see [x](y) ", size)


def huge_line_of_words(size: int) -> str:
    """A single line of plain words: the simplest long line."""
    return _repeat("word ", size)


def cr_only(size: int) -> str:
    """An ordinary cheat sheet whose lines end in a lone CR (old Mac files)."""
    return _repeat("## H\r\r- `ls -l`: long listing\r- **Term**: a definition\r\r", size)


def cr_only_one_paragraph(size: int) -> str:
    """CR-only lines with no blank line: after normalisation, one very long paragraph."""
    return _repeat("Term: a definition of it\r", size)


def nested_lists(size: int) -> str:
    """Bullets each indented one level deeper than the last."""
    lines: list[str] = []
    total = 0
    depth = 0
    while total < size:
        line = "  " * (depth % 400) + "- item\n"
        lines.append(line)
        total += len(line)
        depth += 1
    return "".join(lines)


def nested_quotes(size: int) -> str:
    """One quote marker more on each line."""
    lines: list[str] = []
    total = 0
    depth = 1
    while total < size:
        line = ">" * (depth % 2000 + 1) + " x\n"
        lines.append(line)
        total += len(line)
        depth += 1
    return "".join(lines)


def nested_emphasis(size: int) -> str:
    """Emphasis opened as deep as the line allows, then closed."""
    half = size // 2
    return "*" * half + "x" + "*" * half


def nested_html(size: int) -> str:
    """HTML elements nested inside each other, inline and as blocks."""
    depth = size // 22
    return "<div>" * depth + "x" + "</div>" * depth + "\n\n" + "a <b><i>" * (depth // 2) + "x"


def nested_links(size: int) -> str:
    """Brackets and links nested: `[[[[x](y)](y)](y)]`."""
    depth = size // 6
    return "[" * depth + "x" + "](y)" * depth


def many_list_items(size: int) -> str:
    """A list of about 100,000 keyed items at 1 MB."""
    return "# T\n\n" + _repeat("- **T**: d\n", size)


def many_plain_items(size: int) -> str:
    """A long list of one-word items."""
    return _repeat("- x\n", size)


def many_ordered_items(size: int) -> str:
    """A long ordered list of plain sentences (the steps rule reads those)."""
    return "# Steps\n\n" + _repeat("1. Do the thing now.\n", size)


def big_table(size: int) -> str:
    """A flag table of a megabyte."""
    rows = ["| Option | Description |", "|---|---|"]
    total = 0
    number = 0
    while total < size:
        row = f"| `-o{number}` | does thing {number} |"
        rows.append(row)
        total += len(row) + 1
        number += 1
    return "# Options\n\n" + "\n".join(rows) + "\n"


def wide_table(size: int) -> str:
    """A table with one row of very many columns."""
    columns = max(2, size // 8)
    return "|" + " a |" * columns + "\n|" + "---|" * columns + "\n|" + " b |" * columns + "\n"


def pipe_rows(size: int) -> str:
    """Pipe rows without a delimiter row."""
    return _repeat("| `-x` | something |\n", size)


def run_of(character: str) -> Callable[[int], str]:
    def shape(size: int) -> str:
        return "Title\n" + character * size + "\n"

    shape.__name__ = f"run_of_{ {'=': 'equals', '*': 'stars', '-': 'dashes', '#': 'hashes'}.get(character, 'x')}"
    shape.__doc__ = f"A line of `{character}` under a title (an underline or separator, grown)."
    return shape


def equals_after_html(size: int) -> str:
    """A line of HTML tags and then a line of `=` (once 154 s and 6,500 cards)."""
    return "<b>x</b> <i>y</i> <span>z</span>\n" + "=" * size + "\n"


def stars_then_equals(size: int) -> str:
    return "**" + "=" * size + "\n"


def equals_lines(size: int) -> str:
    """Many short lines of `=` and words (cloze-like shapes)."""
    return _repeat("a ==b== c ===\n", size)


def backticks_with_html(size: int) -> str:
    """Runs of backticks of every length among inline HTML (once backtracked)."""
    parts: list[str] = []
    total = 0
    n = 1
    while total < size:
        part = "<span>" + "`" * n + "</span> x "
        parts.append(part)
        total += len(part)
        n = n % 900 + 1
    return "".join(parts)


def backtick_line(size: int) -> str:
    return "<span>" + "`" * size + "</span> x\n"


def many_headings(size: int) -> str:
    return _repeat("# H\n## G\n### F\nterm: def\n", size)


def deep_headings(size: int) -> str:
    return _repeat("###### H\n", size)


def many_definitions(size: int) -> str:
    return _repeat("Term\n:   definition\n\n", size)


def html_dl(size: int) -> str:
    return "<dl>\n" + _repeat("<dt>T</dt><dd>d</dd>\n", size) + "</dl>\n"


def many_details(size: int) -> str:
    return _repeat("<details><summary>Q?</summary>\nA\n</details>\n\n", size)


def fence_lines(size: int) -> str:
    return "```sh\n" + _repeat("docker ps -a   # list all\n", size) + "```\n"


def commented_code(size: int) -> str:
    return "```\n" + _repeat("# comment\ncmd --flag\n", size) + "```\n"


def keyed_lines(size: int) -> str:
    """One paragraph of `Term: def` lines (the lines rule)."""
    return "# T\n\n" + _repeat("Term: a definition\n", size)


def explicit_qa(size: int) -> str:
    return _repeat("question::answer\n", size)


def clozes(size: int) -> str:
    return _repeat("An ==important== fact {{c1::here}}.\n\n", size)


def brackets(size: int) -> str:
    return "[" * size


def nul_and_bom(size: int) -> str:
    return "\ufeff" + _repeat("- a\x00b: c\ufeff\n", size)


def logseq(size: int) -> str:
    return _repeat("- term #card\n  id:: 123\n  - answer\n", size)


SHAPES: dict[str, Callable[[int], str]] = {
    shape.__name__: shape
    for shape in (
        huge_line, huge_line_of_words, cr_only, cr_only_one_paragraph, nested_lists, nested_quotes,
        nested_emphasis, nested_html, nested_links, many_list_items, many_plain_items, many_ordered_items,
        big_table, wide_table, pipe_rows, run_of("="), run_of("*"), run_of("-"), run_of("#"),
        equals_after_html, stars_then_equals, equals_lines, backticks_with_html, backtick_line,
        many_headings, deep_headings, many_definitions, html_dl, many_details, fence_lines, commented_code,
        keyed_lines, explicit_qa, clozes, brackets, nul_and_bom, logseq,
    )
}
"""Every shape by name."""
