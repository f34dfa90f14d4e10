"""The one error boundary: whatever goes wrong, one line on stderr and a documented exit code."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from idkb.cli.actions import lookup
from tests.helpers import Run


def test_a_bug_is_one_line_and_exit_70_never_a_traceback(run: Run,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**params: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(lookup, "sources", broken)
    result = run("sources")
    assert result.code == 70
    assert result.err == ("idkb: internal error (ZeroDivisionError: division by zero); nothing "
                          "was changed. Please report it with the command line that caused it\n")


def test_an_empty_db_path_is_refused(run: Run) -> None:
    result = run("person", "Song Tao", "--db", "")
    assert result.code == 2
    assert result.err == "idkb: --db: the path is empty; name a database file\n"


def _closed(stream: str, *args: str, seed_db: Path) -> subprocess.CompletedProcess[str]:
    """Run idkb from a shell with stdin or stdout closed (`<&-`, `>&-`): Python then starts
    with sys.stdin or sys.stdout set to None."""
    words = " ".join(shlex.quote(w) for w in [sys.executable, "-m", "idkb", *args, "--db",
                                                str(seed_db)])
    line = f"{words} {'<&-' if stream == 'stdin' else '>&-'}"
    return subprocess.run(["bash", "-c", line], stdin=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
                          if stream == "stdout" else subprocess.PIPE, text=True, timeout=60)


def test_closed_stdout_is_a_message_not_a_traceback(seed_db: Path) -> None:
    proc = _closed("stdout", "person", "Song Tao", "--json", seed_db=seed_db)
    assert proc.returncode == 2
    assert proc.stderr == "idkb: standard output is closed; nothing can be written\n"


def test_closed_stdin_reads_as_empty(seed_db: Path) -> None:
    proc = _closed("stdin", "validate", "-", seed_db=seed_db)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("idkb: ") and proc.stderr.count("\n") <= 3
