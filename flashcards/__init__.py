"""flashcards: a terminal spaced-repetition trainer for your own Markdown notes.

The package is split into a pure core (extraction, SM-2, day arithmetic, quiz state, answer checking,
exam planning: no I/O, no clock) and a thin shell (CLI, storage, rendering) around it. Importing the
package itself stays cheap: the command line must start fast, so nothing heavy is imported here.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
