"""Cloze cards: `==highlight==` deletions (one card per deletion) and Anki `{{c1::hidden}}` clozes
(one card per cloze number).

Both read a paragraph whose code spans are already masked (`explicit_markup.mask_code`), so `==` or
`{{c1::` inside code is code. They are apart from `explicit` because they make a different kind of
card (a cloze, not a question and answer) with its own anchor: the deletion, or the cloze number and
the sentence with every deletion hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flashcards.core.extract.document import Section
from flashcards.core.extract.explicit_markup import ANKI_CLOZE, CLOZE
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import render_markdown_text
from flashcards.core.vocabulary import Kind


def read_clozes(scan: Scan, lines: list[str], masked: list[str], section: Section, first: int) -> None:
    """One card per `==deletion==`: the front shows `[...]` in its place, the back the whole sentence."""
    text = "\n".join(lines)
    hidden = "\n".join(masked)
    matches = list(CLOZE.finditer(hidden))
    full = render_markdown_text(CLOZE.sub(r"\1", text)).text
    for match in matches:
        before = CLOZE.sub(r"\1", text[: match.start()])
        after = CLOZE.sub(r"\1", text[match.end() :])
        front = render_markdown_text(before + "[...]" + after).text
        anchor = render_markdown_text(match.group(1)).text
        line = first + text.count("\n", 0, match.start())
        scan.sink.card(Kind.CLOZE, front, full, anchor, section.context, line)


def blank_clozes(text: str, hidden: str) -> str:
    """The text with every cloze (found on the code-masked copy) shown as `[...]`."""
    spans = sorted(
        [match.span() for match in CLOZE.finditer(hidden)] + [match.span() for match in ANKI_CLOZE.finditer(hidden)]
    )
    pieces: list[str] = []
    at = 0
    for start, end in spans:
        if start >= at:
            pieces.append(text[at:start] + "[...]")
            at = end
    pieces.append(text[at:])
    return "".join(pieces)


# --- Anki {{c1::...}} clozes ---------------------------------------------------------------------------


def read_anki_clozes(scan: Scan, lines: list[str], masked: list[str], section: Section, first: int) -> None:
    """One card per cloze number: the deletions of that number hidden (`[...]`, or `[hint]`), the
    others shown. Keyed on the number and the text with every deletion hidden, so fixing a typo in
    a hidden word keeps the card."""
    text = "\n".join(lines)
    matches = list(ANKI_CLOZE.finditer("\n".join(masked)))
    numbers = list(dict.fromkeys(match.group(1) for match in matches))

    def rebuild(show: Callable[[re.Match[str]], str]) -> str:
        pieces: list[str] = []
        at = 0
        for match in matches:
            pieces.append(text[at : match.start()])
            pieces.append(show(match))
            at = match.end()
        pieces.append(text[at:])
        return "".join(pieces)

    def content(match: re.Match[str]) -> str:
        return text[match.start(2) : match.end(2)]

    def hidden(match: re.Match[str]) -> str:
        hint = text[match.start(3) : match.end(3)].strip() if match.group(3) is not None else ""
        return f"[{hint or '...'}]"

    full = render_markdown_text(rebuild(content)).text
    blanked = render_markdown_text(rebuild(hidden)).text
    def one_number(number: str) -> Callable[[re.Match[str]], str]:
        return lambda match: hidden(match) if match.group(1) == number else content(match)

    for number in numbers:
        front = render_markdown_text(rebuild(one_number(number))).text
        at = next(match.start() for match in matches if match.group(1) == number)
        line = first + text.count("\n", 0, at)
        scan.sink.card(Kind.CLOZE, front, full, f"c{number}: {blanked}", section.context, line)
