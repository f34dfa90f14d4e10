"""`idkb db check`: SQLite's own integrity check, then idkb's consistency rules.

The file is opened read-only (the same locks `idkb sql` uses), so checking never changes it,
and it is checked as it is: no first-run build, no seed refresh.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from idkb.core import paths
from idkb.core.errors import DatabaseProblem
from idkb.store import kept_check, ownership, readonly_sql

MAX_LISTED = 20  # problems listed per check; the rest are counted

# idkb's own rules, each a query returning one row per problem (a description in column 0).
RULES: list[tuple[str, str]] = [
    ("every statement cites a source",
     "SELECT 'statement ' || s.id || ' cites no source' FROM statements s "
     "WHERE NOT EXISTS (SELECT 1 FROM statement_sources c WHERE c.statement_id = s.id)"),
    ("every event cites a source",
     "SELECT 'event ' || e.id || ' cites no source' FROM events e "
     "WHERE NOT EXISTS (SELECT 1 FROM event_sources c WHERE c.event_id = e.id)"),
    ("citations name known sources",
     "SELECT 'statement ' || statement_id || ' cites unknown source ' || source_id "
     "FROM statement_sources WHERE source_id NOT IN (SELECT id FROM sources) UNION ALL "
     "SELECT 'event ' || event_id || ' cites unknown source ' || source_id "
     "FROM event_sources WHERE source_id NOT IN (SELECT id FROM sources)"),
    ("statements name known entities",
     "SELECT 'statement ' || id || ' names unknown entity ' || subject FROM statements "
     "WHERE subject NOT IN (SELECT id FROM entities) UNION ALL "
     "SELECT 'statement ' || id || ' names unknown entity ' || object FROM statements "
     "WHERE object IS NOT NULL AND object NOT IN (SELECT id FROM entities)"),
    ("event participants are known entities",
     "SELECT 'event ' || event_id || ' has unknown participant ' || entity_id "
     "FROM event_participants WHERE entity_id NOT IN (SELECT id FROM entities)"),
    ("no statement ends before it starts",
     "SELECT 'statement ' || id || ' ends (' || \"end\" || ') before it starts (' || start "
     "|| ')' FROM statements WHERE end_latest < start_earliest"),
    ("no event ends before it starts",
     "SELECT 'event ' || id || ' (' || date || ') ends before it starts' FROM events "
     "WHERE latest < earliest"),
    ("every record belongs to a dataset",
     "SELECT kind || ' ' || id || ' belongs to unknown dataset ' || dataset FROM ("
     "SELECT 'source' AS kind, id, dataset FROM sources UNION ALL "
     "SELECT 'entity', id, dataset FROM entities UNION ALL "
     "SELECT 'statement', id, dataset FROM statements UNION ALL "
     "SELECT 'event', id, dataset FROM events) WHERE dataset NOT IN (SELECT name FROM datasets)"),
]


@dataclass
class Finding:
    check: str
    problems: list[str] = field(default_factory=list)
    count: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"check": self.check, "ok": self.count == 0, "count": self.count,
                "problems": self.problems}


def _rows(conn: sqlite3.Connection, sql: str) -> tuple[list[str], int]:
    listed: list[str] = []
    count = 0
    for row in conn.execute(sql):
        count += 1
        if len(listed) < MAX_LISTED:
            listed.append(" ".join(str(v) for v in row))
    return listed, count


def _integrity(conn: sqlite3.Connection) -> Finding:
    found = Finding("SQLite integrity check")
    try:
        listed, _ = _rows(conn, "PRAGMA integrity_check")
    except sqlite3.DatabaseError:
        # Some damage stops the full check itself; the quick check still says where it is.
        listed, _ = _rows(conn, "PRAGMA quick_check")
    if listed != ["ok"]:
        found.problems, found.count = listed, len(listed)
    return found


def _foreign_keys(conn: sqlite3.Connection) -> Finding:
    found = Finding("references resolve (foreign keys)")
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        found.count += 1
        if len(found.problems) < MAX_LISTED:
            found.problems.append(f"{table} row {rowid}: no {parent} with that id")
    return found


def run(path: Path) -> list[Finding]:
    """Every check on the file at `path`; DatabaseProblem if it cannot be read at all."""
    if not path.exists():
        raise DatabaseProblem(f"{path}: there is no database yet (any command builds it)")
    guard = readonly_sql.Guard(timeout=0)
    conn = readonly_sql.open_readonly(path, guard)
    conn.set_progress_handler(None, 0)  # a check takes as long as the file needs
    try:
        findings = [_integrity(conn)]
    except sqlite3.DatabaseError as exc:
        conn.close()
        found = ownership.kind(path)
        if found != "ours":
            raise DatabaseProblem(ownership.refuse_foreign(path, found)) from None
        raise DatabaseProblem(
            f"{path}: cannot be checked ({exc}); run 'idkb db rebuild' to make a fresh one "
            "(the old file is kept)") from None
    try:
        findings.append(_guarded("references resolve (foreign keys)", _foreign_keys, conn))
        for name, sql in RULES:
            findings.append(_guarded(name, lambda c, sql=sql: _rule(c, sql), conn))
        folder = paths.datasets_dir(path)
        findings.append(_guarded(kept_check.CHECK, lambda c: _kept(c, folder), conn))
    finally:
        conn.close()
    return findings


def _kept(conn: sqlite3.Connection, folder: Path) -> tuple[list[str], int]:
    problems = kept_check.compare(conn, folder)
    return problems[:MAX_LISTED], len(problems)


def _rule(conn: sqlite3.Connection, sql: str) -> list[str] | tuple[list[str], int]:
    return _rows(conn, sql)


def _guarded(name: str, fn: Any, conn: sqlite3.Connection) -> Finding:
    """Run one check; a check the damage stops from running is itself a problem."""
    try:
        got = fn(conn)
    except sqlite3.DatabaseError as exc:
        return Finding(name, [f"could not run: {exc}"], 1)
    if isinstance(got, Finding):
        return got
    listed, count = got
    return Finding(name, listed, count)
