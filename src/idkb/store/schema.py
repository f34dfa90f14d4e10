"""The database schema: tables, indexes and views, and its version.

Plain strings and a number, built from core's vocabulary only: the read path checks the version
on every start. Table and column descriptions for other tools are in idkb.store.metadata.
"""

from idkb.core.vocab import LONG_DAYS, STATUSES

_HELD, _, _MAY_HOLD, _LAST_REPORTED, _PAST, _NOT_YET = STATUSES

# 2: the full-text search index (store/search_index.py); 3: datasets keep description and
# licence, and each record table has an index on its dataset (loads, unloads and exports go by
# dataset);
# 4: person_positions has each statement's status today (held, may-hold, last-reported, ...);
# 5: entities have a short display name (short_name) for tables; 6: person_positions no longer
# holds a statement with no end and no as_of today, and a partial as_of vouches for its first
# day only; 7: the file's header carries idkb's application id (PRAGMA application_id), so idkb
# can tell its own database, even a damaged one, from any other file before it replaces it.
# 8: external identifiers, attributes, same-as groups and aliases added across datasets.
# 9: the participants' index by entity holds the event's id, the events' index by place their
# id: a profile counts its events from the indexes alone.
SCHEMA_VERSION = 9
# "idkb" in ASCII, written at byte offset 68 of the SQLite header.
APPLICATION_ID = 0x69646B62

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE datasets (
    name TEXT PRIMARY KEY, title TEXT, description TEXT, version TEXT, license TEXT,
    file TEXT, sha256 TEXT NOT NULL,
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
    country TEXT REFERENCES entities(id), website TEXT, short_name TEXT, attributes TEXT
);
CREATE TABLE entity_identifiers (
    entity_id TEXT NOT NULL REFERENCES entities(id), scheme TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (entity_id, scheme)
);
CREATE TABLE same_as (
    id INTEGER PRIMARY KEY, dataset TEXT NOT NULL REFERENCES datasets(name),
    sources TEXT NOT NULL
);
CREATE TABLE same_as_members (
    same_as INTEGER NOT NULL REFERENCES same_as(id),
    entity_id TEXT NOT NULL REFERENCES entities(id), position INTEGER NOT NULL,
    PRIMARY KEY (same_as, position)
);
CREATE TABLE added_aliases (
    id INTEGER PRIMARY KEY, dataset TEXT NOT NULL REFERENCES datasets(name),
    entity_id TEXT NOT NULL REFERENCES entities(id), name TEXT NOT NULL, lang TEXT,
    kind TEXT NOT NULL, norm TEXT NOT NULL, sources TEXT NOT NULL
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
    certainty TEXT NOT NULL, note TEXT, attributes TEXT
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
    location TEXT, location_country TEXT REFERENCES entities(id), certainty TEXT NOT NULL,
    attributes TEXT
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
CREATE INDEX events_long ON events(earliest)
    WHERE julianday(latest) - julianday(earliest) > {LONG_DAYS};  -- see query.filters._overlap
CREATE INDEX events_type ON events(type, earliest);
-- The ids ride in these two so that the events an entity or a country takes part in are
-- counted from the indexes alone (query.filters.event_ids), without reading a row each.
CREATE INDEX events_location_country ON events(location_country, id);
CREATE INDEX event_participants_entity ON event_participants(entity_id, event_id);
CREATE INDEX event_sources_source ON event_sources(source_id);
CREATE INDEX sources_dataset ON sources(dataset);
CREATE INDEX entities_dataset ON entities(dataset);
CREATE INDEX statements_dataset ON statements(dataset);
CREATE INDEX events_dataset ON events(dataset);
CREATE INDEX entity_identifiers_value ON entity_identifiers(value);
CREATE INDEX same_as_dataset ON same_as(dataset);
CREATE INDEX same_as_members_entity ON same_as_members(entity_id);
CREATE INDEX added_aliases_dataset ON added_aliases(dataset);
CREATE INDEX added_aliases_entity ON added_aliases(entity_id);
CREATE INDEX added_aliases_norm ON added_aliases(norm);
"""

# Views answer the common questions in one SELECT, for Datasette and any other SQLite tool;
# idkb's own queries do not use them. Their columns are described in idkb.store.metadata.
# A statement's status on the day `t.day`: the rules of idkb.query.status.status_on for a
# position (never a founded_in fact), in SQL. tests/test_store_views.py checks the two agree on
# random statements and days.
STATUS_CASE = f"""CASE
         WHEN s."end" IS NOT NULL AND s.end_latest <= t.day THEN '{_PAST}'
         WHEN s.start IS NOT NULL AND s.start_earliest > t.day THEN '{_NOT_YET}'
         WHEN (coalesce(s.start IS NOT NULL AND s.start_latest <= t.day, 0)
               OR coalesce(s.as_of_latest <= t.day, 0))
              AND (coalesce(s."end" IS NOT NULL AND s.end_earliest > t.day, 0)
                   OR coalesce(s.as_of_earliest >= t.day, 0)) THEN '{_HELD}'
         WHEN s."end" IS NULL AND s.as_of_latest < t.day THEN '{_LAST_REPORTED}'
         ELSE '{_MAY_HOLD}'
       END"""

VIEWS = f"""
CREATE VIEW event_participants_view AS
SELECT e.id AS event_id, e.date, e.earliest, e.latest, e.type, e.title AS event,
       p.role, x.id AS entity_id, x.name AS entity, x.kind AS entity_kind,
       e.location, e.certainty
FROM events e
JOIN event_participants p ON p.event_id = e.id
JOIN entities x ON x.id = p.entity_id
ORDER BY e.earliest, e.latest, e.id, p.position;

-- status: the rules of idkb.query.status for today.
CREATE VIEW person_positions AS
SELECT x.id AS person_id, x.name AS person, s.predicate, s.title,
       o.id AS entity_id, o.name AS entity, o.kind AS entity_kind,
       s.start, s."end", s.as_of,
       {STATUS_CASE} AS status,
       s.certainty, s.id AS statement_id
FROM statements s
JOIN entities x ON x.id = s.subject AND x.kind = 'person'
JOIN entities o ON o.id = s.object
CROSS JOIN (SELECT date('now', 'localtime') AS day) t
ORDER BY x.name, s.start_earliest, s.id;

CREATE VIEW identifiers AS
SELECT x.id AS entity_id, x.name AS entity, x.kind AS entity_kind, i.scheme, i.value
FROM entity_identifiers i JOIN entities x ON x.id = i.entity_id
ORDER BY i.scheme, i.value;

CREATE VIEW same_as_view AS
SELECT m.same_as AS same_as_id, s.dataset, m.entity_id, x.name AS entity, x.kind AS entity_kind
FROM same_as_members m JOIN same_as s ON s.id = m.same_as JOIN entities x ON x.id = m.entity_id
ORDER BY m.same_as, m.position;

CREATE VIEW citations AS
SELECT 'statement' AS record, c.statement_id AS record_id, c.source_id, s.title AS source,
       s.publisher, s.published, s.url, c.locator, c.note
FROM statement_sources c JOIN sources s ON s.id = c.source_id
UNION ALL
SELECT 'event', c.event_id, c.source_id, s.title, s.publisher, s.published, s.url,
       c.locator, c.note
FROM event_sources c JOIN sources s ON s.id = c.source_id;
"""
