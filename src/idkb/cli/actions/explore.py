"""Search, timelines and counts."""

from __future__ import annotations

import sqlite3
from typing import Any

from idkb.cli.actions.common import connect, period_options
from idkb.query import profiles
from idkb.query import stats as counting
from idkb.query import timeline as timelines
from idkb.query.resolve import resolve
from idkb.query.search import iter_search
from idkb.render import explore_layouts as layouts
from idkb.render import flat
from idkb.render.emit import Shown
from idkb.render.sections import Section


def known_sources(conn: sqlite3.Connection, result: object) -> list[dict[str, Any]]:
    """The sources a result cites, for its footnotes (tables only)."""
    return profiles.sources(conn, profiles.cited(result))


def search(text: str, kind: str | None, limit: int, db_option: str | None) -> Shown:
    conn = connect(db_option)
    # JSON, JSON Lines and CSV write matches as they are read; a table needs them all.
    hits = iter_search(conn, text, kind, limit)
    return Shown(hits, lambda: layouts.search_view(text, list(hits)), lambda: hits)


def timeline(name: str | None, start: str | None, end: str | None,
             db_option: str | None) -> Shown:
    first, last = period_options(start, end)
    conn = connect(db_option)
    match = resolve(conn, name) if name is not None else None
    # JSON, JSON Lines and CSV write items as they are read; a table needs them all.
    items = timelines.iter_timeline(conn, match, first, last)
    title = f"Timeline: {match.name}" if match else "Timeline"
    empty = "nothing in that period" if start or end else "no dated events or positions"

    def table() -> list[Section]:
        listed = list(items)
        return layouts.timeline_view(listed, known_sources(conn, listed), title, empty)

    return Shown(items, table, lambda: (flat.flat_timeline_item(i) for i in items))


def stats(by: str, db_option: str | None) -> Shown:
    conn = connect(db_option)
    data = counting.stats(conn, by)
    return Shown(data, lambda: layouts.stats_view(data), lambda: iter(data["rows"]))
