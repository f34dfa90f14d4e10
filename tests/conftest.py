"""Shared fixtures. Every test gets its own idkb data folder (IDKB_HOME) in a temporary
directory, so no test ever touches a real user's data. Command-line tests run idkb in this
process (`run`, `cli`); those that need a real process (pipes, signals, start-up, the installed
entry point, concurrency) use `helpers.invoke`."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from idkb.load import database
from tests.helpers import Result, Run, in_process

# Fuzzing: the default suite tries a modest number of cases; `make fuzz` selects the "fuzz"
# profile (bigger batches, repeated for IDKB_FUZZ_SECONDS, see tests/test_fuzz.py).
settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile("fuzz", max_examples=300, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))




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
    database.rebuild(path)
    return path


@pytest.fixture(scope="session")
def synth_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed plus a small synthetic dataset (bench/synth.py: 4,000 events over 2,500
    entities), for counts the seed is too small to test; shared by read-only tests."""
    from bench import synth

    folder = tmp_path_factory.mktemp("synth")
    data = folder / "synthetic.jsonl"
    with data.open("w", encoding="utf-8") as out:
        synth.write(out, entities_n=2500, events_n=4000, seed=7)
    path = folder / "idkb.db"
    result = in_process("load", str(data), "--db", str(path),
                        env={"IDKB_HOME": str(folder / "home")})
    assert result.code == 0, result.err
    return path
















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


@pytest.fixture
def run(seed_db: Path) -> Run:
    """Run idkb in this process against the shared seed database."""

    def _run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
        return in_process(*args, stdin=stdin, env={"IDKB_DB": str(seed_db), **(env or {})})

    return _run


@pytest.fixture
def cli() -> Run:
    """Run idkb in this process with the test's own data folder."""
    return in_process


@pytest.fixture(scope="module")
def facts(synth_db: Path) -> Any:
    """The synthetic database's counts, read from its raw tables apart from idkb's queries."""
    from tests.research import Facts

    return Facts.read(synth_db)


@pytest.fixture
def idkb(synth_db: Path) -> Run:
    """Run idkb in this process against the shared synthetic database."""

    def call(*args: str) -> Result:
        return in_process(*args, env={"IDKB_DB": str(synth_db)})

    return call
