"""The network of entities and links, and writing it for Graphviz (DOT), Mermaid and Gephi
(GraphML).

Statements are edges between entities. Events are nodes of their own, joined to each
participant: an event with five participants is then five edges rather than ten, and the
picture shows what brought them together. Only events that link two or more of the drawn
entities appear, and entities with no link at all are left out of the whole-network picture.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from idkb import dates, graph, queries
from idkb.predicates import PREDICATES

Row = dict[str, Any]

EVENT_PREFIX = "event:"  # event node ids, kept apart from entity ids


def _chunked(sql: str, ids: Sequence[str], conn: sqlite3.Connection) -> Iterable[sqlite3.Row]:
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        yield from conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)


def _statement_edges(conn: sqlite3.Connection, nodes: set[str] | None) -> list[Row]:
    base = ("SELECT id, subject, object, predicate, title, start, \"end\", as_of FROM statements "
            "WHERE object IS NOT NULL AND object != subject")
    rows = (conn.execute(base).fetchall() if nodes is None
            else _chunked(base + " AND subject IN ({marks})", sorted(nodes), conn))
    return [
        {"source": r["subject"], "target": r["object"], "relation": r["predicate"],
         "label": PREDICATES[r["predicate"]][1], "via": "statement", "id": r["id"],
         "when": queries.period(dict(r))}
        for r in rows if nodes is None or r["object"] in nodes
    ]


def _event_edges(conn: sqlite3.Connection, nodes: set[str] | None) -> tuple[list[Row], list[Row]]:
    sql = ("SELECT p.event_id, p.entity_id, p.role, e.title, e.date, e.type FROM "
           "event_participants p JOIN events e ON e.id = p.event_id")
    if nodes is None:
        rows = conn.execute(sql + " ORDER BY e.earliest, p.event_id, p.position").fetchall()
    else:
        events = sorted({r[0] for r in _chunked(
            "SELECT event_id FROM event_participants WHERE entity_id IN ({marks})",
            sorted(nodes), conn)})
        rows = list(_chunked(sql + " WHERE p.event_id IN ({marks})", events, conn))
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
                            "when": dates.display(first["date"])})
        edges += [{"source": p["entity_id"], "target": EVENT_PREFIX + event_id,
                   "relation": p["role"], "label": p["role"], "via": "event", "id": event_id,
                   "when": dates.display(first["date"])} for p in people]
    return event_nodes, edges


def network(conn: sqlite3.Connection, centre: str | None = None, depth: int = 2) -> Row:
    """Nodes and edges of the whole network, or of the part within `depth` links of `centre`."""
    nodes = graph.around(conn, centre, depth) if centre is not None else None
    edges = _statement_edges(conn, nodes)
    event_nodes, event_edges = _event_edges(conn, nodes)
    edges += event_edges
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


# --- writers --------------------------------------------------------------------------------

_DOT_STYLE = {
    "person": 'shape=ellipse, style=filled, fillcolor="#fde2b5"',
    "party": 'shape=box, style="rounded,filled", fillcolor="#f7b6b2"',
    "country": 'shape=doubleoctagon, style=filled, fillcolor="#c9e4c5"',
    "organisation": 'shape=box, style=filled, fillcolor="#bfd7ed"',
    "event": 'shape=note, style=filled, fillcolor="#eeeeee", fontsize=9',
}


def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _wrap(text: str, width: int = 28) -> str:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def to_dot(net: Row) -> str:
    out = ["digraph idkb {",
           '  graph [rankdir=LR, overlap=false, splines=true, fontname="Helvetica"];',
           '  node [fontname="Helvetica", fontsize=10];',
           '  edge [fontname="Helvetica", fontsize=8, color="#666666"];']
    for n in net["nodes"]:
        lines = (_dot_text(line)[1:-1] for line in _wrap(n["label"]).split("\n"))
        label = '"' + "\\n".join(lines) + '"'
        out.append(f"  {_dot_text(n['id'])} [label={label}, {_DOT_STYLE[n['kind']]}];")
    for e in net["edges"]:
        # Roles on the dashed event lines would crowd the picture; GraphML and JSON keep them.
        attrs = ("style=dashed, arrowhead=none" if e["via"] == "event"
                 else f"label={_dot_text(e['label'])}")
        out.append(f"  {_dot_text(e['source'])} -> {_dot_text(e['target'])} [{attrs}];")
    out.append("}")
    return "\n".join(out) + "\n"


def _mermaid_text(text: str) -> str:
    return '"' + text.replace('"', "#quot;").replace("\n", " ") + '"'


def to_mermaid(net: Row) -> str:
    ids = {n["id"]: f"n{i}" for i, n in enumerate(net["nodes"])}
    shapes = {"person": ("([", "])"), "party": ("(", ")"), "country": ("{{", "}}"),
              "organisation": ("[", "]"), "event": (">", "]")}
    out = ["graph LR"]
    for n in net["nodes"]:
        left, right = shapes[n["kind"]]
        out.append(f"  {ids[n['id']]}{left}{_mermaid_text(n['label'])}{right}")
    for e in net["edges"]:
        arrow = "---" if e["via"] == "event" else "-->"
        out.append(f"  {ids[e['source']]} {arrow}|{_mermaid_text(e['label'])}| "
                   f"{ids[e['target']]}")
    return "\n".join(out) + "\n"


def to_graphml(net: Row) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
           '  <key id="label" for="all" attr.name="label" attr.type="string"/>',
           '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
           '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
           '  <key id="via" for="edge" attr.name="via" attr.type="string"/>',
           '  <key id="when" for="all" attr.name="when" attr.type="string"/>',
           '  <graph id="idkb" edgedefault="directed">']
    for n in net["nodes"]:
        out.append(f"    <node id={quoteattr(_xml(n['id']))}>" + _data(
            label=n["label"], kind=n["kind"], when=n.get("when")) + "</node>")
    for i, e in enumerate(net["edges"]):
        out.append(f'    <edge id="e{i}" source={quoteattr(_xml(e["source"]))} '
                   f"target={quoteattr(_xml(e['target']))}>" + _data(
                       label=e["label"], relation=e["relation"], via=e["via"], when=e["when"])
                   + "</edge>")
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """Characters XML 1.0 cannot hold at all are dropped (escaping cannot save them)."""
    return _NOT_XML.sub("", text)


def _data(**values: str | None) -> str:
    return "".join(f'<data key="{k}">{escape(_xml(v))}</data>' for k, v in values.items() if v)
