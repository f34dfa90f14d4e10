"""Timelines: events in date order and, for a named entity, when its positions start and end.

Dates stay as the source gives them (shown through `dates.display`); order and grouping use
the earliest day the date allows, so "1950s–1960s" sorts and groups under 1950.

A start or end known only as an upper bound ("[..2021-06-04]": ended by 4 June 2021) is not an
event of that year: it could have happened any time before. Such an item is listed once, after
the dated ones, with no year and `"bound": "upper"`. One known only to lie between two dates
("[2021-06-05..2022-06-02]") is no event of the first year either: it is listed after them too,
with no year and `"bound": "range"`.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Iterator
from typing import Any

from idkb.core import dates
from idkb.core.vocab import PREDICATES
from idkb.query import profiles
from idkb.query.resolve import Match
from idkb.store import links

Row = dict[str, Any]

_RECORD_ORDER = {"position-end": 0, "event": 1, "position-start": 2}
# One word per kind of row; whether its date is exact or a bound is said by `bound`.
_EDGE_WORDS = {"start": "starts", "end": "ends"}


def _overlaps(earliest: str | None, latest: str | None, start: str | None,
              end: str | None) -> bool:
    """Could a date between `earliest` and `latest` fall in the asked period?"""
    if start is not None and latest is not None and latest < start:
        return False
    return not (end is not None and earliest is not None and earliest > end)


def _year(earliest: str | None) -> int | None:
    """The year to file a date under: its earliest day's (none for an upper bound)."""
    return int(earliest[:4]) if earliest else None


def _event_item(e: Row) -> Row:
    return {
        "date": e["date"], "when": dates.display(e["date"]), "year": _year(e["start"]),
        "start": e["start"], "end": e["end"], "bound": None, "record": "event",
        "type": e["type"],
        "id": e["id"], "title": e["title"], "certainty": e["certainty"],
        "with": [{"id": p["id"], "name": p["name"], "short_name": p["short_name"],
                  "role": p["role"]}
                 for p in e["participants"]],
        "sources": e["sources"],
    }


def _position_rows(conn: sqlite3.Connection, entity_id: str) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT s.*, a.name AS subject_name, b.name AS object_name, "
        "a.short_name AS subject_short, b.short_name AS object_short FROM statements s "
        "JOIN entities a ON a.id = s.subject JOIN entities b ON b.id = s.object "
        "WHERE s.subject = ? AND (s.start IS NOT NULL OR s.\"end\" IS NOT NULL) "
        "UNION ALL "
        "SELECT s.*, a.name AS subject_name, b.name AS object_name, "
        "a.short_name AS subject_short, b.short_name AS object_short FROM statements s "
        "JOIN entities a ON a.id = s.subject JOIN entities b ON b.id = s.object "
        "WHERE s.object = ? AND s.subject != s.object "
        "AND (s.start IS NOT NULL OR s.\"end\" IS NOT NULL)",
        (entity_id, entity_id),
    ).fetchall()


def _position_items(conn: sqlite3.Connection, entity_id: str, start: str | None,
                    end: str | None) -> list[Row]:
    rows = _position_rows(conn, entity_id)
    cites = profiles.citations(conn, "statement_sources", "statement_id", [r["id"] for r in rows])
    items: list[Row] = []
    for r in rows:
        text = f"{r['subject_name']} {PREDICATES[r['predicate']][1]} {r['object_name']}"
        if r["title"]:
            text += f" ({r['title']})"
        for edge, notation in (("start", r["start"]), ("end", r["end"])):
            earliest, latest = r[f"{edge}_earliest"], r[f"{edge}_latest"]
            if notation is None or not _overlaps(earliest, latest, start, end):
                continue
            bound = ("upper" if notation.startswith("[..") else
                     "range" if dates.is_range(notation) else None)
            items.append({
                "date": notation, "when": dates.display(notation),
                "year": None if bound else _year(earliest),
                "start": earliest, "end": latest, "bound": bound, "record": f"position-{edge}",
                "type": _EDGE_WORDS[edge], "id": r["id"],
                "title": text, "certainty": r["certainty"],
                "with": [{"id": r["subject"], "name": r["subject_name"],
                          "short_name": r["subject_short"], "role": "subject"},
                         {"id": r["object"], "name": r["object_name"],
                          "short_name": r["object_short"], "role": "object"}],
                "sources": cites[r["id"]],
            })
    return items


def order(i: Row) -> tuple[bool, str, str, int, str]:
    """Dated items first, by their earliest day (else latest), latest day, kind and id."""
    return (i["bound"] is not None, i["start"] or i["end"] or "9999", i["end"] or "9999",
            _RECORD_ORDER[i["record"]], i["id"])


# `order` for events, in SQL: SQLite sorts them, so they stream in the timeline's order.
_EVENT_ORDER = "coalesce(e.earliest, e.latest, '9999'), coalesce(e.latest, '9999'), e.id"


def timeline(conn: sqlite3.Connection, entity: Match | None,
             q: profiles.EventQuery | None = None) -> list[Row]:
    """Events (and, for an entity, the starts and ends of its positions) in date order.

    The entity takes part in every event listed, as in `events --with`; the other filters of
    `q` narrow the events further (positions are kept to the period only).
    """
    return list(iter_timeline(conn, entity, q))


def iter_timeline(conn: sqlite3.Connection, entity: Match | None,
                  q: profiles.EventQuery | None = None) -> Iterator[Row]:
    """The same items as `timeline`, read a batch at a time: events come from SQLite in the
    timeline's order and the entity's positions (always few) are merged in among them."""
    q = q or profiles.EventQuery()
    group = links.group(conn, entity.id) if entity else []  # a same-as group is one entity
    if entity is not None:
        q = q._replace(withs=(profiles.Taking(entity.id, entity.kind, ids=tuple(group)),
                              *q.withs))
    events = (_event_item(e) for e in profiles.iter_events(conn, q, order=_EVENT_ORDER))
    if entity is None:
        return events
    positions: dict[tuple[str, str], Row] = {}
    for member in group:
        for item in _position_items(conn, member, q.start, q.end):
            positions.setdefault((item["record"], item["id"]), item)
    return heapq.merge(events, sorted(positions.values(), key=order), key=order)
