"""What a human sees: query results laid out as titled field lists and grids.

The same layout is drawn by rich on a terminal and as plain aligned text when piped, so the two
never disagree on content. Sources become numbered footnotes ("[1] para 16").
"""

from __future__ import annotations

import re
from typing import Any

from idkb import dates

Row = dict[str, Any]

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(value: object) -> str:
    """Data text made safe for a terminal: control and bidi characters shown escaped."""
    if value is None:
        return ""
    text = str(value).replace("\n", " ")
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


# Plain classes, not dataclasses: importing dataclasses (and inspect with it) would cost every
# read command more than its query.
class Fields:
    __slots__ = ("items", "title")

    def __init__(self, title: str, items: list[tuple[str, str]]) -> None:
        self.title = title
        self.items = items

    def __repr__(self) -> str:
        return f"Fields({self.title!r}, {self.items!r})"


class Grid:
    __slots__ = ("columns", "marked", "note", "rows", "title")

    def __init__(self, title: str, columns: list[str], rows: list[list[str]] | None = None,
                 note: str = "", marked: tuple[int, ...] = ()) -> None:
        self.title = title
        self.columns = columns
        self.rows = rows if rows is not None else []
        self.note = note  # e.g. "12 more; use --limit"
        self.marked = marked  # columns whose **matches** are highlighted on a terminal

    def __repr__(self) -> str:
        return (f"Grid({self.title!r}, {self.columns!r}, {self.rows!r}, {self.note!r}, "
                f"{self.marked!r})")


class Bars:
    """Counts drawn as a bar chart (rich on a terminal, '#' bars when piped)."""

    __slots__ = ("note", "rows", "title")

    def __init__(self, title: str, rows: list[tuple[str, int]], note: str = "") -> None:
        self.title = title
        self.rows = rows
        self.note = note

    def __repr__(self) -> str:
        return f"Bars({self.title!r}, {self.rows!r}, {self.note!r})"


Section = Fields | Grid | Bars


class Footnotes:
    """Numbers sources in the order they are first cited."""

    def __init__(self, known: list[Row]) -> None:
        self.known = {s["id"]: s for s in known}
        self.order: list[str] = []

    def cite(self, citations: list[Row]) -> str:
        """'[1] para 6, para 14; [2] whole item': one mark per source, its locators after it."""
        grouped: dict[str, list[str]] = {}
        for c in citations:
            if c["source"] not in self.order:
                self.order.append(c["source"])
            grouped.setdefault(c["source"], []).append(c["locator"])
        return "; ".join(f"[{self.order.index(source) + 1}] {', '.join(locators)}"
                         for source, locators in grouped.items())

    def grid(self) -> Grid:
        grid = Grid("Sources", ["#", "source", "publisher", "published", "url"])
        for i, sid in enumerate(self.order, 1):
            s = self.known.get(sid, {"title": sid})
            grid.rows.append([str(i), clean(s.get("title")), clean(s.get("publisher")),
                              dates.display(s.get("published")), clean(s.get("url"))])
        return grid


def _mark(item: Row) -> str:
    return " (reported)" if item.get("certainty") == "reported" else ""


def _statement_text(s: Row) -> str:
    other = s["object"] if s["direction"] == "out" else s["subject"]
    text = s["relation"]
    if other:
        text += f" {other['name']}"
    if s["value"] is not None:
        text = f"{s['title']}: {s['value']}" if s["predicate"] == "count" and s["title"] else \
            f"{text}: {s['value']}"
    elif s["title"]:
        text += f" ({s['title']})"
    return clean(text + _mark(s))


def _status(s: Row) -> str:
    return {"past": "past", "as-of": "", "current": "current"}[s["status"]]


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
    facts = Grid("Statements", ["statement", "period", "status", "sources"])
    for s in p["statements"]:
        facts.rows.append([_statement_text(s), s["period"], _status(s), notes.cite(s["sources"])])
    sections.append(facts)
    sections.append(_events_grid(p["events"], notes, "Events"))
    sections.append(notes.grid())
    return sections


def _events_grid(evs: list[Row], notes: Footnotes, title: str) -> Grid:
    grid = Grid(title, ["date", "type", "event", "with", "sources"])
    for e in evs:
        people = ", ".join(f"{x['name']} ({x['role']})" for x in e["participants"])
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
                ["id", "kind", "title", "publisher", "published", "facts"])
    for s in srcs:
        grid.rows.append([s["id"], s["kind"], clean(s["title"]), clean(s["publisher"]),
                          dates.display(s["published"]), str(s["facts"])])
    return [grid]
