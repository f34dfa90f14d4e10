"""What every table, view and column of the database means, said once.

`idkb db metadata` prints this as Datasette metadata (`datasette idkb.db -m metadata.json`), and
the tests check it against the real schema, so a new column without a description fails a test.
Standard library only: printing metadata needs neither pydantic nor a built database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from idkb.core import paths

TITLE = "idkb: the CCP International Department"
DESCRIPTION = (
    "A knowledge base of the International Department of the Communist Party of China Central "
    "Committee and its party-to-party diplomacy: people, parties, countries and organisations, "
    "dated statements about them, events, and the sources behind every fact."
)
LICENSE_URLS = {"CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/"}

_ID = "Stable identifier, lower-case words joined by hyphens"
_DATASET = "The dataset this row came from (seed for the bundled one)"
_CERTAINTY = "confirmed, or reported (attributed by the sources, not confirmed)"
_EDTF = "date in EDTF notation: 2021, 2021-04, 2021-04-12, 2021~ (about), 1990/1995 (between)"
_LOCATOR = "Where in the source: a paragraph, page or section"
_POSITION = "Order within its owner, from 0"

Columns = dict[str, str]

# table -> (description, columns, extra Datasette table options)
TABLES: dict[str, tuple[str, Columns, dict[str, Any]]] = {
    "meta": ("Facts about this database file: schema version, seed checksum, build time.",
             {"key": "Setting name", "value": "Setting value"}, {"hidden": True}),
    "datasets": ("Each dataset the database was built from, with its row counts.", {
        "name": "Dataset name (seed, or the name given when loading)",
        "title": "Dataset title", "version": "Dataset version (the seed's is a date)",
        "description": "What the dataset holds", "license": "Licence of the dataset's data",
        "file": "File the dataset was read from", "sha256": "SHA-256 of that file",
        "loaded_at": "When it was put into this database (UTC)",
        "sources": "Number of sources", "entities": "Number of entities",
        "statements": "Number of statements", "events": "Number of events",
    }, {}),
    "sources": ("Every source cited: news articles, official pages, reports, papers.", {
        "id": _ID, "dataset": _DATASET, "title": "Title of the source",
        "publisher": "Who published it", "author": "Who wrote it, if named",
        "url": "Where to read it", "published": "Publication date (ISO)",
        "kind": "news, report, paper, official, website or other",
    }, {"sort_desc": "published"}),
    "entities": ("People, parties, countries and organisations.", {
        "id": _ID, "dataset": _DATASET, "kind": "person, party, country or organisation",
        "subkind": "For organisations: party-department, ministry, think-tank, embassy, ...",
        "name": "Main name in English", "summary": "One or two sentences about it",
        "country": "The country it belongs to (an entity id)", "website": "Official website",
        "short_name": "A short display name for tables (ID, CPC), if any",
    }, {"label_column": "name", "facets": ["kind"], "fts_table": "entities_fts"}),
    "entity_names": ("Every name an entity is known by: main name, aliases, Chinese names.", {
        "entity_id": "The entity", "name": "The name as written",
        "lang": "Language tag of the name (zh, de, ...), if given",
        "kind": "name (the main one), alias, abbreviation, native, short or former",
        "norm": "The name normalised for matching: lower case, no accents or punctuation",
        "position": _POSITION,
    }, {}),
    "statements": ("Dated facts linking an entity to another entity or to a value.", {
        "id": _ID, "dataset": _DATASET, "subject": "The entity the statement is about",
        "predicate": "The relation: head_of, member_of, rules, ambassador_to, ...",
        "object": "The other entity, for relations", "value": "The value, for attributes",
        "title": "Title of a position or label of a count",
        "start": "Start, " + _EDTF, "start_earliest": "First day the start can be (ISO)",
        "start_latest": "Last day the start can be (ISO)",
        "end": "End, " + _EDTF, "end_earliest": "First day the end can be (ISO)",
        "end_latest": "Last day the end can be (ISO)",
        "as_of": "The day a source last reported it holding (known to hold from start to "
                 "here), " + _EDTF,
        "as_of_earliest": "First day of as_of (ISO)", "as_of_latest": "Last day of as_of (ISO)",
        "certainty": _CERTAINTY, "note": "A remark on the statement",
    }, {"facets": ["predicate", "certainty"], "label_column": "id"}),
    "statement_sources": ("Which sources back each statement, and where in them.", {
        "statement_id": "The statement", "source_id": "The source", "locator": _LOCATOR,
        "note": "A remark on this citation", "position": _POSITION,
    }, {}),
    "events": ("Dated events: meetings, conferences, foundings, appointments, ...", {
        "id": _ID, "dataset": _DATASET, "type": "meeting, conference, founding, ...",
        "title": "What happened, in a line", "summary": "What happened, in more words",
        "date": "When, " + _EDTF, "earliest": "First day it can have been (ISO)",
        "latest": "Last day it can have been (ISO)",
        "precision": "How precise the date is: day, month, season, year, decade, century, unknown",
        "qualifier": "Date qualifier: approximate, uncertain, or both",
        "location": "Where, as written", "location_country": "The country it took place in",
        "certainty": _CERTAINTY,
    }, {"sort": "earliest", "facets": ["type"], "label_column": "title",
        "fts_table": "events_fts"}),
    "event_participants": ("Who took part in each event, and in what role.", {
        "event_id": "The event", "entity_id": "The participant",
        "role": "host, guest, organiser, participant, speaker, author, subject or counterpart",
        "position": _POSITION,
    }, {"facets": ["role"]}),
    "event_sources": ("Which sources back each event, and where in them.", {
        "event_id": "The event", "source_id": "The source", "locator": _LOCATOR,
        "note": "A remark on this citation", "position": _POSITION,
    }, {}),
    "search_index": ("Full-text search: one row per entity, event and statement, with the text "
                     "worth searching split by weight. Datasette's search box searches it.", {
        "rowid": "Row number (the full-text index's key)",
        "record": "entity, event or statement", "kind": "Entity kind, or event / statement",
        "ref": "The id of the entity, event or statement", "dataset": _DATASET,
        "name": "Names (weighted most)", "aliases": "Aliases (weighted next)",
        "body": "Summaries, titles and statement text", "cjk_names":
        "Chinese names as overlapping two-character pieces and single characters",
        "cjk_body": "Chinese body text, split the same way",
    }, {"label_column": "name", "facets": ["record", "kind"]}),
    "event_participants_view": ("Events with their participants by name: one row per "
                                "participant, in date order.", {
        "event_id": "The event", "date": "When, " + _EDTF,
        "earliest": "First day it can have been (ISO)", "latest": "Last day (ISO)",
        "type": "Event type", "event": "Event title", "role": "The participant's role",
        "entity_id": "The participant", "entity": "The participant's name",
        "entity_kind": "The participant's kind", "location": "Where, as written",
        "certainty": _CERTAINTY,
    }, {"facets": ["type", "entity_kind", "role"]}),
    "person_positions": ("People with their positions and other ties, and when they held.", {
        "person_id": "The person", "person": "The person's name",
        "predicate": "The tie: head_of, deputy_head_of, ambassador_to, member_of, ...",
        "title": "Title of the position", "entity_id": "The party, country or organisation",
        "entity": "Its name", "entity_kind": "Its kind",
        "start": "Start, " + _EDTF, "end": "End, " + _EDTF,
        "as_of": "The day a source last reported it holding",
        "status": "Today: held, may-hold (not ruled out, but no report shows it today), "
                  "last-reported (after as_of, no end known), past or not-yet",
        "certainty": _CERTAINTY, "statement_id": "The statement this row comes from",
    }, {"facets": ["predicate"]}),
    "citations": ("Every citation, of statements and events alike, with the source's title.", {
        "record": "statement or event", "record_id": "The statement's or event's id",
        "source_id": "The source", "source": "Its title", "publisher": "Its publisher",
        "published": "Its publication date", "url": "Where to read it",
        "locator": _LOCATOR, "note": "A remark on this citation",
    }, {"facets": ["record", "source_id"]}),
}

# Full-text search tables (made with sqlite-utils' enable_fts, see store/search_index.py):
# Datasette finds them itself and shows a search box on the table they index.
FTS_TABLES = {
    "events_fts": "Full-text index of events (title, summary, location).",
    "entities_fts": "Full-text index of entities (main name and summary).",
    "search_index_fts": "Full-text index of search_index (what `idkb search` searches).",
}

# Canned queries: the questions people ask most, one form each in Datasette.
QUERIES: dict[str, dict[str, str]] = {
    "head_on_day": {
        "title": "Who headed the International Department on a day",
        "description": "Heads whose period may include the day (YYYY-MM-DD).",
        "sql": (
            "SELECT s.subject AS person_id, e.name AS person, s.title, s.start, s.\"end\", "
            "s.certainty, s.id AS statement_id FROM statements s "
            "JOIN entities e ON e.id = s.subject "
            "WHERE s.predicate = 'head_of' AND s.object = 'international-department' "
            "AND coalesce(s.start_earliest, '0000-01-01') <= :day "
            "AND coalesce(s.end_latest, '9999-12-31') >= :day ORDER BY s.start_earliest"),
    },
    "events_with_country": {
        "title": "Events with a country",
        "description": "Events held in a country or with it, its parties or its "
                       "organisations taking part (the country's id: morocco, syria, ...).",
        "sql": (
            "SELECT DISTINCT ev.id, ev.date, ev.type, ev.title, ev.location FROM events ev "
            "LEFT JOIN event_participants p ON p.event_id = ev.id "
            "LEFT JOIN entities x ON x.id = p.entity_id "
            "WHERE ev.location_country = :country OR p.entity_id = :country "
            "OR x.country = :country ORDER BY ev.earliest"),
    },
    "positions_of_person": {
        "title": "A person's positions",
        "description": "Every position and tie of one person (the person's id: song-tao).",
        "sql": (
            "SELECT predicate, title, entity, entity_id, start, \"end\", as_of, certainty, "
            "statement_id FROM person_positions WHERE person_id = :person "
            "ORDER BY coalesce(start, as_of)"),
    },
}


def _seed_info() -> dict[str, Any]:
    try:
        info = json.loads(paths.seed_bytes()).get("dataset") or {}
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def datasette_metadata(db_file: Path) -> dict[str, Any]:
    """Datasette metadata for the database at `db_file` (Datasette names it by its stem)."""
    seed = _seed_info()
    license_name = str(seed.get("license") or "CC BY 4.0")
    tables: dict[str, Any] = {}
    for name, (description, columns, extra) in TABLES.items():
        tables[name] = {"description": description, "columns": dict(columns), **extra}
    for name, description in FTS_TABLES.items():
        tables[name] = {"description": description, "hidden": True}
    top: dict[str, Any] = {
        "title": TITLE,
        "description": DESCRIPTION,
        "license": license_name,
        "source": str(seed.get("title") or "idkb seed dataset"),
    }
    if license_name in LICENSE_URLS:
        top["license_url"] = LICENSE_URLS[license_name]
    top["databases"] = {db_file.stem: {"title": TITLE, "description": DESCRIPTION,
                                       "tables": tables, "queries": QUERIES}}
    return top
