"""The house rules of src/idkb, checked: the layers and no cycles (the import-linter contracts
in pyproject.toml), modules of one job and a readable size, and each command declared once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

SRC = Path(__file__).resolve().parents[1] / "src" / "idkb"
ROOT = SRC.parents[1]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def test_the_layers_hold_and_nothing_imports_in_a_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert lint_imports(no_cache=True) == 0, "run `lint-imports` to see the broken contract"


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_modules_stay_readable(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{path.name}: {lines} lines; split it by job"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{path.name}: {node.name} is {length} lines"


def test_the_layers_are_the_folders() -> None:
    packages = {p.parent.name for p in SRC.glob("*/__init__.py")}
    assert {"core", "store", "load", "query", "render", "extract", "cli"} <= packages
    assert sorted(p.name for p in SRC.glob("*.py")) == ["__init__.py", "__main__.py"]


def test_nothing_below_the_command_line_prints() -> None:
    """Only the command line (and rendering, which writes the results) talks to the user."""
    for path in _modules():
        layer = path.relative_to(SRC).parts[0]
        if layer in ("cli", "render") or path.name == "__main__.py":
            continue
        text = path.read_text(encoding="utf-8")
        for banned in ("print(", "sys.stderr", "sys.stdout", "typer."):
            assert banned not in text, f"{path.relative_to(SRC)} uses {banned}"
