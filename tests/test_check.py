"""`idkb db check`: SQLite's integrity check and idkb's consistency rules, read-only."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from idkb.core.errors import DatabaseProblem
from idkb.store import check
from tests.helpers import checksums, invoke


@pytest.fixture
def copy(seed_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "kb.db"
    shutil.copy(seed_db, path)
    return path


def spoil(path: Path, sql: str) -> None:
    """Damage the data behind idkb's back, as a hand edit or another tool might."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executescript(sql)


def test_a_fresh_database_passes(copy: Path) -> None:
    result = invoke("db", "check", "--db", str(copy))
    assert result.code == 0, result.err
    assert "FAILED" not in result.out and result.out.count("ok") >= 9
    findings = json.loads(invoke("db", "check", "--db", str(copy), "--json").out)
    assert all(f["ok"] for f in findings)


@pytest.mark.parametrize("sql,check_name,text", [
    ("DELETE FROM event_sources WHERE event_id = 'cpusa-meeting-2021'",
     "every event cites a source", "event cpusa-meeting-2021 cites no source"),
    ("DELETE FROM statement_sources WHERE statement_id = "
     "(SELECT min(id) FROM statements)", "every statement cites a source", "cites no source"),
    ("UPDATE statements SET start_earliest = '2000-01-01', end_latest = '1999-01-01' "
     "WHERE id = (SELECT min(id) FROM statements)", "no statement ends before it starts",
     "before it starts"),
    ("UPDATE events SET earliest = '2022-01-01', latest = '2021-01-01' "
     "WHERE id = 'cpusa-meeting-2021'", "no event ends before it starts", "cpusa-meeting-2021"),
    ("UPDATE event_participants SET entity_id = 'nobody' WHERE rowid = 1",
     "event participants are known entities", "unknown participant nobody"),
    ("UPDATE statement_sources SET source_id = 'nowhere' WHERE rowid = 1",
     "citations name known sources", "unknown source nowhere"),
    ("UPDATE statements SET subject = 'ghost' WHERE rowid = 1",
     "statements name known entities", "unknown entity ghost"),
    ("UPDATE events SET dataset = 'lost' WHERE rowid = 1",
     "every record belongs to a dataset", "unknown dataset lost"),
])
def test_each_rule_finds_its_problem(copy: Path, sql: str, check_name: str, text: str) -> None:
    spoil(copy, sql)
    before = checksums(copy)
    result = invoke("db", "check", "--db", str(copy))
    assert result.code == 3
    assert f"FAILED  {check_name}" in result.out and text in result.out
    assert "problem(s) found" in result.err and str(copy) in result.err
    assert checksums(copy) == before  # checking changes nothing


def test_many_problems_are_counted_not_all_listed(copy: Path) -> None:
    spoil(copy, "DELETE FROM event_sources")
    findings = {f.check: f for f in check.run(copy)}
    cited = findings["every event cites a source"]
    assert cited.count >= 18 and len(cited.problems) == check.MAX_LISTED
    assert f"and {cited.count - check.MAX_LISTED} more" in invoke(
        "db", "check", "--db", str(copy)).out


def test_damaged_pages_fail_the_integrity_check(copy: Path) -> None:
    with closing(sqlite3.connect(copy)) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'events_type'")
        page = root.fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(copy.read_bytes())
    data[(page - 1) * size + 3 : (page - 1) * size + 5] = b"\xff\xff"  # an impossible cell count
    copy.write_bytes(bytes(data))
    result = invoke("db", "check", "--db", str(copy))
    assert result.code == 3 and str(copy) in result.err and "Traceback" not in result.err
    assert "FAILED  SQLite integrity check" in result.out and "Page" in result.out


def test_missing_and_garbage_files(tmp_path: Path) -> None:
    with pytest.raises(DatabaseProblem, match="no database yet"):
        check.run(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()  # checking does not build
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite" * 500)
    result = invoke("db", "check", "--db", str(junk))
    assert result.code == 3 and str(junk) in result.err
    assert junk.read_bytes() == b"not sqlite" * 500
