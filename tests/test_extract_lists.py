"""Key–separator–description items and outlines in Markdown lists, decided by the whole list.

Every rule has notes of its own here, in at least two fields, and at least one near miss that must
give no card: the shape decides, never the subject.
"""

from __future__ import annotations

from flashcards.core.cards import Extraction
from flashcards.core.extract import extract


def _note(text: str) -> Extraction:
    return extract(text, "note.md", "deck")


def _pairs(extraction: Extraction, kind: str) -> dict[str, str]:
    return {card.front: card.back for card in extraction.cards if card.kind == kind}


def _fronts(extraction: Extraction) -> set[str]:
    return {card.front for card in extraction.cards if not card.kind.endswith("-reverse")}


# --- the list decides its plain separator ---------------------------------------------------------


def test_plain_dash_glossary_in_cooking() -> None:
    extraction = _note(
        "# Kitchen tools\n\n- whisk - a wire loop for beating air into cream\n"
        "- mandoline - a flat slicer with an adjustable blade\n- bain-marie – a warm water bath\n"
    )
    assert _pairs(extraction, "definition") == {
        "whisk": "a wire loop for beating air into cream",
        "mandoline": "a flat slicer with an adjustable blade",
        "bain-marie": "a warm water bath",
    }


def test_timeline_with_full_dates_in_astronomy() -> None:
    extraction = _note(
        "# Space race\n\n- October 4, 1957: Sputnik 1 reaches orbit\n- April 12, 1961: Gagarin orbits the Earth\n"
        "- July 20, 1969: Apollo 11 lands on the Moon\n- 1975: Apollo and Soyuz dock\n"
    )
    pairs = _pairs(extraction, "definition")
    assert pairs["October 4, 1957"] == "Sputnik 1 reaches orbit"
    assert pairs["July 20, 1969"] == "Apollo 11 lands on the Moon"
    assert pairs["1975"] == "Apollo and Soyuz dock"


def test_term_with_a_reading_in_brackets_in_language_notes() -> None:
    extraction = _note("# Japanese\n\n- 猫 (ねこ): cat\n- 犬 (いぬ): dog\n- 水 (みず)：water\n")
    assert _pairs(extraction, "definition") == {"猫 (ねこ)": "cat", "犬 (いぬ)": "dog", "水 (みず)": "water"}


def test_colon_in_a_minority_of_prose_bullets_is_not_a_key() -> None:
    extraction = _note(
        "# Trip report\n\n- We left early because the forecast said: rain by noon\n"
        "- The hut was full, so we camped by the lake\n- Next time bring a second stove\n"
    )
    assert extraction.cards == []


def test_arrow_in_one_prose_bullet_of_three_is_not_a_key() -> None:
    extraction = _note(
        "# Proof ideas\n\n- Assume the contrary and derive a contradiction\n- Contradiction → claim holds\n"
        "- Check the base case separately\n"
    )
    assert extraction.cards == []


def test_a_category_per_item_is_not_a_description() -> None:
    extraction = _note(
        "# Climbs\n\n- North ridge - Hard\n- East face - Hard\n- South col - Hard\n- West gully - Easy\n"
    )
    assert extraction.cards == []


# --- unmarked code keys ---------------------------------------------------------------------------


def test_unmarked_code_keys_make_command_cards_in_python_and_sql() -> None:
    python = _note(
        "# Lists\n\n- append( x ) - adds x at the end\n- insert( i, x ) - puts x at position i\n"
        "- pop() - removes and returns the last item\n"
    )
    assert _pairs(python, "command") == {
        "adds x at the end": "`append( x )`",
        "puts x at position i": "`insert( i, x )`",
        "removes and returns the last item": "`pop()`",
    }
    sql = _note(
        "# Queries\n\n- total = SUM(price); adds up the prices\n- n = COUNT(*); counts the rows\n"
        "- top = MAX(price); finds the highest price\n"
    )
    assert _pairs(sql, "command") == {
        "adds up the prices": "`total = SUM(price)`",
        "counts the rows": "`n = COUNT(*)`",
        "finds the highest price": "`top = MAX(price)`",
    }


def test_label_then_code_among_code_keys_is_description_first() -> None:
    extraction = _note(
        "# Strings\n\n- upper() - makes every letter a capital\n- lower() - makes every letter small\n"
        "- Padding to width: '{:>8}'.format(s)\n"
    )
    assert _pairs(extraction, "command")["Padding to width"] == "`'{:>8}'.format(s)`"


def test_code_followed_by_its_result_is_a_worked_example_not_a_definition() -> None:
    extraction = _note("# Algebra\n\n- `expand((x+1)^2)` gives `x^2+2x+1`\n- `factor(x^2-1)` gives `(x-1)(x+1)`\n")
    assert extraction.cards == []


# --- outlines -------------------------------------------------------------------------------------


def test_outline_parent_is_the_term_and_children_its_answer_in_biology_and_law() -> None:
    biology = _note(
        "# Cells\n\n- mitochondrion\n  - produces most of the cell's ATP\n  - has its own small genome\n"
        "- ribosome\n  - builds proteins from messenger RNA\n"
    )
    assert _pairs(biology, "definition") == {
        "mitochondrion": "- produces most of the cell's ATP\n- has its own small genome",
        "ribosome": "- builds proteins from messenger RNA",
    }
    law = _note(
        "# Contracts\n\n- consideration\n  - something of value given by each party\n"
        "- capacity\n  - the legal ability of a party to enter a contract\n"
    )
    assert _pairs(law, "definition")["capacity"] == "- the legal ability of a party to enter a contract"


def test_outline_facets_get_composite_fronts() -> None:
    extraction = _note(
        "# Plants\n\n- leaf\n  - main organ of photosynthesis\n  - parts\n"
        "    - blade: the flat green surface\n    - petiole: the stalk joining blade and stem\n"
        "  - functions\n    - gas exchange through stomata\n    - transpiration of water vapour\n"
    )
    fronts = _fronts(extraction)
    assert "leaf" in fronts
    assert "leaf — functions" in fronts
    pairs = _pairs(extraction, "definition")
    assert pairs["parts — blade"] == "the flat green surface"
    assert pairs["leaf"].startswith("- main organ of photosynthesis\n- parts\n- functions")


def test_plain_parent_over_keyed_children_is_a_group_label() -> None:
    extraction = _note(
        "# Grammar\n\n- cases\n  - nominative - the subject of a verb\n  - accusative - the direct object\n"
        "  - dative - the indirect object\n"
    )
    assert "cases" not in _fronts(extraction)
    assert _pairs(extraction, "definition")["cases — nominative"] == "the subject of a verb"


def test_marked_label_over_code_keys_is_only_a_heading() -> None:
    extraction = _note(
        "# Shell\n\n* **Directory commands:**\n  * pwd() - prints the working directory\n"
        "  * cd( path ) - changes the working directory\n"
    )
    assert _fronts(extraction) == {"prints the working directory", "changes the working directory"}


def test_marked_term_over_keyed_facets_keeps_its_card_and_the_facets() -> None:
    extraction = _note(
        "# Chemistry\n\n- **Electron shells** (`K, L, M`):\n  - K shell: holds up to 2 electrons\n"
        "  - L shell: holds up to 8 electrons\n"
    )
    pairs = _pairs(extraction, "definition")
    assert pairs["Electron shells (`K, L, M`)"].startswith("- K shell: holds up to 2 electrons")
    assert pairs["K shell"] == "holds up to 2 electrons"


def test_outline_of_bare_names_gives_no_card() -> None:
    extraction = _note(
        "# Geography\n\n- rivers\n  - Danube\n  - Rhine (Rhein)\n  - Loire\n"
        "- mountains\n  - Alps\n  - Pyrenees\n"
    )
    assert extraction.cards == []


def test_outline_term_over_one_code_span_is_a_description_first_command() -> None:
    extraction = _note(
        "# Plotting\n\n- Plot a histogram\n  - `hist(x, breaks = 20)`\n"
        "- Draw a scatter plot\n  - `plot(x, y)`\n"
    )
    assert _pairs(extraction, "command") == {
        "Plot a histogram": "`hist(x, breaks = 20)`",
        "Draw a scatter plot": "`plot(x, y)`",
    }


def test_outliner_heading_items_are_read() -> None:
    extraction = _note("- # Optics\n\t- lens\n\t\t- bends light to form an image of the object\n")
    assert _pairs(extraction, "definition") == {"lens": "- bends light to form an image of the object"}


def test_sentence_parent_is_not_an_outline_term() -> None:
    extraction = _note(
        "# Diary\n\n- Today I walked to the old mill and back, which took hours.\n"
        "  - the path was muddy after the storm last night\n"
    )
    assert extraction.cards == []


def test_bold_words_listed_in_a_sentence_are_not_a_key() -> None:
    extraction = _note(
        "# Cooking\n\n- Factors\n  - **Salt**, **acid** and **fat** change how sweet a sauce tastes.\n"
        "  - Heat also matters a lot when reducing.\n"
    )
    assert all(not card.front.startswith("Factors — Salt") for card in extraction.cards)


# --- several code spans as one key ----------------------------------------------------------------


def test_several_code_spans_before_one_separator_are_one_key_in_sql_and_css() -> None:
    sql = _note("# SQL\n\n- `JOIN`: combine rows of two tables\n- `LIMIT`, `OFFSET`: page through a result\n")
    assert _pairs(sql, "definition")["`LIMIT`, `OFFSET`"] == "page through a result"
    css = _note("# CSS\n\n- `margin` / `padding`: space outside / inside the border\n- `color`: the text colour\n")
    assert _pairs(css, "definition")["`margin` / `padding`"] == "space outside / inside the border"


def test_code_spans_listed_in_a_sentence_are_not_one_key() -> None:
    extraction = _note("# Tools\n\n- `grep`, `sed` and `awk` are older than most of us\n- `jq` is newer\n")
    assert "`grep`, `sed` and `awk`" not in _fronts(extraction)


# --- marked keys without a separator --------------------------------------------------------------


def test_italic_term_opening_a_defining_sentence_in_geology_and_finance() -> None:
    geology = _note("# Rocks\n\n- *Basalt* is a dark volcanic rock\n- *Granite* forms from slowly cooled magma\n")
    assert _pairs(geology, "definition")["Basalt"] == "is a dark volcanic rock"
    finance = _note("# Terms\n\n- _Liquidity_ measures how fast an asset becomes cash\n- _Yield_ is the income return\n")
    assert _pairs(finance, "definition")["Yield"] == "is the income return"


def test_italic_emphasis_that_does_not_open_a_definition_is_no_key() -> None:
    extraction = _note("# Advice\n\n- *Really* try to sleep before exams\n- *Never* skip the warm-up\n")
    assert extraction.cards == []


def test_bold_term_after_an_article_in_music_and_zoology() -> None:
    music = _note("# Form\n\n- A **coda** is the closing passage of a piece\n- An **ostinato** repeats one figure\n")
    assert _pairs(music, "definition") == {
        "coda": "is the closing passage of a piece",
        "ostinato": "repeats one figure",
    }
    zoology = _note("# Birds\n\n- The **syrinx** is the vocal organ of birds\n")
    assert _pairs(zoology, "definition") == {"syrinx": "is the vocal organ of birds"}


def test_bold_word_later_in_a_sentence_is_no_key() -> None:
    extraction = _note("# Notes\n\n- We found that the **second** method was faster\n")
    assert extraction.cards == []


def test_an_outline_label_that_recurs_names_its_section_in_products_and_medicine() -> None:
    products = _note(
        "# Kettle\n\n- benefits\n  - boils a litre in two minutes\n  - switches off by itself when done\n"
        "# Toaster\n\n- benefits\n  - browns both sides of the bread evenly\n"
    )
    assert {"Kettle — benefits", "Toaster — benefits"} <= _fronts(products)
    medicine = _note(
        "# Aspirin\n\n- side effects\n  - may upset the stomach lining\n"
        "# Ibuprofen\n\n- side effects\n  - may raise blood pressure slightly\n- dose\n  - two tablets every six hours\n"
    )
    fronts = _fronts(medicine)
    assert "Ibuprofen — side effects" in fronts
    assert "dose" in fronts  # a term met once keeps its own name


def test_plain_key_with_marked_words_before_the_separator_in_physics_and_economics() -> None:
    physics = _note(
        "# Floating\n\n1. Object is __denser__ than water = __sinks__\n2. Object is __lighter__ than water = __floats__\n"
    )
    pairs = _pairs(physics, "definition")
    assert pairs["Object is denser than water"] == "sinks"
    economics = _note(
        "# Markets\n\n- Price **above** equilibrium - a surplus builds up\n"
        "- Price **below** equilibrium - a shortage builds up\n"
    )
    assert _pairs(economics, "definition")["Price below equilibrium"] == "a shortage builds up"


def test_separator_inside_a_link_is_not_a_key_boundary() -> None:
    extraction = _note(
        "# Reading\n\n- [Part one - the basics](https://example.org/1) is a good start\n"
        "- [Part two - advanced](https://example.org/2) comes later\n"
    )
    assert extraction.cards == []


def test_numbered_lines_over_sub_lists_inside_one_bullet_in_geology_and_music() -> None:
    geology = _note(
        "# Rocks\n\n- There are three kinds of rock:\n\n  1.) Igneous rock\n"
        "    - forms when molten magma cools and sets hard\n\n  2.) Sedimentary rock\n"
        "    - forms from layers of settled particles pressed together\n"
    )
    pairs = _pairs(geology, "definition")
    assert pairs["Igneous rock"] == "- forms when molten magma cools and sets hard"
    assert "Sedimentary rock" in pairs
    music = _note(
        "- Two kinds of cadence matter most:\n\n  Perfect cadence\n    - moves from the dominant to the tonic chord\n"
    )
    assert _pairs(music, "definition") == {"Perfect cadence": "- moves from the dominant to the tonic chord"}


def test_term_over_sub_outlines_lists_their_names_in_anatomy_and_law() -> None:
    anatomy = _note(
        "# Body\n\n- organs\n  - heart\n    - pumps blood through the body\n"
        "  - lungs\n    - exchange oxygen and carbon dioxide\n"
    )
    pairs = _pairs(anatomy, "definition")
    assert pairs["organs"] == "- heart\n- lungs"
    assert pairs["organs — heart"] == "- pumps blood through the body"
    law = _note(
        "# Courts\n\n- branches of law\n  - civil law\n    - disputes between private parties over rights\n"
        "  - criminal law\n    - offences prosecuted by the state\n"
    )
    assert _pairs(law, "definition")["branches of law"] == "- civil law\n- criminal law"


def test_column_aligned_items_in_a_shell_and_an_editor_cheat_sheet() -> None:
    shell = _note("# Shell\n\n- ls      list the files of a folder\n- cd      change the working folder\n")
    assert _pairs(shell, "definition") == {"ls": "list the files of a folder", "cd": "change the working folder"}
    editor = _note("# Vim\n\n- dd      delete the current line\n- yy      copy the current line\n- p       paste after the cursor\n")
    assert _pairs(editor, "definition")["yy"] == "copy the current line"


def test_two_spaces_after_a_sentence_are_not_a_column() -> None:
    extraction = _note("# Log\n\n- We went home.  Then we slept.\n- It rained.  The roads flooded.\n")
    assert extraction.cards == []


def test_timeline_items_with_dashes_in_history_and_art() -> None:
    history = _note(
        "# Medieval\n\n- Battle of Hastings – 1066 – the Normans conquer England\n"
        "- Magna Carta – 1215 – the king's power is limited by law\n"
    )
    assert _pairs(history, "definition")["Battle of Hastings"] == "1066 – the Normans conquer England"
    art = _note("# Painting\n\n- 1503 – Leonardo starts the Mona Lisa\n- 1889 – Van Gogh paints The Starry Night\n")
    assert _pairs(art, "definition")["1889"] == "Van Gogh paints The Starry Night"


def test_bold_word_after_a_capitalised_verb_is_no_key() -> None:
    extraction = _note("# Style\n\n- Note **this** is important\n- Keep **that** was the advice\n")
    assert extraction.cards == []


def test_bold_term_after_a_possessive_name_in_storage_and_astronomy() -> None:
    storage = _note("# Gateway\n\n- The gateway's **cached volumes** keep recent data on site\n")
    assert _pairs(storage, "definition") == {"cached volumes": "keep recent data on site"}
    astronomy = _note("# Saturn\n\n- Saturn's **rings** consist mostly of ice particles\n")
    assert _pairs(astronomy, "definition") == {"rings": "consist mostly of ice particles"}
