"""Exam planning (DESIGN.md §5), pure: no clock, no database.

A deck with an exam on day D, while D is still ahead (`today < D`):

- **New cards are spread over the days left.** The last `REVIEW_DAYS` days before D (and D itself)
  introduce nothing new, so the last cards learned still get a review or two before the exam: a card
  learned on D-3 is due D-2 (I = 1), then capped to D. The days from today up to D-3 are the learning
  days, and the daily new limit becomes `max(deck's new_per_day, ceil(unseen / learning days))`.
  `unseen` is counted at the start of the day (cards still new plus those introduced today), so the
  limit does not shrink while the learner works through it; it is recomputed every day, so a missed
  day raises the load of the days after it. With one or two days left everything unseen is due today.
- **No card is scheduled after D** (`scheduling.apply_grade(cap_due=D)` for each grade; the stored due
  dates are capped when the exam is set, see `storage/exam_data.py`).
- **Readiness** is the predicted recall on D (`flashcards.core.recall`): p = 0.9 ** (t / I), t the days from
  the card's last review to D, I its interval; p = 0 for a card never seen. A card is *ready* when
  p >= 0.9, i.e. t <= I: its SM-2 due date would not have passed on the exam day. Readiness is the
  share of the deck's active cards that are ready (suspended and retired cards are not studied, so they
  are not counted), and the weakest sections are those with the lowest mean p.

On and after D nothing here applies: the cap and the raised limit stop, and SM-2's own intervals resume.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypedDict

from flashcards.core.recall import RECALL_AT_INTERVAL, is_ready, predicted_recall
from flashcards.core.schedulers import SM2, DeckScheduler, FsrsMemory
from flashcards.core.vocabulary import plural

__all__ = [
    "REVIEW_DAYS",
    "WEAKEST_SECTIONS",
    "ExamCard",
    "ExamLoad",
    "ExamStatus",
    "Readiness",
    "SectionReadiness",
    "exam_load",
    "learning_days",
    "readiness",
]

REVIEW_DAYS = 2
WEAKEST_SECTIONS = 3


def learning_days(today: date, exam: date) -> int:
    """Days from today (included) that may still introduce new cards before the exam; at least 1."""
    return max(1, (exam - today).days - REVIEW_DAYS)


@dataclass(frozen=True, slots=True)
class ExamLoad:
    """What an exam ahead asks of a deck today.

    Attributes:
        deck: The deck's name.
        exam_date: The exam day D.
        today: The review day the load is for.
        unseen: Active cards not seen before today (still new, or introduced today).
        new_per_day: The deck's own daily new limit.
        new_today: The limit in force today: the deck's, raised if the unseen cards need it.
        new_done: New cards already introduced today.
    """

    deck: str
    exam_date: date
    today: date
    unseen: int
    new_per_day: int
    new_today: int
    new_done: int = 0

    @property
    def days_left(self) -> int:
        """Days until the exam (1 = tomorrow)."""
        return (self.exam_date - self.today).days

    @property
    def learning_days(self) -> int:
        return learning_days(self.today, self.exam_date)

    @property
    def last_learning_day(self) -> date:
        """The last day that introduces new cards under this plan."""
        return self.today + timedelta(days=self.learning_days - 1)

    @property
    def raised(self) -> bool:
        """Whether the deck's own new limit was raised to see every card in time."""
        return self.new_today > self.new_per_day

    def describe(self) -> str:
        """One sentence for the learner: the daily load until the exam."""
        head = f"Exam for {self.deck} on {self.exam_date.isoformat()}, in {plural(self.days_left, 'day')}"
        left = self.unseen - self.new_done
        if left <= 0:
            return f"{head}: every card has been seen; reviews only until then."
        per_day = min(self.new_today, self.unseen)
        why = f" (raised from your {self.new_per_day} a day)" if self.raised else ""
        done = f"{self.new_done} seen today, " if self.new_done else ""
        return (
            f"{head}: {plural(left, 'card')} not seen yet; {done}up to {per_day} new a day{why} "
            f"until {self.last_learning_day.isoformat()}, then reviews only."
        )


def exam_load(*, deck: str, exam_date: date, today: date, unseen: int, new_per_day: int,
              new_done: int = 0) -> ExamLoad:
    """Today's load for a deck whose exam is on `exam_date` (assumed after `today`).

    `unseen` counts the cards still unseen plus `new_done`, those introduced today: the cards unseen
    at the start of the day (see the module docstring).
    """
    needed = math.ceil(unseen / learning_days(today, exam_date)) if unseen > 0 else 0
    return ExamLoad(deck=deck, exam_date=exam_date, today=today, unseen=unseen, new_per_day=new_per_day,
                    new_today=max(new_per_day, needed), new_done=new_done)


@dataclass(frozen=True, slots=True)
class ExamCard:
    """An active card as readiness sees it.

    Attributes:
        id: The card's id.
        context: Its heading path (its section of the notes).
        due: Its due date; None when never seen.
        interval: Its SM-2 interval in days.
        last_review: The day of its last scheduled grade (None: `due - interval` stands in).
        memory: FSRS's memory state, for a card of an FSRS deck.
        scheduler: The deck's scheduler: under FSRS, recall is FSRS's own retrievability and a card
            is ready when it is at least 0.9 on the day, the bar 0.9^(t/I) sets for SM-2 (t <= I).
    """

    id: int
    context: tuple[str, ...]
    due: date | None
    interval: int
    last_review: date | None = None
    memory: FsrsMemory | None = None
    scheduler: DeckScheduler = SM2

    def last_seen(self) -> date | None:
        if self.due is None:
            return None
        if self.last_review is not None:
            return self.last_review
        return self.due - timedelta(days=self.interval)

    def recall_on(self, day: date) -> float:
        if self.scheduler.is_fsrs and self.memory is not None and self.due is not None:
            return self.scheduler.retrievability(self.memory, day)
        return predicted_recall(self.last_seen(), self.interval, day)

    def ready_on(self, day: date) -> bool:
        if self.scheduler.is_fsrs and self.memory is not None and self.due is not None:
            return self.recall_on(day) >= RECALL_AT_INTERVAL
        return is_ready(self.last_seen(), self.interval, day)


@dataclass(frozen=True, slots=True)
class SectionReadiness:
    """Readiness of one section (heading path) of a deck."""

    context: tuple[str, ...]
    cards: int
    ready: int
    mean_recall: float


@dataclass(frozen=True, slots=True)
class Readiness:
    """A deck's predicted state on the exam day.

    Attributes:
        cards: Active cards.
        seen: Of those, cards reviewed at least once.
        ready: Of those, cards whose predicted recall on the exam day is at least 0.9.
        mean_recall: The mean predicted recall (0.0 with no cards).
        weakest: Up to `WEAKEST_SECTIONS` sections with cards not ready, lowest mean recall first.
    """

    cards: int
    seen: int
    ready: int
    mean_recall: float
    weakest: tuple[SectionReadiness, ...]

    @property
    def share(self) -> float:
        """Share of the cards that are ready (0.0 with no cards)."""
        return self.ready / self.cards if self.cards else 0.0


def readiness(cards: Iterable[ExamCard], exam_date: date) -> Readiness:
    """Readiness of a deck's active cards for an exam on `exam_date`."""
    total = seen = ready = 0
    recall_sum = 0.0
    sections: dict[tuple[str, ...], list[tuple[bool, float]]] = {}
    for card in cards:
        p = card.recall_on(exam_date)
        ok = card.ready_on(exam_date)
        total += 1
        seen += card.due is not None
        ready += ok
        recall_sum += p
        sections.setdefault(tuple(card.context), []).append((ok, p))
    summaries = [
        SectionReadiness(context=context, cards=len(rows), ready=sum(ok for ok, _ in rows),
                         mean_recall=sum(p for _, p in rows) / len(rows))
        for context, rows in sections.items()
    ]
    weakest = sorted((s for s in summaries if s.ready < s.cards), key=lambda s: (s.mean_recall, s.context))
    return Readiness(cards=total, seen=seen, ready=ready, mean_recall=recall_sum / total if total else 0.0,
                     weakest=tuple(weakest[:WEAKEST_SECTIONS]))


class ExamLoadJson(TypedDict):
    """An exam's load today, in `exam --json`."""

    new_per_day: int
    new_today: int
    raised: bool
    unseen_at_day_start: int
    learning_days: int
    last_learning_day: str


class SectionJson(TypedDict):
    """One of the weakest sections, in `exam --json`."""

    section: list[str]
    cards: int
    ready: int
    mean_recall: float


class ReadinessJson(TypedDict):
    """A deck's readiness, in `exam --json`."""

    ready: int
    share: float
    mean_recall: float
    weakest: list[SectionJson]


class DeckTodayJson(TypedDict):
    """A deck's part of today's queue: reviews and new cards the quiz shows."""

    due: int
    new: int


class ExamStatusJson(TypedDict):
    """One exam in `exam --json` (the contract: tests/test_exam.py pins it)."""

    deck: str
    exam_date: str
    days_left: int
    cards: int
    seen: int
    unseen: int
    due_today: int
    today: DeckTodayJson
    load: ExamLoadJson | None
    readiness: ReadinessJson


@dataclass(frozen=True, slots=True)
class ExamStatus:
    """One exam as `flashcards exam` lists it.

    Attributes:
        deck: The deck's name.
        exam_date: The exam day.
        today: The review day of the listing.
        load: Today's load while the exam is ahead, else None.
        due_today: Active cards of the deck due today (overdue included).
        readiness: The deck's readiness for the exam day.
        queued_due: Reviews of the deck in today's queue (after the limits and siblings): what `due`
            and the quiz show, and so what the listing's "Today" says.
        queued_new: New cards of the deck in today's queue.
    """

    deck: str
    exam_date: date
    today: date
    load: ExamLoad | None
    due_today: int
    readiness: Readiness
    queued_due: int = 0
    queued_new: int = 0

    @property
    def days_left(self) -> int:
        return (self.exam_date - self.today).days

    def to_dict(self) -> ExamStatusJson:
        """The `exam --json` shape of this exam."""
        ready, load = self.readiness, self.load
        return {
            "deck": self.deck, "exam_date": self.exam_date.isoformat(), "days_left": self.days_left,
            "cards": ready.cards, "seen": ready.seen, "unseen": ready.cards - ready.seen,
            "due_today": self.due_today, "today": {"due": self.queued_due, "new": self.queued_new},
            "load": None if load is None else {
                "new_per_day": load.new_per_day, "new_today": load.new_today, "raised": load.raised,
                "unseen_at_day_start": load.unseen, "learning_days": load.learning_days,
                "last_learning_day": load.last_learning_day.isoformat(),
            },
            "readiness": {
                "ready": ready.ready, "share": ready.share, "mean_recall": ready.mean_recall,
                "weakest": [{"section": list(s.context), "cards": s.cards, "ready": s.ready,
                             "mean_recall": s.mean_recall} for s in ready.weakest],
            },
        }


@dataclass(frozen=True)
class ExamChange:
    """What setting or clearing an exam changed.

    Attributes:
        deck: The deck's name.
        exam_date: The exam day now set, or None once cleared.
        previous: The exam day set before, if any.
        capped: Cards that were due after the new exam day and now come back by it.
        uncapped: Cards the previous exam had capped that got their own SM-2 due date back.
    """

    deck: str
    exam_date: date | None
    previous: date | None
    capped: int
    uncapped: int
