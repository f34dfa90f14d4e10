"""Relations between entities: who is linked to whom, the shortest chain, the whole network.

Two entities are linked by a statement between them ("Song Tao heads the ID") or by an event
both took part in. Every lookup goes through an index (statements by subject and by object,
participants by entity and by event), so walking out from one entity costs its degree, not the
size of the database.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from idkb.core import dates
from idkb.core.batches import batches
from idkb.core.vocab import PREDICATE_ORDER, PREDICATES
from idkb.query import profiles, status
from idkb.store import links as same_as

Row = dict[str, Any]


class Link(NamedTuple):
    """One link seen from `source`: to `target`, through a statement, an event or the country
    the target (or the source) is based in. (A named tuple, not a dataclass: importing
    dataclasses would cost `search` more than its query.)"""

    source: str
    target: str
    via: str  # "statement", "event" or "country"
    id: str
    sentence: str  # how, as a sentence: "Song Tao heads International Department"
    when: str
    order: tuple[int, str]
    target_kind: str = ""
    first: str | None = None  # earliest day the link may have held
    last: str | None = None  # latest day
    date: str | None = None  # an event's date as the source gives it


class Period(NamedTuple):
    """Only links that may hold in [start, end]; a side left None is open."""

    start: str | None = None
    end: str | None = None

    def meets(self, first: str | None, last: str | None) -> bool:
        if self.start is not None and last is not None and last < self.start:
            return False
        return not (self.end is not None and first is not None and first > self.end)


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
    "coalesce(s.start_earliest, s.as_of_earliest) AS first, "
    "CASE WHEN s.as_of IS NOT NULL THEN s.as_of_latest ELSE s.end_latest END AS last, "
    "a.name AS subject_name, b.name AS object_name, a.kind AS subject_kind, "
    "b.kind AS object_kind FROM statements s "
    "JOIN entities a ON a.id = s.subject JOIN entities b ON b.id = s.object "
)
_EVENT_LINKS = (
    "SELECT e.id, e.title, e.date, e.earliest, e.latest, p2.entity_id AS other, x.kind "
    "FROM event_participants p1 JOIN events e ON e.id = p1.event_id "
    "JOIN event_participants p2 ON p2.event_id = p1.event_id "
    "JOIN entities x ON x.id = p2.entity_id "
    "WHERE p1.entity_id = ? AND p2.entity_id != p1.entity_id"
)
# An entity and the country it is based in, both ways.
_COUNTRY_LINKS = (
    "SELECT x.id, x.name, x.kind, c.id AS country, c.name AS country_name FROM entities x "
    "JOIN entities c ON c.id = x.country WHERE x.id != c.id AND "
)


def _statement_link(r: sqlite3.Row, here: str) -> Link:
    out = r["subject"] == here
    other = r["object"] if out else r["subject"]
    sentence = f"{r['subject_name']} {PREDICATES[r['predicate']][1]} {r['object_name']}"
    if r["title"]:
        sentence += f" ({r['title']})"
    return Link(here, other, "statement", r["id"], sentence, status.period(r),
                (PREDICATE_ORDER[r["predicate"]], r["id"]),
                r["object_kind"] if out else r["subject_kind"], r["first"], r["last"])


def statement_links(conn: sqlite3.Connection, entity_id: str) -> list[Link]:
    """The statements between this entity and another, as links from it."""
    rows = conn.execute(
        _STATEMENT_LINKS + "WHERE s.subject = ? AND s.object != s.subject UNION ALL "
        + _STATEMENT_LINKS + "WHERE s.object = ? AND s.subject != s.object",
        (entity_id, entity_id),
    ).fetchall()
    return [_statement_link(r, entity_id) for r in rows]


def _country_links(conn: sqlite3.Connection, entity_id: str) -> list[Link]:
    rows = conn.execute(_COUNTRY_LINKS + "x.id = ? UNION ALL " + _COUNTRY_LINKS + "c.id = ?",
                        (entity_id, entity_id)).fetchall()
    found = []
    for r in rows:
        other, kind = (r["country"], "country") if r["id"] == entity_id else (r["id"], r["kind"])
        found.append(Link(entity_id, other, "country", f"based-in:{r['id']}",
                          f"{r['name']} is based in {r['country_name']}", "",
                          (len(PREDICATES) + 1, r["id"]), kind))
    return found


def links(conn: sqlite3.Connection, entity_id: str, period: Period | None = None,
          countries: bool = True) -> list[Link]:
    """Every link from one entity (in the period, if given): statements, shared events in
    date order, then the country it is based in (or, for a country, what is based in it)."""
    found = statement_links(conn, entity_id)
    seen: set[tuple[str, str]] = set()
    for r in conn.execute(_EVENT_LINKS, (entity_id,)):
        if (r["id"], r["other"]) in seen:  # someone listed twice, in two roles
            continue
        seen.add((r["id"], r["other"]))
        found.append(Link(entity_id, r["other"], "event", r["id"], f"both in: {r['title']}",
                          dates.display(r["date"]), (len(PREDICATES), r["earliest"] or ""),
                          r["kind"], r["earliest"], r["latest"], r["date"]))
    if period is not None:
        found = [x for x in found if period.meets(x.first, x.last)]
    if countries:
        found += _country_links(conn, entity_id)
    found.sort(key=lambda link: (link.order, link.id, link.target))
    return found


def _link_row(conn: sqlite3.Connection, link: Link, names: dict[str, Row]) -> Row:
    table, key = (("statement_sources", "statement_id") if link.via == "statement"
                  else ("event_sources", "event_id"))
    cites = profiles.citations(conn, table, key, [link.id])[link.id] \
        if link.via != "country" else []
    return {
        "from": names[link.source], "to": names[link.target], "via": link.via, "id": link.id,
        "how": link.sentence, "when": link.when, "start": link.first, "end": link.last,
        "sources": cites,
    }


# Each entity linked to one (or to any id of its same-as group, `grp`), grouped by SQLite and in
# the order `related` gives them, so the rows stream however many there are (a country shares
# events with tens of thousands): the same links as `links` (shared events once per other
# entity, statements both ways, the country one is based in), counted per entity; the first
# and last shared event by (earliest day, id). Links within the group are left out.
_GROUPS = """
WITH grp(id) AS (VALUES {group}),
ev AS (
    SELECT DISTINCT p2.entity_id AS other, e.id AS eid, coalesce(e.earliest, '') AS k, e.date
    FROM event_participants p1 JOIN events e ON e.id = p1.event_id
    JOIN event_participants p2 ON p2.event_id = p1.event_id
    WHERE p1.entity_id IN grp AND p2.entity_id NOT IN grp),
ranked AS (
    SELECT other, date,
           row_number() OVER (PARTITION BY other ORDER BY k, eid) AS up,
           row_number() OVER (PARTITION BY other ORDER BY k DESC, eid DESC) AS down
    FROM ev),
evg AS (
    SELECT other, count(*) AS events, max(CASE WHEN up = 1 THEN date END) AS first,
           max(CASE WHEN down = 1 THEN date END) AS last
    FROM ranked GROUP BY other),
st AS (
    SELECT other, count(*) AS n FROM (
        SELECT s.object AS other FROM statements s JOIN entities b ON b.id = s.object
        WHERE s.subject IN grp AND s.object NOT IN grp
        UNION ALL
        SELECT s.subject FROM statements s JOIN entities a ON a.id = s.subject
        WHERE s.object IN grp AND s.subject NOT IN grp)
    GROUP BY other),
based AS (
    SELECT c.id AS other FROM entities x JOIN entities c ON c.id = x.country
    WHERE x.id IN grp AND c.id NOT IN grp
    UNION
    SELECT x.id FROM entities x JOIN entities c ON c.id = x.country
    WHERE c.id IN grp AND x.id NOT IN grp),
others AS (SELECT other FROM evg UNION SELECT other FROM st UNION SELECT other FROM based)
SELECT x.id, x.name, x.short_name, x.kind, coalesce(evg.events, 0) AS events, evg.first, evg.last,
       coalesce(st.n, 0) AS statements, others.other IN (SELECT other FROM based) AS based
FROM others JOIN entities x ON x.id = others.other
LEFT JOIN evg ON evg.other = others.other LEFT JOIN st ON st.other = others.other
WHERE :kind IS NULL OR x.kind = :kind
ORDER BY events DESC, statements DESC, based DESC, x.name, x.id
LIMIT :limit
"""
# SQLite's own memory while it groups: each sort and temporary table keeps pages in memory up
# to the page cache's size, and cached pages beyond the soft heap limit are given back. Held
# this small, the busiest entity of a million events takes 2 MB more than that of 100,000
# (16 MB more with SQLite's defaults), and its links come no slower.
GROUPING_HEAP = 2 << 20  # bytes, for the whole process: put back after the query
GROUPING_CACHE_KB = 512


def _by_target(found: list[Link]) -> dict[str, list[Link]]:
    grouped: dict[str, list[Link]] = {}
    for link in sorted(found, key=lambda x: (x.order, x.id)):
        grouped.setdefault(link.target, []).append(link)
    return grouped


def related(conn: sqlite3.Connection, entity_id: str, kind: str | None = None,
            limit: int | None = None) -> list[Row]:
    """Each entity linked to this one, once (see `iter_related`)."""
    return list(iter_related(conn, entity_id, kind, limit))


def iter_related(conn: sqlite3.Connection, entity_id: str, kind: str | None = None,
                 limit: int | None = None, size: int = 500) -> Iterator[Row]:
    """Each entity linked to this one, once: its shared events (how many, the dates of the
    first and last as the sources give them), its statements (how, with sources), and whether
    one is based in the other; most shared events first. Read a batch at a time; only the
    statements about this entity (always few) are held at once. The ids a same-as joins to it
    are one entity, so their links are its links (each once)."""
    group = same_as.group(conn, entity_id)
    said = _by_target([x for m in group for x in statement_links(conn, m)
                       if x.target not in group])
    based = _by_target([x for m in group for x in _country_links(conn, m)
                        if x.target not in group])
    before = conn.execute("PRAGMA soft_heap_limit").fetchone()[0]
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA soft_heap_limit = {GROUPING_HEAP}")
    conn.execute(f"PRAGMA cache_size = -{GROUPING_CACHE_KB}")
    try:
        ids = {f"g{i}": member for i, member in enumerate(group)}
        cursor = conn.execute(_GROUPS.format(group=", ".join(f"(:{k})" for k in ids)),
                              {**ids, "kind": kind, "limit": -1 if limit is None else limit})
        while rows := cursor.fetchmany(size):
            yield from _related_rows(conn, rows, said, based)
    finally:
        try:
            conn.execute(f"PRAGMA soft_heap_limit = {int(before)}")
            conn.execute(f"PRAGMA cache_size = {int(cache)}")
        except sqlite3.ProgrammingError:  # closed before the rows were all read: it is ending
            pass


def _related_rows(conn: sqlite3.Connection, rows: list[sqlite3.Row],
                  said: dict[str, list[Link]], based: dict[str, list[Link]]) -> Iterator[Row]:
    cites = profiles.citations(conn, "statement_sources", "statement_id",
                               [x.id for r in rows for x in said.get(r["id"], [])])
    for r in rows:
        mine = said.get(r["id"], [])
        yield {
            "id": r["id"], "name": r["name"], "short_name": r["short_name"],
            "kind": r["kind"], "events": r["events"],
            "first": r["first"], "last": r["last"],
            "how": [x.sentence + (f" ({x.when})" if x.when else "") for x in mine]
            + [x.sentence for x in based.get(r["id"], [])],
            "statements": [x.id for x in mine], "based": bool(r["based"]),
            "sources": [c for x in mine for c in cites[x.id]],
        }


# --- shortest path --------------------------------------------------------------------------

class Walk(NamedTuple):
    """What a path may use: the kinds it passes through, and the period every link lies in."""

    via: frozenset[str] = frozenset({"person", "party", "organisation"})
    period: Period | None = None


def _expand(conn: sqlite3.Connection, frontier: list[str], parents: dict[str, Link | None],
            other: dict[str, Link | None], walk: Walk) -> str | None:
    """Visit the whole next layer; return the meeting node nearest the other side, if any.

    The layer is finished before choosing: the first meeting found need not be the nearest.
    A node of a kind the walk does not pass through is reached only as the other end.
    """
    layer: list[str] = []
    meets: list[str] = []
    for node in frontier:
        for link in links(conn, node, walk.period):
            if link.target in parents:
                continue
            if link.target not in other and link.target_kind not in walk.via:
                continue
            parents[link.target] = link
            (meets if link.target in other else layer).append(link.target)
    frontier[:] = layer
    return min(meets, key=lambda m: len(_chain(other, m)), default=None)


def shortest_path(conn: sqlite3.Connection, start: str, goal: str,
                  walk: Walk | None = None) -> list[Link] | None:
    """The shortest chain of links from `start` to `goal` (bidirectional breadth-first search:
    it grows the smaller side each time, which keeps well-connected hubs from flooding it).
    Each end starts from all the ids a same-as joins to it."""
    starts, goals = same_as.group(conn, start), same_as.group(conn, goal)
    if set(starts) & set(goals):
        return []
    walk = walk or Walk()
    ahead: dict[str, Link | None] = dict.fromkeys(starts)
    behind: dict[str, Link | None] = dict.fromkeys(goals)
    front, back = list(starts), list(goals)
    while front and back:
        if len(front) <= len(back):
            meet = _expand(conn, front, ahead, behind, walk)
        else:
            meet = _expand(conn, back, behind, ahead, walk)
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
    return [x._replace(source=x.target, target=x.source) for x in reversed(chain)]


def path(conn: sqlite3.Connection, start: str, goal: str, walk: Walk | None = None) -> Row:
    walk = walk or Walk()
    hops = shortest_path(conn, start, goal, walk)
    names = _names(conn, [start, goal, *(x for h in hops or [] for x in (h.source, h.target))])
    period = walk.period or Period()
    return {
        "from": names[start], "to": names[goal], "connected": hops is not None,
        "length": len(hops) if hops is not None else None,
        "via": sorted(walk.via), "period": {"from": period.start, "to": period.end},
        "hops": [_link_row(conn, h, names) for h in hops or []],
    }


# --- the network ----------------------------------------------------------------------------

def around(conn: sqlite3.Connection, centre: str, depth: int) -> set[str]:
    """The entities within `depth` links of `centre` (statements and shared events; being
    based in a country would join half the picture through it)."""
    seen = {centre}
    queue = deque([(centre, 0)])
    while queue:
        node, dist = queue.popleft()
        if dist == depth:
            continue
        for link in links(conn, node, countries=False):
            if link.target not in seen:
                seen.add(link.target)
                queue.append((link.target, dist + 1))
    return seen
