"""Turning what a user typed into one entity: exact names and aliases first, then parts of
names, and on a miss, "did you mean" suggestions from fuzzy matching."""

from __future__ import annotations

import re
import sqlite3
from typing import NamedTuple

from idkb.core.batches import batches
from idkb.core.errors import Ambiguous, BadInput, NotFound
from idkb.core.names import normalise

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
        raise BadInput(f"no {kind or 'entity'} can match {text!r}: the name is empty")
    by_id = conn.execute("SELECT id, name, kind FROM entities WHERE id = ?", (text,)).fetchone()
    if by_id and (kind is None or by_id[2] == kind):
        return Match(by_id[0], by_id[1], by_id[2])
    exact = _matches(conn, "n.norm = ?", (norm,), kind)
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise _ambiguous(text, exact)
    partial = _partial(conn, norm, kind)
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise _ambiguous(text, partial)
    raise _not_found(conn, text, norm, kind)


def _partial(conn: sqlite3.Connection, norm: str, kind: str | None) -> list[Match]:
    """A whole word or run of words inside a longer name: "Shambaugh", "Baath".

    Plain words are looked up as a phrase in the full-text index, then checked against the
    normalised names exactly as the LIKE below would; LIKE '% word %' reads every name, so it
    is kept for what the index tokenises differently (non-ASCII) or a database without one.
    """
    if _ASCII_WORDS.fullmatch(norm):
        try:
            ids = [r[0] for r in conn.execute(_FTS_ENTITIES, ('{name aliases} : "' + norm + '"',))]
        except sqlite3.OperationalError:
            ids = None
        if ids is not None:
            return _words_inside(conn, norm, ids, kind)
    escaped = norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return _matches(
        conn,
        "(n.norm LIKE ? ESCAPE '\\' OR n.norm LIKE ? ESCAPE '\\' OR n.norm LIKE ? ESCAPE '\\')",
        (f"{escaped} %", f"% {escaped}", f"% {escaped} %"),
        kind,
    )


# The full-text index answers first, then its rows are looked up: a join lets SQLite walk the
# search table and ask the index once per row, which takes seconds on a large database.
_FTS_ENTITIES = ("SELECT s.ref FROM search_index s WHERE s.rowid IN (SELECT rowid FROM "
                 "search_index_fts WHERE search_index_fts MATCH ?) AND s.record = 'entity'")
_ASCII_WORDS = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def _words_inside(conn: sqlite3.Connection, norm: str, ids: list[str],
                  kind: str | None) -> list[Match]:
    found: dict[str, Match] = {}
    padded = f" {norm} "
    for chunk in batches(ids):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
                "SELECT n.norm, e.id, e.name, e.kind FROM entity_names n JOIN entities e "
                f"ON e.id = n.entity_id WHERE e.id IN ({marks})", chunk):
            if (kind is None or r[3] == kind) and r[0] != norm and padded in f" {r[0]} ":
                found[r[1]] = Match(r[1], r[2], r[3])
    return sorted(found.values(), key=lambda m: (m.name, m.id))[:50]


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
        return NotFound(f"{text!r} is {article(m.kind)}, not {article(wanted)}; "
                        f"try: idkb {command} {m.id}")
    lines = [f"did you mean: {s}" for s in suggest(conn, norm, kind)]
    return NotFound(f"no {wanted} matches {text!r}", lines)


def article(noun: str) -> str:
    """'an organisation', 'a person': the kinds are fixed words, so the first letter decides."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


SUGGEST_POOL = 5000  # names scored at most, so a miss stays quick however many there are


def _candidates(conn: sqlite3.Connection, norm: str) -> list[str] | None:
    """Ids of entities with name words starting like the words of `norm`, from the full-text
    index: those matching every word's first three letters first, then any word's, then any
    word's first letter when that finds nothing; None when there is no index to ask, or
    nothing to ask it."""
    words = [w for w in norm.split() if w.isalnum()][:8]
    if not words:
        return None
    starts = [f'"{w[:3]}"*' for w in words]
    every = _by_prefix(conn, " AND ".join(starts)) if len(words) > 1 else []
    if every is None:
        return None
    found = list(dict.fromkeys(every + (_by_prefix(conn, " OR ".join(starts)) or [])))
    if not found:
        found = _by_prefix(conn, " OR ".join(dict.fromkeys(f'"{w[:1]}"*' for w in words))) or []
    return found[:SUGGEST_POOL]


def _by_prefix(conn: sqlite3.Connection, expression: str) -> list[str] | None:
    query = "{name aliases} : (" + expression + ")"
    try:
        rows = conn.execute(_FTS_ENTITIES + " LIMIT ?", (query, SUGGEST_POOL)).fetchall()
    except sqlite3.OperationalError:
        return None
    return [r[0] for r in rows]


def _names(conn: sqlite3.Connection, norm: str, kind: str | None) -> list[sqlite3.Row]:
    """(norm, name) pairs to score: those of the candidate entities when the index can narrow
    them down, else every name (small databases, or words the index cannot take)."""
    ids = _candidates(conn, norm)
    sql = "SELECT n.norm, e.name FROM entity_names n JOIN entities e ON e.id = n.entity_id"
    if ids is None:
        return conn.execute(sql + (" WHERE e.kind = ?" if kind else ""),
                            (kind,) if kind else ()).fetchall()
    rows: list[sqlite3.Row] = []
    for chunk in batches(ids):
        marks = ",".join("?" * len(chunk))
        # "+e.kind": look the ids up, rather than walk the kind index (all people, say).
        rows += conn.execute(f"{sql} WHERE e.id IN ({marks})" + (" AND +e.kind = ?" if kind
                                                                   else ""),
                             (*chunk, kind) if kind else chunk).fetchall()
    return rows


def suggest(conn: sqlite3.Connection, norm: str, kind: str | None, limit: int = 5) -> list[str]:
    """Nearest names by fuzzy score (rapidfuzz), best first, one per entity.

    Scoring every name of a large database takes most of a second, so only names sharing the
    start of a word with what was typed are scored (found through the search index).
    """
    from rapidfuzz import fuzz, process

    rows = _names(conn, norm, kind)
    choices = [r[0] for r in rows]
    found = process.extract(norm[:200], choices, scorer=fuzz.WRatio, limit=limit * 3,
                            score_cutoff=60)
    names: list[str] = []
    for _, _, index in found:
        name = rows[index][1]
        if name not in names:
            names.append(name)
    return names[:limit]
