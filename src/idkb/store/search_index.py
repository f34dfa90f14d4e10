"""Full-text search index: one searchable document per entity, event and statement.

`search_index` holds one row per record with the text worth searching, split by weight (names,
aliases, body text), and `search_index_fts` is its FTS5 index, made by sqlite-utils'
`enable_fts`, so Datasette shows a search box on `search_index`. One table for all three kinds
of record means one bm25 ranking across them: a hit in a name can outrank one in a summary
whatever kind of record it is.

Keeping it in sync: `setup` runs once, outside any transaction (sqlite-utils runs a script,
which commits). `refresh(conn, dataset)` re-derives the documents of one dataset (or of all)
with set-based INSERT ... SELECT statements, inside the caller's transaction. sqlite-utils'
triggers on `search_index` then keep the FTS5 table in step row by row. Triggers on the base
tables were not used: an entity's document joins its aliases from another table, so a per-row
trigger would rewrite the document once per alias, and a load would pay that for every row.

Chinese: the unicode61 tokenizer keeps a run of Han characters as one token, so 宋涛 inside
"宋涛同志" would never match, and the trigram tokenizer cannot match two-character names.
So two extra columns hold the CJK text of the names and of the body re-written as tokens an
FTS5 phrase can match: overlapping bigrams in text order ("中联 联部" for 中联部), then the
single characters. A query of two or more CJK characters becomes a phrase of its bigrams, one
character becomes a unigram; both stay indexed FTS5 lookups, with no LIKE scan.
"""

from __future__ import annotations

import re
import sqlite3

from idkb.store import bulk

TABLE = "search_index"
FTS_TABLE = f"{TABLE}_fts"
COLUMNS = ("name", "aliases", "body", "cjk_names", "cjk_body")
# bm25 weights, in COLUMNS order: a name counts most, then an alias, then body text.
WEIGHTS = (10.0, 6.0, 1.0, 6.0, 1.0)

# Tables with a full-text index of their own, for Datasette (idkb's search uses search_index).
TABLE_INDEXES = {"events": ("title", "summary", "location"), "entities": ("name", "summary")}

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    rowid INTEGER PRIMARY KEY,
    record TEXT NOT NULL,   -- entity, event or statement
    kind TEXT NOT NULL,     -- person, party, country, organisation, event or statement
    ref TEXT NOT NULL,      -- the id of the entity, event or statement
    dataset TEXT NOT NULL,
    name TEXT, aliases TEXT, body TEXT, cjk_names TEXT, cjk_body TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS {TABLE}_ref ON {TABLE}(record, ref);
CREATE INDEX IF NOT EXISTS {TABLE}_dataset ON {TABLE}(dataset);
"""

CJK_RUN = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff]+"
)


def cjk_runs(text: str) -> list[str]:
    """The runs of CJK characters in `text`, in order."""
    return CJK_RUN.findall(text)


def cjk_tokens(text: str | None) -> str | None:
    """CJK text as space-separated bigrams (in order, per run), then the distinct characters."""
    if not text:
        return None
    runs = cjk_runs(text)
    if not runs:
        return None
    bigrams = [run[i : i + 2] for run in runs for i in range(len(run) - 1)]
    singles = list(dict.fromkeys(ch for run in runs for ch in run))
    return " ".join(bigrams + singles)


def setup(conn: sqlite3.Connection) -> None:
    """Create the search table and its FTS5 index (idempotent; not inside a transaction)."""
    import sqlite_utils

    conn.executescript(_SCHEMA)
    db = sqlite_utils.Database(conn)
    db.table(TABLE).enable_fts(
        list(COLUMNS), create_triggers=True, replace=True,
        tokenize="unicode61 remove_diacritics 2",
    )
    # The events and entities tables get their own indexes too, kept in step by triggers, so
    # Datasette's search box (and `events?_search=poverty`) works on the tables people browse.
    for table, columns in TABLE_INDEXES.items():
        db.table(table).enable_fts(list(columns), create_triggers=True, replace=True,
                                   tokenize="unicode61 remove_diacritics 2")


def _join(*parts: str) -> str:
    """SQL that joins the non-empty parts with a space."""
    return "trim(" + " || ' ' || ".join(f"coalesce({p}, '')" for p in parts) + ")"


# An entity's aliases, its own and those other datasets added to it.
_ALIASES = ("(SELECT group_concat(n.name, ' | ') FROM (SELECT name FROM entity_names n "
            "WHERE n.entity_id = e.id AND n.kind != 'name' UNION ALL SELECT name FROM "
            "added_aliases a WHERE a.entity_id = e.id) n)")

def _cjk(text: str) -> str:
    """SQL for the CJK tokens of `text`, asking Python only about text with a character
    beyond printable ASCII (calling into Python for each of a million plain titles was a
    third of the time the documents took)."""
    return f"CASE WHEN ({text}) GLOB '*[^ -~]*' THEN idkb_cjk({text}) END"


_DOCS = {
    "entity": f"""
        SELECT 'entity', e.kind, e.id, e.dataset, e.name, {_ALIASES}, e.summary,
               {_cjk(f"e.name || ' ' || coalesce({_ALIASES}, '')")}, {_cjk('e.summary')}
        FROM entities e""",
    "event": f"""
        SELECT 'event', 'event', e.id, e.dataset, e.title, NULL,
               {_join('e.summary', 'e.location')},
               {_cjk('e.title')}, {_cjk(_join('e.summary', 'e.location'))}
        FROM events e""",
    "statement": f"""
        SELECT 'statement', 'statement', s.id, s.dataset, NULL, NULL,
               {_join('s.title', 'CAST(s.value AS TEXT)', 's.note')},
               NULL, {_cjk(_join('s.title', 'CAST(s.value AS TEXT)', 's.note'))}
        FROM statements s""",
}


def refresh(conn: sqlite3.Connection, dataset: str | None = None) -> None:
    """Re-derive the search documents of `dataset` (all datasets when None).

    Call it after any write, inside the same transaction: after a load with the loaded
    dataset's name, after an unload with the removed one (its documents are then dropped).
    """
    conn.create_function("idkb_cjk", 1, cjk_tokens, deterministic=True)
    # Every document rewritten: the FTS5 triggers would delete and add a million rows one at a
    # time; set aside, the index is filled once from the finished table.
    triggers = bulk.drop_triggers(conn, (TABLE,)) if dataset is None else []
    where, args = ("WHERE dataset = ?", (dataset,)) if dataset is not None else ("", ())
    conn.execute(f"DELETE FROM {TABLE} {where}", args)
    columns = "record, kind, ref, dataset, " + ", ".join(COLUMNS)
    alias = {"entity": "e", "event": "e", "statement": "s"}
    for record, select in _DOCS.items():
        filter_ = f" WHERE {alias[record]}.dataset = ?" if dataset is not None else ""
        conn.execute(f"INSERT INTO {TABLE} ({columns}) {select}{filter_}", args)
    if triggers:
        conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
        for sql in triggers:
            conn.execute(sql)
