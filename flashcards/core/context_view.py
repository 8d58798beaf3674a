"""What of a card's heading path the quiz shows above its question: never the answer itself.

Notes are often organised by the very thing a card asks for: a section `stop` holding `Stop a running
container: docker stop`, a heading `Mitochondria` over "the organelle that makes ATP". Shown as is,
the context line (`docker › Containers › stop`) answers the card before it is read. When the answer
is a name (a term, a command: at most `SHORT_ANSWER_WORDS` words), a heading whose words are all
words of it (whole words, any case: `core.search`'s rule) is shown as `…`; the path keeps its shape,
so the learner still sees where the card lives. A longer answer (a definition, an explanation) is
not given away by a heading that shares a word with it, and those headings stay. Only the screen
changes: the card's key, and so its identity and history, keep the full path. Pure: no I/O.
"""

from __future__ import annotations

from flashcards.core.search import has_words, search_words

HIDDEN_HEADING = "…"
"""What stands in for a heading that would give the answer away."""

SHORT_ANSWER_WORDS = 4
"""An answer of at most this many words is a name a heading can give away (`docker system df`)."""

_MARKUP = str.maketrans({mark: " " for mark in "`*_"})


def shown_context(context: tuple[str, ...], answer: str) -> tuple[str, ...]:
    """`context` with each heading that gives `answer` away replaced by `HIDDEN_HEADING`."""
    plain_answer = answer.translate(_MARKUP)
    if len(plain_answer.split()) > SHORT_ANSWER_WORDS:
        return context
    return tuple(HIDDEN_HEADING if _gives_away(part, plain_answer) else part for part in context)


def _gives_away(heading: str, plain_answer: str) -> bool:
    words = search_words(heading.translate(_MARKUP))
    return bool(words) and has_words(words, plain_answer)
