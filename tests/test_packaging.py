"""The built wheel carries its migrations and decks and works from a clean virtual environment.

This builds the wheel and installs it (with its dependencies, from the package index) into a new
virtual environment, then runs `flashcards decks` and `flashcards check` against a new home from a
folder outside the checkout, so only the installed package can supply the migrations.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out),
                  str(REPO)])
    assert built.returncode == 0, built.stderr[-2000:]
    (path,) = out.glob("flashcards-*.whl")
    return path


def test_wheel_contains_migrations_and_decks(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "flashcards/_migrations/env.py" in names
    assert "flashcards/_migrations/script.py.mako" in names
    assert any(n.startswith("flashcards/_migrations/versions/") and n.endswith(".py") for n in names)
    assert any(n.startswith("flashcards/_decks/") and n.endswith(".md") for n in names)


def test_installed_wheel_runs_against_a_new_home(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    installed = _run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)])
    assert installed.returncode == 0, installed.stderr[-2000:]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASHCARDS_")}
    env["FLASHCARDS_HOME"] = str(tmp_path / "home")
    env["PYTHONPATH"] = ""
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    decks = _run([str(venv / "bin" / "flashcards"), "decks"], cwd=workdir, env=env)
    assert decks.returncode == 0, decks.stderr
    assert "No decks yet" in decks.stdout
    check = _run([str(venv / "bin" / "flashcards"), "check"], cwd=workdir, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    where = _run([str(venv / "bin" / "python"), "-c",
                  "from flashcards.system.resources import migrations_dir; print(migrations_dir())"],
                 cwd=workdir, env=env)
    assert where.stdout.strip().endswith("site-packages/flashcards/_migrations")
