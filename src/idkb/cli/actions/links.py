"""Links between entities: what NAME is linked to, the path from A to B, the network."""

from __future__ import annotations

from idkb.cli.actions.common import connect, period_options
from idkb.cli.actions.explore import known_sources
from idkb.cli.actions.filtering import event_query
from idkb.core.errors import BadInput
from idkb.core.vocab import ENTITY_KINDS
from idkb.query import links, network
from idkb.query.resolve import resolve
from idkb.render import explore_layouts as layouts
from idkb.render import flat, graph_formats
from idkb.render.emit import FORMAT_BY_NAME, Counted, Result, Shown, Text
from idkb.render.sections import Section


def related(name: str, kind: str | None, limit: int | None, db_option: str | None) -> Shown:
    conn = connect(db_option)
    match = resolve(conn, name)
    # JSON, JSON Lines and CSV write rows as SQLite groups them; a table needs them all.
    found = Counted(links.iter_related(conn, match.id, kind, limit))

    def table() -> list[Section]:
        listed = list(found)
        return layouts.related_view(match.name, listed, known_sources(conn, listed))

    return Shown(found, table, lambda: (flat.flat_related(x) for x in found),
                 flat.RELATED_COLUMNS,
                 empty=lambda: None if found.seen
                 else f"nothing{f' of kind {kind}' if kind else ''} is linked to {match.name}")


def _via(text: str) -> frozenset[str]:
    kinds = frozenset(k.strip().casefold() for k in text.split(",") if k.strip())
    unknown = sorted(kinds - set(ENTITY_KINDS))
    if unknown or not kinds:
        raise BadInput(f"--via {text!r}: unknown kind {unknown[0] if unknown else '(none)'!r}; "
                       f"kinds: {', '.join(ENTITY_KINDS)}")
    return kinds


def path(a: str, b: str, via: str, start: str | None, end: str | None,
         db_option: str | None) -> Shown:
    kinds = _via(via)
    first, last = period_options(start, end)
    conn = connect(db_option)
    begin, goal = resolve(conn, a), resolve(conn, b)
    period = links.Period(first, last) if first or last else None
    result = links.path(conn, begin.id, goal.id, links.Walk(kinds, period))
    return Shown(result, lambda: layouts.path_view(result, known_sources(conn, result)),
                 lambda: (flat.flat_link(h, {"hop": i})
                          for i, h in enumerate(result["hops"], 1)), flat.LINK_COLUMNS)


GRAPH_WRITERS = {"dot": graph_formats.to_dot, "mermaid": graph_formats.to_mermaid,
                 "graphml": graph_formats.to_graphml}


def graph(around: str | None, depth: int, fmt: str, year: int | None, start: str | None,
          end: str | None, etype: str | None, with_names: list[str] | None, place: str | None,
          source: str | None, dataset: str | None, where: list[str] | None, as_json: bool,
          db_option: str | None) -> Result:
    conn = connect(db_option)
    q = event_query(conn, year=year, start=start, end=end, etype=etype, with_names=with_names,
                    place=place, source=source, dataset=dataset,
                    where=where)
    centre = resolve(conn, around).id if around is not None else None
    net = network.network(conn, centre, depth, q)
    chosen = "json" if as_json else fmt
    if chosen in GRAPH_WRITERS:
        return Text(GRAPH_WRITERS[chosen](net))
    # JSON Lines: one line per node, then one per link, each saying which it is.
    lines = [{"record": "node", **n} for n in net["nodes"]]
    lines += [{"record": "link", **e} for e in net["edges"]]
    return Shown(lines if chosen == "jsonl" else net, lambda: layouts.network_view(net),
                 lambda: iter(net["edges"]), fmt=FORMAT_BY_NAME[chosen])
