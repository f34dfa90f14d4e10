"""The query plan of every statement the read commands run, with full table scans flagged.

The commands run in this process with a trace on their connection, so the plans are those of
the real statements (values filled in), not of copies that could drift from the code.
"""

from __future__ import annotations

import io
import re
import sqlite3
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from idkb.cli import main
from idkb.store import connection

_FINE = ("USING INDEX", "USING COVERING INDEX", "USING INTEGER PRIMARY KEY",
         "USING PRIMARY KEY", "VIRTUAL TABLE", "CONSTANT ROW")
_VALUES = re.compile(r"'(?:[^']|'')*'|\b\d+\b")
_LISTS = re.compile(r"IN \((?:'[^']*'|\d+)(?:,\s*(?:'[^']*'|\d+))+\)")


def statements(db: Path, args: list[str]) -> list[str]:
    """Every SELECT the command runs against `db`."""
    seen: list[str] = []
    real_open: Callable[[Path], sqlite3.Connection] = connection.open_file

    def traced(path: Path) -> sqlite3.Connection:
        conn = real_open(path)
        conn.set_trace_callback(seen.append)
        return conn

    connection.open_file = traced
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            argv = [*args, "--db", str(db)]
            main.run(argv)
    finally:
        connection.open_file = real_open  # type: ignore[assignment]
    selects = [_LISTS.sub("IN (...)", s.strip()) for s in seen
               if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    # One of each shape: a walk that runs the same statement with other values (the latest
    # events of a profile step back through thousands of rows) has one plan.
    shapes: dict[str, str] = {}
    for sql in selects:
        shapes.setdefault(_VALUES.sub("?", sql), sql)
    return list(shapes.values())


def plan(conn: sqlite3.Connection, sql: str) -> list[str]:
    rows = conn.execute("EXPLAIN QUERY PLAN " + sql.replace("IN (...)", "IN ('x')")).fetchall()
    depth: dict[int, int] = {0: 0}
    lines = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, 0) + 1
        lines.append("  " * (depth[node] - 1) + detail)
    return lines


# Tables of a handful of rows, read whole by design.
_SMALL = ("SCAN meta", "SCAN main.search_index_fts_config")


_CTE = re.compile(r"(?:\bWITH|,)\s*(\w+)\s*(?:\([\w\s,]*\))?\s+AS\s*\(", re.IGNORECASE)


def full_scans(lines: list[str], sql: str = "") -> list[str]:
    """Scans of whole tables. A scan of one of the statement's CTEs or subqueries (`related`
    groups one entity's links in SQL, from the few ids of its same-as group) reads rows found
    through indexes or given, not a table."""
    ctes = set(_CTE.findall(sql))
    found = []
    for line in lines:
        text = line.strip()
        if not text.startswith("SCAN ") or any(f in line for f in _FINE) or text in _SMALL:
            continue
        name = text.split()[1]
        if name.startswith("(subquery-") or name in ctes:
            continue
        found.append(text)
    return found


def collect(db: Path, commands: list[tuple[str, list[str]]]) -> dict[str, Any]:
    """Markdown lines with each command's statements and plans, and the scans found."""
    out: list[str] = []
    scans: dict[str, list[str]] = {}
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for label, args in commands:
        out += [f"### `idkb {' '.join(args)}` ({label})", ""]
        for sql in statements(db, args):
            lines = plan(conn, sql)
            bad = full_scans(lines, sql)
            if bad:
                scans.setdefault(label, []).extend(bad)
            out += ["```", _short(sql), "--", *lines, "```", ""]
    conn.close()
    return {"lines": out, "scans": scans}


def _short(sql: str) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= 400 else flat[:400] + " ..."
