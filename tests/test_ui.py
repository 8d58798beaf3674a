"""Rendering: any card text prints exactly as written (never parsed as markup), at 80 columns, plain."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from flashcards.ui import CardView, render_back, render_front, render_summary, render_verdict

TRICKY = ["list[int]", "arr[i]", "[/]", "C:\\", ":smile:", "[bold]not bold[/bold]", "界面 テスト 🐳",
          "`docker run -p <ext>:<int>`", "[link=http://x]y[/link]", "\\[escaped]"]


def _render(renderable: object, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, no_color=True, highlight=False,
                      emoji=False, force_terminal=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def view(front: str, back: str = "answer", deck: str = "d") -> CardView:
    return CardView(deck=deck, context=("Core commands", "run"), source="notes.md:12", front=front,
                    back=back, kind="definition", progress="1/3")


def test_known_tricky_texts() -> None:
    for text in TRICKY:
        assert text in _render(render_front(view(text))), text
        assert text in _render(render_back(view("q", back=text))), text


def test_context_line_shows_deck_path_and_source() -> None:
    output = _render(render_front(view("Q")))
    assert "d › Core commands › run" in output and "notes.md:12" in output and "1/3" in output


@given(st.text(st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=("Cs",)), min_size=1,
               max_size=60).map(str.strip).filter(bool))
def test_any_card_text_survives(front: str) -> None:
    output = _render(render_front(view(front)), width=200)
    assert front in output
    output = _render(render_back(view("q", back=front)), width=200)
    assert front in output


@given(st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=30))
def test_verdict_shows_typed_text(typed: str) -> None:
    assert typed in _render(render_verdict(typed, 5, "exact match"), width=200)


def test_lines_fit_80_columns_and_no_escape_codes() -> None:
    long = "word " * 60
    output = _render(render_front(view(long, back=long)))
    assert all(len(line) <= 80 for line in output.splitlines())
    assert "\x1b[" not in output
    summary = _render(render_summary(cards=10, grades=12, correct_percent=75, seconds=185.0, due_tomorrow=4))
    assert "10 cards, 12 grades, 75% correct, 3m 05s. Due tomorrow: 4." in summary.replace("\n", " ")
