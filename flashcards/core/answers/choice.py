"""Multiple choice (the quiz's `--choice` mode): the options of a showing, and checking a pick.

A right pick is graded `CHOICE_RIGHT_GRADE` (correct, but recognising is easier than recalling, so not
5) and a wrong one `CHOICE_WRONG_GRADE` (wrong, but the right option was in front of the learner).
A key that names no option is not a pick at all (`names_an_option`; `check_choice` gives None): the
quiz says so and asks again, since a slip of the finger is not a wrong answer.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from flashcards.core.answers.verdict import Verdict
from flashcards.core.vocabulary import CHOICE_RIGHT_GRADE, CHOICE_WRONG_GRADE


def names_an_option(picked: str, count: int) -> bool:
    """Whether `picked` is the number (1-based) of one of `count` options."""
    text = picked.strip()
    # ASCII digits only: `str.isdigit` also accepts `²`, which `int` then refuses.
    return text.isascii() and text.isdigit() and 1 <= int(text) <= count


def check_choice(picked: str, options: Sequence[str], expected: str) -> tuple[str, Verdict] | None:
    """The option picked by its number (1-based) and its verdict; None when `picked` names no option."""
    if not names_an_option(picked, len(options)):
        return None
    option = options[int(picked.strip()) - 1]
    if option == expected:
        return option, Verdict(int(CHOICE_RIGHT_GRADE), True, "the right choice", 1.0)
    return option, Verdict(int(CHOICE_WRONG_GRADE), False, "not that one", 0.0)


def arrange_options(right: str, wrong: Sequence[str], *, seed: str,
                    previous: Sequence[str] = ()) -> list[str]:
    """The options of one showing, in the order they are numbered: `right` among `wrong`, shuffled.

    The order is drawn from `seed` alone (Python's `random.Random` of a string is the same on every
    run and machine), so a caller that seeds with the card, the day and the showing gets the same
    screen again for the same inputs, and a test can pin it. `previous` is the order the card was
    last shown in this session (a same-session repeat, or the card again after an undo or an edit):
    the right option then never keeps its number, so the repeat tests the answer and not the memory of
    where it was; that also means the order always differs from the last one. A wrong option equal to
    the right one, or given twice, is shown once.
    """
    options = [right, *dict.fromkeys(option for option in wrong if option != right)]
    draw = random.Random(seed)
    draw.shuffle(options)
    if right in previous and len(options) > 1:
        place = options.index(right)
        if place == list(previous).index(right):
            other = draw.choice([n for n in range(len(options)) if n != place])
            options[place], options[other] = options[other], options[place]
    return options
