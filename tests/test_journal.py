"""A big load writes with a rollback journal when it has the database to itself, and leaves the
write-ahead log in place afterwards, whether it loaded, failed or was killed."""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from idkb.store import bulk, records
from tests.helpers import Run
from tests.test_load import contacts, write


def _mode(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def dbfile(tmp_path: Path) -> Path:
    return tmp_path / "kb.db"


@pytest.fixture
def modes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The journal mode each load's inserts ran in (a big load is pretended)."""
    seen: list[str] = []
    insert = records.insert_tables

    def spy(conn: sqlite3.Connection, rows: Any) -> None:
        seen.append(conn.execute("PRAGMA journal_mode").fetchone()[0])
        insert(conn, rows)

    monkeypatch.setattr(records, "insert_tables", spy)
    monkeypatch.setattr(bulk, "is_big", lambda *_: True)
    return seen


def _first(cli: Run, dbfile: Path, modes: list[str]) -> None:
    """Build the database (its inserts are not the load's). A read command run in this
    process leaves its connection to the garbage collector (a process of its own would have
    ended), and an open connection would count as a reader."""
    assert cli("datasets", "--db", str(dbfile)).code == 0
    gc.collect()
    modes.clear()


def test_a_big_load_alone_uses_a_rollback_journal_then_the_wal_again(
        tmp_path: Path, dbfile: Path, cli: Run, modes: list[str]) -> None:
    _first(cli, dbfile, modes)
    loaded = cli("load", str(write(tmp_path / "mine.json", contacts())), "--db", str(dbfile))
    assert loaded.code == 0, loaded.err
    assert modes and set(modes) == {"delete"}
    assert _mode(dbfile) == "wal"
    assert cli("events", "--with", "Party of contacts", "--json", "--db", str(dbfile)).code == 0


def test_a_failed_big_load_leaves_the_wal(tmp_path: Path, dbfile: Path, cli: Run,
                                          modes: list[str]) -> None:
    _first(cli, dbfile, modes)
    broken = contacts("broken")
    broken["events"][1]["participants"][0]["entity"] = "nobody-at-all"
    failed = cli("load", str(write(tmp_path / "broken.json", broken)), "--db", str(dbfile))
    assert failed.code == 2 and "no entity with id 'nobody-at-all'" in failed.err
    assert _mode(dbfile) == "wal"


def test_with_a_reader_open_a_big_load_keeps_the_wal(tmp_path: Path, dbfile: Path, cli: Run,
                                                     modes: list[str]) -> None:
    _first(cli, dbfile, modes)
    reader = sqlite3.connect(dbfile)
    try:
        assert reader.execute("SELECT count(*) FROM events").fetchone()[0] > 0
        loaded = cli("load", str(write(tmp_path / "mine.json", contacts())), "--db",
                     str(dbfile))
        assert loaded.code == 0, loaded.err
        assert modes and set(modes) == {"wal"}
        # The reader was never held up: it still reads, and sees the load once committed.
        assert reader.execute("SELECT count(*) FROM events WHERE dataset = 'contacts'"
                              ).fetchone()[0] == 2
    finally:
        reader.close()


def test_the_next_write_puts_back_the_wal_a_killed_big_load_left_off(
        tmp_path: Path, dbfile: Path, cli: Run) -> None:
    _first(cli, dbfile, [])
    conn = sqlite3.connect(dbfile)
    assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    conn.close()
    assert cli("events", "--json", "--db", str(dbfile)).code == 0  # reading is unaffected
    assert _mode(dbfile) == "delete"
    loaded = cli("load", str(write(tmp_path / "mine.json", contacts())), "--db", str(dbfile))
    assert loaded.code == 0, loaded.err  # a small load, which never leaves the WAL itself
    assert _mode(dbfile) == "wal"
