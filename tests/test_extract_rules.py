"""One test per extraction rule, on small notes written in the styles real notes use.

The fixtures in `tests/fixtures/notes/` hold several styles each; short inline notes pin the edge of
a rule (what is still a card, what is not).
"""

from __future__ import annotations

from pathlib import Path

from flashcards.core.cards import CardDraft, Extraction
from flashcards.core.extract import extract

FIXTURES = Path(__file__).parent / "fixtures" / "notes"


def _fixture(name: str) -> Extraction:
    return extract((FIXTURES / name).read_text(encoding="utf-8"), f"notes/{name}", "deck")


def _note(text: str) -> Extraction:
    return extract(text, "note.md", "deck")


def _pairs(extraction: Extraction, kind: str) -> dict[str, str]:
    return {card.front: card.back for card in extraction.cards if card.kind == kind}


def _card(extraction: Extraction, kind: str, front: str) -> CardDraft:
    return next(card for card in extraction.cards if card.kind == kind and card.front == front)


# --- bullets and paragraphs with a key ---------------------------------------------------------------


def test_keyed_bullets_in_every_key_style() -> None:
    extraction = _fixture("cheat-sheet.md")
    assert _pairs(extraction, "command") == {
        "shows the working tree status": "`git status`",
        "stages a file": "`git add <file>`",
        "Undo the last commit, keeping the changes": "`git reset --soft HEAD~1`",
    }
    assert _pairs(extraction, "definition") == {
        "HEAD": "the current commit",
        "index": "the staging area",
        "origin": "the default remote",
        "fast-forward": "moving a branch pointer forward",
    }
    head = _card(extraction, "definition", "HEAD")
    assert head.context == ("git", "Basics")
    assert head.source.line == 6
    assert head.key == "deck|definition|git › Basics|HEAD"
    reverse = _card(extraction, "definition-reverse", "the current commit")
    assert reverse.back == "HEAD" and reverse.sibling_key == head.key


def test_code_key_needs_a_command_and_a_description() -> None:
    extraction = _note("# T\n- `pending` the instance is starting\n- `a`, `b`\n- `docker ps`\n")
    assert extraction.cards == []
    assert [item.message for item in extraction.skipped] == ["list without keys (prose bullets)"]


def test_bold_key_without_separator_only_in_bullets() -> None:
    bullets = _note("# Pricing\n- **Spot instances** take advantage of spare capacity.\n")
    assert _pairs(bullets, "definition") == {"Spot instances": "take advantage of spare capacity."}
    paragraph = _note("# Pricing\n\n**Spot instances** take advantage of spare capacity.\n")
    assert paragraph.cards == []


def test_paragraph_keys_one_per_line() -> None:
    extraction = _note("# IAM\n\n**Users** - people\n**Groups** - collections of users\n")
    assert _pairs(extraction, "definition") == {"Users": "people", "Groups": "collections of users"}
    assert [card.source.line for card in extraction.cards if card.kind == "definition"] == [3, 4]


def test_plain_colon_keys_only_when_the_whole_list_is_written_so() -> None:
    listed = _note(
        "# Instructions\n- WORKDIR: sets the working directory\n- EXPOSE: documents a port\n- ENV: sets a variable\n"
    )
    assert _pairs(listed, "definition") == {
        "WORKDIR": "sets the working directory",
        "EXPOSE": "documents a port",
        "ENV": "sets a variable",
    }
    prose = _note("# Notes\n- In summary: it works\n- the rest is prose without a key\n- and more prose\n")
    assert prose.cards == []


def test_arrow_chains_are_not_definitions() -> None:
    extraction = _note("# DNS\n- Browser -> TLD -> NS -> SOA\n- TTL = time to live\n")
    assert _pairs(extraction, "definition") == {"TTL": "time to live"}


def test_labels_are_not_terms_but_summaries_define_their_section() -> None:
    extraction = _note(
        "# VPC\n## Internet Gateway\n- **Note**: it is free\n- **Summary**: connects your VPC to the internet\n"
    )
    assert _pairs(extraction, "definition") == {"Internet Gateway": "connects your VPC to the internet"}
    assert _card(extraction, "definition", "Internet Gateway").key.endswith("|Summary")
    assert [item.message for item in extraction.skipped] == ["note label 'Note', not a term"]


def test_nested_same_thing_inherits_the_parent_purpose() -> None:
    text = "# rm\n- `docker rm $(docker ps -aq)` removes all containers\n  - `docker container prune` does the same\n"
    extraction = _note(text)
    assert _pairs(extraction, "command")["removes all containers (same as `docker rm $(docker ps -aq)`)"] == (
        "`docker container prune`"
    )


def test_upper_case_arguments_join_the_command() -> None:
    extraction = _note(
        "# Networks\n* [`docker network connect`](https://x) NETWORK CONTAINER Connect a container\n"
    )
    assert _pairs(extraction, "command") == {
        "Connect a container": "`docker network connect NETWORK CONTAINER`"
    }


def test_lists_of_links_and_link_only_answers_give_no_card() -> None:
    extraction = _fixture("cheat-sheet.md")
    assert [(item.line, item.message) for item in extraction.skipped] == [(46, "list of links")]
    link_only = _note(
        "# T\n- **Docs**: [the docs](https://example.org)\n- **Term**: See [other](#other)\n- **X**: real text\n"
    )
    assert _pairs(link_only, "definition") == {"X": "real text"}
    assert [item.message for item in link_only.skipped] == ["answer is only a link", "answer is only a link"]


# --- definition lists ----------------------------------------------------------------------------------


def test_html_definition_list_of_flags_under_a_subcommand_heading() -> None:
    extraction = _fixture("cheat-sheet.md")
    assert _pairs(extraction, "flag")["`git commit -m <msg>`"] == "Use the given message"
    assert _pairs(extraction, "flag")["`git commit -a`"] == "Stage all modified files\nbefore committing"
    reverse = _card(extraction, "flag-reverse", "Which `git commit` flag: Use the given message?")
    assert reverse.back == "`-m <msg>`"
    assert reverse.source.line == 14


def test_command_found_from_code_span_or_title() -> None:
    text = "# The `ls` command\n### Flags\n| Short Flag | Long Flag | Description |\n|---|---|---|\n| `-a` | `--all` | all |\n"
    assert _pairs(_note(text), "flag") == {"`ls -a` / `--all`": "all"}
    opened = "# Docker\n## ps\n- `docker ps` lists containers\n### arguments\n<dl><dt>-q</dt><dd>Only IDs</dd></dl>\n"
    assert _pairs(_note(opened), "flag") == {"`docker ps -q`": "Only IDs"}
    unknown = "# Notes\n<dl><dt>-q</dt><dd>Only IDs</dd><dt>-v</dt><dd>Verbose</dd></dl>\n"
    assert _pairs(_note(unknown), "flag-reverse") == {
        "Which flag: Only IDs?": "`-q`",
        "Which flag: Verbose?": "`-v`",
    }


def test_pandoc_definition_list_with_continuation_lines() -> None:
    extraction = _fixture("kramdown-glossary.md")
    assert _pairs(extraction, "definition") == {
        "absolute path": 'A path that starts at the root directory, written with a leading "/".',
        "pipe": "A connection from the output of one program to the input of another.",
    }
    assert [(item.line, item.message) for item in extraction.skipped] == [(12, "answer is only a link")]
    assert _card(extraction, "definition", "pipe").source.line == 15


def test_html_entities_decoded_placeholders_kept() -> None:
    extraction = _note(
        "# T\n<dl>\n<dt>-p &lt;host&gt;:<container-port></dt><dd>Publish a port &rarr; host</dd>\n</dl>\n"
    )
    (flag,) = [card for card in extraction.cards if card.kind == "flag"]
    assert flag.front == "`-p <host>:<container-port>`"
    assert flag.back == "Publish a port → host"


# --- code blocks ---------------------------------------------------------------------------------------


def test_comments_in_code_blocks_and_aligned_comments() -> None:
    extraction = _fixture("cheat-sheet.md")
    assert _pairs(extraction, "instruction") == {
        "set your name": '`git config --global user.name "Ada"`',
        "one line per commit": "`git log --oneline`",
    }


def test_console_blocks_lose_prompts_and_output() -> None:
    text = "# Version\n\nGet the server version:\n\n```console\n$ docker version --format '{{.Server.Version}}'\n1.8.0\n```\n"
    extraction = _note(text)
    assert _pairs(extraction, "command") == {
        "Get the server version": "`docker version --format '{{.Server.Version}}'`"
    }
    assert _card(extraction, "command", "Get the server version").source.line == 6


def test_captions_heading_captions_and_or_captions() -> None:
    text = (
        "# Tips\n### Get IP address\n```sh\ndocker inspect $(dl) | grep IPAddress\n```\n\n"
        "Or with jq installed:\n\n```sh\ndocker inspect $(dl) | jq -r '.[0].IP'\n```\n\n"
        "If you have a container named X and it exposes a port:\n\n```\nEXPOSE 1337\n```\n"
    )
    extraction = _note(text)
    assert _pairs(extraction, "command") == {
        "Get IP address": "`docker inspect $(dl) | grep IPAddress`",
        "Get IP address (or with jq installed)": "`docker inspect $(dl) | jq -r '.[0].IP'`",
    }


def test_tldr_style_description_then_code_paragraph() -> None:
    text = "# tar\n\n- Create an archive:\n\n`tar cf {{target.tar}} {{file1}}`\n"
    assert _pairs(_note(text), "command") == {"Create an archive": "`tar cf {{target.tar}} {{file1}}`"}


def test_fence_without_comments_gives_nothing_and_labels_are_not_captions() -> None:
    text = "# Dockerfile\n\n**Example:**\n\n```dockerfile\nFROM python:3.8\nWORKDIR /app\n```\n"
    extraction = _note(text)
    assert extraction.cards == []
    assert extraction.skipped == []


# --- steps and tables --------------------------------------------------------------------------------


def test_ordered_list_of_sentences_is_one_steps_card() -> None:
    extraction = _fixture("cheat-sheet.md")
    steps = _card(extraction, "steps", "Release steps")
    assert steps.back == "1. Update the changelog.\n2. Tag the release.\n3. Push the tag."
    assert steps.source.line == 33
    nested = _note(
        "# ELB\n- The lifecycle of a request:\n  1. DNS gives the IP.\n  2. The browser asks the LB.\n"
    )
    assert _pairs(nested, "steps") == {
        "Steps: The lifecycle of a request": "1. DNS gives the IP.\n2. The browser asks the LB."
    }


def test_table_aliases_escaped_pipes_and_continuation_rows() -> None:
    extraction = _fixture("cheat-sheet.md")
    flags = _pairs(extraction, "flag")
    assert flags["`git log -p` / `--patch`"] == "Show the patch of each commit"
    assert flags["`git log -n <number>`"] == "Limit the number | count of commits\n(newest first)"


def test_tables_of_numbers_are_skipped() -> None:
    extraction = _note("# Data\n| Metal | Density | Melting point |\n|---|---|---|\n| iron | 7874 | 1538 |\n")
    assert extraction.cards == []
    assert [item.message for item in extraction.skipped] == ["data table of numbers"]


def test_table_of_terms_and_commands() -> None:
    text = (
        "# States\n| State | Description |\n|---|---|\n| `pending` | starting up |\n\n"
        "# Commands\n| Command | Description |\n|---|---|\n| `docker ps` | list containers |\n"
    )
    extraction = _note(text)
    assert _pairs(extraction, "definition") == {"`pending`": "starting up"}
    assert _pairs(extraction, "command") == {"list containers": "`docker ps`"}


# --- explicit markup ---------------------------------------------------------------------------------


def test_details_summary_cards_and_their_skips() -> None:
    extraction = _fixture("interview.md")
    assert _pairs(extraction, "qa") == {
        "What is a `Dockerfile`?": "A text file with the instructions to build an image.",
        "What does `docker ps -a` show?": "All containers, including stopped ones.",
        "Which command removes an image?": "`docker rmi <image>`",
        "How do containers isolate processes?": "With Linux namespaces and cgroups.",
    }
    assert [(item.line, item.message) for item in extraction.skipped] == [
        (10, "empty answer"),
        (14, "answer is only a link"),
    ]
    assert _card(extraction, "qa", "What is a `Dockerfile`?").source.line == 4


def test_details_answer_keeps_lists_and_code() -> None:
    text = "<details>\n<summary>How?</summary><br><b>\n\n- one\n- two\n\n```\nrun it\n```\n</b></details>\n"
    (card,) = _note(text).cards
    assert card.back == "- one\n- two\n    run it"


def test_spaced_repetition_markup() -> None:
    extraction = _fixture("obsidian-sr.md")
    qa = [(card.front, card.back) for card in extraction.cards if card.kind == "qa"]
    assert qa == [
        ("sensitivity", "the proportion of true positives found"),
        ("mean", "the average of the values"),
        ("the average of the values", "mean"),
        ("What is variance?", "The average squared deviation\nfrom the mean."),
    ]
    clozes = [(card.front, card.key.split("|")[3]) for card in extraction.cards if card.kind == "cloze"]
    assert clozes == [
        ("The [...] is the middle value and the mode the most frequent one.", "median"),
        ("The median is the middle value and the [...] the most frequent one.", "mode"),
    ]
    assert all("SR:" not in card.back for card in extraction.cards)
    assert not any("a::b" in card.front for card in extraction.cards)


def test_explicit_markup_wins_over_keys() -> None:
    extraction = _note("# T\n- **Term**::the explicit answer\n")
    assert [(card.kind, card.front, card.back) for card in extraction.cards] == [
        ("qa", "Term", "the explicit answer")
    ]


# --- sections, keys, purity ----------------------------------------------------------------------------


def test_todo_sections_and_their_subsections_give_no_card() -> None:
    text = "# Done\n- **A**: a\n# Later\nTODO: write this\n## Sub\n- **B**: b\n# Also done\n- **C**: c\n"
    extraction = _note(text)
    assert _pairs(extraction, "definition") == {"A": "a", "C": "c"}
    assert [(item.line, item.message) for item in extraction.skipped] == [(3, "TODO section")]


def test_heading_terms_defined_by_their_first_sentence() -> None:
    text = "# Overview\nContainers are isolated.\n\n### Route53 Simplified:\nAmazon Route 53 is a DNS service. More text.\n"
    extraction = _note(text)
    assert _pairs(extraction, "definition") == {"Route53": "Amazon Route 53 is a DNS service."}
    assert [item.line for item in extraction.skipped] == [2]


def test_fixing_an_answer_keeps_the_key_and_moving_keeps_the_anchor() -> None:
    before = _note("# A\n- **Term**: the old answr\n")
    after = _note("# A\n- **Term**: the corrected answer\n")
    moved = _note("# B\n- **Term**: the corrected answer\n")
    assert [card.key for card in before.cards] == [card.key for card in after.cards]
    assert before.cards[0].back != after.cards[0].back
    assert [card.key.split("|")[3] for card in moved.cards] == [
        card.key.split("|")[3] for card in after.cards
    ]
    assert moved.cards[0].key != after.cards[0].key


def test_same_input_same_output() -> None:
    text = (FIXTURES / "cheat-sheet.md").read_text(encoding="utf-8")
    assert extract(text, "a.md", "deck") == extract(text, "a.md", "deck")


def test_description_first_then_the_command() -> None:
    extraction = _note(
        "# git\n- Undo the last commit: `git reset --soft HEAD~1`\n- Example: `git log`\n- **Term**: `x`\n"
    )
    assert _pairs(extraction, "command") == {"Undo the last commit": "`git reset --soft HEAD~1`"}
    assert _pairs(extraction, "definition") == {"Term": "`x`"}
    assert "Example" not in {card.front for card in extraction.cards}


def test_heading_that_names_a_command_and_its_first_sentence() -> None:
    text = "# git\n## `git commit`\nRecords changes to the repository. More prose.\n\n- `-m` the message\n"
    extraction = _note(text)
    assert _pairs(extraction, "command") == {"Records changes to the repository.": "`git commit`"}
    assert _pairs(extraction, "flag") == {"`git commit -m`": "the message"}
    titled = _note("# The `ls` command\n\nThe `ls` command lists files. It is old.\n\n```\nls\n```\n")
    forward = _card(titled, "command", "The ___ command lists files.")
    assert forward.back == "`ls`" and forward.source.line == 1
    assert _card(titled, "command-reverse", "`ls`").back == "The `ls` command lists files."


def test_loose_plain_keys_when_the_whole_list_uses_them() -> None:
    vocabulary = _note(
        "# Vocabulary\n- ephemeral - lasting a short time\n- ubiquitous — found everywhere\n- terse: brief\n"
    )
    assert _pairs(vocabulary, "definition") == {
        "ephemeral": "lasting a short time",
        "ubiquitous": "found everywhere",
        "terse": "brief",
    }
    prose = _note(
        "# Thoughts\n- I like Docker - it is fast to use everywhere\n- another thought\n- a third one\n"
    )
    assert prose.cards == []


def test_a_note_about_a_program_names_its_flags_after_it() -> None:
    text = (
        "# kubectl cheatsheet\n## Viewing\n```bash\nkubectl get pods          # List all pods\n"
        "kubectl get pods -o wide  # List pods with details\n```\n## Flags\n- `-n, --namespace`: the namespace\n"
    )
    extraction = _note(text)
    assert _pairs(extraction, "instruction") == {
        "List all pods": "`kubectl get pods`",
        "List pods with details": "`kubectl get pods -o wide`",
    }
    assert _pairs(extraction, "flag") == {"`kubectl -n` / `--namespace`": "the namespace"}


def test_code_key_followed_by_what_it_does() -> None:
    extraction = _note("# Lists\n- `sorted(xs)` returns a new sorted list\n- `xs` the list\n")
    assert _pairs(extraction, "definition") == {"`sorted(xs)`": "returns a new sorted list"}
    assert _pairs(extraction, "definition-reverse") == {"returns a new sorted list": "`sorted(xs)`"}


def test_a_heading_naming_options_over_a_command_and_its_flag_list_titles_the_list() -> None:
    """`## Flags` / `git commit` / a flag list made the card "Flags" ⇄ `git commit`: the heading names
    the list, the command is its subject. A heading that says what the command does stays its purpose."""
    titled = _note("# Git\n\n## Flags\n\n`git commit`\n\n- `-m MSG`: use MSG as the message\n"
                   "- `-a`: stage every tracked change first\n")
    assert _pairs(titled, "command") == {}
    assert _pairs(titled, "flag") == {"`git commit -m MSG`": "use MSG as the message",
                                      "`git commit -a`": "stage every tracked change first"}
    other_field = _note("# Curl\n\n## Useful options\n\n`curl URL`\n\n- `-L`: follow redirects\n")
    assert _pairs(other_field, "command") == {} and _pairs(other_field, "flag") == {"`curl -L`": "follow redirects"}
    purpose = _note("# Git\n\n## Create a commit\n\n`git commit`\n\n- `-m MSG`: use MSG as the message\n")
    assert _pairs(purpose, "command") == {"Create a commit": "`git commit`"}
