"""Links between entities: what NAME is linked to, the path from A to B, the network."""

from __future__ import annotations

from idkb.cli.actions.common import connect
from idkb.cli.actions.explore import known_sources
from idkb.query import links, network
from idkb.query.resolve import resolve
from idkb.render import explore_layouts as layouts
from idkb.render import flat, graph_formats
from idkb.render.emit import FORMAT_BY_NAME, Result, Shown, Text


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
