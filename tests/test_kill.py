"""A load killed mid-way (SIGKILL, no chance to clean up) leaves the database exactly as it was."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from idkb.core import paths
from tests.helpers import checksum, invoke


def _big_file(path: Path, events: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"record": "dataset", "name": "big"}) + "\n")
        f.write(json.dumps({"record": "source", "id": "big-notes", "title": "Notes",
                            "kind": "other"}) + "\n")
        for i in range(events):
            f.write(json.dumps({
                "record": "event", "id": f"big-{i:06d}", "type": "meeting",
                "title": f"Meeting number {i}", "date": f"{2000 + i % 20}-{1 + i % 12:02d}",
                "participants": [{"entity": "international-department", "role": "host"}],
                "sources": [{"source": "big-notes", "locator": f"row {i}"}]}) + "\n")


def test_sigkill_mid_load_changes_nothing(tmp_path: Path) -> None:
    dbfile = tmp_path / "kb.db"
    assert invoke("datasets", "--db", str(dbfile)).code == 0
    before = checksum(dbfile)
    big = tmp_path / "big.jsonl"
    _big_file(big, 100_000)
    proc = subprocess.Popen([sys.executable, "-m", "idkb", "load", str(big), "--db",
                             str(dbfile)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ})
    wal = Path(f"{dbfile}-wal")
    started = time.monotonic()
    while time.monotonic() < started + 120 and proc.poll() is None:
        # Records are being written: they reach the WAL, or (a bulk load holds them in its
        # page cache until the commit) the load has been reading and inserting for a while.
        if (wal.exists() and wal.stat().st_size > 2_000_000) or time.monotonic() > started + 1.5:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the load finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    conn = sqlite3.connect(dbfile)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert checksum(dbfile) == before
    folder = paths.datasets_dir(dbfile)
    assert not folder.exists() or not list(folder.glob("*.jsonl"))
    listed = invoke("datasets", "--json", "--db", str(dbfile))
    assert listed.code == 0 and [d["name"] for d in json.loads(listed.out)] == ["seed"]
