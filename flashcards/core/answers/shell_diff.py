"""The differences found between two commands, and how they become a grade and a reason.

Each difference caps the grade; the final grade is the lowest cap, one lower again when two or more
differences cap it at 3 or below (`Diff.grade`):

====  ===========================================================================================
cap   shell difference
====  ===========================================================================================
4     a required placeholder left out (``docker port`` for ``docker port <container-name>``, ``-p``
      for ``-p <external_port>:<internal_port>``): the thing being asked was recalled; a long flag
      whose name starts with the card's short letter (``--detach`` for ``-d``, ``--publish-all``
      for ``-P``: likely, not certain); an abbreviated long flag (``--net`` for ``--network``);
      empty brackets left out (``union`` for ``union()``); the method called on an object
      (``list1.copy()`` for ``copy()``), also with an argument (``set1.union(set2)``)
3     a one-letter typo in a word, a flag value or a long flag (the command would not run, so this
      is "nearly", never correct); an extra flag or word, or the arguments after the whole command
      (all that was asked is there); ``--rm`` written with one dash; a reverse flag card answered
      without its dash (``d`` for ``-d``); a short letter for the card's long flag (``-a`` for
      ``--all``); a long flag lengthened (``--detached`` for ``--detach``); a word written as a flag
      (``docker --version``); a Dockerfile line without its instruction keyword; two letters of a
      short word swapped (``docker sp``); another value of the same shape as the card's example (a
      number, a path, a file of the same type: ``EXPOSE 8080`` for ``EXPOSE 5000``), or an
      instruction's one such value left out (``EXPOSE``); one modifier flag left out where most of
      the command is there and the question does not name the flag (``ls -lS`` for ``ls -lhS``
      asked as "List files by size"), or names it as one of three or more it asks for (``ls -la``
      for ``ls -lah``), or calls it optional ("an optional tag name with -t"); a segment that feeds
      a pipeline counts the rest of the pipeline as "most of the command" (``ls | wc -l`` for
      ``ls -1 | wc -l``; `shell_values.modifier_left_out`); a flag's path or glob left out (``ls -d``
      for ``ls -d */``: `shell_values.path_value_left_out`)
2     a wrong flag (``-p`` instead of ``-d``), a missing flag (also one the question names, one with
      a fixed value, a cluster, or inside ``$(...)``), a wrong or missing word or value, a
      different pipeline shape
1     a different program (``podman`` for ``docker``) or nothing in common
====  ===========================================================================================

Separate so the grading rule lives in one small place, apart from the matching (`shell_compare`) that
finds the differences and the judgements (`shell_values`) of which differences are choices or slips.
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
