"""The seed notes and our built-in deck: the extractor must read them perfectly (DESIGN.md §2).

Both files are checked against the same expectations (the deck holds the seed's facts, corrected),
against their golden files, and for the promise that every card points at its own line.
Set UPDATE_GOLDEN=1 (or run `python -m tests.golden`) to rewrite the golden files after a change.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest

from flashcards.core.cards import KINDS, CardDraft, Extraction
from tests.golden.cases import DECK, SEED, GoldenCase, card_dicts, read, write

CASES = [pytest.param(SEED, id="seed"), pytest.param(DECK, id="deck")]


def _extraction(case: GoldenCase) -> Extraction:
    if not case.available():
        pytest.skip(f"{case.source} is absent (the shared seed notes are not checked out next to the repo)")
    return case.extract()


def _anchor(card: CardDraft) -> str:
    return card.key.split("|", 3)[3]


def _by_kind(extraction: Extraction, kind: str) -> list[CardDraft]:
    return [card for card in extraction.cards if card.kind == kind]


@pytest.mark.parametrize("case", CASES)
def test_matches_golden_file(case: GoldenCase) -> None:
    extraction = _extraction(case)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        write(case)
    assert card_dicts(extraction) == read(case), (
        "regenerate with `python -m tests.golden` and review the diff"
    )


@pytest.mark.parametrize("case", CASES)
def test_six_definitions_with_reverse_cards(case: GoldenCase) -> None:
    extraction = _extraction(case)
    fronts = [card.front for card in _by_kind(extraction, "definition")]
    assert fronts == ["Docker Hub", "Image", "Container", "Docker Daemon", "Docker Client", "Dockerfile"]
    reverse = _by_kind(extraction, "definition-reverse")
    assert [card.back for card in reverse] == fronts
    forward_keys = {card.key for card in _by_kind(extraction, "definition")}
    assert all(card.sibling_key in forward_keys for card in reverse)
    assert all(card.context == ("Overview", "Components") for card in reverse)


@pytest.mark.parametrize("case", CASES)
def test_ten_flags_each_with_its_command(case: GoldenCase) -> None:
    extraction = _extraction(case)
    fronts = [card.front for card in _by_kind(extraction, "flag")]
    assert fronts == [
        "`docker run -it`",
        "`docker run --rm`",
        "`docker run -d`",
        "`docker run --name`",
        "`docker run -P`",
        "`docker run -p <external_port>:<internal_port>`",
        "`docker run --help`",
        "`docker ps -a`",
        "`docker ps -q`",
        "`docker ps -f`",
    ]
    reverse = _by_kind(extraction, "flag-reverse")
    assert len(reverse) == 10
    detached = next(card for card in reverse if card.back == "`-d`")
    assert detached.front.startswith("Which `docker run` flag: Run in detached mode")
    assert detached.context == ("Core commands", "run", "arguments")
    assert all(card.front.startswith("Which `docker ps` flag:") for card in reverse[7:])


@pytest.mark.parametrize("case", CASES)
def test_command_cards(case: GoldenCase) -> None:
    extraction = _extraction(case)
    commands = [card.back.strip("`") for card in _by_kind(extraction, "command")]
    expected_starts = [
        "docker port <container-name>",
        "docker stop <container-name/ID>",
        "docker ps",
        "docker images",
        "docker rm <container_id>",
        "docker rm $(docker ps -a -q -f status=exited)",
        "docker container prune",
        "docker rmi",
        "docker build -t <tag_name> .",
    ]
    assert len(commands) == len(expected_starts)
    for command, expected in zip(commands, expected_starts, strict=True):
        assert command.startswith(expected)
    reverse = _by_kind(extraction, "command-reverse")
    assert [card.front.strip("`") for card in reverse] == commands
    port = _by_kind(extraction, "command")[0]
    assert port.front.startswith("View all mapped ports")
    assert port.context == ("Core commands", "port")
    prune = _by_kind(extraction, "command")[6]
    assert "remove all containers with an exited status" in prune.front


@pytest.mark.parametrize("case", CASES)
def test_dockerfile_instructions_from_their_comments(case: GoldenCase) -> None:
    extraction = _extraction(case)
    cards = _by_kind(extraction, "instruction")
    assert [card.back.strip("`").split()[0] for card in cards] == ["WORKDIR", "COPY", "RUN", "EXPOSE", "CMD"]
    assert cards[0].front == "set a directory for the app"
    assert cards[0].back == "`WORKDIR /usr/src/app`"
    assert not any("FROM" in card.back for card in extraction.cards)


@pytest.mark.parametrize("case", CASES)
def test_one_steps_card_for_docker_run(case: GoldenCase) -> None:
    extraction = _extraction(case)
    (steps,) = _by_kind(extraction, "steps")
    assert steps.front == "Steps: Execution of 'docker run <image>'"
    assert steps.back.startswith("1. The Docker client contacts the Docker daemon.")
    assert [line[:2] for line in steps.back.split("\n")] == ["1.", "2.", "3.", "4."]


@pytest.mark.parametrize("case", CASES)
def test_no_cards_from_todo_advantages_sources_or_prose(case: GoldenCase) -> None:
    extraction = _extraction(case)
    lines = case.text().split("\n")
    todo = lines.index("# Multi-container environments") + 1
    sources = lines.index("# Sources") + 1
    advantages = lines.index("## Advantages") + 1
    for card in extraction.cards:
        assert not todo <= card.source.line < sources, card
        assert card.source.line < sources, card
        assert not advantages <= card.source.line <= advantages + 4, card
        assert card.source.line != 2, card  # the Overview paragraph
    reasons = {problem.line: problem.message for problem in extraction.skipped}
    assert reasons[todo] == "TODO section"
    assert reasons[sources + 1] == "list of links"
    assert reasons[advantages + 1].startswith("list without keys")
    assert reasons[2] == "prose paragraph"
    assert extraction.problems == []


@pytest.mark.parametrize("case", CASES)
def test_every_card_points_at_its_anchor_line(case: GoldenCase) -> None:
    extraction = _extraction(case)
    lines = case.text().split("\n")
    for card in extraction.cards:
        assert card.source.path == case.path
        line = lines[card.source.line - 1]
        assert _anchor(card) in " ".join(line.split()), (card.source.line, line, card.key)


@pytest.mark.parametrize("case", CASES)
def test_counts_kinds_keys_and_siblings(case: GoldenCase) -> None:
    extraction = _extraction(case)
    counts = Counter(card.kind for card in extraction.cards)
    assert counts == {
        "definition": 6,
        "definition-reverse": 6,
        "flag": 10,
        "flag-reverse": 10,
        "command": 9,
        "command-reverse": 9,
        "instruction": 5,
        "steps": 1,
    }
    assert set(counts) <= set(KINDS)
    keys = [card.key for card in extraction.cards]
    assert len(keys) == len(set(keys))
    assert all(card.deck == "docker" and card.key.startswith("docker|") for card in extraction.cards)
    by_key = {card.key: card for card in extraction.cards}
    for card in extraction.cards:
        if card.kind.endswith("-reverse"):
            assert card.sibling_key is not None
            assert by_key[card.sibling_key].kind == card.kind.removesuffix("-reverse")
        else:
            assert card.sibling_key is None


def test_deck_corrects_the_seed() -> None:
    deck = _extraction(DECK)
    text = {card.back for card in deck.cards} | {card.front for card in deck.cards}
    joined = "\n".join(text)
    assert "to remove a specific container" in joined
    assert "Stop a running container" in joined
    assert "Stock" not in joined
    assert "named the container" not in joined
    assert "Publish all exposed ports to random ports" in joined
    steps = next(card for card in deck.cards if card.kind == "steps")
    assert "creates a new container" in steps.back and "streams that output" in steps.back
    seed = _extraction(SEED)

    def stable(extraction: Extraction) -> list[str]:
        return [
            card.key
            for card in extraction.cards
            if card.kind.split("-")[0] in {"definition", "flag", "steps"}
        ]

    # The deck keeps the seed's structure, so its terms and flags get the same keys as in the seed.
    assert stable(seed) == stable(deck)
