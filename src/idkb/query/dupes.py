"""Likely duplicates: entities of one kind with similar names, more likely when they share a
country or events, each pair with its score and the same-as record that would merge it.

Names are compared only within blocks (entities sharing a whole word of a name), so the work
grows with the blocks, not with the square of the database; a word shared by more than
BLOCK_MAX entities ("party", "ministry") tells nothing and forms no block. Pairs already
joined by a same-as are left out.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

from idkb.core.batches import batches
from idkb.store import links

Row = dict[str, Any]
BLOCK_MAX = 1000
COUNTRY_BONUS = 5
EVENTS_BONUS = 5


def _entities(conn: sqlite3.Connection, kind: str | None) -> tuple[dict[str, Row],
                                                                    dict[str, list[str]]]:
    where, args = (" WHERE e.kind = ?", (kind,)) if kind else ("", ())
    info = {r[0]: {"id": r[0], "name": r[1], "kind": r[2], "country": r[3], "dataset": r[4]}
            for r in conn.execute("SELECT e.id, e.name, e.kind, e.country, e.dataset "
                                  f"FROM entities e{where}", args)}
    names: dict[str, list[str]] = defaultdict(list)
    for eid, norm in conn.execute("SELECT n.entity_id, n.norm FROM entity_names n JOIN "
                                  f"entities e ON e.id = n.entity_id{where}", args):
        names[eid].append(norm)
    for eid, norm in conn.execute("SELECT n.entity_id, n.norm FROM added_aliases n JOIN "
                                  f"entities e ON e.id = n.entity_id{where}", args):
        names[eid].append(norm)
    return info, names


def _name_pairs(info: dict[str, Row], names: dict[str, list[str]], groups: dict[str, str],
                cutoff: float) -> dict[tuple[str, str], float]:
    from rapidfuzz import fuzz, process

    blocks: dict[tuple[str, str], set[str]] = defaultdict(set)
    for eid, norms in names.items():
        for norm in norms:
            for word in norm.split():
                if len(word) > 1 and not word.isdigit():  # "Party 12": the number tells nothing
                    blocks[(info[eid]["kind"], word)].add(eid)
    best: dict[tuple[str, str], float] = {}
    extract, scorer = process.extract, fuzz.token_sort_ratio
    for members in blocks.values():
        if len(members) < 2 or len(members) > BLOCK_MAX:
            continue
        pool = [(eid, norm) for eid in sorted(members) for norm in names[eid]]
        choices = [norm for _, norm in pool]
        for i, (eid, norm) in enumerate(pool):
            group = groups.get(eid, eid)
            for _, score, j in extract(norm, choices[i + 1:], scorer=scorer,
                                       score_cutoff=cutoff, limit=None):
                other = pool[i + 1 + j][0]
                if other == eid or groups.get(other, other) == group:
                    continue
                key = (eid, other) if eid < other else (other, eid)
                if score > best.get(key, -1.0):
                    best[key] = score
    return best


def _shared_events(conn: sqlite3.Connection, ids: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for chunk in batches(sorted(ids)):
        marks = ",".join("?" * len(chunk))
        for eid, event in conn.execute("SELECT entity_id, event_id FROM event_participants "
                                       f"WHERE entity_id IN ({marks})", chunk):
            found[eid].add(event)
    return found


def dupes(conn: sqlite3.Connection, kind: str | None = None, min_score: float = 85,
          source: str = "SOURCE") -> list[Row]:
    """Pairs scoring at least `min_score` (0-100), best first."""
    info, names = _entities(conn, kind)
    pairs = _name_pairs(info, names, links.representatives(conn), max(0.0, min_score - COUNTRY_BONUS
                                                         - EVENTS_BONUS))

    country = {eid: row["country"] for eid, row in info.items() if row["country"]}
    # Shared events are looked up only for pairs they could lift over the line.
    likely = []
    for (a, b), score in pairs.items():
        same = a in country and country[a] == country.get(b)
        if score + (COUNTRY_BONUS if same else 0) + EVENTS_BONUS >= min_score:
            likely.append((a, b, score, same))
    events = _shared_events(conn, {x for a, b, _, _ in likely for x in (a, b)})
    out = []
    none: set[str] = set()
    for a, b, name_score, same in likely:
        shared = len(events.get(a, none) & events.get(b, none))
        score = name_score + (COUNTRY_BONUS if same else 0) + (EVENTS_BONUS if shared else 0)
        if score < min_score:
            continue
        why = [f"names {name_score:.0f}"]
        if same:
            why.append(f"both of {country[a]}")
        if shared:
            why.append(f"{shared} shared event{'s' if shared != 1 else ''}")
        out.append({"score": round(min(score, 100.0), 1), "kind": info[a]["kind"],
                    "a": {k: info[a][k] for k in ("id", "name", "dataset")},
                    "b": {k: info[b][k] for k in ("id", "name", "dataset")}, "why": why,
                    "record": {"record": "same_as", "ids": [a, b],
                               "sources": [{"source": source, "locator": "idkb dupes"}]}})
    out.sort(key=lambda r: (-r["score"], r["a"]["id"], r["b"]["id"]))
    return out
