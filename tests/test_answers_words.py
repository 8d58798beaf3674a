"""General English the prose checker reads (issue 14, item 4): compound pronouns and inflected forms.

Small examples of our own from two fields each (not rows of the grading table), with the near case
that must stay wrong, and the exact reason the learner reads.
"""

from __future__ import annotations

import pytest

from flashcards.core.answers import check_answer
from flashcards.core.answers.lexicon import negated_opposite, opposites, stems_of, synonyms
from flashcards.core.answers.prose_text import clean_prose, words_of


def test_compound_pronouns_are_split_into_their_words() -> None:
    assert clean_prose("Nobody saw it") == "no person saw it"
    assert clean_prose("no  one saw it") == "no person saw it"
    assert clean_prose("the queen named herself") == "the queen named her self"
    assert clean_prose("whoever asks") == "any person who asks"
    # Only whole words: "someone's" keeps its possessive, "nobodyish" is not a pronoun.
    assert clean_prose("nobodyish") == "nobodyish"


@pytest.mark.parametrize(
    ("typed", "expected", "front", "grade", "reason"),
    [
        # Law: "nobody" is "no person", and the "not" it carries agrees with the card's.
        ("nobody can be tried twice", "A person cannot be tried twice for one crime", "Double jeopardy", 3,
         "the gist: 3 of 4 key words; missing: crime"),
        # Computing: "whoever" is "any person who".
        ("whoever holds the lock", "The person or process holding the lock", "Lock owner", 3,
         "the gist: 2 of 3 key words; missing: process"),
        # Biology: "itself" is "it self", meeting "self-".
        ("a cell that copies itself", "a self-copying cell", "Replicator", 4, "all the key words (3 of 3)"),
        # A "nobody" where the card says a person does: the meaning is reversed.
        ("nobody owns the lock", "A person owns the lock", "Lock owner", 2,
         "the meaning is reversed (a 'not' or 'no' differs)"),
    ],
)
def test_compound_pronouns_meet_the_cards_words(typed: str, expected: str, front: str, grade: int, reason: str) -> None:
    verdict = check_answer(typed, expected, "definition", front=front)
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)


def test_an_inflection_is_undone_before_the_word_lists_are_read() -> None:
    # The crude stem cuts "receive" to "rece" ("-ive") and "receiving" to "receiv": they meet all the same.
    assert stems_of("receiving") >= {"receiv", "rece"}
    assert synonyms("gets", "receiving") and synonyms("receiving", "obtained")
    assert opposites("giving", "received")
    assert opposites("stopped", "started")
    # Short bases are not tried: "bed" is not "b", "sing" not "s".
    assert stems_of("bed") == {"bed"} and stems_of("sing") == {"sing"}
    assert not synonyms("gets", "giving")


def test_a_negated_opposite_says_the_same() -> None:
    assert negated_opposite("fast", "slower") and negated_opposite("visible", "hidden")
    assert negated_opposite("larger", "small") and not negated_opposite("fast", "faster")


@pytest.mark.parametrize(
    ("typed", "expected", "front", "grade", "reason"),
    [
        # Medicine: "not as fast" is "slower".
        ("the heart does not beat as fast", "the heart beats slower", "Bradycardia", 4, "all the key words (3 of 3)"),
        # Computing: "not visible" is "hidden".
        ("files that are not visible", "hidden files", "Dotfiles", 4, "the right key words"),
        # Negating the card's own word still reverses it.
        ("the heart does not beat slower", "the heart beats slower", "Bradycardia", 2,
         "the meaning is reversed (a 'not' or 'no' differs)"),
        ("files that are not hidden", "hidden files", "Dotfiles", 2,
         "the meaning is reversed (a 'not' or 'no' differs)"),
    ],
)
def test_not_with_the_opposite_word_is_no_reversal(typed: str, expected: str, front: str, grade: int, reason: str) -> None:
    verdict = check_answer(typed, expected, "definition", front=front)
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)


@pytest.mark.parametrize(
    ("typed", "expected", "front", "grade", "reason"),
    [
        # An adverb of place points like "here" and "there": it is no extra claim to hold against the learner
        # (counted as one, both were a 2: "partly right").
        ("a broadcast message is delivered everywhere",
         "A broadcast message sent by one host on a local network is delivered to every other host of that network "
         "segment", "Broadcast", 3, "part of it, nothing wrong: 2 of 7 key words; missing: sent, host, local, network"),
        ("hormones in the blood travel everywhere",
         "Hormones released by a gland into the blood travel through the body and act on distant target cells",
         "Endocrine signalling", 3, "part of it, nothing wrong: 3 of 10 key words; missing: released, gland, body, act"),
    ],
)
def test_adverbs_of_place_are_not_extra_words(typed: str, expected: str, front: str, grade: int, reason: str) -> None:
    verdict = check_answer(typed, expected, "definition", front=front)
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)


@pytest.mark.parametrize(
    ("typed", "expected", "front", "grade", "reason"),
    [
        # One line of a two-line answer is half of it, right with difficulty.
        ("flour", "Dry: flour\nWet: milk", "Batter ingredients", 3, "the main word, without: dry"),
        ("ssh", "Remote shell: ssh\nFile copy: scp", "Secure tools", 3,
         "part of it, nothing wrong: 1 of 3 key words; missing: remote, shell"),
        # With the other line's words in the wrong places, or a word of neither, it is not.
        ("dry: milk, wet: flour", "Dry: flour\nWet: milk", "Batter ingredients", 2,
         "the same words, but in an order that changes the meaning"),
        ("telnet", "Remote shell: ssh\nFile copy: scp", "Secure tools", 1, "wrong: no key words in common"),
    ],
)
def test_one_line_of_two_is_half_the_answer(typed: str, expected: str, front: str, grade: int, reason: str) -> None:
    verdict = check_answer(typed, expected, "definition", front=front)
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)


SOUND = "Sound needs particles to vibrate and carry its energy from one place to the next, so it cannot travel through a vacuum."
RECESSION = "Output fell for two quarters in a row while unemployment rose, so the economy is in recession."


@pytest.mark.parametrize(
    ("typed", "expected", "front", "grade", "reason"),
    [
        # The clause an answer concludes with ("..., so ...") states its point: that alone is a 3.
        ("it cannot travel through a vacuum", SOUND, "Sound in space", 3,
         "the conclusion of the answer: 'it cannot travel through a vacuum.'"),
        ("a recession", RECESSION, "Downturn", 3, "the main word, without: economy"),
        # The conclusion reversed, or another one, is still wrong.
        ("it can travel through a vacuum", SOUND, "Sound in space", 2, "the meaning is reversed (a 'not' or 'no' differs)"),
        ("the economy is booming", RECESSION, "Downturn", 1, "wrong: only 1 of 9 key words"),
    ],
)
def test_the_conclusion_of_an_answer_is_part_of_it(typed: str, expected: str, front: str, grade: int, reason: str) -> None:
    verdict = check_answer(typed, expected, "definition", front=front)
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)


@pytest.mark.parametrize(
    ("typed", "expected", "front", "grade", "reason"),
    [
        # An aside that restates the words before it makes a second way to say the answer.
        ("heat the sample slowly", "Heat the sample at a low rate (slowly)", "Annealing", 4,
         "the words in parentheses say it another way: 'Heat the sample slowly'"),
        ("send a packet to every device on the network", "Send a packet to all hosts (to every device) on the network",
         "Broadcast", 4, "the words in parentheses say it another way: 'Send a packet to every device on the ne…'"),
        # An analogy adds, it does not restate: saying only it is not the answer.
        ("an object", "A runnable instance of an image (~ Object)", "Container", 2,
         "only the part in parentheses; missing: runnable, instance, image"),
    ],
)
def test_an_aside_that_restates_is_another_way_to_say_it(
    typed: str, expected: str, front: str, grade: int, reason: str
) -> None:
    verdict = check_answer(typed, expected, "definition", front=front)
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)


LATEX_COMMENT = (
    "A note left in the source for the author that the typesetter skips over entirely while building the document; "
    "in LaTeX it starts with `%` and runs to the end of the line."
)
SHELL_VARIABLE = (
    "A named value the shell keeps in memory for the commands run after it is set; to read it back, write `$` "
    "before its name."
)


def test_a_symbol_standing_alone_is_a_word() -> None:
    assert words_of(clean_prose("it starts with `%`; in SQL with `--`")) == ["it", "starts", "with", "%", "in", "sql",
                                                                             "with", "--"]
    # A lone dash, slash or "&" is punctuation; symbols inside a word are not words of their own.
    assert words_of(clean_prose("tags & versions - a/b c++")) == ["tags", "versions", "a", "b", "c"]


@pytest.mark.parametrize(
    ("typed", "expected", "front", "grade", "reason"),
    [
        # The symbol is read, and each part of the answer between ";" is a sentence of its own.
        ("a line starting with %", LATEX_COMMENT, "LaTeX comment", 3, "the gist: 3 of 5 key words; missing: runs, end"),
        ("you read it with $ before the name", SHELL_VARIABLE, "Shell variable", 3,
         "the gist: 3 of 5 key words; missing: back, write"),
        # Like a number, another symbol is another answer.
        ("a line starting with #", LATEX_COMMENT, "LaTeX comment", 2, "a symbol is wrong: '#' is not in the answer"),
        ("you read it with @ before the name", SHELL_VARIABLE, "Shell variable", 2,
         "a symbol is wrong: '@' is not in the answer"),
    ],
)
def test_symbols_are_read_and_must_be_the_cards(typed: str, expected: str, front: str, grade: int, reason: str) -> None:
    verdict = check_answer(typed, expected, "definition", front=front)
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)


@pytest.mark.parametrize(
    ("typed", "expected", "grade", "reason"),
    [
        # A flag's description says what to do: its verb said another way, with the rest there, is a 3.
        ("replace the remote branch history", "Overwrite the remote branch", 3,
         "the gist: 2 of 3 key words; missing: overwrite"),
        ("obey http redirects automatically", "Follow HTTP redirects", 3, "the gist: 2 of 3 key words; missing: follow"),
        # Any other word swapped is another flag.
        ("overwrite the remote tag", "Overwrite the remote branch", 2, "a different word: 'tag' where the answer has 'branch'"),
        ("follow http cookies", "Follow HTTP redirects", 2, "a different word: 'cookies' where the answer has 'redirects'"),
    ],
)
def test_a_flags_verb_may_be_said_another_way(typed: str, expected: str, grade: int, reason: str) -> None:
    verdict = check_answer(typed, expected, "flag")
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)
    # A term is not a description: there a word swapped is always another term.
    assert check_answer(typed, expected, "definition").suggested_grade <= 2


@pytest.mark.parametrize(
    ("typed", "expected", "front", "grade", "reason"),
    [
        # What a piece of code does opens with its verb: said another way, with the rest there, a 3.
        ("gives the list length", "returns list length", "len()", 3, "the gist: 2 of 3 key words; missing: returns"),
        ("wipes table rows", "removes table rows", "DELETE", 3, "the gist: 2 of 3 key words; missing: removes"),
        # Another object is another answer; so is any word swapped when the question is not code.
        ("removes table columns", "removes table rows", "DELETE", 2,
         "a different word: 'columns' where the answer has 'rows'"),
        ("gives the list length", "returns list length", "Counting items", 2,
         "a different word: 'gives' where the answer has 'returns'"),
    ],
)
def test_what_code_does_may_open_with_another_verb(typed: str, expected: str, front: str, grade: int, reason: str) -> None:
    verdict = check_answer(typed, expected, "definition", front=front)
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)


def test_tex_math_is_read_as_a_learner_types_it() -> None:
    """`\\times` was a key word a learner had to type: "missing: containing, 6.022, times, 10"."""
    assert words_of(clean_prose(r"containing $6.022 \times 10^{23}$ particles")) == [
        "containing", "6.022", "10", "23", "particles"]
    assert words_of(clean_prose(r"the ratio \(\frac{\alpha}{\beta}\)")) == ["the", "ratio", "alpha", "beta"]
    assert words_of(clean_prose(r"\(\sigma / \sqrt{n}\)")) == ["sigma", "root", "n"]  # no "sigma/root" choice
    # A dollar amount is no math: "$5 and $10" keeps its words.
    assert words_of(clean_prose("costs $5 and $10")) == ["costs", "5", "and", "10"]


@pytest.mark.parametrize(
    ("typed", "expected", "front", "grade", "reason"),
    [
        # Chemistry: the number as typed, with x, * or words for the product.
        ("the amount of substance containing 6.022 x 10^23 particles",
         r"The amount of substance containing $6.022 \times 10^{23}$ particles", "Mole", 4,
         "all the key words (7 of 7); extra: x"),
        ("amount of substance containing 6.022*10^23 particles",
         r"The amount of substance containing $6.022 \times 10^{23}$ particles", "Mole", 4,
         "all the key words (7 of 7)"),
        # ... and a wrong exponent is still wrong.
        ("amount of substance containing 6.022 x 10^24 particles",
         r"The amount of substance containing $6.022 \times 10^{23}$ particles", "Mole", 2,
         "a number is wrong: '24' is not in the answer"),
        # Statistics: a named symbol is its name, a root is said "root"; another name is another symbol.
        ("sigma over root n", r"the standard error, \(\sigma / \sqrt{n}\)", "Standard error of the mean", 4,
         "all the key words (3 of 3)"),
        ("sigma divided by the square root of n", r"the standard error, \(\sigma / \sqrt{n}\)",
         "Standard error of the mean", 4, "all the key words (3 of 3); extra: divided, square"),
        ("the ratio gamma over beta", r"the ratio \(\frac{\alpha}{\beta}\)", "Odds", 2,
         "a different word: 'gamma' where the answer has 'alpha'"),
    ],
)
def test_tex_math_in_an_answer(typed: str, expected: str, front: str, grade: int, reason: str) -> None:
    verdict = check_answer(typed, expected, "definition", front=front)
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)


@pytest.mark.parametrize(
    ("typed", "expected", "grade", "reason"),
    [
        # Lab work: a word two steps share ("solvent buffer") was matched in the wrong step's place, and
        # steps typed in the right order (one left out) read as shuffled.
        ("load the sample, elute with solvent buffer",
         "1. Clean the column with solvent buffer\n2. Load the sample\n3. Elute with solvent buffer", 3,
         "the gist: 5 of 7 key words; missing: clean, column"),
        # ... while steps really typed out of order still are.
        ("elute with solvent buffer, load the sample, clean the column",
         "1. Clean the column with solvent buffer\n2. Load the sample\n3. Elute with solvent buffer", 3,
         "all the key words (7 of 7), but in a different order"),
        # Version control: the same, with "files" in two steps.
        ("commit the files, push",
         "1. Stage the files\n2. Commit the files\n3. Push the commits", 3,
         "the gist: 3 of 5 key words; missing: stage, commits"),
        ("push, commit the files, stage the files",
         "1. Stage the files\n2. Commit the files\n3. Push the commits", 3,
         "nearly all the key words (4 of 5); missing: commits, but in a different order"),
    ],
)
def test_steps_are_put_in_order_step_by_step(typed: str, expected: str, grade: int, reason: str) -> None:
    verdict = check_answer(typed, expected, "steps", front="Steps")
    assert (verdict.suggested_grade, verdict.reason) == (grade, reason)
