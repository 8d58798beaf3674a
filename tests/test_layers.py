"""The layers only point down, and the core does no I/O: checked on the source, every import included.

An import inside a function counts as much as one at the top: the commands import lazily to start fast,
and a lazy import of storage from the command line is still the command line reaching into storage.
(`TYPE_CHECKING` imports count too: a type from storage in a command's signature is the same leak.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import flashcards

PACKAGE = Path(flashcards.__file__).parent

# What each layer must not import (a flashcards package, or a module that reaches outside the process).
FORBIDDEN: dict[str, set[str]] = {
    "core": {
        "flashcards.application", "flashcards.storage", "flashcards.cli", "flashcards.ui", "flashcards.export",
        "flashcards.system", "os", "sys", "io", "pathlib", "shutil", "tempfile", "subprocess", "socket",
        "sqlite3", "threading", "multiprocessing", "time", "urllib", "platformdirs", "sqlalchemy", "alembic",
        "click", "rich", "genanki",
    },
    "system": {"flashcards.application", "flashcards.storage", "flashcards.cli", "flashcards.ui",
               "flashcards.export"},
    "storage": {"flashcards.application", "flashcards.cli", "flashcards.ui", "click", "rich"},
    "application": {"flashcards.cli", "flashcards.ui", "click", "rich"},
    "export": {"flashcards.application", "flashcards.cli", "flashcards.ui", "click", "rich"},
    "ui": {"flashcards.storage", "flashcards.cli", "sqlalchemy", "alembic"},
    "cli": {"flashcards.storage", "sqlalchemy", "alembic"},
}

# Reading the clock is I/O too: the core is given the day.
CLOCK_CALLS = {"now", "today", "utcnow", "time", "monotonic", "perf_counter"}


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "flashcards":
                found += [(node.lineno, f"flashcards.{alias.name}") for alias in node.names]
    return found


def _matches(module: str, forbidden: set[str]) -> bool:
    return any(module == name or module.startswith(name + ".") for name in forbidden)


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_the_layer_imports_only_what_is_below_it(layer: str) -> None:
    assert _modules(layer), f"no package flashcards/{layer}"
    leaks = [f"{path.relative_to(PACKAGE)}:{line} imports {module}"
             for path in _modules(layer) for line, module in _imports(path) if _matches(module, FORBIDDEN[layer])]
    assert not leaks, "\n".join(leaks)


def test_the_core_does_not_read_the_clock() -> None:
    calls = []
    for path in _modules("core"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in CLOCK_CALLS and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in {"datetime", "date", "time"}):
                calls.append(f"{path.relative_to(PACKAGE)}:{node.lineno} calls {node.func.value.id}.{node.func.attr}()")
    assert not calls, "\n".join(calls)


def test_every_module_is_in_a_layer() -> None:
    """A new top-level module would escape these checks: only the entry points live at the top."""
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "entry.py"]


def test_the_checker_sees_a_lazy_import(tmp_path: Path) -> None:
    """The check itself: an import inside a function, and `from flashcards import storage`, are found."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from flashcards.storage.store import Store\n"
                      "from flashcards import storage\n", encoding="utf-8")
    assert {module for _, module in _imports(sample)} == {
        "flashcards.storage.store", "flashcards", "flashcards.storage"}
