"""Shared fixtures. Every test gets its own idkb data folder (IDKB_HOME) in a temporary
directory, so no test ever touches a real user's data; CLI tests run the installed entry point
in a subprocess, exactly as a user would."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from idkb import db

# Fuzzing: the default suite tries a modest number of cases; `make fuzz` selects the "fuzz"
# profile (bigger batches, repeated for IDKB_FUZZ_SECONDS, see tests/test_fuzz.py).
settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile("fuzz", max_examples=300, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@dataclass
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def idkb_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "idkb-home"
    monkeypatch.setenv("IDKB_HOME", str(home))
    monkeypatch.delenv("IDKB_DB", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database built from the bundled seed, shared by the read-only tests."""
    path = tmp_path_factory.mktemp("seed") / "idkb.db"
    db.rebuild(path)
    return path


def invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
           timeout: float = 60) -> Result:
    """Run `python -m idkb ARGS` in a subprocess and capture what a user would see."""
    proc = subprocess.run(
        [sys.executable, "-m", "idkb", *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def run(seed_db: Path) -> Run:
    """Run idkb against the shared seed database."""

    def _run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
        return invoke(*args, stdin=stdin, env={"IDKB_DB": str(seed_db), **(env or {})})

    return _run


def checksum(path: Path) -> str:
    """A digest of every row of every table, to prove a database did not change."""
    import hashlib
    import sqlite3

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


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run idkb in this process (fast, for many small cases); same Result as `invoke`."""
    from idkb import cli as entry

    def _cli(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
        import io

        old = sys.stdin
        if stdin is not None:
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
        try:
            code = entry.run(list(args))
        finally:
            sys.stdin = old
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _cli


def checksums(path: Path) -> dict[str, str]:
    """A digest of every table's rows (sorted), to show data are exactly as before."""
    import hashlib
    import sqlite3
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
    import sqlite3
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


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How many fuzz cases ran, per property (the figure `make fuzz` reports)."""
    fuzz = sys.modules.get("tests.test_fuzz")
    cases = getattr(fuzz, "CASES", None)
    if cases:
        total = sum(cases.values())
        parts = ", ".join(f"{name} {n:,}" for name, n in sorted(cases.items()))
        terminalreporter.write_line(f"fuzz cases run: {total:,} ({parts})")


@pytest.fixture
def conn(seed_db: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the shared seed database, for query-level tests."""
    c = sqlite3.connect(f"file:{seed_db}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    yield c
    c.close()
