"""Which of the events a profile asks for are its latest `n`, and how many it asks for in all.

A busy entity (a country counts the events of everything based in it) takes part in tens of
thousands of events at a million; a profile shows a hundred. Counting its events reads only
indexes (see `filters.event_ids`); the latest are then found either by walking every event from
the latest back until `n` of its own turn up (a few thousand steps while its events are a
steady share of all) or, for an entity with few events, by reading the dates of its own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from idkb.core.batches import batches, marks
from idkb.query import filters

LATEST_FIRST = "e.earliest DESC, e.latest DESC, e.id DESC"


def latest_ids(conn: sqlite3.Connection, q: filters.EventQuery,
               n: int) -> tuple[list[str], int]:
    """The ids of the last `n` events the query asks for, latest first, and how many it asks
    for."""
    if len(q.withs) == 1 and q == filters.EventQuery(withs=q.withs):
        return _of_one(conn, q.withs[0], n)
    # Any other filter (a period, a type...) needs the events' rows: one pass over them.
    sql, args = filters.selected(q, "e.id, e.earliest, e.latest")
    ids = [r[0] for r in conn.execute(f"SELECT id FROM ({sql}) e ORDER BY {LATEST_FIRST}",
                                      args)]
    return ids[:n], len(ids)


def _of_one(conn: sqlite3.Connection, who: filters.Taking, n: int) -> tuple[list[str], int]:
    ids = {r[0] for r in conn.execute(*filters.event_ids(who))}
    if len(ids) > n:
        # How many events there are, at least (the largest rowid: one look-up, where count(*)
        # reads a whole index); a guess for choosing, never part of an answer.
        everything = conn.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()[0]
        # If its events are a steady share of all, n of them turn up after about
        # everything * n / len(ids) steps back from the latest; a step costs about what
        # reading one of its own dates does. A walk cut short (its events are mostly old)
        # leaves the dates to read after all: twice the work at most.
        if everything * n < len(ids) * len(ids):
            found = _walk(conn, ids, n, len(ids))
            if len(found) == n:
                return found, len(ids)
    return _by_dates(conn, ids, n), len(ids)


def _walk(conn: sqlite3.Connection, ids: set[str], n: int, steps: int) -> list[str]:
    """The first `n` of `ids` among the latest `steps` events, latest first."""
    found: list[str] = []
    cursor = conn.execute(f"SELECT e.id FROM events e ORDER BY {LATEST_FIRST} LIMIT ?",
                          (steps,))
    while len(found) < n and (rows := cursor.fetchmany(256)):
        found += [r[0] for r in rows if r[0] in ids]
    return found[:n]


def _by_dates(conn: sqlite3.Connection, ids: Iterable[str], n: int) -> list[str]:
    """The latest `n` of `ids`, latest first, from their dates."""
    dated: list[tuple[bool, str, bool, str, str]] = []
    for chunk in batches(sorted(ids)):
        # SQLite sorts a missing date below every date: so does (False, "").
        dated += [(r[1] is not None, r[1] or "", r[2] is not None, r[2] or "", r[0])
                  for r in conn.execute("SELECT id, earliest, latest FROM events "
                                        f"WHERE id IN ({marks(chunk)})", chunk)]
    dated.sort(reverse=True)
    return [d[4] for d in dated[:n]]
