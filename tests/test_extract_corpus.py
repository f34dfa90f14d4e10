"""The engine against its hand-written corpus, and the rules it keeps about imports."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "idkb" / "extract"


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_eval", ROOT / "scripts" /
                                                  "extract_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_has_enough_items() -> None:
    tune = list((ROOT / "tests" / "extract_corpus" / "tune").glob("*.txt"))
    held = list((ROOT / "tests" / "extract_corpus" / "held").glob("*.txt"))
    assert len(held) >= 16
    assert len(tune) + len(held) >= 48
    for path in tune + held:
        assert path.with_suffix(".expected.json").exists(), path


def test_tune_set_meets_the_targets_and_loads() -> None:
    module = scorer()
    table = module.score("tune", False, module.gazetteer())
    for field, target in module.TARGETS.items():
        assert table[field][2] >= target, (field, table[field])
    assert table["valid"][0] == 1.0


def test_engine_imports_nothing_else_from_idkb() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith("idkb") or name.startswith("idkb.extract"), (path, name)


def test_modules_stay_small() -> None:
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text().splitlines()) <= 400, path


def test_import_is_light() -> None:
    code = "import sys, idkb.extract; print(sorted({'pycountry', 'pydantic'} & set(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True).stdout
    assert out.strip() == "[]"
