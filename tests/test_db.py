"""Opening, building and rebuilding the database; faults give exit code 3 and lose nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from idkb.core.errors import DatabaseProblem
from idkb.load import database
from idkb.store import connection, records, schema
from tests.helpers import invoke


def test_a_build_is_stamped_with_the_schema_version_reads_expect(tmp_path: Path) -> None:
    database.rebuild(tmp_path / "kb.db")
    with closing(sqlite3.connect(tmp_path / "kb.db")) as conn:
        stamp = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert int(stamp[0]) == schema.SCHEMA_VERSION


def test_build_is_complete_and_stamped(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    database.rebuild(path)
    conn = sqlite3.connect(path)
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    assert meta["seed_sha256"] == connection.seed_sha256()
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] >= 18


def test_failed_build_leaves_nothing_behind(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(conn: sqlite3.Connection) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(records, "check_references", explode)
    with pytest.raises(RuntimeError):
        database.rebuild(tmp_path / "kb.db")
    assert list(tmp_path.iterdir()) == []


def test_changed_seed_is_refreshed(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    database.rebuild(path)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'seed_sha256'")
    conn2 = database.connect(str(path))
    assert conn2.execute("SELECT value FROM meta WHERE key = 'seed_sha256'").fetchone()[0] == (
        connection.seed_sha256())


def test_reads_are_read_only(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    conn = database.connect(str(path))
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM events")


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    database.rebuild(path)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem, match="newer idkb"):
        database.connect(str(path))
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"this is not a database" * 100, b"SQLite format 3\x00"])
def test_garbage_file_gives_exit_3_and_is_kept(tmp_path: Path, content: bytes) -> None:
    # Not recognisably idkb's: no advice to rebuild it (that would replace someone's file).
    path = tmp_path / "kb.db"
    path.write_bytes(content)
    result = invoke("person", "Song Tao", "--db", str(path))
    assert result.code == 3
    assert str(path) in result.err and "not an idkb database" in result.err
    assert "rebuild" not in result.err
    assert "Traceback" not in result.err
    assert path.read_bytes() == content


def test_a_folder_instead_of_a_file(tmp_path: Path) -> None:
    result = invoke("sources", "--db", str(tmp_path))
    assert result.code == 3 and "folder" in result.err


def test_unwritable_location(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke("sources", "--db", str(blocker / "sub" / "kb.db"))
    assert result.code == 3 and "cannot create" in result.err


def test_rebuild_moves_the_old_file_aside(seed_db: Path, tmp_path: Path) -> None:
    # A damaged idkb database (its header still says idkb) is replaced and kept aside.
    path = tmp_path / "kb.db"
    damaged = seed_db.read_bytes()[:8192]
    path.write_bytes(damaged)
    result = invoke("db", "rebuild", "--db", str(path))
    assert result.code == 0, result.err
    backups = list(tmp_path.glob("kb.db.bak-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == damaged
    assert invoke("person", "Song Tao", "--db", str(path)).code == 0


# --- faults: truncated files, a full disk, a read-only folder ---------------------------------

import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
from collections.abc import Iterator  # noqa: E402

from tests.helpers import checksums  # noqa: E402


def test_a_truncated_file_gives_exit_3_and_is_kept(seed_db: Path, tmp_path: Path) -> None:
    whole = seed_db.read_bytes()
    path = tmp_path / "kb.db"
    path.write_bytes(whole[: len(whole) // 2])
    for args in (("person", "Song Tao"), ("events",), ("sources",), ("search", "song"),
                 ("db", "check")):
        result = invoke(*args, "--db", str(path))
        assert result.code == 3, (args, result)
        assert str(path) in result.err and "Traceback" not in result.err
        assert path.read_bytes() == whole[: len(whole) // 2]


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Callable[[int], Path]]:
    """A tiny file system of its own (tmpfs; needs root, as in CI), to fill up."""
    mounted: list[Path] = []

    def make(kib: int) -> Path:
        if os.geteuid() != 0 or not shutil.which("mount"):
            pytest.skip("mounting a small file system needs root")
        where = tmp_path / f"disk{len(mounted)}"
        where.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(where)],
                              capture_output=True)
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(where)
        return where

    yield make
    for where in mounted:
        subprocess.run(["umount", str(where)], check=False)


def test_first_run_on_a_full_disk(disk: Callable[[int], Path]) -> None:
    home = disk(128) / "home"
    result = invoke("sources", env={"IDKB_HOME": str(home)})
    assert result.code == 3
    assert f"{home / 'idkb.db'}" in result.err and "disk is full" in result.err
    assert "free some space" in result.err and "Traceback" not in result.err
    # Only the writer lock (never deleted, as removing a lock file races with its next user).
    assert not (home / "idkb.db").exists() and [p.name for p in home.iterdir()] in (
        [], ["idkb.db.lock"])


@pytest.mark.parametrize("args", [("sources",), ("db", "rebuild")])
def test_refresh_or_rebuild_on_a_full_disk_keeps_the_old_file(
        disk: Callable[[int], Path], seed_db: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    old = tmp_path / "old.db"
    shutil.copy(seed_db, old)
    with closing(sqlite3.connect(old)) as conn, conn:
        conn.execute("UPDATE meta SET value = 'older seed' WHERE key = 'seed_sha256'")
    before = checksums(old)
    home = disk(seed_db.stat().st_size // 1024 + 120) / "home"
    home.mkdir()
    shutil.copy(old, home / "idkb.db")
    result = invoke(*args, env={"IDKB_HOME": str(home)})
    assert result.code == 3, result
    assert str(home / "idkb.db") in result.err and "disk is full" in result.err
    assert checksums(home / "idkb.db") == before  # exactly as it was
    assert {p.name for p in home.iterdir()} <= {"idkb.db", "idkb.db-wal", "idkb.db-shm",
                                                "idkb.db.lock"}


def test_a_read_only_data_folder(disk: Callable[[int], Path], tmp_path: Path) -> None:
    ro = disk(64)
    subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
    result = invoke("sources", env={"IDKB_HOME": str(ro / "home")})
    assert result.code == 3 and str(ro / "home" / "idkb.db") in result.err
    assert "writable" in result.err and "Traceback" not in result.err


def test_a_missing_data_folder_is_made(tmp_path: Path) -> None:
    home = tmp_path / "not" / "there" / "yet"
    assert invoke("sources", env={"IDKB_HOME": str(home)}).code == 0
    assert (home / "idkb.db").exists()


def test_seed_hash_is_remembered_by_size_and_time(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kb.db"
    database.connect(str(path)).close()
    database.connect(str(path)).close()  # the first open after a build remembers the check
    hashed: list[bool] = []
    real = connection.seed_sha256

    def counting() -> str:
        hashed.append(True)
        return real()

    monkeypatch.setattr(connection, "seed_sha256", counting)
    database.connect(str(path)).close()
    assert hashed == []
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE meta SET value = '1:2:x' WHERE key = 'seed_checked'")
    database.connect(str(path)).close()
    assert hashed == [True]


def test_a_finished_build_never_replaces_a_database_that_appeared_meanwhile(
        tmp_path: Path) -> None:
    # Two first runs race: the second build must not replace the first's file (which may
    # already hold a load).
    target, build = tmp_path / "kb.db", tmp_path / "build.db"
    target.write_bytes(b"the first build, with a load in it")
    build.write_bytes(b"a second build")
    records._place(build, target)
    assert target.read_bytes() == b"the first build, with a load in it"
    fresh = tmp_path / "fresh.db"
    records._place(build, fresh)
    assert fresh.read_bytes() == b"a second build"


def test_a_mistyped_db_folder_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "kb.db"
    result = invoke("person", "Song Tao", "--db", str(missing))
    assert result.code == 3 and "does not exist" in result.err
    assert not missing.parent.exists()
