"""The event filter shared by `events`, `timeline`, `stats`, `graph` and the profiles: which
events a question is about, as SQL that reads through indexes.

One definition of "takes part" holds everywhere: an entity takes part in an event when it is a
participant; a country also when one of its parties, people or organisations is a participant
(an entity's `country`) or when the event was held there (`location_country`). So a country's
profile, `events --with COUNTRY`, `timeline COUNTRY` and `stats --with COUNTRY` count the same
events.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import NamedTuple

from idkb.core.errors import NotFound
from idkb.core.vocab import LONG_DAYS


class Taking(NamedTuple):
    """One entity that must take part, and in which role (None: any)."""

    id: str
    kind: str
    role: str | None = None
    name: str = ""  # as shown in messages
    ids: tuple[str, ...] = ()  # every id of its same-as group (id among them), if it has one

    @property
    def group(self) -> tuple[str, ...]:
        """The ids that count as this entity: a same-as group is one entity."""
        return self.ids or (self.id,)


class EventQuery(NamedTuple):
    start: str | None = None  # first day of the asked period
    end: str | None = None  # last day
    type: str | None = None
    withs: tuple[Taking, ...] = ()  # every one takes part (AND)
    place: str | None = None  # a country id: held there
    source: str | None = None  # cited by this source
    dataset: str | None = None
    limit: int | None = None
    where: tuple[tuple[str, str], ...] = ()  # attribute key = value (every one holds)

    @property
    def narrowed(self) -> bool:
        """Does anything but the limit narrow the events down?"""
        return any((self.start, self.end, self.type, self.withs, self.place, self.source,
                    self.dataset, self.where))


def taking_part(who: Taking, driving: bool = True) -> tuple[str, list[object]]:
    """SQL (over events `e`) true when `who` (any id of its same-as group) takes part; see the
    module's note.

    `driving`: as lists of event ids, from which SQLite can start. A country's list is long
    (every event of everything based in it), so beside a narrower --with it is asked event by
    event instead (`driving=False`): a few lookups per event of the narrower one.
    """
    ids = list(who.group)
    one = "= ?" if len(ids) == 1 else f"IN ({','.join('?' * len(ids))})"
    role = " AND p.role = ?" if who.role else ""
    roles: list[object] = [who.role] if who.role else []
    if driving:
        clause = (f"e.id IN (SELECT p.event_id FROM event_participants p WHERE p.entity_id {one}"
                  f"{role})")
        based = ("e.id IN (SELECT p.event_id FROM entities x JOIN event_participants p "
                 f"ON p.entity_id = x.id WHERE x.country {one}{role})")
    else:
        # "+": through the event's own participants, not the entity's (or country's) index
        clause = ("EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id "
                  f"AND +p.entity_id {one}{role})")
        based = ("EXISTS (SELECT 1 FROM event_participants p JOIN entities x ON "
                 f"x.id = p.entity_id WHERE p.event_id = e.id AND +x.country {one}{role})")
    args: list[object] = [*ids, *roles]
    if who.kind == "country":
        clause += f" OR {based}"
        args += [*ids, *roles]
        if who.role is None:  # where an event was held has no role
            clause += f" OR e.location_country {one}"
            args += ids
    return f"({clause})", args


def event_ids(who: Taking) -> tuple[str, list[object]]:
    """SELECT the ids of the events `who` takes part in, the events of `taking_part`, read
    from indexes alone (participants by entity, entities by country, events by where they were
    held), never from the events' own rows. An id may come more than once (a country's event
    held there with its party taking part): count them as a set."""
    ids = list(who.group)
    one = "= ?" if len(ids) == 1 else f"IN ({','.join('?' * len(ids))})"
    role = " AND p.role = ?" if who.role else ""
    roles: list[object] = [who.role] if who.role else []
    parts = [f"SELECT p.event_id FROM event_participants p WHERE p.entity_id {one}{role}"]
    args: list[object] = [*ids, *roles]
    if who.kind == "country":
        parts.append("SELECT p.event_id FROM entities x JOIN event_participants p "
                     f"ON p.entity_id = x.id WHERE x.country {one}{role}")
        args += [*ids, *roles]
        if who.role is None:
            parts.append(f"SELECT e.id FROM events e WHERE e.location_country {one}")
            args += ids
    return " UNION ALL ".join(parts), args


def attribute_is(key: str, value: str) -> tuple[str, list[object]]:
    """SQL (over events `e`) true when the event's attribute `key` has `value`. Attributes are
    JSON: a number or boolean matches its text too ("year=2023", "x=true")."""
    path = '$."' + key.replace('"', '""') + '"'
    return ("(json_extract(e.attributes, ?) = ? OR CAST(json_extract(e.attributes, ?) "
            "AS TEXT) = ? OR (json_type(e.attributes, ?) IN ('true', 'false') AND "
            "json_type(e.attributes, ?) = ?))",
            [path, value, path, value, path, path, value.lower()])


def conditions(q: EventQuery) -> tuple[list[str], list[object]]:
    """Every condition but the period, ANDed, with their arguments."""
    where: list[str] = []
    args: list[object] = []
    for column, value in (("e.type", q.type), ("e.location_country", q.place),
                          ("e.dataset", q.dataset)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    if q.source is not None:
        where.append("e.id IN (SELECT event_id FROM event_sources WHERE source_id = ?)")
        args.append(q.source)
    narrower = any(w.kind != "country" for w in q.withs)
    for who in q.withs:
        clause, more = taking_part(who, driving=not (narrower and who.kind == "country"))
        where.append(clause)
        args += more
    for key, value in q.where:
        clause, more = attribute_is(key, value)
        where.append(clause)
        args += more
    return where, args


# Events whose possible period is longer than this many days are indexed apart (the partial
# index events_long); see `selected`.
LONG = f"julianday(e.latest) - julianday(e.earliest) > {LONG_DAYS}"


def _days_before(day: str, days: int) -> str:
    try:
        return (date.fromisoformat(day) - timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):
        return "0000-01-01"


def selected(q: EventQuery, columns: str = "e.*") -> tuple[str, list[object]]:
    """SELECT `columns` FROM the events the query asks for (unordered), with its arguments.

    With a start day, "latest >= start AND earliest <= end" alone makes SQLite walk every
    event that began before the end of the period. Short events that meet the period began at
    most LONG_DAYS before its start, so they are a narrow range of the earliest index; the few
    long ones come from their own partial index. The two halves never hold the same event.
    """
    where, args = conditions(q)
    if not q.start:
        if q.end:
            where.append("e.earliest <= ?")
            args.append(q.end)
        return f"SELECT {columns} FROM events e WHERE {' AND '.join(where) or '1 = 1'}", args
    lo = _days_before(q.start, LONG_DAYS)
    end = (["e.earliest <= ?"], [q.end]) if q.end else ([], [])
    short = ["e.earliest >= ?", "e.latest >= ?", *end[0], *where]
    long = [LONG, "e.earliest < ?", "e.latest >= ?", *end[0], *where]
    sql = (f"SELECT {columns} FROM events e WHERE {' AND '.join(short)} "
           f"UNION ALL SELECT {columns} FROM events e WHERE {' AND '.join(long)}")
    return sql, [lo, q.start, *end[1], *args, lo, q.start, *end[1], *args]


def count(conn: sqlite3.Connection, q: EventQuery) -> int:
    """How many events the query asks for (its limit aside)."""
    sql, args = selected(q, "e.id")
    return int(conn.execute(f"SELECT count(*) FROM ({sql})", args).fetchone()[0])


# --- checking the values a filter names --------------------------------------------------------

def check_type(conn: sqlite3.Connection, etype: str) -> str:
    """The type as stored, or NotFound listing the known types and the nearest ones."""
    if conn.execute("SELECT 1 FROM events WHERE type = ? LIMIT 1", (etype,)).fetchone():
        return etype
    known = [r[0] for r in conn.execute("SELECT DISTINCT type FROM events ORDER BY type")]
    folded = etype.strip().casefold()
    if folded in known:
        return folded
    raise _unknown("event type", etype, known)


def check_source(conn: sqlite3.Connection, source: str) -> str:
    if conn.execute("SELECT 1 FROM sources WHERE id = ?", (source,)).fetchone():
        return source
    near = [r[0] for r in conn.execute(
        "SELECT id FROM sources WHERE id LIKE ? ORDER BY id LIMIT 5", (f"%{source[:40]}%",))]
    lines = [f"did you mean: {n}" for n in near] + ["see: idkb sources"]
    raise NotFound(f"no source has the id {source!r}", lines)


def check_dataset(conn: sqlite3.Connection, dataset: str) -> str:
    known = [r[0] for r in conn.execute("SELECT name FROM datasets ORDER BY name")]
    if dataset in known:
        return dataset
    raise _unknown("dataset", dataset, known)


def _unknown(what: str, given: str, known: list[str]) -> NotFound:
    from difflib import get_close_matches  # only on a miss: every event list imports this module

    near = get_close_matches(given.casefold(), known, n=3, cutoff=0.6)
    lines = [f"did you mean: {n}" for n in near]
    shown = ", ".join(known[:40]) + (", ..." if len(known) > 40 else "")
    lines.append(f"known: {shown or 'none'}")
    return NotFound(f"no {what} {given!r}", lines)
