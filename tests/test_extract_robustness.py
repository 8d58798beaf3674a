"""The extractor never raises, whatever it is given, and its line numbers stay inside the file.

Hypothesis feeds it arbitrary text, random HTML fragments around `<dl>`/`<details>`, and Markdown built
from the structures the rules look for, with CRLF, lone CR and NUL bytes mixed in. Bad-input cases that
real notes contain (an unclosed `<dl>`, a tag missing its `>`, CRLF line endings, a byte-order mark, a
megabyte of notes) are pinned by example.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashcards.core.cards import KINDS, Extraction
from flashcards.core.extract import extract

FIXTURES = Path(__file__).parent / "fixtures" / "notes"


def _line_count(text: str) -> int:
    normalized = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return max(1, normalized.count("\n") + (0 if normalized.endswith("\n") else 1))


def _check(extraction: Extraction, text: str) -> None:
    """Invariants that hold for any input."""
    last = _line_count(text)
    for item in [*extraction.problems, *extraction.skipped]:
        assert 1 <= item.line <= last, (item, last)
        assert item.path == "note.md"
    for problem in extraction.problems:
        assert not problem.message.startswith(("internal error", "could not read")), problem
    keys = [card.key for card in extraction.cards]
    assert len(keys) == len(set(keys))
    known = set(keys)
    for card in extraction.cards:
        assert card.kind in KINDS
        assert 1 <= card.source.line <= last, (card, last)
        assert card.front.strip() and card.back.strip()
        assert card.sibling_key is None or card.sibling_key in known


HTML_PIECES = st.sampled_from(
    [
        "<dl>",
        "</dl>",
        "<dt>",
        "</dt>",
        "<dd>",
        "</dd>",
        "<details>",
        "</details>",
        "<summary>",
        "</summary>",
        "<b>",
        "</b>",
        "<em>",
        "</em>",
        "<br>",
        "<br/>",
        "<code>",
        "</code>",
        "<center>-</center>",
        '<a href="https://example.org">',
        "</a>",
        "<dd",
        "</dt",
        "<dl class='x'>",
        "<container-name>",
        "-it",
        "--rm",
        "-p <ext>:<int>",
        "Term",
        "A definition.",
        "`code`",
        "&amp;",
        "&rarr;",
        "&#x27;",
        "<!--SR:2021-08-12,16,250-->",
        "\n",
        "\n\n",
        "\r\n",
        "\x00",
        " ",
        "==cloze==",
        "::",
        "?",
    ]
)

MARKDOWN_LINES = st.sampled_from(
    [
        "# Title",
        "## run",
        "### arguments",
        "# Core commands",
        "## TODO",
        "TODO later",
        "- `docker ps` shows running containers",
        "- **Term**: definition",
        "- _Term_ - definition",
        "- term = value",
        "- a → b",
        "- [link](https://example.org)",
        "- plain prose bullet",
        "1. first step",
        "2. second step",
        "   1. nested step",
        "* `-d` detached",
        "- -x: flag",
        "```",
        "```sh",
        "```dockerfile",
        "# set a directory",
        "WORKDIR /app",
        "docker ps -a   # list all",
        "$ docker run hello",
        "output line",
        "Run this:",
        "**Q: what?**",
        "Q: why?",
        "A: because",
        "question::answer",
        "a:::b",
        "What is it?",
        "?",
        "??",
        "An ==important== fact",
        "term",
        ":   definition",
        "    continuation",
        "| Option | Description |",
        "|---|---|",
        "| `-a`, `--all` | show all |",
        "| | more |",
        "| x \\| y | z<br>w |",
        "<dl>",
        "<dt>-d</dt>",
        "<dd>Detached</dd>",
        "</dl>",
        "<details>",
        "<summary>Q?</summary><br><b>",
        "Answer",
        "</b></details>",
        "> quoted `cmd` does things",
        "---",
        "title: x",
        "",
        "{:auto_ids}",
        "\x00",
        "\ufeff# BOM",
        "**Summary**: it connects things",
        "### What is X?",
        "X is a thing.",
        "Or with details:",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    _check(extract(text, "note.md", "deck"), text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HTML_PIECES, max_size=60).map("".join))
def test_random_html_fragments_never_raise(text: str) -> None:
    _check(extract(text, "note.md", "deck"), text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(MARKDOWN_LINES, max_size=50),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from(["\x00", "\r", "<", "`", "*", "\t"])), max_size=3
    ),
)
def test_structured_markdown_never_raises(
    lines: list[str], newline: str, noise: list[tuple[int, str]]
) -> None:
    text = newline.join(lines)
    for position, character in noise:
        at = position % (len(text) + 1)
        text = text[:at] + character + text[at:]
    _check(extract(text, "note.md", "deck"), text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKDOWN_LINES.filter(lambda line: "\r" not in line and "\x00" not in line), max_size=40))
def test_crlf_and_lf_give_the_same_cards(lines: list[str]) -> None:
    lf = extract("\n".join(lines), "note.md", "deck")
    crlf = extract("\r\n".join(lines), "note.md", "deck")
    assert crlf.cards == lf.cards
    assert crlf.problems == lf.problems


def test_non_string_input_is_reported_not_raised() -> None:
    extraction = extract(None, "note.md", "deck")  # type: ignore[arg-type]
    assert extraction.cards == []


# --- bad input, by example --------------------------------------------------------------------------


def test_unclosed_dl_reports_its_line_and_keeps_the_entries() -> None:
    text = (FIXTURES / "unclosed-dl.md").read_text(encoding="utf-8")
    extraction = extract(text, "note.md", "deck")
    assert [(problem.line, problem.message.split(":")[0]) for problem in extraction.problems] == [
        (3, "unclosed <dl>")
    ]
    assert [card.front for card in extraction.cards if card.kind == "definition"] == ["Image", "Container"]
    assert [card.front for card in extraction.cards if card.kind == "command"] == ["lists containers"]


def test_broken_tag_is_repaired_and_reported() -> None:
    text = "# Terms\n<dl>\n  <dt>Image</dt>\n  <dd>A blueprint</dd\n  <dt>Container</dt>\n  <dd>An instance</dd>\n</dl>\n"
    extraction = extract(text, "note.md", "deck")
    assert [(problem.line, problem.message) for problem in extraction.problems] == [
        (4, "broken tag '</dd': missing '>'")
    ]
    assert {card.front: card.back for card in extraction.cards if card.kind == "definition"} == {
        "Image": "A blueprint",
        "Container": "An instance",
    }


def test_mismatched_closing_tag_is_reported() -> None:
    text = "<dl>\n<dt>Image</dd>\n<dd>A blueprint</dd>\n</dl>\n"
    extraction = extract(text, "note.md", "deck")
    assert [(problem.line, problem.message) for problem in extraction.problems] == [
        (2, "</dd> closes a <dt>")
    ]
    assert [card.front for card in extraction.cards] == ["Image", "A blueprint"]


def test_crlf_bom_and_cr_only_files_give_the_same_cards_as_lf() -> None:
    text = (FIXTURES / "cheat-sheet.md").read_text(encoding="utf-8")
    lf = extract(text, "note.md", "deck")
    assert lf.cards
    for variant in (
        text.replace("\n", "\r\n"),
        "\ufeff" + text,
        text.replace("\n", "\r"),
        "\ufeff" + text.replace("\n", "\r\n"),
    ):
        other = extract(variant, "note.md", "deck")
        assert other.cards == lf.cards
        assert other.problems == lf.problems


def test_nul_bytes_are_reported_with_their_line() -> None:
    extraction = extract("# T\n\n- **Term**: a\x00b\n", "note.md", "deck")
    assert [(problem.line, problem.message) for problem in extraction.problems] == [
        (3, "NUL bytes in the file (replaced by U+FFFD)")
    ]
    assert extraction.cards[0].back == "a\ufffdb"


def test_duplicate_keys_get_a_suffix_and_a_problem() -> None:
    text = "# T\n- **Term**: first meaning\n- **Term**: second meaning\n- **Term**: third meaning\n"
    extraction = extract(text, "note.md", "deck")
    anchors = [card.key.split("|")[3] for card in extraction.cards if card.kind == "definition"]
    assert anchors == ["Term", "Term (2)", "Term (3)"]
    assert [problem.line for problem in extraction.problems] == [3, 4]
    assert "also on line 2" in extraction.problems[0].message
    reverse = [card for card in extraction.cards if card.kind == "definition-reverse"]
    assert [card.sibling_key for card in reverse] == [
        card.key for card in extraction.cards if card.kind == "definition"
    ]


def test_empty_and_whitespace_files() -> None:
    for text in ("", "\n", "   ", "\r\n\r\n", "\ufeff", "\x00"):
        extraction = extract(text, "note.md", "deck")
        assert extraction.cards == []
        _check(extraction, text)


def _megabyte_of_notes() -> str:
    parts: list[str] = []
    size = 0
    number = 0
    fixture_texts = [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.md"))]
    while size < 1_000_000:
        chunk = f"# Part {number}\n\n" + fixture_texts[number % len(fixture_texts)].replace("# ", "## ")
        parts.append(chunk)
        size += len(chunk)
        number += 1
    return "\n".join(parts)


def test_a_megabyte_file_completes() -> None:
    text = _megabyte_of_notes()
    assert len(text) >= 1_000_000
    extraction = extract(text, "note.md", "deck")
    assert len(extraction.cards) > 1000
    _check(extraction, text)


def test_pathological_inputs_complete() -> None:
    for text in (
        "- " * 2000 + "x",
        "[" * 20_000,
        "<dl>" + "<dt>a<dd>b" * 2000,
        "`" * 20_000,
        "*a " * 20_000,
        "a::b\n" * 2000,
        "<details><summary>q</summary>\n" * 1000,
        "> " * 500 + "x",
    ):
        _check(extract(text, "note.md", "deck"), text)


# -- issue 16: input depth and shape never cost the note ---------------------------------------------

def test_emphasis_nested_thousands_deep_costs_no_card_and_says_where() -> None:
    """A line of `*` (with a stray byte-order mark in it) nested emphasis a thousand levels deep and the
    whole note, the card above included, was lost to a RecursionError."""
    for line in ("*" * 3000 + "x" + "*" * 3000, "*" * 500 + "\ufeff" + "*" * 500):
        text = "# T\n\n- `ls`: list the folder\n\n" + line + "\n"
        extraction = extract(text, "note.md", "n")
        _check(extraction, text)
        assert [card.front for card in extraction.cards][:1] == ["`ls`"]
        assert [(p.line, p.message) for p in extraction.problems] == [
            (5, "markup nested more than 32 levels deep; the rest is read as text")]


def test_emphasis_within_the_bound_is_still_emphasis() -> None:
    from flashcards.core.extract.parser import MAX_INLINE_DEPTH, parse_inline

    depth = MAX_INLINE_DEPTH // 2
    tokens = parse_inline("*" * depth + "x" + "*" * depth)
    assert sum(1 for token in tokens if token.type in {"em_open", "strong_open"}) >= depth // 2
    assert all(token.type != "text" or set(token.content) != {"*"} for token in tokens)


def test_a_run_of_equals_signs_holds_no_cloze() -> None:
    """`**` then 4,000 `=` made 800 cloze cards `**[...]===…` (and took seconds)."""
    for line in ("**" + "=" * 4000, "Title\n" + "=" * 32000, "a === b === c", "x ==== y ==== z"):
        extraction = extract(line + "\n", "note.md", "n")
        assert not [card for card in extraction.cards if card.kind == "cloze"], line
    extraction = extract("The capital is ==Paris== and ==a = b== holds.\n", "note.md", "n")
    assert sorted(card.front for card in extraction.cards if card.kind == "cloze") == [
        "The capital is Paris and [...] holds.", "The capital is [...] and a = b holds."]


def test_code_spans_are_masked_as_commonmark_reads_them() -> None:
    from flashcards.core.extract.explicit_markup import mask_code

    assert mask_code("a `b` c") == "a     c"
    assert mask_code("``a`b`` x `y`") == "        x    "
    assert mask_code("`open only") == "`open only"
    assert mask_code("q `==x==` ==y==") == "q         ==y=="
    assert mask_code("<span>" + "`" * 800 + "</span> x") == "<span>" + "`" * 800 + "</span> x"
