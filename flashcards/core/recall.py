"""Predicted recall: how likely a card is to be remembered some days after its last review (pure).

SM-2 has no memory model of its own, but its intervals are chosen so that a card is due when it is
about to be forgotten. We read that as: at `t = I` days after the review (I: the card's interval) the
chance of recall has fallen to 90%, and it decays exponentially, so

    p = 0.9 ** (t / I)

One formula serves the catch-up queue (lowest p first when the reviews exceed the daily limit) and the
exam readiness (p on the exam day). Comparisons that decide something use the exact ratio t / I
(`elapsed_ratio`, a Fraction) rather than the float p: p >= 0.9 is exactly t <= I, and sorting by
the ratio never depends on rounding.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

__all__ = ["RECALL_AT_INTERVAL", "elapsed_ratio", "is_ready", "predicted_recall"]

RECALL_AT_INTERVAL = 0.9


def elapsed_ratio(last_review: date, interval: int, on: date) -> Fraction:
    """t / I: days from the last review to `on` (never below 0) over the interval (at least 1 day).

    An interval below 1 only happens on a card that was never reviewed; treating it as 1 day keeps the
    formula defined without pretending such a card is well known.
    """
    elapsed = max(0, (on - last_review).days)
    return Fraction(elapsed, max(1, interval))


def predicted_recall(last_review: date | None, interval: int, on: date) -> float:
    """p = 0.9 ** (t / I) on day `on`; 0.0 for a card never reviewed (`last_review` None)."""
    if last_review is None:
        return 0.0
    return float(RECALL_AT_INTERVAL ** float(elapsed_ratio(last_review, interval, on)))


def is_ready(last_review: date | None, interval: int, on: date) -> bool:
    """Whether the predicted recall on `on` is at least 0.9, decided exactly (t <= I)."""
    if last_review is None:
        return False
    return elapsed_ratio(last_review, interval, on) <= 1
