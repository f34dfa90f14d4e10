"""Counts for bar charts: events by year, type, country or party status, participant or
participating country, or by two of these at once; entities by kind.

A key with one value per event (year, type, country, party status) counts each event exactly
once, so its breakdown adds up to the number of events (entities likewise for `kind`); the
participant keys count an event once under each entity or country taking part, and say so
(`adds_up`). These are the only queries allowed to scan whole tables.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from idkb.core.errors import BadInput
from idkb.query import counts, filters
from idkb.query.filters import EventQuery

Row = dict[str, Any]

BY = ("year", "type", "kind", "country", "party-status", "participant", "participant-country")

_NOTES = {
    "year": "each event counted once, in the year of the earliest day its date allows "
            "(so 2002/2017 counts in 2002 and 1950s–1960s in 1950; an open start such as 'by 2021' "
            "counts in its latest year)",
    "type": "each event counted once, under its type",
    "kind": "each entity counted once, under its kind",
    "country": "each event counted once, under the country where it took place "
               "('not recorded' when the source does not say)",
    "party-status": "each event counted once, by the parties taking part: 'ruling' if any is "
                    "recorded as ruling a country, else 'opposition' if any is recorded in "
                    "opposition, else 'status not recorded', or 'no party'",
}

_PARTICIPANT_NOTES = {
    "participant": "each event counted once under every entity taking part{leave_out}, so "
                   "the rows add up to more than the events",
    "participant-country": "each event counted once under every country taking part (a "
                           "country participant, or the country of a participating party, "
                           "person or organisation); events with none are not listed",
}
_FILTER_NOTE = "the events the filters choose"


def parse_keys(by: str) -> tuple[str, ...]:
    """"year" or "year,participant-country": one or two known keys, else BadInput."""
    keys = tuple(k.strip().casefold() for k in by.split(","))
    unknown = [k for k in keys if k not in BY]
    if unknown or not 1 <= len(keys) <= 2 or len(set(keys)) != len(keys):
        problem = f"unknown key {unknown[0]!r}" if unknown else "one key or two different keys"
        raise BadInput(f"--by {by}: {problem}; keys: {', '.join(BY)}")
    if "kind" in keys and len(keys) > 1:
        raise BadInput("--by kind counts entities and cannot be crossed with an event key")
    return keys


def stats(conn: sqlite3.Connection, by: str, q: EventQuery | None = None,
          kind: str | None = None, role: str | None = None, top: int | None = None) -> Row:
    """{"by", "keys", "counting", "total", "adds_up", "note", "rows"}: the chosen events (all
    when `q` is None) counted by one key, or by two as long rows (one per pair)."""
    keys = parse_keys(by)
    q = q or EventQuery()
    _check_options(keys, q, kind, role)
    if keys == ("kind",):
        rows = [{"key": r[0], "id": r[0], "name": r[0], "count": r[1]} for r in conn.execute(
            "SELECT kind, count(*) AS n FROM entities GROUP BY kind ORDER BY n DESC, kind")]
        total = conn.execute("SELECT count(*) FROM entities").fetchone()[0]
        return _result(keys, "entities", total, rows[:top] if top else rows,
                       top is None or top >= len(rows), _NOTES["kind"])
    chosen = filters.selected(q, "e.*") if q.narrowed else ("SELECT * FROM events", [])
    source = (f"({chosen[0]})", chosen[1])
    total = filters.count(conn, q) if q.narrowed else \
        conn.execute("SELECT count(*) FROM events").fetchone()[0]
    among = counts.Among(kind, role, tuple(w.id for w in q.withs))
    if len(keys) == 2:
        rows = counts.two_keys(conn, (keys[0], keys[1]), source, among, top)
    else:
        rows = [{"key": r["name"], **r} for r in counts.one_key(conn, keys[0], source, among,
                                                                  top)]
    adds_up = all(counts.DIMENSIONS[k].single for k in keys) and top is None \
        and kind is None and role is None
    return _result(keys, "events", total, rows, adds_up, _note(keys, q))


def _check_options(keys: tuple[str, ...], q: EventQuery, kind: str | None,
                   role: str | None) -> None:
    if keys == ("kind",) and q.narrowed:
        raise BadInput("--by kind counts entities; the event filters do not apply to it")
    if (kind or role) and not set(keys) & set(counts.PARTICIPANT_KEYS):
        given = "--kind" if kind else "--role"
        raise BadInput(f"{given} chooses participants: use it with --by participant or "
                       "--by participant-country")


def _note(keys: tuple[str, ...], q: EventQuery) -> str:
    leave_out = " except the --with entities" if q.withs else ""
    parts = [(_PARTICIPANT_NOTES.get(k) or _NOTES[k]).format(leave_out=leave_out)
             for k in keys]
    if q.narrowed:
        parts.append(f"counting only {_FILTER_NOTE}")
    return "; ".join(parts)


def _result(keys: tuple[str, ...], counting: str, total: int, rows: list[Row], adds_up: bool,
            note: str) -> Row:
    return {"by": ",".join(keys), "keys": list(keys), "counting": counting, "total": total,
            "adds_up": adds_up, "note": note, "rows": rows}
