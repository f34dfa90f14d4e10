"""The export's JSON lines built by SQLite's JSON functions, one row per record.

Turning cursor rows into dicts and grouping their lists in Python cost about four times what
SQLite takes to build the same lines itself. Each SELECT here gives one record type's lines in
the export's order (by id), fields in the models' order; members whose value is null are
dropped by `json_patch` (which removes null members) and an empty list is written as null, so
it is dropped too. SQLite writes JSON compactly, with every character as Python's
`json.dumps(..., ensure_ascii=False, separators=(",", ":"))` writes it; only floats in
exponent form differ ("1.0e+20" for "1e+20"), which read back as the same number.
"""

from __future__ import annotations

from idkb.core.vocab import TABLES

# Field order of each record type, as in model.py (kept here so export needs no pydantic).
FIELDS = {
    "source": ("id", "title", "publisher", "author", "url", "published", "kind"),
    "entity": ("id", "kind", "subkind", "name", "short_name", "aliases", "summary", "country",
               "website"),
    "statement": ("id", "subject", "predicate", "object", "value", "title", "start", "end",
                  "as_of", "certainty", "note", "sources"),
    "event": ("id", "type", "title", "summary", "date", "location", "location_country",
              "certainty", "participants", "sources"),
}
_CITES = [("source", "c.source_id"), ("locator", "c.locator"), ("note", "c.note")]
# (record type, field) -> child table, its key, the members of each item, an extra condition
LISTS = {
    ("entity", "aliases"): ("entity_names", "entity_id",
                            [("name", "c.name"), ("lang", "c.lang"), ("kind", "c.kind")],
                            " AND c.position > 0"),
    ("statement", "sources"): ("statement_sources", "statement_id", _CITES, ""),
    ("event", "participants"): ("event_participants", "event_id",
                                [("entity", "c.entity_id"), ("role", "c.role")], ""),
    ("event", "sources"): ("event_sources", "event_id", _CITES, ""),
}


def _object(pairs: list[tuple[str, str]]) -> str:
    inner = ", ".join(f"'{k}', {v}" for k, v in pairs)
    return f"json_patch('{{}}', json_object({inner}))"


def _list(table: str, key: str, pairs: list[tuple[str, str]], where: str) -> str:
    return (f"json((SELECT CASE WHEN count(*) THEN json_group_array(json({_object(pairs)})) "
            f"END FROM (SELECT * FROM {table} c WHERE c.{key} = r.id{where} "
            "ORDER BY c.position) c))")


def select(kind: str, one_dataset: bool) -> str:
    """The SELECT giving every line of one record type (of one dataset: bind its name)."""
    pairs = [("record", f"'{kind}'")]
    for name in FIELDS[kind]:
        child = LISTS.get((kind, name))
        pairs.append((name, _list(*child) if child else f'r."{name}"'))
    where = " WHERE r.dataset = ?" if one_dataset else ""
    return f"SELECT {_object(pairs)} FROM {TABLES[kind]} r{where} ORDER BY r.id"
