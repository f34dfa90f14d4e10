"""Search, timelines and counts."""

from __future__ import annotations

import sqlite3
from typing import Any

from idkb.cli.actions.common import connect
from idkb.cli.actions.filtering import described, event_query
from idkb.query import profiles
from idkb.query import stats as counting
from idkb.query import timeline as timelines
from idkb.query.resolve import resolve
from idkb.query.search import count as count_matches
from idkb.query.search import iter_search
from idkb.render import explore_layouts as layouts
from idkb.render import flat
from idkb.render.emit import Counted, Shown
from idkb.render.sections import Section


def known_sources(conn: sqlite3.Connection, result: object) -> list[dict[str, Any]]:
    """The sources a result cites, for its footnotes (tables only)."""
    return profiles.sources(conn, profiles.cited(result))


def search(text: str, kind: str | None, limit: int, db_option: str | None) -> Shown:
    conn = connect(db_option)
    # JSON, JSON Lines and CSV write matches as they are read; a table needs them all.
    hits = iter_search(conn, text, kind, limit)

    def table() -> list[Section]:
        listed = list(hits)
        total = count_matches(conn, text, kind) if len(listed) == limit else len(listed)
        return layouts.search_view(text, listed, total)

    return Shown(hits, table, lambda: hits)


def timeline(name: str | None, year: int | None, start: str | None, end: str | None,
             etype: str | None, with_names: list[str] | None, place: str | None,
             source: str | None, dataset: str | None, where: list[str] | None,
             db_option: str | None) -> Shown:
    conn = connect(db_option)
    q = event_query(conn, year=year, start=start, end=end, etype=etype, with_names=with_names,
                    place=place, source=source, dataset=dataset,
                    where=where)
    match = resolve(conn, name) if name is not None else None
    # JSON, JSON Lines and CSV write items as they are read; a table needs them all.
    items = Counted(timelines.iter_timeline(conn, match, q))
    title = f"Timeline: {match.name}" if match else "Timeline"
    empty = ("nothing in that period" if start or end or year is not None
             else "no dated events or positions")

    def table() -> list[Section]:
        listed = list(items)
        return layouts.timeline_view(listed, known_sources(conn, listed), title, empty)

    return Shown(items, table, lambda: (flat.flat_timeline_item(i) for i in items),
                 empty=lambda: None if items.seen else f"nothing in the timeline {described(q)}")


def stats(by: str, kind: str | None, role: str | None, top: int | None, year: int | None,
          start: str | None, end: str | None, etype: str | None, with_names: list[str] | None,
          place: str | None, source: str | None, dataset: str | None,
          where: list[str] | None,
          db_option: str | None) -> Shown:
    conn = connect(db_option)
    q = event_query(conn, year=year, start=start, end=end, etype=etype, with_names=with_names,
                    place=place, source=source, dataset=dataset,
                    where=where)
    data = counting.stats(conn, by, q, kind, role, top)
    keys = [k.replace("-", "_") for k in data["keys"]]
    columns = [keys[0] + "_id", keys[0], keys[1] + "_id", keys[1], "count"] if len(keys) == 2 \
        else ["key", "id", "name", *(["kind"] if keys[0].startswith("participant") else []),
              "count"]
    return Shown(data, lambda: layouts.stats_view(data), lambda: iter(data["rows"]),
                 columns, lines=lambda: iter(data["rows"]),
                 empty=lambda: None if data["rows"]
                 else f"nothing to count: no events {described(q)}")
