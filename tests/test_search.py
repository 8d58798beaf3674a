"""`--search` matches whole words of a card's front or back (`core.search`), in every command."""

from __future__ import annotations

import pytest

from flashcards.core.search import has_words, search_words


@pytest.mark.parametrize(("search", "text", "found"), [
    ("-p", "docker run -p 8080:80 nginx", True),
    ("-p", "Publish a port: -p.", True),
    ("-p", "docker-proxy listens", False),
    ("-p", "--publish all ports", False),
    ("-p", "-pi is not -p alone", True),
    ("-p", "-pi only", False),
    ("type", "MIME types", False),
    ("mime type", "The MIME TYPE of a file", True),
    ("run docker", "docker run -it", True),
    ("docker", "docker-compose up", False),
    ("ärger", "Großer ÄRGER", True),
    ("c:\\users", "Files live in C:\\Users\\me", True),
    ("(x)", "f(x) = 2x", True),
    ("", "anything", True),
])
def test_whole_words_any_order_any_case(search: str, text: str, found: bool) -> None:
    assert has_words(search_words(search), text) is found


def test_a_word_may_be_in_the_front_or_the_back() -> None:
    assert has_words(search_words("port publish"), "-p", "Publish a container's port")
    assert not has_words(search_words("port nginx"), "-p", "Publish a container's port")
