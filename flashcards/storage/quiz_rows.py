"""The quiz's cards as it shows them, read with one SQL text on every path (as `day_rows` reads the plan).

The quiz shows its first card from the `sqlite3` fast path (`storage/fast.py`) before SQLAlchemy is
loaded, and every later session, and PostgreSQL, reads through SQLAlchemy: both run this SQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from flashcards.core.quiz_items import QuizCard
from flashcards.storage.stored_values import HeadingPaths, row_day

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: see storage/day_rows.py
if TYPE_CHECKING:
    from flashcards.storage.day_rows import Run

HAS_CARDS_SQL = "SELECT EXISTS (SELECT 1 FROM cards)"
"""Whether the collection holds any card at all (the quiz offers the built-in decks when not)."""

_QUIZ_CARDS_SQL = """
SELECT c.id, d.name, c.kind, c.front, c.back, c.context, c.source_path, c.source_line, d.exam_date
FROM cards c JOIN decks d ON d.id = c.deck_id
WHERE c.id IN ({ids})
"""

_CHUNK = 500  # ids per query: far below every database's limit on parameters


def read_quiz_cards(run: Run, ids: Sequence[int]) -> dict[int, QuizCard]:
    """The cards with these ids, by id (ids that name no card are left out)."""
    found: dict[int, QuizCard] = {}
    paths = HeadingPaths()
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start:start + _CHUNK])
        sql = _QUIZ_CARDS_SQL.format(ids=", ".join(f":id{n}" for n in range(len(chunk))))
        for card_id, deck, kind, front, back, context, path, line, exam in run(
                sql, {f"id{n}": card_id for n, card_id in enumerate(chunk)}):
            found[card_id] = QuizCard(card_id, deck, kind, front, back, paths(context), path, line, row_day(exam))
    return found


def has_cards(run: Run) -> bool:
    ((found,),) = list(run(HAS_CARDS_SQL, {}))
    return bool(found)
