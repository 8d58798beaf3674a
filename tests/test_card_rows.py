"""`cards --json`'s writer: byte for byte what `json.dumps(..., indent=2, ensure_ascii=False)` prints."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards.application.card_rows import CardRow, cards_json, cards_json_parts
from flashcards.core.vocabulary import LearningState, Status

# Any text json may meet: controls, quotes, backslashes, non-ASCII, lone surrogates, line separators.
texts = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
ints = st.integers(min_value=0, max_value=2**63)
rows = st.builds(
    CardRow, id=ints, key=texts, deck=texts, kind=texts, front=texts, back=texts,
    status=st.sampled_from([*Status, "active"]), state=st.sampled_from([*LearningState, *Status]),
    repetitions=ints, ef_hundredths=ints, interval=ints, due=st.none() | st.dates(min_value=date(1, 1, 1)),
    lapses=ints, tags=st.lists(texts, max_size=3).map(tuple), context=st.lists(texts, max_size=3).map(tuple),
    source_path=texts, source_line=ints)


def expected(cards: list[CardRow]) -> str:
    return json.dumps([card.to_dict() for card in cards], indent=2, ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(rows, max_size=6), st.integers(min_value=1, max_value=4))
def test_cards_json_is_json_dumps_indented(cards: list[CardRow], per_part: int) -> None:
    assert cards_json(cards) == expected(cards)
    assert "".join(cards_json_parts(cards, per_part)) == expected(cards)


def test_no_cards_is_an_empty_array() -> None:
    assert cards_json([]) == "[]" == expected([])
