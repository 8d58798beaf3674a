"""Reading many notes at once gives what reading them one by one gives, in the same order."""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool

import pytest

from flashcards.application import extract_many
from flashcards.core.extract import extract


def _notes(count: int) -> list[tuple[str, str, str]]:
    notes = []
    for number in range(count):
        body = "\n".join(f"- **term-{number}-{item}**: meaning {item} of note {number}" for item in range(20))
        notes.append((f"# Note {number}\n\n## Terms\n\n{body}\n", f"note-{number}.md", f"deck-{number % 3}"))
    notes.append(("# Long\n\n" + "\n".join(f"Word{n} - gloss {n}" for n in range(3000)) + "\n", "long.md", "long"))
    return notes


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_many, "PARALLEL_FROM_CHARS", 1)


def test_workers_return_what_one_process_reads(parallel: None) -> None:
    notes = _notes(40)
    if extract_many._workers(notes) < 2:
        pytest.skip("this machine has one core or no fork(): notes are read in one process only")
    expected = [extract(text, path, deck) for text, path, deck in notes]
    assert extract_many.extract_all(notes) == expected


def test_small_imports_stay_in_one_process() -> None:
    assert extract_many._workers(_notes(3)[:3]) == 1
    assert extract_many._workers([("# One\n", "one.md", "one")]) == 1


def test_a_failed_worker_pool_falls_back_to_reading_here(parallel: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(notes: object, workers: int) -> list[object]:
        raise BrokenProcessPool("a worker was killed")

    monkeypatch.setattr(extract_many, "_workers", lambda notes: 2)
    monkeypatch.setattr(extract_many, "_in_workers", broken)
    notes = _notes(4)
    assert extract_many.extract_all(notes) == [extract(text, path, deck) for text, path, deck in notes]
