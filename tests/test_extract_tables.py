"""Tables, definition lists and description-first code, on small notes of several fields.

Each rule is pinned by notes written for the test (cooking, astronomy, law, chemistry, languages,
gardening), with at least one near miss per rule that must give no card.
"""

from __future__ import annotations

from flashcards.core.cards import Extraction
from flashcards.core.extract import extract


def _note(text: str) -> Extraction:
    return extract(text, "note.md", "deck")


def _forward(extraction: Extraction) -> dict[str, str]:
    return {card.front: card.back for card in extraction.cards if not card.kind.endswith("-reverse")}


def _skips(extraction: Extraction) -> list[str]:
    return [item.message for item in extraction.skipped]


# --- tables -------------------------------------------------------------------------------------


def test_vocabulary_table_with_any_header_gives_one_card_per_row() -> None:
    note = "# Kitchen German\n\n| Deutsch | English |\n|---|---|\n| Zwiebel | onion |\n| Messer | knife |\n"
    assert _forward(_note(note)) == {"Zwiebel": "onion", "Messer": "knife"}


def test_table_with_several_describing_columns_labels_each_line() -> None:
    note = (
        "# Planets\n\n| Planet | Type | Moons named after |\n|---|---|---|\n"
        "| Jupiter | gas giant | lovers of Zeus |\n| Mars | rocky | Greek gods of fear |\n"
    )
    cards = _forward(_note(note))
    assert cards["Jupiter"] == "Type: gas giant\nMoons named after: lovers of Zeus"
    assert cards["Mars"] == "Type: rocky\nMoons named after: Greek gods of fear"


def test_description_column_named_by_header_is_the_answer() -> None:
    note = (
        "# Torts\n\n| Term | Meaning | Notes |\n|---|---|---|\n"
        "| Negligence | failure to take reasonable care | see Donoghue |\n"
    )
    assert _forward(_note(note)) == {"Negligence": "failure to take reasonable care"}


def test_first_column_that_only_numbers_rows_is_not_the_key() -> None:
    note = "# Stars\n\n| # | Star | Constellation |\n|---|---|---|\n| 1 | Sirius | Canis Major |\n| 2 | Vega | Lyra |\n"
    assert _forward(_note(note)) == {"Sirius": "Canis Major", "Vega": "Lyra"}


def test_numeric_data_table_gives_no_card() -> None:
    note = (
        "# Densities\n\n| Substance | Density ($kg/m^3$) | Boiling point |\n|---|---|---|\n"
        "| water | 997 | 100.00 |\n| ethanol | $7.89\\cdot10^2$ | 78.37 |\n"
    )
    extraction = _note(note)
    assert extraction.cards == []
    assert _skips(extraction) == ["data table of numbers"]


def test_wide_grid_and_check_mark_grid_give_no_card() -> None:
    wide = (
        "# Ovens\n\n| Model | Fan | Grill | Steam | Timer |\n|---|---|---|---|---|\n"
        "| A1 | fast | top | none | dial |\n| B2 | slow | both | full | digital |\n"
    )
    assert _note(wide).cards == []
    marks = "# Courts\n\n| Court | Appeals | Juries |\n|---|---|---|\n| County | ✓ | ✗ |\n| Crown | ✓ | ✓ |\n"
    assert _note(marks).cards == []
    assert _skips(_note(marks)) == ["grid of check marks"]


def test_sentence_by_sentence_comparison_gives_no_card() -> None:
    note = (
        "# Contracts\n\n| Deed | Simple contract |\n|---|---|\n"
        "| Must be signed, witnessed and delivered to be valid at all | Can be made orally or in writing |\n"
        "| Needs no consideration from the other party to the agreement | Needs consideration to bind |\n"
    )
    extraction = _note(note)
    assert extraction.cards == []
    assert _skips(extraction) == ["table whose first column holds sentences, not keys"]


def test_table_of_links_gives_no_card() -> None:
    note = (
        "# Recipes\n\n| Name | Course | Recipe | Photo |\n|---|---|---|---|\n"
        "| Ratatouille | main | [recipe](r.md) | [photo](r.jpg) |\n| Tarte Tatin | dessert | [recipe](t.md) | [photo](t.jpg) |\n"
    )
    extraction = _note(note)
    assert extraction.cards == []
    assert _skips(extraction) == ["table of links"]


def test_small_table_of_repeated_values_is_one_card_under_its_heading() -> None:
    note = (
        "# Kitchen\n\n## Who cleans what\n\n| surface | cleaned by |\n|---|---|\n"
        "| Oven | chef |\n| Hob | chef |\n| Floor | porter |\n| Bins | porter |\n"
    )
    extraction = _note(note)
    assert [(card.front, card.back) for card in extraction.cards] == [
        ("Who cleans what", "chef: Oven, Hob\nporter: Floor, Bins")
    ]


def test_repeated_values_without_a_heading_give_no_card() -> None:
    note = (
        "| surface | cleaned by |\n|---|---|\n| Oven | chef |\n| Hob | chef |\n| Floor | porter |\n| Bins | porter |\n"
    )
    assert _note(note).cards == []


# --- code blocks that hold text, and captions ---------------------------------------------------


def test_indented_block_of_key_colon_lines_gives_definitions() -> None:
    note = (
        "# Telescopes\n\nMounts come in three kinds.\n\n"
        "    Altazimuth: moves up and down and side to side.\n"
        "    Equatorial: follows the sky on one axis.\n"
        "    Dobsonian: a cheap altazimuth on a box.\n"
    )
    cards = _forward(_note(note))
    assert cards == {
        "Altazimuth": "moves up and down and side to side.",
        "Equatorial": "follows the sky on one axis.",
        "Dobsonian": "a cheap altazimuth on a box.",
    }


def test_column_aligned_commands_inside_a_fence_give_command_cards() -> None:
    note = (
        "# Pantry tool\n\n```\npantry add <item>      put an item on the shelf\n"
        "pantry rm <item>       take an item off the shelf\npantry ls              list every shelf\n```\n"
    )
    cards = _forward(_note(note))
    assert cards["put an item on the shelf"] == "`pantry add <item>`"
    assert cards["list every shelf"] == "`pantry ls`"


def test_config_listing_and_output_block_give_no_card() -> None:
    config = "# Court app\n\nIt reads this file.\n\n```\nname: docket\nport: 8080\nlog: verbose\n```\n"
    assert _note(config).cards == []
    output = "# Court app\n\nIt prints this.\n\n```\nCASE      JUDGE     STATUS\nA-17      Smith     open\nB-02      Jones     closed\n```\n"
    assert _note(output).cards == []


def test_heading_and_a_qualifying_line_caption_the_code_below() -> None:
    note = "# Garden\n\n### Water the seedlings\n\nAs of spring:\n\n```sh\nhose --mist bed-3\n```\n"
    cards = _forward(_note(note))
    assert cards == {"Water the seedlings (as of spring)": "`hose --mist bed-3`"}


def test_a_qualifying_line_without_code_or_a_label_is_not_a_caption() -> None:
    note = "# Garden\n\n### Water the seedlings\n\nAs of spring:\n\n- the beds dry out fast\n"
    assert not [card for card in _note(note).cards if card.kind in {"command", "instruction"}]
    label = "# Garden\n\n### Water the seedlings\n\nExample:\n\n```\nhose --mist bed-3\nhose --off\n```\n"
    assert "Water the seedlings (example)" not in _forward(_note(label))


# --- definition lists ---------------------------------------------------------------------------


def test_definition_list_dialects() -> None:
    note = (
        "# Chemistry\n\nIsotope\n\n:   Atoms of one element\nwith different neutron counts.\n\n"
        "Mole\n:    The amount holding a fixed number of particles.\n\n"
        "`pH`\n:\tThe acidity of a solution.\n{: .term}\n\n"
        "Valence {: .key}\n:   The number of bonds an atom can form.\n"
    )
    assert _forward(_note(note)) == {
        "Isotope": "Atoms of one element with different neutron counts.",
        "Mole": "The amount holding a fixed number of particles.",
        "`pH`": "The acidity of a solution.",
        "Valence": "The number of bonds an atom can form.",
    }


def test_several_terms_share_one_definition() -> None:
    note = "# Law\n\nTort\nDelict\n:   A civil wrong that causes harm.\n"
    extraction = _note(note)
    assert _forward(extraction) == {
        "Tort": "A civil wrong that causes harm.",
        "Delict": "A civil wrong that causes harm.",
    }
    assert [card.source.line for card in extraction.cards if card.kind == "definition"] == [3, 4]


def test_definition_list_nested_in_a_list_item() -> None:
    note = (
        "# Cooking\n\n- Techniques\n\n  Blanch\n  :   Plunge briefly into boiling water.\n\n"
        "  Sear\n  :   Brown the surface at high heat.\n"
    )
    assert _forward(_note(note)) == {
        "Blanch": "Plunge briefly into boiling water.",
        "Sear": "Brown the surface at high heat.",
    }


def test_prose_with_a_colon_line_is_not_a_definition_list() -> None:
    note = (
        "# Law\n\nThe court held that the contract was void because it was signed under duress.\n"
        ": see the appeal below\n"
    )
    assert _forward(_note(note)) == {}


def test_commands_with_a_trailing_description_in_brackets() -> None:
    note = (
        "# Sky tool\n\nStart here.\n\n```\nsky rise <star> (when a star rises tonight)\n"
        "sky map --south (chart of the southern sky)\n```\n"
    )
    cards = _forward(_note(note))
    assert cards == {
        "when a star rises tonight": "`sky rise <star>`",
        "chart of the southern sky": "`sky map --south`",
    }


def test_calls_and_brackets_of_values_are_code() -> None:
    note = "# Garden planner\n\nStart here.\n\n```\nplant(bed, seeds)\nspacing (30, 45)\nwater (bed)\n```\n"
    assert _note(note).cards == []


def test_html_table_is_read_like_a_pipe_table() -> None:
    note = (
        "# Spanish kitchen\n\n<table>\n  <tr><th>Español</th><th>English</th></tr>\n"
        "  <tr><td>la cebolla</td><td>the onion</td></tr>\n\n"
        "  <tr><td><b>el cuchillo</b></td><td>the <i>knife</i> &amp; blade</td></tr>\n</table>\n"
    )
    extraction = _note(note)
    assert _forward(extraction) == {"la cebolla": "the onion", "el cuchillo": "the knife & blade"}
    assert [card.source.line for card in extraction.cards if card.kind == "definition"] == [5, 7]


def test_html_table_of_numbers_gives_no_card() -> None:
    note = "# Metals\n\n<table>\n<tr><td>Iron</td><td>7874</td></tr>\n<tr><td>Gold</td><td>19300</td></tr>\n</table>\n"
    assert _note(note).cards == []


def test_caption_that_starts_like_a_situation_but_names_its_code() -> None:
    note = "# Garden\n\nIntro.\n\nThis is done by misting the bed with `--mist`:\n\n```sh\nhose --mist bed-3\n```\n"
    assert _forward(_note(note)) == {"This is done by misting the bed with `--mist`": "`hose --mist bed-3`"}


def test_situation_caption_without_the_code_in_it_is_not_a_caption() -> None:
    note = "# Sky\n\nIntro.\n\nThen if the sky is clear with `seeing 4`:\n\n```sh\nscope point --north\n```\n"
    assert _note(note).cards == []


def test_two_lists_side_by_side_give_no_card() -> None:
    note = (
        "# Telescopes\n\n| Pros | Cons |\n|---|---|\n| Gathers much more light | Heavy to carry around |\n"
        "| Sharp views of planets | Needs time to cool |\n"
    )
    extraction = _note(note)
    assert extraction.cards == []
    assert _skips(extraction) == ["two lists side by side"]


def test_log_lines_in_a_block_give_no_card() -> None:
    note = (
        "# Court records\n\n### Hearing log\n\n```\n2024-01-10 09:00  court opened by the clerk\n"
        "2024-01-10 09:05  first witness sworn in\n```\n"
    )
    assert _note(note).cards == []


def test_phrasebook_table_of_short_phrases_gives_cards() -> None:
    note = (
        "# Phrases\n\n| Deutsch | English |\n|---|---|\n| Guten Morgen | Good morning |\n"
        "| Wie geht es dir? | How are you? |\n| Danke schön | Thank you very much |\n"
    )
    assert len(_forward(_note(note))) == 3


def test_formulas_are_not_numbers() -> None:
    note = "# Compounds\n\n| Name | Formula |\n|---|---|\n| water | H2O |\n| glucose | C6H12O6 |\n| salt | NaCl |\n"
    assert _forward(_note(note)) == {"water": "H2O", "glucose": "C6H12O6", "salt": "NaCl"}


def test_list_item_title_before_a_long_explanation_captions_its_code() -> None:
    note = (
        "# Bread\n\n- Proof the dough - Leave it somewhere warm. The yeast needs time to work, "
        "and a cold kitchen slows it down a great deal.\n    ```sh\n    oven --proof 35\n    ```\n"
    )
    cards = _forward(_note(note))
    assert list(cards) == ["Proof the dough"]
    assert "oven --proof 35" in cards["Proof the dough"]


def test_list_item_of_long_prose_without_a_title_is_no_caption() -> None:
    note = (
        "# Bread\n\n- Leave the dough somewhere warm because the yeast needs time to work. A cold kitchen "
        "slows it down a great deal, so be patient with it.\n    ```sh\n    oven --proof 35\n    ```\n"
    )
    assert _forward(_note(note)) == {}


def test_prose_paragraph_over_the_one_command_it_describes() -> None:
    note = (
        "# Garden\n\nIntro.\n\nSince spring you can mist the seedlings to keep them damp. It works on any bed.\n\n"
        "```sh\nhose --mist bed-3\n```\n"
    )
    cards = _forward(_note(note))
    assert cards == {"Since spring you can mist the seedlings to keep them damp.": "`hose --mist bed-3`"}


def test_prose_paragraph_that_does_not_describe_the_command_is_no_caption() -> None:
    note = "# Sky\n\nIntro.\n\nLet us check that it worked before dusk.\n\n```sh\nscope --status\n```\n"
    assert _note(note).cards == []
    several = "# Sky\n\nIntro.\n\nPoint the scope north.\n\n```sh\nscope point --north\nscope focus\n```\n"
    assert not [card for card in _note(several).cards if card.kind == "command"]


def test_situation_caption_is_not_taken_as_a_describing_paragraph() -> None:
    note = "# Sky\n\nIntro.\n\nThen if we point the scope north like so:\n\n```sh\nscope point --north\n```\n"
    assert _note(note).cards == []
