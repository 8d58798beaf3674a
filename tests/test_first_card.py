"""The quiz's first card comes from the `sqlite3` reader, before SQLAlchemy is loaded (issue 13).

The reader runs the same SQL and `plan_day` as the store (tests/test_day_plan.py compares the plans on
generated collections); here: the collection answers from it until the store is open, the answers are
the store's, a grade given while the store is still opening on its thread is committed like any
other, and a failure to open on that thread reaches the grade as the error it is.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from flashcards.application.collection import Collection
from flashcards.core.errors import NoSuchDeck
from flashcards.core.vocabulary import Grade, Mode
from tests.conftest import make_collection

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 28)


@pytest.fixture
def home(isolated_home: Path) -> Path:
    cards: list[dict[str, object]] = [{"front": f"new {n}"} for n in range(5)]
    cards += [{"front": f"due {n}", "due": TODAY - timedelta(days=n), "repetitions": 2, "interval": 3}
              for n in range(4)]
    make_collection(isolated_home, NOW, cards, new_per_day=3, reviews_per_day=3)
    return isolated_home


def _open(home: Path) -> Collection:
    return Collection(home, f"sqlite:///{home / 'flashcards.db'}", now=lambda: NOW)


def test_the_reader_answers_what_the_store_answers(home: Path) -> None:
    quick, full = _open(home), _open(home)
    try:
        full.store()  # opened first: every read goes through SQLAlchemy
        assert quick._reader() is not None
        assert quick.today() == full.today() == TODAY
        assert quick.is_empty() is full.is_empty() is False
        for decks, reverse in (((), False), (("docker",), False), ((), True)):
            assert quick.plan(decks, reverse_only=reverse) == full.plan(decks, reverse_only=reverse)
        queue = list(full.plan().queue)
        assert len(queue) == 6
        assert quick.quiz_cards(queue) == full.quiz_cards(queue)
        with pytest.raises(NoSuchDeck):
            quick.plan(["nope"])
        assert quick._store is None, "nothing above needed the store"
    finally:
        quick.close()
        full.close()


def test_a_grade_while_the_store_opens_on_its_thread_is_committed(home: Path) -> None:
    collection = _open(home)
    try:
        queue = list(collection.plan().queue)
        cards = collection.quiz_cards(queue)
        collection.while_reading()  # the first card is on screen: the store opens on a thread
        assert collection._opening is not None
        outcome = collection.grade(cards[queue[0]], Grade.of(5), mode=Mode.SCHEDULED, presentation_id="p1")
        assert collection._opening is None and collection._store is not None
    finally:
        collection.close()
    again = _open(home)
    try:
        again.store()
        assert again.plan().queue[:1] != (queue[0],)
        from flashcards.storage.models import Review

        with again.store().read() as session:
            (review,) = session.query(Review).all()
            assert (review.id, review.card_id, review.grade) == (outcome.review_id, queue[0], 5)
    finally:
        again.close()


def test_a_failure_on_the_opening_thread_reaches_the_caller(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flashcards.core.errors import FlashcardsError
    from flashcards.storage import store as store_module

    started = threading.Event()

    def broken(*_args: object) -> None:
        started.set()
        raise FlashcardsError("cannot open it")

    collection = _open(home)
    monkeypatch.setattr(store_module.Store, "open", classmethod(lambda cls, *args: broken(*args)))
    assert collection.plan().queue  # read through the reader: the store is not open
    collection.while_reading()
    try:
        assert started.wait(5)
        with pytest.raises(FlashcardsError, match="cannot open it"):
            collection.store()
    finally:
        monkeypatch.undo()
        collection.close()


def test_the_first_card_is_on_screen_before_sqlalchemy_is_imported(home: Path) -> None:
    """A real process: when the first card is written, SQLAlchemy has not been imported.

    Checked at the card's own write (its context line ends `N left`), not at the answer prompt: the
    store starts opening on a thread as soon as the card is on screen, so by the prompt it may be.
    """
    code = (
        "import sys\n"
        "class Out:\n"
        "    def __init__(self, f): self.f = f\n"
        "    def write(self, text):\n"
        "        if ' left' in text:\n"
        "            sys.__stderr__.write('loaded' if 'sqlalchemy' in sys.modules else 'not loaded')\n"
        "            sys.__stderr__.flush()\n"
        "            import os; os._exit(0)\n"
        "        return self.f.write(text)\n"
        "    def __getattr__(self, name): return getattr(self.f, name)\n"
        "sys.stdout = Out(sys.stdout)\n"
        "sys.argv = ['flashcards', 'quiz']\n"
        "from flashcards.entry import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, input="", timeout=60,
                          check=False)
    assert done.stderr.endswith("not loaded"), done.stderr[-2000:]
