"""Profiles, event lists and the source catalogue laid out as sections."""

from __future__ import annotations

from typing import Any

from idkb.core import dates
from idkb.core.vocab import TABLES
from idkb.render.sections import Fields, Footnotes, Grid, Section, clean, short

Row = dict[str, Any]


def _mark(item: Row) -> str:
    return " (reported)" if item.get("certainty") == "reported" else ""


def _statement_text(s: Row) -> str:
    other = s["object"] if s["direction"] == "out" else s["subject"]
    text = s["relation"]
    if other:
        text += f" {short(other)}"
    if s["value"] is not None:
        text = f"{s['title']}: {s['value']}" if s["predicate"] == "count" and s["title"] else \
            f"{text}: {s['value']}"
    elif s["title"]:
        text += f" ({s['title']})"
    return clean(text + _mark(s))


def _status(word: str) -> str:
    """A status as a table shows it: the JSON word with spaces ("may-hold" -> "may hold")."""
    return word.replace("-", " ")


def _counted(counts: dict[str, int]) -> str:
    """'Statements (40: 2 held, 2 may hold, 36 last reported)': each status counted apart."""
    total = sum(counts.values())
    parts = [f"{n} {_status(word)}" for word, n in counts.items() if n]
    return f"Statements ({total}: {', '.join(parts)})" if parts else "Statements (0)"


def profile_view(p: Row) -> list[Section]:
    notes = Footnotes(p["sources"])
    head = [("id", p["id"]), ("kind", p["kind"] + (f" ({p['subkind']})" if p["subkind"] else ""))]
    if p["aliases"]:
        head.append(("also", ", ".join(
            a["name"] + (f" [{a['lang']}]" if a["lang"] else "") for a in p["aliases"])))
    if p["country"]:
        head.append(("country", p["country"]["name"]))
    if p["website"]:
        head.append(("website", p["website"]))
    if p["summary"]:
        head.append(("summary", p["summary"]))
    if p["as_of"]:
        head.append(("as of", dates.display(p["as_of"])))
    sections: list[Section] = [Fields(clean(p["name"]), [(k, clean(v)) for k, v in head])]
    facts = Grid(_counted(p["counts"]), ["statement", "period", "status", "sources"],
                 drop=(2,), whole=(1, 2), lists=(3,))
    for s in p["statements"]:
        facts.rows.append([_statement_text(s), s["period"], _status(s["status"]),
                           notes.cite(s["sources"])])
    sections.append(facts)
    sections += _held_sections(p, notes)
    events = _events_grid(p["events"], notes, f"Events ({p['event_count']})")
    if p["event_count"] > len(p["events"]):
        events.note = (f"the latest {len(p['events'])} of {p['event_count']}; all of them: "
                       f"idkb events --with {p['id']}")
    sections.append(events)
    sections.append(notes.grid())
    return sections


def _held_sections(p: Row, notes: Footnotes) -> list[Section]:
    """A country's parties, organisations and people, and the statements about them; a party's
    or an organisation's people."""
    sections: list[Section] = []
    if "people" in p:
        grid = Grid("Members and leaders", ["person", "relation", "period"])
        for who in p["people"]:
            for r in who["relations"]:
                period = dates.display(r["as_of"]) if r["as_of"] else \
                    "–".join(dates.display(x) for x in (r["start"], r["end"]) if x)
                grid.rows.append([clean(who["name"]), clean(r["relation"]), period])
        sections.append(grid)
    for kind, group in p.get("based", {}).items():
        title = {"organisation": "Organisations", "party": "Parties", "person": "People"}
        grid = Grid(f"{title.get(kind, kind)} based here ({len(group)})", ["name", "id", "events"])
        grid.rows += [[clean(x["name"]), x["id"], str(x["events"])] for x in group]
        sections.append(grid)
    if p.get("statements_of_based"):
        grid = Grid("About them", ["about", "statement", "period", "sources"])
        for s in p["statements_of_based"]:
            grid.rows.append([clean(s["about"]["name"]), _statement_text(s), s["period"],
                              notes.cite(s["sources"])])
        sections.append(grid)
    return sections


def _events_grid(evs: list[Row], notes: Footnotes, title: str) -> Grid:
    grid = Grid(title, ["date", "type", "event", "with", "sources"], drop=(1,), whole=(0,),
                lists=(4,))
    for e in evs:
        people = ", ".join(f"{short(x)} ({x['role']})" for x in e["participants"])
        grid.rows.append([dates.display(e["date"]), e["type"], clean(e["title"] + _mark(e)),
                          clean(people), notes.cite(e["sources"])])
    return grid


def events_view(evs: list[Row], known_sources: list[Row], more: int = 0) -> list[Section]:
    notes = Footnotes(known_sources)
    grid = _events_grid(evs, notes, f"Events ({len(evs)})")
    if more:
        grid.note = f"{more} more not shown; raise --limit or use --format jsonl"
    return [grid, notes.grid()]


def sources_view(srcs: list[Row]) -> list[Section]:
    grid = Grid(f"Sources ({len(srcs)})",
                ["id", "kind", "title", "publisher", "published", "facts"], drop=(1, 3, 0),
                whole=(4,))
    for s in srcs:
        grid.rows.append([s["id"], s["kind"], clean(s["title"]), clean(s["publisher"]),
                          dates.display(s["published"]), str(s["facts"])])
    return [grid]


def datasets_view(found: list[Row]) -> list[Section]:
    grid = Grid("Datasets", ["name", *TABLES.values(), "loaded", "sha256", "file"])
    for d in found:
        grid.rows.append([clean(d["name"]), *(f"{d[k]:,}" for k in TABLES.values()),
                          clean(d["loaded_at"]),
            d["sha256"][:12], clean(d["file"])])
    return [grid]


def check_lines(findings: list[Row]) -> str:
    """`idkb db check` as plain lines: ok or FAILED per check, then the problems found."""
    lines = []
    for f in findings:
        lines.append(f"{'ok' if not f['count'] else 'FAILED':6}  {f['check']}"
                     + (f" ({f['count']} problem(s))" if f["count"] else ""))
        lines += [f"          {clean(line)}" for line in f["problems"]]
        if f["count"] > len(f["problems"]):
            lines.append(f"          ... and {f['count'] - len(f['problems'])} more")
    return "".join(line + "\n" for line in lines)
