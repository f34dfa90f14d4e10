"""Profiles of people, parties, countries and organisations; event lists; the sources."""

from __future__ import annotations

from idkb.cli.actions.common import as_of_day, connect
from idkb.cli.actions.filtering import described, event_query
from idkb.query import filters, profiles
from idkb.query.resolve import resolve
from idkb.render import flat, layouts
from idkb.render.emit import Counted, Shown
from idkb.render.sections import Section


def _profile(name: str, kind: str | None, as_of: str | None, db_option: str | None) -> Shown:
    as_of_day(as_of)  # a bad date is bad input before any database work
    conn = connect(db_option)
    match = resolve(conn, name, kind)
    data = profiles.profile(conn, match.id, as_of=as_of.strip() if as_of else None)
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


def events(year: int | None, start: str | None, end: str | None, etype: str | None,
           with_names: list[str] | None, place: str | None, source: str | None,
           dataset: str | None, limit: int | None, db_option: str | None) -> Shown:
    conn = connect(db_option)
    q = event_query(conn, year=year, start=start, end=end, etype=etype, with_names=with_names,
                    place=place, source=source, dataset=dataset, limit=limit)
    # One stream serves whichever output is asked for: JSON, JSON Lines and CSV write events
    # as they are read; a table needs them all (and the sources they cite) first.
    found = Counted(profiles.iter_events(conn, q))

    def table() -> list[Section]:
        listed = list(found)
        more = filters.count(conn, q) - len(listed) if limit is not None \
            and len(listed) == limit else 0
        return layouts.events_view(listed, profiles.sources(conn, profiles.cited(listed)),
                                   more)

    return Shown(found, table, lambda: (flat.flat_event(e) for e in found), flat.EVENT_COLUMNS,
                 empty=lambda: None if found.seen else f"no events {described(q)}")


def sources(db_option: str | None) -> Shown:
    conn = connect(db_option)
    found = profiles.sources(conn)
    return Shown(found, lambda: layouts.sources_view(found), lambda: iter(found))
