"""Counts for bar charts: events by year, type, country or party status; entities by kind.

Each event is counted exactly once in every breakdown, so each one adds up to the number of
events (entities likewise for `kind`). These are the only queries allowed to scan whole tables.
"""

from __future__ import annotations

import sqlite3
from typing import Any

Row = dict[str, Any]

BY = ("year", "type", "kind", "country", "party-status")

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

_SQL = {
    "year": "SELECT coalesce(substr(coalesce(earliest, latest), 1, 4), 'undated') AS key, "
            "count(*) AS n FROM events GROUP BY key ORDER BY key = 'undated', key",
    "type": "SELECT type AS key, count(*) AS n FROM events GROUP BY key ORDER BY n DESC, key",
    "kind": "SELECT kind AS key, count(*) AS n FROM entities GROUP BY key ORDER BY n DESC, key",
    "country": "SELECT coalesce(c.name, 'not recorded') AS key, count(*) AS n FROM events e "
               "LEFT JOIN entities c ON c.id = e.location_country "
               "GROUP BY key ORDER BY key = 'not recorded', n DESC, key",
    "party-status": """
        WITH status AS (
            SELECT p.event_id,
                   max(CASE WHEN EXISTS (SELECT 1 FROM statements s WHERE s.subject = x.id
                                         AND s.predicate = 'rules') THEN 3
                            WHEN EXISTS (SELECT 1 FROM statements s WHERE s.subject = x.id
                                         AND s.predicate = 'opposition_in') THEN 2
                            ELSE 1 END) AS rank
            FROM event_participants p JOIN entities x ON x.id = p.entity_id
            WHERE x.kind = 'party' GROUP BY p.event_id
        )
        SELECT CASE coalesce(st.rank, 0) WHEN 3 THEN 'ruling' WHEN 2 THEN 'opposition'
                    WHEN 1 THEN 'status not recorded' ELSE 'no party' END AS key,
               count(*) AS n
        FROM events e LEFT JOIN status st ON st.event_id = e.id
        GROUP BY key ORDER BY coalesce(st.rank, 0) DESC""",
}


def stats(conn: sqlite3.Connection, by: str) -> Row:
    """{"by", "counting", "total", "note", "rows": [{"key", "count"}]}; rows sum to total."""
    rows = [{"key": r[0], "count": r[1]} for r in conn.execute(_SQL[by])]
    counting = "entities" if by == "kind" else "events"
    table = "entities" if by == "kind" else "events"
    total = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return {"by": by, "counting": counting, "total": total, "note": _NOTES[by], "rows": rows}
