"""Read queries: profiles, event lists and sources, as plain dicts ready for any output format.

Everything here is standard-library sqlite3 with indexed lookups; the dict keys are the
documented JSON keys and stay stable.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from idkb.core import dates
from idkb.core.batches import batches
from idkb.core.vocab import PREDICATE_ORDER, PREDICATES
from idkb.query import status

Row = dict[str, Any]


def _ref(row: sqlite3.Row | None) -> Row | None:
    return {"id": row["id"], "name": row["name"], "short_name": row["short_name"],
            "kind": row["kind"]} if row else None


def _entity_ref(conn: sqlite3.Connection, entity_id: str | None) -> Row | None:
    if entity_id is None:
        return None
    row = conn.execute("SELECT id, name, short_name, kind FROM entities WHERE id = ?",
                       (entity_id,)).fetchone()
    return _ref(row)


def _citations(conn: sqlite3.Connection, table: str, key: str,
               ids: Sequence[str]) -> dict[str, list[Row]]:
    found: dict[str, list[Row]] = {i: [] for i in ids}
    for chunk in batches(ids):
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT {key} AS owner, source_id, locator, note FROM {table} "
            f"WHERE {key} IN ({marks}) ORDER BY {key}, position",
            chunk,
        )
        for r in rows:
            found[r["owner"]].append({"source": r["source_id"], "locator": r["locator"],
                                      "note": r["note"]})
    return found


citations = _citations  # shared with the explore queries (timeline, graph)


# --- statements -----------------------------------------------------------------------------

# On an asked day a profile keeps what held, may have held or was last reported; what had
# ended or had not begun is left out.
SHOWN_ON_A_DAY = frozenset({status.HELD, status.MAY_HOLD, status.LAST_REPORTED})


def statements(conn: sqlite3.Connection, entity_id: str, as_of: str | None = None) -> list[Row]:
    # The status as seen from the asked day: on 2021-06-04 Song Tao's headship is held even
    # though it has since ended.
    today = date.today().isoformat()
    day = as_of or today
    rows = conn.execute(
        "SELECT s.*, 'out' AS direction FROM statements s WHERE s.subject = ? "
        "UNION ALL SELECT s.*, 'in' AS direction FROM statements s WHERE s.object = ? "
        "AND s.subject != s.object",
        (entity_id, entity_id),
    ).fetchall()
    statuses = {r["id"]: status.status_on(r, day, today) for r in rows}
    if as_of is not None:
        rows = [r for r in rows if statuses[r["id"]] in SHOWN_ON_A_DAY]
    cites = _citations(conn, "statement_sources", "statement_id", [r["id"] for r in rows])
    result = []
    for r in rows:
        _, label, inverse = PREDICATES[r["predicate"]]
        item: Row = {
            "id": r["id"], "predicate": r["predicate"], "direction": r["direction"],
            "relation": label if r["direction"] == "out" else inverse,
            "subject": _entity_ref(conn, r["subject"]), "object": _entity_ref(conn, r["object"]),
            "value": r["value"], "title": r["title"],
            "start": r["start"], "end": r["end"], "as_of": r["as_of"],
            "period": status.period(r), "status": statuses[r["id"]],
            "certainty": r["certainty"], "note": r["note"], "sources": cites[r["id"]],
        }
        result.append(item)
    result.sort(key=lambda s: (s["direction"] == "in", PREDICATE_ORDER[s["predicate"]],
                               _start_key(s), s["id"]))
    return result


def _start_key(s: Row) -> str:
    first = s["start"] or s["as_of"]
    return dates.parse(first).earliest or "" if first else ""


# --- events ---------------------------------------------------------------------------------

class EventQuery(NamedTuple):
    start: str | None = None  # first day of the asked period
    end: str | None = None  # last day
    type: str | None = None
    with_id: str | None = None
    with_kind: str | None = None
    limit: int | None = None


# Events whose possible period is longer than this many days are indexed apart (the partial
# index events_long); see `_overlap`.
LONG_DAYS = 400
LONG = f"julianday(e.latest) - julianday(e.earliest) > {LONG_DAYS}"


def _days_before(day: str, days: int) -> str:
    try:
        return (date.fromisoformat(day) - timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):
        return "0000-01-01"


def _overlap(where: list[str], args: list[object], q: EventQuery) -> tuple[str, list[object]]:
    """Events whose possible period meets [q.start, q.end], read through indexes only.

    "latest >= start AND earliest <= end" alone makes SQLite walk every event that began before
    the end of the period. Short events that meet the period began at most LONG_DAYS before its
    start, so they are a narrow range of the earliest index; the few long ones come from their
    own partial index. The two halves never hold the same event.
    """
    lo = _days_before(q.start or "", LONG_DAYS)
    end = (["e.earliest <= ?"], [q.end]) if q.end else ([], [])
    short = ["e.earliest >= ?", "e.latest >= ?", *end[0], *where]
    long = [LONG, "e.earliest < ?", "e.latest >= ?", *end[0], *where]
    sql = (f"SELECT * FROM (SELECT e.* FROM events e WHERE {' AND '.join(short)} "
           f"UNION ALL SELECT e.* FROM events e WHERE {' AND '.join(long)}) e")
    return sql, [lo, q.start, *end[1], *args, lo, q.start, *end[1], *args]


def _event_sql(q: EventQuery, order: str | None = None) -> tuple[str, list[object]]:
    """The events `q` asks for, in date order, or in `order` (SQL over the events `e`)."""
    where: list[str] = []
    args: list[object] = []
    if q.type:
        where.append("e.type = ?")
        args.append(q.type)
    if q.with_id:
        clause = "e.id IN (SELECT event_id FROM event_participants WHERE entity_id = ?)"
        args.append(q.with_id)
        if q.with_kind == "country":  # its parties and organisations, and events held there
            clause = (f"({clause} OR e.id IN (SELECT p.event_id FROM event_participants p "
                      "JOIN entities x ON x.id = p.entity_id WHERE x.country = ?) "
                      "OR e.location_country = ?)")
            args += [q.with_id, q.with_id]
        where.append(clause)
    if q.start:
        sql, args = _overlap(where, args, q)
    else:
        if q.end:
            where.append("e.earliest <= ?")
            args.append(q.end)
        sql = f"SELECT e.* FROM events e WHERE {' AND '.join(where) or '1 = 1'}"
    if order is None:
        sql += " ORDER BY e.earliest, e.latest, e.id"
    else:
        sql = f"SELECT * FROM ({sql}) e ORDER BY {order}"
    if q.limit is not None:
        sql += " LIMIT ?"
        args.append(q.limit)
    return sql, args


def events(conn: sqlite3.Connection, q: EventQuery) -> list[Row]:
    return hydrate_events(conn, conn.execute(*_event_sql(q)).fetchall())


def iter_events(conn: sqlite3.Connection, q: EventQuery, size: int = 500,
                order: str | None = None) -> Iterator[Row]:
    """The same events as `events`, read and completed a batch at a time: memory stays flat
    however many there are. `order`: SQL over the events `e` (date order when None)."""
    cursor = conn.execute(*_event_sql(q, order))
    while rows := cursor.fetchmany(size):
        yield from hydrate_events(conn, rows)


def hydrate_events(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[Row]:
    ids = [r["id"] for r in rows]
    cites = _citations(conn, "event_sources", "event_id", ids)
    people: dict[str, list[Row]] = {i: [] for i in ids}
    for chunk in batches(ids):
        marks = ",".join("?" * len(chunk))
        for p in conn.execute(
            "SELECT p.event_id, p.role, x.id, x.name, x.short_name, x.kind "
            "FROM event_participants p "
            f"JOIN entities x ON x.id = p.entity_id WHERE p.event_id IN ({marks}) "
            "ORDER BY p.event_id, p.position",
            chunk,
        ):
            people[p["event_id"]].append({"id": p["id"], "name": p["name"],
                                          "short_name": p["short_name"], "kind": p["kind"],
                                          "role": p["role"]})
    return [
        {
            "id": r["id"], "type": r["type"], "title": r["title"], "summary": r["summary"],
            "date": r["date"], "start": r["earliest"], "end": r["latest"],
            "precision": r["precision"], "qualifier": r["qualifier"], "location": r["location"],
            "location_country": r["location_country"], "certainty": r["certainty"],
            "participants": people[r["id"]], "sources": cites[r["id"]],
        }
        for r in rows
    ]


# --- profiles and sources -------------------------------------------------------------------

def profile(conn: sqlite3.Connection, entity_id: str, as_of: str | None = None) -> Row:
    e = conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    names = conn.execute(
        "SELECT name, lang, kind FROM entity_names WHERE entity_id = ? AND kind != 'name' "
        "ORDER BY position", (entity_id,)).fetchall()
    facts = statements(conn, entity_id, as_of)
    evs = events(conn, EventQuery(end=as_of, with_id=entity_id))
    cited = {c["source"] for item in [*facts, *evs] for c in item["sources"]}
    return {
        "id": e["id"], "kind": e["kind"], "subkind": e["subkind"], "name": e["name"],
        "short_name": e["short_name"], "aliases": [dict(n) for n in names], "summary": e["summary"],
        "country": _entity_ref(conn, e["country"]), "website": e["website"],
        "as_of": as_of, "statements": facts,
        "counts": status.counts([s["status"] for s in facts]), "events": evs,
        "sources": sources(conn, sorted(cited)),
    }


def cited(data: object) -> list[str]:
    """The ids of the sources cited anywhere in a result (citations: source and locator)."""
    found: dict[str, None] = {}
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "source" in item and "locator" in item:
                found[item["source"]] = None
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))
    return list(found)


_SOURCES = (
    "SELECT s.*, "
    "(SELECT count(*) FROM statement_sources c WHERE c.source_id = s.id) AS statements, "
    "(SELECT count(*) FROM event_sources c WHERE c.source_id = s.id) AS events "
    "FROM sources s"
)


def sources(conn: sqlite3.Connection, ids: Sequence[str] | None = None) -> list[Row]:
    """Every source (or those with these ids), with how often each is cited.

    Commands that show a result ask only for the sources it cites: counting the citations of
    every source reads an index as large as the database.
    """
    if ids is None:
        rows = conn.execute(_SOURCES + " ORDER BY s.published, s.id").fetchall()
    else:
        rows = []
        for chunk in batches(ids):
            marks = ",".join("?" * len(chunk))
            rows += conn.execute(f"{_SOURCES} WHERE s.id IN ({marks})", chunk).fetchall()
        rows.sort(key=lambda r: (r["published"] is not None, r["published"] or "", r["id"]))
    return [
        {"id": r["id"], "title": r["title"], "publisher": r["publisher"], "author": r["author"],
         "url": r["url"], "published": r["published"], "kind": r["kind"],
         "statements": r["statements"], "events": r["events"],
         "facts": r["statements"] + r["events"]}
        for r in rows
    ]
