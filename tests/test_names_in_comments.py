"""Names of modules and files in comments and docs point at what exists, and a constant shared
by a query and the schema is said once."""

from __future__ import annotations

import importlib
import re
import sqlite3
from pathlib import Path

import pytest

from idkb.core import vocab
from idkb.query import filters
from idkb.store import schema

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "idkb"
TEXTS = [*sorted(SRC.rglob("*.py")), *sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
# A dotted module name (idkb.store.metadata) or an old-style one (queries.events); not the
# file names such as idkb.db or idkb.graphml.
FILE_NAMES = {"idkb.db", "idkb.graphml", "idkb.json", "idkb.csv", "idkb.fish", "idkb.sh"}
DOTTED = re.compile(r"\b(idkb(?:\.[a-z_]+)+|queries\.[a-z_A-Z]+)\b")


def _resolves(name: str) -> bool:
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        target: object = module
        for attr in parts[cut:]:
            if not hasattr(target, attr):
                return False
            target = getattr(target, attr)
        return True
    return False


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_dotted_names_resolve(path: Path) -> None:
    names = {m for m in DOTTED.findall(path.read_text(encoding="utf-8"))
             if m not in FILE_NAMES and not m.startswith("idkb.db.")}
    assert [n for n in sorted(names) if not _resolves(n)] == []


def test_file_names_in_source_comments_exist() -> None:
    files = {p.name for folder in ("src", "tests", "scripts", "bench")
             for p in (ROOT / folder).rglob("*.py")}
    missing = {(str(p.relative_to(ROOT)), name) for p in SRC.rglob("*.py")
               for name in re.findall(r"\b([a-z_]+\.py)\b", p.read_text(encoding="utf-8"))
               if name not in files}
    assert missing == set()


def test_the_long_event_threshold_is_said_once() -> None:
    assert f"> {vocab.LONG_DAYS}" in filters.LONG  # the query's half of the split
    conn = sqlite3.connect(":memory:")
    conn.executescript(schema.SCHEMA)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events_long'").fetchone()[0]
    assert f"> {vocab.LONG_DAYS}" in sql
    source = (SRC / "store" / "schema.py").read_text(encoding="utf-8")
    assert re.search(r"\b400\b", source) is None, "use core.vocab.LONG_DAYS"
