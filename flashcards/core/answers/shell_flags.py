"""Reading a segment's words as flags, flag values and positional words.

``-aq`` is expanded to ``-a -q`` only when every letter is known as a single-letter flag (so ``-name``
stays one flag), ``-p80`` is split when ``-p`` is a known flag, ``--name=x`` is ``--name x``. Whether a
flag takes the next word as its value is not known from a spec, so `bind` reads a segment under one
guess (a set of flags that take values) and the comparison tries each consistent guess.

Separate from `shell_compare` because this is the shape of one command, with no notion of a second one
or of grades; `plausibility` only ranks readings of the expected side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from flashcards.core.answers.shell_tokens import Token
from flashcards.core.answers.text import is_one_typo


@dataclass(frozen=True)
class Flag:
    """A flag as written (``-p``, ``--name``), with its value once a reading has bound one."""

    name: str
    value: Token | None = None
    attached: bool = False  # the value came with the flag: --name=x or -p80

    @property
    def display(self) -> str:
        if self.value is None:
            return self.name
        return f"{self.name} {self.value.display}"


Element = Flag | Token  # a flag, or a word that may be a flag's value or a positional word


def _is_short(name: str) -> bool:
    return len(name) == 2 and name[0] == "-" and name[1] != "-"


def same_flag_name(a: str, b: str) -> bool:
    """Single-dash flags are case-sensitive (-p is not -P, -lhS is not -lhs); long ones are not."""
    if a.startswith("--") and b.startswith("--"):
        return a.casefold() == b.casefold()
    return a == b


def known_letters(tokens: Sequence[Token]) -> tuple[set[str], set[str]]:
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


def long_initials(tokens: Sequence[Token]) -> set[str]:
    """First letters of the long flags (``--all`` gives ``a``) in one side's tokens."""
    return {
        text[2]
        for token in tokens
        if (text := token.literal) is not None and token.is_flag and text.startswith("--") and len(text) > 2
    }


@dataclass
class Elements:
    """A segment's flags and words, with what was rewritten to get there (for the match notes)."""

    items: list[Element] = field(default_factory=list)
    clusters: list[str] = field(default_factory=list)  # raw -xyz tokens that were expanded
    equals: list[str] = field(default_factory=list)  # raw --name=x tokens
    after_end: int | None = None  # index in items where `--` ended the options


def expand(tokens: Sequence[Token], *, known: set[str], standalone: set[str]) -> Elements:
    """Turn tokens into flags and words: split ``--x=v``, expand ``-aq``, split ``-p80``."""
    result = Elements()
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
                result.items.append(Flag(name=name.display, value=value, attached=True))
                result.equals.append(text)
            else:
                result.items.append(Flag(name=text))
            continue
        letters = first[1:]
        literal = token.literal
        if literal is not None and len(letters) >= 2 and letters.isalnum() and set(letters) <= known:
            result.items.extend(Flag(name=f"-{letter}") for letter in letters)
            result.clusters.append(literal)
        elif len(first) >= 2 and first[1] in standalone and (len(token.pieces) > 1 or not letters.isalpha()):
            if len(first) == 2 and len(token.pieces) == 1:
                result.items.append(Flag(name=first))
            else:
                name, value = token.split_at(2)
                result.items.append(Flag(name=name.display, value=value, attached=True))
        else:
            result.items.append(Flag(name=text))
    return result


@dataclass(frozen=True)
class Shape:
    """A segment read under one interpretation of which flags take values."""

    flags: tuple[Flag, ...]
    words: tuple[Token, ...]


def bind(elements: Elements, *, takes_value: frozenset[str]) -> Shape:
    """Read the elements under one guess: each flag in `takes_value` takes the word after it (not past ``--``)."""
    flags: list[Flag] = []
    words: list[Token] = []
    items = elements.items
    index = 0
    while index < len(items):
        item = items[index]
        after_end = elements.after_end is not None and index >= elements.after_end
        if isinstance(item, Flag) and not after_end:
            if item.value is None and item.name in takes_value and index + 1 < len(items):
                following = items[index + 1]
                following_after_end = elements.after_end is not None and index + 1 >= elements.after_end
                if isinstance(following, Token) and not following_after_end:
                    flags.append(Flag(name=item.name, value=following))
                    index += 2
                    continue
            flags.append(item)
        elif isinstance(item, Token):
            words.append(item)
        else:
            words.append(Token(pieces=(item.display,)))
        index += 1
    return Shape(flags=tuple(flags), words=tuple(words))


def value_candidates(elements: Elements) -> set[str]:
    """Flags directly followed by a word: each might take that word as its value."""
    names: set[str] = set()
    for index, item in enumerate(elements.items[:-1]):
        if elements.after_end is not None and index + 1 >= elements.after_end:
            break
        if isinstance(item, Flag) and item.value is None and isinstance(elements.items[index + 1], Token):
            names.add(item.name)
    return names


def plausibility(shape: Shape) -> int:
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


def drop_command_prefix(*, expected: Elements, typed: Elements) -> list[Element]:
    """A reverse flag card answered as "docker run -d": keep the flags, drop the leading words."""
    items = typed.items
    if (
        not expected.items
        or not isinstance(expected.items[0], Flag)
        or not items
        or isinstance(items[0], Flag)
    ):
        return []
    first_flag = next((index for index, item in enumerate(items) if isinstance(item, Flag)), None)
    if first_flag is None:
        return []
    dropped = items[:first_flag]
    typed.items = items[first_flag:]
    if typed.after_end is not None:
        typed.after_end = max(0, typed.after_end - first_flag)
    return dropped


def near_flag(expected: str, typed: str, *, spelled: bool = False) -> tuple[int, str] | None:
    """How nearly a typed flag names the expected one: (cap, reason), or None for another flag.

    Long names usually spell out the short letter (``--detach`` for ``-d``, ``--publish-all`` for
    ``-P``), but not always, so that is a 4, and a short letter for a long name a 3; a long name may be
    abbreviated
    (``--net`` for ``--network``: a 4, as getopt accepts it) but a name that stops where the other
    goes on after a dash (``--memory`` for ``--memory-swap``) is another flag. When the card spells
    out the long names itself (`spelled`: "`-d` or `--detach`"), no other long name is guessed.
    """
    e_bare, t_bare = expected.lstrip("-"), typed.lstrip("-")
    e_long, t_long = expected.startswith("--"), typed.startswith("--")
    if e_bare.casefold() == t_bare.casefold() and len(e_bare) > 1 and e_long != t_long:
        return 3, f"{typed} should be written {expected}"
    if e_long and t_long and is_one_typo(typed=t_bare.casefold(), expected=e_bare.casefold()):
        return 3, f"typo in a flag: {typed} instead of {expected}"
    for short, long_name, short_bare, long_bare in ((expected, typed, e_bare, t_bare), (typed, expected, t_bare, e_bare)):
        if not spelled and len(short) == 2 and not short.startswith("--") and long_name.startswith("--") and long_bare:
            if long_bare[0].casefold() != short_bare.casefold():
                continue
            if short is expected:
                # -P is --publish-all and -R --recursive: a capital short letter starts a long name too.
                return 4, f"{typed} is likely the long name of {expected} (the card writes {expected})"
            # The card's long name is known; a short letter for it is a guess at the short form.
            return 3, f"{typed} may be the short form of {expected} (the card writes {expected})"
    if e_long and t_long and len(t_bare) >= 3:
        if e_bare.startswith(t_bare) and e_bare[len(t_bare)] != "-":
            return 4, f"{typed} abbreviates {expected}"
        if t_bare.startswith(e_bare):
            return 3, f"{typed} for {expected}: the flag is {expected}"
    return None


def nested_cluster_letters(expected: Sequence[Token], typed: Sequence[Token]) -> set[str]:
    """Letters of two clusters one of which holds the other (``-la`` and ``-lah``): read both letter by letter."""

    def clusters(tokens: Sequence[Token]) -> list[set[str]]:
        return [
            set(text[1:])
            for token in tokens
            if (text := token.literal) is not None and token.is_flag and not text.startswith("--")
            and len(text) > 2 and text[1:].isalnum()
        ]

    letters: set[str] = set()
    for e in clusters(expected):
        for t in clusters(typed):
            if e <= t or t <= e:
                letters |= e | t
    return letters
