"""Profiles of people, parties, countries and organisations; event lists; the sources."""

from __future__ import annotations

import sqlite3

from idkb.cli.actions.common import as_of_day, connect, period_options
from idkb.core import dates
from idkb.query import profiles
from idkb.query.resolve import resolve
from idkb.render import flat, layouts
from idkb.render.emit import Shown
from idkb.render.sections import Section


def _profile(name: str, kind: str | None, as_of: str | None, db_option: str | None) -> Shown:
    when = as_of_day(as_of)
    conn = connect(db_option)
    match = resolve(conn, name, kind)
    data = profiles.profile(conn, match.id, as_of=when)
    return Shown(data, lambda: layouts.profile_view(data), lambda: flat.flat_profile(data),
                 lines=lambda: flat.profile_lines(data))


def person(name: str, as_of: str | None, db_option: str | None) -> Shown:
    return _profile(name, "person", as_of, db_option)


def party(name: str, as_of: str | None, db_option: str | None) -> Shown:
    return _profile(name, "party", as_of, db_option)


def country(name: str, as_of: str | None, db_option: str | None) -> Shown:
    return _profile(name, "country", as_of, db_option)


def organisation(name: str, as_of: str | None, db_option: str | None) -> Shown:
    return _profile(name, "organisation", as_of, db_option)


def show(name: str, as_of: str | None, db_option: str | None) -> Shown:
    return _profile(name, None, as_of, db_option)


def event_query(conn: sqlite3.Connection, year: int | None, start: str | None,
                end: str | None, etype: str | None, with_name: str | None,
                limit: int | None) -> profiles.EventQuery:
    """Turn the options into a query; the period asked is the overlap of --year, --from, --to."""
    first, last = period_options(start, end)
    if year is not None:
        y_first, y_last = dates.year_span(year)
        first = max(first or y_first, y_first)
        last = min(last or y_last, y_last)
    with_id = with_kind = None
    if with_name is not None:
        match = resolve(conn, with_name)
        with_id, with_kind = match.id, match.kind
    return profiles.EventQuery(start=first, end=last, type=etype, with_id=with_id,
                               with_kind=with_kind, limit=limit)


def events(year: int | None, start: str | None, end: str | None, etype: str | None,
           with_name: str | None, limit: int | None, db_option: str | None) -> Shown:
    conn = connect(db_option)
    # One stream serves whichever output is asked for: JSON, JSON Lines and CSV write events
    # as they are read; a table needs them all (and the sources they cite) first.
    found = profiles.iter_events(conn, event_query(conn, year, start, end, etype, with_name,
                                                   limit))

    def table() -> list[Section]:
        listed = list(found)
        return layouts.events_view(listed, profiles.sources(conn, profiles.cited(listed)))

    return Shown(found, table, lambda: (flat.flat_event(e) for e in found), flat.EVENT_COLUMNS)


def sources(db_option: str | None) -> Shown:
    conn = connect(db_option)
    found = profiles.sources(conn)
    return Shown(found, lambda: layouts.sources_view(found), lambda: iter(found))
