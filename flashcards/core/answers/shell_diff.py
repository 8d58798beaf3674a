"""The differences found between two commands, and how they become a grade and a reason.

Each difference caps the grade; the final grade is the lowest cap, one lower again when two or more
differences cap it at 3 or below (the caps themselves are listed in `shell_compare`). Separate so the
grading rule lives in one small place, apart from the matching that finds the differences.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Issue:
    """One difference: the highest grade it allows, and how the reason names it."""

    cap: int
    text: str
    what: str = ""  # "extra": something typed beyond the answer (a reverse flag card lets that be)


@dataclass
class Diff:
    """Differences found between two commands, and the notes worth telling on a match."""

    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cost: float = 0.0
    size: int = 1

    @property
    def grade(self) -> int:
        if not self.issues:
            return 5
        grade = min(issue.cap for issue in self.issues)
        if sum(issue.cap <= 3 for issue in self.issues) >= 2:
            grade -= 1
        return max(1, grade)

    @property
    def score(self) -> float:
        return max(0.0, 1.0 - self.cost / max(1, self.size))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def add(self, *, cap: int, text: str, cost: float, what: str = "") -> None:
        self.issues.append(Issue(cap=cap, text=text, what=what))
        self.cost += cost

    def absorb(self, other: Diff) -> None:
        self.issues.extend(other.issues)
        for note in other.notes:
            self.note(note)
        self.cost += other.cost
        self.size += other.size

    def reason(self, *, noun: str = "command") -> str:
        if not self.issues:
            return f"same {noun}" + (": " + "; ".join(self.notes) if self.notes else "")
        ordered = sorted(self.issues, key=lambda issue: issue.cap)
        texts = list(dict.fromkeys(issue.text for issue in ordered))
        reason = "; ".join(texts[:2])
        if len(texts) > 2:
            reason += f"; and {len(texts) - 2} more"
        return reason


@dataclass(frozen=True)
class TokenMatch:
    """How one typed word meets one expected word; `filled` when a placeholder took it."""

    cap: int  # 5 same, 3 one-letter typo, 2 wrong (or a subshell's own grade)
    detail: str
    filled: bool = False
    notes: tuple[str, ...] = ()
