"""Input clean-up done before any parsing, always keeping one source line per output line.

Line numbers are a promise to the user (`file:line` in every problem and card), so nothing here may add
or remove a line: CRLF and lone CR become LF (a CR-only file still has its lines), a leading byte-order
mark is dropped, NUL bytes become U+FFFD (what CommonMark prescribes) and are reported, and kramdown
attribute lines such as `{:auto_ids}` are blanked because they would otherwise glue themselves to the
next paragraph and hide a definition-list term. Outliner metadata is blanked too (see `logseq`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flashcards.core.extract.logseq import clean_outline

_KRAMDOWN_ATTRIBUTE_LINE = re.compile(r"^[ \t]{0,3}\{:[^{}\n]*\}[ \t]*$")


@dataclass(frozen=True)
class CleanSource:
    """The text the parser sees, plus what had to be repaired (1-based line, message)."""

    text: str
    line_count: int
    repairs: list[tuple[int, str]] = field(default_factory=list)


def clean_source(raw: str) -> CleanSource:
    text = raw
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    repairs: list[tuple[int, str]] = []
    if "\x00" in text:
        first = text.count("\n", 0, text.index("\x00")) + 1
        repairs.append((first, "NUL bytes in the file (replaced by U+FFFD)"))
        text = text.replace("\x00", "\ufffd")
    if "{:" in text:
        lines = text.split("\n")
        for number, line in enumerate(lines):
            if _KRAMDOWN_ATTRIBUTE_LINE.match(line):
                lines[number] = ""
        text = "\n".join(lines)
    text = clean_outline(text)  # outliner metadata (`key:: value`, block refs) is not content
    line_count = text.count("\n") + (0 if text.endswith("\n") else 1)
    return CleanSource(text=text, line_count=max(1, line_count), repairs=repairs)
