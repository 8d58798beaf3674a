"""Which engine reads an answer: prose or shell-aware, decided from the card's kind and expected text.

Separate from both engines because the choice looks only at the expected side (so both sides parse
alike) and must not depend on how either engine compares.
"""

from __future__ import annotations

import re

from flashcards.core.answers.text import PROSE_MARKERS
from flashcards.core.vocabulary import Kind


# Kinds whose answer side is normally code; their expected text is still read as prose when it
# clearly is a sentence (a command card's purpose side, say).
_CODE_KINDS = frozenset({Kind.COMMAND, Kind.COMMAND_REVERSE, Kind.FLAG_REVERSE, Kind.INSTRUCTION})


_PROSE_WORDS = 6
_SINGLE_CODE_SPAN = re.compile(r"(`+)([^`]+)\1", re.DOTALL)
_CODE_ALTERNATIVES = re.compile(r"`[^`]+`(?:\s*(?:,|/|\bor\b)\s*`[^`]+`)+", re.IGNORECASE)
_FLAG_WORD = re.compile(r"(?:^|\s)--?[A-Za-z0-9]")
_SHELL_SYNTAX = re.compile(r"\$\(|\||&&|<[A-Za-z_][^<>\s]*>|\{\{")


def code_alternatives(expected: str) -> list[str]:
    """Backs like "`-d` or `--detach`" list interchangeable answers: return each, else nothing."""
    if not _CODE_ALTERNATIVES.fullmatch(expected):
        return []
    return [span for span in re.findall(r"`([^`]+)`", expected) if span.strip()]


def is_code_answer(expected: str, *, kind: str) -> bool:
    """Decide shell-aware comparison from the expected side only, so both sides parse alike.

    One code span is code for any kind; prose mentioning code is prose; an instruction card's back is
    always a line of code (``FROM python:3.8``); for the other command-like kinds a back without
    backticks is code unless it reads as a sentence (their purpose side is prose).
    """
    if _SINGLE_CODE_SPAN.fullmatch(expected) or kind == Kind.INSTRUCTION:
        return True
    if "`" in expected or kind not in _CODE_KINDS:
        return False
    return not _reads_as_prose(expected)


def _reads_as_prose(text: str) -> bool:
    if _FLAG_WORD.search(text) or _SHELL_SYNTAX.search(text):
        return False
    # CAPS words are keywords (FROM, COPY), not English.
    words = [word.casefold() for word in text.split() if word.isalpha() and not word.isupper()]
    if any(word in PROSE_MARKERS for word in words):
        return True
    # "removes element, does not throw error if arg not found": a clause break or a run of words.
    return (text.endswith(".") and len(words) >= 4) or ", " in text or len(words) >= _PROSE_WORDS
