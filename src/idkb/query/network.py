"""The network of entities and links, and writing it for Graphviz (DOT), Mermaid and Gephi
(GraphML).

Statements are edges between entities. Events are nodes of their own, joined to each
participant: an event with five participants is then five edges rather than ten, and the
picture shows what brought them together. Only events that link two or more of the drawn
entities appear, and entities with no link at all are left out of the whole-network picture.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from idkb.core import dates
from idkb.core.batches import batches
from idkb.core.vocab import PREDICATES
from idkb.query import filters, links, status
from idkb.query.filters import EventQuery

Row = dict[str, Any]

EVENT_PREFIX = "event:"  # event node ids, kept apart from entity ids


def _chunked(sql: str, ids: Sequence[str], conn: sqlite3.Connection) -> Iterable[sqlite3.Row]:
    for chunk in batches(ids):
        yield from conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)


def _statement_edges(conn: sqlite3.Connection, nodes: set[str] | None) -> list[Row]:
    base = ("SELECT id, subject, object, predicate, title, start, \"end\", as_of, "
            "start_earliest, end_latest, as_of_earliest, as_of_latest FROM statements "
            "WHERE object IS NOT NULL AND object != subject")
    rows = (conn.execute(base).fetchall() if nodes is None
            else _chunked(base + " AND subject IN ({marks})", sorted(nodes), conn))
    return [
        {"source": r["subject"], "target": r["object"], "relation": r["predicate"],
         "label": PREDICATES[r["predicate"]][1], "via": "statement", "id": r["id"],
         "when": status.period(r),
         # ISO days for other tools: the first day it may have started, the last it may have
         # ended, the day the sources say it held; None where the sources give no such date.
         "start": r["start_earliest"], "end": r["end_latest"], "as_of": r["as_of_earliest"]}
        for r in rows if nodes is None or r["object"] in nodes
    ]


def _event_edges(conn: sqlite3.Connection, nodes: set[str] | None,
                 chosen: set[str] | None = None) -> tuple[list[Row], list[Row]]:
    sql = ("SELECT p.event_id, p.entity_id, p.role, e.title, e.date, e.type, e.earliest, "
           "e.latest FROM "
           "event_participants p JOIN events e ON e.id = p.event_id")
    if nodes is None and chosen is None:
        rows = conn.execute(sql + " ORDER BY e.earliest, p.event_id, p.position").fetchall()
    else:
        events = set(chosen or ()) if nodes is None else {r[0] for r in _chunked(
            "SELECT event_id FROM event_participants WHERE entity_id IN ({marks})",
            sorted(nodes), conn)}
        if chosen is not None:
            events &= chosen
        rows = list(_chunked(sql + " WHERE p.event_id IN ({marks})", sorted(events), conn))
    members: dict[str, list[sqlite3.Row]] = {}
    for r in rows:
        if nodes is None or r["entity_id"] in nodes:
            members.setdefault(r["event_id"], []).append(r)
    event_nodes, edges = [], []
    for event_id, people in members.items():
        if len({p["entity_id"] for p in people}) < 2:
            continue
        first = people[0]
        event_nodes.append({"id": EVENT_PREFIX + event_id, "label": first["title"],
                            "kind": "event", "type": first["type"],
                            "when": dates.display(first["date"]), "date": first["date"],
                            "start": first["earliest"], "end": first["latest"]})
        edges += [{"source": p["entity_id"], "target": EVENT_PREFIX + event_id,
                   "relation": p["role"], "label": p["role"], "via": "event", "id": event_id,
                   "when": dates.display(first["date"]), "start": first["earliest"],
                   "end": first["latest"], "as_of": None} for p in people]
    return event_nodes, edges


def _chosen(conn: sqlite3.Connection, q: EventQuery | None) -> set[str] | None:
    """The ids of the events a filter chooses, or None for every event."""
    if q is None or not q.narrowed:
        return None
    sql, args = filters.selected(q, "e.id")
    return {r[0] for r in conn.execute(sql, args)}


def network(conn: sqlite3.Connection, centre: str | None = None, depth: int = 2,
            q: EventQuery | None = None) -> Row:
    """Nodes and edges of the whole network, or of the part within `depth` links of `centre`.

    With an event filter, only the events it chooses are drawn, with the entities taking part
    in them and the statements between those entities.
    """
    nodes = links.around(conn, centre, depth) if centre is not None else None
    chosen = _chosen(conn, q)
    event_nodes, event_edges = _event_edges(conn, nodes, chosen)
    if chosen is not None:
        nodes = {e["source"] for e in event_edges}
    edges = _statement_edges(conn, nodes) + event_edges
    linked = {e["source"] for e in edges} | {e["target"] for e in edges}
    wanted = nodes if nodes is not None else {n for n in linked
                                              if not n.startswith(EVENT_PREFIX)}
    entities = conn.execute("SELECT id, name, kind FROM entities ORDER BY name, id").fetchall() \
        if nodes is None else [r for r in _chunked(
            "SELECT id, name, kind FROM entities WHERE id IN ({marks})", sorted(wanted), conn)]
    entity_nodes = sorted(
        ({"id": r["id"], "label": r["name"], "kind": r["kind"]} for r in entities
         if r["id"] in wanted),
        key=lambda n: (n["label"], n["id"]))
    return {"around": centre, "depth": depth if centre is not None else None,
            "nodes": entity_nodes + event_nodes, "edges": edges}
