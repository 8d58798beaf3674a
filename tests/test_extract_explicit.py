"""The author's explicit cards: hidden answers, outliner `#card` blocks and Anki-style clozes.

Small notes of our own, in several fields (cooking, astronomy, law, chemistry, history, biology,
geography, music), each rule with a near-miss that must give no card.
"""

from __future__ import annotations

from flashcards.core.cards import Extraction
from flashcards.core.extract import extract
from flashcards.core.extract.details import is_answer_label
from flashcards.core.extract.logseq import clean_outline


def _note(text: str) -> Extraction:
    return extract(text, "note.md", "deck")


def _cards(extraction: Extraction) -> list[tuple[str, str, str]]:
    return [(card.kind, card.front, card.back) for card in extraction.cards]


def _skips(extraction: Extraction) -> list[tuple[int, str]]:
    return [(item.line, item.message) for item in extraction.skipped]


# --- a question, then <details><summary>Answer</summary> ------------------------------------------------


def test_answer_labels_are_recognised_and_questions_are_not() -> None:
    labels = ("ANS", "Answer", "show", "Show Answer", "Solution", "Click to see the answer", "Réponse", "▶", "", "查看答案")
    for label in labels:
        assert is_answer_label(label), label
    for summary in ("Why is the sky blue?", "Answer to question 3", "Show time", "Step 1", "Mise en place"):
        assert not is_answer_label(summary), summary


def test_tab_indented_question_before_a_labelled_answer_is_the_front() -> None:
    text = (
        "# Kitchen basics\n\n"
        "#### Sauces\n\n"
        "\tWhat are the five French mother sauces?\n\n"
        " <details>\n<summary>ANS</summary>\n<div>\n"
        " - Béchamel\n - Velouté\n - Espagnole\n - Sauce tomate\n - Hollandaise\n\n"
        "  See details [here](https://example.org/sauces)\n"
        "</div>\n</details>\n\n"
        "\tAt what temperature does water boil at sea level?\n"
        "<details>\n<summary>Show answer</summary>\n<div>\n $100^{\\circ}C$\n</div>\n</details>\n"
    )
    extraction = _note(text)
    assert _cards(extraction) == [
        (
            "qa",
            "What are the five French mother sauces?",
            "- Béchamel\n- Velouté\n- Espagnole\n- Sauce tomate\n- Hollandaise",
        ),
        ("qa", "At what temperature does water boil at sea level?", "$100^{\\circ}C$"),
    ]
    assert [card.source.line for card in extraction.cards] == [5, 20]
    assert all(card.context == ("Kitchen basics", "Sauces") for card in extraction.cards)


def test_heading_paragraph_and_list_questions_before_a_labelled_answer() -> None:
    text = (
        "# Astronomy\n\n"
        "## What is the closest star to the Sun?\n"
        "<details><summary>Answer</summary>\n\nProxima Centauri, about 4.24 light-years away.\n</details>\n\n"
        "## Law of contracts\n\n"
        "Q: Which three elements make a contract?\n\n"
        "<details>\n<summary>Solution</summary>\n\n1. Offer\n2. Acceptance\n3. Consideration\n</details>\n\n"
        "1. Quelle est la planète la plus chaude ?\n"
        "<details><summary>Réponse</summary>\n\nVénus\n</details>\n"
    )
    extraction = _note(text)
    assert _cards(extraction) == [
        ("qa", "What is the closest star to the Sun?", "Proxima Centauri, about 4.24 light-years away."),
        ("qa", "Which three elements make a contract?", "1. Offer\n2. Acceptance\n3. Consideration"),
        ("qa", "Quelle est la planète la plus chaude ?", "Vénus"),
    ]
    # A heading question is not repeated in its own context.
    assert extraction.cards[0].context == ("Astronomy",)
    assert extraction.cards[1].context == ("Astronomy", "Law of contracts")


def test_lead_line_and_code_block_make_the_question() -> None:
    text = (
        "# Python quiz\n\n"
        "What does this print?\n\n"
        "```python\nprint(len('tea'))\n```\n\n"
        "<details><summary>Show</summary>\n\n`3`\n</details>\n"
    )
    (card,) = _note(text).cards
    assert card.front == "What does this print?\n    print(len('tea'))"
    assert card.back == "`3`"
    assert card.source.line == 3


def test_list_item_with_a_labelled_answer_under_it() -> None:
    text = (
        "# Music theory\n\n"
        "1. How many sharps does D major have?\n"
        "   <details><summary>Show answer</summary>\n\n   Two: F♯ and C♯.\n   </details>\n"
        "2. What is a plagal cadence?\n"
        "   <details>\n   <summary>Answer</summary>\n\n   - IV to I\n   - the Amen cadence\n   </details>\n"
        "3. Which interval spans three whole tones?\n"
        "   <details><summary>Hint</summary>\n\n   It is dissonant.\n   </details>\n"
    )
    extraction = _note(text)
    assert _cards(extraction) == [
        ("qa", "How many sharps does D major have?", "Two: F♯ and C♯."),
        ("qa", "What is a plagal cadence?", "- IV to I\n- the Amen cadence"),
    ]
    assert [card.source.line for card in extraction.cards] == [3, 8]


def test_multiple_choice_question_with_its_choices() -> None:
    text = (
        "# Chemistry\n\n"
        "Which of these is a noble gas?\n\n"
        "- A. Oxygen\n- B. Neon\n- C. Nitrogen\n\n"
        "<details><summary>Answer</summary>\n\nB. Neon\n</details>\n\n"
        "# History\n\n"
        "- An unrelated list\n- of two prose bullets\n\n"
        "<details><summary>Answer</summary>\n\nNo question stands before this one.\n</details>\n"
    )
    extraction = _note(text)
    assert [card for card in _cards(extraction) if card[0] == "qa"] == [
        ("qa", "Which of these is a noble gas?\n- A. Oxygen\n- B. Neon\n- C. Nitrogen", "B. Neon")
    ]
    assert (19, "hidden answer without a question") in _skips(extraction)


def test_real_question_summaries_keep_the_summary_as_front() -> None:
    text = (
        "# Chemistry\n\nSome intro sentence about acids.\n\n"
        "<details>\n<summary>What is the pH of pure water?</summary>\n\n7 at 25 °C.\n</details>\n"
    )
    extraction = _note(text)
    assert _cards(extraction) == [("qa", "What is the pH of pure water?", "7 at 25 °C.")]


def test_a_summary_that_only_names_what_is_hidden_makes_no_card() -> None:
    text = (
        "## Bubble sort\n\nRepeatedly swaps adjacent items that are out of order.\n\n"
        "<details><summary>Example</summary>\n\n```python\nbubble([3, 1, 2])\n```\n</details>\n\n"
        "## Cadences\n\n<details><summary>Output:</summary>\n\nV - I\n</details>\n"
    )
    extraction = _note(text)
    assert [card for card in extraction.cards if card.kind == "qa"] == []
    assert [item for item in _skips(extraction) if item[1] == "summary is a label, not a question"] == [
        (5, "summary is a label, not a question"),
        (14, "summary is a label, not a question"),
    ]


def test_empty_link_only_and_questionless_hidden_answers_make_no_card() -> None:
    text = (
        "# Chemistry\n\n"
        "\tHow is the molar mass of a compound computed?\n\n"
        "<details>\n<summary>ANS</summary>\n<div>\n\n  See details [here](https://example.org/molar)\n</div>\n</details>\n\n"
        "\tWhat is Avogadro's number?\n\n"
        "<details>\n<summary>ANS</summary>\n<div>\n</div>\n</details>\n\n"
        "<details>\n<summary>Solution</summary>\n\nAn answer to nothing.\n</details>\n"
    )
    extraction = _note(text)
    assert extraction.cards == []
    assert _skips(extraction) == [
        (3, "answer is only a link"),
        (13, "empty answer"),
        (22, "hidden answer without a question"),
    ]


# --- outliner pages: metadata blanked, #card blocks ---------------------------------------------------

_BIOLOGY = """\
alias:: Cells

- #+BEGIN_TIP
  Review this page before the exam.
  #+END_TIP
- # Organelles
  collapsed:: true
	- Mitochondrion #card
	  card-last-interval:: 12.5
	  card-repeats:: 2
	  card-next-schedule:: 2024-02-01T12:16:27.072Z
	  collapsed:: true
		- Produces most of the cell's ATP.
		- Has its own DNA.
		  id:: 6576b18e-05b7-414b-bec2-4fb3d8161be2
		- See ((6576b18e-05b7-414b-bec2-4fb3d8161be2))
	- Ribosome #card
	  card-repeats:: 1
	- {{embed ((6576b18e-05b7-414b-bec2-4fb3d8161be2))}}
- # Membranes
	- ## Transport #card
		- Passive: along the gradient
		- Active: against it, using ATP
"""


def test_outliner_metadata_is_blanked_line_for_line() -> None:
    cleaned = clean_outline(_BIOLOGY)
    assert len(cleaned.split("\n")) == len(_BIOLOGY.split("\n"))
    assert "::" not in cleaned
    assert "((" not in cleaned and "{{" not in cleaned and "#+" not in cleaned
    assert "\t- Mitochondrion #card" in cleaned.split("\n")
    assert "\t- Transport #card" in cleaned.split("\n")  # a heading inside a block is the block's text


def test_card_blocks_front_is_the_block_and_back_its_children() -> None:
    extraction = _note(_BIOLOGY)
    # The children are read by the other rules too ("Passive: along the gradient" is a definition).
    assert [card for card in _cards(extraction) if card[0] == "qa"] == [
        ("qa", "Mitochondrion", "- Produces most of the cell's ATP.\n- Has its own DNA."),
        ("qa", "Transport", "- Passive: along the gradient\n- Active: against it, using ATP"),
    ]
    mitochondrion, transport = [card for card in extraction.cards if card.kind == "qa"]
    assert mitochondrion.source.line == 8
    assert mitochondrion.context == ("Organelles",)
    assert transport.context == ("Membranes",)
    assert (17, "card tag without an answer") in _skips(extraction)  # "Ribosome #card" has no children
    assert not any("alias" in card.front or "collapsed" in card.back for card in extraction.cards)


def test_a_repeated_label_card_names_its_parent() -> None:
    text = (
        "- Treaty of Westphalia\n"
        "  collapsed:: true\n"
        "\t- Notes #card\n"
        "\t  card-repeats:: 3\n"
        "\t\t- Signed in 1648, ending the Thirty Years' War.\n"
        "- Congress of Vienna\n"
        "\t- Notes\n"
        "\t\t- Redrew the map of Europe in 1815.\n"
    )
    extraction = _note(text)
    qa = [card for card in extraction.cards if card.kind == "qa"]
    assert [(card.front, card.back) for card in qa] == [
        ("Treaty of Westphalia — Notes", "- Signed in 1648, ending the Thirty Years' War.")
    ]
    assert qa[0].context == ("Treaty of Westphalia",)


def test_property_lines_never_make_cards_and_obsidian_cards_still_do() -> None:
    # A page opening with properties, then ordinary Markdown with Obsidian `::` cards.
    text = "tags:: geography\ntype:: deck\n\n# Capitals\n\nCapital of Peru::Lima\n\nCapital of Chile:: Santiago\n"
    extraction = _note(text)
    assert _cards(extraction) == [("qa", "Capital of Peru", "Lima"), ("qa", "Capital of Chile", "Santiago")]
    # Not an outline (a paragraph at the margin): nothing under the opening run is touched.
    assert clean_outline(text).split("\n")[5:] == text.split("\n")[5:]


def test_properties_in_code_and_outlines_without_properties_are_left_alone() -> None:
    plain = "- Scales\n\t- ## Major\n\t\t- W W H W W W H\n"
    assert clean_outline(plain) == plain
    fenced = "- Config #card\n  collapsed:: true\n\t- ```\n\t  retries:: 3\n\t  ```\n"
    cleaned = clean_outline(fenced).split("\n")
    assert cleaned[1] == "" and cleaned[3] == "\t  retries:: 3"


def test_outliner_cloze_is_a_cloze() -> None:
    text = "- Chords\n  collapsed:: true\n\t- A major triad is a root, a {{cloze major third}} and a perfect fifth.\n"
    extraction = _note(text)
    assert [(card.kind, card.front) for card in extraction.cards] == [
        ("cloze", "A major triad is a root, a [...] and a perfect fifth.")
    ]


# --- Anki {{c1::...}} clozes --------------------------------------------------------------------------


def test_one_anki_cloze_card_per_number() -> None:
    text = "# Geography\n\n{{c1::Canberra}} is the capital of {{c2::Australia}}, not {{c1::Sydney}}.\n"
    extraction = _note(text)
    assert _cards(extraction) == [
        ("cloze", "[...] is the capital of Australia, not [...].", "Canberra is the capital of Australia, not Sydney."),
        ("cloze", "Canberra is the capital of [...], not Sydney.", "Canberra is the capital of Australia, not Sydney."),
    ]
    assert all(card.source.line == 3 for card in extraction.cards)


def test_anki_cloze_hints_lists_and_keys() -> None:
    text = "# Chemistry\n\n- Water is {{c1::H2O::formula}}.\n- Table salt is {{c1::NaCl}}.\n"
    extraction = _note(text)
    assert [(card.front, card.back) for card in extraction.cards] == [
        ("Water is [formula].", "Water is H2O."),
        ("Table salt is [...].", "Table salt is NaCl."),
    ]
    fixed = _note(text.replace("NaCl", "NaCI").replace("NaCI", "NaCl"))
    typo = _note(text.replace("NaCl", "NaCI"))
    assert [card.key for card in typo.cards] == [card.key for card in fixed.cards]


def test_cloze_lookalikes_make_no_cloze() -> None:
    text = (
        "# Shell\n\n"
        "Use `{{c1::x}}` to write an Anki cloze.\n\n"
        "Templates write {{name}} for a placeholder and {{c1}} for nothing.\n"
    )
    assert [card for card in _note(text).cards if card.kind == "cloze"] == []


# --- Obsidian multi-line cards whose answer is a block -----------------------------------------------


def test_multi_line_card_with_a_list_or_table_answer() -> None:
    text = (
        "# Botany\n\n"
        "What are the parts of a flower?\n?\n- sepals\n- petals\n- stamens\n- carpels\n\n"
        "# Tax law\n\n"
        "Which rates apply?\n??\n| band | rate |\n|---|---|\n| basic | 20% |\n"
    )
    extraction = _note(text)
    assert _cards(extraction) == [
        ("qa", "What are the parts of a flower?", "- sepals\n- petals\n- stamens\n- carpels"),
        ("qa", "Which rates apply?", "band | rate\nbasic | 20%"),
        ("qa", "band | rate\nbasic | 20%", "Which rates apply?"),
    ]


def test_multi_line_card_does_not_take_a_list_after_a_blank_line() -> None:
    text = "# Botany\n\nWhat is a stamen?\n?\n\n- an unrelated list\n- of prose bullets\n"
    extraction = _note(text)
    assert [card for card in extraction.cards if card.kind == "qa"] == []
    assert (3, "empty answer") in _skips(extraction)


def test_card_blocks_without_any_property_yet() -> None:
    text = "- ## Photosynthesis #card\n\t- Light energy turns CO2 and water into glucose and oxygen.\n"
    assert _cards(_note(text)) == [
        ("qa", "Photosynthesis", "- Light energy turns CO2 and water into glucose and oxygen.")
    ]


def test_hidden_answer_keeps_a_closing_list_of_named_links() -> None:
    text = (
        "## Which standards define units?\n"
        "<details><summary>Answer</summary>\n\n"
        "Two documents:\n\n- [SI brochure](https://example.org/si)\n- [ISO 80000](https://example.org/iso)\n\n"
        "See more [here](https://example.org/more)\n</details>\n"
    )
    (card,) = _note(text).cards
    assert card.back == "Two documents:\n- SI brochure\n- ISO 80000"


def test_property_lines_under_a_block_are_metadata_even_outside_an_outline() -> None:
    # A paragraph at the margin keeps this from being read as an outline; the properties still are.
    text = (
        "Notes exported from an outliner.\n\n"
        "- Speed of light\n  collapsed:: true\n  id:: 6576b18e-05b7-414b-bec2-4fb3d8161be2\n"
        "- Planck constant:: 6.626e-34 J s\n"
    )
    extraction = _note(text)
    assert [(card.front, card.back) for card in extraction.cards if card.kind == "qa"] == [
        ("Planck constant", "6.626e-34 J s")
    ]


def test_quiz_shapes_numbered_quoted_and_task_questions() -> None:
    text = (
        "# Self-check\n\n"
        "### Q1. What are the three states of matter?\n"
        "<details><summary>Show answer</summary>\n\nSolid, liquid and gas.\n</details>\n\n"
        "**2. What does a catalyst change?**\n\n"
        '<details class="selfcheck" markdown="1">\n<summary>Show answer</summary>\n\n'
        "Answer: the rate of a reaction, not its equilibrium.\n</details>\n\n"
        "> **Q: Which court hears appeals first?**\n>\n> <details>\n> <summary>Reveal</summary>\n>\n"
        "> The court of appeal.\n> </details>\n\n"
        "Write a function that doubles a number.\n\n"
        "```python\ndef double(n):\n    ...\n```\n\n"
        "<details><summary>Solution</summary>\n\n```python\ndef double(n):\n    return 2 * n\n```\n</details>\n"
    )
    extraction = _note(text)
    assert _cards(extraction) == [
        ("qa", "What are the three states of matter?", "Solid, liquid and gas."),
        ("qa", "What does a catalyst change?", "the rate of a reaction, not its equilibrium."),
        ("qa", "Which court hears appeals first?", "The court of appeal."),
        (
            "qa",
            "Write a function that doubles a number.\n    def double(n):\n        ...",
            "    def double(n):\n        return 2 * n",
        ),
    ]


def test_list_item_question_with_its_data_before_the_hidden_answer() -> None:
    text = (
        "1. Find the median of the heights below.\n\n"
        "   | height |\n   |---|\n   | 150 |\n   | 160 |\n   | 175 |\n\n"
        "   <details>\n   <summary>Show Answer</summary>\n\n   160\n   </details>\n"
    )
    (card,) = _note(text).cards
    assert (card.front, card.back) == ("Find the median of the heights below.\nheight\n150\n160\n175", "160")


def test_card_tag_spellings_other_tags_and_page_links() -> None:
    text = (
        "- Primera ley de Newton [[Física 1]]\n"
        "\t- ¿Qué es la inercia?#card\n"
        "\t  card-repeats:: 1\n"
        "\t\t- La tendencia de un cuerpo a mantener su estado de movimiento.\n"
        "\t- What does a [[Fourier transform]] give? #physics #card\n"
        "\t\t- The frequencies of a signal.\n"
        "- What does `arr[[i]]` return in list[[2]] notation? [[card]]\n"
        "\t- The i-th element.\n"
    )
    extraction = _note(text)
    qa = [card for card in extraction.cards if card.kind == "qa"]
    assert [(card.front, card.back) for card in qa] == [
        ("¿Qué es la inercia?", "- La tendencia de un cuerpo a mantener su estado de movimiento."),
        ("What does a Fourier transform give?", "- The frequencies of a signal."),
        ("What does `arr[[i]]` return in list[[2]] notation?", "- The i-th element."),
    ]
    assert qa[0].context == ("Primera ley de Newton Física 1",)


def test_heading_blocks_at_the_margin_keep_their_children() -> None:
    text = (
        "## Information theory\n"
        "collapsed:: true\n"
        "\t- The entropy of a fair coin is #card\n"
        "\t  card-repeats:: 2\n"
        "\t\t- 1 bit\n"
    )
    extraction = _note(text)
    assert [(card.front, card.back, card.context) for card in extraction.cards if card.kind == "qa"] == [
        ("The entropy of a fair coin is", "- 1 bit", ("Information theory",))
    ]


def test_obsidian_word_cards_in_a_bullet_list_are_not_properties() -> None:
    text = "# Biology\n\n- photosynthesis:: light turned into sugar\n- osmosis:: water crossing a membrane\n"
    assert [(card.front, card.back) for card in _note(text).cards if card.kind == "qa"] == [
        ("photosynthesis", "light turned into sugar"),
        ("osmosis", "water crossing a membrane"),
    ]


def test_card_block_with_a_cloze_hides_it_on_the_front() -> None:
    text = "- Astronomy\n  collapsed:: true\n\t- Light needs {{cloze about 8 minutes}} to reach Earth #card\n\t\t- From the Sun.\n"
    (card,) = [card for card in _note(text).cards if card.kind == "qa"]
    assert card.front == "Light needs [...] to reach Earth"
    assert card.back == "Light needs about 8 minutes to reach Earth\n- From the Sun."


def test_margin_headings_over_margin_bullets_stay_sections() -> None:
    text = "# Optics\n\n- Snell's law #card\n\t- n1 sin θ1 = n2 sin θ2\n\n## Lenses\n\n- focal length #card\n\t- f\n"
    cards = [card for card in _note(text).cards if card.kind == "qa"]
    assert [(card.front, card.context) for card in cards] == [
        ("Snell's law", ("Optics",)),
        ("focal length", ("Optics", "Lenses")),
    ]
