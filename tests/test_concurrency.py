"""Concurrency in WAL mode with real processes: readers keep working during a load and see the
state before it or after it, never half; two loads at once both end well (the second waits for
the first) or one says clearly why not; a first-run build from kept datasets survives SIGKILL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import invoke
from tests.test_kill import _big_file

N = 10_000


def big(path: Path, name: str, events: int = N) -> Path:
    """A large load file whose dataset and ids are `name`'s own."""
    _big_file(path, events)
    text = path.read_text(encoding="utf-8").replace('"big', f'"{name}')
    path.write_text(text, encoding="utf-8")
    return path


def load(file: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "idkb", "load", str(file), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def count(db: Path, name: str) -> int:
    result = invoke("sql", f"SELECT count(*) AS n FROM events WHERE dataset = '{name}'",
                    "--json", "--db", str(db))
    assert result.code == 0, result.err
    return int(json.loads(result.out)[0]["n"])


def test_readers_see_before_or_after_a_load_never_half(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    assert invoke("sources", "--db", str(db)).code == 0
    proc = load(big(tmp_path / "one.jsonl", "one"), db)
    seen = []
    while proc.poll() is None:
        seen.append(count(db, "one"))  # a real reader process each time
        listed = invoke("events", "--year", "2021", "--json", "--db", str(db))
        assert listed.code == 0 and json.loads(listed.out), listed.err
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert seen and set(seen) <= {0, N}, sorted(set(seen))
    assert count(db, "one") == N


def test_two_loads_at_once(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    assert invoke("sources", "--db", str(db)).code == 0
    first = load(big(tmp_path / "one.jsonl", "one"), db)
    time.sleep(0.3)
    second = load(big(tmp_path / "two.jsonl", "two"), db)
    results = {name: (p, *p.communicate(timeout=300)) for name, p in
               (("one", first), ("two", second))}
    for name, (proc, _, err) in results.items():
        assert "Traceback" not in err
        if proc.returncode == 0:
            assert count(db, name) == N  # it waited its turn and then ran in full
        else:  # or it gave up waiting, clearly, and wrote nothing
            assert proc.returncode == 3 and err.startswith("idkb: ") and "locked" in err
            assert count(db, name) == 0
    assert invoke("db", "check", "--db", str(db)).code == 0


@pytest.mark.parametrize("after", [0.2, 1.0])
def test_kill_during_a_first_run_build_from_kept_datasets(tmp_path: Path,
                                                          after: float) -> None:
    """A big dataset loaded, then the database lost: the next command rebuilds it from the
    kept file, a genuinely long build. Killed, it leaves nothing half-built; then it works."""
    home = tmp_path / "home"
    assert invoke("load", str(big(tmp_path / "one.jsonl", "one")),
                  env={"IDKB_HOME": str(home)}).code == 0
    (home / "idkb.db").unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{home / 'idkb.db'}{suffix}").unlink(missing_ok=True)
    proc = subprocess.Popen([sys.executable, "-m", "idkb", "sources"],
                            env={**os.environ, "IDKB_HOME": str(home)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not list(home.glob(".idkb-build-*")) and proc.poll() is None:
        time.sleep(0.002)
    time.sleep(after)
    killed = proc.poll() is None
    proc.kill()
    proc.wait()
    assert killed or after > 0.5  # a build of this size takes well over 0.2 s
    if killed and (home / "idkb.db").exists():
        # The kill came after the finished build was put in place: it must be whole.
        assert count(home / "idkb.db", "one") == N
    assert invoke("sources", env={"IDKB_HOME": str(home)}).code == 0
    assert count(home / "idkb.db", "one") == N
    assert invoke("db", "check", env={"IDKB_HOME": str(home)}).code == 0
