"""Benchmarks of flashcards against the real Anki backend on the same synthetic collections.

Run everything with `python -m benchmarks.run` from the repository root (see benchmarks/README.md).
Nothing here is imported by the program itself; `anki` is a test-time dependency only.
"""
