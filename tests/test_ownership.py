"""Never destroy what is not ours: `db rebuild` replaces only idkb's own database, under the
writers' lock, built beside it and swapped in; dataset names never reach outside the kept folder.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from idkb.load import database
from tests.helpers import Run, checksums, invoke
from tests.test_load import contacts, write


def _untouched(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert not list(path.parent.glob(f"{path.name}.bak-*"))


@pytest.mark.parametrize("content", [b"root:x:0:0:root:/root:/bin/bash\n", b""])
def test_rebuild_refuses_a_file_that_is_not_an_idkb_database(
        tmp_path: Path, cli: Run, content: bytes) -> None:
    victim = tmp_path / "passwd"
    victim.write_bytes(content)
    result = cli("db", "rebuild", "--db", str(victim))
    assert result.code == 3, result
    assert "this is not an idkb database; choose another --db" in result.err
    _untouched(victim, content)


def test_rebuild_refuses_a_foreign_sqlite_database(tmp_path: Path, cli: Run) -> None:
    other = tmp_path / "app.sqlite"
    with closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('owner', 'someone else')")
    before = other.read_bytes()
    result = cli("db", "rebuild", "--db", str(other))
    assert result.code == 3 and "not an idkb database" in result.err
    _untouched(other, before)


def test_rebuild_refuses_folders_and_pipes(tmp_path: Path, cli: Run) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (folder, fifo):
        result = cli("db", "rebuild", "--db", str(target))
        assert result.code == 3 and "not a regular file" in result.err, result
    assert folder.is_dir() and fifo.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "pipe"]


def test_a_symlink_onto_a_foreign_file_is_not_followed(tmp_path: Path, cli: Run) -> None:
    victim = tmp_path / "notes.txt"
    victim.write_text("my notes\n")
    link = tmp_path / "kb.db"
    link.symlink_to(victim)
    result = cli("db", "rebuild", "--db", str(link))
    assert result.code == 3 and "not an idkb database" in result.err
    assert victim.read_text() == "my notes\n" and link.is_symlink()


def test_rebuild_through_a_symlink_keeps_the_link(tmp_path: Path, cli: Run) -> None:
    real = tmp_path / "store" / "real.db"
    real.parent.mkdir()
    database.rebuild(real)
    link = tmp_path / "kb.db"
    link.symlink_to(real)
    result = cli("db", "rebuild", "--db", str(link))
    assert result.code == 0, result
    assert link.is_symlink() and link.resolve() == real
    assert len(list(real.parent.glob("real.db.bak-*"))) == 1
    assert cli("person", "Song Tao", "--db", str(link)).code == 0


def test_a_foreign_file_is_not_advised_for_rebuilding(tmp_path: Path, cli: Run) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n" * 200)
    result = cli("sources", "--db", str(notes))
    assert result.code == 3 and "not an idkb database" in result.err
    assert "rebuild" not in result.err


def test_a_damaged_idkb_database_is_recognised_by_its_header(seed_db: Path,
                                                             tmp_path: Path) -> None:
    damaged = tmp_path / "kb.db"
    damaged.write_bytes(seed_db.read_bytes()[:4096] + b"\x00" * 4096)
    result = invoke("sources", "--db", str(damaged))
    assert result.code == 3 and "idkb db rebuild" in result.err
    assert invoke("db", "rebuild", "--db", str(damaged)).code == 0
    assert invoke("person", "Song Tao", "--db", str(damaged)).code == 0


# --- dataset names ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["a/b", "/../../x", "..", ".hidden", "a\\b", "x" * 121, ""])
def test_a_dataset_name_that_is_not_a_slug_is_refused_before_anything(
        tmp_path: Path, cli: Run, name: str) -> None:
    db = tmp_path / "kb.db"
    f = write(tmp_path / "mine.json", contacts())
    assert cli("sources", "--db", str(db)).code == 0
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = cli("load", str(f), "--name", name, "--db", str(db))
    assert result.code == 2, result
    assert "not a usable dataset name" in result.err and "Traceback" not in result.err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert cli("unload", name, "--db", str(db)).code == 2


def test_a_planted_change_list_cannot_reach_outside_the_kept_folder(
        tmp_path: Path, cli: Run) -> None:
    db = tmp_path / "kb.db"
    assert cli("load", str(write(tmp_path / "mine.json", contacts())), "--db",
               str(db)).code == 0
    kept = tmp_path / "kb.db.datasets"
    victims = [tmp_path / "victim.jsonl", tmp_path / "other.txt"]
    for v in victims:
        v.write_text("precious\n")
    with closing(sqlite3.connect(db)) as conn:
        txid = conn.execute("SELECT value FROM meta WHERE key = 'kept_txn'").fetchone()[0]
    (kept / f".txn-{txid}.json").write_text(json.dumps({
        "txid": txid, "rename": [["../other.txt", "../moved.txt"]],
        "delete": ["../victim.jsonl", str(victims[0])]}))
    result = cli("load", str(write(tmp_path / "two.json", contacts("two"))), "--db", str(db))
    assert result.code == 0, result
    assert all(v.read_text() == "precious\n" for v in victims)
    assert not (tmp_path / "moved.txt").exists()
    assert cli("db", "check", "--db", str(db)).code == 0


# --- the writers' lock ----------------------------------------------------------------------

HOLD = """
import sys, time
from pathlib import Path
from idkb.store import writer_lock
with writer_lock.held(Path(sys.argv[1]), "load"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_rebuild_takes_the_writers_lock_and_gives_up_with_a_message(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    database.rebuild(db)
    before = checksums(db)
    holder = _hold_lock(db, 5)
    try:
        result = invoke("db", "rebuild", "--db", str(db), env={"IDKB_LOCK_WAIT": "0.5"})
    finally:
        holder.kill()
        holder.wait()
    assert result.code == 3, result
    assert "waiting for idkb load" in result.err and "gave up after 0.5 s" in result.err
    assert "run 'idkb db rebuild'" not in result.err
    assert checksums(db) == before and not list(tmp_path.glob("kb.db.bak-*"))


def test_rebuild_waits_for_a_load_to_finish(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    database.rebuild(db)
    holder = _hold_lock(db, 1.0)
    started = time.monotonic()
    result = invoke("db", "rebuild", "--db", str(db))
    holder.wait()
    assert result.code == 0, result
    assert time.monotonic() - started >= 0.8 and "waiting for" in result.err


def test_db_check_compares_the_database_with_the_kept_copies(tmp_path: Path, cli: Run) -> None:
    db = tmp_path / "kb.db"
    assert cli("load", str(write(tmp_path / "mine.json", contacts())), "--db",
               str(db)).code == 0
    assert cli("db", "check", "--db", str(db)).code == 0
    kept = tmp_path / "kb.db.datasets" / "contacts.jsonl"
    lines = kept.read_text().splitlines(keepends=True)
    kept.write_text("".join(line for line in lines if "contacts-meeting-1" not in line))
    result = cli("db", "check", "--db", str(db))
    assert result.code == 3
    assert "kept copies agree" in result.out and "only in the database" in result.out
    kept.unlink()
    assert "has no kept copy" in cli("db", "check", "--db", str(db)).out


# --- a killed rebuild -----------------------------------------------------------------------

@pytest.mark.parametrize("after", [0.0, 0.05, 0.2])
def test_a_killed_rebuild_leaves_the_old_database_in_place(tmp_path: Path, after: float) -> None:
    db = tmp_path / "kb.db"
    assert invoke("db", "rebuild", "--db", str(db)).code == 0
    with closing(sqlite3.connect(db)) as conn, conn:  # marks the old database
        conn.execute("UPDATE entities SET summary = 'old' WHERE id = 'song-tao'")
    before = checksums(db)
    proc = subprocess.Popen([sys.executable, "-m", "idkb", "db", "rebuild", "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".idkb-build-*")) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.001)
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert db.exists()
    if checksums(db) != before:  # the kill came after the swap: the new database is whole
        assert invoke("db", "check", "--db", str(db)).code == 0
        return
    shown = invoke("person", "Song Tao", "--json", "--db", str(db))
    assert json.loads(shown.out)["summary"] == "old"  # the old database, not a new build
    assert checksums(db) == before


def test_leftovers_of_killed_runs_are_cleaned_by_the_next_writer(tmp_path: Path,
                                                                 cli: Run) -> None:
    import tempfile

    db = tmp_path / "kb.db"
    assert cli("load", str(write(tmp_path / "mine.json", contacts())), "--db",
               str(db)).code == 0
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    spool = Path(tempfile.gettempdir()) / f"idkb-stdin-{gone.stdout.strip()}-abc123"
    build = tmp_path / ".idkb-build-kb.db-abc123.db"
    half = tmp_path / "kb.db.datasets" / ".contacts.0123456789abcdef.tmp"
    for stale in (spool, build, half):
        stale.write_text("left by a killed run")
    mine = tmp_path / ".idkb-build-other.db-abc123.db"  # another database's build: not ours
    mine.write_text("someone else's")
    assert cli("db", "rebuild", "--db", str(db)).code == 0
    assert not spool.exists() and not build.exists() and not half.exists()
    assert mine.exists()


def test_db_check_never_advises_rebuilding_a_foreign_file(tmp_path: Path, cli: Run) -> None:
    other = tmp_path / "app.sqlite"
    with closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE things (id INTEGER)")
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n" * 500)
    for target in (other, notes):
        result = cli("db", "check", "--db", str(target))
        assert result.code == 3 and "not an idkb database" in result.err, result
        assert "rebuild" not in result.err


def test_a_symlink_and_its_target_share_one_writer_lock(tmp_path: Path) -> None:
    from idkb.store import writer_lock

    real = tmp_path / "real.db"
    database.rebuild(real)
    link = tmp_path / "kb.db"
    link.symlink_to(real)
    assert writer_lock.lock_path(link) == writer_lock.lock_path(real)
    holder = _hold_lock(real, 5)
    try:
        result = invoke("db", "rebuild", "--db", str(link), env={"IDKB_LOCK_WAIT": "0.3"})
    finally:
        holder.kill()
        holder.wait()
    assert result.code == 3 and "locked by" in result.err
