"""`flashcards import-anki`: progress made in Anki comes back into the log (DESIGN.md §6).

The package is read first (`export/anki_package.py`, by the collection), so a file that is not a
package, or a damaged one, stops the command before the collection is even opened. Then, in one transaction: our
cards are matched with Anki's notes by GUID, the merge decides which of Anki's review-log rows are new
(`core.anki_merge`), and the store appends them (`storage/anki_reviews.py`); a dry run stops before
the append. Our own log is never rewritten: only rows later than each card's latest review here are
added, and each card's state becomes SM-2's replay of its log, as `check` verifies. The tags the
learner gave notes in Anki are kept on our cards (`core.anki_merge.tags_to_keep`), so the next
export carries them and Anki's import, which replaces a note's tags, keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashcards.core.anki_merge import MergePlan
    from flashcards.export.anki_package import AnkiPackage
    from flashcards.storage.store import Store


@dataclass(frozen=True)
class AnkiImportReport:
    """What `import-anki` found in the package and appended (or, in a dry run, would append).

    Attributes:
        shown: The package as the learner named it.
        format: `current` (zstd-compressed collection) or `legacy`.
        notes, cards, entries: What the package holds: notes, cards, review-log rows.
        plan: The merge's decision (`core.anki_merge.MergePlan`).
        dry_run: Nothing was written.
        tagged: Notes whose Anki tags (not ours) are kept (or would be) for the next export.
    """

    shown: str
    format: str
    notes: int
    cards: int
    entries: int
    plan: MergePlan
    dry_run: bool
    tagged: int = 0

    @property
    def days(self) -> tuple[date, date] | None:
        """The first and last review day of what is appended, if anything is."""
        if not self.plan.reviews:
            return None
        days = [review.review_day for review in self.plan.reviews]
        return min(days), max(days)


def merge_package(store: Store, package: AnkiPackage, shown: str, now: datetime, *,
                  dry_run: bool) -> AnkiImportReport:
    """Append the new reviews of a package read by `export.anki_package.read_package` to the log
    (unless `dry_run`), in one transaction; `shown` is how the learner named the file.

    Raises:
        ChangedMeanwhile: a card was graded elsewhere during the import; nothing was written.
    """
    from flashcards.core.anki_merge import match_cards, plan_merge, tags_to_keep
    from flashcards.storage import anki_reviews

    zone, rollover = store.zone(), store.rollover_hour()
    with (store.read() if dry_run else store.transaction()) as session:
        ours = anki_reviews.card_identities(session)
        matched, unknown = match_cards(package.cards, ours)
        logs = anki_reviews.card_logs(session, matched.values())
        plan = plan_merge(package.entries, matched, logs, anki_reviews.imported_ids(session), zone, rollover, now,
                          unknown_notes=unknown)
        tags = tags_to_keep(package.note_tags, ours)
        if not dry_run:
            anki_reviews.set_tags(session, tags)  # first: the append reads each card's tags and keeps them
            if plan.reviews:
                anki_reviews.append_reviews(session, plan.reviews, logs)
    return AnkiImportReport(shown=shown, format=package.format, notes=package.notes, cards=len(package.cards),
                            entries=len(package.entries), plan=plan, dry_run=dry_run, tagged=len(tags))
