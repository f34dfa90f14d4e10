"""Counting chosen events by a key: each key maps an event to one value (its year, its type,
where it was held, its parties' status) or to several (who took part, which countries took
part). A count is always of distinct events, so an event counts once under each value.

Every dimension is SQL over the chosen events `E` (a table or a subquery with the events'
columns) giving rows (event_id, id, name, kind).
"""

from __future__ import annotations

import sqlite3
from typing import Any, NamedTuple

Row = dict[str, Any]


class Dimension(NamedTuple):
    sql: str  # over {E}: event_id, id, name, kind
    single: bool  # one value per event: the counts add up to the number of events
    order: str  # ORDER BY for a breakdown by this key alone


_YEAR = "coalesce(substr(coalesce(e.earliest, e.latest), 1, 4), 'undated')"
_STATUS = """(SELECT max(CASE WHEN EXISTS (SELECT 1 FROM statements s WHERE s.subject = x.id
                                     AND s.predicate = 'rules') THEN 3
                        WHEN EXISTS (SELECT 1 FROM statements s WHERE s.subject = x.id
                                     AND s.predicate = 'opposition_in') THEN 2
                        ELSE 1 END)
          FROM event_participants p JOIN entities x ON x.id = p.entity_id
          WHERE p.event_id = e.id AND x.kind = 'party')"""
_STATUS_NAME = ("CASE coalesce(st.rank, 0) WHEN 3 THEN 'ruling' WHEN 2 THEN 'opposition' "
                "WHEN 1 THEN 'status not recorded' ELSE 'no party' END")

DIMENSIONS: dict[str, Dimension] = {
    "year": Dimension(f"SELECT e.id AS event_id, {_YEAR} AS id, {_YEAR} AS name, NULL AS kind "
                      "FROM {E} e", True, "id = 'undated', id"),
    "type": Dimension("SELECT e.id AS event_id, e.type AS id, e.type AS name, NULL AS kind "
                      "FROM {E} e", True, "n DESC, id"),
    "country": Dimension(
        "SELECT e.id AS event_id, c.id AS id, coalesce(c.name, 'not recorded') AS name, "
        "c.kind AS kind FROM {E} e LEFT JOIN entities c ON c.id = e.location_country",
        True, "id IS NULL, n DESC, name"),
    "party-status": Dimension(
        f"SELECT st.event_id, {_STATUS_NAME} AS id, {_STATUS_NAME} AS name, NULL AS kind, "
        f"coalesce(st.rank, 0) AS rank FROM (SELECT e.id AS event_id, {_STATUS} AS rank "
        "FROM {E} e) st", True, "max(rank) DESC"),
    "participant": Dimension(
        "SELECT p.event_id, x.id, x.name, x.kind FROM {E} e "
        "JOIN event_participants p ON p.event_id = e.id JOIN entities x ON x.id = p.entity_id "
        "WHERE 1 = 1{WHERE}", False, "n DESC, name, id"),
    "participant-country": Dimension(
        "SELECT p.event_id, c.id, c.name, c.kind FROM {E} e "
        "JOIN event_participants p ON p.event_id = e.id JOIN entities x ON x.id = p.entity_id "
        "JOIN entities c ON c.id = CASE WHEN x.kind = 'country' THEN x.id ELSE x.country END "
        "WHERE 1 = 1{WHERE}", False, "n DESC, name, id"),
}
PARTICIPANT_KEYS = ("participant", "participant-country")


class Among(NamedTuple):
    """Which participants a participant key counts."""

    kind: str | None = None
    role: str | None = None
    leave_out: tuple[str, ...] = ()  # entity ids (those every event has: the --with names)


def dimension_sql(key: str, events: str, among: Among) -> tuple[str, list[object]]:
    """The dimension's SQL over `events` (a table name or a parenthesised SELECT)."""
    where: list[str] = []
    args: list[object] = []
    if key in PARTICIPANT_KEYS:
        if among.kind:
            # "+": not through the kind index, which would walk every person in the database;
            # the chosen events are the narrow side.
            where.append("+x.kind = ?")
            args.append(among.kind)
        if among.role:
            where.append("p.role = ?")
            args.append(among.role)
        if among.leave_out and key == "participant":
            where.append(f"x.id NOT IN ({','.join('?' * len(among.leave_out))})")
            args += list(among.leave_out)
    extra = "".join(f" AND {w}" for w in where)
    return DIMENSIONS[key].sql.replace("{E}", events).replace("{WHERE}", extra), args


def one_key(conn: sqlite3.Connection, key: str, events: tuple[str, list[object]],
            among: Among, top: int | None) -> list[Row]:
    """[{id, name, count}] for one key, in its order (with `kind` for participants)."""
    sql, args = dimension_sql(key, events[0], among)
    dim = DIMENSIONS[key]
    counted = "count(*)" if dim.single else "count(DISTINCT event_id)"
    query = (f"SELECT id, name, max(kind) AS kind, {counted} AS n FROM ({sql}) "
             f"GROUP BY id, name ORDER BY {dim.order}")
    params = [*events[1], *args]
    if top is not None:
        query += " LIMIT ?"
        params.append(top)
    # The kind of what is counted, where the key counts entities (participants).
    kinds = key in PARTICIPANT_KEYS
    return [{"id": r[0], "name": r[1], **({"kind": r[2]} if kinds else {}), "count": r[3]}
            for r in conn.execute(query, params)]


def two_keys(conn: sqlite3.Connection, keys: tuple[str, str], events: tuple[str, list[object]],
             among: Among, top: int | None) -> list[Row]:
    """[{a_id, a, b_id, b, count}] for each pair with events, by the first key's order then
    the count; with `top`, the N largest counts under each value of the first key."""
    first, args_a = dimension_sql(keys[0], events[0], among)
    second, args_b = dimension_sql(keys[1], events[0], among)
    query = (f"SELECT a.id, a.name, b.id, b.name, count(DISTINCT a.event_id) AS n "
             f"FROM ({first}) a JOIN ({second}) b ON b.event_id = a.event_id "
             "GROUP BY a.id, a.name, b.id, b.name")
    rows = conn.execute(query, [*events[1], *args_a, *events[1], *args_b]).fetchall()
    order = {r["id"]: i for i, r in enumerate(one_key(conn, keys[0], events, among, None))}
    rows.sort(key=lambda r: (order.get(r[0], len(order)), -r[4], r[3] or "", r[2] or ""))
    shown: dict[object, int] = {}
    a, b = (k.replace("-", "_") for k in keys)
    result = []
    for r in rows:
        shown[r[0]] = shown.get(r[0], 0) + 1
        if top is None or shown[r[0]] <= top:
            result.append({f"{a}_id": r[0], a: r[1], f"{b}_id": r[2], b: r[3], "count": r[4]})
    return result
