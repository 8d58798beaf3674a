"""The Anki side of each measurement, as a fresh process: `python -m benchmarks.anki_side ACTION ...`.

Each action is what an Anki client does for the same job as one `flashcards` command, through the
public `anki` Python API (the Rust backend Anki's desktop app uses):

- `first-card COL`: open the collection and show the first card of the current deck's queue (the
  benchmark's parent deck), printing its rendered question; like `flashcards quiz` up to the front.
- `due COL [--json]`: open the collection and compute the deck tree's counts, Anki's main screen;
  like `flashcards due`. `--json` prints every benchmark deck's counts for the agreement check.
- `quiz COL`: a line-driven study loop speaking the protocol `flashcards quiz` speaks without a
  terminal (front, `Answer (` prompt, a line; back, `Grade 0-5` prompt, a grade line), so the same
  driver times both. Grades 0-5 become buttons as in our export: 0-2 Again, 3 Hard, 4 Good, 5 Easy.
  It grades at `PRAGMA synchronous = FULL`, which is also what Anki's backend runs at (rslib's
  storage sets no synchronous pragma, so SQLite's default FULL holds; set here so that stays true),
  and prints `SYNCHRONOUS <n>` as read back from its connection before the first card.
- `import-csv COL FILE`: import a text file (our `export csv` output) with the settings it declares.
- `export COL OUT`: write the whole collection as an `.apkg` (`--with-scheduling` to keep progress).

Only `anki` and the standard library are imported, so the process pays for nothing of ours.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

ROOT_DECK = "bench"  # benchmarks.synthetic.ANKI_ROOT; not imported so this process loads only anki


def _open(path: str) -> Any:
    # anki.collection first: importing anki.cards on its own trips a circular import in anki 26.x.
    from anki.collection import Collection

    return Collection(path)


def _line(text: str) -> None:
    sys.stdout.write(text.replace("\n", " ") + "\n")
    sys.stdout.flush()


def first_card(path: str) -> None:
    col = _open(path)
    from anki.cards import Card

    try:
        queued = col.sched.get_queued_cards(fetch_limit=1)
        if not queued.cards:
            _line("NOTHING DUE")
            return
        card = Card(col)
        card._load_from_backend_card(queued.cards[0].card)
        _line(f"FRONT {card.question()}")
    finally:
        col.close()


def due(path: str, as_json: bool) -> None:
    col = _open(path)
    tree = col.sched.deck_due_tree()
    col.close()
    root = next((node for node in tree.children if node.name == ROOT_DECK), None)
    if root is None:
        raise SystemExit(f"{path} has no deck {ROOT_DECK!r}: not a benchmark collection")
    if as_json:
        print(json.dumps({
            "due": root.review_count, "new": root.new_count, "learning": root.learn_count,
            "decks": [{"deck": child.name, "due": child.review_count, "new": child.new_count,
                       "learning": child.learn_count} for child in root.children],
        }))
    else:
        print(f"{root.review_count} due, {root.new_count} new")


def quiz(path: str) -> None:
    col = _open(path)
    from anki.cards import Card
    from anki.scheduler.v3 import CardAnswer

    col.db.execute("pragma synchronous = full")
    _line(f"SYNCHRONOUS {col.db.scalar('pragma synchronous')}")

    ratings = {0: CardAnswer.AGAIN, 1: CardAnswer.AGAIN, 2: CardAnswer.AGAIN, 3: CardAnswer.HARD,
               4: CardAnswer.GOOD, 5: CardAnswer.EASY}
    try:
        while True:
            queued = col.sched.get_queued_cards(fetch_limit=1)
            if not queued.cards:
                _line("NOTHING DUE")
                return
            top = queued.cards[0]
            card = Card(col)
            card._load_from_backend_card(top.card)
            card.start_timer()
            _line(f"FRONT {card.question()}")
            _line("Answer (Enter: reveal)")
            if not sys.stdin.readline():
                return
            _line(f"BACK {card.answer()}")
            _line("Grade 0-5")
            grade = sys.stdin.readline().strip()
            if not grade:
                return
            answer = col.sched.build_answer(card=card, states=top.states, rating=ratings[int(grade)])
            col.sched.answer_card(answer)  # committed by the backend before it returns
            _line("Saved.")
    finally:
        col.close()


def import_csv(path: str, text_file: str) -> None:
    from anki.collection import ImportCsvRequest

    col = _open(path)
    metadata = col.get_csv_metadata(path=text_file, delimiter=None)
    log = col.import_csv(ImportCsvRequest(path=text_file, metadata=metadata)).log
    print(f"new {len(log.new)}, updated {len(log.updated)}, duplicate {len(log.duplicate)}")
    col.close()


def export(path: str, out: str, with_scheduling: bool) -> None:
    from anki.collection import ExportAnkiPackageOptions

    col = _open(path)
    count = col.export_anki_package(
        out_path=out,
        options=ExportAnkiPackageOptions(with_scheduling=with_scheduling, with_deck_configs=with_scheduling,
                                         with_media=False, legacy=True),
        limit=None,
    )
    print(f"exported {count} notes")
    col.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.anki_side", description=__doc__.split("\n")[0])
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("first-card").add_argument("collection")
    due_parser = actions.add_parser("due")
    due_parser.add_argument("collection")
    due_parser.add_argument("--json", action="store_true")
    actions.add_parser("quiz").add_argument("collection")
    import_parser = actions.add_parser("import-csv")
    import_parser.add_argument("collection")
    import_parser.add_argument("text_file")
    export_parser = actions.add_parser("export")
    export_parser.add_argument("collection")
    export_parser.add_argument("out")
    export_parser.add_argument("--with-scheduling", action="store_true")
    args = parser.parse_args(argv)
    if args.action == "first-card":
        first_card(args.collection)
    elif args.action == "due":
        due(args.collection, args.json)
    elif args.action == "quiz":
        quiz(args.collection)
    elif args.action == "import-csv":
        import_csv(args.collection, args.text_file)
    else:
        export(args.collection, args.out, args.with_scheduling)


if __name__ == "__main__":
    main()
