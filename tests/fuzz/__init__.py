"""The extractor's fuzz harness (issue 16): generated and mutated notes, and what became of each.

`shapes` builds notes of a chosen size in the shapes that once made the extractor slow or give up;
`mutations` damages real notes (`../shared/corpus/`) the ways files get damaged; `strategies` are the
Hypothesis strategies over Markdown-ish text; `harness` runs one input and sorts what happened. CI runs
a modest number of each (tests/test_extract_fuzz.py); `python -m tests.fuzz --count 100000` is the slow
mode, which prints a report with timings (tests never assert timings).
"""
