"""Pure answer checking: compare what the learner typed with a card's back and suggest an SM-2 grade.

`check_answer(typed, expected, kind)` returns a `Verdict`: a suggested SuperMemo grade (0-5), whether the
answer counts as correct, a short human reason and a closeness score. It never does I/O and never raises
on any text; the quiz shows the verdict and the learner may still pick another grade.

Vocabulary used throughout the package:

- **grade** 5 perfect, 4 right after hesitation, 3 right with serious difficulty, 2/1 wrong, 0 blackout.
  `correct` means grade >= 4: only those leave the session queue (DESIGN.md §3, SuperMemo's step 7), so
  a 3 ("nearly") is not correct although SM-2 counts it as a pass (`Verdict.passing`); the quiz marks
  a passing suggestion with ✓ and only a failing one (below 3) with ✗.
- **normalization** (all kinds): HTML entities decoded, Markdown code backticks, bold/italic/highlight
  markers, links and decorative tags removed, surrounding whitespace stripped, whitespace collapsed,
  case ignored, trailing punctuation ignored. Identical text (after stripping) is always a 5; "I don't
  know" and its short forms are a 0, like an empty answer.

Two comparison modes, chosen from the card's kind and the *expected* text (`mode.is_code_answer`), each
an engine of its own because they share almost nothing but the verdict:

- **prose** (definitions, qa, cloze, steps, flag descriptions, command purposes) compares words:
  `prose_text` reads both sides into words and the answer's key-word units, `lexicon` holds the few
  facts about English it uses (stems, fillers, synonyms, opposites, negations), `prose_keys` grades
  the key words, `prose_meaning` catches answers that share the words but say the opposite, and
  `prose` ties them together with the spelling rules and the acceptable answers a back holds;
- **shell-aware** (commands, reverse flag cards, Dockerfile instructions, and any answer that is one code
  span) reads both sides as shell lines and compares commands: `shell_tokens` splits a line into words
  and placeholders, `shell_flags` reads flags and their values, `shell_diff` turns differences into a
  grade, `shell_forms` lists other ways of writing the same command, and `shell_compare` (with the
  grade table) compares two commands.

`verdict` holds the result type and `text` the normalization both engines share. This module is the
public face: callers import `check_answer`, `Verdict` and the grade thresholds from here.
"""

from __future__ import annotations

import re

from flashcards.core.answers.choice import check_choice
from flashcards.core.answers.mode import code_alternatives, is_code_answer
from flashcards.core.answers.prose import check_prose
from flashcards.core.answers.shell_compare import check_code
from flashcards.core.answers.text import clean_input, has_content
from flashcards.core.answers.verdict import Verdict, make_verdict
from flashcards.core.cards import KINDS
from flashcards.core.vocabulary import CORRECT_GRADE
from flashcards.core.vocabulary import PASS_GRADE as PASSING_GRADE

# CORRECT_GRADE (grades from here up leave the session queue; `Verdict.correct` is
# `grade >= CORRECT_GRADE`) and PASSING_GRADE (SM-2's pass mark) are the vocabulary's, re-exported.
# "I don't know" and its short forms: a blank, however it is typed (unless the card's answer holds it:
# `pass` is an answer on a Python card).
_NO_ANSWER = re.compile(
    r"(?:i\s*(?:do\s*not|don'?t|dont)\s*know|idk|dunno|no\s*idea|not\s*sure|(?:i\s*)?forgot|pass|skip"
    r"|\?+|-+|\.+|n/?a)[.!?\s]*",
    re.IGNORECASE,
)

__all__ = ["CORRECT_GRADE", "PASSING_GRADE", "Verdict", "check_answer", "check_choice"]


def check_answer(typed: str, expected: str, kind: str, *, front: str = "") -> Verdict:
    """Compare a typed answer with the card's back and suggest a grade.

    Args:
        typed: what the learner typed, as typed.
        expected: the card's back (Markdown-ish text, code spans and placeholders kept).
        kind: one of `flashcards.core.cards.KINDS`; it decides between prose and shell-aware comparison.
        front: the card's front, when known: a learner need not repeat the words of a question in
            prose, and a cloze card's hidden words are read from it.

    Returns:
        A `Verdict`; the thresholds are in the docstrings of `prose` and `shell_compare`.

    Raises:
        ValueError: for an unknown kind (a programming error, never the learner's text).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown card kind {kind!r}; expected one of {', '.join(KINDS)}")
    typed_text = clean_input(typed)
    expected_text = clean_input(expected)
    if not typed_text:
        return make_verdict(grade=0, reason="empty answer", score=0.0)
    if typed_text == expected_text:
        return make_verdict(grade=5, reason="exact match", score=1.0)
    if not has_content(typed_text):
        return make_verdict(grade=0, reason="empty answer (only formatting characters)", score=0.0)
    if _NO_ANSWER.fullmatch(typed_text) and typed_text.casefold() not in expected_text.casefold():
        return make_verdict(grade=0, reason="no answer given", score=0.0)
    alternatives = code_alternatives(expected_text)
    if alternatives:
        spelled = any(alt.lstrip().startswith("--") for alt in alternatives)
        front_text = clean_input(front)
        verdicts = [
            check_code(typed=typed_text, expected=alt, kind=kind, spelled=spelled, front=front_text)
            for alt in alternatives
        ]
        return max(verdicts, key=lambda v: (v.suggested_grade, v.score))
    if is_code_answer(expected_text, kind=kind):
        return check_code(typed=typed_text, expected=expected_text, kind=kind, front=clean_input(front))
    return check_prose(typed=typed_text, expected=expected_text, kind=kind, front=clean_input(front))
