"""The answer checker's package shape: small modules, each saying what it holds, imported without cycles.

Behaviour is tested in test_answers.py; this only keeps the split of `flashcards.core.answers` from
drifting back into one large module or into modules that import each other in a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import flashcards.core.answers

PACKAGE = Path(flashcards.core.answers.__file__).parent
PREFIX = "flashcards.core.answers."


def _modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.glob("*.py"))}


def _sibling_imports(tree: ast.Module) -> set[str]:
    """The package's own modules that a module imports ("__init__" for the package itself)."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:
            names += [PREFIX + node.module] if node.module else [PREFIX + alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    found = {name.removeprefix(PREFIX) for name in names if name.startswith(PREFIX)}
    return found | ({"__init__"} if PREFIX.rstrip(".") in names else set())


def test_each_module_is_small_and_documented() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 500, f"{path.name} has {lines} lines"
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), f"{path.name} has no docstring"


def test_no_module_imports_the_public_face_or_forms_a_cycle() -> None:
    graph = {name: _sibling_imports(tree) for name, tree in _modules().items()}
    for name, imported in graph.items():
        assert "__init__" not in imported, f"{name} imports the package's public face"
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import cycle: {' -> '.join((*path, name))}"
        if name in done:
            return
        for imported in graph.get(name, set()):
            visit(imported, (*path, name))
        done.add(name)

    for name in graph:
        visit(name, ())
