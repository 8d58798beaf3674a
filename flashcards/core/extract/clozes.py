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


MAX_CLOZES = 20
"""The most `==deletions==` one card's text may hold; more than that is read unit by unit (below).

Each deletion is a card that shows the whole unit (paragraph, line or sentence) around it, so a unit
of n deletions writes n copies of itself: without a bound a megabyte line of `a ==b==` wrote a hundred
thousand cards of a megabyte each. Real notes hold a handful of deletions in a paragraph.
"""

MAX_CLOZE_UNIT = 2000
"""The longest unit (in characters) a cloze card shows; a longer paragraph is read line by line, a
longer line sentence by sentence, and a longer sentence gives no cloze card (a skip on its line)."""

_SENTENCE_END = re.compile(r"[.!?](?=\s)")
# Private-use characters around each deletion: the unit is rendered once and every card's front is
# cut from that one rendering (rendering the unit again for each deletion was quadratic).
_OPEN, _CLOSE = "\ue000", "\ue001"


def read_clozes(scan: Scan, lines: list[str], masked: list[str], section: Section, first: int) -> None:
    """One card per `==deletion==`: the front shows `[...]` in its place, the back the whole unit
    around it (the paragraph, or for a long paragraph the line or sentence; see `MAX_CLOZE_UNIT`)."""
    text = "\n".join(lines)
    hidden = "\n".join(masked)
    line, counted = first, 0  # line of `counted`; units come in order, so each stretch is counted once
    for start, end in _units(hidden, text):
        unit, unit_hidden = text[start:end], hidden[start:end]
        matches = list(CLOZE.finditer(unit_hidden))
        if not matches:
            continue
        line += text.count("\n", counted, start)
        counted = start
        if len(unit) > MAX_CLOZE_UNIT or len(matches) > MAX_CLOZES:
            scan.sink.skip(line, f"more than {MAX_CLOZES} deletions or {MAX_CLOZE_UNIT} characters in one sentence")
            continue
        _unit_cards(scan, unit, matches, section, line)


def _units(hidden: str, text: str) -> list[tuple[int, int]]:
    """Spans of the paragraph each read as one: the paragraph if short enough, else its lines, and
    a line too long its sentences (split after `.`, `!` or `?` and a space outside code)."""
    if len(hidden) <= MAX_CLOZE_UNIT and len(CLOZE.findall(hidden)) <= MAX_CLOZES:
        return [(0, len(hidden))]
    units: list[tuple[int, int]] = []
    at = 0
    for line in hidden.split("\n"):
        end = at + len(line)
        if len(line) <= MAX_CLOZE_UNIT and len(CLOZE.findall(line)) <= MAX_CLOZES:
            units.append((at, end))
        else:
            start = at
            for stop in _SENTENCE_END.finditer(line):
                cut = at + stop.end()
                if text[cut].isspace():  # a real space, not the blank of masked code
                    units.append((start, cut))
                    start = cut
            units.append((start, end))
        at = end + 1
    return units


def _unit_cards(scan: Scan, text: str, matches: list[re.Match[str]], section: Section, line: int) -> None:
    full = render_markdown_text(CLOZE.sub(r"\1", text)).text
    fronts = _cut_fronts(text, matches)
    for number, match in enumerate(matches):
        if fronts is not None:
            front = fronts[number]
        else:
            before = CLOZE.sub(r"\1", text[: match.start()])
            after = CLOZE.sub(r"\1", text[match.end() :])
            front = render_markdown_text(before + "[...]" + after).text
        anchor = render_markdown_text(match.group(1)).text
        scan.sink.card(Kind.CLOZE, front, full, anchor, section.context, line + text.count("\n", 0, match.start()))


def _cut_fronts(text: str, matches: list[re.Match[str]]) -> list[str] | None:
    """Each deletion's front from one rendering of the text with the deletions marked; None when
    the marks did not come through the rendering intact (a deletion inside a link target, say)."""
    if _OPEN in text or _CLOSE in text:
        return None
    pieces: list[str] = []
    at = 0
    for match in matches:
        pieces += [text[at : match.start()], "[", _OPEN, match.group(1), _CLOSE, "]"]
        at = match.end()
    pieces.append(text[at:])
    rendered = render_markdown_text("".join(pieces)).text
    parts = re.split(f"\\[{_OPEN}.*?{_CLOSE}\\]", rendered, flags=re.DOTALL)
    contents = re.findall(f"\\[{_OPEN}(.*?){_CLOSE}\\]", rendered, flags=re.DOTALL)
    if len(parts) != len(matches) + 1 or any(_OPEN in part or _CLOSE in part for part in [*parts, *contents]):
        return None
    fronts = []
    for number in range(len(matches)):
        pieces = [parts[0]]
        for other, content in enumerate(contents):
            pieces += ["[...]" if other == number else content, parts[other + 1]]
        fronts.append("".join(pieces))
    return fronts


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
