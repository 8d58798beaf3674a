"""The quiz session as a state machine (pure: no Rich, no Click, no clock, no database).

A session is built from the day's queue of card ids and walks through them one presentation at a time:
phase FRONT (question shown), `reveal()` to BACK (answer shown), `grade(q)` to the next card's FRONT,
and DONE when nothing is left. `grade` returns a `GradeRecord` saying what the shell must persist; the
session never persists anything itself. The rules, each pinned by `tests/test_session.py`:

- **One scheduled grade per card per session.** The first grade a card gets is mode 'scheduled' (it
  moves the card's SM-2 state). A card graded below 4 comes back later in the session until it scores
  4 or more (SuperMemo's step 7); those later grades are mode 'repeat': logged, but they change nothing.
- **A re-queued card goes to the end of the queue**, as in SuperMemo ("repeat the items that scored
  below four after the session"): the cards in between give the answer time to fade a little, so the
  repeat tests memory rather than the last ten seconds. If it is the only card left it comes straight
  back.
- **Cram sessions** (`cram=True`) grade everything in mode 'cram', which never changes a card; the
  repeat-until-4 rule still applies, because that is how cramming works.
- **Skip drops the card from this session.** It stays due in the database, so the next session shows it
  again; a skip writes nothing. Moving it to the end instead would make a card the learner cannot
  face come back again and again, and a lone skipped card would loop forever.
- **Undo** takes back the last grade still standing: the graded card comes back as the current card,
  on its FRONT, with a new presentation; its re-queue (if it was re-queued) is removed, and if it was
  skipped since, the skip is forgotten too. The card that was current goes back to being next. Undo
  returns the undone record so the shell can mark that review undone and restore the stored state from
  before it. If the undone grade was the card's first, the card's next grade is 'scheduled' again.
- **Quit** ends the session at once; the cards not finished are simply not studied today.
- **Presentations**: every time a card is put on screen (first time, repeat, after undo) it gets a new
  `presentation_id`, `"<session id>:<counter>"`. The store keeps it unique, so a grade submitted twice
  for the same presentation is applied once; `grade(q, presentation_id=...)` does the same here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from flashcards.core.vocabulary import CORRECT_GRADE, MAX_GRADE, Grade, Mode, counts_as_correct

__all__ = [
    "REPEAT_BELOW",
    "GradeRecord",
    "Phase",
    "Presentation",
    "Session",
    "SessionError",
    "StaleGradeError",
    "Summary",
]

# A card graded below this comes back in the same session (SuperMemo's step 7): the vocabulary's
# CORRECT_GRADE, under the name this module's rule uses. What the summary counts as "correct" is the
# vocabulary's `counts_as_correct` (3+), the rule `flashcards stats` uses too.
REPEAT_BELOW = CORRECT_GRADE


class Phase(Enum):
    """Where the session is: question shown, answer shown, or finished."""

    FRONT = "front"
    BACK = "back"
    DONE = "done"


class SessionError(Exception):
    """An action that the session's phase does not allow (a bug in the caller, not a user mistake)."""


class StaleGradeError(SessionError):
    """A grade for a presentation that is no longer on screen and was never graded."""


@dataclass(frozen=True, slots=True)
class Presentation:
    """One showing of a card.

    Attributes:
        presentation_id: Unique in the session (and, with a unique session id, in the store).
        card_id: The card shown.
        mode: The mode its grade will be recorded in: 'scheduled', 'repeat' or 'cram'.
        showing: 1 the first time the card is shown in this session, 2 the second time, ...
    """

    presentation_id: str
    card_id: int
    mode: Mode
    showing: int


@dataclass(frozen=True, slots=True)
class GradeRecord:
    """A grade to persist (or, from `undo`, to mark undone).

    Attributes:
        card_id: The card graded.
        quality: The grade, 0..5.
        mode: 'scheduled' for the card's first grade in a normal session, 'repeat' for later ones,
            'cram' for every grade in a cram session.
        presentation_id: The presentation the grade answers.
        first: Whether it is the card's first grade in this session.
        requeued: Whether the card was put back in the queue (quality below 4).
    """

    card_id: int
    quality: int
    mode: Mode
    presentation_id: str
    first: bool
    requeued: bool


@dataclass(frozen=True, slots=True)
class Summary:
    """What the learner is shown at the end.

    Attributes:
        cards: Cards graded at least once.
        correct: Cards whose first grade counts as correct (`counts_as_correct`: 3 or more).
        first_grades: How many cards got each first grade, indexed by grade 0..5.
        grades: All grades given, repeats included.
        repeats: Grades after a card's first.
        finished: Cards that left the session with a grade of 4 or more.
        skipped: Cards skipped.
        unfinished: Cards still queued when the session ended (quit), repeats owed included.
    """

    cards: int
    correct: int
    first_grades: tuple[int, ...]
    grades: int
    repeats: int
    finished: int
    skipped: int
    unfinished: int

    @property
    def correct_percent(self) -> int | None:
        """Share of cards right the first time, in whole percent rounded half up; None with no cards."""
        if self.cards == 0:
            return None
        return (200 * self.correct + self.cards) // (2 * self.cards)


class Session:
    """One quiz session over a fixed list of cards.

    Args:
        card_ids: The cards to study, in order (the daily queue, or a cram selection).
        session_id: A unique id for this session, chosen by the caller; presentation ids start with it.
        cram: Whether every grade is mode 'cram' (no change to any card).
        owed: Cards graded below 4 earlier today whose repeat is still owed (`day_plan.owed_repeats`):
            shown after `card_ids`, graded in mode 'repeat' from the first showing, as the session
            that graded them would have (a quiz quit and started again keeps that promise).

    Raises:
        ValueError: A card is listed twice (in `card_ids` and `owed` together), or `session_id` is empty.
    """

    def __init__(self, card_ids: Iterable[int], *, session_id: str, cram: bool = False,
                 owed: Iterable[int] = ()) -> None:
        owed_ids = list(owed)
        queue = list(card_ids) + owed_ids
        if len(set(queue)) != len(queue):
            raise ValueError("a session lists each card once")
        self._owed = frozenset(owed_ids)
        if not session_id:
            raise ValueError("session_id must not be empty")
        self._session_id = session_id
        self._cram = cram
        self._queue: deque[int] = deque(queue)
        self._first_grades: dict[int, int] = {}
        self._graded: dict[int, int] = {}  # grades standing per card, for `Presentation.showing`
        self._history: list[GradeRecord] = []
        self._skipped: list[int] = []
        self._left: tuple[int, ...] = ()
        self._quit = False
        self._revealed = False
        self._counter = 0
        self._presentation: Presentation | None = None
        self._present()

    # ---- reading ------------------------------------------------------------------------------

    @property
    def phase(self) -> Phase:
        """FRONT or BACK while a card is on screen, DONE when the queue is empty."""
        if not self._queue:
            return Phase.DONE
        return Phase.BACK if self._revealed else Phase.FRONT

    @property
    def current(self) -> int | None:
        """The card on screen, or None when the session is done."""
        return self._queue[0] if self._queue else None

    @property
    def presentation(self) -> Presentation | None:
        """The current showing (its id and the mode its grade will get), or None when done."""
        return self._presentation

    @property
    def session_id(self) -> str:
        """The id every presentation id of this session starts with (`"<session id>:<counter>"`)."""
        return self._session_id

    @property
    def cram(self) -> bool:
        return self._cram

    @property
    def remaining(self) -> int:
        """Cards still in the queue, the current one and owed repeats included."""
        return len(self._queue)

    @property
    def queue(self) -> tuple[int, ...]:
        """The queue, current card first."""
        return tuple(self._queue)

    @property
    def history(self) -> tuple[GradeRecord, ...]:
        """Grades given and not undone, oldest first."""
        return tuple(self._history)

    @property
    def skipped(self) -> tuple[int, ...]:
        return tuple(self._skipped)

    @property
    def quit_early(self) -> bool:
        return self._quit

    def summary(self) -> Summary:
        """Counts for the end-of-session screen (time taken is the shell's: it has the clock)."""
        first_grades = [0] * (MAX_GRADE + 1)
        for quality in self._first_grades.values():
            first_grades[quality] += 1
        last_grade = {record.card_id: record.quality for record in self._history}
        return Summary(
            cards=len(self._first_grades),
            correct=sum(1 for quality in self._first_grades.values() if counts_as_correct(quality)),
            first_grades=tuple(first_grades),
            grades=len(self._history),
            repeats=sum(1 for record in self._history if not record.first),
            # A card whose last grade is 4 or more has left the queue for good.
            finished=sum(1 for quality in last_grade.values() if quality >= REPEAT_BELOW),
            skipped=len(self._skipped),
            unfinished=len(self._queue) + len(self._left),
        )

    # ---- acting -------------------------------------------------------------------------------

    def reveal(self) -> None:
        """Show the answer: FRONT to BACK.

        Raises:
            SessionError: Not in phase FRONT.
        """
        self._require(Phase.FRONT, action="reveal")
        self._revealed = True

    def grade(self, quality: int, *, presentation_id: str | None = None) -> GradeRecord:
        """Grade the card on screen and move on.

        Args:
            quality: The grade, an int 0..5.
            presentation_id: The presentation the grade answers, if the caller tracks it. The same
                presentation graded twice is applied once: the second call returns the first record and
                changes nothing.

        Returns:
            What to persist.

        Raises:
            TypeError: `quality` is not an int.
            ValueError: `quality` is outside 0..5.
            StaleGradeError: `presentation_id` is neither on screen nor an already graded presentation.
            SessionError: Not in phase BACK.
        """
        quality = Grade.of(quality)  # a Grade passes as it is; a plain int is checked
        if presentation_id is not None and (
            self._presentation is None or presentation_id != self._presentation.presentation_id
        ):
            for record in self._history:
                if record.presentation_id == presentation_id:
                    return record
            raise StaleGradeError(f"presentation {presentation_id!r} is not on screen")
        self._require(Phase.BACK, action="grade")
        presentation = self._presentation
        if presentation is None:  # pragma: no cover - phase BACK means a card is on screen
            raise SessionError("no card on screen")
        card = self._queue.popleft()
        first = card not in self._first_grades and card not in self._owed
        if first:
            self._first_grades[card] = quality
        requeued = quality < REPEAT_BELOW
        if requeued:
            self._queue.append(card)
        self._graded[card] = self._graded.get(card, 0) + 1
        record = GradeRecord(
            card_id=card,
            quality=quality,
            mode=presentation.mode,
            presentation_id=presentation.presentation_id,
            first=first,
            requeued=requeued,
        )
        self._history.append(record)
        self._present()
        return record

    def skip(self) -> int:
        """Drop the card on screen from this session (it stays due); returns its id.

        Raises:
            SessionError: The session is done.
        """
        if self._quit or not self._queue:
            raise SessionError("cannot skip: the session is done")
        card = self._queue.popleft()
        self._skipped.append(card)
        self._present()
        return card

    def undo(self) -> GradeRecord | None:
        """Take back the last grade still standing; returns it, or None if there is nothing to undo.

        Raises:
            SessionError: The learner quit the session.
        """
        if self._quit:
            raise SessionError("cannot undo: the session was quit")
        if not self._history:
            return None
        record = self._history.pop()
        card = record.card_id
        if card in self._queue:  # its re-queue (a card is in the queue at most once)
            self._queue.remove(card)
        if card in self._skipped:  # re-queued, then skipped: that skip goes too
            self._skipped.remove(card)
        if record.first:
            del self._first_grades[card]
        self._graded[card] -= 1
        self._queue.appendleft(card)
        self._present()
        return record

    def quit(self) -> tuple[int, ...]:
        """End the session now; returns the cards left unfinished (they are simply not studied today)."""
        self._left = tuple(self._queue)
        self._queue.clear()
        self._quit = True
        self._present()
        return self._left

    # ---- internals ----------------------------------------------------------------------------

    def _present(self) -> None:
        """Put the card at the head of the queue on screen, as a new presentation."""
        self._revealed = False
        if not self._queue:
            self._presentation = None
            return
        card = self._queue[0]
        self._counter += 1
        if self._cram:
            mode = Mode.CRAM
        elif card in self._first_grades or card in self._owed:
            mode = Mode.REPEAT
        else:
            mode = Mode.SCHEDULED
        self._presentation = Presentation(
            presentation_id=f"{self._session_id}:{self._counter}",
            card_id=card,
            mode=mode,
            showing=self._graded.get(card, 0) + 1,
        )

    def _require(self, phase: Phase, *, action: str) -> None:
        if self.phase is not phase:
            raise SessionError(f"cannot {action} in phase {self.phase.value}")
