"""The pure import plan: matching by key, then by move key; retiring only the imported files' cards."""

from __future__ import annotations

from flashcards.core.cards import CardDraft, SourceRef, make_key
from flashcards.core.plan import Action, StoredCard, make_plan


def draft(anchor: str, back: str, context: tuple[str, ...] = ("Terms",), line: int = 1,
          path: str = "/n/a.md", kind: str = "definition") -> CardDraft:
    return CardDraft(make_key("d", kind, context, anchor), kind, "d", anchor, back, context,
                     SourceRef(path, line))


def stored(d: CardDraft, id: int, status: str = "active", back: str | None = None) -> StoredCard:
    content = d if back is None else CardDraft(d.key, d.kind, d.deck, d.front, back, d.context, d.source)
    return StoredCard(id, d.key, d.deck, d.kind, d.front, content.content_hash, status, d.source.path,
                      d.source.line, d.context)


def actions(plan: object) -> list[tuple[str, str]]:
    return [(item.action.value, item.key.rsplit("|", 1)[1]) for item in plan.items]  # type: ignore[attr-defined]


def test_first_import_is_all_new() -> None:
    plan = make_plan([draft("a", "1"), draft("b", "2")], [], imported_paths={"/n/a.md"})
    assert actions(plan) == [("new", "a"), ("new", "b")]
    assert plan.writes_anything


def test_unchanged_and_changed() -> None:
    a, b = draft("a", "1"), draft("b", "2")
    plan = make_plan([a, b], [stored(a, 1), stored(b, 2, back="old answer")], imported_paths={"/n/a.md"})
    assert actions(plan) == [("unchanged", "a"), ("changed", "b")]
    assert plan.items[1].stored is not None and plan.items[1].stored.id == 2


def test_nothing_to_write_when_all_unchanged() -> None:
    a = draft("a", "1")
    assert not make_plan([a], [stored(a, 1)], imported_paths={"/n/a.md"}).writes_anything


def test_moved_to_another_heading_keeps_the_card() -> None:
    old = draft("a", "1", context=("Old",))
    new = draft("a", "1", context=("New", "Sub"))
    plan = make_plan([new], [stored(old, 7)], imported_paths={"/n/a.md"})
    assert actions(plan) == [("moved", "a")]
    assert plan.items[0].stored is not None and plan.items[0].stored.id == 7


def test_same_heading_but_other_line_is_only_shifted() -> None:
    old = draft("a", "1", line=3)
    plan = make_plan([draft("a", "1", line=9)], [stored(old, 1)], imported_paths={"/n/a.md"})
    assert actions(plan) == [("shifted", "a")]
    assert plan.writes_anything


def test_same_key_from_another_file_is_moved() -> None:
    old = draft("a", "1", path="/n/old.md")
    plan = make_plan([draft("a", "1", path="/n/new.md")], [stored(old, 1)], imported_paths={"/n/new.md"})
    assert actions(plan) == [("moved", "a")]


def test_ambiguous_move_is_new_plus_retired() -> None:
    old = draft("a", "1", context=("Old",))
    first, second = draft("a", "1", context=("X",)), draft("a", "2", context=("Y",))
    plan = make_plan([first, second], [stored(old, 1)], imported_paths={"/n/a.md"})
    assert sorted(actions(plan)) == [("new", "a"), ("new", "a"), ("retired", "a")]


def test_gone_from_the_notes_is_retired_not_deleted() -> None:
    a, b = draft("a", "1"), draft("b", "2")
    plan = make_plan([a], [stored(a, 1), stored(b, 2)], imported_paths={"/n/a.md"})
    assert actions(plan) == [("unchanged", "a"), ("retired", "b")]


def test_only_cards_of_the_imported_files_retire() -> None:
    a, other = draft("a", "1"), draft("z", "9", path="/n/other.md")
    plan = make_plan([a], [stored(a, 1), stored(other, 2)], imported_paths={"/n/a.md"})
    assert actions(plan) == [("unchanged", "a")]


def test_retired_card_that_returns_is_restored() -> None:
    a = draft("a", "1")
    plan = make_plan([a], [stored(a, 4, status="retired")], imported_paths={"/n/a.md"})
    assert actions(plan) == [("restored", "a")]


def test_already_retired_cards_are_not_retired_again() -> None:
    gone = draft("gone", "1")
    plan = make_plan([], [stored(gone, 4, status="retired")], imported_paths={"/n/a.md"})
    assert plan.items == []
    assert Action.RETIRED.value == "retired"
