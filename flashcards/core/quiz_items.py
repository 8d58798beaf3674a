"""What the quiz holds between the collection and the screen: a card as shown, and what a grade did.

Plain values, so the quiz loop and its renderers never touch storage rows (the collection builds them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

TYPE_CHECKING = False  # the quiz builds its QuizCards before its first card; the scheduler is needed at
if TYPE_CHECKING:  # the first grade, and loads then (with the store, while the first card is read)
    from flashcards.core.scheduling import CardState


@dataclass(frozen=True)
class QuizCard:
    """A card as the quiz shows it.

    Attributes:
        exam_date: The deck's exam day, if one is set: a grade before it caps the next due date.
    """

    id: int
    deck: str
    kind: str
    front: str
    back: str
    context: tuple[str, ...]
    source_path: str
    source_line: int
    exam_date: date | None


@dataclass(frozen=True)
class GradeOutcome:
    """What a grade did: the review row, the states around it, and whether it made a leech.

    Attributes:
        duplicate: The same presentation had been graded already; nothing new was written.
    """

    review_id: int
    card_id: int
    before: CardState
    after: CardState
    duplicate: bool = False

    @property
    def became_leech(self) -> bool:
        from flashcards.core.scheduling import LEECH_TAG

        return LEECH_TAG in self.after.tags and LEECH_TAG not in self.before.tags
