"""Fuzzing the extractor at CI size (issue 16): it never raises, never loses a whole note to an
internal error and never loses a block to recursion, whatever the note's shape or damage.

Hypothesis builds Markdown-ish text (and deep nesting of every kind); the mutation generator damages
the real notes of `../shared/corpus/` (truncation, flipped bytes, NUL, CR-only, BOM, nested HTML,
huge lines, 10k-item lists, deep nesting); the pathological shapes run at a small size. Timings are
the slow mode's business (`python -m tests.fuzz --count 100000`), never asserted here.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import mutations
from tests.fuzz.harness import Outcome, run_one
from tests.fuzz.inputs import MARKDOWN_PIECES, make_input
from tests.fuzz.shapes import SHAPES


def _assert_kept(outcome: Outcome) -> None:
    assert outcome.exception is None, outcome.exception
    assert outcome.note_lost is None, outcome.note_lost
    assert outcome.recursion_blocks == [], outcome.recursion_blocks
    assert outcome.error_blocks == [], outcome.error_blocks


MARKS = st.sampled_from(["*", "_", "**", "~~", "==", "[", "](x)", "`", "<b>", "</b>", "<div>", "> ", "- ",
                         "1. ", "  ", "\t", "|", "#", "=", "-", "\\", "{{c1::", "}}", "::", "\ufeff", "\x00"])
MARKDOWNISH = st.lists(
    st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=20), MARKS), max_size=80
).map(lambda pieces: "".join(piece + ("\n" if len(piece) > 3 else "") for piece in pieces))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWNISH, st.sampled_from(["\n", "\r\n", "\r"]))
def test_markdownish_text_keeps_every_block(text: str, newline: str) -> None:
    _assert_kept(run_one(text.replace("\n", newline), "hypothesis"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(MARKS, min_size=1, max_size=4).map("".join),
    st.integers(min_value=33, max_value=1500),
    st.sampled_from(["x", "`ls`: list", "**T**: d", "==c==", ""]),
)
def test_any_mark_nested_deep_keeps_every_block(mark: str, depth: int, middle: str) -> None:
    """Opening marks repeated `depth` times (and closed, or not): never a RecursionError."""
    closing = mark[::-1].replace("[", "]").replace("<", "</")
    for text in (mark * depth + middle + closing * depth, mark * depth + middle, "\n".join([mark * depth] * 3)):
        _assert_kept(run_one("# T\n\n- `ls`: list the folder\n\n" + text, "nested"))


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_pathological_shape_keeps_every_block(name: str) -> None:
    _assert_kept(run_one(SHAPES[name](3_000), name))


def test_the_card_before_a_pathological_line_is_kept() -> None:
    """One bad line costs its block only: the card above it survives every shape."""
    for name, shape in SHAPES.items():
        text = "# T\n\n- `ls`: list the folder\n\n" + shape(2_000)
        extraction = run_one(text, name)
        _assert_kept(extraction)
        assert extraction.cards >= 1, name


NOTES = mutations.corpus_notes()


def test_the_corpus_is_here_to_mutate() -> None:
    if not NOTES:
        pytest.skip(f"the corpus is absent ({mutations.CORPUS}); the mutation fuzz cannot run")
    assert len(NOTES) >= 10


@pytest.mark.parametrize("batch", range(4))
def test_mutated_corpus_notes_keep_every_block(batch: int) -> None:
    if not NOTES:
        pytest.skip(f"the corpus is absent ({mutations.CORPUS})")
    for index in range(batch * 50, batch * 50 + 50):
        text, label = make_input(NOTES, 16, index)
        _assert_kept(run_one(text, f"input {index}: {label}"))


@pytest.mark.parametrize("mutation", [m for m, _ in mutations.MUTATIONS], ids=lambda m: m.__name__)
def test_each_mutation_of_a_real_note_keeps_every_block(mutation: mutations.Mutation) -> None:
    if not NOTES:
        pytest.skip(f"the corpus is absent ({mutations.CORPUS})")
    rng = random.Random(mutation.__name__)
    for _ in range(3):
        text = mutation(mutations.excerpt(rng.choice(NOTES), rng, most=40), rng)
        _assert_kept(run_one(text, mutation.__name__))


def test_the_harness_sees_a_lost_note_and_a_lost_block(monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness itself can fail: a rule raising RecursionError is a lost block, the note's
    parser raising is a lost note."""
    import flashcards.core.extract as extractor

    def deep(*args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(extractor, "read_table", deep)
    outcome = run_one("| a | b |\n|---|---|\n| x | y |\n", "table")
    assert outcome.recursion_blocks and outcome.note_lost is None
    monkeypatch.setattr(extractor, "build_document", deep)
    assert run_one("x", "any").note_lost is not None


def test_the_slow_mode_reports_and_replays() -> None:
    """`python -m tests.fuzz` at a tiny count prints every figure of the report."""
    import contextlib
    import io

    from tests.fuzz.__main__ import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["--count", "20", "--seed", "3", "--min-size", "100"])
    report = out.getvalue()
    assert status == 0, report
    for line in ("exceptions raised: 0", "whole notes lost to an internal error: 0",
                 "blocks lost to recursion: 0", "slowest inputs", "worst s/MB"):
        assert line in report
    assert make_input(NOTES, 3, 7) == make_input(NOTES, 3, 7)


def test_a_heading_over_a_lone_colon_and_code_keeps_its_block() -> None:
    """Found by the slow mode (input 5785 of seed 16): a line that is only `:` (or bold `:`) between a
    heading and a code block left an empty qualifier, and reading it lost the heading's block."""
    for text in ("## Delete images\n\n:\n\n```\nx\n```\n", "## Delete images\n\n**:**\n\n    x\n"):
        _assert_kept(run_one(text, "lone colon"))
