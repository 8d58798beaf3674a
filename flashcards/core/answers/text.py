"""Text handling both engines share: cleaning raw input, quoting fragments in reasons, typo tests.

Separate because the prose checker, the mode choice and the shell tokeniser all need these and none of
them should depend on another for it. Also holds the sentinel characters the shell tokeniser uses to
shield placeholders from `shlex`, since input cleaning must defuse them first, and the few words
that mark a sentence (the mode choice reads them, the prose checker's stop words include them).
"""

from __future__ import annotations

import html
import re

from rapidfuzz.distance import OSA


# Long answers cost quadratic time in the word matching; nobody types more than this in a quiz.
_MAX_CHARS = 4000


# Private-use characters mark protected spans (placeholders, subshells) while shlex runs; learner text
# must never contain them, so they are replaced (not dropped: that could turn text into nothing).
SENTINEL_OPEN = "\ue000"
SENTINEL_CLOSE = "\ue001"


def clean_input(text: str) -> str:
    """Strip surrounding whitespace, defuse our sentinel characters, cap the length, decode entities."""
    text = text.replace(SENTINEL_OPEN, "\ufffd").replace(SENTINEL_CLOSE, "\ufffd")[:_MAX_CHARS]
    return html.unescape(text).strip()


def has_content(text: str) -> bool:
    """False when only whitespace and Markdown markers were typed (``**``, a lone backtick)."""
    return bool(re.sub(r"[\s`*_~=]+", "", text))


def quote(text: str, *, limit: int = 40) -> str:
    """A fragment of learner text for a reason, shortened so reasons stay one line."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def digits(text: str) -> str:
    """The digits of `text`, in order: digits are never typos, so both engines compare them apart."""
    return "".join(ch for ch in text if ch.isdigit())


def is_one_typo(*, typed: str, expected: str) -> bool:
    """One character edit (a swap counts once) in a word of 4+ characters, digits unchanged."""
    return (
        len(expected) >= 4
        and digits(typed) == digits(expected)
        and OSA.distance(typed, expected, score_cutoff=1) == 1
    )


# Words that make a back read as a sentence rather than a command ("Stop a running container").
PROSE_MARKERS = frozenset(
    "a an the to of for and or is are was that which with from on in by all when it its this "  # noqa: SIM905
    "these those vs as be into only any each every".split()
)
