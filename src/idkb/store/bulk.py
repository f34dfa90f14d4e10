"""Big loads: secondary indexes dropped while the rows go in, and built again after them.

Keeping a dozen indexes in step row by row, with keys in no useful order, was most of a big
load's cost; building each index once from the finished table is a sort, several times
cheaper. The indexes are dropped and created inside the load's transaction, so a load that
fails or is interrupted leaves them exactly as they were.
"""

from __future__ import annotations

import sqlite3

# A load this big (bytes of input), and at least a quarter of the database's size, is a big
# one; smaller loads keep the indexes (rebuilding them would cost more than it saves).
BIG_BYTES = 16 << 20
RECORD_TABLES = ("sources", "entities", "entity_names", "statements", "statement_sources",
                 "events", "event_participants", "event_sources")


def is_big(load_bytes: int, db_bytes: int) -> bool:
    return load_bytes >= BIG_BYTES and load_bytes * 4 >= db_bytes


def drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the record tables' secondary indexes; return the statements that rebuild them."""
    marks = ", ".join("?" * len(RECORD_TABLES))
    found = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                         f"sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY name",
                         RECORD_TABLES).fetchall()
    for name, _ in found:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in found]


SORT_CACHE_KB = 16384


def rebuild_indexes(conn: sqlite3.Connection, statements: list[str]) -> None:
    """Build the indexes again. SQLite sorts each in memory up to the size of the page cache
    before it spills to temporary files; with the load's 64 MB cache that sort buffer came on
    top of the cache itself, so a big load's peak memory grew with its size. A smaller cache
    while sorting keeps the peak flat."""
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{SORT_CACHE_KB}")
    try:
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.execute(f"PRAGMA cache_size = {cache}")
