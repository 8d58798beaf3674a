"""The checker's result type, `Verdict`, and the one way both engines build it.

Separate so the prose and shell engines can return verdicts without importing each other or the
package's public face (which imports them both).
"""

from __future__ import annotations

from dataclasses import dataclass

from flashcards.core.vocabulary import CORRECT_GRADE, MAX_GRADE, MIN_GRADE
from flashcards.core.vocabulary import PASS_GRADE as PASSING_GRADE


@dataclass(frozen=True)
class Verdict:
    """What the checker thinks of one typed answer.

    Attributes:
        suggested_grade: SuperMemo grade 0-5 to offer the learner.
        correct: the answer counts as right (grade >= 4).
        reason: a short sentence saying why, shown next to the grade.
        score: closeness in 0..1, for display and sorting only; the grade is what matters.
    """

    suggested_grade: int
    correct: bool
    reason: str
    score: float = 0.0

    def __post_init__(self) -> None:
        # Validated at construction (not when used) so a bad verdict can never reach the scheduler.
        if not MIN_GRADE <= self.suggested_grade <= MAX_GRADE:
            raise ValueError(f"suggested_grade must be in 0..5, got {self.suggested_grade}")
        if self.correct != (self.suggested_grade >= CORRECT_GRADE):
            raise ValueError("correct must be exactly suggested_grade >= 4")
        if not self.reason.strip():
            raise ValueError("a verdict needs a reason")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be in 0..1, got {self.score}")

    @property
    def passing(self) -> bool:
        """SM-2's notion of success (grade >= 3), looser than `correct`."""
        return self.suggested_grade >= PASSING_GRADE



def make_verdict(*, grade: int, reason: str, score: float) -> Verdict:
    """A verdict with the grade clamped to 0..5, `correct` derived from it and the score clamped and rounded.

    The engines' grade and score arithmetic (a cap lowered once more, a halved score) may step outside
    the ranges; clamping once here keeps every engine's verdict valid.
    """
    grade = max(0, min(5, grade))
    return Verdict(
        suggested_grade=grade,
        correct=grade >= CORRECT_GRADE,
        reason=reason,
        score=round(max(0.0, min(1.0, score)), 4),
    )
