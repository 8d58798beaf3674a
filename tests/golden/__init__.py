"""Golden files for the extractor: the exact cards it makes from the seed notes, our deck and real notes.

Each `*.json` file is the list of `CardDraft.to_dict()` for one note. Regenerate them after an
intended change with `python -m tests.golden` (or run the extractor tests with `UPDATE_GOLDEN=1`), then
read the diff line by line: a golden file is a review of the cards a learner will study.
"""
