"""What `flashcards exam` prints: the exams listed, and the change `--date` or `--clear` made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flashcards.core.vocabulary import plural

if TYPE_CHECKING:
    from flashcards.application.exams import ExamSet
    from flashcards.core.exam import ExamChange, ExamStatus


def print_exams(statuses: list[ExamStatus]) -> None:
    """The exams with days left, load and readiness, or how to set the first one."""
    from flashcards.ui import out, plain
    from flashcards.ui.charts import render_exams

    if not statuses:
        out().print(plain("No exam set. Set one with: flashcards exam DECK --date YYYY-MM-DD"))
        return
    out().print(render_exams(statuses))


def print_exam_set(result: ExamSet) -> None:
    """The exam day (and the one it moved from), today's load, the cards capped, and readiness now."""
    from flashcards.ui import out, plain

    status, day = result.status, result.exam_date
    console = out()
    moved = f" (moved from {result.moved_from.isoformat()})" if result.moved_from is not None else ""
    console.print(plain(f"Exam for {result.change.deck} set on {day.isoformat()}{moved}, "
                        f"{plural((day - result.today).days, 'day')} from today."), soft_wrap=True)
    if status.load is not None:
        console.print(plain(status.load.describe()), soft_wrap=True)
    if result.change.capped:
        console.print(plain(f"{plural(result.change.capped, 'card')} that were due after the exam now come back by "
                            f"{day.isoformat()}."), soft_wrap=True)
    console.print(plain(f"Ready today: {round(status.readiness.share * 100)}% of "
                        f"{plural(status.readiness.cards, 'card')}. See `flashcards exam` as you go."), soft_wrap=True)


def print_exam_cleared(change: ExamChange) -> None:
    """The exam removed, and how many cards got their own due date back."""
    from flashcards.ui import out, plain

    line = plain(f"Exam of {change.deck} on {change.previous} removed; normal intervals resume")
    line.append(f" ({plural(change.uncapped, 'card')} got their own due date back)." if change.uncapped else ".")
    out().print(line, soft_wrap=True)
