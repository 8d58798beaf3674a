"""`flashcards optimize DECK`: FSRS parameters fitted to the deck's own log (py-fsrs's Optimizer).

The fit needs the optional extra (`pip install 'flashcards[optimizer]'`: py-fsrs's optimizer and a CPU
torch) and enough reviews (`core.fit`); without either it says so in one line and changes nothing.
The parameters are then a scheduler like any other (`DeckScheduler`): the command shows the replay of
the log under them and asks before storing them (`decks set`'s switch), so the deck's cards keep
equalling their replay.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flashcards.core.errors import FlashcardsError
from flashcards.core.fit import MIN_FIT_REVIEWS, fit_reviews
from flashcards.core.schedulers import fsrs_rating, review_instant
from flashcards.core.vocabulary import plural

if TYPE_CHECKING:
    from flashcards.application.collection import Collection
    from flashcards.core.schedulers import DeckScheduler

INSTALL_HINT = "pip install 'flashcards[optimizer]'"


class OptimizerMissing(FlashcardsError):
    """The optional optimizer extra is not installed."""


class TooFewReviews(FlashcardsError):
    """The deck's log is too short to fit parameters to."""


@dataclass(frozen=True, slots=True)
class Fit:
    """Parameters fitted to a deck's log.

    Attributes:
        deck: The deck.
        reviews: Reviews the fit learned from (`core.fit.fit_reviews`).
        scheduler: The deck's scheduler with the fitted parameters.
    """

    deck: str
    reviews: int
    scheduler: DeckScheduler


def _optimizer() -> type:
    """py-fsrs's Optimizer, or `OptimizerMissing`. Without torch and pandas py-fsrs still defines an
    `Optimizer`, one that raises when made, so the extra's modules are looked for first."""
    from importlib.util import find_spec

    if any(find_spec(module) is None for module in ("torch", "pandas", "tqdm")):
        raise OptimizerMissing(f"fitting FSRS parameters needs the optimizer extra: {INSTALL_HINT}")
    from fsrs.optimizer import Optimizer

    return Optimizer


def fit_deck(collection: Collection, deck: str) -> Fit:
    """Fit FSRS parameters to the standing scheduled grades of `deck` (nothing is stored here).

    Raises:
        NoSuchDeck: no deck is named `deck`.
        TooFewReviews: fewer than `MIN_FIT_REVIEWS` reviews the fit can learn from.
        OptimizerMissing: the optimizer extra is not installed.
    """
    from flashcards.storage.scheduler_data import scheduling_log

    log = scheduling_log(collection.store(), deck)
    usable = fit_reviews(log)
    if usable < MIN_FIT_REVIEWS:
        raise TooFewReviews(
            f"{deck} has {plural(usable, 'review')} to fit FSRS to (a review a day or more after the card's"
            f" previous one); the fit needs at least {MIN_FIT_REVIEWS}, {MIN_FIT_REVIEWS - usable} more")
    optimizer_type = _optimizer()
    import fsrs

    logs = [fsrs.ReviewLog(card_id=card_id, rating=fsrs_rating(grade), review_datetime=review_instant(day),
                           review_duration=None) for card_id, grade, day in log]
    parameters = optimizer_type(logs).compute_optimal_parameters()
    return Fit(deck=deck, reviews=usable,
               scheduler=collection.chosen_scheduler(deck, parameters=tuple(float(value) for value in parameters)))
