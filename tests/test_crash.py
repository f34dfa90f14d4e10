"""SIGKILL at the worst moment: during the first-run build, a seed refresh, a load. The next
command works and the data are exactly as before the killed command (real processes, no test
hooks: the kill lands once the build's file appears beside the database, or once the process
starts writing to the database's WAL)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.helpers import checksums, invoke

STAMPED = {"meta", "datasets"}  # hold build times, so differ between two good builds


def start(home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "idkb", "sources", "--json"],
                            env={**os.environ, "IDKB_HOME": str(home)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_when(proc: subprocess.Popen[bytes], started: Callable[[], bool], after: float) -> bool:
    """SIGKILL `proc` `after` seconds once `started()` holds; False if it finished first."""
    deadline = time.monotonic() + 60
    while not started():
        if proc.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return proc.returncode == -signal.SIGKILL


def kill_mid_build(proc: subprocess.Popen[bytes], folder: Path, after: float) -> bool:
    """SIGKILL `proc` `after` seconds into its build."""
    return kill_when(proc, lambda: bool(list(folder.glob(".idkb-build-*"))), after)


def content(path: Path) -> dict[str, str]:
    """Every table but the build stamps and the full-text indexes' internal segments (their
    layout depends on the order of writes; the indexed rows are compared as the tables they
    index: `search_index`, `events`, `entities`)."""
    return {t: s for t, s in checksums(path).items()
            if t not in STAMPED and not t.endswith(FTS_SHADOWS)}


FTS_SHADOWS = ("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")


@pytest.mark.parametrize("after", [0.0, 0.05, 0.15, 0.3])
def test_kill_during_the_first_run_build(tmp_path: Path, seed_db: Path, after: float) -> None:
    home = tmp_path / "home"
    home.mkdir()
    proc = start(home)
    killed = kill_mid_build(proc, home, after)
    target = home / "idkb.db"
    assert killed or after > 0  # the build takes far longer than the first moments
    if killed and target.exists():
        # The kill landed after the finished build was put in place: it must be complete.
        assert content(target) == content(seed_db)
    result = invoke("sources", "--json", env={"IDKB_HOME": str(home)})
    assert result.code == 0, result.err
    assert content(target) == content(seed_db)
    assert invoke("db", "check", env={"IDKB_HOME": str(home)}).code == 0


def kill_mid_write(proc: subprocess.Popen[bytes], db: Path, after: float) -> bool:
    """SIGKILL `proc` `after` seconds after it starts writing to the database's WAL."""
    wal = Path(f"{db}-wal")
    return kill_when(proc, lambda: wal.exists() and wal.stat().st_size > 0, after)


@pytest.mark.parametrize("after", [0.0, 0.1, 0.25])
def test_kill_during_a_seed_refresh(tmp_path: Path, seed_db: Path, after: float) -> None:
    """The refresh replaces the seed in one transaction: killed, it leaves the data exactly
    as before (or, if the kill came after the commit, exactly as refreshed: never a mix)."""
    home = tmp_path / "home"
    home.mkdir()
    target = home / "idkb.db"
    shutil.copy(seed_db, target)
    with closing(sqlite3.connect(target)) as conn, conn:
        conn.execute("UPDATE meta SET value = 'older seed' WHERE key = 'seed_sha256'")
        conn.execute("UPDATE entities SET summary = 'as the older seed said' "
                     "WHERE id = 'song-tao'")
    with closing(sqlite3.connect(target)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # an empty WAL: growth means writing
    before = checksums(target)
    proc = start(home)
    killed = kill_mid_write(proc, target, after)
    assert killed or after > 0
    now = checksums(target)
    # Killed inside the transaction: exactly as before; after the commit: exactly as refreshed.
    # (How far the refresh got depends on the machine's speed, so either may be seen.)
    assert now == before or content(target) == content(seed_db)
    result = invoke("show", "song-tao", "--json", env={"IDKB_HOME": str(home)})
    assert result.code == 0, result.err
    assert content(target) == content(seed_db)  # the next command finished the refresh
