"""Acronym headings: `Long Form (ACR)` or `ACR (Long Form)` gives the card ACR → Long Form.

Only when the initials of the long form spell the short one (a leading name or article may stand
before them: "Amazon Virtual Private Cloud (VPC)"), so that a heading with any parenthesis is not
taken for an acronym. Apart from the heading rules because it reads the heading's title alone, never
its body, and makes its card whatever the body holds.
"""

from __future__ import annotations

import re

from flashcards.core.extract.document import Block
from flashcards.core.extract.scan import Scan
from flashcards.core.vocabulary import Kind


_LETTER = re.compile(r"[^\W\d_]")


def read_acronym(scan: Scan, heading: Block) -> bool:
    """`Perfect Authentic Cadence (PAC)` or `EC2 (Elastic Compute Cloud)`: the short form is a term
    whose answer is the long form, when the initials of the long form spell the short one."""
    forms = _forms(heading.section.title)
    if forms is None:
        return False
    long_form, short_form = forms
    if _is_acronym(short_form) and _initials_match(short_form, long_form):
        acronym, expansion = short_form, long_form
    elif _is_acronym(long_form) and _initials_match(long_form, short_form):
        acronym, expansion = long_form, short_form
    else:
        return False
    section = heading.section
    return scan.sink.card(Kind.DEFINITION, acronym, expansion, acronym, section.context, section.line)


def _forms(title: str) -> tuple[str, str] | None:
    """`Long Form (SHORT)`: the text before the title's one pair of parentheses (holding a letter)
    and the text inside it, which closes the title. Found by position: a pattern with two lazy runs
    around a letter took seconds on a heading line of tens of kilobytes."""
    text = title.rstrip()
    if not text.endswith(")") or title.count("(") != 1 or title.count(")") != 1:
        return None
    opening = text.index("(")
    before, inside = text[:opening], text[opening + 1 : -1]
    if not inside or not _LETTER.search(before):
        return None
    return before.strip(), inside.strip()


def _is_acronym(text: str) -> bool:
    return " " not in text and 2 <= len(text) <= 8 and sum(1 for char in text if char.isupper()) >= 2


def _initials_match(acronym: str, expansion: str) -> bool:
    """The acronym's letters appear, in order, as initials of the expansion's words (a word's other
    capitals count too: "CloudWatch"), and the first letters agree."""
    words = [word for word in re.split(r"[\s/-]+", expansion) if word]
    letters = [char.lower() for char in acronym if char.isalpha()]
    if not letters:
        return False
    # A leading name or article may stand before the expanded words ("Amazon Virtual Private Cloud").
    skip = next((index for index, word in enumerate(words[:3]) if word[0].lower() == letters[0]), None)
    if skip is None:
        return False
    words = words[skip:]
    if len(words) < 2:
        return False
    initials = [word[0].lower() for word in words]
    position = 0
    for letter in letters:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True
