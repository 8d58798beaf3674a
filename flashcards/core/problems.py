"""How a problem in the notes is named to the learner: `file:line: message`.

Kept apart from `flashcards.core.cards` (where `Problem` is defined) on purpose: that module's source is
part of the extractor's fingerprint, and how a message is worded must not make every note be read again.
"""

from __future__ import annotations

from flashcards.core.cards import Problem


def where(problem: Problem) -> str:
    """`file:line: message`, or `file: message` for a problem of the whole file (line 0)."""
    location = f"{problem.path}:{problem.line}" if problem.line > 0 else problem.path
    return f"{location}: {problem.message}"
