"""The building blocks of what a human sees: titled field lists, grids and bar charts, and
sources as numbered footnotes ("[1] para 16").

The same sections are drawn by rich on a terminal and as plain aligned text when piped, so the
two never disagree on content.
"""

from __future__ import annotations

import re
from typing import Any

from idkb.core import dates
from idkb.core.unsafe_text import UNSAFE, UNSAFE_CHARS

Row = dict[str, Any]

_UNSAFE_OR_BREAK = re.compile(f"[\\t\\n{UNSAFE_CHARS}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


def clean(value: object, lines: bool = False) -> str:
    """Data text made safe for a terminal or plain text: every control, format and separator
    character is shown escaped (`\\x1b`, `\\u202e`, `\\U000e0041`). The one escaping function
    for data text; `lines` keeps newlines and tabs (whole texts: a DOT graph, a report)."""
    if value is None:
        return ""
    text = str(value)
    if lines:
        return UNSAFE.sub(_escape, text)
    return _UNSAFE_OR_BREAK.sub(lambda m: " " if m.group() in "\n\t" else _escape(m), text)


def _keep(value: object) -> str:
    # Layouts break long cells into lines themselves: keep those breaks, escape the rest.
    return clean(value, lines=True)


def safe(sections: list[Section]) -> list[Section]:
    """The sections with every piece of text cleaned: applied to every result a person sees,
    so no layout can forget it. Copies keep every other attribute a layout set."""
    import copy

    out: list[Section] = []
    for section in sections:
        shown = copy.copy(section)
        shown.title = _keep(section.title)
        if isinstance(shown, Fields):
            shown.items = [(_keep(k), _keep(v)) for k, v in shown.items]
        elif isinstance(shown, Grid):
            shown.columns = [_keep(c) for c in shown.columns]
            shown.rows = [[_keep(c) for c in row] for row in shown.rows]
            shown.note = _keep(shown.note)
        else:
            shown.rows = [(_keep(k), n) for k, n in shown.rows]
            shown.note = _keep(shown.note)
        out.append(shown)
    return out


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
            grid.rows.append([str(i), _keep(s.get("title")), _keep(s.get("publisher")),
                              dates.display(s.get("published")), _keep(s.get("url"))])
        return grid
