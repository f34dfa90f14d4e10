"""Turning what a user typed into one entity: exact names and aliases first, then parts of
names, and on a miss, "did you mean" suggestions from fuzzy matching."""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from idkb.errors import Ambiguous, NotFound
from idkb.names import normalise

MAX_NAME = 1000  # characters; no name is near this, and SQLite caps LIKE patterns


class Match(NamedTuple):
    id: str
    name: str
    kind: str


def _matches(conn: sqlite3.Connection, where: str, args: tuple[object, ...],
             kind: str | None) -> list[Match]:
    sql = (
        "SELECT DISTINCT e.id, e.name, e.kind FROM entity_names n "
        f"JOIN entities e ON e.id = n.entity_id WHERE {where}"
    )
    if kind:
        sql += " AND e.kind = ?"
        args = (*args, kind)
    rows = conn.execute(sql + " ORDER BY e.name LIMIT 50", args).fetchall()
    return [Match(r[0], r[1], r[2]) for r in rows]


def resolve(conn: sqlite3.Connection, text: str, kind: str | None = None) -> Match:
    """The one entity `text` names, or NotFound / Ambiguous with suggestions."""
    if len(text) > MAX_NAME:
        raise NotFound(f"no {kind or 'entity'} has a name that long ({len(text):,} characters; "
                       f"names are under {MAX_NAME:,})")
    norm = normalise(text)
    if not norm:
        raise NotFound(f"no {kind or 'entity'} matches {text!r}: the name is empty")
    by_id = conn.execute("SELECT id, name, kind FROM entities WHERE id = ?", (text,)).fetchone()
    if by_id and (kind is None or by_id[2] == kind):
        return Match(by_id[0], by_id[1], by_id[2])
    exact = _matches(conn, "n.norm = ?", (norm,), kind)
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise _ambiguous(text, exact)
    # A whole word or run of words inside a longer name: "Shambaugh", "Baath".
    escaped = norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    partial = _matches(
        conn,
        "(n.norm LIKE ? ESCAPE '\\' OR n.norm LIKE ? ESCAPE '\\' OR n.norm LIKE ? ESCAPE '\\')",
        (f"{escaped} %", f"% {escaped}", f"% {escaped} %"),
        kind,
    )
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise _ambiguous(text, partial)
    raise _not_found(conn, text, norm, kind)


def _ambiguous(text: str, matches: list[Match]) -> Ambiguous:
    lines = [f"{m.name} ({m.kind}, id {m.id})" for m in matches[:20]]
    return Ambiguous(f"{text!r} matches {len(matches)} entries; be more specific or use an id:",
                     lines)


def _not_found(conn: sqlite3.Connection, text: str, norm: str, kind: str | None) -> NotFound:
    wanted = kind or "entity"
    other = _matches(conn, "n.norm = ?", (norm,), None) if kind else []
    if other:
        m = other[0]
        command = "org" if m.kind == "organisation" else m.kind
        return NotFound(f"{text!r} is a {m.kind}, not a {wanted}; try: idkb {command} {m.id}")
    lines = [f"did you mean: {s}" for s in suggest(conn, norm, kind)]
    return NotFound(f"no {wanted} matches {text!r}", lines)


def suggest(conn: sqlite3.Connection, norm: str, kind: str | None, limit: int = 5) -> list[str]:
    """Nearest names by fuzzy score (rapidfuzz), best first, one per entity."""
    from rapidfuzz import fuzz, process

    sql = "SELECT n.norm, e.name FROM entity_names n JOIN entities e ON e.id = n.entity_id"
    rows = conn.execute(sql + (" WHERE e.kind = ?" if kind else ""),
                        (kind,) if kind else ()).fetchall()
    choices = [r[0] for r in rows]
    found = process.extract(norm[:200], choices, scorer=fuzz.WRatio, limit=limit * 3,
                            score_cutoff=60)
    names: list[str] = []
    for _, _, index in found:
        name = rows[index][1]
        if name not in names:
            names.append(name)
    return names[:limit]
