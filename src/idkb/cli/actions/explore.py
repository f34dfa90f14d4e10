"""Search, timelines, links and paths, the network, and counts."""

from __future__ import annotations

import sqlite3
from typing import Any

from idkb.cli.actions.common import connect, period_options
from idkb.query import links, network, profiles
from idkb.query import stats as counting
from idkb.query import timeline as timelines
from idkb.query.resolve import resolve
from idkb.query.search import search as run_search
from idkb.render import explore_layouts as layouts
from idkb.render import flat, graph_formats
from idkb.render.emit import FORMAT_BY_NAME, Result, Shown, Text


def known_sources(conn: sqlite3.Connection, result: object) -> list[dict[str, Any]]:
    """The sources a result cites, for its footnotes (tables only)."""
    return profiles.sources(conn, profiles.cited(result))


def search(text: str, kind: str | None, limit: int, db_option: str | None) -> Shown:
    conn = connect(db_option)
    hits = run_search(conn, text, kind, limit)
    return Shown(hits, lambda: layouts.search_view(text, hits), lambda: iter(hits))


def timeline(name: str | None, start: str | None, end: str | None,
             db_option: str | None) -> Shown:
    first, last = period_options(start, end)
    conn = connect(db_option)
    match = resolve(conn, name) if name is not None else None
    items = timelines.timeline(conn, match, first, last)
    title = f"Timeline: {match.name}" if match else "Timeline"
    empty = "nothing in that period" if start or end else "no dated events or positions"
    return Shown(items,
                 lambda: layouts.timeline_view(items, known_sources(conn, items), title,
                                               empty),
                 lambda: (flat.flat_timeline_item(i) for i in items))


def related(name: str, db_option: str | None) -> Shown:
    conn = connect(db_option)
    match = resolve(conn, name)
    found = links.related(conn, match.id)
    return Shown(found,
                 lambda: layouts.related_view(match.name, found, known_sources(conn, found)),
                 lambda: (flat.flat_link(x, {}) for x in found))


def path(a: str, b: str, db_option: str | None) -> Shown:
    conn = connect(db_option)
    start, goal = resolve(conn, a), resolve(conn, b)
    result = links.path(conn, start.id, goal.id)
    return Shown(result, lambda: layouts.path_view(result, known_sources(conn, result)),
                 lambda: (flat.flat_link(h, {"hop": i})
                          for i, h in enumerate(result["hops"], 1)))


GRAPH_WRITERS = {"dot": graph_formats.to_dot, "mermaid": graph_formats.to_mermaid,
                 "graphml": graph_formats.to_graphml}


def graph(around: str | None, depth: int, fmt: str, as_json: bool,
          db_option: str | None) -> Result:
    conn = connect(db_option)
    centre = resolve(conn, around).id if around is not None else None
    net = network.network(conn, centre, depth)
    chosen = "json" if as_json else fmt
    if chosen in GRAPH_WRITERS:
        return Text(GRAPH_WRITERS[chosen](net))
    # JSON Lines: one line per node, then one per link, each saying which it is.
    lines = [{"record": "node", **n} for n in net["nodes"]]
    lines += [{"record": "link", **e} for e in net["edges"]]
    return Shown(lines if chosen == "jsonl" else net, lambda: layouts.network_view(net),
                 lambda: iter(net["edges"]), fmt=FORMAT_BY_NAME[chosen])


def stats(by: str, db_option: str | None) -> Shown:
    conn = connect(db_option)
    data = counting.stats(conn, by)
    return Shown(data, lambda: layouts.stats_view(data), lambda: iter(data["rows"]))
