"""Big loads: secondary indexes and full-text triggers set aside while the rows go in, and
built again after them.

Keeping a dozen indexes in step row by row, with keys in no useful order, was most of a big
load's cost; building each index once from the finished table is a sort, several times
cheaper. The same holds for the full-text indexes: the triggers that keep `events_fts`,
`entities_fts` and `search_index_fts` in step cost about 15 µs a row (three times the insert
itself), while FTS5's 'rebuild' reads the finished table in one pass (about 1.2 s for a million
events). Everything is dropped and created inside the load's transaction, so a load that fails
or is interrupted leaves the database exactly as it was.

A big load also writes with a rollback journal instead of the write-ahead log when no other
connection has the database open (`alone`). In WAL mode every page is written twice, to the
log and then, at the commit's checkpoint, to the file: 3.7 s of a million events' 41 s. With a
rollback journal, pages beyond the old end of the file are written once and the journal holds
only the few old pages the load changes. Readers that open the database during such a load
wait for it (and say it is busy after their timeout) instead of reading the state before it;
`share` puts the write-ahead log back when the load ends, and every later write does too, so a
killed load (SQLite rolls its journal back on the next open) leaves no lasting change.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field

# A load this big (bytes of input), and at least a quarter of the database's size, is a big
# one; smaller loads keep the indexes (rebuilding them would cost more than it saves).
BIG_BYTES = 16 << 20
RECORD_TABLES = ("sources", "entities", "entity_names", "statements", "statement_sources",
                 "events", "event_participants", "event_sources")
# Tables whose triggers keep a full-text index in step (idkb.store.search_index).
INDEXED_TABLES = ("entities", "events", "search_index")


def is_big(load_bytes: int, db_bytes: int) -> bool:
    return load_bytes >= BIG_BYTES and load_bytes * 4 >= db_bytes


def alone(conn: sqlite3.Connection) -> bool:
    """Write this connection's big load with a rollback journal, if no other connection has
    the database open (SQLite refuses the switch at once then: the load keeps the WAL).
    Call before the transaction begins."""
    try:
        return bool(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete")
    except sqlite3.OperationalError:  # "database is locked": somebody is reading
        return False


def share(conn: sqlite3.Connection) -> None:
    """Back to the write-ahead log, in which readers go on during a write (outside any
    transaction; a reader that holds the database keeps it as it is until the next write)."""
    with contextlib.suppress(sqlite3.Error):  # a busy or damaged file: the next write tries
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")


@dataclass
class SetAside:
    """What a big load dropped: the statements that create it again."""

    indexes: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.indexes or self.triggers)


def _drop(conn: sqlite3.Connection, kind: str, tables: tuple[str, ...]) -> list[str]:
    marks = ", ".join("?" * len(tables))
    found = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT "
                         f"NULL AND tbl_name IN ({marks}) ORDER BY name",
                         (kind, *tables)).fetchall()
    for name, _ in found:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    return [sql for _, sql in found]


def drop_triggers(conn: sqlite3.Connection, tables: tuple[str, ...]) -> list[str]:
    """Drop the triggers on these tables; return the statements that create them again."""
    return _drop(conn, "trigger", tables)


def set_aside(conn: sqlite3.Connection) -> SetAside:
    """Drop the record tables' secondary indexes and the full-text triggers."""
    return SetAside(_drop(conn, "index", RECORD_TABLES), drop_triggers(conn, INDEXED_TABLES))


SORT_CACHE_KB = 16384


def rebuild_indexes(conn: sqlite3.Connection, aside: SetAside) -> None:
    """Build the indexes again. SQLite sorts each in memory up to the size of the page cache
    before it spills to temporary files; with the load's 64 MB cache that sort buffer came on
    top of the cache itself, so a big load's peak memory grew with its size. A smaller cache
    while sorting keeps the peak flat."""
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{SORT_CACHE_KB}")
    try:
        for sql in aside.indexes:
            conn.execute(sql)
    finally:
        conn.execute(f"PRAGMA cache_size = {cache}")
    aside.indexes = []


def rebuild_full_text(conn: sqlite3.Connection, aside: SetAside) -> None:
    """Fill every full-text index from its table again and put its triggers back (call it
    after the search documents are refreshed)."""
    if not aside.triggers:
        return
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE "
        "'CREATE VIRTUAL TABLE%USING FTS5%' ORDER BY name")]
    for table in tables:
        conn.execute(f'INSERT INTO "{table}" ("{table}") VALUES (\'rebuild\')')
    for sql in aside.triggers:
        conn.execute(sql)
    aside.triggers = []
