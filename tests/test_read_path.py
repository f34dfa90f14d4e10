"""The read commands start on the standard library: the load format's models (pydantic),
sqlite-utils, typer and rich are imported only by the commands that need them. A real process,
since the question is what a fresh interpreter imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pydantic", "sqlite_utils", "typer", "rich", "msgspec")
PROBE = ("import sys, atexit\n"
         "atexit.register(lambda: print('IMPORTED', *sorted(m for m in {heavy!r} "
         "if m in sys.modules), file=sys.stderr))\n"
         "from idkb.cli.main import main\n"
         "sys.argv = ['idkb', *{args!r}]\n"
         "main()\n")


@pytest.mark.parametrize("args", [
    ("person", "Song Tao", "--json"),
    ("events", "--year", "2021", "--json"),
    ("events", "--year", "2021", "--format", "csv"),
    ("timeline", "Song Tao", "--json"),
    ("search", "Song Tao", "--json"),
])
def test_a_read_command_imports_nothing_heavy(seed_db: Path, args: tuple[str, ...]) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY, args=args)],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "IDKB_DB": str(seed_db)})
    assert proc.returncode == 0, proc.stderr
    imported = proc.stderr.strip().splitlines()[-1].split()
    assert imported == ["IMPORTED"]
