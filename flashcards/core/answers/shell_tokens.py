"""Shell tokenising: one line of shell (or a Dockerfile instruction) as pipeline segments of words.

Both sides are split with `shlex` (unbalanced quotes are closed for it, or the text falls back to
whitespace splitting) and cut into pipeline segments at ``|``, ``&&``, ``||``, ``;``. Before that,
Markdown and prompts are stripped, Dockerfile exec form ``["a", "b"]`` is read as its words, and
``$(...)`` substitutions and placeholders are shielded from `shlex` so they survive as pieces of a word:

- in the expected answer ``<placeholder>`` and ``{{placeholder}}`` stand for one typed word (also inside
  a word, ``<ext>:<int>``); whitespace-delimited ``[OPTIONS]``-style slots stand for zero or more words,
  and in such a usage synopsis bare CAPS words (``IMAGE``) are placeholders too.

Separate from the comparison because reading a line is independent of what it is compared with: this
module knows nothing of flags or grades.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flashcards.core.answers.text import SENTINEL_CLOSE, SENTINEL_OPEN


@dataclass(frozen=True)
class Slot:
    """A placeholder in the expected answer: ``<name>``/``{{name}}`` (one word) or ``[OPTIONS]``."""

    text: str
    optional: bool
    rest: bool = False  # the arguments of a trailing {{command}}: any words and flags, or none

    @property
    def absorbs_flags(self) -> bool:
        upper = self.text.upper()
        return self.optional and (self.rest or "OPTION" in upper or "FLAG" in upper)


@dataclass(frozen=True)
class Sub:
    """A ``$(...)`` command substitution, compared recursively."""

    inner: str

    @property
    def canonical(self) -> str:
        return "$(" + " ".join(self.inner.split()).casefold() + ")"


Piece = str | Slot | Sub


@dataclass(frozen=True)
class Token:
    """One shell word made of literal text, placeholders and substitutions."""

    pieces: tuple[Piece, ...]

    @property
    def display(self) -> str:
        return "".join(
            p if isinstance(p, str) else p.text if isinstance(p, Slot) else f"$({p.inner})"
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
    def optional_slot(self) -> Slot | None:
        if len(self.pieces) == 1 and isinstance(self.pieces[0], Slot) and self.pieces[0].optional:
            return self.pieces[0]
        return None

    @property
    def required_slot(self) -> bool:
        return any(isinstance(p, Slot) and not p.optional for p in self.pieces)

    def split_at(self, index: int) -> tuple[Token, Token]:
        """Split the leading literal text at `index` (for ``--name=x`` and ``-p80``)."""
        first = self.pieces[0]
        assert isinstance(first, str)
        head = Token(pieces=(first[:index],))
        rest: tuple[Piece, ...] = ((first[index:],) if first[index:] else ()) + self.pieces[1:]
        return head, Token(pieces=rest or ("",))


# "discard( arg1 )": numbered argument names stand for any argument.
_ARG_SLOT = re.compile(r"(?<![\w-])arg\d+(?![\w-])")
_ANGLE_SLOT = re.compile(r"<[A-Za-z_][^<>\s]*>")
_BRACE_SLOT = re.compile(r"\{\{[^{}]*\}\}")
_BRACKET_SLOT = re.compile(r"(?<!\S)\[[A-Za-z][A-Za-z0-9_-]*(?:\.\.\.)?\](?:\.\.\.)?(?!\S)")
# In a usage synopsis (one with an [OPTIONS]-style slot) bare CAPS words are placeholders too:
# `docker run [OPTIONS] IMAGE`. Elsewhere CAPS are literal (`WORKDIR`, `git push origin HEAD`).
_CAPS_SLOT = re.compile(r"(?<=\s)[A-Z][A-Z0-9_]{2,}(?:\.\.\.)?(?!\S)")
# Elsewhere CAPS words that end a command after a lower-case program are its arguments' names too:
# `docker network disconnect NETWORK CONTAINER`, `kill -9 PID` (a Dockerfile line starts in CAPS).
_TRAILING_CAPS = re.compile(r"(?:(?<=\s)[A-Z][A-Z0-9_]{2,}(?:\.\.\.)?(?:\s+|$))+$")
# A trailing placeholder for a command also stands for that command's own arguments.
_COMMAND_SLOT = re.compile(r"command|cmd|args?\b|arguments", re.IGNORECASE)
_SENTINEL = re.compile(f"{SENTINEL_OPEN}(\\d+){SENTINEL_CLOSE}")
_OPERATOR = re.compile(r"[;&|]+")
_EXEC_FORM = re.compile(r"\[\s*\"(?:[^\"\\]|\\.)*\"(?:\s*,\s*\"(?:[^\"\\]|\\.)*\")*\s*\]")
_TRAILING_PUNCTUATION = re.compile(r"(?<=\w)[.,;:!?]+$|[,;:!?]+$")
_SMART_CHARACTERS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "—": "--", "–": "-"})


def strip_code_markup(text: str) -> str:
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


def _protect(text: str, *, slots: bool) -> tuple[str, list[Piece]]:
    """Swap substitutions and placeholders for sentinels so shlex cannot split or unquote them."""
    table: list[Piece] = []

    def store(piece: Piece) -> str:
        table.append(piece)
        return f"{SENTINEL_OPEN}{len(table) - 1}{SENTINEL_CLOSE}"

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
        out.append(store(Sub(inner=text[start + 2 : end])))
        index = end + 1
    text = "".join(out)

    def replacer(*, optional: bool) -> Callable[[re.Match[str]], str]:
        # On the typed side a placeholder is only shielded from shlex, then read back as plain text.
        def replace(match: re.Match[str]) -> str:
            written = match.group()
            return store(Slot(text=written, optional=optional) if slots else written)

        return replace

    text = _BRACE_SLOT.sub(replacer(optional=False), text)
    text = _ARG_SLOT.sub(replacer(optional=False), text)
    text = _ANGLE_SLOT.sub(replacer(optional=False), text)
    synopsis = bool(_BRACKET_SLOT.search(text))
    text = _BRACKET_SLOT.sub(replacer(optional=True), text)
    if synopsis:
        text = _CAPS_SLOT.sub(replacer(optional=False), text)
    elif slots and text[:1].islower():
        trailing = _TRAILING_CAPS.search(text)
        if trailing:
            text = text[: trailing.start()] + _CAPS_SLOT.sub(replacer(optional=False), " " + trailing.group())[1:]
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
class Parsed:
    """A shell line as pipeline segments of words, the operators between them, and how it was quoted."""

    segments: tuple[tuple[Token, ...], ...]
    operators: tuple[str, ...]
    exec_form: bool
    quotes: str


def parse_command(text: str, *, slots: bool) -> Parsed:
    """Read one shell line; with `slots` (the expected side) placeholders become `Slot` pieces.

    On the typed side a placeholder-looking word is only shielded from `shlex` and read back as text.
    """
    text = strip_code_markup(text)
    text, exec_form = _exec_form_to_words(text)
    protected, table = _protect(text, slots=slots)
    # Text inside stored pieces (a string placeholder on the typed side) is not shell-split.
    segments: list[tuple[Token, ...]] = []
    operators: list[str] = []
    current: list[Token] = []
    for word in _shell_split(protected):
        if _OPERATOR.fullmatch(word):
            if current:
                segments.append(tuple(current))
                current = []
                operators.append(word)
            continue
        current.append(Token(pieces=_pieces(word, table=table)))
    if current:
        segments.append(tuple(current))
    if slots and segments:
        last = segments[-1][-1].pieces
        if len(last) == 1 and isinstance(last[0], Slot) and not last[0].optional and _COMMAND_SLOT.search(last[0].text):
            rest = Token(pieces=(Slot(text="[ARGS...]", optional=True, rest=True),))
            segments[-1] = (*segments[-1], rest)
    return Parsed(
        segments=tuple(segments),
        operators=tuple(operators[: max(0, len(segments) - 1)]),
        exec_form=exec_form,
        quotes="".join(sorted(ch for ch in text if ch in "'\"")),
    )


def _pieces(word: str, *, table: Sequence[Piece]) -> tuple[Piece, ...]:
    pieces: list[Piece] = []
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


def canonical(token: Token) -> str:
    """The text a word compares by: case folded, ``./`` and a trailing ``/`` of a path dropped."""
    text = "".join(
        p.casefold() if isinstance(p, str) else p.canonical if isinstance(p, Sub) else p.text.casefold()
        for p in token.pieces
    )
    if len(text) > 2 and text.startswith("./") and text[2] != "/":
        text = text[2:]  # ./app.py is app.py
    return text.rstrip("/") if len(text) > 1 and text.endswith("/") else text
