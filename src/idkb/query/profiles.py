"""Read queries: profiles, event lists and sources, as plain dicts ready for any output format.

Everything here is standard-library sqlite3 with indexed lookups; the dict keys are the
documented JSON keys and stay stable.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from idkb.core import dates
from idkb.core.batches import batches
from idkb.core.vocab import PREDICATE_ORDER, PREDICATES
from idkb.query import country, filters, latest, status
from idkb.store import links

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

# On an asked day or period a profile keeps what held (throughout or in part), may have held
# or was last reported; what had ended or had not begun is left out.
SHOWN_ON_A_DAY = frozenset({status.HELD, status.PARTLY_HELD, status.MAY_HOLD,
                            status.LAST_REPORTED})


def statements(conn: sqlite3.Connection, entity_id: str,
               as_of: tuple[str, str] | None = None) -> list[Row]:
    """An entity's statements with their status today, or over the days `as_of` (first and
    last, inclusive) as seen from then: on 2021-06-04 Song Tao's headship is held even though
    it has since ended."""
    today = date.today().isoformat()
    first, last = as_of or (today, today)
    rows = conn.execute(
        "SELECT s.*, 'out' AS direction FROM statements s WHERE s.subject = ? "
        "UNION ALL SELECT s.*, 'in' AS direction FROM statements s WHERE s.object = ? "
        "AND s.subject != s.object",
        (entity_id, entity_id),
    ).fetchall()
    statuses = {r["id"]: status.status_over(r, first, last) for r in rows}
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
            "certainty": r["certainty"], "note": r["note"],
            "attributes": json.loads(r["attributes"]) if r["attributes"] else {},
            "sources": cites[r["id"]],
        }
        result.append(item)
    result.sort(key=lambda s: (s["direction"] == "in", PREDICATE_ORDER[s["predicate"]],
                               _start_key(s), s["id"]))
    return result


def _start_key(s: Row) -> str:
    first = s["start"] or s["as_of"]
    return dates.parse(first).earliest or "" if first else ""


# --- events ---------------------------------------------------------------------------------

EventQuery = filters.EventQuery  # the event filter (query.filters), named where it is used
Taking = filters.Taking


def _event_sql(q: EventQuery, order: str | None = None) -> tuple[str, list[object]]:
    """The events the query asks for (query.filters says which), in date order, or in
    `order` (SQL over the events `e`)."""
    sql, args = filters.selected(q)
    sql = f"SELECT * FROM ({sql}) e ORDER BY {order or 'e.earliest, e.latest, e.id'}"
    if q.limit is not None:
        sql += " LIMIT ?"
        args.append(q.limit)
    return sql, args


def events(conn: sqlite3.Connection, q: EventQuery) -> list[Row]:
    """The events the query asks for, in date order, with participants and citations."""
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
            "participants": people[r["id"]],
            "attributes": json.loads(r["attributes"]) if r["attributes"] else {},
            "sources": cites[r["id"]],
        }
        for r in rows
    ]


# --- profiles and sources -------------------------------------------------------------------

def _names(conn: sqlite3.Connection, ids: list[str], main: str) -> list[Row]:
    """Every other name of a same-as group: its members' names, aliases and added aliases."""
    found: dict[str, Row] = {}
    for i in ids:
        for n in conn.execute(
                "SELECT name, lang, kind, 0 AS added FROM entity_names WHERE entity_id = ? "
                "UNION ALL SELECT name, lang, kind, 1 FROM added_aliases WHERE entity_id = ? "
                "ORDER BY added", (i, i)):
            kind = "alias" if n["kind"] == "name" else n["kind"]
            if n["name"] != main and n["name"] not in found:
                found[n["name"]] = {"name": n["name"], "lang": n["lang"], "kind": kind}
    return list(found.values())


def _statements(conn: sqlite3.Connection, ids: list[str],
                as_of: tuple[str, str] | None) -> list[Row]:
    if len(ids) == 1:
        return statements(conn, ids[0], as_of)
    seen: dict[str, Row] = {}
    for i in ids:
        for s in statements(conn, i, as_of):
            seen.setdefault(s["id"], s)
    return sorted(seen.values(), key=lambda s: (s["direction"] == "in",
                                                PREDICATE_ORDER[s["predicate"]],
                                                _start_key(s), s["id"]))


PROFILE_EVENTS = 100  # events listed in a profile, the latest; `idkb events --with` lists all


def latest_events(conn: sqlite3.Connection, q: EventQuery, n: int) -> tuple[list[Row], int]:
    """The last `n` events the query asks for, in date order, and how many it asks for.

    Only the `n` shown are read whole; query.latest says how they are found and counted.
    """
    ids, total = latest.latest_ids(conn, q, n)
    rows: list[sqlite3.Row] = []
    for chunk in batches(ids):
        rows += conn.execute(f"SELECT * FROM events WHERE id IN ({','.join('?' * len(chunk))})",
                             chunk).fetchall()
    rows.sort(key=lambda r: (r["earliest"] or "", r["latest"] or "", r["id"]))
    return hydrate_events(conn, rows), total


def _held(conn: sqlite3.Connection, e: sqlite3.Row, ids: list[str],
          as_of: tuple[str, str] | None) -> Row:
    """What a profile adds for its kind: a country's entities and the statements about them;
    a party's or an organisation's people (`ids`: its same-as group)."""
    if e["kind"] == "country":
        based = country.based_in(conn, ids, as_of[1] if as_of else None)
        seen: dict[str, Row] = {}
        for group in based.values():
            for x in group:
                for s in statements(conn, x["id"], as_of):
                    if not {s["subject"]["id"], (s["object"] or {}).get("id")} & set(ids):
                        about = {"id": x["id"], "name": x["name"], "kind": x["kind"]}
                        seen.setdefault(s["id"], {**s, "about": about})
        return {"based": based, "statements_of_based": list(seen.values())}
    if e["kind"] in ("party", "organisation"):
        return {"people": country.people_of(conn, ids)}
    return {}


def profile(conn: sqlite3.Connection, entity_id: str, as_of: str | None = None) -> Row:
    """An entity's profile; with `as_of` (a date as typed: 2025, 2025-09, 2025-09-30) its
    statements are judged over the days that date covers, and its events run to the last."""
    span = dates.query_span(as_of) if as_of is not None else None
    e = conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    ids = links.group(conn, entity_id)  # the ids a same-as joins to it make one profile
    facts = _statements(conn, ids, span)
    q = EventQuery(end=span[1] if span else None,
                   withs=(Taking(e["id"], e["kind"], ids=tuple(ids)),))
    evs, total = latest_events(conn, q, PROFILE_EVENTS)
    held = _held(conn, e, ids, span)
    cited_ids = {c["source"] for item in [*facts, *evs, *held.get("statements_of_based", [])]
                 for c in item["sources"]}
    marks = ",".join("?" * len(ids))
    return {
        "id": e["id"], "kind": e["kind"], "subkind": e["subkind"], "name": e["name"],
        "short_name": e["short_name"], "aliases": _names(conn, ids, e["name"]),
        "summary": e["summary"],
        "country": _entity_ref(conn, e["country"]), "website": e["website"],
        "identifiers": {r[0]: r[1] for r in conn.execute(
            f"SELECT scheme, value FROM entity_identifiers WHERE entity_id IN ({marks}) "
            "ORDER BY entity_id = ?, scheme", (*ids, entity_id))},  # its own ids win
        "attributes": json.loads(e["attributes"]) if e["attributes"] else {},
        "same_as": [_entity_ref(conn, i) for i in ids[1:]],
        "as_of": as_of, "statements": facts,
        "counts": status.counts([s["status"] for s in facts]), **held, "event_count": total,
        "events": evs, "sources": sources(conn, sorted(cited_ids)),
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
