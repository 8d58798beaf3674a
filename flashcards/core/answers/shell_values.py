"""Which differences between two commands are choices or slips rather than mistakes.

A card's command holds example values (``EXPOSE 5000``) and modifier flags (``-h`` in ``ls -lah``)
next to what its question asks for; a learner who changes the first or leaves out one of the second
recalled the command (issue 14: failing them makes learners stop trusting typed answers). Separate from
`shell_compare` because these are judgements about what a word or flag *is*, not about matching.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import OSA

from flashcards.core.answers.shell_diff import Diff, Issue, TokenMatch
from flashcards.core.answers.shell_flags import Flag
from flashcards.core.answers.shell_tokens import Slot, Token, canonical
from flashcards.core.answers.text import quote


def short_swap(*, typed: str, expected: str) -> bool:
    """Two neighbouring letters swapped in a short word (``sp`` for ``ps``): a slip of the fingers.

    Only in commands: `is_one_typo` leaves words under four letters alone because in prose a short
    word's neighbour is another word ("no" and "on"), but a command word is not read for its meaning.
    Only a swap, and only of letters: ``rmi`` for ``rm`` is another command.
    """
    return (
        2 <= len(expected) <= 3
        and typed != expected
        and expected.isalpha()
        and sorted(typed) == sorted(expected)
        and OSA.distance(typed, expected, score_cutoff=1) == 1
    )


# Of what a segment asks for beyond its program, the share that must be there for one left-out flag
# to be "right with difficulty" (a 3) rather than wrong: two of three.
_MODIFIER_SHARE = 2 / 3


def modifier_left_out(
    flag: Flag, *, units: int, front: str, flags: Sequence[Flag] = (), context_units: int = 0
) -> str:
    """Is this one missing flag a modifier a teacher forgives (``ls -la`` for ``ls -lah``)? Why, or "".

    Issue 14: "the right command with one modifier flag missing" is right with difficulty, and failing
    it makes learners stop trusting typed answers. A flag is taken for a modifier when most of the
    segment is there without it (``docker ps`` for ``docker ps -a`` is not: the flag is half of what
    was asked), it has no fixed value of its own (``-f status=exited`` says *what*, so it is the
    point), and the card's question does not name it: a short flag whose letter starts a word of the
    question, or a long flag a word of whose name starts one, may be what the question asks for
    (``-S`` when the question says "by size"), so it stays a wrong answer. Two readings of the
    question forgive even a named flag: the question calls it optional ("an optional tag name with
    -t"), or it names three or more of the segment's flags, so it asks for a list of things and one
    item of three is missing (``ls -la`` for ``ls -lah`` asked as "all files ... long format ...
    human-readable sizes"); where it names one or two, each is the point. Without the question
    nothing is forgiven, and never inside ``$(...)``: a subshell's output is another command's input
    (``docker ps -q`` gives the IDs ``docker rm`` needs), so its flags shape data, not a view of it.

    `context_units`: what the rest of a pipeline asks for, when this segment feeds a later one
    (``ls -1`` in ``ls -1 | wc -l``): the segment is small, the command the learner recalled is not.
    """
    if not front.strip():
        return ""
    if not flag.name.startswith("--") and len(flag.name) != 2:
        return ""  # a cluster left out (-it) is two flags or more
    if flag.value is not None and not flag.value.required_slot:
        return ""
    if called_optional(flag.name, front):
        return "the question calls it optional"
    units += context_units
    if units < 2 or (units - 1) / units < _MODIFIER_SHARE:
        return ""
    if not _named_in(flag.name, front):
        return "the question does not ask for it"
    named = [other for other in flags if _named_in(other.name, front)]
    if len(named) >= _NAMED_LIST:
        return f"one of the {len(named)} things the question asks for"
    return ""


def pipeline_context(segments: Sequence[Sequence[Token]], operators: Sequence[str]) -> list[int]:
    """For each segment, how many words the segments it pipes into hold (0 for the last, or after ``&&``).

    The last segment of a pipeline makes what the question asks for (``wc -l`` counts); a segment
    before it only feeds it, so one of its modifiers left out is judged against the whole pipeline.
    """
    sizes = [len(segment) for segment in segments]
    context = [0] * len(segments)
    for number in range(len(segments) - 2, -1, -1):
        if number < len(operators) and operators[number] == "|":
            context[number] = sizes[number + 1] + context[number + 1]
    return context


# A question that names this many of a segment's flags asks for a list of them.
_NAMED_LIST = 3
_CLAUSE_BREAK = re.compile(r"[,;:.()]\s|\s(?:and|but|or|then)\s")
_OPTIONAL = re.compile(r"\b(?:optional|optionally|if needed|if wanted|if you like)\b", re.IGNORECASE)


def called_optional(name: str, front: str) -> bool:
    """Does the question itself say the flag may be left out ("taking an optional tag with -t")?

    Read clause by clause: "optional" must stand in the clause that writes the flag, so an optional
    thing elsewhere in the question forgives nothing.
    """
    flags = re.IGNORECASE if name.startswith("--") else 0  # single-letter flags keep their case
    pattern = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", flags)
    return any(
        pattern.search(clause) and _OPTIONAL.search(clause)
        for clause in _CLAUSE_BREAK.split(" " + front + " ")
    )


# Words of a question that name nothing (articles, prepositions, linking words); "all" and "only" are
# kept, since they are what flags like -a say.
_UNNAMING = frozenset(
    "a an the to of for and or is are was be in on at by with from that which it its as into this".split()  # noqa: SIM905
)


def _named_in(name: str, front: str) -> bool:
    words = [word for word in re.findall(r"[a-z0-9]+", front.casefold()) if word not in _UNNAMING]
    bare = name.lstrip("-")
    if not name.startswith("--"):
        letter = bare.casefold()
        return any(word.startswith(letter) for word in words)
    parts = [part for part in bare.casefold().split("-") if len(part) >= 3]
    return any(word.startswith(part) or (len(word) >= 4 and part.startswith(word)) for part in parts for word in words)


_NUMBER = re.compile(r"\d+")


def value_shape(text: str) -> str:
    """What sort of value a word is, when it is one a learner chooses: a number, a path, a file name."""
    if _NUMBER.fullmatch(text):
        return "number"
    if text in (".", "..") or "/" in text.strip("/") or text.startswith(("/", "./", "~/")):
        return "path"
    stem, dot, extension = text.partition(".")
    if stem and dot and re.fullmatch(r"[a-z0-9]+(?:\.[a-z0-9]+)*", extension):
        return "file:" + extension
    return ""


def lone_value_left_out(token: Token, *, units: int) -> bool:
    """One value (a number, a path, a file) left out where most of the segment is there.

    ``docker build -t myapp`` for ``docker build -t <tag_name> .``: the command was recalled, its
    directory forgotten, so right with difficulty. Where the value is half of what was asked
    (``COPY .`` for ``COPY . .``) it stays wrong, by the same share as a left-out modifier flag.
    """
    text = token.literal
    return (
        text is not None
        and bool(value_shape(bare_word(text)))
        and units >= 2
        and (units - 1) / units >= _MODIFIER_SHARE
    )


_GLOB = re.compile(r"[*?]|\[[^\]]+\]")


def path_value_left_out(value: Token) -> bool:
    """A flag typed without its value where that value is a path or a glob (``ls -d`` for ``ls -d */``).

    A path operand is a choice of where the command works (most commands work in the current
    directory without one), like `another_value`: the flag, which is what was asked, is there, so
    right with difficulty. Other values (``-f status=exited``, ``--name web``) say what the flag
    does and stay wrong when left out.
    """
    text = value.literal
    if text is None or text.startswith("-") or "=" in text:
        return False
    return value_shape(bare_word(text)) == "path" or value_shape(text) == "path" or bool(_GLOB.search(text))


def partly_fills(*, expected: Token, typed: Token) -> bool:
    """``80`` for ``<external_port>:<internal_port>``: one placeholder of a joined pair filled.

    The learner knew the flag and what its value is for, and forgot the value's shape: a 3, not a
    wrong value. Only for values made of placeholders joined by punctuation.
    """
    text = typed.literal
    slots = [piece for piece in expected.pieces if isinstance(piece, Slot)]
    joins = [piece for piece in expected.pieces if isinstance(piece, str)]
    return (
        bool(text)
        and text is not None
        and len(slots) >= 2
        and len(slots) + len(joins) == len(expected.pieces)
        and all(join.strip() and not any(ch.isalnum() for ch in join) for join in joins)
        and not any(join in text for join in joins)
    )


def bare_word(word: str) -> str:
    return word.casefold().rstrip("/") if len(word) > 1 else word


def another_value(*, expected: str, typed: str) -> bool:
    """A number for a number, a path for a path, a file for a file of the same type (``EXPOSE 8080``
    for ``EXPOSE 5000``, ``WORKDIR /app`` for ``WORKDIR /usr/src/app``): the card's value is an
    example of a choice, so another one is right with difficulty (a 3), not a wrong word; the
    command around it is what was asked. Words (``rm`` for ``rmi``) and options (``image=`` for
    ``ancestor=``) are never values here.
    """
    exp_text, typ_text = expected, typed
    if exp_text.startswith("-") or typ_text.startswith("-") or "=" in exp_text + typ_text:
        return False
    shape = value_shape(exp_text)
    return bool(shape) and shape == value_shape(typ_text)


def word_issue(diff: Diff, *, expected: Token, typed: Token, match: TokenMatch, position: int) -> None:
    """Record how one aligned typed word differs from the card's: a typo, another value, or wrong."""
    for note in match.notes:
        diff.note(note)
    if match.cap == 5:
        if match.filled:
            if expected.optional_slot is None:  # a trailing command's arguments need no mention
                diff.note(f"{quote(typed.display)} fills {expected.display}")
        return
    if match.detail.startswith("inside"):
        diff.issues.append(Issue(cap=match.cap, text=match.detail))
        return
    what = "program" if position == 0 else "word"
    if match.detail == "typo":
        diff.issues.append(
            Issue(
                cap=3,
                text=f"one-letter typo: {quote(typed.display)} instead of {quote(expected.display)}"
                " (commands must be typed exactly)",
            )
        )
    elif (
        position > 0
        and expected.literal is not None
        and typed.literal is not None
        and another_value(expected=canonical(expected), typed=canonical(typed))
    ):
        diff.issues.append(
            Issue(
                cap=3,
                text=f"another value: {quote(typed.display)} where the card has {quote(expected.display)}",
            )
        )
    else:
        cap = 1 if position == 0 else 2
        diff.issues.append(
            Issue(
                cap=cap, text=f"wrong {what}: {quote(typed.display)} instead of {quote(expected.display)}"
            )
        )
