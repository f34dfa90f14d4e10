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
