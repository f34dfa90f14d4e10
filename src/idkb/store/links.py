"""Records that link entities across datasets: same-as groups and added aliases.

A same-as declaration joins entity ids of any datasets into one entity for the queries; an
added alias gives an entity of another dataset one more name. Both belong to the dataset that
declares them, so unloading it undoes them. Groups are the connected parts of all
declarations together: "a = b" and "b = c" make one entity of three.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from idkb.core.batches import batches
from idkb.core.names import normalise
from idkb.store import search_index

if TYPE_CHECKING:  # the read path uses `group` and must not import pydantic
    from idkb.core.model import AliasOf, SameAs


def attributes_json(attributes: dict[str, Any]) -> str | None:
    """Attributes as stored: a JSON object with sorted keys, or NULL when there are none.
    Floats exactly as the json module writes them (a stored value is compared as text)."""
    if not attributes:
        return None
    from idkb.core import json_text  # msgspec: imported by loads only, never on the read path

    return json_text.dumps(attributes, sort_keys=True, exact_floats=True)


def _cites(sources: Iterable[Any]) -> str:
    return json.dumps([{k: v for k, v in c.model_dump().items() if v is not None}
                       for c in sources], ensure_ascii=False, separators=(",", ":"))


def insert(conn: sqlite3.Connection, dataset: str, records: Iterable[SameAs | AliasOf]) -> None:
    """Insert link records into `dataset` (the caller owns the transaction)."""
    from idkb.core.model import SameAs

    for r in records:
        if isinstance(r, SameAs):
            cursor = conn.execute("INSERT INTO same_as (dataset, sources) VALUES (?, ?)",
                                  (dataset, _cites(r.sources)))
            conn.executemany("INSERT INTO same_as_members (same_as, entity_id, position) "
                             "VALUES (?, ?, ?)",
                             [(cursor.lastrowid, rid, i) for i, rid in enumerate(r.ids)])
        else:
            conn.execute("INSERT INTO added_aliases (dataset, entity_id, name, lang, kind, norm, "
                         "sources) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (dataset, r.entity, r.name, r.lang, r.kind, normalise(r.name),
                          _cites(r.sources)))


_CITED = "json_extract(c.value, '$.source')"
_DANGLING = f"""
SELECT 'a same-as record', s.dataset, {_CITED} FROM same_as s, json_each(s.sources) c
WHERE {_CITED} NOT IN (SELECT id FROM sources)
UNION ALL
SELECT 'the alias ' || quote(a.name), a.dataset, {_CITED} FROM added_aliases a,
       json_each(a.sources) c
WHERE {_CITED} NOT IN (SELECT id FROM sources)"""


def dangling_citations(conn: sqlite3.Connection, limit: int = 50) -> list[str]:
    """Citations of same-as and alias records whose source is gone, as readable lines. They
    are JSON text, out of reach of SQLite's reference checks."""
    return [f"{what} of dataset {dataset!r} cites source {source!r}"
            for what, dataset, source in conn.execute(f"{_DANGLING} LIMIT ?", (limit,))]


def delete_dataset(conn: sqlite3.Connection, name: str) -> None:
    conn.execute("DELETE FROM same_as_members WHERE same_as IN "
                 "(SELECT id FROM same_as WHERE dataset = ?)", (name,))
    conn.execute("DELETE FROM same_as WHERE dataset = ?", (name,))
    conn.execute("DELETE FROM added_aliases WHERE dataset = ?", (name,))


def aliased_datasets(conn: sqlite3.Connection, dataset: str) -> list[str]:
    """The other datasets whose entities `dataset` adds names to (their search documents
    change with it)."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT e.dataset FROM added_aliases a JOIN entities e ON e.id = a.entity_id "
        "WHERE a.dataset = ? AND e.dataset != ? ORDER BY 1", (dataset, dataset))]


def refresh_named(conn: sqlite3.Connection, datasets: Iterable[str]) -> None:
    """Re-derive the search documents of the entities these datasets add names to."""
    for name in sorted({n for d in datasets for n in aliased_datasets(conn, d)}):
        search_index.refresh(conn, name)


def group(conn: sqlite3.Connection, entity_id: str) -> list[str]:
    """Every id that denotes the same entity as `entity_id` (itself first, then by id)."""
    found = {entity_id}
    todo = [entity_id]
    while todo:
        step, todo = todo, []
        for chunk in batches(step):
            marks = ",".join("?" * len(chunk))
            for (rid,) in conn.execute(
                    "SELECT DISTINCT b.entity_id FROM same_as_members a JOIN same_as_members b "
                    f"ON b.same_as = a.same_as WHERE a.entity_id IN ({marks})", chunk):
                if rid not in found:
                    found.add(rid)
                    todo.append(rid)
    return [entity_id, *sorted(found - {entity_id})]


def representatives(conn: sqlite3.Connection) -> dict[str, str]:
    """Entity id -> the smallest id of its same-as group, for every id in a group
    (union-find over every declaration; ids in no group are left out)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    first: dict[int, str] = {}
    for sid, eid in conn.execute("SELECT same_as, entity_id FROM same_as_members "
                                 "ORDER BY same_as, position"):
        parent.setdefault(eid, eid)
        if sid not in first:
            first[sid] = eid
            continue
        a, b = root(first[sid]), root(eid)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {x: root(x) for x in parent}


def export_rows(conn: sqlite3.Connection, dataset: str | None) -> Iterable[dict[str, Any]]:
    """The link records (of one dataset, or all) in the load format, in a fixed order."""
    where, args = (" WHERE dataset = ?", (dataset,)) if dataset is not None else ("", ())
    for sid, sources in conn.execute(f"SELECT id, sources FROM same_as{where} ORDER BY id",
                                     args).fetchall():
        ids = [r[0] for r in conn.execute("SELECT entity_id FROM same_as_members WHERE "
                                          "same_as = ? ORDER BY position", (sid,))]
        yield {"record": "same_as", "ids": ids, "sources": json.loads(sources)}
    for entity, name, lang, kind, sources in conn.execute(
            f"SELECT entity_id, name, lang, kind, sources FROM added_aliases{where} ORDER BY id",
            args).fetchall():
        row = {"record": "alias", "entity": entity, "name": name, "lang": lang,
               "kind": None if kind == "alias" else kind, "sources": json.loads(sources)}
        yield {k: v for k, v in row.items() if v is not None}
