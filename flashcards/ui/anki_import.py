"""What `flashcards import-anki` prints: what the package holds, the plan, then what was written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flashcards.core.vocabulary import plural

if TYPE_CHECKING:
    from flashcards.application.anki_import import AnkiImportReport

_FORMATS = {"current": "Anki's current format", "legacy": "Anki's legacy format"}


def import_lines(report: AnkiImportReport) -> list[str]:
    """The report as lines of plain text (the plan first, so a dry run shows what a run would do)."""
    plan = report.plan
    lines = [f"Read {report.shown}: {plural(report.notes, 'note')}, {plural(report.cards, 'card')},"
             f" {plural(report.entries, 'review')} ({_FORMATS.get(report.format, report.format)})."]
    matched = f"Matched {plural(plan.matched_cards, 'card')} with cards here"
    if plan.unknown_notes:
        matched += f"; {plural(plan.unknown_notes, 'note')} not in this collection"
    lines.append(matched + ".")
    days = report.days
    if days is not None:
        when = f"on {days[0].isoformat()}" if days[0] == days[1] else f"{days[0].isoformat()} to {days[1].isoformat()}"
        lines.append(f"To append: {plural(len(plan.reviews), 'review')} of {plural(len(plan.cards), 'card')}, {when}.")
    elif report.entries == 0:
        lines.append('The package holds no review history: in Anki, export it with "Include scheduling'
                     ' information" ticked.')
    else:
        lines.append("Nothing to append: no review in the package is newer than the log here.")
    reasons = []
    if plan.manual:
        reasons.append(plural(plan.manual, "manual schedule change"))
    if plan.already:
        reasons.append(f"{plan.already} already in the log")
    if plan.older:
        reasons.append(f"{plan.older} older than the card's last review here")
    if plan.elsewhere:
        reasons.append(f"{plan.elsewhere} of cards not here")
    if plan.future:
        reasons.append(f"{plan.future} dated after now (for a later import)")
    if reasons:
        lines.append(f"Skipped {plural(plan.skipped, 'review')}: {', '.join(reasons)}.")
    if report.tagged:
        verb = "To keep" if report.dry_run else "Kept"
        lines.append(f"{verb} the Anki tags of {plural(report.tagged, 'note')} (yours, not flashcards::), for the"
                     " next export.")
    if report.dry_run:
        lines.append("Dry run: nothing was written.")
    elif plan.reviews:
        lines.append(f"Appended {plural(len(plan.reviews), 'review')}; each card's schedule is SM-2's replay of"
                     " its log.")
    return lines


def print_anki_import(report: AnkiImportReport) -> None:
    """Print the report: the line naming the file whole (as `export` prints its file, never broken
    inside the name), the others wrapped between words to the terminal's width."""
    import textwrap

    from flashcards.ui import out, plain

    console = out()
    first, *rest = import_lines(report)
    console.print(plain(first), soft_wrap=True)
    for line in rest:
        wrapped = textwrap.fill(line, width=console.width, break_long_words=False, break_on_hyphens=False)
        console.print(plain(wrapped), soft_wrap=True)
