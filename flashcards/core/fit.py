"""What fitting FSRS parameters to a deck's log needs (pure; the fit itself is py-fsrs's Optimizer).

py-fsrs's `Optimizer.compute_optimal_parameters` learns only from reviews a day or more after the
card's previous one, and with fewer than one mini-batch of those (512) it quietly hands back the
default parameters. `flashcards optimize` counts them first, with the same rule, and says how many
more it needs instead of storing defaults as if they were a fit.

The log given to the fit is the one the deck's scheduler replays: the standing grades in a scheduling
mode (a same-session repeat never moves the schedule, so it is not a review the model should learn
from), each at midnight UTC of its review day and rated as the scheduler rates it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

__all__ = ["MIN_FIT_REVIEWS", "fit_reviews"]

MIN_FIT_REVIEWS = 512
"""py-fsrs's mini-batch size: the fewest countable reviews its optimizer fits on (see the module)."""


def fit_reviews(log: Iterable[tuple[int, int, date]]) -> int:
    """How many of `(card_id, grade, review_day)` (each card's grades in the order given) the fit
    learns from: those on a later day than the same card's previous one."""
    last: dict[int, date] = {}
    count = 0
    for card_id, _, day in log:
        previous = last.get(card_id)
        if previous is not None and (day - previous).days > 0:
            count += 1
        last[card_id] = day
    return count
