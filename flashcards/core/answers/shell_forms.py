"""Other ways a learner writes the card's command, each worth a retry with a capped grade.

- ``list1.copy()`` for ``copy()``: the method called on an object (at most a 4), also with an
  argument (``set1.union(set2)`` for ``union()``);
- ``pip install -r requirements.txt`` for ``RUN pip install -r requirements.txt``: a Dockerfile line
  without its instruction keyword (at most a 3);
- ``EXPOSE`` for ``EXPOSE 5000``: an instruction whose one value (a number, a path, a file) was left
  out (at most a 3);
- ``docker --version`` for ``docker version``: a word of the command written as a flag (at most a 3).

Separate from the comparison: these only rewrite the typed text, the comparison then grades it as usual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flashcards.core.answers.shell_tokens import strip_code_markup
from flashcards.core.answers.shell_values import bare_word, value_shape
from flashcards.core.vocabulary import Kind

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_KEYWORD = re.compile(r"[A-Z]{2,}")


@dataclass(frozen=True)
class Form:
    """A rewritten pair to compare again, the best grade it may give, and what to tell."""

    typed: str
    expected: str
    cap: int
    note: str


def other_forms(*, typed: str, expected: str, kind: str) -> list[Form]:
    """The rewrites that apply to this pair (most often none)."""
    forms: list[Form] = []
    typed_text, expected_text = strip_code_markup(typed), strip_code_markup(expected)
    typed_words, expected_words = typed_text.split(), expected_text.split()
    if not typed_words or not expected_words:
        return forms
    first = re.split(r"[(\s]", expected_text, maxsplit=1)[0]
    if _IDENTIFIER.fullmatch(first):
        stripped = re.sub(rf"^[A-Za-z_][\w.]*\.(?={re.escape(first)}\b)", "", typed_text)
        if stripped != typed_text:
            forms.append(Form(stripped, expected_text, 4, f"{first} called on an object"))
        if expected_text == f"{first}()":
            # "set1.union(set2)" for "union()": the card names the method; a call shows it with an argument.
            called = re.fullmatch(rf"{re.escape(first)}\(\s*[^()\s][^()]*\)", stripped)
            if called:
                on_object = " on an object" if stripped != typed_text else ""
                forms.append(Form(f"{first}()", expected_text, 4, f"{first} called{on_object} with an argument"))
    keyword = expected_words[0]
    if (
        kind == Kind.INSTRUCTION
        and _KEYWORD.fullmatch(keyword)
        and len(expected_words) > 1
        and typed_words[0].casefold() != keyword.casefold()
        and not _KEYWORD.fullmatch(typed_words[0])  # "PORT 5000" is another instruction, not a missing one
    ):
        forms.append(Form(typed_text, " ".join(expected_words[1:]), 3, f"the {keyword} instruction is missing"))
    if (
        kind == Kind.INSTRUCTION
        and len(expected_words) == 2
        and typed_words == expected_words[:1]
        and value_shape(bare_word(expected_words[1]))
    ):
        # "EXPOSE" for "EXPOSE 5000": the instruction is what was asked, its one value an example.
        forms.append(Form(expected_text, expected_text, 3, f"the right instruction; its value {expected_words[1]!r} was left out"))
    plain = {word.casefold() for word in expected_words[1:] if not word.startswith("-")}
    lowered = [word.casefold() for word in typed_words]
    for index, word in enumerate(typed_words):
        bare = word[2:].casefold() if word.startswith("--") else ""
        if bare and bare in plain and bare not in lowered:
            rewritten = [*typed_words[:index], word[2:], *typed_words[index + 1 :]]
            forms.append(Form(" ".join(rewritten), expected_text, 3, f"{word[2:]} is a word here, not the flag {word}"))
    return forms
