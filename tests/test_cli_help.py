"""Every command has help with an example; `--version` and `python -m flashcards` work."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator

import click
import pytest
from click.testing import Result

from flashcards import __version__
from flashcards.cli import cli


def _all_commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, f"`flashcards {prefix}{name}` is listed but cannot be loaded"
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _all_commands(command, f"{prefix}{name} ")


COMMANDS = list(_all_commands(cli))


def test_there_are_commands() -> None:
    assert {"quiz", "import", "decks", "cards", "due", "stats", "exam", "export", "export anki", "export csv",
            "check", "suspend", "unsuspend", "reset"} <= {name for name, _ in COMMANDS}


def test_every_lazy_command_is_where_it_is_said_to_be() -> None:
    from flashcards.cli import LAZY_COMMANDS

    for name, module in LAZY_COMMANDS.items():
        loaded = __import__(module, fromlist=["COMMANDS"]).COMMANDS
        assert name in {command.name for command in loaded}, (name, module)


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_has_help_with_an_example(name: str, command: click.Command,
                                          invoke: Callable[..., Result]) -> None:
    assert command.help, f"`flashcards {name}` has no help"
    result = invoke(*name.split(), "--help")
    assert result.exit_code == 0
    assert "Example" in result.output, f"`flashcards {name} --help` shows no example"
    assert f"flashcards {name}" in result.output


def test_root_help_has_an_example(invoke: Callable[..., Result]) -> None:
    result = invoke("--help")
    assert result.exit_code == 0 and "Example" in result.output


def test_version(invoke: Callable[..., Result]) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output == f"flashcards, version {__version__}\n"


def test_python_dash_m() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "flashcards", "--version"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0
    assert completed.stdout == f"flashcards, version {__version__}\n"
