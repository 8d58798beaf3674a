"""The domain's words, defined once: card statuses, review modes, card kinds, grades and their thresholds.

Every module that compares a status, a mode, a kind or a grade takes the value from here, so a new mode
or a moved threshold is one edit, not a hunt through the store, the quiz and the statistics. The enums
are `StrEnum`/`IntEnum`: a `Status.ACTIVE` *is* the string "active" and a `Grade(4)` *is* the int 4, so
they go into SQL, JSON and the database unchanged (what is stored never changes), and a value read back
from a row compares equal to its member.

A grade is checked once, where it enters the program (`Grade.of` for a value a caller hands over,
`Grade.from_key` for a key the learner pressed); past that edge it travels as a `Grade`, and the pure
rules (`sm2.review`, `scheduling.apply_grade`) trust the type instead of checking again.

Pure: no I/O, no clock; it imports only `flashcards.core.errors`.
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum, StrEnum

from flashcards.core.errors import FlashcardsError

__all__ = [
    "CORRECT_FROM",
    "CORRECT_GRADE",
    "LEARNING_BELOW_DAYS",
    "MAX_GRADE",
    "MIN_GRADE",
    "PASS_GRADE",
    "REVERSE_SUFFIX",
    "SCHEDULING_MODES",
    "YOUNG_BELOW_DAYS",
    "Grade",
    "GradeTypeError",
    "InvalidGrade",
    "Kind",
    "LearningState",
    "Mode",
    "Status",
    "anki_button",
    "card_state",
    "counts_as_correct",
    "is_reverse_kind",
]


class Status(StrEnum):
    """What the learner (or the leech rule, or an import) decided about a card."""

    ACTIVE = "active"
    SUSPENDED = "suspended"  # out of the quiz until unsuspended; progress kept
    RETIRED = "retired"  # gone from the notes; kept only for its history


class Mode(StrEnum):
    """How a grade was given; only a SCHEDULED grade moves the card's schedule."""

    SCHEDULED = "scheduled"  # the card's first grade in a normal session
    REPEAT = "repeat"  # a same-session repeat of a card graded below CORRECT_GRADE (SM-2's step 7)
    CRAM = "cram"  # studying ahead or a chosen subset: logged, never scheduled
    # A grade given in Anki and brought back by `flashcards import-anki`: it moves the schedule as a
    # scheduled grade does (SM-2 replays it), and says where it was given, for stats and for `check`.
    ANKI = "anki"


class Kind(StrEnum):
    """Card kinds. A reverse card is its own kind so that each direction is scheduled on its own."""

    DEFINITION = "definition"
    DEFINITION_REVERSE = "definition-reverse"
    FLAG = "flag"
    FLAG_REVERSE = "flag-reverse"
    COMMAND = "command"
    COMMAND_REVERSE = "command-reverse"
    INSTRUCTION = "instruction"
    STEPS = "steps"
    QA = "qa"
    CLOZE = "cloze"

    @property
    def is_reverse(self) -> bool:
        """Whether the card asks the answer side back (definition → term, purpose → command)."""
        return is_reverse_kind(self.value)


# The modes whose grades run SM-2: the first grade of a card on a review day, here or in Anki. Every
# rule that asks "did this grade move the schedule" (replay, exam caps, stats, undo) asks this tuple.
SCHEDULING_MODES: tuple[Mode, ...] = (Mode.SCHEDULED, Mode.ANKI)


# A reverse kind is its forward kind with this suffix (`flag` / `flag-reverse`); SQL filters on it too.
def plural(count: int, word: str) -> str:
    """`1 card`, `2 cards`, `0 cards`: a count with its noun, in English (every noun the program
    counts takes an -s)."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


CONTEXT_SEPARATOR = " › "
"""Between the parts of a heading path (`deck › section › subsection`), in keys and on screen."""

REVERSE_SUFFIX = "-reverse"


def is_reverse_kind(kind: str) -> bool:
    """Whether `kind` (a `Kind` or the string read from a row) is a reverse card's kind."""
    return kind.endswith(REVERSE_SUFFIX)


def anki_button(grade: int) -> int:
    """A 0-5 grade as a four-button rating, 1 Again, 2 Hard, 3 Good, 4 Easy: a failure (0-2) is Again;
    3, 4, 5 are Hard, Good, Easy.

    The one mapping between our grades and the four buttons: Anki's revlog `ease` on export and FSRS's
    `Rating` (whose values are the same 1..4) for an FSRS deck both take it from here.

    Raises:
        ValueError: `grade` is not 0..5.
    """
    if isinstance(grade, bool) or not isinstance(grade, int) or not MIN_GRADE <= grade <= MAX_GRADE:
        raise ValueError(f"grade must be 0..5, got {grade!r}")
    return max(1, grade - 1)


class Grade(IntEnum):
    """SuperMemo's quality of a recall, 0..5 (the words are those the quiz's help uses)."""

    BLACKOUT = 0
    WRONG_FAMILIAR = 1  # wrong, but familiar once seen
    WRONG_EASY = 2  # wrong, but it felt easy once seen
    DIFFICULT = 3  # correct with serious difficulty
    HESITANT = 4  # correct after hesitation
    PERFECT = 5

    @classmethod
    def of(cls, value: object) -> Grade:
        """`value` as a Grade, or `InvalidGrade`: the one check of a grade handed over by code.

        A `Grade` is returned as it is: it was checked where it entered the program, and every rule it
        passes through on its way to the store (`Session.grade`, `record_grade`, `review_card`,
        `apply_grade`, `sm2.review`) calls this, so only a plain value from a direct caller is checked.
        """
        if type(value) is cls:
            return value
        return cls._checked(value)

    @classmethod
    def _checked(cls, value: object) -> Grade:
        """The check itself. Booleans are ints in Python, but `True` as a grade is always a bug in the
        caller, so it is refused; so are floats, even integral ones (a 4.0 means the caller did
        arithmetic on grades), and strings (text the learner typed goes through `from_key`)."""
        if isinstance(value, bool) or not isinstance(value, int):
            raise GradeTypeError(repr(value))
        if not MIN_GRADE <= value <= MAX_GRADE:
            raise InvalidGrade(repr(value))
        return cls(int(value))

    @classmethod
    def from_key(cls, key: str) -> Grade:
        """The grade of a key the learner pressed ("0".."5"), or `InvalidGrade` naming what was typed."""
        if len(key) == 1 and key in GRADE_KEYS:
            return cls(int(key))
        raise InvalidGrade(key if key else "an empty line")

    @property
    def passed(self) -> bool:
        """SM-2's success (q >= 3): the card is scheduled onwards, not started over."""
        return self >= PASS_GRADE

    @property
    def correct(self) -> bool:
        """Recalled well enough to leave the session's queue (q >= 4, SM-2's step 7)."""
        return self >= CORRECT_GRADE


MIN_GRADE = 0
MAX_GRADE = 5
GRADE_KEYS = "".join(str(grade) for grade in range(MIN_GRADE, MAX_GRADE + 1))


def split_grade_line(text: str) -> tuple[str, str]:
    """A grade line as (what to read as the grade, what was typed after it for the next card).

    `4` gives ("4", ""); `4 docker ps` and `4docker ps` give ("4", "docker ps"): a grade typed
    together with the next card's answer, as a quick learner does, is both, not "4docker ps is not a
    grade". Anything else is left whole (`45`, `u`, an empty line) for the grade check to judge.
    """
    stripped = text.strip()
    if len(stripped) > 1 and stripped[0] in GRADE_KEYS and not stripped[1].isdigit():
        return stripped[0], stripped[1:].strip()
    return stripped, ""
# The lowest grade that counts as a successful recall (SM-2's "q >= 3"): lapses, retention, passes.
PASS_GRADE = Grade.DIFFICULT
# The lowest grade that leaves the session's queue (SM-2's step 7: repeat what scored below 4). It is
# stricter than what the learner is told is correct (`counts_as_correct`, 3+): a 3 is a right answer,
# but shaky enough to be asked again today. The verdict's ✓ and the owed repeats read it too.
CORRECT_GRADE = Grade.HESITANT
# The lowest grade every "% correct" counts, the quiz's end-of-session summary and `flashcards stats`
# alike: SM-2's success threshold, so "correct" and "retention" measure the same thing and a session
# of 3s does not read 0 % correct while stats calls the same grades passed.
CORRECT_FROM = PASS_GRADE


def counts_as_correct(grade: int) -> bool:
    """Whether a grade counts as a correct answer in a "% correct" (3 or more: `CORRECT_FROM`).

    The one rule behind the session summary (`Session.summary`) and today's line of `flashcards stats`
    (`core.stats`), so the two can never disagree about the same grades again.
    """
    return grade >= CORRECT_FROM

# Multiple choice (`quiz --choice`): picking the right option is a correct recall, the lowest that
# leaves the queue; a wrong pick is a recall that failed but is familiar once the answer is shown.
CHOICE_RIGHT_GRADE = CORRECT_GRADE
CHOICE_WRONG_GRADE = Grade.WRONG_FAMILIAR


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def escape_controls(text: str) -> str:
    """`text` with control characters written as escapes (`\\x1b`, `\\x00`, `\\u202e`), for messages.

    A message quotes what the learner typed, a search, a path or a line of a note; echoed raw, a NUL,
    an escape sequence or a bidirectional override reached the terminal and could clear the screen,
    recolour it or reorder what it shows. Card text is not passed through this: it is drawn as Rich
    `Text`, which does not interpret escapes.
    """
    if text.isprintable():
        return text
    shown: list[str] = []
    for character in text:
        code = ord(character)
        if code < 0x20 or 0x7F <= code < 0xA0:
            shown.append(f"\\x{code:02x}")
        elif character in _BIDI_CONTROLS:
            shown.append(f"\\u{code:04x}")
        else:
            shown.append(character)
    return "".join(shown)


class InvalidGrade(FlashcardsError, ValueError):
    """A value that is not a grade 0..5; its message is the one line the learner sees."""

    def __init__(self, shown: str) -> None:
        super().__init__(f"{escape_controls(shown)} is not a grade: grades are {MIN_GRADE} to {MAX_GRADE}")
        self.shown = shown


class GradeTypeError(InvalidGrade, TypeError):
    """Not even an int (a bool, a float, a string handed over by code): a bug in the caller."""


class LearningState(StrEnum):
    """How far an active card has come (`cards`, `stats`); a suspended or retired card shows its status."""

    NEW = "new"
    LEARNING = "learning"
    YOUNG = "young"
    MATURE = "mature"


# An active card is *learning* while its interval is under a week, *young* under three weeks, then mature.
LEARNING_BELOW_DAYS = 7
YOUNG_BELOW_DAYS = 21


def card_state(status: str, due: date | None, interval: int) -> str:
    """A card's state for the learner: its status unless active, else new, learning, young or mature.

    The one definition behind `flashcards cards` (per card) and `flashcards stats` (cards by state).
    """
    if status != Status.ACTIVE:
        return status
    if due is None:
        return LearningState.NEW
    if interval < LEARNING_BELOW_DAYS:
        return LearningState.LEARNING
    return LearningState.YOUNG if interval < YOUNG_BELOW_DAYS else LearningState.MATURE
