"""The few facts about English the prose checker relies on: word stems, filler words, a short list of
synonyms and opposites, number words and the words that negate.

Kept apart from the grading rules so that what is *language* (true of any card in any field) is in one
place and short enough to read: every entry here is general English or general computing usage, never
a word taken from one deck. The lists are deliberately small; a missing synonym costs a learner one
grade on a paraphrase, a wrong one would pass wrong answers.
"""

from __future__ import annotations

import functools
import unicodedata

# Words that carry no meaning of their own in a definition ("Run in detached *mode*", "*based on* the
# conditions *provided*"): a learner who leaves them out has left nothing out.
FILLERS = frozenset(
    "mode type kind kinds way ways thing things something specific particular certain various given "  # noqa: SIM905
    "provided based typically usually often commonly generally primarily mainly simply basically "
    "actually able allow allows allowing let lets use uses used using designed intended one ones "
    "via through whether".split()
)

# Words joining list items: items around them may come in any order ("cause and effect").
COORDINATORS = frozenset({"and", "or", "nor", "plus", "also", "as", "well", "vs", "versus"})

# Words that negate what follows them; a word ending in "n't" does too.
NEGATIONS = frozenset({"not", "no", "never", "cannot", "none", "nor", "without", "nobody", "nothing", "neither"})

# English pronouns that are a determiner and a noun written as one word ("nobody" is "no person",
# "himself" is "him self"): split, a learner's "nobody knows" meets a card's "people do not know" and
# "what he called himself" its "self-reference". Closed-class grammar, true of any card in any field.
COMPOUND_PRONOUNS = {
    "nobody": "no person", "no one": "no person", "noone": "no person",
    "somebody": "some person", "someone": "some person", "anybody": "any person", "anyone": "any person",
    "everybody": "every person", "everyone": "every person", "whoever": "any person who",
    "whatever": "any thing that", "myself": "me self", "yourself": "you self", "himself": "him self",
    "herself": "her self", "itself": "it self", "oneself": "self", "ourselves": "us self",
    "yourselves": "you self", "themselves": "them self",
}

# Number words a learner may type for digits (and the other way round). "one" is left out: it is far
# more often a pronoun ("the stopped ones") than a number.
NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "sixty": "60", "hundred": "100", "thousand": "1000",
}

# Groups of words used interchangeably in definitions (general English and general computing).
_SYNONYM_GROUPS = (
    "remove delete erase drop",
    "show list display print view see return",
    "run execute",
    "create make generate",
    "stop halt terminate exit quit",
    "start begin initiate launch",
    "end finish",
    "final conclusive decisive",
    "directory folder",
    "flag option",
    "close shut",
    "catch capture",
    "big large",
    "small little",
    "fast quick",
    "change modify alter manipulate vary",
    "inside within",
    "get fetch retrieve obtain receive",
    "give assign set grant",
    "define specify describe",
    "registry repository library",
    "terminal tty console",
    "computer machine",
    "program application",
    "interact communicate talk",
    "error exception",
    "raise throw",
    "result outcome output",
    "affect influence",
    "total combined",
    "picture image",
    "publish map",
    "blueprint plan template",
    "build construct",
)

# Pairs of opposites: one typed where the card has the other reverses the answer.
_ANTONYM_PAIRS = (
    ("add", "remove"), ("add", "delete"), ("add", "drop"), ("keep", "remove"), ("keep", "delete"),
    ("include", "exclude"), ("inside", "outside"), ("internal", "external"), ("inner", "outer"),
    ("read", "write"), ("high", "low"), ("higher", "lower"), ("highest", "lowest"), ("more", "less"),
    ("most", "least"), ("many", "few"), ("increase", "decrease"), ("start", "stop"),
    ("open", "close"), ("attach", "detach"), ("attached", "detached"), ("running", "stopped"),
    ("running", "exited"), ("give", "receive"), ("giving", "receiving"), ("passive", "active"),
    ("true", "false"), ("sink", "float"), ("local", "remote"), ("public", "private"),
    ("push", "pull"), ("upload", "download"), ("import", "export"), ("enable", "disable"),
    ("first", "last"), ("old", "young"), ("older", "younger"), ("slow", "fast"),
    ("slower", "faster"), ("large", "small"), ("larger", "smaller"), ("minimum", "maximum"),
    ("min", "max"), ("single", "multiple"), ("once", "multiple"), ("once", "repeatedly"), ("single", "all"), ("foreground", "background"),
    ("show", "hide"), ("visible", "hidden"), ("accept", "reject"), ("allow", "deny"),
    ("success", "failure"), ("mandatory", "optional"), ("upper", "lower"), ("expand", "shrink"),
    ("encrypt", "decrypt"), ("encode", "decode"), ("encoder", "decoder"), ("input", "output"),
)

# Prefixes that make a word its opposite ("imperfect", "unhealthy", "nonzero", "disable").
_NEGATING_PREFIXES = ("un", "in", "im", "il", "ir", "non", "dis")

_SUFFIXES = (
    "izations", "ization", "ations", "ation", "itions", "ition", "ments", "ment", "nesses", "ness",
    "ities", "ity", "ively", "ives", "ive", "izing", "izes", "ized", "ize", "ising", "ises", "ised",
    "ism", "able", "ible", "ings", "ing", "edly", "ed", "ies", "es", "s", "ily", "ly", "y", "e",
)


def fold(text: str) -> str:
    """Accents dropped (``shěbùdé`` is ``shebude``): learners rarely type them, and they never decide."""
    if text.isascii():
        return text
    kept: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        # Only marks on Latin letters: in other scripts (Devanagari's virama) a mark is part of the word.
        if unicodedata.combining(ch) and kept and kept[-1] < "\u0250":
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


@functools.lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A crude stem so "manages"/"managing"/"manage", "definition"/"defines" and "image's"/"images" meet.

    No "-er": "container" is not "contain", "docker" is not "dock".
    """
    for possessive in ("'s", "’s", "s'", "s’"):
        if word.endswith(possessive) and len(word) > len(possessive) + 2:
            word = word[: -len(possessive)]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


# Inflections undone to find a word's dictionary form: (ending, what replaces it).
_INFLECTIONS = (("ies", "y"), ("ing", ""), ("ing", "e"), ("ied", "y"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""))
_MIN_BASE = 4


@functools.lru_cache(maxsize=16384)
def stems_of(word: str) -> frozenset[str]:
    """The stems of a word and of the dictionary forms its inflection may hide.

    The crude `stem` cuts "receive" to "rece" ("-ive") but "receiving" to "receiv"; undoing the
    inflection first ("receiving" may be "receive") lets the two meet in the synonym and opposite
    lists. Bases shorter than four letters are not tried ("bed" is not "b").
    """
    found = {stem(word)}
    for ending, replacement in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_BASE:
            base = word[: -len(ending)] + replacement
            found.add(stem(base))
            if not replacement and len(base) >= _MIN_BASE + 1 and base[-1] == base[-2] and base[-1] not in "aeiou":
                found.add(stem(base[:-1]))  # "stopped": "stop"
    return frozenset(found)


def _stem_sets(groups: tuple[str, ...]) -> dict[str, frozenset[int]]:
    index: dict[str, set[int]] = {}
    for number, group in enumerate(groups):
        for word in group.split():
            index.setdefault(stem(word), set()).add(number)
    return {key: frozenset(value) for key, value in index.items()}


_SYNONYMS = _stem_sets(_SYNONYM_GROUPS)
_OPPOSITES = frozenset(
    pair for a, b in _ANTONYM_PAIRS for pair in ((stem(a), stem(b)), (stem(b), stem(a)))
)


@functools.lru_cache(maxsize=65536)
def synonyms(a: str, b: str) -> bool:
    """Are two (different) words listed as interchangeable?"""
    groups_a = frozenset().union(*(_SYNONYMS.get(s, frozenset()) for s in stems_of(a)))
    groups_b = frozenset().union(*(_SYNONYMS.get(s, frozenset()) for s in stems_of(b)))
    return bool(groups_a & groups_b)


@functools.lru_cache(maxsize=65536)
def opposites(a: str, b: str) -> bool:
    """Does one word say the opposite of the other ("attached"/"detached", "perfect"/"imperfect")?"""
    if any((stem_a, stem_b) in _OPPOSITES for stem_a in stems_of(a) for stem_b in stems_of(b)):
        return True
    for left, right in ((a, b), (b, a)):
        for prefix in _NEGATING_PREFIXES:
            if left.startswith(prefix) and len(right) >= 5 and left[len(prefix) :] == right:
                return True
    return False


_COMPARATIVES = (("iest", "y"), ("ier", "y"), ("est", ""), ("er", ""), ("est", "e"), ("er", "e"))


def _positive(word: str) -> set[str]:
    """A comparative's plain adjective ("slower": "slow", "bigger": "big", "easier": "easy"), and the word."""
    found = {word}
    for ending, replacement in _COMPARATIVES:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)]
            found.add(base + replacement)
            if not replacement and base[-1] == base[-2] and base[-1] not in "aeiou":
                found.add(base[:-1])
    return found


def negated_opposite(negated: str, plain: str) -> bool:
    """Does "not <negated>" say <plain> ("not as fast" for "slower", "not visible" for "hidden")?

    A negated word that is the opposite of the other side's word, also through a comparative ("not
    as fast" is "slower"), is that word said the other way round: the same meaning, not a reversed one.
    """
    return any(opposites(a, b) for a in _positive(negated) for b in _positive(plain))


def negates(word: str) -> bool:
    """Does the word negate what follows ("not", "never", "don't")?"""
    return word in NEGATIONS or word.endswith(("n't", "n’t"))
