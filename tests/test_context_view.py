"""The quiz's context line never answers the card (`core.context_view`)."""

from __future__ import annotations

import pytest

from flashcards.core.context_view import HIDDEN_HEADING, shown_context


@pytest.mark.parametrize(("context", "answer", "shown"), [
    # commands: the section is named after the command the card asks for
    (("Core commands", "stop"), "`docker stop <container-name/ID>`", ("Core commands", HIDDEN_HEADING)),
    (("Tips", "df"), "`docker system df`", ("Tips", HIDDEN_HEADING)),
    (("docker run",), "`docker run {{image:tag}} {{command}}`", (HIDDEN_HEADING,)),
    # biology and music: a term under its own heading
    (("Cell biology", "Mitochondria"), "the mitochondria", ("Cell biology", HIDDEN_HEADING)),
    (("Cadences",), "Authentic Cadences", (HIDDEN_HEADING,)),
    # a long answer (a definition) is not given away by a heading that shares a word with it
    (("Cell biology", "Mitochondria"), "Mitochondria are the organelles that make most of the ATP",
     ("Cell biology", "Mitochondria")),
    # a heading that only partly matches, or not as a whole word, stays
    (("Core commands", "Containers"), "`docker ps`", ("Core commands", "Containers")),
    (("Options", "publish"), "`-p 8080:80`", ("Options", "publish")),
    (("Networking", "ports"), "`docker port web`", ("Networking", "ports")),
    ((), "`docker ps`", ()),
])
def test_a_heading_that_names_a_short_answer_is_hidden(context: tuple[str, ...], answer: str,
                                                       shown: tuple[str, ...]) -> None:
    assert shown_context(context, answer) == shown
