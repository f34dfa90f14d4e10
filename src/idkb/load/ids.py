"""The ids of one load, kept in SQLite rather than in Python sets.

A load must know every id it has read so far (to refuse a duplicate, and to accept a reference
to a record earlier in the file). Python sets of a million ids took about 90 MB; a temporary
table keyed by (kind, id) holds them on SQLite's pages instead, so memory stays flat whatever
the size of the load. Lookups go a batch at a time; ids found once are remembered in a small
cache, since a few busy entities and sources are referred to again and again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from idkb.core.batches import batches, marks
from idkb.core.vocab import TABLES

HOT = 100_000  # ids remembered as present before the cache starts again


class LoadIds:
    def __init__(self, conn: sqlite3.Connection,
                 known: dict[str, set[str]] | None = None) -> None:
        self.conn = conn
        self.known = known or {}  # ids that count as present though not in the database yet
        self.hot: dict[str, set[str]] = {}  # by kind
        # `batch`: the number of the batch that read the id first.
        conn.execute("DROP TABLE IF EXISTS temp.load_ids")
        conn.execute("CREATE TEMP TABLE load_ids (kind TEXT NOT NULL, id TEXT NOT NULL, "
                     "batch INTEGER NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID")

    def add(self, keys: list[tuple[str, str]], batch: int) -> bool:
        """Record ids as read by batch number `batch`; True when every one was new (none read
        before, none twice among them): then there is no duplicate to look for."""
        cursor = self.conn.executemany("INSERT OR IGNORE INTO temp.load_ids VALUES (?, ?, ?)",
                                       [(kind, rid, batch) for kind, rid in keys])
        return cursor.rowcount == len(keys)

    def read(self, kind: str, ids: list[str], before: int | None = None) -> set[str]:
        """Which of `ids` this load has read already (in a batch before `before`, if given)."""
        found: set[str] = set()
        earlier = "" if before is None else f" AND batch < {int(before)}"
        for chunk in batches(ids):
            found.update(r[0] for r in self.conn.execute(
                f"SELECT id FROM temp.load_ids WHERE kind = ? AND id IN ({marks(chunk)})"
                + earlier, (kind, *chunk)))
        return found

    def present(self, kind: str, ids: Iterable[str]) -> set[str]:
        """Which of `ids` exist: read in this load, in the database, or known."""
        hot, known = self.hot.setdefault(kind, set()), self.known.get(kind, set())
        found = {i for i in ids if i in hot or i in known}
        todo = sorted(i for i in set(ids) if i not in found)
        if not todo:
            return found
        there = self.read(kind, todo)
        rest = [i for i in todo if i not in there]
        for chunk in batches(rest):
            there.update(r[0] for r in self.conn.execute(
                f"SELECT id FROM {TABLES[kind]} WHERE id IN ({marks(chunk)})", chunk))
        if len(hot) > HOT:
            hot.clear()
        hot.update(there)
        return found | there

    def close(self) -> None:
        self.conn.execute("DELETE FROM temp.load_ids")
