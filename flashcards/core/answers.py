"""Pure answer checking: compare what the learner typed with a card's back and suggest an SM-2 grade.

`check_answer(typed, expected, kind)` returns a `Verdict`: a suggested SuperMemo grade (0-5), whether the
answer counts as correct, a short human reason and a closeness score. It never does I/O and never raises
on any text; the quiz shows the verdict and the learner may still pick another grade.

Vocabulary used below:

- **grade** 5 perfect, 4 right after hesitation, 3 right with serious difficulty, 2/1 wrong, 0 blackout.
  `correct` means grade >= 4: only those leave the session queue (DESIGN.md §3, SuperMemo's step 7), so
  a 3 ("nearly") is shown as not correct although SM-2 counts it as a pass (`Verdict.passing`).
- **normalization** (all kinds): HTML entities decoded, Markdown code backticks, bold/italic/highlight
  markers, links and decorative tags removed, surrounding whitespace stripped, whitespace collapsed,
  case ignored, trailing punctuation ignored. Identical text (after stripping) is always a 5.

Two comparison modes, chosen from the card's kind and the *expected* text (`_is_code_answer`):

**Prose** (definitions, qa, cloze, steps, flag descriptions, command purposes). Words are compared, so
punctuation never matters. Thresholds, in the order they are tried (the best grade wins):

=====  ==========================================================================================
grade  prose rule
=====  ==========================================================================================
5      same words (a parenthesised aside in the expected text, like ``(~ Class)``, is optional)
4      one character edit in the whole answer (OSA distance: a swap ``deamon``/``daemon`` is one
       edit), or more small typos when the words line up one to one, each word within its own
       allowance (0 edits under 4 letters or with digits, 1 under 8 letters, 2 from 8 letters) and
       in total at most one edit per 25 characters of the expected answer
4      the same words in a different order (3 for ``steps`` cards, where order is the point)
3      words line up one to one with typos within each word's allowance, but more of them
4/3/2  key words (not stop words; ``a/b/c`` counts as one key word with alternatives; a word matches
       when equal, same crude stem, or within its typo allowance). For answers with at least three
       key words, recall >= 0.8 and precision >= 0.6 gives 4, recall >= 0.5 and precision >= 0.5
       gives 3, recall >= 0.25 gives 2. Answers with one or two key words (terms like "Docker
       Daemon") are strict: all key words and nothing else is 4, all plus extra words 3, some 2.
       Either way a 4 allows at most one key word in four (at least one) matched only by a typo;
       more misspelled key words make it a 3.
<= 2   whatever else matches: a "not"/"no"/"never"/"n't" on one side only (the meaning is reversed),
       or a number of the expected answer wrong or missing
1      nothing of the above: wrong
=====  ==========================================================================================

Digits are never typos (``42`` vs ``43`` is wrong), and nothing under 4 characters is typo-tolerant.

**Shell-aware** (commands, reverse flag cards, Dockerfile instructions, and any answer that is one code
span). Both sides are split with `shlex` (unbalanced quotes are closed for it, or the text falls back to
whitespace splitting), cut into pipeline segments at ``|``, ``&&``, ``||``, ``;``, and each segment is
compared as *positional words in order* plus a *multiset of flags*:

- flag order does not matter; ``-aq`` equals ``-a -q`` when every letter is known as a single-letter flag
  (a standalone ``-a`` on either side, or a letter of a cluster on the other side), so ``-name`` stays
  one flag; ``-p80`` equals ``-p 80`` when ``-p`` is a known flag; ``--name=x`` equals ``--name x``;
- whether a flag takes a value (``-p 80:80``, ``-f status=exited``) is not known from a spec, so every
  consistent reading of "this flag takes the next word" is tried and the best one is kept;
- quoting does not matter (``'a b'`` equals ``"a b"``); words and long flags ignore case, single-letter
  flags do not (``-p`` and ``-P`` are different flags); a trailing ``/`` on a path is ignored;
- in the expected answer ``<placeholder>`` and ``{{placeholder}}`` match any one typed word (also inside
  a word, ``<ext>:<int>`` matches ``8080:80``); whitespace-delimited ``[OPTIONS]``-style slots match zero
  or more words, and a slot named like OPTIONS/FLAGS also absorbs extra flags; in such a usage synopsis
  bare CAPS words (``IMAGE``) are placeholders too;
- ``$(...)`` substitutions are compared recursively; Dockerfile exec form ``["a", "b"]`` is read as its
  words (shell form instead of exec form is a 4).

Each difference caps the grade; the final grade is the lowest cap, one lower again when two or more
differences cap it at 3 or below:

====  ===========================================================================================
cap   shell difference
====  ===========================================================================================
4     a required placeholder left out (``docker port`` for ``docker port <container-name>``, ``-p``
      for ``-p <external_port>:<internal_port>``): the thing being asked was recalled
3     a one-letter typo in a word, a flag value or a long flag (the command would not run, so this
      is "nearly", never correct); an extra flag or word (all that was asked is there);
      ``--rm`` written with one dash; a reverse flag card answered without its dash (``d`` for ``-d``)
2     a wrong flag (``-p`` instead of ``-d``), a missing flag, a wrong or missing word or value, a
      different pipeline shape
1     a different program (``podman`` for ``docker``) or nothing in common
====  ===========================================================================================

A reverse flag card may be answered with the command around the flag (``docker run -d`` for ``-d``).
Known limitations: flags placed after positional words count as reordered flags, although some
programs (``docker run IMAGE -d``) pass them on to the container instead; and a single-dash long
option typed with its letters swapped (``-nmae`` for ``find -name``) reads as the same letter cluster.
"""

from __future__ import annotations

import functools
import html
import itertools
import json
import re
import shlex
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

from flashcards.core.cards import KINDS
from flashcards.core.vocabulary import CORRECT_GRADE, MAX_GRADE, MIN_GRADE, Kind
from flashcards.core.vocabulary import PASS_GRADE as PASSING_GRADE

# CORRECT_GRADE (grades from here up leave the session queue; `Verdict.correct` is
# `grade >= CORRECT_GRADE`) and PASSING_GRADE (SM-2's pass mark) are the vocabulary's, re-exported.
__all__ = ["CORRECT_GRADE", "PASSING_GRADE", "Verdict", "check_answer"]

# Kinds whose answer side is normally code; their expected text is still read as prose when it
# clearly is a sentence (a command card's purpose side, say).
_CODE_KINDS = frozenset({Kind.COMMAND, Kind.COMMAND_REVERSE, Kind.FLAG_REVERSE, Kind.INSTRUCTION})

# Long answers cost quadratic time in the word matching; nobody types more than this in a quiz.
_MAX_CHARS = 4000
# Subshells nested deeper than this are compared as text.
_MAX_DEPTH = 4
# Above this many ambiguous "does this flag take a value" flags, only a few readings are tried.
_MAX_AMBIGUOUS_FLAGS = 6
# Segments longer than this (no real command is) are compared as whole word lists, not aligned.
_MAX_SEGMENT_WORDS = 80


@dataclass(frozen=True)
class Verdict:
    """What the checker thinks of one typed answer.

    Attributes:
        suggested_grade: SuperMemo grade 0-5 to offer the learner.
        correct: the answer counts as right (grade >= 4).
        reason: a short sentence saying why, shown next to the grade.
        score: closeness in 0..1, for display and sorting only; the grade is what matters.
    """

    suggested_grade: int
    correct: bool
    reason: str
    score: float = 0.0

    def __post_init__(self) -> None:
        # Validated at construction (not when used) so a bad verdict can never reach the scheduler.
        if not MIN_GRADE <= self.suggested_grade <= MAX_GRADE:
            raise ValueError(f"suggested_grade must be in 0..5, got {self.suggested_grade}")
        if self.correct != (self.suggested_grade >= CORRECT_GRADE):
            raise ValueError("correct must be exactly suggested_grade >= 4")
        if not self.reason.strip():
            raise ValueError("a verdict needs a reason")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be in 0..1, got {self.score}")

    @property
    def passing(self) -> bool:
        """SM-2's notion of success (grade >= 3), looser than `correct`."""
        return self.suggested_grade >= PASSING_GRADE


def check_answer(typed: str, expected: str, kind: str) -> Verdict:
    """Compare a typed answer with the card's back and suggest a grade.

    Args:
        typed: what the learner typed, as typed.
        expected: the card's back (Markdown-ish text, code spans and placeholders kept).
        kind: one of `flashcards.core.cards.KINDS`; it decides between prose and shell-aware comparison.

    Returns:
        A `Verdict`; see the module docstring for the thresholds.

    Raises:
        ValueError: for an unknown kind (a programming error, never the learner's text).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown card kind {kind!r}; expected one of {', '.join(KINDS)}")
    typed_text = _clean_input(typed)
    expected_text = _clean_input(expected)
    if not typed_text:
        return _verdict(grade=0, reason="empty answer", score=0.0)
    if typed_text == expected_text:
        return _verdict(grade=5, reason="exact match", score=1.0)
    if not _has_content(typed_text):
        return _verdict(grade=0, reason="empty answer (only formatting characters)", score=0.0)
    alternatives = _code_alternatives(expected_text)
    if alternatives:
        verdicts = [_check_code(typed=typed_text, expected=alt, kind=kind) for alt in alternatives]
        return max(verdicts, key=lambda v: (v.suggested_grade, v.score))
    if _is_code_answer(expected_text, kind=kind):
        return _check_code(typed=typed_text, expected=expected_text, kind=kind)
    return _check_prose(typed=typed_text, expected=expected_text, kind=kind)


# ---------------------------------------------------------------------------------------------------
# Shared helpers


def _verdict(*, grade: int, reason: str, score: float) -> Verdict:
    grade = max(0, min(5, grade))
    return Verdict(
        suggested_grade=grade,
        correct=grade >= CORRECT_GRADE,
        reason=reason,
        score=round(max(0.0, min(1.0, score)), 4),
    )


# Private-use characters mark protected spans (placeholders, subshells) while shlex runs; learner text
# must never contain them, so they are replaced (not dropped: that could turn text into nothing).
_SENTINEL_OPEN = "\ue000"
_SENTINEL_CLOSE = "\ue001"


def _clean_input(text: str) -> str:
    """Strip surrounding whitespace, defuse our sentinel characters, cap the length, decode entities."""
    text = text.replace(_SENTINEL_OPEN, "\ufffd").replace(_SENTINEL_CLOSE, "\ufffd")[:_MAX_CHARS]
    return html.unescape(text).strip()


def _has_content(text: str) -> bool:
    """False when only whitespace and Markdown markers were typed (``**``, a lone backtick)."""
    return bool(re.sub(r"[\s`*_~=]+", "", text))


def _quote(text: str, *, limit: int = 40) -> str:
    """A fragment of learner text for a reason, shortened so reasons stay one line."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _is_one_typo(*, typed: str, expected: str) -> bool:
    """One character edit (a swap counts once) in a word of 4+ characters, digits unchanged."""
    return (
        len(expected) >= 4
        and _digits(typed) == _digits(expected)
        and OSA.distance(typed, expected, score_cutoff=1) == 1
    )


_SINGLE_CODE_SPAN = re.compile(r"(`+)([^`]+)\1", re.DOTALL)
_CODE_ALTERNATIVES = re.compile(r"`[^`]+`(?:\s*(?:,|/|\bor\b)\s*`[^`]+`)+", re.IGNORECASE)
_FLAG_WORD = re.compile(r"(?:^|\s)--?[A-Za-z0-9]")
_SHELL_SYNTAX = re.compile(r"\$\(|\||&&|<[A-Za-z_][^<>\s]*>|\{\{")
# Words that make a back read as a sentence rather than a command ("Stop a running container").
_PROSE_MARKERS = frozenset(
    "a an the to of for and or is are was that which with from on in by all when it its this "  # noqa: SIM905
    "these those vs as be into only any each every".split()
)


def _code_alternatives(expected: str) -> list[str]:
    """Backs like "`-d` or `--detach`" list interchangeable answers: return each, else nothing."""
    if not _CODE_ALTERNATIVES.fullmatch(expected):
        return []
    return [span for span in re.findall(r"`([^`]+)`", expected) if span.strip()]


def _is_code_answer(expected: str, *, kind: str) -> bool:
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
    if any(word in _PROSE_MARKERS for word in words):
        return True
    return text.endswith(".") and len(words) >= 4


# ---------------------------------------------------------------------------------------------------
# Prose

_STOPWORDS = _PROSE_MARKERS | frozenset(
    "i you he she we they them their there his her our your my me us what who whom "  # noqa: SIM905
    "whose where why how than then so but if not no nor do does did done has have had being been "
    "were am can could will would shall should may might must also just very too more most some "
    "such own same other about above after again against at before below between both down during "
    "few further here off once out over under until up while e g eg ie etc".split()
)
_DECORATION_TAGS = re.compile(
    r"</?(?:b|i|em|strong|code|u|mark|kbd|span|sup|sub|br|small)\s*/?>", re.IGNORECASE
)
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+", re.MULTILINE)
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_|~~|==)(?=\S)(.+?)(?<=\S)\1(?!\w)", re.DOTALL)
_WORD = r"(?:\d+(?:[.,:]\d+)+|[^\W_]+(?:['’][^\W_]+)*)"  # "3.8" stays one word
_UNIT = re.compile(rf"[()]|{_WORD}(?:\s*/\s*{_WORD})*")
_WORD_RE = re.compile(_WORD)


def _clean_prose(text: str) -> str:
    """Normalized prose: Markdown and decoration gone, NFKC, case-folded, whitespace collapsed."""
    text = _DECORATION_TAGS.sub(" ", text)
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _LIST_MARKER.sub(" ", text)
    for _ in range(3):  # nested emphasis such as ***bold italic***
        text = _EMPHASIS.sub(r"\2", text)
    text = text.replace("`", " ")
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split()).rstrip(".,;:!?…")


@dataclass(frozen=True)
class _Unit:
    """One key word of the expected answer: alternatives from ``a/b/c``, optional inside (...)."""

    words: tuple[str, ...]
    optional: bool

    @property
    def is_key(self) -> bool:
        return any(word not in _STOPWORDS for word in self.words)


def _units(clean: str) -> list[_Unit]:
    units: list[_Unit] = []
    depth = 0
    for match in _UNIT.finditer(clean):
        token = match.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        else:
            words = tuple(_WORD_RE.findall(token))
            units.append(_Unit(words=words, optional=depth > 0))
    return units


def _stem(word: str) -> str:
    """A deliberately crude stem so "manages"/"managing"/"manage" and "runs"/"running" meet."""
    # No "-er": "container" is not "contain", "docker" is not "dock".
    for suffix in ("ing", "ed", "es", "s", "e", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def _typo_allowance(word: str) -> int:
    """Edits tolerated inside one expected word: none for short words or words with digits."""
    if any(ch.isdigit() for ch in word) or len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


def _word_match(*, typed: str, expected: str) -> str | None:
    """How a typed word meets an expected one: "exact", "stem", "typo" or None."""
    if typed == expected:
        return "exact"
    if _digits(typed) != _digits(expected):
        return None
    if _stem(typed) == _stem(expected):
        return "stem"
    allowance = _typo_allowance(expected)
    if allowance and OSA.distance(typed, expected, score_cutoff=allowance) <= allowance:
        return "typo"
    return None


@dataclass(frozen=True)
class _ProseResult:
    grade: int
    reason: str
    score: float
    specific: bool = True  # spelling reasons ("one typo: ...") beat key-word ones at the same grade


def _check_prose(*, typed: str, expected: str, kind: str) -> Verdict:
    typed_clean = _clean_prose(typed)
    expected_clean = _clean_prose(expected)
    typed_words = _WORD_RE.findall(typed_clean)
    units = _units(expected_clean)
    full_words = [word for unit in units for word in unit.words]
    required_words = [word for unit in units if not unit.optional for word in unit.words]
    if not full_words:
        # Nothing word-like to compare (the back is only symbols): only the cleaned text can match.
        if typed_clean == expected_clean:
            return _verdict(grade=5, reason="same answer (formatting ignored)", score=1.0)
        return _verdict(grade=1, reason="does not match", score=0.0)
    if typed_clean == expected_clean:
        return _verdict(grade=5, reason="exact match (ignoring case and formatting)", score=1.0)
    if not typed_words:
        return _verdict(grade=1, reason="no words to compare", score=0.0)

    candidates: list[_ProseResult] = []
    targets = [full_words] if required_words == full_words else [full_words, required_words]
    for target in targets:
        if not target:
            continue
        candidates.extend(
            _spelling_result(
                typed_words=typed_words,
                expected_words=target,
                kind=kind,
                has_optional=target is not full_words,
            )
        )
    candidates.append(_key_word_result(typed_words=typed_words, units=units, kind=kind))
    best = max(candidates, key=lambda r: (r.grade, r.specific, r.score))
    if best.grade > 2 and _negated(typed_words) != _negated(full_words):
        return _verdict(
            grade=2, reason="the meaning is reversed (a 'not' or 'no' differs)", score=best.score / 2
        )
    return _verdict(grade=best.grade, reason=best.reason, score=best.score)


_NEGATIONS = frozenset({"not", "no", "never", "cannot", "none", "nor", "without"})


def _negated(words: Sequence[str]) -> bool:
    """Does the text say "not"? A one-word difference that reverses a definition is no typo."""
    return any(word in _NEGATIONS or word.endswith(("n't", "n’t")) for word in words)


def _spelling_result(
    *, typed_words: list[str], expected_words: list[str], kind: str, has_optional: bool
) -> list[_ProseResult]:
    """Grades from spelling: same words, a few typos, or the same words reordered."""
    typed_joined = " ".join(typed_words)
    expected_joined = " ".join(expected_words)
    similarity = OSA.normalized_similarity(typed_joined, expected_joined)
    if typed_words == expected_words:
        reason = (
            "exact match (the part in parentheses is optional)"
            if has_optional
            else "same words (punctuation and formatting ignored)"
        )
        return [_ProseResult(grade=5, reason=reason, score=1.0)]
    results: list[_ProseResult] = []
    length = len(expected_joined)
    distance = OSA.distance(typed_joined, expected_joined)
    digits_kept = _digits(typed_joined) == _digits(expected_joined)
    if distance == 1 and length >= 4 and digits_kept:
        detail = _typo_detail(typed_words=typed_words, expected_words=expected_words)
        results.append(_ProseResult(grade=4, reason=f"one typo: {detail}", score=similarity))
    elif len(typed_words) == len(expected_words) and digits_kept:
        pairs = [(t, e) for t, e in zip(typed_words, expected_words, strict=True) if t != e]
        within = all(OSA.distance(t, e) <= _typo_allowance(e) for t, e in pairs)
        if within and pairs:
            detail = ", ".join(f"{_quote(t)} vs {_quote(e)}" for t, e in pairs[:3])
            if distance <= max(1, length // 25):
                results.append(
                    _ProseResult(grade=4, reason=f"{len(pairs)} small typos: {detail}", score=similarity)
                )
            else:
                results.append(
                    _ProseResult(grade=3, reason=f"near match, several typos: {detail}", score=similarity)
                )
    if sorted(typed_words) == sorted(expected_words):
        if kind == Kind.STEPS:
            results.append(
                _ProseResult(grade=3, reason="the right steps, in a different order", score=similarity)
            )
        else:
            results.append(_ProseResult(grade=4, reason="same words in a different order", score=similarity))
    return results


def _typo_detail(*, typed_words: list[str], expected_words: list[str]) -> str:
    if len(typed_words) == len(expected_words):
        pairs = [(t, e) for t, e in zip(typed_words, expected_words, strict=True) if t != e]
        if len(pairs) == 1:
            return f"{_quote(pairs[0][0])} vs {_quote(pairs[0][1])}"
    return f"{_quote(' '.join(typed_words))} vs {_quote(' '.join(expected_words))}"


def _key_word_result(*, typed_words: list[str], units: list[_Unit], kind: str) -> _ProseResult:
    """Grade by key-word overlap, the way a human marks a definition given "in your own words"."""
    key_units = list(dict.fromkeys(unit for unit in units if unit.is_key))
    required = [unit for unit in key_units if not unit.optional]
    if not required:
        required = key_units
    if not required:
        return _ProseResult(grade=1, reason="does not match", score=0.0, specific=False)
    typed_keys = [word for word in typed_words if word not in _STOPWORDS]

    typed_index = _WordIndex(typed_words)
    matched: list[_Unit] = []
    typo_matched = 0
    positions: list[int] = []
    for unit in required:
        how, position = typed_index.best(unit.words)
        if how is not None:
            matched.append(unit)
            positions.append(position)
            typo_matched += how == "typo"
    expected_index = _WordIndex([alt for unit in key_units for alt in unit.words])
    extras = [word for word in dict.fromkeys(typed_keys) if not expected_index.matches_any(word)]
    recall = len(matched) / len(required)
    precision = 1.0 - len(extras) / len(set(typed_keys)) if typed_keys else 0.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    missing = [unit.words[0] for unit in required if unit not in matched]
    wrong_number = any(_digits(word) for word in missing)
    count = f"{len(matched)} of {len(required)}"

    typos_ok = typo_matched <= max(1, len(required) // 4)
    if len(required) <= 2:
        grade, reason = _short_key_grade(recall=recall, missing=missing, extras=extras, typos_ok=typos_ok)
    elif recall >= 0.8 and precision >= 0.6 and typos_ok:
        grade, reason = (
            4,
            f"all the key words ({count})" if recall == 1 else f"nearly all the key words ({count})",
        )
    elif recall >= 0.5 and precision >= 0.5:
        grade, reason = 3, f"the gist: {count} key words"
    elif recall >= 0.25:
        grade, reason = 2, f"partly right: {count} key words"
    else:
        grade, reason = 1, f"wrong: only {count} key words" if matched else "wrong: no key words in common"
    if wrong_number and grade > 2:
        grade, reason = 2, f"a number is wrong or missing: {count} key words"
    if kind == Kind.STEPS and grade >= PASSING_GRADE and len(positions) >= 3 and _in_order_ratio(positions) < 0.7:
        grade, reason = grade - 1, reason + ", but in a different order"
    if grade >= 2 and len(required) > 2:
        if missing:
            reason += f"; missing: {', '.join(missing[:4])}"
        elif extras:
            reason += f"; extra: {', '.join(extras[:4])}"
    return _ProseResult(grade=grade, reason=reason, score=f1, specific=False)


def _short_key_grade(
    *, recall: float, missing: list[str], extras: list[str], typos_ok: bool
) -> tuple[int, str]:
    """Terms of one or two key words are strict: "Docker" is not "Docker Hub"."""
    if recall == 1 and not extras and typos_ok:
        return 4, "the right key words"
    if recall == 1 and not extras:
        return 3, "the right key words, misspelled"
    if recall == 1:
        return 3, f"right, with extra words: {', '.join(extras[:4])}"
    if recall > 0:
        return 2, f"partly right: missing {', '.join(missing)}"
    return 1, "wrong: no key words in common"


class _WordIndex:
    """Words of one side, indexed for exact, stem and (through rapidfuzz) typo look-ups.

    Long answers would otherwise cost a Python-level comparison per pair of words.
    """

    _RANK: ClassVar[dict[str, int]] = {"exact": 3, "stem": 2, "typo": 1}

    def __init__(self, words: Sequence[str]) -> None:
        self.words = list(words)
        self.exact: dict[str, int] = {}
        self.stems: dict[str, int] = {}
        for position, word in enumerate(self.words):
            self.exact.setdefault(word, position)
            self.stems.setdefault(_stem(word), position)

    def find(self, expected: str) -> tuple[str | None, int]:
        """How `expected` occurs among the indexed words ("exact", "stem", "typo" or None), and where."""
        if expected in self.exact:
            return "exact", self.exact[expected]
        stem_position = self.stems.get(_stem(expected))
        if stem_position is not None and _digits(self.words[stem_position]) == _digits(expected):
            return "stem", stem_position
        allowance = _typo_allowance(expected)
        if allowance:
            for _choice, _distance, position in process.extract(
                expected, self.words, scorer=OSA.distance, score_cutoff=allowance, limit=5
            ):
                if _word_match(typed=self.words[position], expected=expected) is not None:
                    return "typo", position
        return None, -1

    def best(self, alternatives: Iterable[str]) -> tuple[str | None, int]:
        best: tuple[str | None, int] = (None, -1)
        for alt in alternatives:
            how, position = self.find(alt)
            if how is not None and (best[0] is None or self._RANK[how] > self._RANK[best[0]]):
                best = (how, position)
        return best

    def matches_any(self, typed: str) -> bool:
        """Does a typed word meet any indexed (expected) word, within that word's typo allowance?"""
        if typed in self.exact or _stem(typed) in self.stems:
            return True
        for _choice, _distance, position in process.extract(
            typed, self.words, scorer=OSA.distance, score_cutoff=2, limit=5
        ):
            if _word_match(typed=typed, expected=self.words[position]) is not None:
                return True
        return False


def _in_order_ratio(positions: Sequence[int]) -> float:
    """Length of the longest increasing run of typed positions, over the number matched (LIS)."""
    tails: list[int] = []
    for position in positions:
        low, high = 0, len(tails)
        while low < high:
            mid = (low + high) // 2
            if tails[mid] < position:
                low = mid + 1
            else:
                high = mid
        if low == len(tails):
            tails.append(position)
        else:
            tails[low] = position
    return len(tails) / len(positions)


# ---------------------------------------------------------------------------------------------------
# Shell-aware comparison: tokens


@dataclass(frozen=True)
class _Slot:
    """A placeholder in the expected answer: ``<name>``/``{{name}}`` (one word) or ``[OPTIONS]``."""

    text: str
    optional: bool

    @property
    def absorbs_flags(self) -> bool:
        upper = self.text.upper()
        return self.optional and ("OPTION" in upper or "FLAG" in upper)


@dataclass(frozen=True)
class _Sub:
    """A ``$(...)`` command substitution, compared recursively."""

    inner: str

    @property
    def canonical(self) -> str:
        return "$(" + " ".join(self.inner.split()).casefold() + ")"


_Piece = str | _Slot | _Sub


@dataclass(frozen=True)
class _Token:
    """One shell word made of literal text, placeholders and substitutions."""

    pieces: tuple[_Piece, ...]

    @property
    def display(self) -> str:
        return "".join(
            p if isinstance(p, str) else p.text if isinstance(p, _Slot) else f"$({p.inner})"
            for p in self.pieces
        )

    @property
    def literal(self) -> str | None:
        """The token's text when it is plain text, else None."""
        if all(isinstance(p, str) for p in self.pieces):
            return "".join(p for p in self.pieces if isinstance(p, str))
        return None

    @property
    def is_flag(self) -> bool:
        first = self.pieces[0] if self.pieces else ""
        text = self.display
        return isinstance(first, str) and first.startswith("-") and text not in ("-", "--")

    @property
    def optional_slot(self) -> _Slot | None:
        if len(self.pieces) == 1 and isinstance(self.pieces[0], _Slot) and self.pieces[0].optional:
            return self.pieces[0]
        return None

    @property
    def required_slot(self) -> bool:
        return any(isinstance(p, _Slot) and not p.optional for p in self.pieces)

    def split_at(self, index: int) -> tuple[_Token, _Token]:
        """Split the leading literal text at `index` (for ``--name=x`` and ``-p80``)."""
        first = self.pieces[0]
        assert isinstance(first, str)
        head = _Token(pieces=(first[:index],))
        rest: tuple[_Piece, ...] = ((first[index:],) if first[index:] else ()) + self.pieces[1:]
        return head, _Token(pieces=rest or ("",))


_ANGLE_SLOT = re.compile(r"<[A-Za-z_][^<>\s]*>")
_BRACE_SLOT = re.compile(r"\{\{[^{}]*\}\}")
_BRACKET_SLOT = re.compile(r"(?<!\S)\[[A-Za-z][A-Za-z0-9_-]*(?:\.\.\.)?\](?:\.\.\.)?(?!\S)")
# In a usage synopsis (one with an [OPTIONS]-style slot) bare CAPS words are placeholders too:
# `docker run [OPTIONS] IMAGE`. Elsewhere CAPS are literal (`WORKDIR`, `git push origin HEAD`).
_CAPS_SLOT = re.compile(r"(?<=\s)[A-Z][A-Z0-9_]{2,}(?:\.\.\.)?(?!\S)")
_SENTINEL = re.compile(f"{_SENTINEL_OPEN}(\\d+){_SENTINEL_CLOSE}")
_OPERATOR = re.compile(r"[;&|]+")
_EXEC_FORM = re.compile(r"\[\s*\"(?:[^\"\\]|\\.)*\"(?:\s*,\s*\"(?:[^\"\\]|\\.)*\")*\s*\]")
_TRAILING_PUNCTUATION = re.compile(r"(?<=\w)[.,;:!?]+$|[,;:!?]+$")
_SMART_CHARACTERS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "—": "--", "–": "-"})


def _strip_code_markup(text: str) -> str:
    """Markdown and noise around a command: backticks, bold, a ``$ `` prompt, comments, trailing dots.

    A trailing ``.`` after a space or another dot is kept: ``docker build .`` and ``cd ..`` need it.
    """
    text = text.replace("`", "").translate(_SMART_CHARACTERS).strip()
    for marker in ("**", "__"):
        if len(text) > 2 * len(marker) and text.startswith(marker) and text.endswith(marker):
            text = text[len(marker) : -len(marker)].strip()
    text = re.sub(r"^\$\s+", "", text)
    text = re.sub(r"\\\n", " ", text)
    text = re.sub(r"(?:^|(?<=\s))#[^\n]*", "", text)  # shell comments (quoted "#" is rare in cards)
    text = _TRAILING_PUNCTUATION.sub("", text.rstrip()).strip()
    return text.replace("\n", " ; ")


def _exec_form_to_words(text: str) -> tuple[str, bool]:
    """Read Dockerfile exec form (``CMD ["python", "app.py"]``) as its words; say if it was used."""
    used = False

    def replace(match: re.Match[str]) -> str:
        nonlocal used
        try:
            words = json.loads(match.group())
        except ValueError:
            return match.group()
        used = True
        return " ".join(shlex.quote(str(word)) for word in words)

    return _EXEC_FORM.sub(replace, text), used


def _protect(text: str, *, slots: bool) -> tuple[str, list[_Piece]]:
    """Swap substitutions and placeholders for sentinels so shlex cannot split or unquote them."""
    table: list[_Piece] = []

    def store(piece: _Piece) -> str:
        table.append(piece)
        return f"{_SENTINEL_OPEN}{len(table) - 1}{_SENTINEL_CLOSE}"

    closing = _matching_parens(text)
    out: list[str] = []
    index = 0
    while index < len(text):
        start = text.find("$(", index)
        while start >= 0 and start + 1 not in closing:
            start = text.find("$(", start + 2)
        if start < 0:
            out.append(text[index:])
            break
        end = closing[start + 1]
        out.append(text[index:start])
        out.append(store(_Sub(inner=text[start + 2 : end])))
        index = end + 1
    text = "".join(out)

    def replacer(*, optional: bool) -> Callable[[re.Match[str]], str]:
        # On the typed side a placeholder is only shielded from shlex, then read back as plain text.
        def replace(match: re.Match[str]) -> str:
            written = match.group()
            return store(_Slot(text=written, optional=optional) if slots else written)

        return replace

    text = _BRACE_SLOT.sub(replacer(optional=False), text)
    text = _ANGLE_SLOT.sub(replacer(optional=False), text)
    synopsis = bool(_BRACKET_SLOT.search(text))
    text = _BRACKET_SLOT.sub(replacer(optional=True), text)
    if synopsis:
        text = _CAPS_SLOT.sub(replacer(optional=False), text)
    return text, table


def _matching_parens(text: str) -> dict[int, int]:
    """Index of each balanced "(" mapped to its ")", in one pass (unbalanced ones are left out)."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for index, char in enumerate(text):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            pairs[stack.pop()] = index
    return pairs


def _shell_split(text: str) -> list[str]:
    """shlex, splitting shell operators too; an unbalanced quote is closed rather than fatal."""
    for suffix in ("", '"', "'"):
        lexer = shlex.shlex(text + suffix, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = ""
        try:
            return list(lexer)
        except ValueError:
            continue
    return text.replace('"', " ").replace("'", " ").replace("\\", " ").split()


@dataclass(frozen=True)
class _Parsed:
    segments: tuple[tuple[_Token, ...], ...]
    operators: tuple[str, ...]
    exec_form: bool
    quotes: str


def _parse_command(text: str, *, slots: bool) -> _Parsed:
    text = _strip_code_markup(text)
    text, exec_form = _exec_form_to_words(text)
    protected, table = _protect(text, slots=slots)
    # Text inside stored pieces (a string placeholder on the typed side) is not shell-split.
    segments: list[tuple[_Token, ...]] = []
    operators: list[str] = []
    current: list[_Token] = []
    for word in _shell_split(protected):
        if _OPERATOR.fullmatch(word):
            if current:
                segments.append(tuple(current))
                current = []
                operators.append(word)
            continue
        current.append(_Token(pieces=_pieces(word, table=table)))
    if current:
        segments.append(tuple(current))
    return _Parsed(
        segments=tuple(segments),
        operators=tuple(operators[: max(0, len(segments) - 1)]),
        exec_form=exec_form,
        quotes="".join(sorted(ch for ch in text if ch in "'\"")),
    )


def _pieces(word: str, *, table: Sequence[_Piece]) -> tuple[_Piece, ...]:
    pieces: list[_Piece] = []
    for index, part in enumerate(_SENTINEL.split(word)):
        if index % 2 == 0:
            if part:
                pieces.append(part)
        else:
            piece = table[int(part)] if int(part) < len(table) else part
            if isinstance(piece, str) and pieces and isinstance(pieces[-1], str):
                pieces[-1] += piece
            else:
                pieces.append(piece)
    return tuple(pieces) or ("",)


# ---------------------------------------------------------------------------------------------------
# Shell-aware comparison: flags, values and positional words


@dataclass(frozen=True)
class _Flag:
    name: str
    value: _Token | None = None
    attached: bool = False  # the value came with the flag: --name=x or -p80

    @property
    def display(self) -> str:
        if self.value is None:
            return self.name
        return f"{self.name} {self.value.display}"


_Element = _Flag | _Token  # a flag, or a word that may be a flag's value or a positional word


def _is_short(name: str) -> bool:
    return len(name) == 2 and name[0] == "-" and name[1] != "-"


def _same_flag_name(a: str, b: str) -> bool:
    """Single-letter flags are case-sensitive (-p is not -P); long ones are not."""
    if _is_short(a) or _is_short(b):
        return a == b
    return a.casefold() == b.casefold()


def _known_letters(tokens: Sequence[_Token]) -> tuple[set[str], set[str]]:
    """(letters used as standalone -x flags, letters of -xyz clusters) in one side's tokens."""
    standalone: set[str] = set()
    clusters: set[str] = set()
    for token in tokens:
        text = token.literal
        if text is None or not token.is_flag or text.startswith("--"):
            continue
        if len(text) == 2:
            standalone.add(text[1])
        elif text[1:].isalnum():
            clusters.update(text[1:])
    return standalone, clusters


@dataclass
class _Elements:
    items: list[_Element] = field(default_factory=list)
    clusters: list[str] = field(default_factory=list)  # raw -xyz tokens that were expanded
    equals: list[str] = field(default_factory=list)  # raw --name=x tokens
    after_end: int | None = None  # index in items where `--` ended the options


def _expand(tokens: Sequence[_Token], *, known: set[str], standalone: set[str]) -> _Elements:
    """Turn tokens into flags and words: split ``--x=v``, expand ``-aq``, split ``-p80``."""
    result = _Elements()
    for token in tokens:
        text = token.display
        if result.after_end is not None or not token.is_flag:
            result.items.append(token)
            continue
        if text == "--":
            result.after_end = len(result.items)
            continue
        first = token.pieces[0]
        assert isinstance(first, str)
        if text.startswith("--"):
            if "=" in first:
                name, value = token.split_at(first.index("="))
                _, value = value.split_at(1)
                result.items.append(_Flag(name=name.display, value=value, attached=True))
                result.equals.append(text)
            else:
                result.items.append(_Flag(name=text))
            continue
        letters = first[1:]
        literal = token.literal
        if literal is not None and len(letters) >= 2 and letters.isalnum() and set(letters) <= known:
            result.items.extend(_Flag(name=f"-{letter}") for letter in letters)
            result.clusters.append(literal)
        elif len(first) >= 2 and first[1] in standalone and (len(token.pieces) > 1 or not letters.isalpha()):
            if len(first) == 2 and len(token.pieces) == 1:
                result.items.append(_Flag(name=first))
            else:
                name, value = token.split_at(2)
                result.items.append(_Flag(name=name.display, value=value, attached=True))
        else:
            result.items.append(_Flag(name=text))
    return result


@dataclass(frozen=True)
class _Shape:
    """A segment read under one interpretation of which flags take values."""

    flags: tuple[_Flag, ...]
    words: tuple[_Token, ...]


def _bind(elements: _Elements, *, takes_value: frozenset[str]) -> _Shape:
    flags: list[_Flag] = []
    words: list[_Token] = []
    items = elements.items
    index = 0
    while index < len(items):
        item = items[index]
        after_end = elements.after_end is not None and index >= elements.after_end
        if isinstance(item, _Flag) and not after_end:
            if item.value is None and item.name in takes_value and index + 1 < len(items):
                following = items[index + 1]
                following_after_end = elements.after_end is not None and index + 1 >= elements.after_end
                if isinstance(following, _Token) and not following_after_end:
                    flags.append(_Flag(name=item.name, value=following))
                    index += 2
                    continue
            flags.append(item)
        elif isinstance(item, _Token):
            words.append(item)
        else:
            words.append(_Token(pieces=(item.display,)))
        index += 1
    return _Shape(flags=tuple(flags), words=tuple(words))


def _value_candidates(elements: _Elements) -> set[str]:
    """Flags directly followed by a word: each might take that word as its value."""
    names: set[str] = set()
    for index, item in enumerate(elements.items[:-1]):
        if elements.after_end is not None and index + 1 >= elements.after_end:
            break
        if isinstance(item, _Flag) and item.value is None and isinstance(elements.items[index + 1], _Token):
            names.add(item.name)
    return names


@dataclass(frozen=True)
class _Issue:
    cap: int
    text: str


@dataclass
class _Diff:
    """Differences found between two commands, and the notes worth telling on a match."""

    issues: list[_Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cost: float = 0.0
    size: int = 1

    @property
    def grade(self) -> int:
        if not self.issues:
            return 5
        grade = min(issue.cap for issue in self.issues)
        if sum(issue.cap <= 3 for issue in self.issues) >= 2:
            grade -= 1
        return max(1, grade)

    @property
    def score(self) -> float:
        return max(0.0, 1.0 - self.cost / max(1, self.size))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def add(self, *, cap: int, text: str, cost: float) -> None:
        self.issues.append(_Issue(cap=cap, text=text))
        self.cost += cost

    def absorb(self, other: _Diff) -> None:
        self.issues.extend(other.issues)
        for note in other.notes:
            self.note(note)
        self.cost += other.cost
        self.size += other.size

    def reason(self, *, noun: str = "command") -> str:
        if not self.issues:
            return f"same {noun}" + (": " + "; ".join(self.notes) if self.notes else "")
        ordered = sorted(self.issues, key=lambda issue: issue.cap)
        texts = list(dict.fromkeys(issue.text for issue in ordered))
        reason = "; ".join(texts[:2])
        if len(texts) > 2:
            reason += f"; and {len(texts) - 2} more"
        return reason


@dataclass(frozen=True)
class _TokenMatch:
    cap: int  # 5 same, 3 one-letter typo, 2 wrong (or a subshell's own grade)
    detail: str
    filled: bool = False
    notes: tuple[str, ...] = ()


def _canonical(token: _Token) -> str:
    text = "".join(
        p.casefold() if isinstance(p, str) else p.canonical if isinstance(p, _Sub) else p.text.casefold()
        for p in token.pieces
    )
    return text.rstrip("/") if len(text) > 1 and text.endswith("/") else text


@functools.lru_cache(maxsize=4096)
def _compare_tokens(*, expected: _Token, typed: _Token, depth: int) -> _TokenMatch:
    """Is the typed word the expected one? Placeholders match anything, $(...) recursively.

    Memoised: the same pair is compared once per reading of the flags, and tokens are immutable.
    """
    exp_pieces, typ_pieces = expected.pieces, typed.pieces
    if expected.literal is not None and typed.literal is not None:
        exp_text, typ_text = _canonical(expected), _canonical(typed)
        if exp_text == typ_text:
            return _TokenMatch(cap=5, detail="")
        if _is_one_typo(typed=typ_text, expected=exp_text):
            return _TokenMatch(cap=3, detail="typo")
        return _TokenMatch(cap=2, detail="wrong")
    if (
        len(exp_pieces) == 1
        and len(typ_pieces) == 1
        and isinstance(exp_pieces[0], _Sub)
        and isinstance(typ_pieces[0], _Sub)
        and depth < _MAX_DEPTH
    ):
        inner = _compare_commands(
            expected=exp_pieces[0].inner, typed=typ_pieces[0].inner, kind=Kind.COMMAND, depth=depth + 1
        )
        return _TokenMatch(
            cap=inner.grade, detail=f"inside $(...): {inner.reason()}", notes=tuple(inner.notes)
        )
    typed_text = _canonical(typed)
    pattern: list[str] = []
    has_slot = False
    for index, piece in enumerate(exp_pieces):
        if isinstance(piece, _Slot):
            has_slot = True
            pattern.append(".*?" if piece.optional else ".+?")
        elif isinstance(piece, _Sub):
            pattern.append(re.escape(piece.canonical))
        else:
            text = piece.casefold()
            if index == len(exp_pieces) - 1 and len(text) > 1 and text.endswith("/"):
                text = text.rstrip("/") or "/"
            pattern.append(re.escape(text))
    if re.fullmatch("".join(pattern), typed_text, flags=re.DOTALL):
        return _TokenMatch(cap=5, detail="", filled=has_slot and typed_text != _canonical(expected))
    if not has_slot and _is_one_typo(typed=typed_text, expected=_canonical(expected)):
        return _TokenMatch(cap=3, detail="typo")
    return _TokenMatch(cap=2, detail="wrong")


def _compare_flags(
    *, expected: Sequence[_Flag], typed: Sequence[_Flag], absorb_extra: bool, depth: int
) -> _Diff:
    diff = _Diff(size=len(expected))
    exp_left = list(expected)
    typ_left = list(typed)

    def value_match(e: _Flag, t: _Flag) -> _TokenMatch | None:
        if e.value is None and t.value is None:
            return _TokenMatch(cap=5, detail="")
        if e.value is None or t.value is None:
            return None
        return _compare_tokens(expected=e.value, typed=t.value, depth=depth)

    # 1. Same flag, same value.
    for e in list(exp_left):
        for t in typ_left:
            match = value_match(e, t) if _same_flag_name(e.name, t.name) else None
            if match is not None and match.cap == 5:
                exp_left.remove(e)
                typ_left.remove(t)
                if match.filled and e.value is not None and t.value is not None:
                    diff.note(f"{_quote(t.value.display)} fills {e.value.display}")
                break
    # 2. Same flag, different or missing value.
    for e in list(exp_left):
        for t in typ_left:
            if not _same_flag_name(e.name, t.name):
                continue
            exp_left.remove(e)
            typ_left.remove(t)
            if t.value is None and e.value is not None and e.value.required_slot:
                diff.add(
                    cap=4, text=f"right flag {e.name}; its value {e.value.display} was left out", cost=0.25
                )
            elif t.value is None and e.value is not None:
                diff.add(cap=2, text=f"{e.name} is missing its value {_quote(e.value.display)}", cost=0.5)
            elif e.value is None and t.value is not None:
                diff.add(
                    cap=3, text=f"{e.name} takes no value here ({_quote(t.value.display)} is extra)", cost=0.5
                )
            else:
                match = value_match(e, t)
                assert match is not None and e.value is not None and t.value is not None
                if match.cap == 3 and match.detail == "typo":
                    diff.add(
                        cap=3,
                        text=f"typo in the value of {e.name}: {_quote(t.value.display)} vs "
                        f"{_quote(e.value.display)}",
                        cost=0.5,
                    )
                elif match.detail.startswith("inside"):
                    diff.add(cap=match.cap, text=match.detail, cost=1 - match.cap / 5)
                else:
                    diff.add(
                        cap=2,
                        text=f"wrong value for {e.name}: {_quote(t.value.display)} instead of "
                        f"{_quote(e.value.display)}",
                        cost=0.5,
                    )
            break
    # 3. Nearly the same flag: a dash short (-rm for --rm) or a typo in a long name.
    for e in list(exp_left):
        for t in typ_left:
            e_bare, t_bare = e.name.lstrip("-"), t.name.lstrip("-")
            if e_bare.casefold() == t_bare.casefold() and len(e_bare) > 1:
                text = f"{t.name} should be written {e.name}"
            elif (
                e.name.startswith("--")
                and t.name.startswith("--")
                and _is_one_typo(typed=t_bare.casefold(), expected=e_bare.casefold())
            ):
                text = f"typo in a flag: {t.name} instead of {e.name}"
            else:
                continue
            exp_left.remove(e)
            typ_left.remove(t)
            diff.add(cap=3, text=text, cost=0.5)
            break
    # 4. What is left pairs up as wrong flags, then missing or extra ones.
    for e, t in zip(list(exp_left), list(typ_left), strict=False):
        exp_left.remove(e)
        typ_left.remove(t)
        diff.add(cap=2, text=f"wrong flag: {t.display} instead of {e.display}", cost=1.0)
    for e in exp_left:
        if e.value is not None and e.value.optional_slot is not None:
            continue
        diff.add(cap=2, text=f"missing flag {e.display}", cost=1.0)
    if not absorb_extra:
        for t in typ_left:
            diff.add(cap=3, text=f"extra flag {t.display}", cost=0.5)
    exp_names = [flag.name for flag in expected]
    typ_names = [flag.name for flag in typed]
    if not diff.issues and exp_names != typ_names and sorted(exp_names) == sorted(typ_names):
        diff.note("flag order does not matter")
    return diff


def _compare_words(*, expected: Sequence[_Token], typed: Sequence[_Token], depth: int) -> _Diff:
    """Align positional words like an edit distance where placeholders match any word."""
    n, m = len(expected), len(typed)
    if max(n, m) > _MAX_SEGMENT_WORDS:
        diff = _Diff(size=max(1, n))
        if [_canonical(t) for t in expected] != [_canonical(t) for t in typed]:
            diff.add(
                cap=1, text="too long to compare word by word, and the words differ", cost=float(max(1, n))
            )
        return diff
    matches = [[_compare_tokens(expected=e, typed=t, depth=depth) for t in typed] for e in expected]
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    step: list[list[str]] = [[""] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    def delete_cost(token: _Token) -> float:
        if token.optional_slot is not None:
            return 0.0
        return 0.25 if token.required_slot else 1.0

    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if i > 0 and j > 0:
                sub = cost[i - 1][j - 1] + {5: 0.0, 4: 0.25, 3: 0.5}.get(matches[i - 1][j - 1].cap, 1.0)
                if sub < here:
                    here, step[i][j] = sub, "sub"
            if i > 0 and cost[i - 1][j] + delete_cost(expected[i - 1]) < here:
                here, step[i][j] = cost[i - 1][j] + delete_cost(expected[i - 1]), "del"
            if j > 0:
                absorbs = i > 0 and expected[i - 1].optional_slot is not None
                insert = cost[i][j - 1] + (0.0 if absorbs else 1.0)
                if insert < here:
                    here, step[i][j] = insert, "absorb" if absorbs else "ins"
            cost[i][j] = here

    diff = _Diff(size=max(1, n), cost=cost[n][m])
    ops: list[tuple[str, int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        op = step[i][j]
        ops.append((op, i - 1, j - 1))
        if op == "sub":
            i, j = i - 1, j - 1
        elif op == "del":
            i -= 1
        else:
            j -= 1
    for op, ei, ti in reversed(ops):
        if op == "sub":
            _word_issue(diff, expected=expected[ei], typed=typed[ti], match=matches[ei][ti], position=ei)
        elif op == "del":
            token = expected[ei]
            if token.optional_slot is None:
                if token.required_slot:
                    diff.issues.append(_Issue(cap=4, text=f"the {token.display} argument was left out"))
                else:
                    diff.issues.append(_Issue(cap=2, text=f"missing {_quote(token.display)}"))
        elif op == "ins":
            diff.issues.append(_Issue(cap=3, text=f"extra word {_quote(typed[ti].display)}"))
    return diff


def _word_issue(diff: _Diff, *, expected: _Token, typed: _Token, match: _TokenMatch, position: int) -> None:
    for note in match.notes:
        diff.note(note)
    if match.cap == 5:
        if match.filled:
            diff.note(f"{_quote(typed.display)} fills {expected.display}")
        return
    if match.detail.startswith("inside"):
        diff.issues.append(_Issue(cap=match.cap, text=match.detail))
        return
    what = "program" if position == 0 else "word"
    if match.detail == "typo":
        diff.issues.append(
            _Issue(
                cap=3,
                text=f"one-letter typo: {_quote(typed.display)} instead of {_quote(expected.display)}"
                " (commands must be typed exactly)",
            )
        )
    else:
        cap = 1 if position == 0 else 2
        diff.issues.append(
            _Issue(
                cap=cap, text=f"wrong {what}: {_quote(typed.display)} instead of {_quote(expected.display)}"
            )
        )


def _compare_segment(*, expected: Sequence[_Token], typed: Sequence[_Token], kind: str, depth: int) -> _Diff:
    exp_standalone, exp_clusters = _known_letters(expected)
    typ_standalone, typ_clusters = _known_letters(typed)
    standalone = exp_standalone | typ_standalone
    exp_elements = _expand(expected, known=standalone | typ_clusters, standalone=standalone)
    typ_elements = _expand(typed, known=standalone | exp_clusters, standalone=standalone)
    dropped: list[_Element] = []
    if kind == Kind.FLAG_REVERSE:
        dropped = _drop_command_prefix(expected=exp_elements, typed=typ_elements)

    forced = {
        item.name
        for item in exp_elements.items + typ_elements.items
        if isinstance(item, _Flag) and item.attached
    }
    ambiguous = sorted((_value_candidates(exp_elements) | _value_candidates(typ_elements)) - forced)
    readings: Iterable[frozenset[str]]
    if len(ambiguous) <= _MAX_AMBIGUOUS_FLAGS:
        readings = (
            frozenset(combo) | frozenset(forced)
            for size in range(len(ambiguous) + 1)
            for combo in itertools.combinations(ambiguous, size)
        )
    else:
        readings = [
            frozenset(forced),
            frozenset(forced) | _value_candidates(exp_elements),
            frozenset(forced) | frozenset(ambiguous),
        ]
    absorb = any(
        (slot := item.optional_slot) is not None and slot.absorbs_flags
        for item in exp_elements.items
        if isinstance(item, _Token)
    )
    best: _Diff | None = None
    best_rank: tuple[int, int, float, int] = (0, 0, 0.0, 0)
    for reading in readings:
        exp_shape = _bind(exp_elements, takes_value=reading)
        typ_shape = _bind(typ_elements, takes_value=reading)
        diff = _compare_words(expected=exp_shape.words, typed=typ_shape.words, depth=depth)
        diff.absorb(
            _compare_flags(expected=exp_shape.flags, typed=typ_shape.flags, absorb_extra=absorb, depth=depth)
        )
        rank = (diff.grade, _plausibility(exp_shape), diff.score, -len(diff.issues))
        if best is None or rank > best_rank:
            best, best_rank = diff, rank
        if best.grade == 5 and not best.issues:
            break
    assert best is not None
    if sorted(exp_elements.clusters) != sorted(typ_elements.clusters):
        best.note("flag grouping does not matter")
    if sorted(exp_elements.equals) != sorted(typ_elements.equals):
        best.note("--flag=value is the same as --flag value")
    if dropped:
        best.note("the command around the flag is fine")
    return best


def _plausibility(shape: _Shape) -> int:
    """How natural a reading of the expected command is, to break ties between equal grades.

    ``-f status=exited``, ``-p 80:80``, ``-t <tag>`` and ``--name web`` look like flags with values;
    ``-d nginx`` looks like a switch followed by an argument.
    """
    total = 0
    for flag in shape.flags:
        if flag.value is None or flag.attached:
            continue
        text = flag.value.display
        looks_like_value = (
            flag.name.startswith("--") or flag.value.literal is None or bool(re.search(r"[=:,/\d]", text))
        )
        total += 1 if looks_like_value else -1
    return total


def _drop_command_prefix(*, expected: _Elements, typed: _Elements) -> list[_Element]:
    """A reverse flag card answered as "docker run -d": keep the flags, drop the leading words."""
    items = typed.items
    if (
        not expected.items
        or not isinstance(expected.items[0], _Flag)
        or not items
        or isinstance(items[0], _Flag)
    ):
        return []
    first_flag = next((index for index, item in enumerate(items) if isinstance(item, _Flag)), None)
    if first_flag is None:
        return []
    dropped = items[:first_flag]
    typed.items = items[first_flag:]
    if typed.after_end is not None:
        typed.after_end = max(0, typed.after_end - first_flag)
    return dropped


def _compare_commands(*, expected: str, typed: str, kind: str, depth: int) -> _Diff:
    exp = _parse_command(expected, slots=True)
    typ = _parse_command(typed, slots=False)
    diff = _Diff(size=0)
    if not exp.segments:
        diff.add(cap=1, text="the card's answer has no command to compare with", cost=1.0)
        diff.size = 1
        return diff
    if not typ.segments:
        diff.add(cap=1, text="no command typed", cost=1.0)
        diff.size = 1
        return diff
    if len(exp.segments) != len(typ.segments):
        diff.add(
            cap=2,
            text=f"{len(typ.segments)} command(s) instead of {len(exp.segments)} (pipes and && count)",
            cost=1.0,
        )
    for exp_op, typ_op in zip(exp.operators, typ.operators, strict=False):
        if exp_op != typ_op:
            diff.add(cap=3, text=f"{_quote(typ_op)} instead of {_quote(exp_op)} between commands", cost=0.5)
    for exp_segment, typ_segment in zip(exp.segments, typ.segments, strict=False):
        diff.absorb(_compare_segment(expected=exp_segment, typed=typ_segment, kind=kind, depth=depth))
    diff.size = max(1, diff.size)
    if exp.exec_form != typ.exec_form:
        form = "exec form" if typ.exec_form else "shell form"
        diff.add(cap=4, text=f"same words, but in {form}", cost=0.1)
    if not diff.issues and exp.quotes != typ.quotes:
        diff.note("quoting does not matter")
    if not diff.issues and _differ_only_in_case(expected=expected, typed=typed):
        diff.note("case does not matter")
    return diff


def _differ_only_in_case(*, expected: str, typed: str) -> bool:
    exp_words, typ_words = expected.split(), typed.split()
    return exp_words != typ_words and [w.casefold() for w in exp_words] == [w.casefold() for w in typ_words]


def _check_code(*, typed: str, expected: str, kind: str) -> Verdict:
    diff = _compare_commands(expected=expected, typed=typed, kind=kind, depth=0)
    noun = {Kind.FLAG_REVERSE.value: "flag", Kind.INSTRUCTION.value: "instruction"}.get(kind, "command")
    grade, reason, score = diff.grade, diff.reason(noun=noun), diff.score
    if kind == Kind.FLAG_REVERSE and grade < CORRECT_GRADE and not typed.lstrip("`").startswith("-"):
        # "d" for "-d": the right flag written without its dash is nearly right.
        for dashes in ("-", "--"):
            retry = _compare_commands(expected=expected, typed=dashes + typed.lstrip("`"), kind=kind, depth=0)
            if retry.grade >= CORRECT_GRADE:
                flag = (_strip_code_markup(expected).split() or [expected])[0]
                return _verdict(grade=3, reason=f"right flag, but write it with its dash: {flag}", score=0.8)
    if grade == 5 and reason == f"same {noun}":
        reason = f"same {noun} (spacing and formatting ignored)"
    return _verdict(grade=grade, reason=reason, score=1.0 if grade == 5 else min(score, 0.95))
