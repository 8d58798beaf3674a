"""The quiz's lines around the cards: notices, what a grade did, undo, skip, choices, the editor.

The cards themselves (front, back, verdict, summary) are drawn by `flashcards.ui`; everything the quiz
says besides them is worded here, so `cli/quiz.py` only decides *what* happened.
"""

from __future__ import annotations


from collections.abc import Sequence
from typing import TYPE_CHECKING

from flashcards import ui

from flashcards.core.vocabulary import CORRECT_GRADE, plural

if TYPE_CHECKING:
    from flashcards.core.answers import Verdict
    from flashcards.core.quiz_items import GradeOutcome, QuizCard
    from flashcards.core.session import GradeRecord, Summary
    from flashcards.ui import CardView


def front(view: CardView, *, repeat: bool) -> None:
    """A blank line, then the card's question (marked when it is a same-session repeat)."""
    hint = f"again (graded below {int(CORRECT_GRADE)} earlier)" if repeat else ""
    ui.out().print(ui.render_front(view, hint=hint, blank_first=True))


GRADE_LEGEND = "0 blank · 1 wrong · 2 almost · 3 hard · 4 hesitated · 5 perfect"
"""What the grades mean, in one short line above the grade prompt (`flashcards quiz --help` says more)."""


def grade_legend() -> None:
    ui.out().print(ui.plain(GRADE_LEGEND, "dim"), soft_wrap=True)


def back(view: CardView) -> None:
    ui.out().print(ui.render_back(view))


def verdict(answer: str, verdict: Verdict) -> None:
    """What the checker thinks of the typed answer (or the picked option), with its suggested grade."""
    ui.out().print(ui.render_verdict(answer, verdict.suggested_grade, verdict.reason))


def summary(summary: Summary, *, seconds: float, due_tomorrow: int) -> None:
    """The session's end: cards, grades, share correct, time, and what is due tomorrow."""
    ui.out().print()
    ui.out().print(ui.render_summary(
        cards=summary.cards, grades=summary.grades, correct_percent=summary.correct_percent,
        seconds=seconds, due_tomorrow=due_tomorrow), soft_wrap=True)


def notices(lines: Sequence[str]) -> None:
    """What the learner is told before the first card (an exam's load, a backlog to catch up on)."""
    for line in lines:
        ui.out().print(ui.plain(line), soft_wrap=True)


def nothing_to_study(due_tomorrow: int) -> None:
    ui.out().print(ui.plain(
        f"Nothing to study now. Due tomorrow: {due_tomorrow}. Study ahead with: flashcards quiz --cram"
    ), soft_wrap=True)


def builtin_imported(names: list[str], cards: int) -> None:
    ui.out().print(ui.plain(
        f"Your collection was empty: imported the {builtin_decks(names)} ({plural(cards, 'card')})."),
        soft_wrap=True)


def builtin_decks(names: list[str]) -> str:
    """`built-in deck docker`, or `built-in decks a, b`."""
    return f"built-in deck{'' if len(names) == 1 else 's'} {', '.join(names)}"


def cram_banner() -> None:
    ui.out().print(ui.plain("Cram session: grades are logged but no card's schedule changes.", "dim"))


def skipped() -> None:
    ui.out().print(ui.plain("Skipped: it stays due for the next session.", "dim"))


def rejected_grade(message: str) -> None:
    ui.err().print(ui.plain(message), soft_wrap=True)


def graded(record: GradeRecord, outcome: GradeOutcome, *, scheduled: bool) -> None:
    """`Saved: next review … ; it comes back later in this session.`, and the leech warning."""
    said = ["Saved"]
    if scheduled and outcome.after.due is not None:
        said.append(f"next review {outcome.after.due.isoformat()} (in {plural(outcome.after.interval, 'day')})")
    if record.requeued:
        said.append("it comes back later in this session")
    console = ui.out()
    console.print(ui.plain(": ".join(said[:2]) + "; ".join([""] + said[2:]) + ".", "dim"), soft_wrap=True)
    if outcome.became_leech:
        console.print(ui.plain(
            f"This card has lapsed {outcome.after.lapses} times: it is now suspended and tagged 'leech'. "
            f"Rewrite it in your notes, then `flashcards unsuspend {outcome.card_id}`.", "bold yellow"),
            soft_wrap=True)


def graded_elsewhere() -> None:
    """A card another quiz on the collection graded since this one planned: not saved, skipped."""
    ui.out().print(ui.plain("Not saved: another quiz on this collection graded this card meanwhile; skipped.",
                            "dim"), soft_wrap=True)


def undo_refused(record: GradeRecord) -> None:
    ui.err().print(ui.plain(
        f"Cannot undo grade {record.quality} of card {record.card_id}: another quiz graded it since; "
        "your grade stands."), soft_wrap=True)


def nothing_to_undo() -> None:
    ui.err().print(ui.plain("Nothing to undo in this session."))


def undone(record: GradeRecord) -> None:
    ui.out().print(ui.plain(f"Undone: grade {record.quality} of card {record.card_id}; it is shown again."))


def choices(options: Sequence[str]) -> None:
    """The numbered options of a multiple-choice question."""
    console = ui.out()
    for number, option in enumerate(options, start=1):
        console.print(ui.plain(f"  {number}) {ui.one_line(option, 72)}"), soft_wrap=True)


def not_an_option(key: str, count: int) -> None:
    """A key that names none of the options: nothing is recorded, the same question is asked again."""
    from flashcards.core.vocabulary import escape_controls

    ui.err().print(ui.plain(f"{escape_controls(key)} is not one of the options 1-{count}"), soft_wrap=True)


def no_editor(card: QuizCard) -> None:
    """`e` with no editor set anywhere: how to set one, and where the card is, to open it by hand."""
    ui.err().print(ui.plain(
        f"No editor set: run `flashcards config editor NAME` or set $EDITOR; "
        f"this card is at {ui.shown_path(card.source_path)}:{card.source_line}"), soft_wrap=True)


def editor_failed(editor: str, source: str, reason: str) -> None:
    """The editor (named with where it was set, to fix it there) could not be started."""
    ui.err().print(ui.plain(f"Could not start the editor {editor} (from {source}): {reason}"), soft_wrap=True)


def edited() -> None:
    ui.out().print(ui.plain("Your edit is read when the next quiz starts (or now with `flashcards sync`).", "dim"))
