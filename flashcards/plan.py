"""The import plan: what re-reading the notes would do to the stored cards (pure, like `terraform plan`).

Matching, in order:
1. same key: the card is *unchanged*, or *changed* if its content hash differs (an answer was edited;
   the card keeps its id and history), or *restored* if it had been retired and is back in the notes,
   or *moved* if it now comes from another file; a card that only sits on another line of the same
   section (lines were added above it) is *shifted*: its source line is updated and nothing else;
2. same deck, kind and anchor but another heading path (`cards.move_key`), when that match is unique on
   both sides: the card *moved* and keeps its id and history;
3. drafts left over are *new*; stored cards of the files being imported that are left over are
   *retired*: suspended from the queue and kept with their history, never deleted.
Only cards that came from the files being imported can be retired, so importing one file never touches
the cards of another.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from flashcards.cards import CardDraft, move_key


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


@dataclass
class Plan:
    items: list[PlanItem] = field(default_factory=list)

    def count(self, action: Action) -> int:
        return sum(1 for item in self.items if item.action is action)

    def counts(self) -> dict[str, int]:
        return {action.value: self.count(action) for action in Action}

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
        if old.status == "retired":
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

    for draft in unmatched:
        candidates = old_by_move.get(move_key(draft.key), [])
        if len(candidates) == 1 and len(new_by_move[move_key(draft.key)]) == 1:
            old = candidates[0]
            matched_ids.add(old.id)
            items[draft.key] = PlanItem(Action.MOVED, draft, old)
        else:
            items[draft.key] = PlanItem(Action.NEW, draft, None)

    ordered = [items[draft.key] for draft in draft_list if draft.key in items]
    for card in stored_list:
        if card.id not in matched_ids and card.source_path in imported_paths and card.status != "retired":
            ordered.append(PlanItem(Action.RETIRED, None, card))
    return Plan(ordered)
