"""`idkb sql`: read-only queries; every write, ATTACH and writing PRAGMA is refused and changes
nothing; a runaway query stops at its time limit."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from pathlib import Path

import pytest

from idkb.cli import main
from idkb.core.errors import BadInput, TimedOut
from idkb.store import readonly_sql
from tests.helpers import Run, checksums, invoke

REFUSED = [
    "INSERT INTO meta VALUES ('a', 'b')",
    "UPDATE entities SET name = 'x'",
    "DELETE FROM events",
    "DROP TABLE events",
    "CREATE TABLE t (x)",
    "CREATE TEMP TABLE t (x)",
    "CREATE VIEW v AS SELECT 1",
    "CREATE INDEX i ON events(title)",
    "ALTER TABLE meta ADD COLUMN x",
    "WITH x AS (SELECT 1) DELETE FROM events",
    "REPLACE INTO meta VALUES ('schema_version', '9')",
    "ATTACH 'other.db' AS other",
    "DETACH main",
    "VACUUM",
    "VACUUM INTO 'copy.db'",
    "REINDEX",
    "ANALYZE",
    "BEGIN",
    "SAVEPOINT s",
    "PRAGMA query_only = OFF",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA user_version = 7",
    "PRAGMA writable_schema = 1",
    "PRAGMA foreign_keys = OFF",
    "SELECT load_extension('x')",
    "UPDATE sqlite_master SET sql = ''",
    "SELECT 1; DELETE FROM events",
]


def test_a_query_in_every_format(run: Run) -> None:
    q = "SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY type"
    as_json = json.loads(run("sql", q, "--json").out)
    assert as_json[0].keys() == {"type", "n"} and sum(r["n"] for r in as_json) >= 18
    lines = run("sql", q, "--format", "jsonl").out.splitlines()
    assert [json.loads(line) for line in lines] == as_json
    rows = list(csv.DictReader(io.StringIO(run("sql", q, "--format", "csv").out)))
    assert [r["type"] for r in rows] == [r["type"] for r in as_json]
    table = run("sql", q)
    assert table.code == 0 and f"{len(as_json)} row(s)" in table.out and "meeting" in table.out


@pytest.mark.parametrize("query", [
    "PRAGMA table_info(events)", "SELECT * FROM pragma_table_info('events')",
    "SELECT value FROM json_each('[1, 2]')", "PRAGMA integrity_check", "PRAGMA user_version",
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5) "
    "SELECT x FROM c", "VALUES (1), (2)",
])
def test_reading_queries_and_pragmas_work(run: Run, query: str) -> None:
    result = run("sql", query, "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)


def test_writes_are_refused_and_change_nothing(seed_db: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Every refused statement through the entry function in this process (fast), and a few
    through a real `idkb` process too."""
    monkeypatch.chdir(tmp_path)  # where 'copy.db' or 'other.db' would appear
    before = checksums(seed_db)
    files = set(seed_db.parent.iterdir())
    for query in REFUSED:
        assert main.run(["sql", query, "--db", str(seed_db)]) == 2, query
        out, err = capsys.readouterr()
        assert err.startswith("idkb: ") and err.count("\n") == 1 and out == "", query
    for query in REFUSED[::9]:
        result = invoke("sql", query, "--db", str(seed_db))
        assert result.code == 2 and "Traceback" not in result.err and result.out == ""
    assert checksums(seed_db) == before
    assert set(seed_db.parent.iterdir()) <= files | {Path(f"{seed_db}-wal"),
                                                     Path(f"{seed_db}-shm")}
    assert list(tmp_path.iterdir()) == []


def test_refusals_say_what_and_why(run: Run) -> None:
    assert "refused: DELETE statements" in run("sql", "DELETE FROM events").err
    assert "refused: PRAGMA query_only = OFF" in run("sql", "PRAGMA query_only=OFF").err
    assert "refused: ATTACH" in run("sql", "ATTACH 'x.db' AS x").err
    assert "load_extension" in run("sql", "SELECT load_extension('x')").err
    assert "read-only" in run("sql", "DROP TABLE events").err


def test_runaway_query_stops_at_the_time_limit(run: Run) -> None:
    forever = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
               "SELECT count(*) FROM c")
    result = run("sql", forever, "--timeout", "0.5")
    assert result.code == 4
    assert "longer than 0.5 seconds" in result.err and "--timeout" in result.err


@pytest.mark.parametrize("query,message", [
    ("SELEC 1", "syntax error"), ("SELECT * FROM nowhere", "no such table"), ("", "no rows"),
    ("/* only a comment */", "no rows"),
])
def test_bad_sql_is_exit_2_with_sqlites_reason(run: Run, query: str, message: str) -> None:
    result = run("sql", query)
    assert result.code == 2 and message in result.err and "Traceback" not in result.err


def test_odd_values_become_valid_json(run: Run) -> None:
    row = json.loads(run("sql", "SELECT 1 AS a, 2 AS a, x'00ff' AS b, 1e999 AS c, "
                            "char(27) || '[31m' AS d", "--json").out)[0]
    assert row == {"a": 1, "a_2": 2, "b": "x'00ff'", "c": "inf", "d": "\x1b[31m"}
    table = run("sql", "SELECT char(27) || '[31mred' AS d").out
    assert "\x1b" not in table and "\\x1b[31mred" in table


def test_empty_result_keeps_the_csv_header(run: Run) -> None:
    result = run("sql", "SELECT id, title FROM events WHERE 0", "--format", "csv")
    assert (result.code, result.out) == (0, "id,title\n")


def test_nul_and_paths_that_look_like_uri_syntax(tmp_path: Path, seed_db: Path) -> None:
    with pytest.raises(BadInput, match="NUL"):
        readonly_sql.run(seed_db, "SELECT 1\x00; DROP TABLE events", 5)
    odd = tmp_path / "a?mode=rw#x.db"
    odd.write_bytes(seed_db.read_bytes())
    assert next(readonly_sql.run(odd, "SELECT count(*) AS n FROM events", 5).rows)["n"] >= 18
    with pytest.raises(BadInput, match="refused"):
        readonly_sql.run(odd, "DELETE FROM events", 5)
    with pytest.raises(TimedOut):
        readonly_sql.run(odd, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                         "SELECT count(*) FROM c", 0.05)


def test_streamed_rows_are_byte_for_byte_the_whole_list(run: Run, seed_db: Path) -> None:
    # Every name (Chinese ones too) a few times over: more rows than one batch.
    q = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20) " \
        "SELECT c.x, n.entity_id, n.name, n.lang, NULL AS empty, 0.5 AS half " \
        "FROM c, entity_names n ORDER BY c.x, n.entity_id, n.position"
    with sqlite3.connect(seed_db) as conn:
        cursor = conn.execute(q)
        names = [c[0] for c in cursor.description]
        expected = [dict(zip(names, r, strict=True)) for r in cursor]
    assert len(expected) > readonly_sql.FETCH  # more than one batch is read
    assert run("sql", q, "--json").out == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    assert run("sql", q, "--format", "jsonl").out == "".join(
        json.dumps(r, ensure_ascii=False) + "\n" for r in expected)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([names, *([r[n] for n in names] for r in expected)])
    assert run("sql", q, "--format", "csv").out == out.getvalue()
    assert f"{len(expected)} row(s)" in run("sql", q).out


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_time_limit_after_rows_keeps_whole_lines_then_exit_4(run: Run, fmt: str) -> None:
    """Rows already written stay; each is a whole line, and the message says how many came."""
    # Each row takes SQLite longer than the one before: the first come quickly, then one
    # runs past the limit.
    query = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 60) "
             "SELECT x, (WITH RECURSIVE d(y) AS (SELECT 1 UNION ALL SELECT y + 1 FROM d "
             "WHERE y < x * x * x * 2000) SELECT count(*) FROM d) AS n FROM c")
    result = run("sql", query, "--timeout", "0.3", "--format", fmt)
    assert result.code == 4 and "longer than 0.3 seconds" in result.err
    assert result.out.endswith("\n")
    lines = result.out.splitlines()
    if fmt == "csv":
        assert lines[0] == "x,n"
        lines = lines[1:]
    rows = [json.loads(x) if fmt == "jsonl" else dict(zip(("x", "n"), map(int, x.split(",")),
                                                          strict=True)) for x in lines]
    assert rows and len(rows) < 60
    assert rows == [{"x": x, "n": x * x * x * 2000} for x in range(1, len(rows) + 1)]
    assert f"stopped after {len(rows)} row" in result.err


def test_time_limit_after_rows_leaves_a_json_array_open(run: Run) -> None:
    query = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 60) "
             "SELECT x, (WITH RECURSIVE d(y) AS (SELECT 1 UNION ALL SELECT y + 1 FROM d "
             "WHERE y < x * x * x * 2000) SELECT count(*) FROM d) AS n FROM c")
    result = run("sql", query, "--timeout", "0.3", "--json")
    assert result.code == 4 and result.out.startswith('[\n  {\n    "x": 1,')
    with pytest.raises(json.JSONDecodeError):  # nothing takes it for a whole answer
        json.loads(result.out)
    assert json.loads(result.out + "]")[0] == {"x": 1, "n": 2000}


def test_time_spent_writing_rows_does_not_count(seed_db: Path) -> None:
    """The limit is on SQLite's work: a slow reader of the rows does not use it up."""
    result = readonly_sql.run(seed_db, "SELECT id FROM events", 0.2)
    first = next(result.rows)
    time.sleep(0.3)
    assert [first, *result.rows][0] == first
