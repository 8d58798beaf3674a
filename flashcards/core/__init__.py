"""The pure core: what a card is, how notes become cards, SM-2, days, the day's plan, quiz sessions,
answer checking, exam planning and statistics.

Nothing here reads a file, a clock, the environment or a database, and nothing here imports from the
other packages of `flashcards` (tests/test_layers.py keeps it so): every function takes what it needs as
arguments, which is what lets the same rules serve the quiz, `due`, `check`, export and the tests.
"""
