"""Answers that share the card's words but say the opposite: a "not" that bites, an opposite word, roles
swapped by word order.

- **negation**: a "not" (or "no", "never", "without", "n't") reaches the next few key words of its clause.
  It reverses the answer when the first word it reaches is said plainly on the other side and the other
  side negates none of the words it reaches. A "not" about something the card does not say ("a
  registry you don't host yourself", "all containers, not just running ones") changes nothing.
- **opposites**: a word typed whose opposite the card says (``attached``/``detached``,
  ``perfect``/``imperfect``), neither side saying both; negated words are left out (they were read above).
- **order**: the same key words in another order are fine when a block moved ("when it exits, remove the
  container"), list items were reordered ("Nagasaki and Hiroshima", "tuple, list, set"), or words swapped
  across only "and"/"or"; swapping two words across anything else ("Poland invades Germany", "files
  before directories") swaps their roles.

Separate from the grading: these are checks on meaning that cap whatever grade the words earned.
"""

from __future__ import annotations

from collections.abc import Sequence

from flashcards.core.answers.lexicon import COORDINATORS, negated_opposite, negates, opposites
from flashcards.core.answers.prose_keys import KeyReading, word_match
from flashcards.core.answers.prose_text import Unit

_TRANSPARENT = frozenset({"a", "an", "the"})
_MAX_ORDER_WORDS = 30


def _same(a: str, b: str) -> bool:
    return word_match(typed=a, expected=b) not in (None, "abbrev")


def _scopes(units: Sequence[Unit]) -> list[list[str]]:
    """The key words each negation reaches, in order."""
    scopes: list[list[str]] = []
    current: list[str] | None = None
    for unit in units:
        if len(unit.words) == 1 and negates(unit.words[0]):
            current = []
            scopes.append(current)
        elif unit.key and unit.negated and current is not None:
            current.append(unit.words[0])
        elif unit.key:
            current = None
    return [scope for scope in scopes if scope]


def _plain(units: Sequence[Unit], *, skip_asides: bool) -> list[str]:
    return [
        word
        for unit in units
        if unit.key and not unit.negated and not (skip_asides and unit.aside)
        for word in unit.words
    ]


def negation_reversed(typed: Sequence[Unit], expected: Sequence[Unit]) -> bool:
    """Does a "not" on one side contradict what the other side says plainly?"""
    typed_scopes, expected_scopes = _scopes(typed), _scopes(expected)
    typed_plain = _plain(typed, skip_asides=False)
    expected_plain = _plain(expected, skip_asides=True)
    typed_negated = [word for scope in typed_scopes for word in scope]
    expected_negated = [word for scope in expected_scopes for word in scope]
    for scopes, other_plain, other_negated in (
        (typed_scopes, expected_plain, expected_negated),
        (expected_scopes, typed_plain, typed_negated),
    ):
        for scope in scopes:
            if any(negated_opposite(word, other) for word in scope for other in other_plain):
                continue  # "not as fast" for "slower": the opposite, negated, says the same
            if any(_same(scope[0], word) for word in other_plain) and not any(
                _same(word, other) for word in scope for other in other_negated
            ):
                return True
    return False


def _close(a: str, b: str) -> bool:
    return word_match(typed=a, expected=b) in ("exact", "stem", "synonym")


def opposite_words(typed: Sequence[Unit], expected: Sequence[Unit]) -> tuple[str, str] | None:
    """A typed word and the card's word it is the opposite of, when the answer turns on it."""
    all_typed = [w for unit in typed for w in unit.words]
    all_expected = [w for unit in expected for w in unit.words]
    typed_words = [w for unit in typed if not unit.negated and not negates(unit.words[0]) for w in unit.words]
    expected_words = [
        w for unit in expected if not unit.negated and not unit.aside and not negates(unit.words[0]) for w in unit.words
    ]
    typed_keys = [unit.words[0] for unit in typed if unit.key]
    expected_keys = [unit.words[0] for unit in expected if unit.key]
    if typed_keys and expected_keys and opposites(typed_keys[0], expected_keys[0]):
        return typed_keys[0], expected_keys[0]  # "True, ..." for "False. ...": the verdict comes first
    for t in typed_words:
        if any(_close(t, e) for e in all_expected):
            continue
        for e in expected_words:
            if opposites(t, e) and not any(_close(other, e) for other in all_typed):
                return t, e
    return None


def order_reversed(reading: KeyReading, typed: Sequence[Unit], expected: Sequence[Unit]) -> bool:
    """Are the answer's own words in an order that swaps their roles?

    Only an answer made of the card's words is read this way (a paraphrase has its own order), and a
    pair counts as swapped only when a word standing between them in the card stands between them in
    the typed answer too: the relation kept, its two sides exchanged.
    """
    expected_words = [w for unit in expected for w in unit.words]
    typed_words = [unit.words[0] for unit in typed]
    if (
        reading.extras
        or not 3 <= len(reading.matched) <= _MAX_ORDER_WORDS
        or _passive(typed_words)
        or not all(any(_close(t, e) for e in expected_words) for t in typed_words)
    ):
        return False
    pairs = sorted((t, reading.units[u]) for u, (t, _how) in reading.matched.items())
    if len(pairs) < 3:
        return False
    seq = _positions(pairs, expected)
    if seq == sorted(seq):
        return False
    if _block_exchange([sorted(seq).index(p) for p in seq]) not in (None, (1, 1)):
        return False
    by_position = {unit.position: unit for unit in expected}
    if _items_reordered([by_position[position] for position in seq]):
        return False
    typed_at = {position: reading.typed[t].position for (t, _unit), position in zip(pairs, seq, strict=True)}

    def swapped(low: int, high: int) -> bool:
        typed_low, typed_high = sorted((typed_at[low], typed_at[high]))
        typed_between = typed_words[typed_low + 1 : typed_high]
        for position in range(low + 1, high):
            unit = by_position.get(position)
            if unit is None:
                continue
            for word in unit.words:
                if word in _TRANSPARENT or word in COORDINATORS:
                    continue
                if any(_close(t, word) for t in typed_between):
                    return True
        return False

    return any(swapped(seq[j], seq[i]) for i in range(len(seq)) for j in range(i + 1, len(seq)) if seq[i] > seq[j])


def _positions(pairs: list[tuple[int, Unit]], expected: Sequence[Unit]) -> list[int]:
    """Where each typed word stands in the card's answer: of a word said twice, the occurrence that keeps
    the typed order (the next one after the word before), so a repeated word is no false swap."""
    occurrences: dict[tuple[str, ...], list[int]] = {}
    for unit in expected:
        occurrences.setdefault(unit.words, []).append(unit.position)
    taken: set[int] = set()
    out: list[int] = []
    previous = -1
    for _t, unit in pairs:
        free = [p for p in occurrences.get(unit.words, [unit.position]) if p not in taken]
        after = [p for p in free if p > previous]
        position = (after or free or [unit.position])[0]
        taken.add(position)
        out.append(position)
        previous = position
    return out


_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})


def _passive(words: list[str]) -> bool:
    """ "A Docker image is defined by this file": the passive voice turns the order round on purpose."""
    return any(
        words[i] in _BE and words[i + 1].endswith(("ed", "en")) and "by" in words[i + 2 : i + 4]
        for i in range(len(words) - 2)
    )


def _block_exchange(ranks: list[int]) -> tuple[int, int] | None:
    """Sizes of two neighbouring blocks whose exchange turns the answer's order into the typed one."""
    m = len(ranks)
    for a in range(m):
        for b in range(a + 1, m):
            for c in range(b + 1, m + 1):
                if ranks == [*range(a), *range(b, c), *range(a, b), *range(c, m)]:
                    return b - a, c - b
    return None


def _items_reordered(units: list[Unit]) -> bool:
    """Whole list items moved, each item's words together and in their own order."""
    seen: set[int] = set()
    previous_item: int | None = None
    previous_position = -1
    for unit in units:
        if unit.item != previous_item:
            if unit.item in seen:
                return False
            seen.add(unit.item)
            previous_item, previous_position = unit.item, unit.position
            continue
        if unit.position < previous_position:
            return False
        previous_position = unit.position
    return len(seen) > 1
