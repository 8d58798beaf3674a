"""What `flashcards export anki|csv` prints: what was written where, and what was left out."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashcards.application.results import ExportReport


def print_export(report: ExportReport) -> None:
    """`Wrote N note(s) [in D deck(s)] to FILE[, with progress ...][; skipped R retired card(s)].`

    With progress, a reminder on stderr: Anki imports it only when its import dialog is told to.
    """
    from flashcards.ui import err, out, plain

    message = f"Wrote {report.notes} note(s)"
    if report.decks is not None:
        message += f" in {report.decks} deck(s)"
    message += f" to {report.path}"
    if report.progress is not None:
        message += (f", with progress for {report.progress.review_cards} card(s) and "
                    f"{report.progress.revlog_rows} review(s)")
    if report.retired:
        message += f"; skipped {report.retired} retired card(s)"
    out().print(plain(message + "."), soft_wrap=True)
    if report.progress is not None:
        err().print(plain('In Anki\'s import dialog, tick "Import any learning progress" to keep it.'),
                    soft_wrap=True)
