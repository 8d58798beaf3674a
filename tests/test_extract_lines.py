"""Key–separator–description items outside lists (`flashcards/core/extract/lines.py`).

Small notes of my own, in several fields, for each shape the rule reads (runs of `Term: def`
paragraphs, hard-wrapped lines, quoted whole-bold lines, timelines, text-only code blocks) and for
the near misses that must stay prose (a lone colon sentence, labels, a journal, an exam outline, a
formula's variable legend, real code).
"""

from __future__ import annotations

from flashcards.core.cards import Extraction
from flashcards.core.extract import extract


def _note(text: str) -> Extraction:
    return extract(text, "note.md", "deck")


def _definitions(extraction: Extraction) -> dict[str, str]:
    return {card.front: card.back for card in extraction.cards if card.kind == "definition"}


def _lines(extraction: Extraction) -> dict[str, int]:
    return {card.front: card.source.line for card in extraction.cards if not card.kind.endswith("reverse")}


# --- blank-line-separated `Term: definition` paragraphs ---------------------------------------------


def test_paragraph_run_with_colons_cooking() -> None:
    note = """# Kitchen terms

## Techniques

Blanching: Boiling briefly, then plunging into ice water.

Deglazing: Loosening browned bits with liquid.

Emulsion: A stable mix of two liquids that do not blend.
"""
    extraction = _note(note)
    assert _definitions(extraction) == {
        "Blanching": "Boiling briefly, then plunging into ice water.",
        "Deglazing": "Loosening browned bits with liquid.",
        "Emulsion": "A stable mix of two liquids that do not blend.",
    }
    assert _lines(extraction) == {"Blanching": 5, "Deglazing": 7, "Emulsion": 9}
    card = next(card for card in extraction.cards if card.front == "Emulsion")
    assert card.context == ("Kitchen terms", "Techniques")
    reverse = next(card for card in extraction.cards if card.kind == "definition-reverse" and card.back == "Emulsion")
    assert "Emulsion" not in reverse.front


def test_paragraph_run_with_dashes_astronomy() -> None:
    note = """# Sky

Perihelion - the point of an orbit closest to the Sun

Aphelion  - the point of an orbit farthest from the Sun

Albedo – the fraction of light a surface reflects
"""
    assert _definitions(_note(note)) == {
        "Perihelion": "the point of an orbit closest to the Sun",
        "Aphelion": "the point of an orbit farthest from the Sun",
        "Albedo": "the fraction of light a surface reflects",
    }


def test_fullwidth_colon_and_arrows_languages() -> None:
    note = """# 词汇

## 水果

苹果：apple

香蕉：banana

## Deutsch

Haus → house

Baum → tree
"""
    definitions = _definitions(_note(note))
    assert definitions["苹果"] == "apple"
    assert definitions["香蕉"] == "banana"
    assert definitions["Haus"] == "house"
    assert definitions["Baum"] == "tree"


# --- whole-bold lines in (nested) blockquotes ---------------------------------------------------------


def test_whole_bold_quote_lines_law_with_unclosed_bold_and_truncated_end() -> None:
    note = """## Contract law

>>**Offer: A promise to do something in exchange for a return promise.**

>>**Acceptance: Agreement to the exact terms of an offer.**

>>**Consideration: Something of value that each side gives.

>>**Estoppel Doctrine (1877): A rule that stops a party from going back on**"""
    definitions = _definitions(_note(note))
    assert definitions == {
        "Offer": "A promise to do something in exchange for a return promise.",
        "Acceptance": "Agreement to the exact terms of an offer.",
        "Consideration": "Something of value that each side gives.",
        "Estoppel Doctrine (1877)": "A rule that stops a party from going back on",
    }


def test_bold_key_paragraphs_chemistry_keep_the_key_reading() -> None:
    note = """# Bonds

**Ionic bond**: electrons are transferred between atoms

**Covalent bond**: electrons are shared between atoms
"""
    assert _definitions(_note(note)) == {
        "Ionic bond": "electrons are transferred between atoms",
        "Covalent bond": "electrons are shared between atoms",
    }


# --- hard-wrapped lines of one paragraph ------------------------------------------------------------


def test_hard_wrapped_lines_one_item_per_line_geology() -> None:
    note = """# Rocks

Basalt - dark volcanic rock
Granite - coarse intrusive rock
  made of quartz and feldspar
Marble - metamorphosed limestone
"""
    extraction = _note(note)
    assert _definitions(extraction) == {
        "Basalt": "dark volcanic rock",
        "Granite": "coarse intrusive rock made of quartz and feldspar",
        "Marble": "metamorphosed limestone",
    }
    assert _lines(extraction) == {"Basalt": 3, "Granite": 4, "Marble": 6}


def test_timeline_plain_lines_history() -> None:
    note = """# Revolutions

1789 – Storming of the Bastille

1848 – Revolutions across Europe

May 5, 1789: Estates-General convenes
"""
    definitions = _definitions(_note(note))
    assert definitions["1789"] == "Storming of the Bastille"
    wars = _definitions(_note("# Wars\n\n1914 - 1918: the First World War\n\n1939 - 1945: the Second World War\n"))
    assert wars == {"1914 - 1918": "the First World War", "1939 - 1945": "the Second World War"}
    events = _definitions(_note("# Battles\n\nBattle of Hastings – 1066\n\nBattle of Waterloo – 1815\n"))
    assert events == {"Battle of Hastings": "1066", "Battle of Waterloo": "1815"}
    assert definitions["1848"] == "Revolutions across Europe"


def test_symbol_bullets_music() -> None:
    note = """# Tempo

• Largo: very slow

• Allegro: fast and bright

• Presto: very fast
"""
    assert _definitions(_note(note)) == {"Largo": "very slow", "Allegro": "fast and bright", "Presto": "very fast"}


# --- a lone keyed paragraph ---------------------------------------------------------------------------


def test_lone_item_needs_the_notes_habit_networking() -> None:
    note = """# Networking

## Basics

LAN - a network inside one building

WAN - a network spanning cities

## Routing

Packets travel hop by hop between routers.

TTL - how many hops a packet may still take
"""
    definitions = _definitions(_note(note))
    assert definitions["TTL"] == "how many hops a packet may still take"


def test_lone_colon_sentence_is_prose() -> None:
    note = """# Gardening

## Soil

Mulch the beds in spring.

The reason is simple: soil that stays covered keeps its moisture. It also stays cooler.
"""
    assert _note(note).cards == []


def test_paragraph_under_its_heading_is_left_to_the_heading() -> None:
    note = """# Optics

## Refraction

Snell law - the ratio of sines equals the ratio of speeds

Lens - a curved piece of glass

Prism - a glass block that splits light
"""
    definitions = _definitions(_note(note))
    assert "Snell law" in definitions  # a run under the heading is read as a run
    lone = """# Optics

## Refraction

Bending - what light does when it changes medium
"""
    assert "Bending" not in _definitions(_note(lone))


# --- guards -------------------------------------------------------------------------------------------


def test_labels_are_not_a_glossary() -> None:
    note = """# Sampling

## Simple random sample

Example: Drawing names from a hat.

Cons: You may draw similar people.
"""
    assert _note(note).cards == []


def test_note_label_inside_a_run_is_dropped() -> None:
    note = """# Tides

Spring tide: the largest tidal range

Neap tide: the smallest tidal range

Ebb: the falling tide

Flood: the rising tide

Note: tides depend on the Moon
"""
    definitions = _definitions(_note(note))
    assert set(definitions) == {"Spring tide", "Neap tide", "Ebb", "Flood"}


def test_journal_entries_make_no_card() -> None:
    note = """# Week 12

Monday: I went to the gym and then I studied.

Tuesday: we cooked dinner with my parents.

Wednesday: I finally finished my essay.
"""
    assert _note(note).cards == []
    log = """# Log

09:30: standup with the team

11:00: code review of the parser

14:15: deploy to staging
"""
    assert _note(log).cards == []


def test_exam_outline_numbers_are_not_terms() -> None:
    note = """# Exam guide

1.1 - Design a multi-tier architecture

1.2 - Design highly available systems

1.3 - Choose resilient storage
"""
    assert _note(note).cards == []


def test_variable_legend_of_a_formula_makes_no_card() -> None:
    note = """# Mechanics

## Newton's second law

$$F = ma$$

F = net force <br>
m = mass <br>
a = acceleration <br>
"""
    extraction = _note(note)
    assert not any(card.front in {"F", "m", "a"} or card.back in {"F", "m", "a"} for card in extraction.cards)
    assert any(skip.message == "variable legend of a formula" for skip in extraction.skipped)


def test_explicit_markup_stays_with_its_rule() -> None:
    note = """# Biology

Mitosis::cell division into two identical cells

Meiosis::cell division into four sex cells
"""
    extraction = _note(note)
    assert all(card.kind.startswith("qa") for card in extraction.cards)


def test_quotation_with_attribution_is_not_a_definition() -> None:
    note = """> *"The only true wisdom is in knowing you know nothing, said the old man to the crowd."* - Socrates
"""
    assert _note(note).cards == []


# --- fenced and indented blocks that hold text ----------------------------------------------------------


def test_column_aligned_cheat_sheet_in_a_fence_editor() -> None:
    note = """# Editor keys

```
Ctrl+S        save the current file
Ctrl+Z        undo the last change
Ctrl+Shift+P  open the command palette
```
"""
    extraction = _note(note)
    definitions = _definitions(extraction)
    assert definitions == {
        "`Ctrl+S`": "save the current file",
        "`Ctrl+Z`": "undo the last change",
        "`Ctrl+Shift+P`": "open the command palette",
    }
    assert _lines(extraction)["`Ctrl+S`"] == 4


def test_indented_block_of_keyed_text_lines_shipping() -> None:
    note = """# Shipping options

Parcels leave the depot every morning.

    Express: 1 - 2 days, the most expensive option.
    Standard: 3 - 5 days to arrive.
    Economy: 5 - 12 days. The cheapest option for large orders.
"""
    definitions = _definitions(_note(note))
    assert definitions["Express"] == "1 - 2 days, the most expensive option."
    assert set(definitions) == {"Express", "Standard", "Economy"}


def test_real_code_in_a_fence_makes_no_text_cards() -> None:
    note = """# Python

```python
total = compute(values)
name = "value"
items = [1, 2, 3]
```

```yaml
image: nginx
ports: 80
```

```
drwxr-xr-x  2 user  group  4096 Jan  1 dir
-rw-r--r--  1 user  group   220 Jan  1 file
```
"""
    assert _definitions(_note(note)) == {}


def test_numbered_schedule_is_not_a_glossary() -> None:
    note = """# Study plan

Day 1: read the first chapter

Day 2: summarise the key ideas

Day 3: practise with old exams
"""
    assert _note(note).cards == []


def test_hard_wrapped_prose_with_colons_is_not_a_run() -> None:
    note = """# Essay

The reason for the delay in the shipment was simple: the port
was closed for a week and the team that handles the paperwork
had been told on short notice: nothing could leave before Friday.
"""
    assert _note(note).cards == []


def test_entity_arrow_semicolon_and_reading_in_brackets() -> None:
    note = """# Mixed

## Arrows

cat &rarr; Katze

dog &rarr; Hund

## Methods

len(x); the number of items in x

sorted(x); a new sorted list of x

## Readings

水 (shuǐ) - water

火 (huǒ) - fire
"""
    definitions = _definitions(_note(note))
    assert definitions["cat"] == "Katze"
    assert definitions["dog"] == "Hund"
    assert definitions["len(x)"] == "the number of items in x"
    assert definitions["水 (shuǐ)"] == "water"
    assert definitions["火 (huǒ)"] == "fire"


def test_br_separated_lines_in_one_paragraph_vocabulary() -> None:
    note = """# Tiere

Hund - dog<br>Katze - cat<br>
Maus - mouse
"""
    extraction = _note(note)
    assert _definitions(extraction) == {"Hund": "dog", "Katze": "cat", "Maus": "mouse"}
    assert _lines(extraction) == {"Hund": 3, "Katze": 3, "Maus": 4}


def test_records_advice_and_release_notes_are_not_glossaries() -> None:
    for note in [
        "# Meeting\n\nAttendees: Ana, Bo, Chris\nDate: 2024-03-05\nLocation: room 4\n",
        "# Plan\n\nTip: review every morning.\n\nGoal: finish the deck by Friday.\n\nPace: ten new cards a day.\n",
        "# Changes\n\nVersion 2.1 - fixed the login bug\nVersion 2.2 - added dark mode\nVersion 2.3 - faster startup\n",
        "# Trip\n\nWe left early. The plan: drive to the coast.\n\nLesson learned: pack an umbrella.\n",
    ]:
        assert _note(note).cards == [], note


def test_generic_labels_under_several_headings_name_their_section() -> None:
    note = """# Languages

## Python

Pros: easy to read and write

Cons: slower than compiled languages

## Rust

Pros: fast and memory safe

Cons: a steep learning curve
"""
    definitions = _definitions(_note(note))
    assert definitions == {
        "Python — Pros": "easy to read and write",
        "Python — Cons": "slower than compiled languages",
        "Rust — Pros": "fast and memory safe",
        "Rust — Cons": "a steep learning curve",
    }


def test_aligned_columns_in_plain_lines_shell() -> None:
    note = """# Shell

cd       change the working directory
pwd      print the working directory
mkdir    make a new directory
"""
    extraction = _note(note)
    # a definition (`cd` → purpose) or, once the note shows them as commands, a command card
    pairs = {frozenset((card.front, card.back)) for card in extraction.cards if card.kind in {"definition", "command"}}
    assert pairs == {
        frozenset(("`cd`", "change the working directory")),
        frozenset(("`pwd`", "print the working directory")),
        frozenset(("`mkdir`", "make a new directory")),
    }
    prose = """# Letters

This was typed long ago.  Two spaces follow each full stop.
The habit came from typewriters.  It is harmless.
"""
    assert _note(prose).cards == []


def test_symbol_and_dash_bullets_inside_a_text_fence_first_aid() -> None:
    note = """# First aid

```text
✅ Recovery position - lying on the side with the airway open
✅ Tourniquet - a band tightened to stop heavy bleeding
- Splint - a rigid support that keeps a broken limb still
```
"""
    assert _definitions(_note(note)) == {
        "Recovery position": "lying on the side with the airway open",
        "Tourniquet": "a band tightened to stop heavy bleeding",
        "Splint": "a rigid support that keeps a broken limb still",
    }


def test_roman_numeral_i_is_not_the_first_person_history() -> None:
    note = """# Wars

Treaty of Versailles: the peace that ended World War I

Marshall Plan: American aid to rebuild Europe after World War II
"""
    assert set(_definitions(_note(note))) == {"Treaty of Versailles", "Marshall Plan"}


def test_single_character_words_are_terms_not_symbols_chinese() -> None:
    note = """# 汉字

水：water

火：fire

山：mountain
"""
    assert _definitions(_note(note)) == {"水": "water", "火": "fire", "山": "mountain"}


def test_whole_bold_quote_lines_medicine() -> None:
    note = """# Cardiology

> **Tachycardia: a resting heart rate above 100 beats per minute.**
>
> **Bradycardia: a resting heart rate below 60 beats per minute.**
"""
    assert _definitions(_note(note)) == {
        "Tachycardia": "a resting heart rate above 100 beats per minute.",
        "Bradycardia": "a resting heart rate below 60 beats per minute.",
    }


def test_lone_item_with_the_habit_biology() -> None:
    note = """# Cells

Mitochondrion - the organelle that makes ATP

Ribosome - the site of protein synthesis

## Membranes

The membrane surrounds every cell and controls what enters.

Osmosis - water moving across a membrane
"""
    assert _definitions(_note(note))["Osmosis"] == "water moving across a membrane"


def test_aligned_columns_in_plain_lines_music_software() -> None:
    note = """# Shortcuts

Space     start or stop playback
Home      jump to the first bar
"""
    definitions = _definitions(_note(note))
    assert definitions == {"`Space`": "start or stop playback", "`Home`": "jump to the first bar"}


def test_variable_legend_chemistry() -> None:
    note = """# Gases

## Ideal gas law

$$PV = nRT$$

$P$ = pressure<br>
$V$ = volume<br>
$n$ = amount of gas<br>
$T$ = temperature
"""
    extraction = _note(note)
    assert not any(card.front in {"$P$", "$V$", "$n$", "$T$"} for card in extraction.cards)
