"""Writing the knowledge base (or one dataset) back out in the load format, as a stream.

Records come out in a fixed order (sources, entities, statements, events, each by id) with
their fields in the models' order and empty values left out, so exporting, loading the result
into an empty database and exporting again gives the same bytes. JSON Lines are built by
SQLite itself (idkb.load.export_sql) and written as they come; for the JSON format, each
record's lists (aliases, participants, citations) are merged in from their tables with sorted
cursors, one record at a time. Either way memory stays flat however big the database is.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any, Literal, TextIO

from idkb.core import json_text
from idkb.core.vocab import LINK_LISTS, LISTS, RECORD_KINDS
from idkb.load import export_sql
from idkb.load.export_sql import FIELDS
from idkb.store import links

Row = dict[str, Any]
ExportFormat = Literal["json", "jsonl"]

DATASET_FIELDS = ("name", "title", "description", "version", "license")


def _dumps(record: Row) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def _clean(row: Row, fields: tuple[str, ...]) -> Row:
    if isinstance(row.get("attributes"), str):
        row["attributes"] = json.loads(row["attributes"])
    return {f: row[f] for f in fields if row.get(f) is not None and row.get(f) not in ([], {})}


def _grouped(cursor: sqlite3.Cursor) -> Iterator[tuple[str, list[Row]]]:
    """Rows ordered by their first column, grouped by it."""
    names = [d[0] for d in cursor.description]
    key: str | None = None
    group: list[Row] = []
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        owner = row.pop("owner")
        if owner != key:
            if key is not None:
                yield key, group
            key, group = owner, []
        group.append(row)
    if key is not None:
        yield key, group


class _Merge:
    """Children of the records in id order, fetched from one sorted cursor alongside them."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self.groups = _grouped(cursor)
        self.next: tuple[str, list[Row]] | None = next(self.groups, None)

    def take(self, owner: str) -> list[Row]:
        while self.next is not None and self.next[0] < owner:
            self.next = next(self.groups, None)
        if self.next is not None and self.next[0] == owner:
            found = self.next[1]
            self.next = next(self.groups, None)
            return found
        return []


def _scope(table: str, dataset: str | None) -> tuple[str, tuple[Any, ...]]:
    if dataset is None:
        return "", ()
    return f" WHERE {table}.dataset = ?", (dataset,)


def _child_cursor(conn: sqlite3.Connection, table: str, parent: str, key: str, cols: str,
                  dataset: str | None) -> sqlite3.Cursor:
    where = ""
    args: tuple[str, ...] = ()
    if dataset is not None:
        where = f" WHERE {key} IN (SELECT id FROM {parent} WHERE dataset = ?)"
        args = (dataset,)
    return conn.execute(f"SELECT {key} AS owner, {cols} FROM {table}{where} "
                        f"ORDER BY {key}, position", args)


def _rows(conn: sqlite3.Connection, table: str, dataset: str | None) -> Iterator[Row]:
    where, args = _scope(table, dataset)
    cursor = conn.execute(f"SELECT * FROM {table}{where} ORDER BY id", args)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def _cites(rows: list[Row]) -> list[Row]:
    return [_clean(c, ("source", "locator", "note")) for c in rows]


def records(conn: sqlite3.Connection, kind: str, dataset: str | None) -> Iterator[Row]:
    """Every record of one type, ready to write."""
    fields = FIELDS[kind]
    if kind == "source":
        for row in _rows(conn, "sources", dataset):
            yield _clean(row, fields)
    elif kind == "entity":
        names = _Merge(_child_cursor(conn, "entity_names", "entities", "entity_id",
                                     "name, lang, kind, position", dataset))
        ids = _Merge(conn.execute(
            "SELECT entity_id AS owner, scheme, value FROM entity_identifiers"
            + (" WHERE entity_id IN (SELECT id FROM entities WHERE dataset = ?)" if dataset
               is not None else "") + " ORDER BY entity_id, scheme",
            (dataset,) if dataset is not None else ()))
        for row in _rows(conn, "entities", dataset):
            row["aliases"] = [_clean(n, ("name", "lang", "kind"))
                              for n in names.take(row["id"]) if n["position"] > 0]
            row["identifiers"] = {i["scheme"]: i["value"] for i in ids.take(row["id"])}
            yield _clean(row, fields)
    elif kind == "statement":
        cites = _Merge(_child_cursor(conn, "statement_sources", "statements", "statement_id",
                                     "source_id AS source, locator, note", dataset))
        for row in _rows(conn, "statements", dataset):
            row["sources"] = _cites(cites.take(row["id"]))
            yield _clean(row, fields)
    else:
        people = _Merge(_child_cursor(conn, "event_participants", "events", "event_id",
                                      "entity_id AS entity, role", dataset))
        cites = _Merge(_child_cursor(conn, "event_sources", "events", "event_id",
                                     "source_id AS source, locator, note", dataset))
        for row in _rows(conn, "events", dataset):
            row["participants"] = people.take(row["id"])
            row["sources"] = _cites(cites.take(row["id"]))
            yield _clean(row, fields)


def dataset_info(conn: sqlite3.Connection, name: str) -> Row | None:
    cursor = conn.execute("SELECT * FROM datasets WHERE name = ?", (name,))
    values = cursor.fetchone()
    if values is None:
        return None
    return _clean(dict(zip([d[0] for d in cursor.description], values, strict=True)),
                  DATASET_FIELDS)


def write(conn: sqlite3.Connection, out: TextIO, dataset: str | None,
          fmt: ExportFormat) -> int:
    """Write the records (of one dataset, or all) in the load format; return how many."""
    info = dataset_info(conn, dataset) if dataset is not None else None
    if fmt == "jsonl":
        return _write_jsonl(conn, out, dataset, info)
    out.write('{\n  "idkb": 1')
    if info is not None:
        out.write(f',\n  "dataset": {_dumps(info)}')
    count = 0
    for key, kind in LISTS.items():
        out.write(f',\n  "{key}": [')
        first = True
        for record in records(conn, kind, dataset):
            out.write(("\n    " if first else ",\n    ") + _dumps(record))
            first = False
            count += 1
        out.write("]" if first else "\n  ]")
    grouped: dict[str, list[Row]] = {key: [] for key in LINK_LISTS}
    for link in links.export_rows(conn, dataset):
        grouped["same_as" if link.pop("record") == "same_as" else "aliases"].append(link)
    for key, found in grouped.items():
        if found:
            out.write(f',\n  "{key}": [\n    ' + ",\n    ".join(map(_dumps, found)) + "\n  ]")
            count += len(found)
    out.write("\n}\n")
    return count


def line(record: Row) -> str:
    """One JSON line of the export and of the kept files (compact, as SQLite writes JSON)."""
    return json_text.dumps(record)


def _write_jsonl(conn: sqlite3.Connection, out: TextIO, dataset: str | None,
                 info: Row | None) -> int:
    if info is not None:
        out.write(line({"record": "dataset", **info}) + "\n")
    count = 0
    for kind in RECORD_KINDS:
        args = (dataset,) if dataset is not None else ()
        cursor = conn.cursor()
        cursor.row_factory = None  # plain tuples: a Row object per line cost 10% of an export
        try:
            cursor.execute(export_sql.select(kind, dataset is not None), args)
        except sqlite3.OperationalError:  # an SQLite without its JSON functions
            for record in records(conn, kind, dataset):
                out.write(line({"record": kind, **record}) + "\n")
                count += 1
            continue
        while rows := cursor.fetchmany(1000):
            out.write("\n".join([r[0] for r in rows]) + "\n")
            count += len(rows)
    for link in links.export_rows(conn, dataset):
        out.write(line(link) + "\n")
        count += 1
    return count
