"""Opening, building and rebuilding the database; faults give exit code 3 and lose nothing."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from idkb import db, store
from idkb.errors import DatabaseProblem
from tests.conftest import invoke


def test_schema_versions_agree() -> None:
    assert db.SCHEMA_VERSION == store.SCHEMA_VERSION


def test_build_is_complete_and_stamped(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    db.rebuild(path)
    conn = sqlite3.connect(path)
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    assert meta["seed_sha256"] == db.seed_sha256()
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] >= 18


def test_failed_build_leaves_nothing_behind(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(conn: sqlite3.Connection) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(store, "check_references", explode)
    with pytest.raises(RuntimeError):
        db.rebuild(tmp_path / "kb.db")
    assert list(tmp_path.iterdir()) == []


def test_changed_seed_is_refreshed(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    db.rebuild(path)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'seed_sha256'")
    conn2 = db.connect(str(path))
    assert conn2.execute("SELECT value FROM meta WHERE key = 'seed_sha256'").fetchone()[0] == (
        db.seed_sha256())


def test_reads_are_read_only(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    conn = db.connect(str(path))
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM events")


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    db.rebuild(path)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem, match="newer idkb"):
        db.connect(str(path))
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"this is not a database" * 100, b"SQLite format 3\x00"])
def test_garbage_file_gives_exit_3_and_is_kept(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "kb.db"
    path.write_bytes(content)
    result = invoke("person", "Song Tao", "--db", str(path))
    assert result.code == 3
    assert str(path) in result.err and "idkb db rebuild" in result.err
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


def test_rebuild_moves_the_old_file_aside(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    path.write_bytes(b"garbage")
    result = invoke("db", "rebuild", "--db", str(path))
    assert result.code == 0, result.err
    backups = list(tmp_path.glob("kb.db.bak-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == b"garbage"
    assert invoke("person", "Song Tao", "--db", str(path)).code == 0
