"""Static checks as tests, so CI runs them: mypy --strict over the package and ruff's error rules."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{name} is not installed (the test extra installs it)")
    return found


def test_mypy_strict_over_the_package() -> None:
    completed = subprocess.run([_tool("mypy"), "--python-executable", sys.executable, "flashcards"], cwd=REPO,
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-2000:]


def test_ruff_finds_no_errors() -> None:
    completed = subprocess.run([_tool("ruff"), "check", "flashcards", "tests", "benchmarks"], cwd=REPO,
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout[-3000:]
