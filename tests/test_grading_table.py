"""The grading table: typed answers to real cards, graded by a careful teacher, against the checker.

`tests/data/grading_table.tsv` holds one typed answer a line (category, card kind, the teacher's grade,
the card's back, what was typed, the card's front where the checker needs it (cloze), and the card's
source: the seed deck or a corpus file). The grades were set before the checker was run over them.

Two figures are measured (issue 14, acceptance item 4): the checker's suggestion is within one grade of
the teacher's for at least 95 % of the rows (held), and below 3 where the teacher says correct (3+):
the goal is never; the test holds the figure reached so that it can only go down. A third is held
loosely, the other direction: wrong answers (teacher below 3) suggested 3 or more.

Run as a script for the per-category figures and the worst misses:

    .venv/bin/python tests/test_grading_table.py
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from flashcards.core.answers import check_answer

TABLE = Path(__file__).parent / "data" / "grading_table.tsv"
WITHIN_ONE_TARGET = 0.95
# Reached: 819 of 840 (97.5 %, was 811); held so that it can only go up.
WITHIN_ONE_HELD = 819
# The goal is none. Was 38, then 21; these 6 remain, each needing a fact no general rule of words holds:
# "limbs" for "appendages", "like -l" read as "long format", "isn't executed" for "ignored by the
# computer", "neural network" as the kind "feedforward network" is, "template from which containers
# are created" for "blueprint of an application environment" (words of the subject, a dictionary of
# it, which the checker may not have), and "podman search nginx" for "podman search --list-tags
# IMAGE_NAME" asked "How to list all the image tags", where the flag left out is the very thing the
# question names (the same shape the table calls wrong elsewhere: "docker run alpine sh" for
# "docker run --entrypoint ..."). The figure may only go down.
CORRECT_FAILS_CEILING = 6
# Wrong answers suggested a pass: 41 before the rounds that brought the figure above from 38; held.
WRONG_PASSES_CEILING = 41


@dataclass(frozen=True)
class Row:
    category: str
    kind: str
    grade: int
    expected: str
    typed: str
    front: str
    source: str


@dataclass(frozen=True)
class Result:
    row: Row
    suggested: int
    reason: str

    @property
    def within_one(self) -> bool:
        return abs(self.suggested - self.row.grade) <= 1

    @property
    def correct_failed(self) -> bool:
        """The teacher says correct (3+), the checker suggests a failing grade."""
        return self.row.grade >= 3 > self.suggested

    @property
    def wrong_passed(self) -> bool:
        """The teacher says wrong (below 3), the checker suggests a pass."""
        return self.row.grade < 3 <= self.suggested


def _unescape(text: str) -> str:
    out: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append("\n" if nxt == "n" else nxt)
        else:
            out.append(ch)
    return "".join(out)


def load_table(path: Path = TABLE) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Row(
                category=record["category"],
                kind=record["kind"],
                grade=int(record["grade"]),
                expected=_unescape(record["expected"]),
                typed=_unescape(record["typed"]),
                front=_unescape(record["front"]),
                source=record["source"],
            )
            for record in reader
        ]


def grade_table(rows: list[Row]) -> list[Result]:
    results = []
    for row in rows:
        verdict = check_answer(row.typed, row.expected, row.kind, front=row.front)
        results.append(Result(row=row, suggested=verdict.suggested_grade, reason=verdict.reason))
    return results


def report(results: list[Result], *, worst: int = 25) -> str:
    """Per-category figures and the worst misses, as plain text."""
    by_category: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_category[result.row.category.split(":")[0]].append(result)
    lines = [f"{'category':<12} {'rows':>5} {'within 1':>9} {'exact':>6} {'correct<3':>10} {'wrong>=3':>9}"]
    for category, group in sorted(by_category.items()) + [("ALL", results)]:
        within = sum(r.within_one for r in group)
        lines.append(
            f"{category:<12} {len(group):>5} {100 * within / len(group):>8.1f}% "
            f"{sum(r.suggested == r.row.grade for r in group):>6} "
            f"{sum(r.correct_failed for r in group):>10} {sum(r.wrong_passed for r in group):>9}"
        )
    misses = sorted(
        (r for r in results if not r.within_one or r.correct_failed),
        key=lambda r: (-r.correct_failed, -abs(r.suggested - r.row.grade)),
    )
    if misses:
        lines.append(f"\nworst misses ({len(misses)} outside one grade or failing a correct answer):")
    for r in misses[:worst]:
        lines.append(
            f"  teacher {r.row.grade} checker {r.suggested} [{r.row.category}, {r.row.kind}] "
            f"typed {r.row.typed!r} for {r.row.expected[:60]!r}: {r.reason}"
        )
    return "\n".join(lines)


def test_the_table_is_large_and_varied() -> None:
    rows = load_table()
    assert len(rows) >= 300
    categories = {row.category.split(":")[0] for row in rows}
    assert categories >= {
        "exact", "paraphrase", "negation", "word_order", "typo", "partial", "synonym", "command",
        "wrong", "empty",
    }
    non_trivial = sum(row.category != "exact" for row in rows)
    assert non_trivial >= 0.3 * len(rows)
    assert all(row.source.startswith(("seed:", "corpus:")) for row in rows)


def test_suggestions_are_within_one_grade_of_the_teacher() -> None:
    results = grade_table(load_table())
    within = sum(r.within_one for r in results)
    assert within / len(results) >= WITHIN_ONE_TARGET, report(results)
    assert within >= WITHIN_ONE_HELD, report(results)


def test_correct_answers_are_suggested_a_failing_grade_no_more_than_before() -> None:
    results = grade_table(load_table())
    failed = [r for r in results if r.correct_failed]
    assert len(failed) <= CORRECT_FAILS_CEILING, report(results)


def test_wrong_answers_are_rarely_suggested_a_pass() -> None:
    # The other direction: a checker that passed everything would meet the two figures above.
    results = grade_table(load_table())
    wrong = [r for r in results if r.row.grade < 3]
    passed = [r for r in wrong if r.wrong_passed]
    assert len(passed) <= 0.2 * len(wrong), report(results)
    assert len(passed) <= WRONG_PASSES_CEILING, report(results)


if __name__ == "__main__":
    print(report(grade_table(load_table()), worst=400))
