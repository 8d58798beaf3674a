"""Build the Anki collection for a synthetic collection: same cards, states, due dates and history.

Notes are added through Anki's own API (`col.add_notes`, the Basic note type: one card per note, so
no sibling burying), then each card's scheduling columns are set and the review log inserted with
`col.db`, the way Anki's importer writes progress. How our state maps onto Anki's cards table is the
mapping `flashcards export anki --with-scheduling` uses (see `flashcards.export.scheduling`): a
reviewed card is type/queue 2 (queue -1 when suspended), `ivl` its interval, `factor` EF in per-mille,
`due` a day number; `reps` counts answers and grades map to buttons with `anki_ease`.

Settings chosen so that Anki's counts mean what ours mean (the benchmark checks that they agree):
- every benchmark deck is a child of one parent (`ANKI_ROOT`), so a single Anki study session covers
  all decks as `flashcards quiz` does; each child keeps Anki's default limits (20 new, 200 reviews a
  day, ours too) and the parent's limits are their sums, so the parent never cuts a child's count;
- new cards ignore the review limit (ours are limited separately) and come after the reviews, as in
  our queue;
- the collection's creation is set ten years back in UTC with the default 04:00 rollover, so day
  numbers are positive and `col.sched.today` is the same review day as ours (the benchmark runs both
  sides with TZ=UTC and the collection stores the zone).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from benchmarks.synthetic import ANKI_ROOT, Spec, SyntheticCard, batches
from flashcards.export.scheduling import REVLOG_LEARN, REVLOG_RELEARN, REVLOG_REVIEW, anki_ease

COLLECTION_NAME = "collection.anki2"
CREATION_YEARS_BACK = 10
REVIEW_MIX_AFTER_REVIEWS = 1  # DeckConfig.Config.ReviewMix: new cards after the reviews, as ours


def anki_deck_name(deck: str) -> str:
    return f"{ANKI_ROOT}::{deck}"


def _configure(col: Any, spec: Spec) -> dict[str, int]:
    """Decks and limits as described in the module docstring; returns each deck's Anki id."""
    col.set_config("newCardsIgnoreReviewLimit", True)
    default = col.decks.get_config(1)
    default["newMix"] = REVIEW_MIX_AFTER_REVIEWS
    col.decks.update_config(default)
    root = col.decks.id(ANKI_ROOT)
    parent_config = col.decks.add_config_returning_id(f"{ANKI_ROOT} (sum of its decks)")
    conf = col.decks.get_config(parent_config)
    conf["new"]["perDay"] = default["new"]["perDay"] * spec.decks
    conf["rev"]["perDay"] = default["rev"]["perDay"] * spec.decks
    conf["newMix"] = REVIEW_MIX_AFTER_REVIEWS
    col.decks.update_config(conf)
    parent = col.decks.get(root)
    parent["conf"] = parent_config
    col.decks.save(parent)
    children = {deck: col.decks.id(anki_deck_name(deck)) for deck in spec.deck_names()}
    col.decks.select(root)
    return children


def _revlog_type(card: SyntheticCard, index: int) -> int:
    """Learning for a new card's first session, review for a due card, relearning for its repeats."""
    review = card.reviews[index]
    if review.mode == "scheduled":
        return REVLOG_LEARN if review.before.due is None else REVLOG_REVIEW
    session_start = next(i for i in range(index, -1, -1) if card.reviews[i].mode == "scheduled")
    return REVLOG_LEARN if card.reviews[session_start].before.due is None else REVLOG_RELEARN


def build_anki(spec: Spec, folder: Path) -> Path:
    """Write the synthetic collection as `<folder>/collection.anki2` (which must not exist yet)."""
    from anki.collection import AddNoteRequest, Collection
    from anki.decks import DeckId

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / COLLECTION_NAME
    if path.exists():
        raise FileExistsError(f"{path} already exists; the benchmark builds into an empty folder")
    col: Any = Collection(str(path))  # Any: its `db` is Optional, and open for as long as we use it
    creation = datetime.combine(spec.today - timedelta(days=365 * CREATION_YEARS_BACK), time(4), UTC)
    col.crt = int(creation.timestamp())
    col.close()
    col = Collection(str(path))  # reopened so the scheduler's day count starts from the new creation
    try:
        anki_today = col.sched.today
        children = _configure(col, spec)
        basic = col.models.by_name("Basic")
        used_revlog_ids: set[int] = set()
        for batch in batches(spec):
            requests = []
            for card in batch:
                note = col.new_note(basic)
                note["Front"] = html.escape(card.front)
                note["Back"] = html.escape(card.back)
                requests.append(AddNoteRequest(note=note, deck_id=DeckId(children[card.deck])))
            col.add_notes(requests)
            note_ids = [request.note.id for request in requests]
            card_of_note = dict(col.db.all(
                f"SELECT nid, id FROM cards WHERE nid BETWEEN {min(note_ids)} AND {max(note_ids)}"
            ))
            updates: list[tuple[Any, ...]] = []
            revlog: list[tuple[Any, ...]] = []
            for card, note_id in zip(batch, note_ids, strict=True):
                card_id = card_of_note[note_id]
                state = card.state
                if state.due is not None:
                    queue = -1 if state.status == "suspended" else 2
                    updates.append((2, queue, anki_today + (state.due - spec.today).days, state.interval,
                                    state.ef_hundredths * 10, card.answers, state.lapses, card_id))
                for index, review in enumerate(card.reviews):
                    revlog_id = int(review.reviewed_at.timestamp() * 1000)
                    while revlog_id in used_revlog_ids:
                        revlog_id += 1
                    used_revlog_ids.add(revlog_id)
                    revlog.append((revlog_id, card_id, anki_ease(review.grade), review.after.interval,
                                   review.before.interval, review.after.ef_hundredths * 10,
                                   review.duration_ms, _revlog_type(card, index)))

            def write(updates: list[tuple[Any, ...]] = updates, revlog: list[tuple[Any, ...]] = revlog) -> None:
                col.db.executemany(
                    "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ?,"
                    " left = 0 WHERE id = ?", updates)
                col.db.executemany(
                    "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                    " VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)", revlog)

            col.db.transact(write)
    finally:
        col.close()
    return path
