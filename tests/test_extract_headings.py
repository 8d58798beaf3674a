"""Headings and heading-like lines with their bodies, and named formulas (`headings`,
`pseudo_headings`, `formulas`), on small notes from several fields; each rule has a near miss that
must give no card."""

from __future__ import annotations

from flashcards.core.cards import Extraction
from flashcards.core.extract import extract
from flashcards.core.extract.formulas import has_math
from flashcards.core.extract.parser import parse_tree


def _note(text: str) -> Extraction:
    return extract(text, "note.md", "deck")


def _fronts(extraction: Extraction) -> list[str]:
    return [card.front for card in extraction.cards]


def _back(extraction: Extraction, front: str) -> str:
    return next(card.back for card in extraction.cards if card.front == front)


# --- a question heading and its answer ---------------------------------------------------------------


def test_question_heading_over_a_list_is_one_card_with_the_list_kept() -> None:
    note = "# Baking\n\n## Why does bread rise?\n- yeast ferments the sugars\n- the gas is trapped by gluten\n"
    extraction = _note(note)
    card = next(card for card in extraction.cards if card.kind == "qa")
    assert card.front == "Why does bread rise?"
    assert card.back == "- yeast ferments the sugars\n- the gas is trapped by gluten"


def test_question_heading_over_a_list_in_astronomy() -> None:
    note = "# Sky\n\n### What makes a star twinkle?\n- turbulence in the air\n- light bent many times\n"
    assert "What makes a star twinkle?" in _fronts(_note(note))


def test_question_heading_over_only_links_gives_no_card() -> None:
    note = "# Sky\n\n### Where to read more?\n- [NASA](https://nasa.gov)\n- [ESA](https://esa.int)\n"
    assert _note(note).cards == []


# --- a term heading over a short body ----------------------------------------------------------------


def test_term_heading_over_a_short_paragraph() -> None:
    note = "# Law\n\n## Tort\n\nA civil wrong that causes harm and gives a right to damages.\n\n## Contract\n\nAn agreement the courts will enforce.\n"
    extraction = _note(note)
    assert _back(extraction, "Tort") == "A civil wrong that causes harm and gives a right to damages."
    assert _back(extraction, "Contract") == "An agreement the courts will enforce."


def test_term_heading_over_fragment_bullets() -> None:
    note = "# Kitchen\n\n### Dutch oven\n\n - holds heat evenly\n - goes from stove to oven\n"
    extraction = _note(note)
    assert _back(extraction, "Dutch oven") == "- holds heat evenly\n- goes from stove to oven"


def test_heading_over_long_prose_or_sub_headings_gives_no_card() -> None:
    prose = " ".join(["The committee met again and discussed the budget at length."] * 12)
    intro = " ".join(["This chapter covers the history of the treaty and its aftermath."] * 6)
    note = (
        f"# Minutes\n\n## Meeting\n\n{prose}\n\n## Chapter one\n\n{intro}\n\n### Part a\n\nText.\n\n"
        "## Chapter two\n\n### Part b\n\nText.\n"
    )
    fronts = _fronts(_note(note))
    assert "Meeting" not in fronts
    assert "Chapter one" not in fronts
    assert "Chapter two" not in fronts


def test_heading_over_advice_or_a_how_to_gives_no_card() -> None:
    note = (
        "# Garden\n\n## Watering\n\nYou can water in the morning to avoid mildew.\n\n"
        "## Pruning\n\nPrune roses in late winter.\n\n```sh\nprune --roses\n```\n"
    )
    fronts = _fronts(_note(note))
    assert "Watering" not in fronts and "Pruning" not in fronts


def test_heading_over_capitalised_sentence_bullets_gives_no_card() -> None:
    note = "# Trip\n\n## Advantages\n- Cheap travel by train\n- Good food everywhere\n"
    assert "Advantages" not in _fronts(_note(note))


def test_answer_cut_mid_sentence_keeps_its_complete_sentences() -> None:
    note = "# Chemistry\n\n## Catalyst\nA substance that speeds up a reaction. It is not used up. It is also\n"
    assert _back(_note(note), "Catalyst") == "A substance that speeds up a reaction. It is not used up."


# --- a fully bold gloss under a heading, and acronym headings ----------------------------------------


def test_heading_with_bold_gloss_and_acronym_card() -> None:
    note = "# Optics\n\n## Total Internal Reflection (TIR)\n**Light fully reflected at a boundary**\n- needs a critical angle\n\n### Uses\ntext\n"
    extraction = _note(note)
    assert _back(extraction, "Total Internal Reflection (TIR)").startswith("Light fully reflected at a boundary")
    assert _back(extraction, "TIR") == "Total Internal Reflection"


def test_acronym_first_heading_in_law() -> None:
    note = "# Courts\n\n#### ECHR (European Court of Human Rights)\n\n - hears cases against states\n"
    assert _back(_note(note), "ECHR") == "European Court of Human Rights"


def test_parenthesised_synonym_is_not_an_acronym() -> None:
    note = "# Bio\n\n## Metabolism (Biotransformation)\nThe chemical change of substances in the body.\n"
    assert "Biotransformation" not in _fronts(_note(note))
    assert "BIO" not in _fronts(_note(note))


# --- named formulas ----------------------------------------------------------------------------------


def test_formula_heading_keeps_statement_formula_and_legend_in_one_card() -> None:
    note = (
        "# Physics\n\n## Ohm's Law\nCurrent is proportional to voltage. <br>\n\n$$\nV = IR\n$$\n\n"
        "$V$ = voltage <br>\n$I$ = current <br>\n$R$ = resistance <br>\n"
    )
    extraction = _note(note)
    back = _back(extraction, "Ohm's Law")
    assert "$$V = IR$$" in back and "$R$ = resistance" in back
    assert all(card.front not in {"$V$", "$I$", "voltage", "current"} for card in extraction.cards)


def test_formula_in_economics_with_inline_math() -> None:
    note = "# Macro\n\n## Quantity theory of money\n$MV = PQ$ <br>\nM = money supply <br>\nV = velocity <br>\n"
    extraction = _note(note)
    assert "$MV = PQ$" in _back(extraction, "Quantity theory of money")
    assert len(extraction.cards) == 1


def test_bold_pseudo_heading_over_a_formula() -> None:
    note = "# Thermo\n\n### Engines\nSome text about engines.\n\n**Carnot efficiency** <br>\n\n$$\n\\eta = 1 - T_c/T_h\n$$\n"
    assert "\\eta = 1 - T_c/T_h" in _back(_note(note), "Carnot efficiency")


def test_dollar_amounts_are_not_formulas() -> None:
    prices = parse_tree("Bread costs $3 and milk $2 at the corner shop.\n").children[0]
    formula = parse_tree("$F = ma$ <br>\n").children[0]
    assert not has_math(prices)
    assert has_math(formula)


def test_symbol_legend_without_formula_stays_a_glossary() -> None:
    note = "# Money\n\n## Symbols\n\nM = money supply\n\nV = velocity\n"
    fronts = _fronts(_note(note))
    assert "Symbols" not in fronts


# --- labels over lists -------------------------------------------------------------------------------


def test_repeated_bold_label_gets_a_composite_front() -> None:
    note = (
        "# Recipes\n\n## Risotto\n\n**Key steps:**\n- toast the rice\n- add stock slowly\n\n"
        "## Bread\n\n**Key steps:**\n- knead the dough\n- let it rise\n"
    )
    extraction = _note(note)
    assert _back(extraction, "Risotto — Key steps") == "- toast the rice\n- add stock slowly"
    assert _back(extraction, "Bread — Key steps") == "- knead the dough\n- let it rise"
    keys = [card.key for card in extraction.cards if card.kind == "qa"]
    assert len(set(keys)) == 2


def test_plain_list_label_in_astronomy() -> None:
    note = "# Planets\n\n#### Gas giants\n\nMembers\n\n - Jupiter\n - Saturn\n"
    assert _back(_note(note), "Gas giants — Members") == "- Jupiter\n- Saturn"


def test_label_whose_lists_are_links_gives_no_card() -> None:
    note = (
        "# Topics\n\n## Sorting\n\n**Reading:**\n- [Quick](https://a.b/q) – short\n- [Merge](https://a.b/m) – long\n\n"
        "## Graphs\n\n**Reading:**\n- Dijkstra – long\n- BFS – short\n"
    )
    assert [card for card in _note(note).cards if "Reading" in card.front] == []


# --- callouts and admonitions ------------------------------------------------------------------------


def test_obsidian_callout_title_is_the_term() -> None:
    note = "# Pharmacology\n\n>[!INFO] Half-life\n>The time for a plasma concentration to halve.\n"
    assert _back(_note(note), "Half-life") == "The time for a plasma concentration to halve."


def test_mkdocs_admonition_with_title_and_without() -> None:
    note = (
        '# Geology\n\n!!! note "Igneous rock"\n    Rock formed from cooled magma.\n\n'
        "!!! tip\n    Remember to bring a hammer.\n"
    )
    extraction = _note(note)
    assert _back(extraction, "Igneous rock") == "Rock formed from cooled magma."
    assert not any("hammer" in card.back for card in extraction.cards)


# --- the heading's term defined by a later sentence, or named last ------------------------------------


def test_a_later_sentence_may_define_the_heading_term() -> None:
    electrical = "# Power\n\n### Crest Factor\n\nIn addition to a low power factor, some loads draw peaks. Crest factor is the ratio of peak to RMS current. It matters for sizing. " + "More words follow here. " * 30 + "\n"
    biology = "# Cells\n\n### Osmosis\n\nWater keeps moving through membranes all day long. Osmosis is the diffusion of water across a membrane. " + "Extra detail sentence. " * 30 + "\n"
    assert _back(_note(electrical), "Crest Factor") == "Crest factor is the ratio of peak to RMS current."
    assert _back(_note(biology), "Osmosis") == "Osmosis is the diffusion of water across a membrane."


def test_a_later_sentence_that_only_mentions_the_term_defines_nothing() -> None:
    note = "# Docs\n\n## Security\n\nThis is where the tips go. The security page goes into more detail. " + "Filler sentence here. " * 30 + "\n"
    assert "Security" not in _fronts(_note(note))


def test_term_named_at_the_end_of_its_description() -> None:
    botany = "# Plants\n\n### Photosynthesis\n\nThe process by which plants make sugar from light is called photosynthesis. " + "More on leaves. " * 30 + "\n"
    law = "# Courts\n\n### Precedent\n\nA decision that guides how later cases are decided is called a precedent. " + "More on courts. " * 30 + "\n"
    assert _back(_note(botany), "Photosynthesis").startswith("The process by which plants make sugar")
    assert _back(_note(law), "Precedent").startswith("A decision that guides")


def test_a_condition_naming_the_term_last_is_not_a_definition() -> None:
    note = "# Sea\n\n### Spring tide\n\nWhen the moon is full, the high tide is called a spring tide. " + "More on the sea. " * 30 + "\n"
    assert "Spring tide" not in _fronts(_note(note))


def test_a_predicate_line_over_a_list_is_the_heading_answer_not_a_label() -> None:
    astronomy = "# Sky\n\n#### Comet\n\nIs an icy body of the outer solar system\n\n - grows a tail near the sun\n - orbits on a long ellipse\n"
    extraction = _note(astronomy)
    assert _back(extraction, "Comet").startswith("Is an icy body of the outer solar system\n- grows a tail")
    assert not any("—" in front for front in _fronts(extraction))
    cooking = "# Food\n\n#### Roux\n\nIs flour cooked in fat\n\n - thickens sauces\n - cooked to white, blond or brown\n"
    assert _back(_note(cooking), "Roux").startswith("Is flour cooked in fat")


def test_legend_under_an_unnamed_formula_gives_no_cards() -> None:
    physics = "# Notes on relativity and other topics of the twentieth century\n\n$$\nE = mc^2\n$$\n\nE = energy <br>\nm = mass <br>\n"
    chemistry = "# Gas laws and a great many other things to remember\n\n$PV = nRT$\n\nP = pressure <br>\nn = amount of gas <br>\n"
    assert _note(physics).cards == []
    assert _note(chemistry).cards == []


def test_equals_glossary_without_a_formula_is_still_read() -> None:
    note = "# Money\n\nInflation = a general rise in prices\nDeflation = a general fall in prices\n"
    fronts = _fronts(_note(note))
    assert "Inflation" in fronts and "Deflation" in fronts


def test_stray_asterisk_runs_are_dropped_from_the_answer() -> None:
    stats = "# Stats\n\n#### Census\n\nCounts everyone in the population, too costly *********and slow\n"
    music = "# Music\n\n#### Coda\n\nThe closing passage ****of a movement\n"
    assert _back(_note(stats), "Census") == "Counts everyone in the population, too costly and slow"
    assert _back(_note(music), "Coda") == "The closing passage of a movement"


def test_heading_over_a_list_of_code_keys_leaves_each_item_to_the_list_rules() -> None:
    """A heading over `key` does ... items makes no bundle card: each item is its own card."""
    for note in (
        "# Tools\n\n## Branches\n\n* [`git branch`](https://x.test/b) lists the branches.\n"
        "* [`git switch`](https://x.test/s) moves to another branch.\n"
        "* [`git merge`](https://x.test/m) joins two histories.\n",
        "# Lab\n\n## Salts\n\n- `NaCl` is common table salt.\n- `KCl` replaces salt in low-sodium diets.\n"
        "- `CaCl2` melts ice on roads.\n",
    ):
        extraction = _note(note)
        heading_cards = [card for card in extraction.cards if card.front in {"Branches", "Salts"}]
        assert heading_cards == []
        assert len([card for card in extraction.cards if card.kind in {"command", "definition"}]) == 3
