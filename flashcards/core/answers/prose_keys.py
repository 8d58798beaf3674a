"""Key-word grading of prose: which key words of the card's answer the learner typed, and what else.

A typed word meets an expected one when equal, of the same crude stem, listed as synonyms, an
abbreviation of it (``dict`` for ``dictionary``: three letters or more, at most half the word), or
within its typo allowance (none under 4 letters or with digits, 1 under 8 letters, 2 from 8), never when
the two are opposites (``attached``/``detached`` are one edit apart). Each typed word meets at most one
expected unit, best kind of match first, so "sample" cannot stand for both "simple" and "sample". Words
run together or split apart (``dockerhub``, ``file system``) and acronyms (``NFS``, ``CLI``) are read as
the other side writes them.

The grade, for answers with at least three key words (``recall`` counts the key words outside asides
plus any optional word the learner used anyway: an aside, a word of the question; ``extra`` words are
typed key words that meet nothing in the answer, a negated one excepted):

=====  ==========================================================================================
grade  key-word rule
=====  ==========================================================================================
4      recall >= 0.8 and precision >= 0.6 (at most one key word in four matched only by a typo), or
       the whole first clause of the answer (two key words or more; not for steps and lists) with
       precision >= 0.5
3      recall >= 0.4 and precision >= 0.4; all the key words among many others; or no extra word at
       all and one of: recall above a quarter, two key words in a row of the answer, the answer's
       first key word, its whole first sentence ("the words you typed are all in the answer")
2      recall >= 0.25, or only words of an aside; in a term of a few words ("Simple Random
       Sample"), any word typed in place of one of the answer's (but the verb a description opens
       with, a flag's or what a piece of code does, may be said another way when the rest is there)
1      less
=====  ==========================================================================================

Answers of one or two key words are strict: all of them and nothing else is 4, all with extra words
or misspelled 3, the last word alone (the head of "Docker *Daemon*") 3, part of a longer answer with
nothing wrong 3, the words of its aside alone 3, some 2. Numbers are checked in `prose`.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from rapidfuzz import process
from rapidfuzz.distance import OSA

from flashcards.core.answers.lexicon import negated_opposite, opposites, stem, stems_of, synonyms
from flashcards.core.answers.prose_text import Unit
from flashcards.core.answers.text import digits

_QUALITIES = ("exact", "stem", "synonym", "abbrev", "typo")
_MIN_ABBREVIATION = 3


def typo_allowance(word: str) -> int:
    """Edits tolerated inside one expected word: none for short words or words with digits."""
    if any(ch.isdigit() for ch in word) or len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


@functools.lru_cache(maxsize=65536)
def word_match(*, typed: str, expected: str) -> str | None:
    """How a typed word meets an expected one: "exact", "stem", "synonym", "abbrev", "typo" or None."""
    if typed == expected:
        return "exact"
    if digits(typed) != digits(expected) or opposites(typed, expected):
        return None
    if stem(typed) == stem(expected) or stems_of(typed) & stems_of(expected):
        return "stem"
    if synonyms(typed, expected):
        return "synonym"
    if (
        len(typed) >= _MIN_ABBREVIATION
        and typed.isalpha()
        and len(expected) >= 2 * len(typed)
        and expected.startswith(typed)
    ):
        return "abbrev"
    allowance = typo_allowance(expected)
    if allowance and OSA.distance(typed, expected, score_cutoff=allowance) <= allowance:
        return "typo"
    return None


@dataclass
class KeyReading:
    """How the typed key words meet the expected units."""

    units: list[Unit]  # expected key units (required, aside and given), in order
    typed: list[Unit]  # typed key words, in order
    matched: dict[int, tuple[int, str]] = field(default_factory=dict)  # unit index -> (typed index, how)
    extras: list[str] = field(default_factory=list)

    @property
    def required(self) -> list[int]:
        """The units a full answer must have (not in an aside, not shown by the question)."""
        return [i for i, unit in enumerate(self.units) if not unit.optional]

    def matched_required(self) -> list[int]:
        """The required units the learner typed."""
        return [i for i in self.required if i in self.matched]

    def matched_asides(self) -> list[int]:
        """Optional units the learner used anyway (an aside, a word of the question): evidence too."""
        return [i for i, unit in enumerate(self.units) if unit.optional and i in self.matched]

    def matched_parentheses(self) -> list[int]:
        """Asides proper the learner used (not words merely repeated from the question)."""
        return [i for i, unit in enumerate(self.units) if unit.aside and not unit.given and i in self.matched]

    @property
    def recall(self) -> float:
        # Words repeated from the question count only beside a word of the answer itself.
        optional = self.matched_asides() if self.matched_required() else self.matched_parentheses()
        evidence = len(self.matched_required()) + len(optional)
        total = len(self.required) + len(optional)
        return evidence / total if total else 0.0

    @property
    def precision(self) -> float:
        if not self.typed:
            return 0.0
        return 1.0 - len(self.extras) / len(self.typed)

    def missing(self) -> list[str]:
        """The required key words the learner left out, as the reason names them."""
        return [self.units[i].words[0] for i in self.required if i not in self.matched]


def join_compounds(typed: list[Unit], expected_words: set[str], expected_pairs: set[str]) -> list[Unit]:
    """Typed words run together or split where the answer has them apart or together."""
    out: list[Unit] = []
    index = 0
    while index < len(typed):
        unit = typed[index]
        word = unit.words[0]
        if index + 1 < len(typed) and word + typed[index + 1].words[0] in expected_words and word not in expected_words:
            out.append(Unit(words=(word + typed[index + 1].words[0],), position=unit.position, clause=unit.clause,
                            item=unit.item, aside=unit.aside, negated=unit.negated, key=True))
            index += 2
            continue
        if word in expected_pairs and word not in expected_words:
            for part in expected_pairs_split(word, expected_words):
                out.append(Unit(words=(part,), position=unit.position, clause=unit.clause, item=unit.item,
                                aside=unit.aside, negated=unit.negated, key=True))
            index += 1
            continue
        out.append(unit)
        index += 1
    return out


def expand_acronyms(typed: list[Unit], expected_units: list[Unit]) -> list[Unit]:
    """``network file system`` typed for ``NFS``, or ``cli`` for ``command-line interface``."""
    expected_words = [unit.words[0] for unit in expected_units if unit.key]
    typed_words = [unit.words[0] for unit in typed]
    out = list(typed)
    for size in (4, 3, 2):
        for start in range(len(typed_words) - size + 1):
            initials = "".join(word[0] for word in typed_words[start : start + size])
            if initials in expected_words and initials not in typed_words:
                unit = typed[start]
                out.append(dataclasses.replace(unit, words=(initials,)))
                # The spelled-out words stand for the acronym; those the answer also has stay.
                for spelled in typed[start : start + size]:
                    if spelled.words[0] not in expected_words and spelled in out:
                        out.remove(spelled)
    for unit in typed:
        word = unit.words[0]
        if not 2 <= len(word) <= 5 or not word.isalpha() or word in expected_words:
            continue
        for start in range(len(expected_words) - len(word) + 1):
            run = expected_words[start : start + len(word)]
            if "".join(w[0] for w in run) == word:
                out.remove(unit)
                out.extend(dataclasses.replace(unit, words=(w,)) for w in run)
                break
    return out


def expected_pairs_split(word: str, expected_words: set[str]) -> list[str]:
    """A typed word cut where it joins two of the answer's words (``filesystem``: file, system)."""
    for cut in range(2, len(word) - 1):
        if word[:cut] in expected_words and word[cut:] in expected_words:
            return [word[:cut], word[cut:]]
    return [word]


class _Index:
    """Typed words, indexed for exact and stem look-ups (long answers would be quadratic otherwise)."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = list(words)
        self.exact: dict[str, list[int]] = {}
        self.stems: dict[str, list[int]] = {}
        for position, word in enumerate(self.words):
            self.exact.setdefault(word, []).append(position)
            for word_stem in stems_of(word):
                self.stems.setdefault(word_stem, []).append(position)

    def candidates(self, expected: str, quality: str) -> list[int]:
        if quality == "exact":
            return self.exact.get(expected, [])
        if quality == "stem":
            positions = sorted({p for word_stem in stems_of(expected) for p in self.stems.get(word_stem, [])})
            return [p for p in positions if digits(self.words[p]) == digits(expected)]
        if quality == "typo":
            allowance = typo_allowance(expected)
            if not allowance:
                return []
            found = process.extract(expected, self.words, scorer=OSA.distance, score_cutoff=allowance, limit=8)
            return [p for _choice, _distance, p in found if word_match(typed=self.words[p], expected=expected)]
        return [p for p, word in enumerate(self.words) if word_match(typed=word, expected=expected) == quality]


def read_keys(*, typed_units: list[Unit], expected_units: list[Unit]) -> KeyReading:
    """Match typed key words to the expected key units one to one, best kind of match first."""
    units = sorted({unit.words: unit for unit in reversed(expected_units) if unit.key}.values(),
                   key=lambda unit: unit.position)
    if units and all(unit.optional for unit in units):
        # Nothing left to ask once the question's words are set aside: ask for them after all.
        units = [dataclasses.replace(unit, given=False) for unit in units]
    if units and all(unit.optional for unit in units):
        units = [dataclasses.replace(unit, aside=False) for unit in units]
    expected_words = {word for unit in expected_units for word in unit.words}
    pairs = {
        a.words[0] + b.words[0] for a, b in zip(expected_units, expected_units[1:], strict=False)
    }
    typed = expand_acronyms(join_compounds([u for u in typed_units if u.key], expected_words, pairs), expected_units)
    reading = KeyReading(units=units, typed=typed)
    index = _Index([unit.words[0] for unit in typed])
    used: set[int] = set()
    for quality in _QUALITIES:
        for number, unit in enumerate(units):
            if number in reading.matched:
                continue
            for alternative in unit.words:
                free = [p for p in index.candidates(alternative, quality) if p not in used]
                if free:
                    reading.matched[number] = (free[0], quality)
                    used.add(free[0])
                    break
    # "not as fast" for "slower": a negated typed word meets the card's word it is the opposite of.
    for number, unit in enumerate(units):
        if number in reading.matched or unit.negated:
            continue
        for position, candidate in enumerate(typed):
            if position not in used and candidate.negated and any(
                negated_opposite(candidate.words[0], alternative) for alternative in unit.words
            ):
                reading.matched[number] = (position, "synonym")
                used.add(position)
                break
    all_expected = [word for unit in expected_units for word in unit.words]
    for position, unit in enumerate(typed):
        if position in used or unit.negated:  # "not just running ones" adds no claim to check
            continue
        word = unit.words[0]
        if not any(word_match(typed=word, expected=other) for other in all_expected):
            reading.extras.append(word)
    return reading


@dataclass(frozen=True)
class KeyGrade:
    """The key-word reading's grade, the reason shown for it, and a closeness score (F1) for ties."""

    grade: int
    reason: str
    score: float


def grade_keys(
    reading: KeyReading, *, first_clause: list[int], first_sentence: bool, term: bool, imperative: bool = False
) -> KeyGrade:
    """The key-word grade of a reading (the table in the module docstring).

    `first_clause` holds the units of the answer's first clause (empty when that rule does not apply:
    steps and lists), `first_sentence` whether that clause is a whole sentence ("Use tags."), `term`
    whether the answer is a term of a few words, `imperative` whether it says what to do ("Add Linux
    capabilities", a flag's description): there the first word is the verb, and a verb said another
    way with the rest of the answer there ("grant extra Linux capabilities") is no other term.
    """
    required = reading.required
    if not reading.units or (not required and not reading.matched):
        return KeyGrade(1, "wrong: no key words in common", 0.0)
    matched = reading.matched_required()
    recall, precision = reading.recall, reading.precision
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    typo_matched = sum(1 for i in matched if reading.matched[i][1] == "typo")
    typos_ok = typo_matched <= max(1, len(required) // 4)
    extras, missing = reading.extras, reading.missing()
    count = f"{len(matched)} of {len(required)}"
    if len(required) <= 2:
        grade, reason = _short_grade(reading, typos_ok=typos_ok)
        return KeyGrade(grade, reason, f1)
    clause_done = bool(first_clause) and all(i in reading.matched for i in first_clause)
    verb_only = imperative and missing == [reading.units[required[0]].words[0]] and len(matched) >= 2
    if extras and missing and term and not verb_only:
        # "stratified random sample" for "simple random sample": in a short answer a word swapped is wrong.
        grade, reason = 2, f"a different word: {extras[0]!r} where the answer has {missing[0]!r}"
        return KeyGrade(grade, reason, f1)
    if recall >= 0.8 and precision >= 0.6 and typos_ok:
        grade, reason = 4, f"all the key words ({count})" if recall == 1 else f"nearly all the key words ({count})"
    elif clause_done and len(first_clause) >= 2 and precision >= 0.5 and typos_ok:
        grade, reason = 4, f"the main point: the first part of the answer ({count} key words)"
    elif recall >= 0.4 and precision >= 0.4:
        grade, reason = 3, f"the gist: {count} key words"
    elif recall == 1:
        grade, reason = 3, f"all the key words ({count}), among many others"
    elif not extras and matched and (
        recall > 0.25 or _run_of_two(reading) or matched[0] == required[0] or (clause_done and first_sentence)
    ):
        grade, reason = 3, f"part of it, nothing wrong: {count} key words"
    elif not matched and reading.matched_parentheses():
        grade, reason = 2, "only the part in parentheses"
    elif recall >= 0.25:
        grade, reason = 2, f"partly right: {count} key words"
    else:
        grade, reason = 1, f"wrong: only {count} key words" if matched else "wrong: no key words in common"
    if grade >= 2:
        if missing:
            reason += f"; missing: {', '.join(missing[:4])}"
        elif extras:
            reason += f"; extra: {', '.join(extras[:4])}"
    return KeyGrade(grade, reason, f1)


def _run_of_two(reading: KeyReading) -> bool:
    """Two key words typed side by side that stand side by side in the answer (a phrase of it)."""
    by_typed = sorted((t, reading.units[u].position) for u, (t, _how) in reading.matched.items())
    return any(
        b[0] == a[0] + 1 and 0 < b[1] - a[1] <= 2 for a, b in zip(by_typed, by_typed[1:], strict=False)
    )


def _short_grade(reading: KeyReading, *, typos_ok: bool) -> tuple[int, str]:
    """Answers of one or two key words are strict: "Docker" is not "Docker Hub"."""
    required = reading.required
    matched = reading.matched_required()
    extras, missing = reading.extras, reading.missing()
    asides = reading.matched_parentheses()
    if len(matched) == len(required) and required:
        if extras:
            return 3, f"right, with extra words: {', '.join(extras[:4])}"
        if not typos_ok:
            return 3, "the right key words, misspelled"
        return 4, "the right key words"
    if matched and not extras:
        if matched == [required[-1]]:
            return 3, f"the main word, without: {', '.join(missing)}"
        if asides or len(reading.units) > len(required):
            return 3, f"part of it, nothing wrong; missing: {', '.join(missing)}"
    if matched:
        return 2, f"partly right: missing {', '.join(missing)}"
    if asides:
        if not extras:
            return 3, "the words in parentheses, which say it another way"
        return 2, "only the part in parentheses"
    return 1, "wrong: no key words in common"
