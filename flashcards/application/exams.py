"""What setting an exam did, as the collection reports it.

A deck's exam status (today's load, readiness) is `application.day.exam_statuses`, so the listing and
the confirmation after `exam DECK --date` take their numbers from the day's plan, as `due` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flashcards.core.exam import ExamChange, ExamStatus


@dataclass(frozen=True)
class ExamSet:
    """What `exam DECK --date` did: the change to the stored dates and the deck's status after it."""

    change: ExamChange
    today: date
    status: ExamStatus

    @property
    def exam_date(self) -> date:
        return self.status.exam_date

    @property
    def moved_from(self) -> date | None:
        """The exam day this one replaced, when there was another."""
        previous = self.change.previous
        return previous if previous not in (None, self.exam_date) else None
