"""Library errors: raised by the core and the storage layer, translated to one-line messages by the CLI.

None of these import Click. Each message is meant to be shown to a user as it is: it says what went
wrong and where (a file, and a line where there is one).
"""

from __future__ import annotations

from datetime import date


class FlashcardsError(Exception):
    """A problem the user can act on; the CLI prints its message and exits with code 1."""


class StoreError(FlashcardsError):
    """The database cannot be opened, read or upgraded (not a database, too new, unwritable...)."""


class HomeError(FlashcardsError):
    """The data folder cannot be created or written."""


class MigrationError(StoreError):
    """An upgrade of the database schema failed; the database was left as it was before."""


class NoSuchDeck(FlashcardsError):
    """A command named a deck the collection does not have; raised where the deck is looked up.

    The CLI turns it into its one-line message (with the hint to `flashcards decks`) in one place,
    `flashcards.cli.translate_error`, whichever command named the deck.
    """

    def __init__(self, name: str) -> None:
        super().__init__(f"no deck named {name!r}")
        self.name = name


class UndoRefused(FlashcardsError):
    """An undo the log cannot take: the grade was undone already, or the card was graded since (by
    another quiz on the same collection). Nothing was changed."""


class GradedElsewhere(FlashcardsError):
    """A scheduled grade for a card that another quiz on the collection graded since this one planned
    its day: the card has had today's grade, and a second would move its schedule twice."""

    def __init__(self, card_id: int) -> None:
        super().__init__(f"card {card_id} was graded in another quiz meanwhile; this grade was not saved")
        self.card_id = card_id


class NoSuchCard(FlashcardsError):
    """Card ids named by a command that the collection (or the chosen deck) does not hold.

    Nothing is changed when any named id is missing: a typo in one id must not half-apply the command.
    """

    def __init__(self, ids: list[int]) -> None:
        super().__init__(f"no card with id {', '.join(map(str, ids))}; nothing was changed")
        self.ids = ids


class NothingMatches(FlashcardsError):
    """A `--search` that found no card, so the command had nothing to change."""

    def __init__(self, search: str | None) -> None:
        super().__init__(f"no card matches {search!r}; nothing was changed")
        self.search = search


class ExamNotAhead(FlashcardsError):
    """An exam date on or before today: there would be no days left to plan toward it."""

    def __init__(self, exam_date: date, today: date) -> None:
        super().__init__(
            f"the exam date {exam_date.isoformat()} is not after today ({today.isoformat()}); pick a day ahead")
        self.exam_date = exam_date
        self.today = today


class NoExam(FlashcardsError):
    """A deck that has no exam set, where a command needs one (clearing it)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"deck {name!r} has no exam to clear")
        self.name = name


class CannotExplain(FlashcardsError):
    """`import --explain` was given something that is not one readable notes file."""
