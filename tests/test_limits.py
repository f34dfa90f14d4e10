"""Limits idkb enforces, each with a clear message: numbers, nesting, sizes, time and memory of
`idkb sql`, search words, the range of years; and the smaller faults of issue 18."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from idkb.core import dates
from tests.helpers import Run, invoke
from tests.test_load import contacts, write


def _statement_with(value: str) -> str:
    return ('{"idkb": 1, "sources": [{"id": "n-src", "title": "T", "kind": "other"}], '
            '"statements": [{"id": "n-count", "subject": "international-department", '
            f'"predicate": "count", "value": {value}, '
            '"sources": [{"source": "n-src", "locator": "p. 1"}]}]}')


@pytest.mark.parametrize("value", ["1e400", "-1e400", "100000000000000000000000000000",
                                   "-9223372036854775809"])
def test_numbers_the_store_cannot_hold_are_refused_at_load(tmp_path: Path, cli: Run,
                                                           value: str) -> None:
    f = tmp_path / "n.json"
    f.write_text(_statement_with(value))
    result = cli("load", str(f), "--db", str(tmp_path / "kb.db"))
    assert result.code == 2, result
    assert "value" in result.err and "Traceback" not in result.err
    assert cli("db", "rebuild", "--db", str(tmp_path / "kb.db")).code == 0


@pytest.mark.parametrize("value", ["1e400", "-1e400"])  # NaN: not JSON, refused when read
def test_attributes_that_json_cannot_write_back_are_refused(tmp_path: Path, cli: Run,
                                                            value: str) -> None:
    """The database would hold them, but the kept copy and the export would write null."""
    f = tmp_path / "a.jsonl"
    f.write_text('{"record": "source", "id": "a-src", "title": "T", "kind": "other"}\n'
                 '{"record": "event", "id": "a-1", "type": "meeting", "title": "T", "date": '
                 f'"2021", "attributes": {{"size": 1.5, "x": {value}}}, '
                 '"sources": [{"source": "a-src", "locator": "1"}]}\n', encoding="utf-8")
    result = cli("load", str(f), "--db", str(tmp_path / "kb.db"))
    assert result.code == 2, result
    assert "a.jsonl:2: attributes: attribute 'x' is" in result.err
    assert "not a finite number" in result.err and result.err.count("\n") == 2


def test_the_largest_integers_round_trip(tmp_path: Path, cli: Run) -> None:
    db = tmp_path / "kb.db"
    f = tmp_path / "n.json"
    f.write_text(_statement_with("9223372036854775807"))
    assert cli("load", str(f), "--db", str(db)).code == 0
    out = cli("export", "--dataset", "n", "--format", "jsonl", "--db", str(db)).out
    assert json.loads(out.splitlines()[-1])["value"] == 2**63 - 1
    assert cli("db", "rebuild", "--db", str(db)).code == 0


@pytest.mark.parametrize("suffix", ["json", "jsonl"])
def test_json_nested_too_deeply_is_a_problem_not_a_traceback(tmp_path: Path, cli: Run,
                                                             suffix: str) -> None:
    deep = "[" * 5000 + "]" * 5000
    text = (f'{{"idkb": 1, "sources": [{deep}]}}' if suffix == "json"
            else f'{{"record": "source", "id": {deep}}}\n')
    f = tmp_path / f"deep.{suffix}"
    f.write_text(text)
    result = cli("load", str(f), "--db", str(tmp_path / "kb.db"))
    assert result.code == 2 and "nested too deeply" in result.err, result


@pytest.mark.parametrize("args", [("events", "--limit", "99999999999999999999"),
                                  ("search", "song", "--limit", "99999999999999999999")])
def test_a_huge_limit_is_refused_as_usage(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.code == 2 and "Traceback" not in result.err, result


def test_an_unwritable_kept_folder_gives_a_message(tmp_path: Path, cli: Run) -> None:
    db = tmp_path / "kb.db"
    assert cli("sources", "--db", str(db)).code == 0
    (tmp_path / "kb.db.datasets").write_text("a file where the kept folder goes")
    result = cli("load", str(write(tmp_path / "mine.json", contacts())), "--db", str(db))
    assert result.code == 3 and "kb.db.datasets" in result.err and "Traceback" not in result.err
    assert "nothing was changed" in result.err
    assert cli("datasets", "--db", str(db), "--json").out.count('"name"') == 1  # seed only


def test_a_schema_version_that_is_not_a_number(tmp_path: Path, cli: Run) -> None:
    import sqlite3
    from contextlib import closing

    db = tmp_path / "kb.db"
    assert cli("sources", "--db", str(db)).code == 0
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE meta SET value = 'three' WHERE key = 'schema_version'")
    result = cli("sources", "--db", str(db))
    assert result.code == 3 and "'three'" in result.err and "Traceback" not in result.err


# --- idkb sql: time and memory --------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT length(randomblob(1e9))",
    "SELECT length(replace(replace(hex(zeroblob(1e6)), '0', '0000000000'), '0', "
    "'0000000000'))",
    "SELECT zeroblob(1e8)",
])
def test_sql_bounds_the_size_of_one_value(run: Run, query: str) -> None:
    started = time.monotonic()
    result = run("sql", query, "--timeout", "1", "--format", "csv")
    assert result.code == 2 and "too large" in result.err, result
    assert time.monotonic() - started < 5


def test_sql_stops_an_endless_query_on_wall_time(run: Run) -> None:
    started = time.monotonic()
    result = run("sql", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                        "SELECT max(length(printf('%.*c', 100000, 'x'))) FROM c",
                 "--timeout", "0.5")
    assert result.code == 4, result
    assert time.monotonic() - started < 4


@pytest.mark.parametrize("timeout", ["nan", "inf", "0", "-1"])
def test_sql_refuses_a_timeout_that_is_no_bound(run: Run, timeout: str) -> None:
    result = run("sql", "SELECT 1", "--timeout", timeout)
    assert result.code == 2 and "Traceback" not in result.err, result


def test_sql_says_so_when_nothing_matches(run: Run) -> None:
    result = run("sql", "SELECT id, name FROM entities WHERE 0")
    assert result.code == 0 and "0 row(s)" in result.out and "id, name" in result.out


# --- reading is linear; sizes are bounded ---------------------------------------------------

@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_one_huge_line_is_reported_as_too_large_quickly(tmp_path: Path, cli: Run,
                                                        suffix: str) -> None:
    f = tmp_path / f"big.{suffix}"
    with f.open("w") as out:
        out.write('{"record": "source", "id": "' if suffix == "jsonl" else "id,kind,name\n")
        out.write("x" * 40_000_000)
    started = time.monotonic()
    result = cli("load", str(f), "--db", str(tmp_path / "kb.db"))
    assert result.code == 2 and "longer than" in result.err, result
    assert time.monotonic() - started < 10


def test_a_record_over_the_size_limit_is_too_large_not_malformed(tmp_path: Path,
                                                                  cli: Run) -> None:
    aliases = [{"name": f"a{i}"} for i in range(1_000_000)]
    data = {"idkb": 1, "entities": [{"id": "e", "kind": "party", "name": "n",
                                     "aliases": aliases}]}
    f = write(tmp_path / "aliases.json", data)
    result = cli("load", str(f), "--db", str(tmp_path / "kb.db"))
    assert result.code == 2 and "larger than" in result.err and "malformed" not in result.err


def test_a_device_is_refused_not_read_forever(tmp_path: Path) -> None:
    result = invoke("load", "/dev/zero", "--db", str(tmp_path / "kb.db"), timeout=30)
    assert result.code == 2 and "not a file" in result.err, result


def test_search_refuses_too_many_words(run: Run) -> None:
    started = time.monotonic()
    result = run("search", " ".join(f"w{i}" for i in range(4000)))
    assert result.code == 2 and "at most 64 words" in result.err
    assert time.monotonic() - started < 5
    assert run("search", " ".join(["song"] * 64)).code in (0, 1)


# --- dates ----------------------------------------------------------------------------------

@pytest.mark.parametrize("notation", ["-0001", "-0500", "Y170000002", "Y-20000"])
def test_years_outside_0000_to_9999_are_refused(notation: str) -> None:
    with pytest.raises(ValueError, match="0000 to 9999"):
        dates.parse(notation)


@pytest.mark.parametrize(("notation", "earliest", "latest"), [
    ("2021/", "2021-01-01", None), ("/2021", None, "2021-12-31"),
    ("2021/..", "2021-01-01", None), ("../2021", None, "2021-12-31")])
def test_open_intervals_stay_open(notation: str, earliest: str | None,
                                  latest: str | None) -> None:
    span = dates.parse(notation)
    assert (span.earliest, span.latest) == (earliest, latest)


def test_stats_by_year_never_counts_an_out_of_range_year(tmp_path: Path, cli: Run) -> None:
    data: dict[str, Any] = contacts()
    data["events"][0]["date"] = "Y170000002"
    result = cli("load", str(write(tmp_path / "y.json", data)), "--db",
                 str(tmp_path / "kb.db"))
    assert result.code == 2 and "0000 to 9999" in result.err


# --- smaller ones ---------------------------------------------------------------------------

def test_an_invalid_record_still_has_its_dangling_references_reported(tmp_path: Path,
                                                                      cli: Run) -> None:
    data = contacts()
    data["events"][0]["type"] = "Not A Type!"
    data["events"][0]["participants"][1]["entity"] = "nobody-at-all"
    result = cli("validate", str(write(tmp_path / "bad.json", data)), "--db",
                 str(tmp_path / "kb.db"))
    assert result.code == 2
    assert "events[0].type" in result.err and "'nobody-at-all'" in result.err


@pytest.mark.parametrize("command", ["person", "show", "party", "timeline", "related",
                                     "search"])
def test_undecodable_bytes_get_one_exit_code(tmp_path: Path, command: str) -> None:
    import os
    import subprocess
    import sys

    proc = subprocess.run([os.fsencode(sys.executable), b"-m", b"idkb", command.encode(),
                           b"\xff\xfe", b"--db", os.fsencode(tmp_path / "kb.db")],
                          capture_output=True)
    assert proc.returncode == 2 and b"not valid UTF-8" in proc.stderr, proc


def test_mermaid_labels_are_text_not_html(tmp_path: Path, cli: Run) -> None:
    data = contacts()
    data["entities"][0]["name"] = 'Party <img src=x onerror=alert(1)> & "co" #1'
    db = tmp_path / "kb.db"
    assert cli("load", str(write(tmp_path / "m.json", data)), "--db", str(db)).code == 0
    out = cli("graph", "--around", "contacts-party", "--format", "mermaid", "--db",
              str(db)).out
    assert "<img" not in out and "#lt;img src=x onerror=alert(1)#gt; #amp; #quot;co#quot;" \
        " #35;1" in out


def test_a_locked_load_names_the_file(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "kb.db"
    assert invoke("sources", "--db", str(db)).code == 0
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program writing, outside idkb's lock
    try:
        f = write(tmp_path / "mine.json", contacts())
        result = invoke("load", str(f), "--db", str(db), env={"IDKB_LOCK_WAIT": "0.2"},
                        timeout=120)
    finally:
        blocker.rollback()
        blocker.close()
    assert result.code == 3 and str(db) in result.err and "nothing was changed" in result.err
    assert json.loads(invoke("datasets", "--json", "--db", str(db)).out)[-1]["name"] == "seed"


@pytest.mark.parametrize(("error", "words"), [
    (RecursionError, "nested too deeply"), (MemoryError, "out of memory"),
    (OverflowError, "too large")])
def test_the_last_line_of_defence_gives_one_line(capsys: pytest.CaptureFixture[str],
                                                 error: type[Exception], words: str) -> None:
    from idkb.cli.boundary import guarded

    def fail() -> None:
        raise error("deep inside")

    assert guarded(fail) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and err.startswith("idkb: ")
