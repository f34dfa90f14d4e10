"""Relations between entities: who is linked to whom, the shortest chain, the whole network.

Two entities are linked by a statement between them ("Song Tao heads the ID") or by an event
both took part in. Every lookup goes through an index (statements by subject and by object,
participants by entity and by event), so walking out from one entity costs its degree, not the
size of the database.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable
from typing import Any, NamedTuple

from idkb.core import dates
from idkb.core.batches import batches
from idkb.core.vocab import PREDICATE_ORDER, PREDICATES
from idkb.query import profiles, status

Row = dict[str, Any]


class Link(NamedTuple):
    """One link seen from `source`: to `target`, through a statement or an event. (A named
    tuple, not a dataclass: importing dataclasses would cost `search` more than its query.)"""

    source: str
    target: str
    via: str  # "statement" or "event"
    id: str
    sentence: str  # how, as a sentence: "Song Tao heads International Department"
    when: str
    order: tuple[int, str]


def _names(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Row]:
    found: dict[str, Row] = {}
    wanted = sorted(set(ids))
    for chunk in batches(wanted):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"SELECT id, name, short_name, kind FROM entities "
                              f"WHERE id IN ({marks})", chunk):
            found[r["id"]] = {"id": r["id"], "name": r["name"], "short_name": r["short_name"],
                              "kind": r["kind"]}
    return found


_STATEMENT_LINKS = (
    "SELECT s.id, s.subject, s.object, s.predicate, s.title, s.start, s.\"end\", s.as_of, "
    "a.name AS subject_name, b.name AS object_name FROM statements s "
    "JOIN entities a ON a.id = s.subject JOIN entities b ON b.id = s.object "
)
_EVENT_LINKS = (
    "SELECT e.id, e.title, e.date, e.earliest, p2.entity_id AS other "
    "FROM event_participants p1 JOIN events e ON e.id = p1.event_id "
    "JOIN event_participants p2 ON p2.event_id = p1.event_id "
    "WHERE p1.entity_id = ? AND p2.entity_id != p1.entity_id"
)


def _statement_link(r: sqlite3.Row, here: str) -> Link:
    other = r["object"] if r["subject"] == here else r["subject"]
    sentence = f"{r['subject_name']} {PREDICATES[r['predicate']][1]} {r['object_name']}"
    if r["title"]:
        sentence += f" ({r['title']})"
    return Link(here, other, "statement", r["id"], sentence, status.period(r),
                (PREDICATE_ORDER[r["predicate"]], r["id"]))


def links(conn: sqlite3.Connection, entity_id: str) -> list[Link]:
    """Every link from one entity: statements first, then shared events in date order."""
    found: list[Link] = []
    rows = conn.execute(
        _STATEMENT_LINKS + "WHERE s.subject = ? AND s.object != s.subject UNION ALL "
        + _STATEMENT_LINKS + "WHERE s.object = ? AND s.subject != s.object",
        (entity_id, entity_id),
    ).fetchall()
    found += [_statement_link(r, entity_id) for r in rows]
    seen: set[tuple[str, str]] = set()
    for r in conn.execute(_EVENT_LINKS, (entity_id,)):
        if (r["id"], r["other"]) in seen:  # someone listed twice, in two roles
            continue
        seen.add((r["id"], r["other"]))
        found.append(Link(entity_id, r["other"], "event", r["id"], f"both in: {r['title']}",
                          dates.display(r["date"]), (len(PREDICATES), r["earliest"] or "")))
    found.sort(key=lambda link: (link.order, link.id, link.target))
    return found


def _link_row(conn: sqlite3.Connection, link: Link, names: dict[str, Row]) -> Row:
    table, key = (("statement_sources", "statement_id") if link.via == "statement"
                  else ("event_sources", "event_id"))
    return {
        "from": names[link.source], "to": names[link.target], "via": link.via, "id": link.id,
        "how": link.sentence, "when": link.when,
        "sources": profiles.citations(conn, table, key, [link.id])[link.id],
    }


def related(conn: sqlite3.Connection, entity_id: str) -> list[Row]:
    """Each entity linked to this one, once per link, with how, when and the sources."""
    found = links(conn, entity_id)
    names = _names(conn, [entity_id, *(link.target for link in found)])
    return [_link_row(conn, link, names) for link in found]


# --- shortest path --------------------------------------------------------------------------

def _expand(conn: sqlite3.Connection, frontier: list[str], parents: dict[str, Link | None],
            other: dict[str, Link | None]) -> str | None:
    """Visit the whole next layer; return the meeting node nearest the other side, if any.

    The layer is finished before choosing: the first meeting found need not be the nearest.
    """
    layer: list[str] = []
    meets: list[str] = []
    for node in frontier:
        for link in links(conn, node):
            if link.target in parents:
                continue
            parents[link.target] = link
            (meets if link.target in other else layer).append(link.target)
    frontier[:] = layer
    return min(meets, key=lambda m: len(_chain(other, m)), default=None)


def shortest_path(conn: sqlite3.Connection, start: str, goal: str) -> list[Link] | None:
    """The shortest chain of links from `start` to `goal` (bidirectional breadth-first search:
    it grows the smaller side each time, which keeps well-connected hubs from flooding it)."""
    if start == goal:
        return []
    ahead: dict[str, Link | None] = {start: None}
    behind: dict[str, Link | None] = {goal: None}
    front, back = [start], [goal]
    while front and back:
        if len(front) <= len(back):
            meet = _expand(conn, front, ahead, behind)
        else:
            meet = _expand(conn, back, behind, ahead)
        if meet is not None:
            return _chain(ahead, meet) + _reverse(_chain(behind, meet))
    return None


def _chain(parents: dict[str, Link | None], node: str) -> list[Link]:
    chain: list[Link] = []
    while (link := parents[node]) is not None:
        chain.append(link)
        node = link.source
    return chain[::-1]


def _reverse(chain: list[Link]) -> list[Link]:
    """A chain found from the goal's side, turned round to read from the meeting point on."""
    return [Link(x.target, x.source, x.via, x.id, x.sentence, x.when, x.order)
            for x in reversed(chain)]


def path(conn: sqlite3.Connection, start: str, goal: str) -> Row:
    hops = shortest_path(conn, start, goal)
    names = _names(conn, [start, goal, *(h.target for h in hops or [])])
    return {
        "from": names[start], "to": names[goal], "connected": hops is not None,
        "length": len(hops) if hops is not None else None,
        "hops": [_link_row(conn, h, names) for h in hops or []],
    }


# --- the network ----------------------------------------------------------------------------

def around(conn: sqlite3.Connection, centre: str, depth: int) -> set[str]:
    """The entities within `depth` links of `centre`."""
    seen = {centre}
    queue = deque([(centre, 0)])
    while queue:
        node, dist = queue.popleft()
        if dist == depth:
            continue
        for link in links(conn, node):
            if link.target not in seen:
                seen.add(link.target)
                queue.append((link.target, dist + 1))
    return seen
