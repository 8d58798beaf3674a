"""The checker's rules for fair suggested grades (issue 14, item 4), one example each, with the exact
reason the learner reads beside the verdict.

The grading table (tests/test_grading_table.py) measures the rules over 840 typed answers; these pin
what each rule says, so a change of wording or grade is a deliberate one.
"""

from __future__ import annotations

import pytest

from flashcards.core.answers import check_answer

DETACHED = "Run in detached mode (in the background)"
ALL_CONTAINERS = "Show all containers, including stopped ones"
EXITED = (
    "False. While this was true at some point, today the container runtime isn't part of the daemon (it's "
    "part of containerd and runc) so stopping or killing the daemon will not affect running containers."
)
TRUE_OR_FALSE = "True or False? Killing the Docker daemon will kill all the running containers"


@pytest.mark.parametrize(
    ("typed", "expected", "kind", "front", "grade", "reason"),
    [
        # The issue's own examples.
        ("detached", DETACHED, "flag", "`docker run -d`", 3, "the main word, without: run"),
        # The aside says "in detached mode" another way (`prose._restated`).
        ("run in the background", DETACHED, "flag", "", 4,
         "the words in parentheses say it another way: 'Run in the background'"),
        # A "not" about something the card does not say keeps the meaning; one about what it says reverses it.
        # ("not just running" meets "stopped": a negated opposite says the same, `lexicon.negated_opposite`.)
        ("list all containers, not just running ones", ALL_CONTAINERS, "flag", "", 4,
         "the main point: the first part of the answer (3 of 4 key words); missing: including"),
        ("do not remove the container when it exits", "Remove the container when it exits", "flag", "", 2,
         "the meaning is reversed (a 'not' or 'no' differs)"),
        # Opposites, roles swapped by order, numbers.
        ("run in attached mode", DETACHED, "flag", "", 1, "the opposite: 'attached' where the answer says 'detached'"),
        ("true, killing the daemon kills all containers", EXITED, "qa", TRUE_OR_FALSE, 1,
         "the opposite: 'true' where the answer says 'false'"),
        ("list files before directories", "List directories before files", "flag", "", 2,
         "the same words, but in an order that changes the meaning"),
        ("when it exits, remove the container", "Remove the container when it exits", "flag", "", 4,
         "same words in a different order"),
        ("atomic bombs dropped on Nagasaki and Hiroshima", "Atomic bombs dropped on Hiroshima and Nagasaki",
         "definition", "", 4, "same words in a different order"),
        ("a count every five years", "a count every ten years", "definition", "", 2,
         "a number is wrong: '5' is not in the answer"),
        ("stratified random sample", "Simple Random Sample", "definition", "", 2,
         "a different word: 'stratified' where the answer has 'simple'"),
        # Partial answers.
        ("filter", "Filter the output based on the conditions provided", "flag", "", 3,
         "part of it, nothing wrong: 1 of 3 key words; missing: output, conditions"),
        ("like a class", "The definition/specification/blueprint of an application environment (~ Class)",
         "definition", "", 2, "only the part in parentheses; missing: definition, application, environment"),
        ("false", EXITED, "qa", TRUE_OR_FALSE, 3,
         "part of it, nothing wrong: 1 of 8 key words; missing: true, point, today, runtime"),
        ("the docker daemon process and more words here", "Docker Daemon", "definition-reverse", "", 3,
         "right, with extra words: process, words"),
        # Words the question shows, synonyms, abbreviations, acronyms.
        ("a monitoring and observability service", "Amazon CloudWatch is a monitoring and observability service.",
         "definition", "CloudWatch", 4, "all the key words (3 of 3)"),
        ("a folder inside another folder", "A directory contained within another directory.", "definition", "", 3,
         "the gist: 3 of 4 key words; missing: contained"),
        ("list, dict, set, str, tuple", "List, Dictionary, Set, String, Tuple", "qa", "", 4,
         "all the key words (5 of 5)"),
        ("a network file system", "EFS provides a simple and fully managed elastic NFS file system for use within "
         "AWS.", "definition", "EFS", 3,
         "part of it, nothing wrong: 3 of 10 key words; missing: provides, simple, fully, managed"),
        # Several acceptable answers in one back.
        ("demon", "demon; seductive", "definition", "", 4, "one of the meanings given: 'demon'"),
        ("causation", "Cause and Effect relationship, otherwise known as causation", "definition", "", 5,
         "exact match (ignoring case and formatting)"),
        ("encoders", "Encoders learn to generate a latent representation of the data.", "cloze",
         "[...] learn to generate a latent representation of the data.", 5, "exact match (ignoring case and formatting)"),
        ("decoders", "Encoders learn to generate a latent representation of the data.", "cloze",
         "[...] learn to generate a latent representation of the data.", 1,
         "the opposite: 'decoders' where the answer says 'encoders'"),
    ],
)
def test_prose_rules(typed: str, expected: str, kind: str, front: str, grade: int, reason: str) -> None:
    verdict = check_answer(typed, expected, kind, front=front)
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)


@pytest.mark.parametrize(
    ("typed", "expected", "kind", "grade", "reason"),
    [
        ("--detach", "`-d`", "flag-reverse", 4, "--detach is likely the long name of -d (the card writes -d)"),
        ("--publish-all", "`-P`", "flag-reverse", 4,
         "--publish-all is likely the long name of -P (the card writes -P)"),
        ("-a", "`--all`", "flag-reverse", 3, "-a may be the short form of --all (the card writes --all)"),
        ("--net", "`--network`", "flag-reverse", 4, "--net abbreviates --network"),
        ("--memory", "`--memory-swap`", "flag-reverse", 2, "wrong flag: --memory instead of --memory-swap"),
        ("--restart-policy", "`--restart`", "flag-reverse", 3, "--restart-policy for --restart: the flag is --restart"),
        ("--name myapp", "`--name`", "flag-reverse", 5, "same flag: the example after the flag is fine"),
        ("ls -l --all --human-readable", "`ls -lah`", "command", 4,
         "--all is likely the long name of -a (the card writes -a); --human-readable is likely the long name of "
         "-h (the card writes -h)"),
        ("docker build --tag=myapp .", "`docker build -t <tag_name> .`", "command", 4,
         "--tag is likely the long name of -t (the card writes -t)"),
        ("ls -lhs", "`ls -lhS`", "command", 2, "wrong flag: -lhs instead of -lhS"),
        ("ls -la", "`ls -lah`", "command", 2, "missing flag -h"),
        ("docker rename old new", "`docker rename`", "command", 3, "extra words 'old new' after the command"),
        ("docker network create mynet", "`docker network create NAME`", "command", 5,
         "same command: 'mynet' fills NAME"),
        ("docker run -d nginx nginx -g 'daemon off;'", "`docker run -d {{image}} {{command}}`", "command", 5,
         "same command: 'nginx' fills {{image}}; 'nginx' fills {{command}}; quoting does not matter"),
        ('CMD ["python", "app.py"]', '`CMD ["python", "./app.py"]`', "instruction", 5,
         "same instruction (spacing and formatting ignored)"),
        ("list1.copy()", "`copy()`", "command", 4, "copy called on an object"),
        ("union", "`union()`", "command", 4, "missing '()'"),
        ("discard( x )", "`discard( arg1 )`", "command", 5, "same command: 'x' fills arg1"),
        ("pip install -r requirements.txt", "`RUN pip install -r requirements.txt`", "instruction", 3,
         "the RUN instruction is missing"),
        ("docker --version", "`docker version`", "command", 3, "version is a word here, not the flag --version"),
    ],
)
def test_command_rules(typed: str, expected: str, kind: str, grade: int, reason: str) -> None:
    verdict = check_answer(typed, expected, kind)
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)


@pytest.mark.parametrize("typed", ["idk", "I don't know", "i dont know", "no idea", "dunno", "?", "???", "-", "pass"])
def test_i_do_not_know_is_a_blank(typed: str) -> None:
    verdict = check_answer(typed, "Remove the container when it exits", "flag")
    assert (verdict.suggested_grade, verdict.reason) == (0, "no answer given")


def test_an_answer_that_is_such_a_word_is_still_an_answer() -> None:
    assert check_answer("pass", "`pass`", "command").suggested_grade == 5
