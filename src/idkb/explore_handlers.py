"""What search, timeline, related and stats do once their options are parsed (standard library
only); the typer commands (idkb.commands.explore) and the fast path both call these."""

from __future__ import annotations

import sqlite3
from typing import Any

from idkb import db, output, queries
from idkb.handlers import period_options
from idkb.resolve import resolve


def known_sources(conn: sqlite3.Connection, result: object) -> list[dict[str, Any]]:
    """The sources a result cites, for its footnotes (tables only)."""
    return queries.sources(conn, queries.cited(result))


def flat_link(link: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    sources = ";".join(f"{c['source']}#{c['locator']}" for c in link["sources"])
    return {**extra, "from": link["from"]["id"], "to": link["to"]["id"], "via": link["via"],
            "id": link["id"], "how": link["how"], "when": link["when"], "sources": sources}


def search(text: str, kind: str | None, limit: int, fmt: output.Format,
           db_option: str | None) -> None:
    from idkb import explore_views
    from idkb.search import search as run_search

    conn = db.connect(db_option)
    hits = run_search(conn, text, kind, limit)
    output.emit(fmt, hits, lambda: explore_views.search_view(text, hits), lambda: iter(hits))


def timeline(name: str | None, start: str | None, end: str | None, fmt: output.Format,
             db_option: str | None) -> None:
    from idkb import explore_views
    from idkb import timeline as tl

    first, last = period_options(start, end)
    conn = db.connect(db_option)
    match = resolve(conn, name) if name is not None else None
    items = tl.timeline(conn, match, first, last)
    title = f"Timeline: {match.name}" if match else "Timeline"
    output.emit(fmt, items,
                lambda: explore_views.timeline_view(items, known_sources(conn, items), title),
                lambda: (tl.flat(i) for i in items))


def related(name: str, fmt: output.Format, db_option: str | None) -> None:
    from idkb import explore_views, graph

    conn = db.connect(db_option)
    match = resolve(conn, name)
    links = graph.related(conn, match.id)
    output.emit(fmt, links,
                lambda: explore_views.related_view(match.name, links, known_sources(conn, links)),
                lambda: (flat_link(x, {}) for x in links))


def stats(by: str, fmt: output.Format, db_option: str | None) -> None:
    from idkb import explore_views
    from idkb import stats as st

    conn = db.connect(db_option)
    data = st.stats(conn, by)
    output.emit(fmt, data, lambda: explore_views.stats_view(data), lambda: iter(data["rows"]))
