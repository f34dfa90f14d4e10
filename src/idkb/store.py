"""The SQLite store: its schema, and building it from validated datasets.

The database is an index over the datasets (the bundled seed and any loaded files), so it can
always be rebuilt. A build writes a new file beside the target and renames it into place only
when complete: an interrupted build never leaves a half-built database behind.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from idkb import dates, fts, paths
from idkb.errors import BadInput, DatabaseProblem
from idkb.model import Entity, Event, KnowledgeBase, Source, Statement
from idkb.names import normalise

SCHEMA_VERSION = 2  # 2: the full-text search index (fts.py)

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE datasets (
    name TEXT PRIMARY KEY, title TEXT, version TEXT, file TEXT, sha256 TEXT NOT NULL,
    loaded_at TEXT NOT NULL, sources INTEGER, entities INTEGER, statements INTEGER,
    events INTEGER
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY, dataset TEXT NOT NULL REFERENCES datasets(name),
    title TEXT NOT NULL, publisher TEXT, author TEXT, url TEXT, published TEXT, kind TEXT NOT NULL
);
CREATE TABLE entities (
    id TEXT PRIMARY KEY, dataset TEXT NOT NULL REFERENCES datasets(name),
    kind TEXT NOT NULL, subkind TEXT, name TEXT NOT NULL, summary TEXT,
    country TEXT REFERENCES entities(id), website TEXT
);
CREATE TABLE entity_names (
    entity_id TEXT NOT NULL REFERENCES entities(id), name TEXT NOT NULL, lang TEXT,
    kind TEXT NOT NULL, norm TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (entity_id, position)
);
CREATE TABLE statements (
    id TEXT PRIMARY KEY, dataset TEXT NOT NULL REFERENCES datasets(name),
    subject TEXT NOT NULL REFERENCES entities(id), predicate TEXT NOT NULL,
    object TEXT REFERENCES entities(id), value, title TEXT,
    start TEXT, start_earliest TEXT, start_latest TEXT,
    "end" TEXT, end_earliest TEXT, end_latest TEXT,
    as_of TEXT, as_of_earliest TEXT, as_of_latest TEXT,
    certainty TEXT NOT NULL, note TEXT
);
CREATE TABLE statement_sources (
    statement_id TEXT NOT NULL REFERENCES statements(id),
    source_id TEXT NOT NULL REFERENCES sources(id),
    locator TEXT NOT NULL, note TEXT, position INTEGER NOT NULL,
    PRIMARY KEY (statement_id, position)
);
CREATE TABLE events (
    id TEXT PRIMARY KEY, dataset TEXT NOT NULL REFERENCES datasets(name),
    type TEXT NOT NULL, title TEXT NOT NULL, summary TEXT,
    date TEXT NOT NULL, earliest TEXT, latest TEXT, precision TEXT NOT NULL, qualifier TEXT,
    location TEXT, location_country TEXT REFERENCES entities(id), certainty TEXT NOT NULL
);
CREATE TABLE event_participants (
    event_id TEXT NOT NULL REFERENCES events(id),
    entity_id TEXT NOT NULL REFERENCES entities(id),
    role TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (event_id, position)
);
CREATE TABLE event_sources (
    event_id TEXT NOT NULL REFERENCES events(id),
    source_id TEXT NOT NULL REFERENCES sources(id),
    locator TEXT NOT NULL, note TEXT, position INTEGER NOT NULL,
    PRIMARY KEY (event_id, position)
);
CREATE INDEX entity_names_norm ON entity_names(norm);
CREATE INDEX entities_kind ON entities(kind);
CREATE INDEX entities_country ON entities(country);
CREATE INDEX statements_subject ON statements(subject);
CREATE INDEX statements_object ON statements(object);
CREATE INDEX statement_sources_source ON statement_sources(source_id);
CREATE INDEX events_earliest ON events(earliest);
CREATE INDEX events_type ON events(type, earliest);
CREATE INDEX events_location_country ON events(location_country);
CREATE INDEX event_participants_entity ON event_participants(entity_id);
CREATE INDEX event_sources_source ON event_sources(source_id);
"""

# Views answer the common questions in one SELECT, for Datasette and any other SQLite tool;
# idkb's own queries do not use them. Their columns are described in idkb.metadata.
VIEWS = """
CREATE VIEW event_participants_view AS
SELECT e.id AS event_id, e.date, e.earliest, e.latest, e.type, e.title AS event,
       p.role, x.id AS entity_id, x.name AS entity, x.kind AS entity_kind,
       e.location, e.certainty
FROM events e
JOIN event_participants p ON p.event_id = e.id
JOIN entities x ON x.id = p.entity_id
ORDER BY e.earliest, e.latest, e.id, p.position;

CREATE VIEW person_positions AS
SELECT x.id AS person_id, x.name AS person, s.predicate, s.title,
       o.id AS entity_id, o.name AS entity, o.kind AS entity_kind,
       s.start, s."end", s.as_of, s.certainty, s.id AS statement_id
FROM statements s
JOIN entities x ON x.id = s.subject AND x.kind = 'person'
JOIN entities o ON o.id = s.object
ORDER BY x.name, s.start_earliest, s.id;

CREATE VIEW citations AS
SELECT 'statement' AS record, c.statement_id AS record_id, c.source_id, s.title AS source,
       s.publisher, s.published, s.url, c.locator, c.note
FROM statement_sources c JOIN sources s ON s.id = c.source_id
UNION ALL
SELECT 'event', c.event_id, c.source_id, s.title, s.publisher, s.published, s.url,
       c.locator, c.note
FROM event_sources c JOIN sources s ON s.id = c.source_id;
"""


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
    row = e.model_dump(exclude={"aliases"})
    row["dataset"] = dataset
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
    )
    return row


def _citations(key: str, owner: str, cites: Iterable[Any]) -> Iterator[dict[str, Any]]:
    for position, c in enumerate(cites):
        yield {key: owner, "source_id": c.source, "locator": c.locator, "note": c.note,
               "position": position}


def insert_dataset(conn: sqlite3.Connection, ds: Dataset) -> None:
    """Insert one dataset's records (the caller owns the transaction)."""
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    table = db.table  # Table, not View: the schema above made every one of them
    kb, name = ds.kb, ds.name
    info = kb.dataset
    table("datasets").insert({
        "name": name, "title": info.title if info else None,
        "version": info.version if info else None, "file": ds.file, "sha256": ds.sha256,
        "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sources": len(kb.sources), "entities": len(kb.entities),
        "statements": len(kb.statements), "events": len(kb.events),
    })
    table("sources").insert_all(_source_row(s, name) for s in kb.sources)
    names: list[dict[str, Any]] = []
    entity_rows = []
    for e in kb.entities:
        row, entity_names = _entity_rows(e, name)
        entity_rows.append(row)
        names += entity_names
    table("entities").insert_all(entity_rows)
    table("entity_names").insert_all(names)
    table("statements").insert_all(_statement_row(s, name) for s in kb.statements)
    table("statement_sources").insert_all(
        c for s in kb.statements for c in _citations("statement_id", s.id, s.sources)
    )
    table("events").insert_all(_event_row(e, name) for e in kb.events)
    table("event_participants").insert_all(
        {"event_id": e.id, "entity_id": p.entity, "role": p.role, "position": i}
        for e in kb.events for i, p in enumerate(e.participants)
    )
    table("event_sources").insert_all(
        c for e in kb.events for c in _citations("event_id", e.id, e.sources)
    )


def check_references(conn: sqlite3.Connection) -> None:
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        lines = [f"{table} row {rowid}: no {parent} with that id" for table, rowid, parent, _ in
                 problems[:50]]
        raise BadInput(f"{len(problems)} reference(s) do not resolve", lines)


def build(target: Path, datasets: list[Dataset]) -> None:
    """Build a complete database at `target`, atomically (write aside, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".idkb-build-", suffix=".db", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.executescript(SCHEMA + VIEWS)
            fts.setup(conn)
            conn.execute("BEGIN")
            for ds in datasets:
                insert_dataset(conn, ds)
            check_references(conn)
            fts.refresh(conn)
            meta = {
                "schema_version": str(SCHEMA_VERSION),
                "seed_sha256": next((d.sha256 for d in datasets if d.name == "seed"), ""),
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
