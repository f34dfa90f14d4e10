"""Which other records a record points to: from its checked model, or from the raw fields of
one that failed its checks (so its dangling references are reported in the same run)."""

from __future__ import annotations

from collections.abc import Iterable

from idkb.core.model import AliasOf, Entity, Event, SameAs, Statement
from idkb.store.records import Record


def references(record: Record | SameAs | AliasOf) -> Iterable[tuple[str, str, str]]:
    """(kind, id, field path) for every other record this one points to."""
    if isinstance(record, SameAs):
        yield from (("entity", rid, f"ids[{i}]") for i, rid in enumerate(record.ids))
    elif isinstance(record, AliasOf):
        yield "entity", record.entity, "entity"
    elif isinstance(record, Entity):
        if record.country:
            yield "entity", record.country, "country"
        return
    if isinstance(record, Statement):
        yield "entity", record.subject, "subject"
        if record.object:
            yield "entity", record.object, "object"
    elif isinstance(record, Event):
        if record.location_country:
            yield "entity", record.location_country, "location_country"
        for i, p in enumerate(record.participants):
            yield "entity", p.entity, f"participants[{i}].entity"
    else:
        return
    for i, c in enumerate(record.sources):
        yield "source", c.source, f"sources[{i}].source"


# Where each record type names other records: (field, kind) and (list, field in each, kind).
_RAW_FIELDS = {"entity": (("country", "entity"),),
               "statement": (("subject", "entity"), ("object", "entity")),
               "event": (("location_country", "entity"),)}
_RAW_LISTS = {"statement": (("sources", "source", "source"),),
              "event": (("participants", "entity", "entity"), ("sources", "source", "source"))}


def raw_references(kind: str, data: object) -> Iterable[tuple[str, str, str]]:
    """The references of a record that failed its field checks, read from its raw fields as
    far as they look right: its dangling references are reported in the same run."""
    if not isinstance(data, dict):
        return
    for key, target in _RAW_FIELDS.get(kind, ()):
        if isinstance(data.get(key), str) and data[key].strip():
            yield target, data[key].strip(), key
    for name, key, target in _RAW_LISTS.get(kind, ()):
        items = data.get(name)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get(key), str):
                yield target, item[key].strip(), f"{name}[{i}].{key}"
