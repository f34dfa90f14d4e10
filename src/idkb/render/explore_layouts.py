"""Layouts for the explore commands: search hits, timelines, links, paths, networks, counts."""

from __future__ import annotations

from typing import Any

from idkb.core import dates
from idkb.render.sections import Bars, Fields, Footnotes, Grid, Section, clean, short

Row = dict[str, Any]


def search_view(text: str, hits: list[Row], total: int) -> list[Section]:
    found = (f"{total} matches, showing {len(hits)} (use --limit)" if total > len(hits)
             else f"{total} match{'es' if total != 1 else ''}")
    grid = Grid(f"Search: {clean(text)}: {found}", ["kind", "id", "title", "match"],
                marked=(3,), drop=(0, 1))
    for h in hits:
        grid.rows.append([h["kind"], clean(h["id"]), clean(h["title"]), marked(h)])
    if not hits:
        return [Fields(f"Search: {clean(text)}", [("found", "nothing")])]
    return [grid]


def marked(hit: Row) -> str:
    """The snippet with each match between ** (drawn highlighted on a terminal)."""
    text, out, at = hit["snippet"], [], 0
    for start, end in hit["matches"]:
        out += [clean(text[at:start]), "**", clean(text[start:end]), "**"]
        at = end
    return "".join([*out, clean(text[at:])])


def timeline_view(items: list[Row], known: list[Row], title: str,
                  empty: str = "nothing in that period") -> list[Section]:
    """One table for the whole timeline, so its columns line up; the year is written on the
    first row of each year."""
    notes = Footnotes(known)
    grid = Grid("In date order", ["year", "date", "what", "title", "with", "sources"], drop=(4,),
                whole=(0, 1), lists=(5,))
    for year, group in by_year(items):
        for n, item in enumerate(_merged(group)):
            people = ", ".join(f"{short(w)} ({w['role']})" for w in item["with"]
                               if item["record"] == "event")
            mark = " (reported)" if item["certainty"] == "reported" else ""
            grid.rows.append(["" if n else _YEAR_CELL.get(year, year), item["when"],
                              item["type"],
                              clean(item["title"] + mark), clean(people),
                              notes.cite(item["sources"])])
    said = {item.get("bound") for item in items}
    notes_said = [f"{_YEAR_CELL[group]}: {group.lower()}" for bound, group in
                  (("upper", UPPER_BOUNDS), ("range", RANGES)) if bound in said]
    if notes_said:
        grid.note = "; ".join(notes_said) + ", listed after the years"
    if not grid.rows:
        return [Fields(title, [("found", empty)])]
    return [Fields(title, [("items", str(len(items)))]), grid, notes.grid()]


def _merged(group: list[Row]) -> list[Row]:
    """A position's start or end drawn once: when an event on the same day has both its
    holder and the post among its participants (an appointment), the event's row stands
    for it and carries its sources too."""
    # Copies: the rows of a table may merge, the data shown as JSON stays as it is.
    group = [{**i, "sources": list(i["sources"])} for i in group]
    events = [i for i in group if i["record"] == "event"]
    shown: list[Row] = []
    for item in group:
        if item["record"] != "event":
            ids = {w["id"] for w in item["with"]}
            same = next((e for e in events if e["date"] == item["date"]
                         and ids <= {w["id"] for w in e["with"]}), None)
            if same is not None:
                same["sources"] += [c for c in item["sources"] if c not in same["sources"]]
                continue
        shown.append(item)
    return shown


def related_view(name: str, found: list[Row], known: list[Row]) -> list[Section]:
    notes = Footnotes(known)
    grid = Grid(f"Linked to {clean(name)} ({len(found)})",
                ["entity", "kind", "events", "first", "last", "how", "sources"],
                drop=(1, 3), whole=(3, 4), lists=(6,))
    for r in found:
        grid.rows.append([clean(short(r)), r["kind"], str(r["events"]),
                          dates.display(r["first"]), dates.display(r["last"]),
                          clean("; ".join(r["how"])), notes.cite(r["sources"])])
    if not found:
        return [Fields(clean(name), [("linked to", "nothing")])]
    return [grid, notes.grid()]


def path_view(result: Row, known: list[Row]) -> list[Section]:
    a, b = clean(result["from"]["name"]), clean(result["to"]["name"])
    if not result["connected"]:
        return [Fields(f"{a} → {b}", [("path", "no connection")])]
    if not result["hops"]:
        return [Fields(f"{a} → {b}", [("path", "the same entity")])]
    notes = Footnotes(known)
    grid = Grid(f"{a} → {b}: {result['length']} link(s), through {', '.join(result['via'])}",
                ["#", "from", "to", "how", "when", "sources"])
    for i, hop in enumerate(result["hops"], 1):
        grid.rows.append([str(i), clean(short(hop["from"])), clean(short(hop["to"])),
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
    if len(data["keys"]) == 2:
        a, b = (k.replace("-", "_") for k in data["keys"])
        rows = [(f"{clean(str(r[a]))} · {clean(str(r[b]))}", r["count"]) for r in data["rows"]]
    else:
        rows = [(clean(r["name"]), r["count"]) for r in data["rows"]]
    return [Bars(title, rows, data["note"])]


UPPER_BOUNDS = "By a date, exactly when not known"
RANGES = "Between two dates, exactly when not known"
# What the year column shows for the groups after the years.
_YEAR_CELL = {UPPER_BOUNDS: "by a date", RANGES: "between"}


def by_year(items: list[Row]) -> list[tuple[str, list[Row]]]:
    """Items grouped under the year of their earliest day; upper bounds ("ended by 4 Jun
    2021": any time before) and ranges ("between 5 Jun 2021 and 2 Jun 2022") apart, after the
    years."""
    groups: dict[str, list[Row]] = {}
    for item in items:
        key = (UPPER_BOUNDS if item.get("bound") == "upper" else
               RANGES if item.get("bound") == "range" else
               str(item["year"]) if item["year"] is not None else "undated")
        groups.setdefault(key, []).append(item)
    return list(groups.items())
