"""`idkb export --format csv`: tidy tables, one CSV per table, with a Frictionless
`datapackage.json` saying each column's type and the keys that join them, so pandas, R and
the Frictionless tools read them typed.

The tables are written into a new folder, or a new zip file when the path ends in .zip; the
whole export is written aside first and put in place only when complete, and a path that
already exists is never replaced.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from idkb.core.errors import BadInput

Field = tuple[str, str]  # column name, Frictionless type
# name -> (SQL, fields, primary key, foreign keys as (fields, table, its fields)).
S, INT, D, OBJ, A = "string", "integer", "date", "object", "any"
TABLES: dict[str, tuple[str, list[Field], list[str], list[tuple[list[str], str, list[str]]]]] = {
    "sources": ("SELECT id, dataset, title, publisher, author, url, published, kind FROM sources "
                "{where} ORDER BY id",
                [("id", S), ("dataset", S), ("title", S), ("publisher", S), ("author", S),
                 ("url", S), ("published", S), ("kind", S)], ["id"], []),
    "entities": ("SELECT id, dataset, kind, subkind, name, summary, country, website, "
                 "short_name, attributes FROM entities {where} ORDER BY id",
                 [("id", S), ("dataset", S), ("kind", S), ("subkind", S), ("name", S),
                  ("summary", S), ("country", S), ("website", S), ("short_name", S),
                  ("attributes", OBJ)], ["id"],
                 [(["country"], "entities", ["id"])]),
    "names": ("SELECT entity_id, name, lang, kind, position FROM entity_names WHERE entity_id IN "
              "(SELECT id FROM entities {where}) ORDER BY entity_id, position",
              [("entity_id", S), ("name", S), ("lang", S), ("kind", S), ("position", INT)],
              ["entity_id", "position"], [(["entity_id"], "entities", ["id"])]),
    "identifiers": ("SELECT entity_id, scheme, value FROM entity_identifiers WHERE entity_id IN "
                    "(SELECT id FROM entities {where}) ORDER BY entity_id, scheme",
                    [("entity_id", S), ("scheme", S), ("value", S)], ["entity_id", "scheme"],
                    [(["entity_id"], "entities", ["id"])]),
    "statements": ("SELECT id, dataset, subject, predicate, object, value, title, start, "
                   "start_earliest, start_latest, \"end\", end_earliest, end_latest, as_of, "
                   "certainty, note, attributes FROM statements {where} ORDER BY id",
                   [("id", S), ("dataset", S), ("subject", S), ("predicate", S),
                    ("object", S), ("value", A), ("title", S), ("start", S),
                    ("start_earliest", D), ("start_latest", D), ("end", S),
                    ("end_earliest", D), ("end_latest", D), ("as_of", S), ("certainty", S),
                    ("note", S), ("attributes", OBJ)], ["id"],
                   [(["subject"], "entities", ["id"]), (["object"], "entities", ["id"])]),
    "events": ("SELECT id, dataset, type, title, summary, date, earliest, latest, precision, "
               "location, location_country, certainty, attributes FROM events {where} "
               "ORDER BY earliest, id",
               [("id", S), ("dataset", S), ("type", S), ("title", S), ("summary", S),
                ("date", S), ("earliest", D), ("latest", D), ("precision", S),
                ("location", S), ("location_country", S), ("certainty", S),
                ("attributes", OBJ)], ["id"], [(["location_country"], "entities", ["id"])]),
    "participants": ("SELECT event_id, entity_id, role, position FROM event_participants WHERE "
                     "event_id IN (SELECT id FROM events {where}) ORDER BY event_id, position",
                     [("event_id", S), ("entity_id", S), ("role", S), ("position", INT)],
                     ["event_id", "position"], [(["event_id"], "events", ["id"]),
                                                (["entity_id"], "entities", ["id"])]),
    "citations": ("SELECT 'statement' AS record, statement_id AS record_id, source_id, locator, "
                  "note, position FROM statement_sources WHERE statement_id IN (SELECT id FROM "
                  "statements {where}) UNION ALL SELECT 'event', event_id, source_id, locator, "
                  "note, position FROM event_sources WHERE event_id IN (SELECT id FROM events "
                  "{where}) ORDER BY 1, 2, 6",
                  [("record", S), ("record_id", S), ("source_id", S), ("locator", S),
                   ("note", S), ("position", INT)], ["record", "record_id", "position"],
                  [(["source_id"], "sources", ["id"])]),
}


def _resource(name: str) -> dict[str, Any]:
    _, fields, key, foreign = TABLES[name]
    schema: dict[str, Any] = {"fields": [{"name": f, "type": t} for f, t in fields],
                              "primaryKey": key, "missingValues": [""]}
    if foreign:
        schema["foreignKeys"] = [{"fields": f, "reference": {"resource": r, "fields": rf}}
                                 for f, r, rf in foreign]
    return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}


def package(dataset: str | None) -> dict[str, Any]:
    """The Frictionless descriptor of the export."""
    return {"profile": "tabular-data-package", "name": f"idkb-{dataset or 'all'}",
            "title": "idkb knowledge base" + (f", dataset {dataset}" if dataset else ""),
            "resources": [_resource(name) for name in TABLES]}


def _rows(conn: sqlite3.Connection, name: str, dataset: str | None) -> Iterator[list[Any]]:
    sql = TABLES[name][0].format(where="WHERE dataset = ?" if dataset else "")
    args = (dataset,) * sql.count("?")
    cursor = conn.execute(sql, args)
    yield [d[0] for d in cursor.description]
    yield from (list(r) for r in cursor)


def _write_table(conn: sqlite3.Connection, name: str, dataset: str | None,
                 out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    count = -1
    for row in _rows(conn, name, dataset):
        writer.writerow(row)
        count += 1
    return count


def write(conn: sqlite3.Connection, target: Path, dataset: str | None) -> dict[str, int]:
    """Write the tables to `target` (a folder, or a .zip); return the rows in each."""
    if target.exists() or target.is_symlink():
        raise BadInput(f"{target} already exists; idkb writes an export only to a new path")
    if not target.parent.is_dir():
        raise BadInput(f"{target.parent}: no such folder")
    counts: dict[str, int] = {}
    tmp = Path(tempfile.mkdtemp(prefix=".idkb-export-", dir=target.parent))
    try:
        descriptor = json.dumps(package(dataset), indent=2) + "\n"
        if target.suffix.lower() == ".zip":
            made = tmp / "export.zip"
            with zipfile.ZipFile(made, "w", zipfile.ZIP_DEFLATED) as zf:
                for name in TABLES:
                    with zf.open(f"{name}.csv", "w") as raw, io.TextIOWrapper(
                            raw, encoding="utf-8", newline="") as out:
                        counts[name] = _write_table(conn, name, dataset, out)
                zf.writestr("datapackage.json", descriptor)
        else:
            made = tmp / "export"
            made.mkdir()
            for name in TABLES:
                with (made / f"{name}.csv").open("w", encoding="utf-8", newline="") as out:
                    counts[name] = _write_table(conn, name, dataset, out)
            (made / "datapackage.json").write_text(descriptor, encoding="utf-8")
        _place(made, target)
        return counts
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _place(made: Path, target: Path) -> None:
    """Move the finished export into place, never over a path that appeared meanwhile."""
    try:
        if made.is_dir():
            if target.exists():
                raise FileExistsError(target)
            os.rename(made, target)
        else:
            os.link(made, target)  # fails if the target exists
    except FileExistsError:
        raise BadInput(f"{target} appeared while the export was written; it was left as "
                       "it is") from None
