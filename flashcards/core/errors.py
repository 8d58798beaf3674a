"""Library errors: raised by the core and the storage layer, translated to one-line messages by the CLI.

None of these import Click. Each message is meant to be shown to a user as it is: it says what went
wrong and where (a file, and a line where there is one).
"""


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
