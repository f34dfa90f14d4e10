"""What a profile holds beyond the entity's own statements: for a country, the parties,
organisations and people based in it (an entity's `country`) and the statements about them;
for a party or an organisation, the people whose statements point at it (members, leaders).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from idkb.core.batches import batches, marks
from idkb.core.vocab import ENTITY_KINDS, PREDICATES
from idkb.store import links

Row = dict[str, Any]

# Who a party's or an organisation's people are, by the predicate pointing at it.
LEADING = ("head_of", "deputy_head_of", "disciplinary_chief_of")
PEOPLE_PREDICATES = (*LEADING, "member_of", "works_for", "affiliated_with", "advises",
                     "ambassador_to")


def based_in(conn: sqlite3.Connection, country_ids: Sequence[str],
             end: str | None) -> dict[str, list[Row]]:
    """The entities based in a country (any id of its same-as group) by kind, each with its
    number of events (up to `end`), busiest first. Ids a same-as joins are one entity: listed
    once (under the first by name), with the events of any of them counted once."""
    rows = conn.execute(f"SELECT id, name, kind FROM entities WHERE country IN "
                        f"({marks(country_ids)}) ORDER BY name, id", list(country_ids)).fetchall()
    one = links.representatives(conn)
    members: dict[str, list[str]] = {}
    first: dict[str, sqlite3.Row] = {}
    for r in rows:
        key = one.get(r["id"], r["id"])
        members.setdefault(key, []).append(r["id"])
        first.setdefault(key, r)
    counts = event_counts(conn, [r["id"] for r in rows], end)
    if len(members) < len(rows):  # a group's events once, not once per member
        counts.update({key: len(group_events(conn, ids, end))
                       for key, ids in members.items() if len(ids) > 1})
    found: dict[str, list[Row]] = {kind: [] for kind in ENTITY_KINDS if kind != "country"}
    for key, r in first.items():
        found.setdefault(r["kind"], []).append({"id": r["id"], "name": r["name"],
                                                "kind": r["kind"], "events": counts[key]})
    for group in found.values():
        group.sort(key=lambda x: (-x["events"], x["name"], x["id"]))
    return found


def group_events(conn: sqlite3.Connection, ids: Sequence[str], end: str | None) -> set[str]:
    """The events any of these ids took part in (up to `end`)."""
    join, until, args = _until(end)
    return {event for (event,) in conn.execute(
        f"SELECT DISTINCT p.event_id FROM event_participants p{join} WHERE p.entity_id IN "
        f"({marks(ids)}){until}", [*ids, *args])}


def event_counts(conn: sqlite3.Connection, ids: Sequence[str], end: str | None) -> dict[str, int]:
    """Each entity's number of events as a participant (any role), up to `end` if given."""
    counts = dict.fromkeys(ids, 0)
    join, until, args = _until(end)
    for chunk in batches(ids):
        sql = ("SELECT p.entity_id, count(DISTINCT p.event_id) FROM event_participants p"
               f"{join} WHERE p.entity_id IN ({marks(chunk)}){until} GROUP BY p.entity_id")
        for entity_id, n in conn.execute(sql, [*chunk, *args]):
            counts[entity_id] = n
    return counts


def _until(end: str | None) -> tuple[str, str, list[str]]:
    """The join and condition that keep events up to `end`. Without a day the participants'
    own index answers; the events are read only for a day."""
    if end is None:
        return "", "", []
    return " JOIN events e ON e.id = p.event_id", " AND e.earliest <= ?", [end]


def people_of(conn: sqlite3.Connection, entity_ids: Sequence[str]) -> list[Row]:
    """People whose statements point at this entity (any id of its same-as group), leaders
    first, each once with every relation ("heads", "member of") and its period."""
    rows = conn.execute(
        "SELECT s.id, s.predicate, s.title, s.start, s.\"end\", s.as_of, x.id AS person, "
        "x.name FROM statements s JOIN entities x ON x.id = s.subject "
        f"WHERE s.object IN ({marks(entity_ids)}) AND x.kind = 'person' "
        "ORDER BY x.name, s.start_earliest, s.id", list(entity_ids)).fetchall()
    people: dict[str, Row] = {}
    for r in rows:
        if r["predicate"] not in PEOPLE_PREDICATES:
            continue
        who = people.setdefault(r["person"], {"id": r["person"], "name": r["name"],
                                              "leader": False, "relations": []})
        who["leader"] = who["leader"] or r["predicate"] in LEADING
        label = PREDICATES[r["predicate"]][1] + (f" ({r['title']})" if r["title"] else "")
        who["relations"].append({"statement": r["id"], "predicate": r["predicate"],
                                 "relation": label, "start": r["start"], "end": r["end"],
                                 "as_of": r["as_of"]})
    return sorted(people.values(), key=lambda p: (not p["leader"], p["name"], p["id"]))
