"""Layouts for the explore commands: search hits, timelines, links, paths, networks, counts."""

from __future__ import annotations

from typing import Any

from idkb.render.sections import Bars, Fields, Footnotes, Grid, Section, clean

Row = dict[str, Any]


def search_view(text: str, hits: list[Row]) -> list[Section]:
    grid = Grid(f"Search: {clean(text)} ({len(hits)})", ["kind", "id", "title", "match"],
                marked=(3,))
    for h in hits:
        grid.rows.append([h["kind"], clean(h["id"]), clean(h["title"]), clean(h["snippet"])])
    if not hits:
        return [Fields(f"Search: {clean(text)}", [("found", "nothing")])]
    return [grid]


def timeline_view(items: list[Row], known: list[Row], title: str) -> list[Section]:
    notes = Footnotes(known)
    sections: list[Section] = []
    for year, group in by_year(items):
        grid = Grid(year, ["date", "what", "title", "with", "sources"])
        for item in group:
            people = ", ".join(f"{w['name']} ({w['role']})" for w in item["with"]
                               if item["record"] == "event")
            mark = " (reported)" if item["certainty"] == "reported" else ""
            grid.rows.append([item["when"], item["type"], clean(item["title"] + mark),
                              clean(people), notes.cite(item["sources"])])
        sections.append(grid)
    if not sections:
        return [Fields(title, [("found", "nothing in that period")])]
    return [Fields(title, [("items", str(len(items)))]), *sections, notes.grid()]


def related_view(name: str, links: list[Row], known: list[Row]) -> list[Section]:
    notes = Footnotes(known)
    grid = Grid(f"Linked to {clean(name)} ({len(links)})",
                ["entity", "kind", "how", "when", "sources"])
    for link in links:
        grid.rows.append([clean(link["to"]["name"]), link["to"]["kind"], clean(link["how"]),
                          link["when"], notes.cite(link["sources"])])
    if not links:
        return [Fields(clean(name), [("linked to", "nothing")])]
    return [grid, notes.grid()]


def path_view(result: Row, known: list[Row]) -> list[Section]:
    a, b = clean(result["from"]["name"]), clean(result["to"]["name"])
    if not result["connected"]:
        return [Fields(f"{a} → {b}", [("path", "no connection")])]
    if not result["hops"]:
        return [Fields(f"{a} → {b}", [("path", "the same entity")])]
    notes = Footnotes(known)
    grid = Grid(f"{a} → {b}: {result['length']} link(s)",
                ["#", "from", "to", "how", "when", "sources"])
    for i, hop in enumerate(result["hops"], 1):
        grid.rows.append([str(i), clean(hop["from"]["name"]), clean(hop["to"]["name"]),
                          clean(hop["how"]), hop["when"], notes.cite(hop["sources"])])
    return [grid, notes.grid()]


def network_view(net: Row) -> list[Section]:
    names = {n["id"]: n["label"] for n in net["nodes"]}
    nodes = Grid(f"Nodes ({len(net['nodes'])})", ["id", "kind", "label"])
    for n in net["nodes"]:
        nodes.rows.append([clean(n["id"]), n["kind"], clean(n["label"])])
    edges = Grid(f"Links ({len(net['edges'])})", ["from", "link", "to", "when"])
    for e in net["edges"]:
        edges.rows.append([clean(names.get(e["source"], e["source"])), clean(e["label"]),
                           clean(names.get(e["target"], e["target"])), e["when"]])
    return [nodes, edges]


def stats_view(data: Row) -> list[Section]:
    title = f"{data['counting'].capitalize()} by {data['by']} (total {data['total']})"
    return [Bars(title, [(clean(r["key"]), r["count"]) for r in data["rows"]], data["note"])]


UPPER_BOUNDS = "By a date, exactly when not known"


def by_year(items: list[Row]) -> list[tuple[str, list[Row]]]:
    """Items grouped under the year of their earliest day; upper bounds ("ended by 4 Jun
    2021": any time before) apart, after the years."""
    groups: dict[str, list[Row]] = {}
    for item in items:
        key = (UPPER_BOUNDS if item.get("bound") == "upper" else
               str(item["year"]) if item["year"] is not None else "undated")
        groups.setdefault(key, []).append(item)
    return list(groups.items())
