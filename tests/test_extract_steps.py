"""The steps rule decides from the list's shape whether it is a procedure; pipe rows without a
delimiter row are read as tables. Small notes of our own, in several fields (cooking, astronomy,
law, music, chemistry, geography)."""

from __future__ import annotations

from flashcards.core.cards import Extraction
from flashcards.core.extract import extract


def _note(text: str) -> Extraction:
    return extract(text, "note.md", "deck")


def _kinds(extraction: Extraction) -> list[str]:
    return [card.kind for card in extraction.cards]


def _fronts(extraction: Extraction, kind: str) -> dict[str, str]:
    return {card.front: card.back for card in extraction.cards if card.kind == kind}


# --- procedures stay steps ----------------------------------------------------------------------


def test_short_actions_after_a_colon_lead_are_steps_cooking() -> None:
    note = "# Bread\n\nBake a loaf:\n\n1. Mix the flour with water.\n2. Knead the dough for ten minutes.\n3. Bake it at 220 degrees.\n"
    steps = _fronts(_note(note), "steps")
    assert list(steps) == ["Steps: Bake a loaf"]
    assert steps["Steps: Bake a loaf"].startswith("1. Mix the flour")


def test_a_process_whose_actor_comes_back_is_steps_astronomy() -> None:
    note = (
        "## How a star forms\n\n"
        "1. The cloud collapses under its own gravity.\n"
        "2. The cloud heats up as it shrinks.\n"
        "3. The core starts fusing hydrogen.\n"
    )
    assert list(_fronts(_note(note), "steps")) == ["Steps: How a star forms"]


def test_a_ranked_list_of_names_after_a_remark_is_steps_chemistry() -> None:
    note = "## Boiling order\n\nThis list is short on purpose.\n\n1. Water\n2. Ethanol\n3. Acetone\n"
    assert list(_fronts(_note(note), "steps")) == ["Steps: Boiling order"]


def test_nested_procedure_under_a_bullet_is_steps_law() -> None:
    note = (
        "## Appeals\n\n"
        "- Filing an appeal works like this:\n"
        "  1. File a notice within thirty days.\n"
        "  2. Then submit the written brief.\n"
        "  3. Once the court schedules it, argue the case.\n"
    )
    assert list(_fronts(_note(note), "steps")) == ["Steps: Filing an appeal works like this"]


# --- lists that are not procedures --------------------------------------------------------------


def test_numbered_facts_about_different_subjects_are_no_steps_astronomy() -> None:
    note = (
        "## Planets\n\n"
        "1. Mercury is the closest planet to the Sun.\n"
        "2. Venus has a thick atmosphere of carbon dioxide.\n"
        "3. Jupiter holds the most mass of all planets.\n"
    )
    assert "steps" not in _kinds(_note(note))


def test_numbered_facts_are_no_steps_cooking() -> None:
    note = (
        "## Pantry\n\n"
        "1. Baking soda is a base that reacts with acids.\n"
        "2. Yeast feeds on the sugars in the dough.\n"
        "3. Salt tightens the gluten network.\n"
    )
    assert "steps" not in _kinds(_note(note))


def test_numbered_examples_after_a_definition_are_no_steps_law() -> None:
    note = (
        "#### Hearsay\n\n"
        "A statement made outside court that is offered to prove what it asserts. For example\n\n"
        "1. If the witness heard it, then the witness repeats it\n"
        "2. The witness repeats it\n"
        "3. Therefore, the court hears it\n"
    )
    assert "steps" not in _kinds(_note(note))


def test_keyed_numbered_items_are_no_steps_music() -> None:
    note = (
        "## Rules of thumb\n\n"
        "1. Chord on the fifth degree = dominant\n"
        "2. Chord on the fourth degree = subdominant\n"
        "3. Chord on the first degree = tonic\n"
    )
    assert "steps" not in _kinds(_note(note))


def test_numbered_outline_of_titles_over_facts_is_no_steps_astronomy() -> None:
    note = (
        "1. Inner planets\n\n"
        "    1. Mars is red because of iron oxide\n"
        "    2. Earth has one moon\n"
        "2. Outer planets\n\n"
        "    1. Saturn has bright rings\n"
        "    2. Neptune is the windiest planet\n"
    )
    assert "steps" not in _kinds(_note(note))


# --- pipe rows without a delimiter row ----------------------------------------------------------


def test_pipe_rows_without_delimiter_are_a_table_cooking() -> None:
    note = "## Kitchen French\n\n| le four | the oven |\n| la poêle | the pan |\n| le couteau | the knife |\n"
    extraction = _note(note)
    cards = _fronts(extraction, "definition")
    assert cards == {"le four": "the oven", "la poêle": "the pan", "le couteau": "the knife"}
    lines = {card.front: card.source.line for card in extraction.cards if card.kind == "definition"}
    assert lines == {"le four": 3, "la poêle": 4, "le couteau": 5}


def test_pipe_rows_with_a_header_row_like_the_notes_tables_astronomy() -> None:
    note = (
        "## Moons\n\n| Planet | Moon |\n|---|---|\n| Earth | Luna |\n\n"
        "## More moons\n\n| Planet | Largest moon |\n| Jupiter | Ganymede |\n| Saturn | Titan |\n"
    )
    cards = _fronts(_note(note), "definition")
    assert cards == {"Earth": "Luna", "Jupiter": "Ganymede", "Saturn": "Titan"}


def test_pipe_row_repeating_its_key_is_no_card_music() -> None:
    note = "## Italian terms\n\n| piano | soft |\n| forte | loud |\n| tempo | tempo |\n"
    extraction = _note(note)
    assert _fronts(extraction, "definition") == {"piano": "soft", "forte": "loud"}
    assert any(skip.message == "the answer repeats the key" for skip in extraction.skipped)


def test_pipe_rows_of_numbers_are_no_cards_chemistry() -> None:
    note = "## Densities\n\n| water | 997 |\n| ethanol | 789 |\n| mercury | 13534 |\n"
    assert _note(note).cards == []


def test_sideways_pipe_rows_are_no_cards_geography() -> None:
    note = "## Layers\n\n| Layer | crust | mantle | core |\n| State | solid | plastic | liquid |\n"
    assert _note(note).cards == []


def test_prose_with_a_pipe_is_no_table_law() -> None:
    note = "## Terms\n\nA tenant | landlord dispute goes to the housing court.\n"
    assert "definition" not in _kinds(_note(note))
