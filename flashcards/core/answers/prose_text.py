"""Reading prose for the checker: cleaned text, its words, and the expected answer's key-word units.

Both sides are read the same way: Markdown and decoration removed, NFKC, case-folded, accents on Latin
letters dropped, number words as digits ("ten" is "10"), compound pronouns as their words ("nobody" is
"no person"), a symbol standing alone (``#``, ``%``, ``--``) as a word. A word keeps where it stands: its clause
(between ``, ; : .``), its list item (between ``, ;``, line breaks and "and"/"or"), whether it sits in a
parenthesised aside, and whether a "not" before it in the same clause negates it. The expected side is
then grouped into *units*: one word, or ``a/b/c`` alternatives; a unit is a *key* word unless it is a
stop word or a filler; it is *optional* inside an aside and *given* when the question (the card's front)
already shows it, so a learner need not repeat it.

Separate from the grading so the readings the spelling, key-word and meaning checks share are made once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flashcards.core.answers.lexicon import COMPOUND_PRONOUNS, FILLERS, NUMBER_WORDS, fold, negates, stem
from flashcards.core.answers.text import PROSE_MARKERS

STOPWORDS = PROSE_MARKERS | frozenset(
    "i you he she we they them their there his her our your my me us what who whom "  # noqa: SIM905
    "whose where why how than then so but if not no nor do does did done has have had being been "
    "were am can could will would shall should may might must also just very too more most some "
    "such own same other about above after again against at before below between both down during "
    "few further here off once out over under until up while e g eg ie etc "
    # Adverbs of place that point rather than name, like "here", "there" (and "all" above).
    "everywhere anywhere somewhere elsewhere wherever".split()
)
# In a term of a few words ("while loop", "for loop", "data transfer in") these small words decide.
_SHORT_KEEP = frozenset("for while if all on off in out up down before after over under".split())  # noqa: SIM905
_SHORT_TERM_WORDS = 3
# Verbs after which a definition says what its subject is: "Amazon CloudWatch *is* a monitoring service".
_COPULAS = frozenset({"is", "are", "was", "were", "provides", "means", "refers", "lets", "allows"})
_SUBJECT_WORDS = 6
_CONTRAST = re.compile(r"\s*(?:vs\.?|versus|unlike|not)\b")

_DECORATION_TAGS = re.compile(
    r"</?(?:b|i|em|strong|code|u|mark|kbd|span|sup|sub|br|small)\s*/?>", re.IGNORECASE
)
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+", re.MULTILINE)  # "1. ", "- " opening a line
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_|~~|==)(?=\S)(.+?)(?<=\S)\1(?!\w)", re.DOTALL)
# A symbol standing alone ("start with a `#`", "a line starting with #") is a word of its own: it is
# often the very thing a programming card asks about. A lone dash, slash or "&" is punctuation.
_SYMBOL = r"(?<!\S)(?:[#$%*+<=>@^|~\\][#$%*+<=>@^|~\\!/]{0,2}|--|//)(?!\S)"
SYMBOL_RE = re.compile(r"[^\w\s]+")
WORD = rf"(?:\d+(?:[.,:]\d+)+|[^\W_]+(?:['’][^\W_]+)*|{_SYMBOL})"  # "3.8" stays one word
WORD_RE = re.compile(WORD)
_TOKEN = re.compile(rf"{WORD}(?:\s*/\s*{WORD})*|[()\[\],;:.!?…]")
_CLAUSE_MARKS = frozenset(",;:.!?…")
_ITEM_MARKS = frozenset(",;")
_ITEM_WORDS = frozenset({"and", "or", "nor"})
_COMPOUND = re.compile(
    r"(?<![\w'’])(?:" + "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in COMPOUND_PRONOUNS), key=len, reverse=True))
    + r")(?![\w'’])"
)
_NEGATION_REACH = 3  # key words a "not" reaches in its clause

# TeX math (`$…$`, `\(…\)`, `\[…\]`) is read as a learner types it: `$6.022 \times 10^{23}$` asks for
# "6.022", "10" and "23", not for the word "times". Inside math, commands that lay out or join (`\times`,
# `\frac`, `\left`, `\mathrm`…) are no words; a command that names something (`\alpha`, `\log`, `\pi`)
# is its name (`\sqrt` is "root"); braces, slashes, `$` and the delimiters go.
_TEX_MATH = re.compile(r"\$(?=\S)([^$\n]+?)(?<=\S)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
_TEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
_TEX_LAYOUT = frozenset(
    "times cdot div pm mp ast star circ bullet frac dfrac tfrac left right big bigl bigr Big Bigl Bigr "
    "mathrm mathbf mathit mathsf mathtt mathcal mathbb text textrm textbf textit operatorname displaystyle "
    "quad qquad limits nolimits over cdots ldots dots vdots ddots hat bar vec tilde dot ddot overline "
    "underline begin end".split())  # noqa: SIM905


_TEX_SAID = {"sqrt": "root"}  # read aloud: `\sqrt{n}` is "root n", "the square root of n"


def _tex_as_typed(match: re.Match[str]) -> str:
    body = next(group for group in match.groups() if group is not None)

    def command(found: re.Match[str]) -> str:
        name = found.group(1)
        return " " if name in _TEX_LAYOUT else f" {_TEX_SAID.get(name, name)} "

    body = _TEX_COMMAND.sub(command, body)
    # A slash in math divides: it is no "a/b" choice between two words.
    return " " + body.replace("{", " ").replace("}", " ").replace("/", " ") + " "


def clean_prose(text: str) -> str:
    """Normalized prose: Markdown and decoration gone, NFKC, case-folded, accents and spacing evened.

    A line break becomes " ; " so that the items of a list stay apart.
    """
    text = _DECORATION_TAGS.sub(" ", text)
    if "$" in text or "\\" in text:
        text = _TEX_MATH.sub(_tex_as_typed, text)
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = LIST_MARKER.sub(" ", text)
    for _ in range(3):  # nested emphasis such as ***bold italic***
        text = _EMPHASIS.sub(r"\2", text)
    text = text.replace("`", " ")
    text = fold(unicodedata.normalize("NFKC", text).casefold())
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = " ; ".join(line for line in lines if line)
    text = _COMPOUND.sub(lambda match: COMPOUND_PRONOUNS[" ".join(match.group().split())], text)
    return text.rstrip(".,;:!?… ")


def words_of(clean: str) -> list[str]:
    """The words of cleaned text, number words as digits."""
    return [NUMBER_WORDS.get(word, word) for word in WORD_RE.findall(clean)]


@dataclass(frozen=True)
class Unit:
    """One unit of a text: a word or ``a/b/c`` alternatives, with where it stands and what it is."""

    words: tuple[str, ...]
    position: int
    clause: int
    item: int
    aside: bool
    negated: bool
    key: bool
    given: bool = False

    @property
    def optional(self) -> bool:
        return self.aside or self.given


def is_short(clean: str) -> bool:
    """A term of a few words, where even small words count ("while loop" is not "for loop")."""
    words = words_of(clean)
    return len(words) <= _SHORT_TERM_WORDS + 1 and sum(w not in ("a", "an", "the", "to") for w in words) <= (
        _SHORT_TERM_WORDS
    )


def _is_key(word: str, *, short: bool) -> bool:
    if negates(word) or word in FILLERS:
        return False
    return word not in STOPWORDS or (short and word in _SHORT_KEEP)


def read_units(clean: str, *, front_stems: frozenset[str] = frozenset(), short: bool | None = None) -> list[Unit]:
    """The units of a cleaned text in order (stop words included, flagged `key=False`).

    `short` reads the text as a term (small words count); by default the text's own length decides.
    """
    short = is_short(clean) if short is None else short
    raw: list[tuple[tuple[str, ...], int, int, bool, bool]] = []
    depth = clause = item = 0
    reach = 0  # key words a pending negation still covers
    notation: list[bool] = []  # per open bracket: written against a word, f(x), so not an aside
    contrast_depth = 0  # inside "(vs docker rm, which removes containers)": what the answer is not
    for match in _TOKEN.finditer(clean):
        token = match.group()
        if token in ("(", "["):
            attached = match.start() > 0 and clean[match.start() - 1].isalnum()
            notation.append(attached)
            depth += 0 if attached else 1
            if not attached and not contrast_depth and _CONTRAST.match(clean, match.end()):
                contrast_depth = depth
            continue
        if token in (")", "]"):
            if not (notation.pop() if notation else False):
                if depth == contrast_depth:
                    contrast_depth = 0
                depth = max(0, depth - 1)
            reach = 0
            continue
        if contrast_depth:
            continue
        if token in _CLAUSE_MARKS:
            clause += 1
            item += token in _ITEM_MARKS
            reach = 0
            continue
        words = tuple(NUMBER_WORDS.get(word, word) for word in WORD_RE.findall(token))
        if not words:
            continue
        if len(words) == 1 and words[0] in _ITEM_WORDS:
            item += 1
        if len(words) == 1 and negates(words[0]):
            reach = _NEGATION_REACH
            raw.append((words, clause, item, depth > 0, False))
            continue
        is_key_word = any(_is_key(word, short=short) for word in words)
        raw.append((words, clause, item, depth > 0, reach > 0 and is_key_word))
        if is_key_word and reach:
            reach -= 1
    subject = _subject_length(raw, front_stems)
    units: list[Unit] = []
    for position, (words, clause_no, item_no, aside, negated) in enumerate(raw):
        key = any(_is_key(word, short=short) for word in words)
        given = key and (position < subject or any(stem(word) in front_stems for word in words))
        units.append(
            Unit(words=words, position=position, clause=clause_no, item=item_no, aside=aside,
                 negated=negated, key=key, given=given)
        )
    return units


def _subject_length(raw: list[tuple[tuple[str, ...], int, int, bool, bool]], front: frozenset[str]) -> int:
    """How many leading words restate the question ("Amazon CloudWatch is ..." on the CloudWatch card)."""
    if not front:
        return 0
    for position, (words, *_rest) in enumerate(raw[: _SUBJECT_WORDS + 1]):
        if words[0] in _COPULAS:
            if position and any(stem(word) in front for w, *_ in raw[:position] for word in w):
                return position
            return 0
    return 0


def front_stems(front: str) -> frozenset[str]:
    """Stems of the key words a question shows (code and placeholders included).

    The options of a choice ("True or False?") are not given: choosing one is the answer.
    """
    words = words_of(clean_prose(front))
    options = {
        words[i + step] for i, word in enumerate(words) if word == "or" for step in (-1, 1) if 0 <= i + step < len(words)
    }
    return frozenset(
        stem(word)
        for word in words
        if word not in STOPWORDS and word not in FILLERS and len(word) > 1 and word not in options
    )
