"""Checking a multiple-choice pick: the quiz's `--choice` mode, graded here like any other answer.

A right pick is graded `CHOICE_RIGHT_GRADE` (correct, but recognising is easier than recalling, so not
5) and a wrong one `CHOICE_WRONG_GRADE` (wrong, but the right option was in front of the learner).
"""

from __future__ import annotations

from collections.abc import Sequence

from flashcards.core.answers.verdict import Verdict
from flashcards.core.vocabulary import CHOICE_RIGHT_GRADE, CHOICE_WRONG_GRADE


def check_choice(picked: str, options: Sequence[str], expected: str) -> tuple[str, Verdict] | None:
    """The option picked by its number (1-based) and its verdict; None when `picked` names no option."""
    text = picked.strip()
    if not text.isdigit() or not 1 <= int(text) <= len(options):
        return None
    option = options[int(text) - 1]
    if option == expected:
        return option, Verdict(int(CHOICE_RIGHT_GRADE), True, "the right choice", 1.0)
    return option, Verdict(int(CHOICE_WRONG_GRADE), False, "not that one", 0.0)
