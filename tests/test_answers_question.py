"""Reading the card's question to judge a command with a flag or value left out (issue 14, item 4).

Each rule is shown on small examples of our own from two fields (not rows of the grading table), with a
near case on the other side of the rule, and the exact reason the learner reads.
"""

from __future__ import annotations

import pytest

from flashcards.core.answers import check_answer


@pytest.mark.parametrize(
    ("typed", "expected", "front", "grade", "reason"),
    [
        # The question names three of the segment's flags: one item of that list left out is a 3.
        ("grep -ri TODO .", "`grep -rin TODO .`", "Search recursively, ignoring case, showing line numbers", 3,
         "missing flag -n (one of the 3 things the question asks for)"),
        ("pip install --upgrade --user requests", "`pip install --upgrade --user --quiet requests`",
         "Upgrade a package for this user only, quietly", 3,
         "missing flag --quiet (one of the 3 things the question asks for)"),
        # Where it names only two, each is the point.
        ("grep -r -i TODO .", "`grep -r -i -n TODO .`", "Search recursively and show line numbers", 2,
         "missing flag -n"),
        ("pip install --user requests", "`pip install --upgrade --user requests`",
         "Upgrade a package for this user only", 2, "missing flag --upgrade"),
        # The question calls the flag optional, in the clause that writes it.
        ("git commit", "`git commit -m <message>`", "record the staged changes, with an optional message given with -m",
         3, "missing flag -m <message> (the question calls it optional)"),
        ("gzip notes.txt", "`gzip -k notes.txt`", "compress a file, keeping the original with the optional -k", 3,
         "missing flag -k (the question calls it optional)"),
        # "optional" about something else in the question forgives nothing.
        ("gzip notes.txt", "`gzip -k notes.txt`", "compress a file keeping the original with -k, optionally verbose",
         2, "missing flag -k"),
        # A segment that feeds a pipeline is judged with the pipeline; the last segment makes the result.
        ("ps | wc -l", "`ps -e | wc -l`", "Count the processes on the machine", 3,
         "missing flag -e (the question does not ask for it)"),
        ("du . | sort -n", "`du -a . | sort -n`", "Order disk usage from small to large", 3,
         "missing flag -a (the question does not ask for it)"),
        ("ps -e | wc", "`ps -e | wc -l`", "Count the processes on the machine", 2, "missing flag -l"),
        # After && the first command does not feed the second.
        ("make && ./run", "`make -j && ./run`", "Build the project, then start it", 2, "missing flag -j"),
        # A flag's path or glob left out: the flag, which was asked, is there.
        ("tar -xf backup.tar -C", "`tar -xf backup.tar -C /srv/restore`", "Unpack an archive into another folder",
         3, "right flag -C; its path '/srv/restore' was left out"),
        ("ls -I", "`ls -I '*.tmp'`", "List files, hiding the temporary ones", 3,
         "right flag -I; its path '*.tmp' was left out"),
        # Any other value says what the flag does.
        ("git commit -m", "`git commit -m 'fix typo'`", "record the staged changes with a message", 2,
         "missing 'fix typo'"),
    ],
)
def test_the_question_decides_what_a_left_out_flag_costs(
    typed: str, expected: str, front: str, grade: int, reason: str
) -> None:
    verdict = check_answer(typed, expected, "command", front=front)
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)


def test_without_the_question_nothing_is_forgiven() -> None:
    verdict = check_answer("grep -ri TODO .", "`grep -rin TODO .`", "command")
    assert (verdict.suggested_grade, verdict.reason) == (2, "missing flag -n")
