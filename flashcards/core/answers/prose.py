"""The prose checker: typed definitions, answers, cloze words, steps and flag descriptions.

Words are compared, so punctuation never matters. It is an engine of its own, sharing only the verdict
and text helpers with the shell-aware checker. Thresholds, in the order they are tried (the best grade
wins):

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
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

from flashcards.core.answers.text import PROSE_MARKERS, digits, quote
from flashcards.core.answers.verdict import Verdict, make_verdict
from flashcards.core.vocabulary import PASS_GRADE as PASSING_GRADE
from flashcards.core.vocabulary import Kind


_STOPWORDS = PROSE_MARKERS | frozenset(
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
    if digits(typed) != digits(expected):
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


def check_prose(*, typed: str, expected: str, kind: str) -> Verdict:
    """Grade typed prose against the expected text: the best of the spelling and key-word readings.

    Both sides arrive cleaned by `text.clean_input`; a reversed meaning (a 'not' on one side only)
    caps any grade above 2, whichever reading produced it.
    """
    typed_clean = _clean_prose(typed)
    expected_clean = _clean_prose(expected)
    typed_words = _WORD_RE.findall(typed_clean)
    units = _units(expected_clean)
    full_words = [word for unit in units for word in unit.words]
    required_words = [word for unit in units if not unit.optional for word in unit.words]
    if not full_words:
        # Nothing word-like to compare (the back is only symbols): only the cleaned text can match.
        if typed_clean == expected_clean:
            return make_verdict(grade=5, reason="same answer (formatting ignored)", score=1.0)
        return make_verdict(grade=1, reason="does not match", score=0.0)
    if typed_clean == expected_clean:
        return make_verdict(grade=5, reason="exact match (ignoring case and formatting)", score=1.0)
    if not typed_words:
        return make_verdict(grade=1, reason="no words to compare", score=0.0)

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
        return make_verdict(
            grade=2, reason="the meaning is reversed (a 'not' or 'no' differs)", score=best.score / 2
        )
    return make_verdict(grade=best.grade, reason=best.reason, score=best.score)


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
    digits_kept = digits(typed_joined) == digits(expected_joined)
    if distance == 1 and length >= 4 and digits_kept:
        detail = _typo_detail(typed_words=typed_words, expected_words=expected_words)
        results.append(_ProseResult(grade=4, reason=f"one typo: {detail}", score=similarity))
    elif len(typed_words) == len(expected_words) and digits_kept:
        pairs = [(t, e) for t, e in zip(typed_words, expected_words, strict=True) if t != e]
        within = all(OSA.distance(t, e) <= _typo_allowance(e) for t, e in pairs)
        if within and pairs:
            detail = ", ".join(f"{quote(t)} vs {quote(e)}" for t, e in pairs[:3])
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
            return f"{quote(pairs[0][0])} vs {quote(pairs[0][1])}"
    return f"{quote(' '.join(typed_words))} vs {quote(' '.join(expected_words))}"


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
    wrong_number = any(digits(word) for word in missing)
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
        if stem_position is not None and digits(self.words[stem_position]) == digits(expected):
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
