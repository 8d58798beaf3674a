"""Exams as the collection reports them: a deck's exam status, and what setting an exam did.

The planning is pure (`flashcards.core.exam`); this reads the decks' rows and feeds them to it, so the
listing and the confirmation after `exam DECK --date` take their numbers from one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flashcards.core.exam import ExamChange, ExamStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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


def exam_statuses(session: Session, today: date, deck: str | None = None) -> list[ExamStatus]:
    """The decks with an exam (or the one named), each with today's load and its readiness.

    The cards still to learn are those unseen at the start of the day: unseen now, plus the new cards
    learned today (`exam_load` spreads those over the days left).
    """
    from flashcards.core.exam import exam_load, readiness
    from flashcards.storage.exam_data import exam_decks

    statuses = []
    for found in exam_decks(session, today, deck):
        load = None
        if found.exam_date > today:
            unseen = sum(1 for card in found.cards if card.due is None) + found.new_done_today
            load = exam_load(deck=found.name, exam_date=found.exam_date, today=today, unseen=unseen,
                             new_per_day=found.new_per_day, new_done=found.new_done_today)
        statuses.append(ExamStatus(deck=found.name, exam_date=found.exam_date, today=today, load=load,
                                   due_today=found.due_today, readiness=readiness(found.cards, found.exam_date)))
    return statuses
