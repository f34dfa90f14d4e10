"""Big loads: secondary indexes and full-text triggers set aside while the rows go in, and
built again after them.

Keeping a dozen indexes in step row by row, with keys in no useful order, was most of a big
load's cost; building each index once from the finished table is a sort, several times
cheaper. The same holds for the full-text indexes: the triggers that keep `events_fts`,
`entities_fts` and `search_index_fts` in step cost about 15 µs a row (three times the insert
itself), while FTS5's 'rebuild' reads the finished table in one pass (about 1.2 s for a million
events). Everything is dropped and created inside the load's transaction, so a load that fails
or is interrupted leaves the database exactly as it was.
"""

from __future__ import annotations

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
