"""The building blocks of what a human sees: titled field lists, grids and bar charts, and
sources as numbered footnotes ("[1] para 16").

The same sections are drawn by rich on a terminal and as plain aligned text when piped, so the
two never disagree on content.
"""

from __future__ import annotations

import re
from typing import Any

from idkb.core import dates

Row = dict[str, Any]

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(value: object) -> str:
    """Data text made safe for a terminal: control and bidi characters shown escaped."""
    if value is None:
        return ""
    text = str(value).replace("\n", " ")
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def short(ref: Row) -> str:
    """An entity's name as a table shows it: its short display name when it has one."""
    return str(ref.get("short_name") or ref["name"])


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
    __slots__ = ("columns", "drop", "links", "lists", "marked", "note", "rows", "title",
                 "whole")

    def __init__(self, title: str, columns: list[str], rows: list[list[str]] | None = None,
                 note: str = "", marked: tuple[int, ...] = (), drop: tuple[int, ...] = (),
                 links: tuple[int, ...] = (), whole: tuple[int, ...] = (),
                 lists: tuple[int, ...] = ()) -> None:
        self.title = title
        self.columns = columns
        self.rows = rows if rows is not None else []
        self.note = note  # e.g. "12 more; use --limit"
        self.marked = marked  # columns whose **matches** are highlighted on a terminal
        # Columns a narrow screen may leave out, least important first (the rest wrap).
        self.drop = drop
        self.links = links  # columns of URLs: a short link text on a terminal
        self.whole = whole  # columns never wrapped (dates: "Nov 2015 – 2 Jun 2022")
        self.lists = lists  # columns of "a; b; c" lists, wrapped only between items

    def __repr__(self) -> str:
        return (f"Grid({self.title!r}, {self.columns!r}, {self.rows!r}, {self.note!r}, "
                f"{self.marked!r}, {self.drop!r}, {self.links!r}, {self.whole!r}, "
                f"{self.lists!r})")


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
            locators = grouped.setdefault(c["source"], [])
            if c["locator"] not in locators:
                locators.append(c["locator"])
        return "; ".join(f"[{self.order.index(source) + 1}] {', '.join(locators)}"
                         for source, locators in grouped.items())

    def grid(self) -> Grid:
        grid = Grid("Sources", ["#", "source", "publisher", "published", "url"], drop=(2,),
                    links=(4,), whole=(3,))
        for i, sid in enumerate(self.order, 1):
            s = self.known.get(sid, {"title": sid})
            grid.rows.append([str(i), clean(s.get("title")), clean(s.get("publisher")),
                              dates.display(s.get("published")), clean(s.get("url"))])
        return grid
