"""The import plan: what re-reading the notes would do to the stored cards (pure, like `terraform plan`).

Matching, in order:
1. same key: the card is *unchanged*, or *changed* if its content hash differs (an answer was edited;
   the card keeps its id and history), or *restored* if it had been retired and is back in the notes,
   or *moved* if it now comes from another file; a card that only sits on another line of the same
   section (lines were added above it) is *shifted*: its source line is updated and nothing else;
2. same deck, kind and anchor but another heading path (`cards.move_key`), when that match is unique on
   both sides: the card *moved* and keeps its id and history; likewise a card of the same file whose key
   differs only in its deck (the file was put into another deck);
3. *re-keyed*: a stored card of an imported file whose key is gone, and a draft of the same file and
   deck whose key is new, that are evidently the same item read another way (a new extractor reads a
   `qa` item as a `definition`, finds the real question where an "ANS" label was, names a bare label
   "Parent — Label"): the card is *changed*, its key, kind and content updated, its id and history kept
   (see `_rekey` for the evidence and the rules that keep this one-to-one and conservative);
4. drafts left over are *new*; stored cards of the files being imported that are left over are
   *retired*: suspended from the queue and kept with their history, never deleted.
Only cards that came from the files being imported can be retired, so importing one file never touches
the cards of another.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from enum import Enum

from flashcards.core.cards import CardDraft, move_key
from flashcards.core.vocabulary import Status, is_reverse_kind


class Action(str, Enum):
    NEW = "new"
    CHANGED = "changed"
    MOVED = "moved"
    RESTORED = "restored"
    UNCHANGED = "unchanged"
    SHIFTED = "shifted"
    RETIRED = "retired"


@dataclass(frozen=True)
class StoredCard:
    """What the plan needs to know of a card already in the collection."""

    id: int
    key: str
    deck: str
    kind: str
    front: str
    content_hash: str
    status: str
    source_path: str
    source_line: int
    context: tuple[str, ...]
    # For re-keying only (matching by answer, keeping siblings together); defaults keep older callers.
    back: str = ""
    sibling_key: str | None = None


@dataclass(frozen=True)
class PlanItem:
    """One card's fate: the draft it becomes (None when retired) and the stored card (None when new)."""

    action: Action
    draft: CardDraft | None
    stored: StoredCard | None

    @property
    def key(self) -> str:
        if self.draft is not None:
            return self.draft.key
        assert self.stored is not None
        return self.stored.key

    @property
    def rekeyed(self) -> bool:
        """A *changed* card whose key changed too (kind or anchor read anew): history kept, key updated."""
        return (self.action is Action.CHANGED and self.draft is not None and self.stored is not None
                and self.draft.key != self.stored.key)


@dataclass
class Plan:
    items: list[PlanItem] = field(default_factory=list)

    def count(self, action: Action) -> int:
        return sum(1 for item in self.items if item.action is action)

    def counts(self) -> dict[str, int]:
        return {action.value: self.count(action) for action in Action}

    @property
    def rekeyed(self) -> int:
        """How many of the *changed* cards were re-keyed."""
        return sum(1 for item in self.items if item.rekeyed)

    @property
    def writes_anything(self) -> bool:
        return any(item.action is not Action.UNCHANGED for item in self.items)


def make_plan(
    drafts: Iterable[CardDraft],
    stored: Iterable[StoredCard],
    *,
    imported_paths: set[str],
    draft_path: dict[str, str] | None = None,
) -> Plan:
    """Compare the drafts read from `imported_paths` with the stored cards.

    Args:
        drafts: the cards read now, in the order of the notes.
        stored: every stored card that could match (any deck the drafts name, any file).
        imported_paths: the stored `source_path`s of the files being imported; only their cards retire.
        draft_path: for each draft key, the stored path it will get (so a card that changed files is
            seen as moved, not unchanged); defaults to the draft's own source path.
    """
    draft_list = list(drafts)
    stored_list = list(stored)
    by_key = {card.key: card for card in stored_list}
    paths = draft_path or {}
    items: dict[str, PlanItem] = {}
    matched_ids: set[int] = set()
    unmatched: list[CardDraft] = []

    for draft in draft_list:
        old = by_key.get(draft.key)
        if old is None:
            unmatched.append(draft)
            continue
        matched_ids.add(old.id)
        if old.status == Status.RETIRED:
            action = Action.RESTORED
        elif old.content_hash != draft.content_hash:
            action = Action.CHANGED
        elif old.source_path != paths.get(draft.key, draft.source.path) or old.context != draft.context:
            action = Action.MOVED
        elif old.source_line != draft.source.line:
            action = Action.SHIFTED
        else:
            action = Action.UNCHANGED
        items[draft.key] = PlanItem(action, draft, old)

    leftover = [card for card in stored_list if card.id not in matched_ids]
    old_by_move: dict[str, list[StoredCard]] = defaultdict(list)
    for card in leftover:
        old_by_move[move_key(card.key)].append(card)
    new_by_move: dict[str, list[CardDraft]] = defaultdict(list)
    for draft in unmatched:
        new_by_move[move_key(draft.key)].append(draft)

    left_new: list[CardDraft] = []
    matched_key: dict[str, str] = {}  # stored key -> the draft key it became
    for draft in unmatched:
        candidates = old_by_move.get(move_key(draft.key), [])
        if len(candidates) == 1 and len(new_by_move[move_key(draft.key)]) == 1:
            old = candidates[0]
            matched_ids.add(old.id)
            items[draft.key] = PlanItem(Action.MOVED, draft, old)
        else:
            left_new.append(draft)
    left_new = _moved_to_another_deck(left_new, stored_list, matched_ids, items,
                                      lambda d: paths.get(d.key, d.source.path))
    for item in items.values():
        assert item.stored is not None and item.draft is not None
        matched_key[item.stored.key] = item.draft.key

    retiring = [card for card in stored_list if card.id not in matched_ids
                and card.source_path in imported_paths and card.status != Status.RETIRED]
    rekeyed = _rekey(left_new, retiring, matched_key, lambda d: paths.get(d.key, d.source.path))
    for draft in left_new:
        old_card = rekeyed.get(draft.key)
        if old_card is not None:
            matched_ids.add(old_card.id)
            items[draft.key] = PlanItem(Action.CHANGED, draft, old_card)
        else:
            items[draft.key] = PlanItem(Action.NEW, draft, None)

    ordered = [items[draft.key] for draft in draft_list if draft.key in items]
    for card in stored_list:
        if card.id not in matched_ids and card.source_path in imported_paths and card.status != Status.RETIRED:
            ordered.append(PlanItem(Action.RETIRED, None, card))
    return Plan(ordered)


def _without_deck(key: str) -> str:
    """The key without its deck: equal for a card whose file was put into another deck."""
    return key.split("|", 1)[1]


def _moved_to_another_deck(drafts: list[CardDraft], stored: list[StoredCard], matched_ids: set[int],
                           items: dict[str, PlanItem], stored_path: Callable[[CardDraft], str]) -> list[CardDraft]:
    """Pair drafts with stored cards of the same file whose keys differ only in the deck: *moved*.

    A file read into another deck (`--deck`, a deck chosen anew) gives every card a new key, since a
    key starts with the deck; the card is the same, and keeps its id and history. Pairs must be unique
    on both sides. Returns the drafts left unpaired, in order.
    """
    if not drafts:
        return drafts
    waiting: dict[tuple[str, str], list[StoredCard]] = defaultdict(list)
    for card in stored:
        if card.id not in matched_ids:
            waiting[(card.source_path, _without_deck(card.key))].append(card)
    if not waiting:
        return drafts
    wanted: dict[tuple[str, str], list[CardDraft]] = defaultdict(list)
    for draft in drafts:
        wanted[(stored_path(draft), _without_deck(draft.key))].append(draft)
    left: list[CardDraft] = []
    for draft in drafts:
        place = (stored_path(draft), _without_deck(draft.key))
        cards = waiting.get(place, [])
        if len(cards) == 1 and len(wanted[place]) == 1 and cards[0].deck != draft.deck:
            matched_ids.add(cards[0].id)
            items[draft.key] = PlanItem(Action.MOVED, draft, cards[0])
        else:
            left.append(draft)
    return left


def _fold(text: str) -> str:
    return " ".join(text.split())


# The evidence that a stored card and a draft are the same item, strongest first. Each pass matches a
# pair only when the evidence is unique on both sides among the cards still unmatched, so no old card
# ever lands on two drafts, no two old cards on one draft, and a tie is left alone (retired + new).
# Line and front are what the issue names; the answer is there for a front that was read anew on
# another line (an "ANS" label replaced by the question above it). Line alone comes last, first within
# the same heading path: one line holds one item, and a new reading of it (another kind, anchor,
# front and answer) is still that item; the plan shows the card's old front next to the new one.
_Evidence = Callable[[int, str, str, tuple[str, ...]], Hashable]


def _line_and_front(line: int, front: str, back: str, context: tuple[str, ...]) -> Hashable:
    return (line, front)


def _line_and_back(line: int, front: str, back: str, context: tuple[str, ...]) -> Hashable:
    return (line, back)


def _front(line: int, front: str, back: str, context: tuple[str, ...]) -> Hashable:
    return front


def _back(line: int, front: str, back: str, context: tuple[str, ...]) -> Hashable:
    return back


def _line_in_section(line: int, front: str, back: str, context: tuple[str, ...]) -> Hashable:
    return (line, context)


def _line(line: int, front: str, back: str, context: tuple[str, ...]) -> Hashable:
    return line


def _only_one(line: int, front: str, back: str, context: tuple[str, ...]) -> Hashable:
    """For siblings only: the one reverse of a card pairs with the one reverse of the draft it became."""
    return ()


_PASSES: tuple[_Evidence, ...] = (_line_and_front, _line_and_back, _front, _back, _line_in_section, _line)


def _rekey(drafts: list[CardDraft], retiring: list[StoredCard], matched_key: dict[str, str],
           stored_path: Callable[[CardDraft], str]) -> dict[str, StoredCard]:
    """Which retiring card each left-over draft is, by draft key (only evident, one-to-one pairs).

    A pair must share the file (stored path), the deck and the direction (a `*-reverse` kind maps only
    to a `*-reverse` kind). Siblings stay siblings: cards without a sibling are paired first; a card
    with one is then paired only with a draft whose sibling is what its own sibling became (its forward
    card kept its key, moved or was re-keyed to exactly that draft), and within that, the only reverse
    of a forward card pair maps to the only reverse of the draft it became.
    Deterministic: the result depends only on the lists' contents and order.
    """
    found: dict[str, StoredCard] = {}
    if not retiring or not drafts:
        return found  # a first import, or nothing gone: the usual case costs nothing
    matched_key = dict(matched_key)

    def group_of_draft(draft: CardDraft) -> Hashable:
        return (stored_path(draft), draft.deck, is_reverse_kind(draft.kind), draft.sibling_key)

    def group_of_card(card: StoredCard, sibling: str | None) -> Hashable:
        return (card.source_path, card.deck, is_reverse_kind(card.kind), sibling)

    for with_sibling in (False, True):
        groups: dict[Hashable, tuple[list[StoredCard], list[CardDraft]]] = defaultdict(lambda: ([], []))
        for card in retiring:
            if (card.sibling_key is not None) is with_sibling and card.key not in matched_key:
                # A sibling that did not become a draft maps to nothing any draft names.
                sibling = None if card.sibling_key is None else matched_key.get(card.sibling_key, "\x00gone")
                groups[group_of_card(card, sibling)][0].append(card)
        for draft in drafts:
            if (draft.sibling_key is not None) is with_sibling and draft.key not in found:
                groups[group_of_draft(draft)][1].append(draft)
        passes = (*_PASSES, _only_one) if with_sibling else _PASSES
        for cards, group_drafts in groups.values():
            for evidence in passes:
                if not cards or not group_drafts:
                    break
                by_card: dict[Hashable, list[StoredCard]] = defaultdict(list)
                for card in cards:
                    by_card[evidence(card.source_line, _fold(card.front), _fold(card.back), card.context)].append(card)
                by_draft: dict[Hashable, list[CardDraft]] = defaultdict(list)
                for draft in group_drafts:
                    by_draft[evidence(draft.source.line, _fold(draft.front), _fold(draft.back),
                                      draft.context)].append(draft)
                paired = [(by_card[value][0], found_drafts[0]) for value, found_drafts in by_draft.items()
                          if len(found_drafts) == 1 and len(by_card.get(value, ())) == 1]
                for card, draft in paired:
                    found[draft.key] = card
                    matched_key[card.key] = draft.key
                taken = {card.id for card, _ in paired}
                cards = [card for card in cards if card.id not in taken]
                group_drafts = [draft for draft in group_drafts if draft.key not in found]
    return found
