"""What `--search TEXT` finds: cards whose front or back holds every word of TEXT, as whole words.

A search is a few words (`docker run`, `-p`, `MIME type`), any order, any case. Each must appear as a
whole word: not inside another word, a flag or a compound (`-p` is not in `--publish`, `docker-proxy`
or `-pi`; `type` is not in `types`). Substrings matched far more than the learner meant (`-p` caught
86 cards, `Storage Gateway` among them), and `suspend` and `reset` act on what the search finds.

The store narrows the candidates in SQL (each word a substring of the front or back, `queries.py`);
this decides. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence


def search_words(search: str) -> tuple[str, ...]:
    """The words of a search, case-folded (empty for a blank search)."""
    return tuple(word.casefold() for word in search.split())


def _joins_words(char: str) -> bool:
    """Whether `char` would make a word longer: letters, digits, `_` and `-` (`docker-proxy`, `-pi`)."""
    return char.isalnum() or char in "_-"


def _has_word(text: str, word: str) -> bool:
    start = 0
    while (at := text.find(word, start)) >= 0:
        end = at + len(word)
        before_ok = at == 0 or not _joins_words(text[at - 1]) or not _joins_words(word[0])
        after_ok = end == len(text) or not _joins_words(text[end]) or not _joins_words(word[-1])
        if before_ok and after_ok:
            return True
        start = at + 1
    return False


def has_words(words: Sequence[str], *texts: str) -> bool:
    """Whether every word of `words` (from `search_words`) is a whole word of one of `texts`."""
    folded = [text.casefold() for text in texts]
    return all(any(_has_word(text, word) for text in folded) for word in words)
