"""Helpers the tests share: running idkb (in this process, or as a real process where a test
needs one), digests that prove a database did not change, and hostile text."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@contextmanager
def environment(env: dict[str, str] | None) -> Iterator[None]:
    """os.environ with `env` added, as it was afterwards."""
    saved = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def in_process(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run idkb in this process, as `idkb ARGS` would run, and capture what a user would see:
    the same Result as `invoke`, in a fraction of the time."""
    from idkb.cli.main import run

    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        with environment(env), redirect_stdout(out), redirect_stderr(err):
            try:
                code = run(list(args))
            except SystemExit as exc:  # shell completion answers, then exits
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin = old
    return Result(code, out.getvalue(), err.getvalue())


def invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
           timeout: float = 60) -> Result:
    """Run `python -m idkb ARGS` in a subprocess and capture what a user would see."""
    proc = subprocess.run(
        [sys.executable, "-m", "idkb", *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def checksum(path: Path) -> str:
    """A digest of every row of every table, to prove a database did not change."""
    import hashlib

    digest = hashlib.sha256()
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            digest.update(table.encode())
            # Sorted in Python: some tables (the search index's) have no rowid to order by.
            for line in sorted(repr(row) for row in conn.execute(f"SELECT * FROM {table}")):
                digest.update(line.encode())
    finally:
        conn.close()
    return digest.hexdigest()


def checksums(path: Path) -> dict[str, str]:
    """A digest of every table's rows (sorted), to show data are exactly as before."""
    import hashlib
    from contextlib import closing

    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")]
        sums = {}
        for table in tables:
            digest = hashlib.sha256()
            for row in sorted(repr(tuple(r)) for r in conn.execute(f'SELECT * FROM "{table}"')):
                digest.update(row.encode())
            sums[table] = digest.hexdigest()
    return sums


HOSTILE_TEXT = "\x1b[31mred\x1b[0m [bold]b[/bold] [link=http://e.vil]click[/link] \u202eevil\x07"


def big_db(seed_db: Path, target: Path, copies: int) -> Path:
    """The seed with every event copied `copies` times (new ids, same citations): a database
    large enough that output overflows a pipe and a build takes a while."""
    import shutil
    from contextlib import closing

    shutil.copy(seed_db, target)
    with closing(sqlite3.connect(target)) as conn, conn:
        conn.execute("CREATE TEMP TABLE n AS WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL "
                     f"SELECT i + 1 FROM c WHERE i < {copies}) SELECT i FROM c")
        for table, key in (("events", "id"), ("event_participants", "event_id"),
                           ("event_sources", "event_id")):
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            picks = ", ".join(f"{c} || '-' || n.i" if c == key else f't."{c}"' for c in cols)
            conn.execute(f"INSERT INTO {table} SELECT {picks} FROM {table} t, n")
    return target


def statement_row(start: str | None = None, end: str | None = None, as_of: str | None = None,
                  predicate: str = "head_of", value: str | None = None) -> dict[str, Any]:
    """A statement as the status rules read it from the database: notations and their
    earliest and latest days."""
    from idkb.core import dates

    row: dict[str, Any] = {"predicate": predicate, "value": value,
                           "start": start, "end": end, "as_of": as_of}
    for field, notation in (("start", start), ("end", end), ("as_of", as_of)):
        span = dates.parse(notation) if notation else None
        row[f"{field}_earliest"] = span.earliest if span else None
        row[f"{field}_latest"] = span.latest if span else None
    return row

