"""What made the extractor's time grow faster than the note (issue 16), each fixed in general code.

Timings are never asserted here (the benchmark and `python -m tests.fuzz` measure them); these tests
pin the behaviour of each fix: the one-pass tree builder gives markdown-it-py's tree, a unit of cloze
cards is rendered once yet gives the cards the per-deletion rendering gave, cloze cards of a long
paragraph or line show their line or sentence, and the cycle collector is always given back.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract import extract
from flashcards.core.extract.clozes import MAX_CLOZE_UNIT, MAX_CLOZES
from flashcards.core.extract.collector import collector_paused
from flashcards.core.extract.parser import _flatten_deep, _Node, markdown
from tests.fuzz.mutations import corpus_notes
from tests.fuzz.shapes import SHAPES

FIXTURES = Path(__file__).parent / "fixtures" / "notes"


def _shape(node: SyntaxTreeNode, depth: int = 0) -> list[tuple[object, ...]]:
    nester = node.nester_tokens
    rows: list[tuple[object, ...]] = [(
        depth, node.type, node.token, nester and (nester.opening, nester.closing),
        node.parent.type if node.parent is not None else None,
    )]
    for child in node.children:
        rows += _shape(child, depth + 1)
    return rows


def test_the_one_pass_tree_is_markdown_it_pys_tree() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.md"))]
    texts += corpus_notes()[:6] + [SHAPES[name](2_000) for name in sorted(SHAPES)]
    for text in texts:
        tokens = markdown().parse(text)
        for token in tokens:  # nesting bounded as the extractor bounds it (else the reference recurses)
            if token.children:
                _flatten_deep(token.children)
        assert _shape(_Node(tokens)) == _shape(SyntaxTreeNode(tokens))


def test_unbalanced_tokens_are_refused_as_markdown_it_py_refuses_them() -> None:
    tokens = markdown().parse("- a\n")
    with pytest.raises(ValueError):
        _Node(tokens[:-1])
    with pytest.raises(ValueError):
        _Node(tokens[1:])


def _clozes(text: str) -> dict[str, str]:
    return {card.front: card.back for card in extract(text, "note.md", "n").cards if card.kind == "cloze"}


def test_cloze_fronts_cut_from_one_rendering_read_as_before() -> None:
    """Emphasis and links around a deletion, a deletion in bold, two on one line: the fronts are what
    rendering the text again with `[...]` in place of each deletion gives."""
    assert _clozes("The **capital** is ==Paris==, see [the map](m).\n") == {
        "The capital is [...], see the map.": "The capital is Paris, see the map."}
    assert _clozes("A **==bold==** word and ==two== here.\n") == {
        "A [...] word and two here.": "A bold word and two here.",
        "A bold word and [...] here.": "A bold word and two here."}
    # a deletion in a link target does not come through a rendering: read one deletion at a time
    assert _clozes("See [x](==y==) and ==z== now.\n") == {"See x and [...] now.": "See x and z now."}


def test_a_long_paragraph_of_deletions_shows_each_its_line() -> None:
    lines = [f"Fact {n} is ==answer {n}== here." for n in range(MAX_CLOZES + 5)]
    cards = extract("\n".join(lines) + "\n", "note.md", "n").cards
    assert len(cards) == len(lines)
    assert [(card.front, card.back, card.source.line) for card in cards[:2]] == [
        ("Fact 0 is [...] here.", "Fact 0 is answer 0 here.", 1),
        ("Fact 1 is [...] here.", "Fact 1 is answer 1 here.", 2)]


def test_a_long_line_is_read_sentence_by_sentence_and_an_endless_one_is_skipped() -> None:
    sentences = " ".join(f"Fact {n} is ==answer {n}==." for n in range(MAX_CLOZES + 5))
    cards = extract(sentences + "\n", "note.md", "n").cards
    assert len(cards) == MAX_CLOZES + 5
    assert cards[0].front == "Fact 0 is [...]." and cards[0].back == "Fact 0 is answer 0."
    endless = "a ==b== c " * (MAX_CLOZE_UNIT // 4)
    extraction = extract("# T\n\n- `ls`: list\n\n" + endless + "\n", "note.md", "n")
    assert [card.kind for card in extraction.cards if card.kind == "cloze"] == []
    assert [(s.line, s.message) for s in extraction.skipped] == [
        (5, f"more than {MAX_CLOZES} deletions or {MAX_CLOZE_UNIT} characters in one sentence")]
    assert extraction.cards[0].front == "`ls`"


def test_the_collector_is_given_back_as_it_was() -> None:
    assert gc.isenabled()
    extract(SHAPES["many_list_items"](2_000), "note.md", "n")
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a rule broke")
    assert gc.isenabled()
    gc.disable()
    try:
        extract("- a\n", "note.md", "n")
        assert not gc.isenabled()  # the caller paused it: it stays paused
    finally:
        gc.enable()


def _strip_code_span_by_pattern(text: str) -> str:
    """The reading `strip_code_span` had as a back-referencing pattern (the reference)."""
    import re

    match = re.fullmatch(r"(`+)\s?(.*?)\s?\1", text.strip(), re.DOTALL)
    return match.group(2).strip() if match else text.strip()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="`` a\n\u00a0x", max_size=14))
def test_a_code_span_is_stripped_as_the_pattern_stripped_it(text: str) -> None:
    from flashcards.core.extract.text import strip_code_span

    assert strip_code_span(text) == _strip_code_span_by_pattern(text)


def test_outline_code_spans_are_whole_runs_of_backticks() -> None:
    from flashcards.core.extract.logseq import _CODE_SPAN

    assert [m.group(0) for m in _CODE_SPAN.finditer("a `x` b ``y`` c ```q` r")] == ["`x`", "``y``"]
    assert _CODE_SPAN.search("`" * 200_000 + "x") is None


def _acronym_forms_by_pattern(title: str) -> tuple[str, str] | None:
    """The reading `acronyms._forms` had as a pattern with two lazy runs (the reference)."""
    import re

    match = re.match(r"^(?P<long>[^()]*?[^\W\d_][^()]*?)\s*\((?P<short>[^()]+)\)\s*$", title)
    return None if match is None else (match.group("long").strip(), match.group("short").strip())


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aB1 ()\t_é", max_size=14))
def test_an_acronym_heading_is_split_as_the_pattern_split_it(title: str) -> None:
    from flashcards.core.extract.acronyms import _forms

    assert _forms(title) == _acronym_forms_by_pattern(title)


def test_a_huge_heading_is_cut_in_every_cards_context() -> None:
    """A 32 KB heading over a list: each card carried (and every rule compared) the whole line."""
    from flashcards.core.extract.document import MAX_TITLE

    text = "# " + "-" * 40_000 + "x\n\n" + "- **T**: d\n" * 300
    extraction = extract(text, "note.md", "n")
    assert len(extraction.cards) == 600  # each item: a definition and its reverse
    for card in extraction.cards:
        assert len(card.context[0]) == MAX_TITLE + 1 and card.context[0].endswith("…")
    assert extract("# " + "a" * MAX_TITLE + "\n\n- **T**: d\n", "note.md", "n").cards[0].context == ("a" * MAX_TITLE,)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab  \t\u00a0\r\x00\ue000\ufeff.,;'\"()|/?!#$%&*+-:<=>@[\\]^_`{}~")),
               max_size=16))
def test_a_line_without_markup_is_rendered_as_the_parser_renders_it(line: str) -> None:
    """The no-parse path of a plain line gives what parsing the line gives, for any characters."""
    from flashcards.core.extract.text import _render_line, render_inline
    from flashcards.core.extract.parser import parse_inline

    assert _render_line(line) == render_inline(parse_inline(line))


def test_a_paragraph_of_deletions_gives_each_card_its_own_line() -> None:
    """Line numbers of cloze units are counted on from the unit before (not from the paragraph's top)."""
    lines = [f"Fact {n} is ==answer {n}== here." if n % 3 else "plain line" for n in range(3 * MAX_CLOZES)]
    cards = extract("# T\n\n" + "\n".join(lines) + "\n", "note.md", "n").cards
    expected = [n + 3 for n in range(3 * MAX_CLOZES) if n % 3]
    assert [card.source.line for card in cards if card.kind == "cloze"] == expected


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 \t\u00a0\r\n\x00.)|'\"?!#*+-:<=>[]_`~&")), max_size=12))
def test_a_one_line_fragment_is_rendered_as_its_parsed_blocks(source: str) -> None:
    """The no-parse path of a plain one-line fragment gives what its parsed blocks give."""
    from flashcards.core.extract.parser import parse_tree
    from flashcards.core.extract.text import render_blocks, render_fragment

    assert render_fragment(source) == render_blocks(parse_tree(source).children)
