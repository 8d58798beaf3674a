"""What `flashcards export anki|csv` prints: what was written where, and what was left out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flashcards.core.vocabulary import plural

if TYPE_CHECKING:
    from flashcards.application.results import ExportReport


def print_export(report: ExportReport) -> None:
    """`Wrote N notes [in D decks] to FILE[, with progress ...][; skipped R retired cards].`

    With progress, a reminder on stderr: Anki imports it only when its import dialog is told to.
    """
    from flashcards.ui import err, out, plain

    message = f"Wrote {plural(report.notes, 'note')}"
    if report.decks is not None:
        message += f" in {plural(report.decks, 'deck')}"
    message += f" to {report.path}"
    if report.progress is not None:
        message += (f", with progress for {plural(report.progress.review_cards, 'card')} and "
                    f"{plural(report.progress.revlog_rows, 'review')}")
    if report.retired:
        message += f"; skipped {plural(report.retired, 'retired card')}"
    out().print(plain(message + "."), soft_wrap=True)
    if report.progress is not None:
        err().print(plain('In Anki\'s import dialog, tick "Import any learning progress" to keep it.'),
                    soft_wrap=True)
