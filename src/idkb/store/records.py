"""The SQLite store: building it from validated datasets, and writing records into it.

The database is an index over the datasets (the bundled seed and any loaded files), so it can
always be rebuilt. A build writes a new file beside the target and renames it into place only
when complete: an interrupted build never leaves a half-built database behind.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from idkb.core import dates, paths
from idkb.core.batches import batches
from idkb.core.errors import BadInput, DatabaseProblem
from idkb.core.model import DatasetInfo, Entity, Event, KnowledgeBase, Source, Statement
from idkb.core.names import normalise
from idkb.core.vocab import TABLES
from idkb.store import bulk as bulk_load
from idkb.store import links, search_index
from idkb.store.schema import APPLICATION_ID, SCHEMA, SCHEMA_VERSION, VIEWS

# Record type -> its table, and the child tables that hang off it (table, key column).
CHILDREN = {
    "source": [],
    "entity": [("entity_names", "entity_id"), ("entity_identifiers", "entity_id")],
    "statement": [("statement_sources", "statement_id")],
    "event": [("event_participants", "event_id"), ("event_sources", "event_id")],
}
Record = Source | Entity | Statement | Event
BUILD_PREFIX = ".idkb-build-"
CACHE_KB = 65536
# Columns written per table, in insertion order (parents before children).
COLUMNS = {
    "sources": ("id", "dataset", "title", "publisher", "author", "url", "published", "kind"),
    "entities": ("id", "dataset", "kind", "subkind", "name", "summary", "country", "website",
                 "short_name", "attributes"),
    "entity_names": ("entity_id", "name", "lang", "kind", "norm", "position"),
    "entity_identifiers": ("entity_id", "scheme", "value"),
    "statements": ("id", "dataset", "subject", "predicate", "object", "value", "title",
                   "start", "start_earliest", "start_latest", "end", "end_earliest",
                   "end_latest", "as_of", "as_of_earliest", "as_of_latest", "certainty",
                   "note", "attributes"),
    "statement_sources": ("statement_id", "source_id", "locator", "note", "position"),
    "events": ("id", "dataset", "type", "title", "summary", "date", "earliest", "latest",
               "precision", "qualifier", "location", "location_country", "certainty",
               "attributes"),
    "event_participants": ("event_id", "entity_id", "role", "position"),
    "event_sources": ("event_id", "source_id", "locator", "note", "position"),
}


@dataclass(frozen=True)
class Dataset:
    """A validated dataset ready to insert, with where it came from."""

    kb: KnowledgeBase
    name: str
    file: str | None
    sha256: str


def seed_dataset() -> Dataset:
    raw = paths.seed_bytes()
    try:
        kb = KnowledgeBase.model_validate_json(raw)
    except ValueError as exc:  # a broken bundled seed is a packaging bug, not user error
        raise DatabaseProblem(f"the bundled seed is invalid: {exc}") from None
    return Dataset(kb, "seed", "seed.json", hashlib.sha256(raw).hexdigest())


def _span(notation: str | None) -> tuple[str | None, str | None]:
    if notation is None:
        return None, None
    span = dates.parse(notation)
    return span.earliest, span.latest


def _source_row(s: Source, dataset: str) -> dict[str, Any]:
    return {"dataset": dataset, **s.model_dump()}


def _entity_rows(e: Entity, dataset: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    row = e.model_dump(exclude={"aliases", "identifiers"})
    row["dataset"] = dataset
    row["attributes"] = links.attributes_json(e.attributes)
    named = [(e.name, None, "name")] + [(a.name, a.lang, a.kind) for a in e.aliases]
    names = [
        {"entity_id": e.id, "name": name, "lang": lang, "kind": kind, "norm": normalise(name),
         "position": position}
        for position, (name, lang, kind) in enumerate(named)
    ]
    return row, names


def _statement_row(s: Statement, dataset: str) -> dict[str, Any]:
    row = s.model_dump(exclude={"sources"})
    row["dataset"] = dataset
    row["attributes"] = links.attributes_json(s.attributes)
    for field in ("start", "end", "as_of"):
        row[f"{field}_earliest"], row[f"{field}_latest"] = _span(row[field])
    return row


def _event_row(e: Event, dataset: str) -> dict[str, Any]:
    span = dates.parse(e.date)
    row = e.model_dump(exclude={"participants", "sources"})
    row.update(
        dataset=dataset,
        earliest=span.earliest,
        latest=span.latest,
        precision=span.precision,
        qualifier=span.qualifier,
        attributes=links.attributes_json(e.attributes),
    )
    return row


def _citations(key: str, owner: str, cites: Iterable[Any]) -> Iterator[dict[str, Any]]:
    for position, c in enumerate(cites):
        yield {key: owner, "source_id": c.source, "locator": c.locator, "note": c.note,
               "position": position}


def dataset_row(name: str, info: DatasetInfo | None, file: str | None, sha256: str,
                loaded_at: str | None = None) -> dict[str, Any]:
    return {
        "name": name, "title": info.title if info else None,
        "description": info.description if info else None,
        "version": info.version if info else None,
        "license": info.license if info else None, "file": file, "sha256": sha256,
        "loaded_at": loaded_at or datetime.now(UTC).isoformat(timespec="seconds"),
        "sources": 0, "entities": 0, "statements": 0, "events": 0,
    }


def insert_dataset_row(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    conn.execute(f"INSERT INTO datasets ({', '.join(row)}) VALUES "
                 f"({', '.join(':' + k for k in row)})", row)


Rows = list[tuple[str, tuple[Any, ...]]]  # (table, values in COLUMNS order), parents first


def record_rows(r: Record, dataset: str) -> Rows:
    """The rows one validated record becomes."""
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(r, Source):
        out.append(("sources", _source_row(r, dataset)))
    elif isinstance(r, Entity):
        row, names = _entity_rows(r, dataset)
        out += [("entities", row), *(("entity_names", n) for n in names)]
        out += (("entity_identifiers", {"entity_id": r.id, "scheme": k, "value": v})
                for k, v in r.identifiers.items())
    elif isinstance(r, Statement):
        out.append(("statements", _statement_row(r, dataset)))
        out += (("statement_sources", c) for c in _citations("statement_id", r.id, r.sources))
    else:
        out.append(("events", _event_row(r, dataset)))
        out += (("event_participants", {"event_id": r.id, "entity_id": p.entity,
                                        "role": p.role, "position": i})
                for i, p in enumerate(r.participants))
        out += (("event_sources", c) for c in _citations("event_id", r.id, r.sources))
    return [(table, tuple(row[c] for c in COLUMNS[table])) for table, row in out]


_INSERT = {table: "INSERT INTO {} ({}) VALUES ({})".format(
    table, ", ".join(f'"{c}"' for c in cols), ", ".join("?" * len(cols)))
    for table, cols in COLUMNS.items()}


Tables = dict[str, list[tuple[Any, ...]]]  # the rows of many records, by table

# Where a table's rows name other records: (position of the column, kind of record).
REFERENCES: dict[str, tuple[tuple[int, str], ...]] = {
    table: tuple((COLUMNS[table].index(column), kind) for column, kind in named)
    for table, named in {
        "entities": (("country", "entity"),),
        "statements": (("subject", "entity"), ("object", "entity")),
        "statement_sources": (("source_id", "source"),),
        "events": (("location_country", "entity"),),
        "event_participants": (("entity_id", "entity"),),
        "event_sources": (("source_id", "source"),),
    }.items()}


def insert_rows(conn: sqlite3.Connection, rows: Iterable[Rows]) -> None:
    """Insert the rows of many records (the caller owns the transaction)."""
    tables: Tables = {table: [] for table in COLUMNS}
    for record in rows:
        for table, values in record:
            tables[table].append(values)
    insert_tables(conn, tables)


def insert_tables(conn: sqlite3.Connection, tables: Tables) -> None:
    """Insert rows table by table, parents first. Positional parameters and one executemany
    per table: the cheapest way through the sqlite3 module."""
    for table in COLUMNS:
        values = tables.get(table)
        if values:
            conn.executemany(_INSERT[table], values)


def insert_records(conn: sqlite3.Connection, dataset: str, records: Iterable[Record]) -> None:
    """Insert validated records into `dataset` (the caller owns the transaction)."""
    insert_rows(conn, (record_rows(r, dataset) for r in records))


def update_counts(conn: sqlite3.Connection, dataset: str) -> None:
    counts = {table: conn.execute(f"SELECT count(*) FROM {table} WHERE dataset = ?",
                                  (dataset,)).fetchone()[0]
              for table in TABLES.values()}
    conn.execute("UPDATE datasets SET sources = :sources, entities = :entities, "
                 "statements = :statements, events = :events WHERE name = :name",
                 {**counts, "name": dataset})


def delete_records(conn: sqlite3.Connection, kind: str, ids: list[str]) -> None:
    table = TABLES[kind]
    for chunk in batches(ids):
        marks = ",".join("?" * len(chunk))
        for child, key in CHILDREN[kind]:
            conn.execute(f"DELETE FROM {child} WHERE {key} IN ({marks})", chunk)
        conn.execute(f"DELETE FROM {table} WHERE id IN ({marks})", chunk)


def delete_dataset(conn: sqlite3.Connection, name: str) -> None:
    """Remove a dataset's records and its row (the caller checks nothing else refers to them)."""
    links.delete_dataset(conn, name)
    for kind, table in TABLES.items():
        for child, key in CHILDREN[kind]:
            conn.execute(f"DELETE FROM {child} WHERE {key} IN "
                         f"(SELECT id FROM {table} WHERE dataset = ?)", (name,))
        conn.execute(f"DELETE FROM {table} WHERE dataset = ?", (name,))
    conn.execute("DELETE FROM datasets WHERE name = ?", (name,))


def insert_dataset(conn: sqlite3.Connection, ds: Dataset, skip: bool = False) -> list[str]:
    """Insert one whole dataset (the caller owns the transaction).

    With `skip`, records whose id another dataset already holds are left out (a user dataset
    that replaced a seed record keeps it); their ids are returned.
    """
    insert_dataset_row(conn, dataset_row(ds.name, ds.kb.dataset, ds.file, ds.sha256))
    kb = ds.kb
    records: list[Record] = [*kb.sources, *kb.entities, *kb.statements, *kb.events]
    if not skip:
        insert_records(conn, ds.name, records)
        update_counts(conn, ds.name)
        return []
    return insert_missing(conn, ds)


def insert_missing(conn: sqlite3.Connection, ds: Dataset) -> list[str]:
    """Insert the records of `ds` whose ids no dataset holds now; return the ids left out.

    Used for the seed: after a user dataset that replaced seed records is unloaded, the
    seed's own versions come back.
    """
    kb = ds.kb
    records: list[Record] = [*kb.sources, *kb.entities, *kb.statements, *kb.events]
    # Only the seed's own ids are looked up: reading every id held (a million, after a big
    # load) into a set cost 170 MB.
    held: set[tuple[str, str]] = set()
    for kind, table in TABLES.items():
        for chunk in batches([r.id for r in records if kind_of(r) == kind]):
            held.update((kind, rid) for (rid,) in conn.execute(
                f"SELECT id FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    insert_records(conn, ds.name, [r for r in records if (kind_of(r), r.id) not in held])
    update_counts(conn, ds.name)
    return [f"{kind_of(r)} {r.id!r}" for r in records if (kind_of(r), r.id) in held]


def kind_of(record: Record) -> str:
    return {Source: "source", Entity: "entity", Statement: "statement",
            Event: "event"}[type(record)]


def open_write(path: Path, bulk: bool = False) -> sqlite3.Connection:
    """A connection for one write transaction (the caller runs BEGIN IMMEDIATE).

    `bulk` (a big load, see idkb.store.bulk) leaves SQLite's own reference checks off: the
    loader checks every reference itself, and with the indexes dropped for the load SQLite's
    checks would scan whole tables, and writes with a rollback journal when it has the
    database to itself (see idkb.store.bulk; call `bulk.share` when done)."""
    from idkb.store.writer_lock import wait_seconds

    # idkb's writers take turns on the writer lock; this waits for any other program.
    conn = sqlite3.connect(path, timeout=wait_seconds(), isolation_level=None)
    if not (bulk and bulk_load.alone(conn)):
        bulk_load.share(conn)  # a killed big load may have left its rollback journal mode
    conn.execute(f"PRAGMA foreign_keys = {'OFF' if bulk else 'ON'}")
    # A page cache of 64 MB rather than 2 MB: a big load's indexes then stay in memory, and the
    # cost of a load grows with its size, not faster. Pages are only taken as they are used.
    conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")
    # Checked at COMMIT, so records may refer to ones later in the same load. Set last: any
    # statement run before the transaction begins ends an (implicit) transaction, which
    # switches this off again.
    conn.execute("PRAGMA defer_foreign_keys = ON")
    return conn


def dangling(conn: sqlite3.Connection, limit: int = 50) -> list[str]:
    """References that do not resolve, as readable lines (empty when all is well)."""
    lines = []
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        if parent == "datasets":
            lines.append(f"{table} row {rowid} belongs to a dataset that is not registered")
            continue
        row = conn.execute(f"SELECT * FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
        lines.append(f"{table} {tuple(row)[:3]}: refers to a missing {parent} record")
        if len(lines) >= limit:
            break
    return lines + links.dangling_citations(conn, limit - len(lines))


def check_references(conn: sqlite3.Connection) -> None:
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        lines = [f"{table} row {rowid}: no {parent} with that id" for table, rowid, parent, _ in
                 problems[:50]]
        raise BadInput(f"{len(problems)} reference(s) do not resolve", lines)


Place = Callable[[Path, Path], None]


def build(target: Path, fill: Callable[[sqlite3.Connection], None], seed_sha256: str,
          place: Place | None = None) -> None:
    """Build a complete database beside `target`, then put it in place (write aside, then
    rename: `place`, by default only where no database has appeared meanwhile).

    `fill` inserts every dataset, and its search documents, inside the build's transaction.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f"{BUILD_PREFIX}{target.name}-", suffix=".db",
                                    dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")  # see open_write
            conn.executescript(SCHEMA + VIEWS)
            search_index.setup(conn)
            conn.execute("BEGIN")
            fill(conn)
            check_references(conn)
            conn.executemany("INSERT INTO meta VALUES (?, ?)", _stamp(seed_sha256).items())
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        (place or _place)(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _stamp(seed_sha256: str) -> dict[str, str]:
    return {
        "schema_version": str(SCHEMA_VERSION),
        "seed_sha256": seed_sha256,
        "seed_checked": paths.seed_mark(seed_sha256) or "",
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def clean_builds(target: Path) -> None:
    """Remove builds a kill left beside `target`. Call holding the writer lock: then no build
    of this database is running."""
    for stale in target.parent.glob(f"{BUILD_PREFIX}{target.name}-*.db*"):
        stale.unlink(missing_ok=True)


def _place(tmp: Path, target: Path) -> None:
    """Put a finished build at `target`, never over a database that appeared meanwhile.

    Two commands can both find no database and both build one; the second must not replace
    the first's file, which may already hold a load. A hard link fails if the target exists.
    """
    try:
        os.link(tmp, target)
    except FileExistsError:
        return  # another idkb got there first: keep its database, drop this build
    except OSError:  # a file system without hard links
        if not target.exists():
            os.replace(tmp, target)
