"""Re-keying in the pure import plan: a card the extractor reads anew keeps its id and history.

The old and new draft lists are made by hand to stand for what a rewritten extractor does to notes of
two fields (biology and history, plus interview Q/A): a `qa` item read as a `definition`, an "ANS"
label replaced by the real question above it, a bare label named "Parent — Label", a card on another
line. Each must be planned as *changed* (re-keyed), never retired + new; and where the evidence is
not unique, the plan must not guess.
"""

from __future__ import annotations

from flashcards.core.cards import CardDraft, SourceRef, make_key
from flashcards.core.plan import Action, Plan, StoredCard, make_plan

PATH = "/notes/biology.md"


def card(kind: str, anchor: str, front: str, back: str, line: int, context: tuple[str, ...] = ("Cells",),
         path: str = PATH, deck: str = "bio", sibling: CardDraft | None = None) -> CardDraft:
    return CardDraft(make_key(deck, kind, context, anchor), kind, deck, front, back, context, SourceRef(path, line),
                     sibling_key=None if sibling is None else sibling.key)


def pair(kind: str, anchor: str, term: str, meaning: str, line: int, context: tuple[str, ...] = ("Cells",),
         path: str = PATH) -> list[CardDraft]:
    """A forward card and its reverse, as the extractor makes them (the reverse names its forward)."""
    forward = card(kind, anchor, term, meaning, line, context, path)
    return [forward, card(f"{kind}-reverse", anchor, meaning, term, line, context, path, sibling=forward)]


def stored(drafts: list[CardDraft], status: str = "active", first_id: int = 1) -> list[StoredCard]:
    """The drafts as an earlier import stored them."""
    return [StoredCard(first_id + n, d.key, d.deck, d.kind, d.front, d.content_hash, status, d.source.path,
                       d.source.line, d.context, back=d.back, sibling_key=d.sibling_key)
            for n, d in enumerate(drafts)]


def plan_of(old: list[CardDraft], new: list[CardDraft], status: str = "active") -> Plan:
    return make_plan(new, stored(old, status), imported_paths={d.source.path for d in old + new})


def fates(plan: Plan) -> list[tuple[str, str, int | None]]:
    """(action, key, stored id) per item, "re-keyed" for a changed card whose key changed."""
    return [("re-keyed" if item.rekeyed else item.action.value, item.key, item.stored.id if item.stored else None)
            for item in plan.items]


def test_a_qa_item_read_as_a_definition_keeps_its_card() -> None:
    old = [card("qa", "What is mitosis?", "What is mitosis?", "Division of a cell into two identical cells", 7)]
    new = pair("definition", "Mitosis", "Mitosis", "Division of a cell into two identical cells", 7)
    plan = plan_of(old, new)
    assert fates(plan) == [("re-keyed", new[0].key, 1), ("new", new[1].key, None)]
    assert plan.count(Action.RETIRED) == 0
    assert plan.counts()["changed"] == 1 and plan.rekeyed == 1  # counted as changed, named re-keyed


def test_ans_labels_replaced_by_the_questions_keep_their_cards() -> None:
    """`<summary>ANS</summary>` fronts ("ANS", "ANS (2)") become the question lines above them."""
    context = ("Machine Learning", "General Questions")
    old = [card("qa", "ANS", "ANS", "Use a uniform prior", 16, context),
           card("qa", "ANS (2)", "ANS", "Prefer L1 when there are outliers", 28, context)]
    new = [card("qa", "Give an example where MLE equals MAP", "Give an example where MLE equals MAP",
                "Use a uniform prior", 11, context),
           card("qa", "How to decide between L1 and L2 loss?", "How to decide between L1 and L2 loss?",
                "Prefer L1 when there are outliers", 23, context)]
    assert fates(plan_of(old, new)) == [("re-keyed", new[0].key, 1), ("re-keyed", new[1].key, 2)]


def test_a_bare_label_named_after_its_parent_keeps_both_directions() -> None:
    """History notes: "Causes" under "Treaty of Versailles" becomes "Treaty of Versailles — Causes"."""
    context = ("Interwar period",)
    old = pair("definition", "Causes", "Causes", "German defeat in the First World War", 40, context, "/notes/history.md")
    new = pair("definition", "Treaty of Versailles — Causes", "Treaty of Versailles — Causes",
               "German defeat in the First World War", 40, context, "/notes/history.md")
    plan = plan_of(old, new)
    assert fates(plan) == [("re-keyed", new[0].key, 1), ("re-keyed", new[1].key, 2)]
    assert plan.items[1].draft is not None and plan.items[1].draft.sibling_key == new[0].key


def test_a_kind_change_on_another_line_is_found_by_its_front() -> None:
    """The new rules read two more lines above (a heading's body), so the item sits lower; same front."""
    old = pair("command", "Treaty of Versailles", "Treaty of Versailles", "1919", 12, ("Timeline",),
               "/notes/history.md")
    new = pair("definition", "Treaty of Versailles", "Treaty of Versailles", "1919: ended the First World War", 14,
               ("Timeline",), "/notes/history.md")
    assert fates(plan_of(old, new)) == [("re-keyed", new[0].key, 1), ("re-keyed", new[1].key, 2)]


def test_nothing_changes_for_an_unchanged_extractor() -> None:
    drafts = pair("definition", "Ribosome", "Ribosome", "Makes proteins", 3)
    plan = plan_of(drafts, drafts)
    assert [item.action for item in plan.items] == [Action.UNCHANGED, Action.UNCHANGED]
    assert plan.rekeyed == 0 and not plan.writes_anything


def test_exact_and_moved_matches_come_before_re_keying() -> None:
    kept = card("definition", "Ribosome", "Ribosome", "Makes proteins", 3)
    moved_old = card("definition", "Nucleus", "Nucleus", "Holds the DNA", 5)
    moved_new = card("definition", "Nucleus", "Nucleus", "Holds the DNA", 5, ("Organelles",))
    plan = plan_of([kept, moved_old], [kept, moved_new])
    assert fates(plan) == [("unchanged", kept.key, 1), ("moved", moved_new.key, 2)]


def test_two_old_cards_never_land_on_one_draft() -> None:
    """Two old cards with the same answer and one draft with it: no evidence is unique, nothing is guessed."""
    old = [card("qa", "ANS", "ANS", "Yes", 10), card("qa", "ANS (2)", "ANS", "Yes", 20)]
    new = [card("qa", "Is a virus alive?", "Is a virus alive?", "Yes", 8)]
    assert sorted(fates(plan_of(old, new))) == sorted([("new", new[0].key, None), ("retired", old[0].key, 1),
                                                      ("retired", old[1].key, 2)])


def test_ambiguous_pairs_fall_back_to_retired_and_new() -> None:
    """Two old and two new cards that share every piece of evidence pairwise: retired + new, not a guess."""
    old = [card("qa", "ANS", "ANS", "Yes", 10), card("qa", "ANS (2)", "ANS", "Yes", 11)]
    new = [card("qa", "Q one", "Q", "Yes", 30), card("qa", "Q two", "Q", "Yes", 31)]
    plan = plan_of(old, new)
    assert plan.count(Action.NEW) == 2 and plan.count(Action.RETIRED) == 2 and plan.rekeyed == 0


def test_a_unique_line_wins_over_a_shared_answer() -> None:
    """Both old cards answer "Yes"; the line (with the front) still tells them apart, one to one."""
    old = [card("qa", "Alive?", "Alive?", "Yes", 10), card("qa", "Cellular?", "Cellular?", "Yes", 20)]
    new = [card("definition", "Alive", "Alive?", "Yes", 10), card("definition", "Cellular", "Cellular?", "Yes", 20)]
    assert fates(plan_of(old, new)) == [("re-keyed", new[0].key, 1), ("re-keyed", new[1].key, 2)]


def test_a_forward_card_never_becomes_a_reverse_card() -> None:
    old = [card("definition", "Osmosis", "Osmosis", "Water crossing a membrane", 4)]
    forward = card("definition", "Diffusion", "Diffusion", "Spreading out", 9)
    reverse = card("definition-reverse", "Osmosis", "Water crossing a membrane", "Osmosis", 4, sibling=forward)
    plan = plan_of(old, [forward, reverse])
    assert plan.rekeyed == 0 and plan.count(Action.RETIRED) == 1


def test_a_reverse_card_follows_its_forward_card_only() -> None:
    """The old reverse's forward card is gone (retired): the reverse does not join a new forward card."""
    old = pair("definition", "Osmosis", "Osmosis", "Water crossing a membrane", 4)
    forward = card("definition", "Diffusion", "Diffusion", "Spreading out", 9)
    reverse = card("definition-reverse", "Diffusion", "Water crossing a membrane", "Diffusion", 4, sibling=forward)
    plan = plan_of(old, [forward, reverse])
    assert plan.rekeyed == 0 and plan.count(Action.RETIRED) == 2 and plan.count(Action.NEW) == 2


def test_other_files_decks_and_retired_cards_are_never_re_keyed() -> None:
    other_file = card("qa", "What is mitosis?", "What is mitosis?", "Cell division", 7, path="/notes/other.md")
    new = card("definition", "Mitosis", "Mitosis", "Cell division", 7)
    plan = make_plan([new], stored([other_file]), imported_paths={PATH, "/notes/other.md"})
    assert plan.rekeyed == 0
    other_deck = card("qa", "What is mitosis?", "What is mitosis?", "Cell division", 7, deck="biology")
    assert make_plan([new], stored([other_deck]), imported_paths={PATH}).rekeyed == 0
    retired = card("qa", "What is mitosis?", "What is mitosis?", "Cell division", 7)
    assert plan_of([retired], [new], status="retired").rekeyed == 0
    not_imported = card("qa", "What is mitosis?", "What is mitosis?", "Cell division", 7)
    assert make_plan([new], stored([not_imported]), imported_paths=set()).rekeyed == 0


def test_re_keying_is_deterministic() -> None:
    old = [card("qa", f"ANS ({n})", "ANS", f"answer {n}", 10 * n) for n in range(1, 6)]
    new = [card("qa", f"Question {n}?", f"Question {n}?", f"answer {n}", 10 * n - 3) for n in range(1, 6)]
    first = fates(plan_of(old, new))
    assert first == fates(plan_of(old, new))
    assert [fate[0] for fate in first] == ["re-keyed"] * 5
    assert [fate[2] for fate in first] == [1, 2, 3, 4, 5]


def test_one_item_on_a_line_read_wholly_anew_keeps_its_card() -> None:
    """Another kind, section, front and answer, but the only card of that line before and after."""
    old = [card("instruction", "General Questions", "General Questions", "`Is MLE a special case of MAP?`", 9,
                ("Machine Learning",))]
    new = [card("qa", "Is MLE a special case of MAP?", "Is MLE a special case of MAP?", "Yes, with a uniform prior",
                9, ("Machine Learning", "General Questions"))]
    assert fates(plan_of(old, new)) == [("re-keyed", new[0].key, 1)]


def test_two_new_items_on_the_old_card_s_line_are_not_guessed_between() -> None:
    old = [card("definition", "Osmosis", "Osmosis", "Water crossing a membrane", 9)]
    new = [card("qa", "What moves in osmosis?", "What moves in osmosis?", "Water", 9),
           card("qa", "Across what?", "Across what?", "A membrane", 9)]
    plan = plan_of(old, new)
    assert plan.rekeyed == 0 and plan.count(Action.NEW) == 2 and plan.count(Action.RETIRED) == 1
