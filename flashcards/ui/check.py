"""The `flashcards check` report: one line per check, `ok` or `FAIL`, after the database's URL."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashcards.application.results import CheckReport


def print_check(report: CheckReport) -> None:
    """The database checked, then each finding (the detail is our text, but may quote user data)."""
    from rich.text import Text

    from flashcards.ui import out

    console = out()
    console.print(Text(f"Database: {report.url}"), soft_wrap=True)
    for finding in report.findings:
        mark = Text("ok    ", style="green") if finding.ok else Text("FAIL  ", style="bold red")
        console.print(Text.assemble(mark, Text(f"{finding.check}: {finding.detail}")), soft_wrap=True)


def print_all_passed() -> None:
    """The closing line when nothing failed."""
    from flashcards.ui import out, plain

    out().print(plain("All checks passed."))
