"""What `flashcards export anki|csv` prints: what was written where, and what became of retired cards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flashcards.core.vocabulary import plural

if TYPE_CHECKING:
    from flashcards.application.results import ExportReport

RETIRED_TAG = "flashcards::retired"

# Anki's package import never changes a card it already has (its suspension included), only the note.
RETIRED_IN_ANKI = (f"Anki does not suspend the cards it already has: search tag:{RETIRED_TAG} in its browser "
                   "and suspend them there.")
PROGRESS_REMINDER = 'In Anki\'s import dialog, tick "Import any learning progress" to keep it.'
# Anki never updates the scheduling of a card it already has from a package (only the note's text), so
# a learner re-exporting progress must be told where it goes instead.
ANKI_KEEPS_ITS_OWN = ("Anki keeps its own progress for notes it already has: bring that here with "
                      "`flashcards import-anki`, or import this file into a fresh Anki profile.")


def print_export(report: ExportReport) -> None:
    """`Wrote N notes [(C cards)] [in D decks] to FILE[, with progress ...][; retired cards ...].`

    With progress, two reminders on stderr: Anki imports it only when its import dialog is told to,
    and only for notes it does not have yet.
    """
    from flashcards.ui import err, out, plain, shown_path

    message = f"Wrote {plural(report.notes, 'note')}"
    if report.cards is not None and report.cards != report.notes:
        message += f" ({plural(report.cards, 'card')})"
    if report.decks is not None:
        message += f" in {plural(report.decks, 'deck')}"
    message += f" to {report.path}"
    if report.progress is not None:
        message += (f", with progress for {plural(report.progress.review_cards, 'card')} and "
                    f"{plural(report.progress.revlog_rows, 'review')}")
    if report.retired and report.retired_included:
        message += f"; {plural(report.retired, 'retired card')} suspended and tagged {RETIRED_TAG}"
    elif report.retired:
        message += f"; skipped {plural(report.retired, 'retired card')}"
    out().print(plain(message + "."), soft_wrap=True)
    if report.pictures_left_behind:
        shows = "shows" if report.pictures_left_behind == 1 else "show"
        err().print(plain(f"warning: {plural(report.pictures_left_behind, 'card')} {shows} a picture, and the CSV "
                          "text format carries no files: `flashcards export anki` packages them"), soft_wrap=True)
    for path, line, target in report.missing_images:
        err().print(plain(f"warning: {shown_path(path)}:{line}: image {target} not found; "
                          "the note shows it missing"), soft_wrap=True)
    if report.retired and report.retired_included:
        err().print(plain(RETIRED_IN_ANKI), soft_wrap=True)
    if report.progress is not None:
        err().print(plain(PROGRESS_REMINDER), soft_wrap=True)
        if report.progress.review_cards:
            err().print(plain(ANKI_KEEPS_ITS_OWN), soft_wrap=True)
