"""Real notes written by other people (`../shared/corpus/`): golden files plus what must never happen.

Every corpus note is pinned by a golden file, and checked for the properties a learner relies on:
no empty or link-only answers, no leftover HTML decoration, no card from a paragraph the extractor
itself calls prose, and the skipped items each style is known for (the 10 link-only glossary entries
of the Carpentries lesson, the 10 unanswered devops questions, ...). The tests skip only when the
shared corpus folder is absent.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest

from flashcards.core.cards import KINDS, Extraction
from tests.golden.cases import CORPUS, FIELDS, SHARED, GoldenCase, card_dicts, read, write

_DECORATION = re.compile(
    r"</?(?:em|b|strong|i|br|center|a|p|div|span|summary|details|dd|dt|dl)\b[^>]*>", re.IGNORECASE
)
_CASES = {case.name.removeprefix("corpus-"): case for case in CORPUS}


@dataclass(frozen=True)
class Expected:
    """What a reader of the note expects, beyond the golden file."""

    kinds: dict[str, int]  # exact count per kind
    skipped: dict[str, int] = field(default_factory=dict)  # exact count per skip reason (others free)
    prose_lines: tuple[int, ...] = ()  # lines of prose paragraphs: no card may come from them
    problem_lines: tuple[int, ...] = ()


EXPECTED = {
    "carpentries-glossary": Expected(
        kinds={"definition": 16, "definition-reverse": 16}, skipped={"answer is only a link": 10}
    ),
    "swcarpentry-reference": Expected(
        kinds={"definition": 44, "definition-reverse": 44},  # the summary table's 7 rows are read too
        skipped={"answer is only a link": 1, "list of links": 3},
        prose_lines=(19,),
    ),
    "wsargent-cheat-sheet": Expected(
        kinds={
            "command": 95,
            "command-reverse": 95,
            "definition": 26,
            "definition-reverse": 25,
            "instruction": 18,
        },
        skipped={"list of links": 9},
        # 147 ("## Containers" + its analogy) is a doubtful gold item and now a heading card.
        prose_lines=(27, 29, 157, 159, 322, 551),
    ),
    "docker-run-reference": Expected(
        # "### Aliases" over its two command names (a doubtful gold item) is a heading card.
        kinds={"command": 1, "command-reverse": 1, "definition": 1, "definition-reverse": 1, "flag": 102,
               "flag-reverse": 102},
    ),
    "tldr-docker-run": Expected(kinds={"command": 9, "command-reverse": 9}),
    "nguyenhphilip-deep-learning": Expected(kinds={"qa": 6, "cloze": 3}, prose_lines=(5, 54, 58)),
    "devops-containers": Expected(
        kinds={"qa": 133},
        skipped={"empty answer": 10, "table of links": 3},
        problem_lines=(492,),
    ),
    "bobbyiliev-ls": Expected(
        kinds={
            "flag": 27,
            "flag-reverse": 27,
            "command": 19,
            "command-reverse": 19,
            "definition": 25,  # the indicator and wildcard symbol tables are read
            "definition-reverse": 20,  # 5 symbol reverses would show their answer: dropped
            "instruction": 4,
        },
        prose_lines=(64, 141),
        problem_lines=(218, 219),
    ),
    "aws-saa-guide": Expected(
        kinds={"definition": 160, "definition-reverse": 147, "qa": 11, "steps": 3},
        prose_lines=(136, 187, 1623),
    ),
}


def _extraction(case: GoldenCase) -> Extraction:
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"{SHARED / 'corpus'} is absent: the shared corpus of real notes is not checked out")
    if not case.available():
        pytest.skip(f"{case.source} is absent from the shared corpus")
    return case.extract()


NAMES = sorted(_CASES)


def test_at_least_five_styles_have_golden_files() -> None:
    assert len([case for case in CORPUS if case.golden.is_file()]) >= 5


@pytest.mark.parametrize("name", NAMES)
def test_matches_golden_file(name: str) -> None:
    case = _CASES[name]
    extraction = _extraction(case)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        write(case)
    assert card_dicts(extraction) == read(case), (
        "regenerate with `python -m tests.golden` and review the diff"
    )


_FIELD_CASES = {case.name.removeprefix("fields-"): case for case in FIELDS}


@pytest.mark.parametrize("name", sorted(_FIELD_CASES))
def test_field_note_matches_golden_file(name: str) -> None:
    """The notes of other fields are pinned too, so a rule change shows up as a reviewed diff."""
    case = _FIELD_CASES[name]
    extraction = _extraction(case)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        write(case)
    assert card_dicts(extraction) == read(case), (
        "regenerate with `python -m tests.golden` and review the diff"
    )


@pytest.mark.parametrize("name", sorted(_FIELD_CASES))
def test_field_note_answers_are_real_answers(name: str) -> None:
    extraction = _extraction(_FIELD_CASES[name])
    keys = [card.key for card in extraction.cards]
    assert len(keys) == len(set(keys))
    for card in extraction.cards:
        assert card.front.strip() and card.back.strip() and card.front != card.back, card
        for text in (card.front, card.back):
            assert not _DECORATION.search(text), (card.key, text)
            assert "<!--" not in text and "\ue000" not in text and "\ue001" not in text


@pytest.mark.parametrize("name", NAMES)
def test_expected_cards_skips_and_problems(name: str) -> None:
    extraction = _extraction(_CASES[name])
    expected = EXPECTED[name]
    assert dict(Counter(card.kind for card in extraction.cards)) == expected.kinds
    reasons = Counter(item.message for item in extraction.skipped)
    for reason, count in expected.skipped.items():
        assert reasons[reason] == count, (reason, reasons)
    assert [problem.line for problem in extraction.problems] == list(expected.problem_lines)


@pytest.mark.parametrize("name", NAMES)
def test_answers_are_real_answers(name: str) -> None:
    extraction = _extraction(_CASES[name])
    for card in extraction.cards:
        assert card.front.strip() and card.back.strip(), card
        assert not re.fullmatch(
            r"\s*(?:see\s*(?:also)?:?\s*)?(?:https?://\S+|\[[^\]]*\]\([^)]*\))\s*", card.back, re.IGNORECASE
        )
        for text in (card.front, card.back):
            assert not _DECORATION.search(text), (card.key, text)
            assert "<!--" not in text and "\ue000" not in text and "\ue001" not in text
            assert "&lt;" not in text and "&amp;" not in text and "&rarr;" not in text


@pytest.mark.parametrize("name", NAMES)
def test_no_card_from_prose(name: str) -> None:
    extraction = _extraction(_CASES[name])
    prose = {item.line for item in extraction.skipped if item.message == "prose paragraph"}
    assert set(EXPECTED[name].prose_lines) <= prose, "these lines are prose and must be reported as such"
    for card in extraction.cards:
        assert card.source.line not in prose, card


@pytest.mark.parametrize("name", NAMES)
def test_keys_lines_and_siblings(name: str) -> None:
    case = _CASES[name]
    extraction = _extraction(case)
    lines = case.text().split("\n")
    keys = [card.key for card in extraction.cards]
    assert len(keys) == len(set(keys))
    by_key = {card.key: card for card in extraction.cards}
    for card in extraction.cards:
        assert card.kind in KINDS
        assert card.key.startswith(f"{case.deck}|{card.kind}|")
        assert 1 <= card.source.line <= len(lines)
        anchor = card.key.split("|", 3)[3]
        words = [word for word in re.findall(r"[A-Za-z]{3,}", anchor)]
        if words:  # the card's line mentions what the card is about
            assert any(word.lower() in lines[card.source.line - 1].lower() for word in words), card
        if card.sibling_key is not None:
            assert by_key[card.sibling_key].source == card.source
    for item in [*extraction.skipped, *extraction.problems]:
        assert 1 <= item.line <= len(lines)


def test_carpentries_link_only_entries_are_the_glossario_ones() -> None:
    case = _CASES["carpentries-glossary"]
    extraction = _extraction(case)
    lines = case.text().split("\n")
    for item in extraction.skipped:
        assert "<dt>" in lines[item.line - 1]
        assert "Glossario" in lines[item.line]
    container = next(card for card in extraction.cards if card.front == "Container")
    assert container.back.startswith(
        "A particular instance of a lightweight virtual machine derived from a container image."
    )


def test_devops_unanswered_questions_and_duplicate() -> None:
    extraction = _extraction(_CASES["devops-containers"])
    empty = [item.line for item in extraction.skipped if item.message == "empty answer"]
    assert empty == [196, 697, 987, 991, 1009, 1013, 1026, 1030, 1034, 1038]
    (duplicate,) = extraction.problems
    assert "also on line 412" in duplicate.message
    registry = next(card for card in extraction.cards if card.front.startswith("A registry contains"))
    assert registry.front == "A registry contains one or more `____` which in turn contain one or more `____`"


def test_docker_run_table_aliases_and_escaped_pipes() -> None:
    extraction = _extraction(_CASES["docker-run-reference"])
    fronts = {card.front for card in extraction.cards if card.kind == "flag"}
    assert "`docker run -a` / `--attach`" in fronts
    assert "`docker run --add-host`" in fronts
    cgroupns = next(card for card in extraction.cards if card.front == "`docker run --cgroupns`")
    assert cgroupns.back.startswith("Cgroup namespace to use (host|private)\n'host':")
    user = next(card for card in extraction.cards if card.front == "`docker run -u` / `--user`")
    assert user.back == "Username or UID (format: <name|uid>[:<group|gid>])"


def test_ls_table_empty_cells_and_repeated_section() -> None:
    extraction = _extraction(_CASES["bobbyiliev-ls"])
    flags = [card for card in extraction.cards if card.kind == "flag"]
    assert flags[0].front == "`ls -l`"
    assert any(card.front == "`ls --color=auto`" for card in flags)
    assert any(card.front == "`ls -s` / `--size`" for card in flags)
    assert [card.key.split("|")[3] for card in flags if card.source.line in (218, 219)] == [
        "-Z (2)",
        "-lZ (2)",
    ]


def test_tldr_placeholders_stay_verbatim() -> None:
    extraction = _extraction(_CASES["tldr-docker-run"])
    commands = {card.front: card.back for card in extraction.cards if card.kind == "command"}
    assert commands["Run a command in a new Docker container."] == "`docker run`"  # the page's own summary
    assert (
        commands["Run command in a new container from a tagged image"]
        == "`docker run {{image:tag}} {{command}}`"
    )


def test_spaced_repetition_markup() -> None:
    extraction = _extraction(_CASES["nguyenhphilip-deep-learning"])
    qa = {card.front: card.back for card in extraction.cards if card.kind == "qa"}
    assert qa["specificity"].startswith("the proportion of true negatives")
    assert "==" not in qa["sensitivity"] and "statistical power" in qa["sensitivity"]
    assert qa["What are autoencoders?"].startswith("They are a special kind of feedforward network")
    clozes = [card for card in extraction.cards if card.kind == "cloze"]
    assert clozes[0].front == "[...] learn to generate a latent representation of the data."
    assert clozes[0].back == "Encoders learn to generate a latent representation of the data."


def test_cheat_sheet_commands_and_comments() -> None:
    extraction = _extraction(_CASES["wsargent-cheat-sheet"])
    commands = {card.back: card.front for card in extraction.cards if card.kind == "command"}
    assert commands["`docker create`"] == "creates a container but does not start it."
    assert commands["`docker network create NAME`"] == "Create a new network (default type: bridge)."
    assert commands["`docker load < my_image.tar.gz`"] == "Load an image from file"
    instructions = {card.front: card.back for card in extraction.cards if card.kind == "instruction"}
    assert instructions[
        "create a new bridge network with your subnet and gateway for your ip block"
    ].startswith("`docker network create --subnet")


def test_study_guide_bold_terms_summaries_and_steps() -> None:
    extraction = _extraction(_CASES["aws-saa-guide"])
    definitions = {card.front: card.back for card in extraction.cards if card.kind == "definition"}
    assert definitions["Explicit Deny"].startswith("Denies access to a particular resource")
    assert definitions["Route53"].startswith("Amazon Route 53 is a highly available and scalable")
    assert (
        definitions["AWS DirectConnect"]
        == "DirectConnect connects your on-prem with your VPC through a non-public tunnel."
    )
    steps = {card.front for card in extraction.cards if card.kind == "steps"}
    assert "The steps for setting up an AWS DirectConnect connection" in steps
