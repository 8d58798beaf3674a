"""How a typed answer's verdict is shown: the mark follows the suggested grade, never contradicting it.

Issue 14, item 4: a ✗ beside "3 of 3 key words" made learners stop trusting typed answers. The mark
is now ✓ for a passing grade (3 and up), ✗ only for a failing one, and a reason that counts every key
word as matched never comes with a failing grade. Exact text at 80 columns, with and without colour.
"""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from flashcards.core.answers import check_answer
from flashcards.ui import render_verdict


def _render(renderable: object, *, colour: bool, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, color_system="standard" if colour else None,
                      no_color=not colour, highlight=False, emoji=False, force_terminal=colour)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize(
    ("grade", "reason", "expected"),
    [
        (5, "exact match", "✓ You typed: docker ps\n  exact match; suggested grade 5\n"),
        (4, "the right key words", "✓ You typed: docker ps\n  the right key words; suggested grade 4\n"),
        (
            3,
            "the gist: 3 of 5 key words; missing: stopped, ones",
            "✓ You typed: docker ps\n  the gist: 3 of 5 key words; missing: stopped, ones; suggested grade 3\n",
        ),
        (2, "partly right: missing docker", "✗ You typed: docker ps\n  partly right: missing docker; suggested grade 2\n"),
        (
            3,
            "missing flag -h (the question does not ask for it)",
            "✓ You typed: docker ps\n  missing flag -h (the question does not ask for it); suggested grade 3\n",
        ),
        (
            3,
            "another value: '8080' where the card has '5000'",
            "✓ You typed: docker ps\n  another value: '8080' where the card has '5000'; suggested grade 3\n",
        ),
        (
            3,
            "the right instruction; its value '5000' was left out",
            "✓ You typed: docker ps\n  the right instruction; its value '5000' was left out; suggested grade 3\n",
        ),
        (
            3,
            "'80' fills only part of <external_port>:<internal_port>",
            "✓ You typed: docker ps\n  '80' fills only part of <external_port>:<internal_port>; suggested grade 3\n",
        ),
        (0, "no answer given", "✗ You typed: docker ps\n  no answer given; suggested grade 0\n"),
    ],
)
@pytest.mark.parametrize("colour", [False, True])
def test_verdict_text_at_80_columns(grade: int, reason: str, expected: str, colour: bool) -> None:
    output = _render(render_verdict("docker ps", grade, reason), colour=colour)
    assert _ANSI.sub("", output) == expected
    if not colour:
        assert "\x1b[" not in output


@pytest.mark.parametrize(("grade", "code"), [(5, "32"), (4, "32"), (3, "33"), (2, "31"), (1, "31"), (0, "31")])
def test_the_mark_is_green_yellow_or_red_with_colour(grade: int, code: str) -> None:
    output = _render(render_verdict("x", grade, "r"), colour=True)
    mark = "✓" if grade >= 3 else "✗"
    assert re.search(rf"\x1b\[1;{code}m{mark} ", output), output


def test_a_long_verdict_wraps_within_80_columns() -> None:
    reason = "the gist: 5 of 8 key words; missing: background, service, host, and a few more words"
    output = _render(render_verdict("manages building running and distributing containers " * 2, 3, reason),
                     colour=False)
    assert all(len(line) <= 80 for line in output.splitlines())
    assert output.startswith("✓ You typed: manages building")


@pytest.mark.parametrize(
    ("typed", "expected", "kind"),
    [
        ("detached", "Run in detached mode (in the background)", "flag"),
        ("client contacts daemon, daemon pulls image, daemon creates container", "1. The Docker client contacts "
         "the Docker daemon.\n2. The Docker daemon pulls the image.\n3. The Docker daemon creates a container.",
         "steps"),
        ("show all containers", "Show all containers, including stopped ones", "flag"),
    ],
)
def test_issue_examples_pass(typed: str, expected: str, kind: str) -> None:
    verdict = check_answer(typed, expected, kind)
    assert verdict.passing, verdict


_WORDS = "docker daemon container image remote registry host build run stop all running stopped the a of not".split()


@settings(max_examples=300, deadline=None)
@given(
    typed=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10).map(" ".join),
    expected=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10).map(" ".join),
    kind=st.sampled_from(["definition", "definition-reverse", "flag", "qa", "command-reverse"]),
)
def test_all_key_words_matched_never_shows_a_fail(typed: str, expected: str, kind: str) -> None:
    verdict = check_answer(typed, expected, kind)
    counted = re.search(r"\b(\d+) of (\d+) key words", verdict.reason)
    if counted and counted.group(1) == counted.group(2):
        assert verdict.passing, verdict
