"""Running a user's own SQL without letting it change anything or run forever.

Three independent locks, so a gap in one is covered by the others: the file is opened through a
`mode=ro` URI (SQLite itself refuses to write), `PRAGMA query_only` is on, and an authorizer
allows only reading: SELECT, reading tables and functions, CTEs and a list of read-only PRAGMAs.
ATTACH, DETACH, every write, schema change, transaction and extension load is refused. A
progress handler stops a query that runs past its time limit.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from idkb.core.errors import BadInput, DatabaseProblem, TimedOut

# PRAGMAs that only report; any argument they take names a table or index.
READ_PRAGMAS = frozenset({
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",
    "collation_list", "function_list", "pragma_list", "module_list", "database_list",
    "compile_options",
})
# PRAGMAs that read a setting when given no value, and change it when given one.
SETTING_PRAGMAS = frozenset({
    "user_version", "schema_version", "application_id", "page_count", "page_size",
    "freelist_count", "encoding", "journal_mode", "data_version", "foreign_keys",
    "query_only",
})
_READ_ACTIONS = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE})
_DENIED_FUNCTIONS = frozenset({"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"})
# Authorizer action codes share their numbers with result codes in the sqlite3 module, so the
# names the messages use are listed here.
_ACTION_NAMES = {
    1: "CREATE INDEX", 2: "CREATE TABLE", 3: "CREATE TEMP INDEX", 4: "CREATE TEMP TABLE",
    5: "CREATE TEMP TRIGGER", 6: "CREATE TEMP VIEW", 7: "CREATE TRIGGER", 8: "CREATE VIEW",
    9: "DELETE FROM", 10: "DROP INDEX", 11: "DROP TABLE", 12: "DROP TEMP INDEX",
    13: "DROP TEMP TABLE", 14: "DROP TEMP TRIGGER", 15: "DROP TEMP VIEW", 16: "DROP TRIGGER",
    17: "DROP VIEW", 18: "INSERT INTO", 22: "transaction", 23: "UPDATE", 24: "ATTACH",
    25: "DETACH", 26: "ALTER TABLE", 27: "REINDEX", 28: "ANALYZE", 29: "CREATE VIRTUAL TABLE",
    30: "DROP VIRTUAL TABLE", 32: "SAVEPOINT",
}
PROGRESS_STEPS = 1000  # virtual-machine steps between clock checks: a few microseconds
# Bounds on one query, so one expensive call cannot run far past --timeout or take the
# machine's memory: no string or blob over MAX_VALUE_BYTES (SQLite's max_length), at most
# MAX_HEAP_BYTES of SQLite memory (hard_heap_limit), at most MAX_ROWS rows in a table (the
# other formats stream their rows).
MAX_VALUE_BYTES = 16 * 1024 * 1024
MAX_HEAP_BYTES = 512 * 1024 * 1024
MAX_ROWS = 2_000_000
MAX_TIMEOUT = 86400.0


@dataclass
class Guard:
    """The authorizer and the clock for one connection; remembers why it stopped a query."""

    timeout: float
    refused: str | None = None
    deadline: float = field(default=math.inf)
    timed_out: bool = False
    left: float = 0.0  # seconds of the limit not used yet, while the clock is stopped

    def authorize(self, action: int, arg1: str | None, arg2: str | None, db_name: str | None,
                  trigger: str | None) -> int:
        if action in _READ_ACTIONS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() not in _DENIED_FUNCTIONS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA:
            name = (arg1 or "").lower()
            if name in READ_PRAGMAS or (name in SETTING_PRAGMAS and arg2 is None):
                return sqlite3.SQLITE_OK
            self._refuse(f"PRAGMA {name}" + (f" = {arg2}" if arg2 is not None else ""))
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master" and trigger is None \
                and self.refused is None and db_name == "main":
            # SQLite asks this while setting up a table-valued function (json_each,
            # pragma_table_info); a real write to the schema is still stopped by mode=ro.
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_FUNCTION:
            self._refuse(f"the function {arg2}()")
        else:
            self._refuse(_ACTION_NAMES.get(action, "a change") + (f" {arg1}" if arg1 else ""))
        return sqlite3.SQLITE_DENY

    def _refuse(self, what: str) -> None:
        if self.refused is None:  # the first refusal is the one the user wrote
            self.refused = what

    def pause(self) -> None:
        """Stop the clock while rows are written out: what is left of the time is kept."""
        self.left = self.deadline - time.monotonic()

    def resume(self) -> None:
        self.deadline = time.monotonic() + self.left

    def progress(self) -> int:
        if time.monotonic() > self.deadline:
            self.timed_out = True
            return 1  # non-zero makes SQLite abandon the statement ("interrupted")
        return 0


def uri(path: Path) -> str:
    """A read-only URI for `path`; quoting keeps '?' or '#' in a file name from being read as
    URI syntax."""
    return f"file:{quote(os.fsencode(path.resolve()))}?mode=ro"


def open_readonly(path: Path, guard: Guard) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(uri(path), uri=True, timeout=5, isolation_level=None)
        conn.execute("PRAGMA query_only = ON")
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    except sqlite3.Error as exc:
        raise DatabaseProblem(f"{path}: cannot open it read-only ({exc})") from None
    conn.set_authorizer(guard.authorize)
    conn.set_progress_handler(guard.progress, PROGRESS_STEPS)
    return conn


FETCH = 500  # rows read per step: memory stays flat however many the query returns


class Result(NamedTuple):
    """The columns, known before any row is read, and the rows as they are read (each a dict
    of JSON-ready values). Iterating runs the query; the connection closes at the end."""

    columns: list[str]
    rows: Iterator[dict[str, Any]]


def _names(description: Any) -> list[str]:
    """Column names, made unique ("id", "id_2") so every row can be a JSON object."""
    names: list[str] = []
    for col in description or ():
        name, n = str(col[0]), 2
        while name in names:
            name = f"{col[0]}_{n}"
            n += 1
        names.append(name)
    return names


def _value(value: object) -> object:
    """A cell as JSON can hold it: blobs as hex, infinities as text."""
    if isinstance(value, bytes):
        return "x'" + value.hex() + "'"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _check_timeout(timeout: float) -> None:
    if not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise BadInput(f"--timeout must be a number of seconds above 0 and at most "
                       f"{MAX_TIMEOUT:g} (got {timeout!r})")


def _heap_limit(limit: int) -> int:
    """Set SQLite's hard heap limit (process-wide, so set on a connection of its own and put
    back after the query); returns the one before."""
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        before = int(conn.execute("PRAGMA hard_heap_limit").fetchone()[0])
        conn.execute(f"PRAGMA hard_heap_limit = {int(limit)}")
    return before


def _watchdog(conn: sqlite3.Connection, guard: Guard, timeout: float) -> threading.Timer:
    """Interrupt the query on wall time, also inside one long step (a huge replace())."""
    def stop() -> None:
        guard.timed_out = True
        conn.interrupt()

    timer = threading.Timer(timeout, stop)
    timer.daemon = True
    timer.start()
    return timer


def run(path: Path, query: str, timeout: float,
        params: dict[str, str] | None = None) -> Result:
    """Start one read-only statement, with named parameters (:name) if given; BadInput if
    refused or invalid, TimedOut past `timeout`.

    A statement SQLite refuses fails here, before any row is written. The rows come as they
    are read, so a query can still run out of time while its rows are being written: the
    clock counts only the time SQLite works (not the time spent writing rows out), and the
    TimedOut raised then says how many rows came before it."""
    if "\x00" in query:
        raise BadInput("the query contains a NUL character")
    _check_timeout(timeout)
    guard = Guard(timeout)
    conn = open_readonly(path, guard)
    heap = _heap_limit(MAX_HEAP_BYTES)
    timer = _watchdog(conn, guard, timeout)
    cleanup = _Cleanup(conn, timer, heap)
    try:
        guard.deadline = time.monotonic() + timeout
        cursor = conn.execute(query, params) if params else conn.execute(query)
        guard.pause()
        timer.cancel()
        columns = _names(cursor.description)
    except sqlite3.Warning as exc:  # several statements at once
        cleanup()
        raise BadInput(f"{exc}; run one query per call") from None
    except sqlite3.Error as exc:
        cleanup()
        raise _explain(guard, exc, query, timeout) from None
    except MemoryError:
        cleanup()
        raise BadInput("the query needs more memory than idkb sql allows; narrow it "
                       "(add LIMIT or select fewer columns)") from None
    if not columns:
        cleanup()
        raise BadInput("that statement returns no rows; idkb sql runs queries (SELECT, WITH, "
                       "read-only PRAGMA)")
    return Result(columns, _rows(cleanup, cursor, columns, guard, query))


class _Cleanup:
    """What a query holds until its last row is read: the connection, the watchdog, the heap
    limit (put back as it was)."""

    def __init__(self, conn: sqlite3.Connection, timer: threading.Timer, heap: int) -> None:
        self.conn, self.timer, self.heap = conn, timer, heap

    def __call__(self) -> None:
        self.timer.cancel()
        self.conn.close()
        _heap_limit(self.heap)


def _rows(cleanup: _Cleanup, cursor: sqlite3.Cursor, columns: list[str], guard: Guard,
          query: str) -> Iterator[dict[str, Any]]:
    done = 0
    try:
        while True:
            batch: list[tuple[Any, ...]] = []
            failed: BadInput | TimedOut | None = None
            guard.resume()
            # The watchdog, like the clock, runs only while SQLite works on the next rows.
            cleanup.timer = _watchdog(cleanup.conn, guard, max(guard.left, 0.001))
            try:
                for r in cursor:  # row by row: the rows read before a failure are kept
                    batch.append(r)
                    if len(batch) == FETCH:
                        break
            except sqlite3.Error as exc:
                failed = _explain(guard, exc, query, guard.timeout, done + len(batch))
            cleanup.timer.cancel()
            guard.pause()
            for r in batch:
                yield dict(zip(columns, map(_value, r), strict=True))
            done += len(batch)
            if failed is not None:
                raise failed
            if len(batch) < FETCH:
                return
    finally:
        cleanup()


def _leading_keyword(query: str) -> str:
    """The statement's first word, past comments: what the user asked SQLite to do."""
    text = re.sub(r"^(\s|--[^\n]*(\n|$)|/\*.*?(\*/|$))*", "", query, flags=re.DOTALL)
    word = re.match(r"[A-Za-z]+", text)
    return word.group().upper() if word else ""


def _explain(guard: Guard, exc: sqlite3.Error, query: str, timeout: float,
             written: int = 0) -> BadInput | TimedOut:
    if guard.timed_out:
        after = f" after {written:,} row{'s' if written != 1 else ''}" if written else ""
        return TimedOut(f"the query took longer than {timeout:g} seconds and was stopped"
                        f"{after}; narrow it or raise --timeout")
    if guard.refused or "not authorized" in str(exc) or "readonly" in str(exc):
        what = _leading_keyword(query)
        if what in ("SELECT", "WITH", "PRAGMA", "VALUES", "") and guard.refused:
            what = guard.refused
        elif what:
            what = f"{what} statements"
        return BadInput(f"refused: {what}; the knowledge base is read-only here "
                        "(use SELECT, WITH or a read-only PRAGMA; change data with idkb load)")
    if "bindings" in str(exc) or "binding parameter" in str(exc):
        return BadInput(f"SQL error: {str(exc).rstrip('.')}; give each :NAME a value with "
                        "-p NAME VALUE")
    if "too big" in str(exc) or "out of memory" in str(exc):
        return BadInput(f"the query makes a value or result too large ({exc}); idkb sql allows "
                        f"values up to {MAX_VALUE_BYTES // 2**20} MB and "
                        f"{MAX_HEAP_BYTES // 2**20} MB of working memory; narrow it")
    return BadInput(f"SQL error: {exc}")
