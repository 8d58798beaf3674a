"""Plain results of the collection's methods that no JSON contract pins (what the screen shows).

Frozen values only: a renderer gets these and never an ORM object or a session.
"""

from __future__ import annotations

from dataclasses import dataclass

from flashcards.core.findings import Finding


@dataclass(frozen=True)
class CheckReport:
    """`flashcards check`: which database was checked (password hidden) and what each check found."""

    url: str
    findings: tuple[Finding, ...]

    @property
    def failed(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if not finding.ok)
