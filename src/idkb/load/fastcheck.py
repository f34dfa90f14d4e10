"""A fast check for records of the common shape, which only ever accepts.

Validating a million records with the pydantic models costs more than inserting them. Most
records are plain: known fields, text already trimmed, slugs, dates idkb parses itself. For
those, msgspec checks types, bounds, patterns and choices in C while it parses the JSON line
(`check_line`) or reads the dict (`check`) into a shape (`idkb.load.shapes`); a few lines
here check what spans fields, parse the dates and build the database rows and the kept line.
Anything not sure (a shape refused, a rule broken) returns None, and the record goes through
the models, which accept it or word the error as always: a message never comes from here, so
messages are exactly the models'.

A test (tests/test_fastcheck.py) runs both on the same records and compares what they give.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import msgspec
from pydantic import BaseModel

from idkb.core import dates
from idkb.core.names import normalise
from idkb.core.vocab import PREDICATES
from idkb.load import shapes
from idkb.load.export_sql import FIELDS
from idkb.store import records
from idkb.store.links import attributes_json


class Checked(NamedTuple):
    """A valid record: what the database gets, what the kept file gets, what it points to."""

    kind: str
    id: str
    rows: records.Rows
    line: dict[str, Any]  # the record as the kept file and the export write it
    refs: list[tuple[str, str, str]]  # (kind, id, field path)


class _No(Exception):
    """Not sure: let the models decide."""


_INT_RANGE = 1 << 63  # SQLite's integers
# The field paths of references, made once: a big load sends millions of them to the writer,
# and one shared string is written once per batch there.
_SHARED = 32
_SOURCE_PATHS = [f"sources[{i}].source" for i in range(_SHARED)]
_PARTICIPANT_PATHS = [f"participants[{i}].entity" for i in range(_SHARED)]


def _span(notation: str | None) -> dates.Span | None:
    if notation is None:
        return None
    try:
        return dates.parse(notation)
    except ValueError:
        raise _No from None


def _attributes(value: dict[str, Any]) -> str | None:
    """The attributes as stored; an integer SQLite cannot hold goes to the models."""
    for item in value.values():
        if type(item) is int and not -_INT_RANGE <= item < _INT_RANGE:
            raise _No
    return attributes_json(value)


def _clean(line: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in line.items() if v is not None}


def _cites(cites: list[shapes.Citation], owner: str, table: str, out: Checked) -> None:
    lines = []
    for i, c in enumerate(cites):
        out.rows.append((table, (owner, c.source, c.locator, c.note, i)))
        out.refs.append(("source", c.source, _SOURCE_PATHS[i] if i < _SHARED else
                         f"sources[{i}].source"))
        lines.append({"source": c.source, "locator": c.locator, "note": c.note} if c.note else
                     {"source": c.source, "locator": c.locator})
    out.line["sources"] = lines


def source(s: shapes.Source, dataset: str) -> Checked:
    _span(s.published)
    line = _clean({"record": "source", "id": s.id, "title": s.title, "publisher": s.publisher,
                   "author": s.author, "url": s.url, "published": s.published, "kind": s.kind})
    return Checked("source", s.id, [("sources", (s.id, dataset, s.title, s.publisher, s.author,
                                                 s.url, s.published, s.kind))], line, [])


def entity(e: shapes.Entity, dataset: str) -> Checked:
    if e.subkind is not None and e.kind != "organisation":
        raise _No
    rows: records.Rows = [("entities", (e.id, dataset, e.kind, e.subkind, e.name, e.summary,
                                        e.country, e.website, e.short_name,
                                        _attributes(e.attributes))),
                          ("entity_names", (e.id, e.name, None, "name", normalise(e.name), 0))]
    aliases = []
    for i, a in enumerate(e.aliases, start=1):
        rows.append(("entity_names", (e.id, a.name, a.lang, a.kind, normalise(a.name), i)))
        aliases.append(_clean({"name": a.name, "lang": a.lang, "kind": a.kind}))
    line = _clean({"record": "entity", "id": e.id, "kind": e.kind, "subkind": e.subkind,
                   "name": e.name, "short_name": e.short_name, "aliases": aliases or None,
                   "summary": e.summary, "country": e.country, "website": e.website,
                   "attributes": e.attributes or None})
    refs = [("entity", e.country, "country")] if e.country else []
    return Checked("entity", e.id, rows, line, refs)


def _days(span: dates.Span | None) -> tuple[str | None, str | None]:
    return (span.earliest, span.latest) if span is not None else (None, None)


def statement(s: shapes.Statement, dataset: str) -> Checked:
    needs = PREDICATES[s.predicate][0] if s.predicate in PREDICATES else None
    if needs is None or (needs == "object" and s.object is None) or (
            needs == "value" and s.value is None) or (
            type(s.value) is int and not -_INT_RANGE <= s.value < _INT_RANGE):
        raise _No
    start, end, as_of = _span(s.start), _span(s.end), _span(s.as_of)
    try:  # the model's order checks, all of them
        dates.check_order(s.start, s.end)
        dates.check_order(s.start, s.as_of, ("start", "as_of"))
        dates.check_order(s.as_of, s.end, ("as_of", "end"))
    except ValueError:
        raise _No from None
    row = (s.id, dataset, s.subject, s.predicate, s.object, s.value, s.title, s.start,
           *_days(start), s.end, *_days(end), s.as_of, *_days(as_of), s.certainty, s.note,
           _attributes(s.attributes))
    out = Checked("statement", s.id, [("statements", row)], _clean(
        {"record": "statement", "id": s.id, "subject": s.subject, "predicate": s.predicate,
         "object": s.object, "value": s.value, "title": s.title, "start": s.start,
         "end": s.end, "as_of": s.as_of, "certainty": s.certainty, "note": s.note,
         "attributes": s.attributes or None}),
        [("entity", s.subject, "subject"), *([("entity", s.object, "object")] if s.object
                                             else [])])
    _cites(s.sources, s.id, "statement_sources", out)
    return out


def event(e: shapes.Event, dataset: str) -> Checked:
    span = _span(e.date)
    assert span is not None  # a date is required
    out = Checked("event", e.id, [("events", (
        e.id, dataset, e.type, e.title, e.summary, e.date, span.earliest, span.latest,
        span.precision, span.qualifier, e.location, e.location_country, e.certainty,
        _attributes(e.attributes)))], _clean(
        {"record": "event", "id": e.id, "type": e.type, "title": e.title, "summary": e.summary,
         "date": e.date, "location": e.location, "location_country": e.location_country,
         "certainty": e.certainty}), [])
    if e.location_country:
        out.refs.append(("entity", e.location_country, "location_country"))
    if e.participants:
        for i, p in enumerate(e.participants):
            out.rows.append(("event_participants", (e.id, p.entity, p.role, i)))
            out.refs.append(("entity", p.entity, _PARTICIPANT_PATHS[i] if i < _SHARED else
                             f"participants[{i}].entity"))
        out.line["participants"] = [{"entity": p.entity, "role": p.role}
                                    for p in e.participants]
    if e.attributes:
        out.line["attributes"] = e.attributes
    _cites(e.sources, e.id, "event_sources", out)
    return out


_BUILD: dict[type[Any], Callable[[Any, str], Checked]] = {
    shapes.Source: source, shapes.Entity: entity, shapes.Statement: statement,
    shapes.Event: event,
}


def check(kind: str, data: object, dataset: str) -> Checked | None:
    """The record (its fields, without "record") checked, or None when the models must
    decide."""
    shape = shapes.SHAPES.get(kind)
    if shape is None:
        return None
    try:
        return _BUILD[shape](msgspec.convert(data, shape), dataset)
    except (msgspec.ValidationError, UnicodeError, _No):  # UnicodeError: a lone surrogate
        return None


def check_line(line: str | bytes, dataset: str) -> Checked | None:
    """A JSON line holding a source, entity, statement or event checked as it is parsed, or
    None when it must be read and checked the usual way (any other record type, anything
    unsure, bad JSON)."""
    try:
        shape = shapes.LINE.decode(line)
        return _BUILD[type(shape)](shape, dataset)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeError, _No):
        return None


def from_model(kind: str, record: BaseModel, dataset: str, rows: records.Rows,
               refs: list[tuple[str, str, str]]) -> Checked:
    """A record the models accepted, in the same form."""
    dumped = record.model_dump()
    line: dict[str, Any] = {"record": kind}
    for name in FIELDS[kind]:
        value = dumped.get(name)
        if isinstance(value, list):
            value = [_clean(item) for item in value] or None
        if value is not None and value != {}:
            line[name] = value
    return Checked(kind, dumped["id"], rows, line, refs)
