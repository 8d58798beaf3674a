"""The prose checker: typed definitions, answers, cloze words, steps and flag descriptions.

Words are compared, so punctuation never matters. It is an engine of its own, sharing only the verdict
and text helpers with the shell-aware checker. The best of two readings wins, then checks on meaning
cap it:

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
4/3/2  key words: the table in `prose_keys` (synonyms, stems, abbreviations; words the question
       already shows need not be repeated; steps whose key words come out of order lose a grade)
<= 2   a "not" that contradicts the answer (the meaning is reversed), key words swapped across a
       relation ("Poland invades Germany"), or a number or a symbol (``#`` where the answer has a
       ``%``) the answer does not have;
<= 1   a word that is the opposite of the answer's (``attached`` for ``detached``): `prose_meaning`
1      nothing of the above: wrong
=====  ==========================================================================================

Some answers hold several acceptable ones, each graded and the best kept: a cloze card's hidden words
(found by laying the front, with its ``[...]``, over the back), senses separated by ";" when each is a
few words ("demon; seductive": one sense is a 4), "X, otherwise known as Y" (either name), the answer
with a parenthesised aside in place of the words it restates ("Run in detached mode (in the
background)": "Run in the background", a 4), and at most a 3 and only with no other word typed: one
line of a two-line answer (half of it) and the clause an answer concludes with ("..., so they are
both called fluids").

Digits are never typos (``42`` vs ``43`` is wrong), and nothing under 4 characters is typo-tolerant.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from flashcards.core.answers.prose_keys import KeyReading, grade_keys, read_keys, typo_allowance
from flashcards.core.answers.prose_meaning import negation_reversed, opposite_words, order_reversed
from flashcards.core.answers.prose_text import (
    LIST_MARKER,
    SYMBOL_RE,
    Unit,
    clean_prose,
    front_stems,
    is_short,
    read_units,
    words_of,
)
from flashcards.core.answers.text import digits, quote
from flashcards.core.answers.verdict import Verdict, make_verdict
from flashcards.core.vocabulary import PASS_GRADE as PASSING_GRADE
from flashcards.core.vocabulary import Kind

# "X, otherwise known as Y": either name is the answer.
_ALSO_KNOWN = re.compile(r",?\s*\b(?:otherwise known as|also known as|also called|a\.?k\.?a\.?)\s+", re.IGNORECASE)
_FRONT_LENDS_WORDS = frozenset(
    {Kind.DEFINITION, Kind.DEFINITION_REVERSE, Kind.QA, Kind.CLOZE, Kind.STEPS}
)
_BLANK = re.compile(r"\[[^\]]*\]|_{3,}")
_MAX_SENSE_WORDS = 3
_SENSE_CAP = 4  # one sense of several (or one sentence of several) is right, not perfect
_FIRST_SENTENCE = re.compile(r"^[^,;:]+?[a-z0-9][.!?]\s")  # "use tags. you can ..."
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]])[.!?](?:\s+|$)|;\s+")
_MIN_SENTENCE_KEYS = 3
_PART_CAP = 3  # one line of a two-line answer: half of it, right with difficulty
_HALVES = 2
_LINE_LABEL = "one line of the answer"
_CONCLUSION_LABEL = "the conclusion of the answer"
_CONCLUSION = re.compile(r"[,;]\s*(?:and\s+)?(?:so|therefore|thus|hence|which is why|that is why)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class _ProseResult:
    grade: int
    reason: str
    score: float
    specific: bool = True  # spelling reasons ("one typo: ...") beat key-word ones at the same grade
    meaning: bool = False  # capped because it says something else: no other reading may lift it
    extras: bool = False  # typed key words that meet nothing in this answer


def check_prose(*, typed: str, expected: str, kind: str, front: str = "") -> Verdict:
    """Grade typed prose against the expected text: the best over the acceptable answers it holds.

    Both sides arrive cleaned by `text.clean_input`; `front` (the question) is optional: with it, words
    the question shows need not be repeated and a cloze card's hidden words are known.
    """
    best: _ProseResult | None = None
    for number, (target, cap, target_front, label) in enumerate(_targets(expected, kind=kind, front=front)):
        result = _grade_one(typed=typed, expected=target, kind=kind, front=target_front)
        if label in (_LINE_LABEL, _CONCLUSION_LABEL) and result.extras:
            continue  # words beyond the line: not "half the answer, nothing else"
        if number == 0 and result.meaning:
            return make_verdict(grade=result.grade, reason=result.reason, score=result.score)
        if result.grade > cap:
            result = _ProseResult(grade=cap, reason=f"{label}: {quote(target)}", score=result.score)
        if best is None or (result.grade, result.specific, result.score) > (best.grade, best.specific, best.score):
            best = result
    assert best is not None
    return make_verdict(grade=best.grade, reason=best.reason, score=best.score)


def _targets(expected: str, *, kind: str, front: str) -> list[tuple[str, int, str, str]]:
    """The acceptable answers an expected text holds: (text, best grade it may give, front, label)."""
    targets = [(expected, 5, front, "")]
    if kind == Kind.CLOZE and front:
        hidden = _cloze_hidden(front=front, back=expected)
        if hidden:
            targets.append((hidden, 5, "", ""))
    parts = [part.strip() for part in expected.split(";")]
    if len(parts) > 1 and all(0 < len(words_of(clean_prose(part))) <= _MAX_SENSE_WORDS for part in parts):
        targets.extend((part, _SENSE_CAP, front, "one of the meanings given") for part in parts)
    names = [part.strip(" .") for part in _ALSO_KNOWN.split(expected)]
    if len(names) == 2 and all(names):
        targets.extend((name, 5, front, "") for name in names)
    lines = [LIST_MARKER.sub("", line).strip() for line in expected.splitlines() if line.strip()]
    if len(lines) == _HALVES:
        # "Files: cat / Folders: ls": one line of two is half the answer, right with difficulty (only
        # with nothing else typed: `check_prose` drops the reading when words of the other line came too).
        targets.extend((line, _PART_CAP, front, _LINE_LABEL) for line in lines)
    targets.extend((text, _SENSE_CAP, front, "the words in parentheses say it another way") for text in _restated(expected))
    conclusion = _CONCLUSION.split(expected, maxsplit=1)
    if len(conclusion) == _HALVES and conclusion[0].strip() and conclusion[1].strip():
        # "..., so they are both called fluids": the clause the answer concludes with states its point.
        targets.append((conclusion[1].strip(), _PART_CAP, front, _CONCLUSION_LABEL))
    sentences = [part.strip() for part in _SENTENCE_END.split(expected) if part.strip()]
    if len(sentences) > 1 and kind != Kind.STEPS:
        for sentence in sentences:
            keys = [u for u in read_units(clean_prose(sentence)) if u.key and not u.aside]
            if len(keys) >= _MIN_SENTENCE_KEYS and not sentence.casefold().startswith("see also"):
                targets.append((sentence, _SENSE_CAP, front, "one sentence of the answer"))
    return targets


_PREPOSITIONS = frozenset("in on at by with from to of for into through over under".split())  # noqa: SIM905
_ASIDE = re.compile(r"(?<=\s)\(([^()]+)\)")
# Asides that add rather than restate: an analogy, examples, a condition, a contrast, a date, a reference.
_NOT_A_RESTATEMENT = re.compile(
    r"^\s*(?:~|e\.?g\.?|for example|for instance|such as|like|see|vs\.?|versus|unlike|not|as of|if|unless|"
    r"usually|often|optional|\d)", re.IGNORECASE
)


def _restated(expected: str) -> list[str]:
    """The answer with its one parenthesised aside in place of the words it restates, in each reading.

    "Run in detached mode (in the background)": the aside says "in detached mode" another way, so
    "Run in the background" is the same answer. Which words it stands for is not known, so each
    reading is tried (the best one wins): the phrase that starts with the aside's own first word
    ("in ... (in ...)"), the phrase since the last preposition ("at a low rate (slowly)"), the one
    word before it ("external (host) port"). Analogies, examples, conditions, contrasts and dates
    ("(~ Class)", "(e.g. ...)", "(if ...)", "(vs ...)", "(as of 0.7)") add something instead and are
    left as they are, and so is an aside that restates the whole answer (`prose_keys` reads that).
    """
    asides = list(_ASIDE.finditer(expected))
    if len(asides) != 1 or _NOT_A_RESTATEMENT.match(asides[0].group(1)):
        return []
    aside = asides[0]
    before = expected[: aside.start()].rstrip()
    clause_start = max(before.rfind(mark) for mark in ",;:.") + 1
    head, clause = before[:clause_start], before[clause_start:].split()
    first = aside.group(1).split()[0].casefold()
    cuts = {len(clause) - 1}
    for words in ({first}, _PREPOSITIONS):
        found = [i for i, word in enumerate(clause) if word.casefold() in words and i < len(clause) - 1]
        if found:
            cuts.add(found[-1])
    readings = []
    for cut in sorted(cuts):
        kept = (head + " " + " ".join(clause[:cut])).strip()
        if kept:
            readings.append(f"{kept} {aside.group(1).strip()}{expected[aside.end():]}")
    return readings


def _cloze_hidden(*, front: str, back: str) -> str:
    """The words a cloze front hides: lay the front, blanks as wildcards, over the back."""
    pieces = _BLANK.split(" ".join(front.split()))
    if len(pieces) < 2:
        return ""
    pattern = "(.+?)".join(r"\s*".join(re.escape(word) for word in piece.split()) for piece in pieces)
    match = re.fullmatch(r"\s*" + pattern + r"\s*", " ".join(back.split()), flags=re.IGNORECASE | re.DOTALL)
    if not match:
        return ""
    return " ".join(group.strip() for group in match.groups())


def _grade_one(*, typed: str, expected: str, kind: str, front: str) -> _ProseResult:
    """One acceptable answer: the best of the spelling and key-word readings, capped by its meaning."""
    typed_clean = clean_prose(typed)
    expected_clean = clean_prose(expected)
    typed_words = words_of(typed_clean)
    # A question in prose (a term, a definition, a question) lends its words; one in code does not.
    given = front_stems(front) if front and kind in _FRONT_LENDS_WORDS else frozenset()
    expected_units = read_units(expected_clean, front_stems=given)
    full_words = [word for unit in expected_units for word in unit.words]
    required_words = [word for unit in expected_units if not unit.aside for word in unit.words]
    if not full_words:
        # Nothing word-like to compare (the back is only symbols): only the cleaned text can match.
        if typed_clean == expected_clean:
            return _ProseResult(grade=5, reason="same answer (formatting ignored)", score=1.0)
        return _ProseResult(grade=1, reason="does not match", score=0.0)
    if typed_clean == expected_clean:
        return _ProseResult(grade=5, reason="exact match (ignoring case and formatting)", score=1.0)
    if not typed_words:
        return _ProseResult(grade=1, reason="no words to compare", score=0.0)

    candidates: list[_ProseResult] = []
    spelling_targets = [full_words] if required_words == full_words else [full_words, required_words]
    for target in spelling_targets:
        if target:
            candidates.extend(
                _spelling_result(
                    typed_words=typed_words, expected_words=target, kind=kind, has_optional=target is not full_words
                )
            )
    typed_units = read_units(typed_clean, short=is_short(expected_clean))
    reading = read_keys(typed_units=typed_units, expected_units=expected_units)
    candidates.append(
        _key_word_result(reading, expected=expected, expected_units=expected_units, kind=kind, front=front)
    )
    best = max(candidates, key=lambda r: (r.grade, r.specific, r.score))
    return _meaning_caps(best, typed_units=typed_units, expected_units=expected_units, reading=reading, kind=kind,
                         typed_words=typed_words, expected_words=full_words)


def _key_word_result(
    reading: KeyReading, *, expected: str, expected_units: list[Unit], kind: str, front: str = ""
) -> _ProseResult:
    required = [unit for unit in reading.units if not unit.optional]
    # The first-clause rule reads a sentence, not a list: steps and lines are items of equal weight.
    listed = kind == Kind.STEPS or "\n" in expected.strip() or len({unit.item for unit in expected_units}) > 2
    first_clause: list[int] = []
    first_sentence = False
    if required and not listed:
        clause = required[0].clause
        first_clause = [i for i, unit in enumerate(reading.units) if not unit.optional and unit.clause == clause]
        first_sentence = bool(_FIRST_SENTENCE.match(clean_prose(expected)))
    graded = grade_keys(
        reading, first_clause=first_clause, first_sentence=first_sentence, term=is_short(clean_prose(expected)),
        imperative=kind == Kind.FLAG or _verb_first(
            typed_first=reading.typed[0].words[0] if reading.typed else "", expected=expected, front=front
        ),
    )
    grade, reason = graded.grade, graded.reason
    positions = (_steps_in_typed_order(reading) if len({unit.item for unit in reading.units}) > 1
                 else [reading.matched[i][0] for i in range(len(reading.units)) if i in reading.matched])
    if kind == Kind.STEPS and grade >= PASSING_GRADE and len(positions) >= 3 and _in_order_ratio(positions) < 0.7:
        grade, reason = grade - 1, reason + ", but in a different order"
    return _ProseResult(grade=grade, reason=reason, score=graded.score, specific=False, extras=bool(reading.extras))


def _meaning_caps(
    best: _ProseResult,
    *,
    typed_units: list[Unit],
    expected_units: list[Unit],
    reading: KeyReading,
    kind: str,
    typed_words: list[str],
    expected_words: list[str],
) -> _ProseResult:
    """Cap a grade the words earned when the answer says something else (`prose_meaning`)."""
    if best.grade <= 1:
        return best
    opposite = opposite_words(typed_units, expected_units)
    if opposite is not None:
        typed_word, expected_word = opposite
        return _ProseResult(
            grade=1, reason=f"the opposite: {quote(typed_word)} where the answer says {quote(expected_word)}",
            score=best.score / 2, meaning=True,
        )
    if best.grade <= 2:
        return best
    if negation_reversed(typed_units, expected_units):
        return _ProseResult(
            grade=2, reason="the meaning is reversed (a 'not' or 'no' differs)", score=best.score / 2, meaning=True
        )
    if kind != Kind.STEPS and order_reversed(reading, typed_units, expected_units):
        return _ProseResult(
            grade=2, reason="the same words, but in an order that changes the meaning", score=best.score / 2
        )
    expected_symbols = {word for word in expected_words if SYMBOL_RE.fullmatch(word)}
    wrong_symbols = [word for word in typed_words if SYMBOL_RE.fullmatch(word) and word not in expected_symbols]
    if expected_symbols and wrong_symbols:
        # Like a number: a symbol is exact, and another one is another answer ("#" for "%").
        return _ProseResult(
            grade=2, reason=f"a symbol is wrong: {quote(wrong_symbols[0])} is not in the answer", score=best.score / 2
        )
    expected_numbers = {word for word in expected_words if digits(word)}
    wrong_numbers = [word for word in typed_words if digits(word) and word not in expected_numbers]
    if wrong_numbers:
        return _ProseResult(
            grade=2, reason=f"a number is wrong: {quote(wrong_numbers[0])} is not in the answer", score=best.score / 2
        )
    return best


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
        within = all(OSA.distance(t, e) <= typo_allowance(e) for t, e in pairs)
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




_THIRD_PERSON = re.compile(r"[a-z]{2,}[^s]s")
# A question that is code: a keyword in capitals (ENV, SELECT), a flag, or a call.
_CODE_FRONT = re.compile(r"[A-Z][A-Z0-9_]+|.*(?:(?:^|\s)--?[A-Za-z]|\w\(\)).*")


def _verb_first(*, typed_first: str, expected: str, front: str) -> bool:
    """Do both answers say what a piece of code does, opening with its verb ("sets ...", "defines ...")?

    A description of what an instruction, command or function does starts with its verb, as a
    flag's description does. Read so only when the question is code (``ENV``, ``len()``) and both
    first words have the third person's "-s" (not "-ss": "class" is a noun): on "Photosynthesis",
    "plants make food" opens with a noun, and a word swapped there is another answer.
    """
    words = words_of(clean_prose(expected))
    return (
        bool(words)
        and bool(_CODE_FRONT.fullmatch(front.strip()))
        and all(_THIRD_PERSON.fullmatch(word) for word in (words[0], typed_first))
    )


def _steps_in_typed_order(reading: KeyReading) -> list[int]:
    """The card's steps in the order the learner typed them: each typed item is the step it shares
    most key words with (on a tie, the first not before the step typed last), items meeting none left out.

    Order is judged step by step, not word by word: a word two steps share ("titrant" to rinse the
    burette with, then to add) used to be matched in the later step's place, and a right order read as
    shuffled.
    """
    shared: dict[int, Counter[int]] = {}
    for i, unit in enumerate(reading.units):
        if i in reading.matched:
            typed_item = reading.typed[reading.matched[i][0]].item
            shared.setdefault(typed_item, Counter())[unit.item] += 1
    order: list[int] = []
    for _, steps in sorted(shared.items()):
        most = max(steps.values())
        best = sorted(step for step, count in steps.items() if count == most)
        # A tie goes the learner's way: the first tied step not before the one they typed last.
        order.append(next((step for step in best if not order or step >= order[-1]), best[0]))
    return order


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
