"""How a run of keyed lines reads as a whole: a glossary (cards), or a legend, an outline, a journal.

One keyed line alone proves little (a prose sentence may start `Word: ...`), so the line rules
(`lines` for paragraphs, `text_blocks` for code blocks) read the *run* and `judge_run` decides for all
of its lines at once:

- most lines share one separator, and their keys are short and mostly distinct;
- a run whose keys are outline numbers (`1.1 - Design ...`) or one word counted on (`Day 1`, `Day 2`)
  is an outline or a schedule; one whose keys are a formula's symbols (`U = internal energy`,
  `$\\rho$ = density`) is its variable legend; one whose values are written in the first person or
  that is keyed by clock times is a journal or a log: no cards;
- labels (`Note:`, `Example:`) are not terms; a run where they are not a small minority, or a short
  run with one, is the body of something else (an example with its pros and cons), not a glossary;
- a run of one-word keys whose values are mostly data (`Date: 2024-03-05`, `Room: 4`) is a record.

Pure: it looks at the items only, never at the document, so both line rules share it.
"""

from __future__ import annotations

import re
from collections import Counter

from flashcards.core.extract.facts import is_label
from flashcards.core.extract.line_split import DASHES, Item

_STRONG = frozenset({"=", "->", "→", "=>", "⇒"})
OUTLINE_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)+\.?|\d{1,2}\.?|[A-Za-z][.)]|[IVXivx]{1,4}[.)]?)$")
_NUMBERED_LABEL = re.compile(r"^([^\W\d_]+)\s*#?\d+(?:\.\d+)*[a-z]?$")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# A log line's stamp: a clock time, optionally after a date (`09:00`, `2024-01-10 09:00:15`, `9.30 pm`).
CLOCK_TIME = re.compile(
    r"^`?(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[T ]\s*)?\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*(?:[AaPp]\.?[Mm]\.?))?`?$"
)
# A formula's variable: `$\rho$`, `$V_{f}$`, `U`, `ρ`, `x_1` (a single CJK character is a word, not this).
SYMBOL_KEY = re.compile(r"^(?:\$[^$\s]{1,30}\$|[A-Za-z\u0370-\u03ff](?:_\{?\w{1,4}\}?)?)$")
# First-person pronouns, the grammar of a diary (kept to the few that carry it in common languages).
_FIRST_PERSON = frozenset("i'm i've i'd i'll me my we our ich wir je j' nous".split())
MAX_SINGLE_KEY_WORDS = 4
# The reason a refused run is skipped with, by verdict; any other verdict is a log.
REFUSED = {"legend": "variable legend of a formula", "outline": "outline numbers, not terms"}


def separator_class(separator: str) -> str:
    """Separators that count as one for a run's agreement: every dash is `-`, both colons are `:`."""
    return "-" if separator in DASHES else ":" if separator in {":", "："} else separator


def judge_run(items: list[Item]) -> tuple[str, list[Item]]:
    """How a run reads: ("cards", the items to make), ("legend"|"outline"|"journal", []) or ("", [])."""
    if len(items) < 2:
        return "", []
    keys = [item.key for item in items]
    labels = sum(1 for key in keys if is_label(key))
    if labels * 3 >= len(items) or (labels and len(items) - labels <= 3):
        return "", []  # remarks (an example, a tip, its pros and cons), not a glossary
    if sum(1 for key in keys if SYMBOL_KEY.match(key)) * 2 > len(items):
        return "legend", []
    if sum(1 for key in keys if OUTLINE_NUMBER.match(key)) * 2 > len(items) or _numbered_labels(keys):
        return "outline", []
    if sorted(_key_words(key) for key in keys)[(len(keys) - 1) // 2] > MAX_SINGLE_KEY_WORDS:
        return "", []  # keys of a glossary are short; long ones are the openings of prose sentences
    values = [item.keyed.value.text for item in items]
    if sum(1 for key in keys if CLOCK_TIME.match(key)) * 2 > len(items) or sum(
        1 for value in values if first_person(value)
    ) * 2 > len(items):
        return "journal", []
    if sum(1 for value in values if _is_data(value)) * 2 >= len(items) and all(len(key.split()) == 1 for key in keys):
        return "", []  # a record (date, place, amount), not terms and their meanings
    classes = Counter(separator_class(item.keyed.separator) for item in items)
    main, count = classes.most_common(1)[0]
    if count * 3 < len(items) * 2:
        return "", []
    if len({key.lower() for key in keys}) * 5 < len(keys) * 4:
        return "", []
    kept = [
        item
        for item in items
        if (separator_class(item.keyed.separator) == main or item.keyed.separator in _STRONG)
        and not is_label(item.key)
        and not SYMBOL_KEY.match(item.key)
        and not OUTLINE_NUMBER.match(item.key)
        and not item.keyed.value.is_empty
    ]
    return ("cards", kept) if len(kept) >= 2 else ("", [])


def first_person(value: str) -> bool:
    """Written in the first person ("went home, then I studied"), as a diary is. A capital "I" after
    a capitalised word is a numeral ("World War I", "Article I"), not the pronoun."""
    words = value.split()
    for number, raw in enumerate(words):
        word = raw.strip('.,;:!?()"“”')
        if not (len(word) > 1 and word.isupper()) and (word.lower() in _FIRST_PERSON or word.lower().startswith("j'")):
            return True  # (an all-capitals word is an acronym: "ME", "WE")
        if word == "I" and (number == 0 or not words[number - 1][:1].isupper()):
            return True
    return False


def _is_data(value: str) -> bool:
    """A value that is data, not a description: a number, a date, a size ("4", "room 4", "2024-03-05")."""
    words = value.split()
    return len(words) <= 3 and any(char.isdigit() for char in value)


def _key_words(key: str) -> int:
    """Words of a key, not counting a gloss in brackets (`DoS (Denial of Service)`, `水 (shuǐ)`)."""
    return len(_BRACKETED.sub(" ", key).split())


def _numbered_labels(keys: list[str]) -> bool:
    """`Day 1`, `Day 2`, `Day 3` (or `Chapter 4`, `Domain 2`): one word counted on, the parts of a
    schedule or an outline rather than terms."""
    words = [match.group(1).lower() for key in keys if (match := _NUMBERED_LABEL.match(key))]
    if len(words) * 2 <= len(keys):
        return False
    return Counter(words).most_common(1)[0][1] * 2 > len(keys)
