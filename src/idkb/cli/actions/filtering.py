"""The event filter options (cli.options.EVENT_FILTERS) turned into one query: names resolved,
roles, types, sources and datasets checked, the period read from --year, --from and --to."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from idkb.cli.actions.common import period_options
from idkb.core import dates
from idkb.core.errors import BadInput, NotFound
from idkb.core.vocab import ROLES
from idkb.query import filters
from idkb.query.filters import EventQuery, Taking
from idkb.query.resolve import resolve

# "NAME:ROLE": a colon, then one word; a name with a colon of its own can be given by its id.
_WITH_ROLE = re.compile(r"(?P<name>.+):(?P<role>[A-Za-z]+)\s*")


def period(year: int | None, start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """The first and last day asked: the overlap of --year, --from and --to, which must meet."""
    first, last = period_options(start, end)
    if year is None:
        return first, last
    y_first, y_last = dates.year_span(year)
    if (first and first > y_last) or (last and last < y_first):
        given = " and ".join(f"{flag} {value}" for flag, value in
                             (("--from", start), ("--to", end)) if value is not None)
        raise BadInput(f"--year {year} and {given} do not overlap: no day is in both")
    return max(first or y_first, y_first), min(last or y_last, y_last)


def taking(conn: sqlite3.Connection, text: str) -> Taking:
    """One --with value: an entity that must take part, and perhaps its role."""
    found = _WITH_ROLE.fullmatch(text)
    role = None
    if found is not None:
        role = found["role"].casefold()
        if role not in ROLES:
            raise BadInput(f"--with {text!r}: unknown role {found['role']!r}; roles: "
                           f"{', '.join(ROLES)}")
        text = found["name"].strip()
    match = resolve(conn, text)
    return Taking(match.id, match.kind, role, match.name)


def place_id(conn: sqlite3.Connection, text: str) -> str:
    match = resolve(conn, text)
    if match.kind != "country":
        raise NotFound(f"--in {text!r} is a {match.kind}, not a country; for events it takes "
                       f"part in, use --with")
    return match.id


def event_query(conn: sqlite3.Connection, *, year: int | None = None, start: str | None = None,
                end: str | None = None, etype: str | None = None,
                with_names: Sequence[str] | None = None, place: str | None = None,
                source: str | None = None, dataset: str | None = None,
                limit: int | None = None) -> EventQuery:
    """The query the event filter options ask for; every name and value is checked."""
    first, last = period(year, start, end)
    return EventQuery(
        start=first, end=last,
        type=filters.check_type(conn, etype) if etype is not None else None,
        withs=tuple(taking(conn, name) for name in with_names or ()),
        place=place_id(conn, place) if place is not None else None,
        source=filters.check_source(conn, source) if source is not None else None,
        dataset=filters.check_dataset(conn, dataset) if dataset is not None else None,
        limit=limit)


def described(q: EventQuery) -> str:
    """The filter in words, for "no events match ..." messages."""
    parts = []
    if q.start or q.end:
        parts.append(f"from {q.start or 'the start'} to {q.end or 'the end'}")
    if q.type:
        parts.append(f"of type {q.type}")
    for who in q.withs:
        parts.append(f"with {who.name or who.id}" + (f" as {who.role}" if who.role else ""))
    for label, value in (("held in", q.place), ("cited by", q.source),
                         ("from dataset", q.dataset)):
        if value:
            parts.append(f"{label} {value}")
    return " ".join(parts) or "at all"
