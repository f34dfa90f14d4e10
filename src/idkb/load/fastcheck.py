"""A fast check for records of the common shape, which only ever accepts.

Validating a million records with the pydantic models costs more than inserting them. Most
records are plain: known fields, strings within bounds, slugs, dates idkb parses itself. For
those, the checks below do what the models do (strip, bound, match, parse) in a few
comparisons and build the database rows and the kept line at once. Anything they are not sure
of (a missing or unknown field, a wrong type, a bad value, a shape rule) returns None, and the
record goes through the models, which accept it or word the error as always: a message never
comes from here, so messages are exactly the models'.

A test (tests/test_fastcheck.py) runs both on the same records and compares what they give.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from pydantic import BaseModel

from idkb.core import dates
from idkb.core.names import normalise
from idkb.core.vocab import ENTITY_KINDS, PREDICATES
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


_SLUGS = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*(?: [a-z0-9]+(?:[-_.][a-z0-9]+)*)*")
_TYPE = re.compile(r"[a-z]+(?:-[a-z]+)*")
_LANG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_URL = re.compile(r"https?://\S+")
_CONTROL_SHORT = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CERTAINTY = frozenset(("confirmed", "reported"))
ROLES = frozenset(("host", "guest", "organiser", "participant", "speaker", "author", "subject",
                   "counterpart"))
ORG_KINDS = frozenset(("party-organ", "party-department", "ministry", "government-office",
                       "committee", "think-tank", "research-institute", "university",
                       "news-outlet", "royal-house", "initiative", "embassy",
                       "international-organisation", "business", "other"))
SOURCE_KINDS = frozenset(("news", "report", "paper", "official", "website", "other"))
ALIAS_KINDS = frozenset(("alias", "abbreviation", "native", "short", "former"))
# Identifiers are checked by the models only (their schemes have rules): a record with
# them goes there.
KEYS = {kind: frozenset(fields) - {"identifiers"} for kind, fields in FIELDS.items()}
_INT_RANGE = 1 << 63  # SQLite's integers
# The field paths of references, made once: a big load sends millions of them to the writer,
# and one shared string is written once per batch there.
_SHARED = 32
_SOURCE_PATHS = [f"sources[{i}].source" for i in range(_SHARED)]
_PARTICIPANT_PATHS = [f"participants[{i}].entity" for i in range(_SHARED)]


def _s(value: object, lo: int, hi: int) -> str:
    if type(value) is not str:
        raise _No
    value = value.strip()
    if not lo <= len(value) <= hi:
        raise _No
    return value


def _opt(value: object, lo: int, hi: int) -> str | None:
    return None if value is None else _s(value, lo, hi)


def _slugs(ids: list[str]) -> None:
    """All slugs of one record in one match (a space never occurs in a slug)."""
    joined = " ".join(ids)
    if max(map(len, ids)) > 120 or joined.count(" ") != len(ids) - 1 \
            or not _SLUGS.fullmatch(joined):
        raise _No


def _plain(short: list[str | None], long: list[str | None]) -> None:
    """No control characters: names and locators none at all, long text tab and newline."""
    if _CONTROL_SHORT.search(" ".join(s for s in short if s)) or \
            _CONTROL.search(" ".join(s for s in long if s)):
        raise _No


def _date(value: object) -> str | None:
    if value is None:
        return None
    text = _s(value, 0, 64)
    try:
        dates.parse(text)
    except ValueError:
        raise _No from None
    return text


def _list(value: object, lo: int, hi: int, keys: frozenset[str]) -> list[dict[str, Any]]:
    if type(value) is not list or not lo <= len(value) <= hi:
        raise _No
    for item in value:
        if type(item) is not dict or not keys.issuperset(item):
            raise _No
    return value


_CITE_KEYS = frozenset(("source", "locator", "note"))


def _cites(value: object, owner: str, table: str, slugs: list[str], short: list[str | None],
           long: list[str | None], out: Checked) -> None:
    lines = []
    for i, c in enumerate(_list(value, 1, 50, _CITE_KEYS)):
        source, locator = _s(c.get("source"), 1, 120), _s(c.get("locator"), 1, 200)
        note = _opt(c.get("note"), 1, 5000)
        slugs.append(source)
        short.append(locator)
        long.append(note)
        out.rows.append((table, (owner, source, locator, note, i)))
        out.refs.append(("source", source, _SOURCE_PATHS[i] if i < _SHARED else
                         f"sources[{i}].source"))
        lines.append({"source": source, "locator": locator, "note": note} if note else
                     {"source": source, "locator": locator})
    out.line["sources"] = lines


def _attributes(value: object, line: dict[str, Any]) -> str | None:
    """Attributes of the plain kind (keys and texts with no edge spaces, no control
    characters, within bounds; booleans and numbers), stored as the models' path stores
    them; anything else goes to the models."""
    if type(value) is not dict or len(value) > 200:  # null included: the models refuse it
        raise _No
    for key, item in value.items():
        if type(key) is not str or not 1 <= len(key) <= 80 or key != key.strip() \
                or _CONTROL_SHORT.search(key):
            raise _No
        if type(item) is str:
            if len(item) > 5000 or item != item.strip() or _CONTROL.search(item):
                raise _No
        elif type(item) is int:
            if not -_INT_RANGE <= item < _INT_RANGE:
                raise _No
        elif type(item) not in (bool, float):
            raise _No
    if value:
        line["attributes"] = value
    return attributes_json(value)


def _clean(line: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in line.items() if v is not None}


def source(d: dict[str, Any], dataset: str) -> Checked:
    rid, title = _s(d.get("id"), 1, 120), _s(d.get("title"), 1, 300)
    publisher, author = _opt(d.get("publisher"), 1, 300), _opt(d.get("author"), 1, 300)
    url, published, kind = _opt(d.get("url"), 0, 2000), _date(d.get("published")), d.get("kind")
    if kind not in SOURCE_KINDS or (url is not None and not _URL.fullmatch(url)):
        raise _No
    _slugs([rid])
    _plain([title, publisher, author], [])
    line = _clean({"record": "source", "id": rid, "title": title, "publisher": publisher,
                   "author": author, "url": url, "published": published, "kind": kind})
    return Checked("source", rid, [("sources", (rid, dataset, title, publisher, author, url,
                                                published, kind))], line, [])


_ALIAS_KEYS = frozenset(("name", "lang", "kind"))


def entity(d: dict[str, Any], dataset: str) -> Checked:
    rid, kind, name = _s(d.get("id"), 1, 120), d.get("kind"), _s(d.get("name"), 1, 300)
    short_name = _opt(d.get("short_name"), 1, 300)
    subkind, summary = d.get("subkind"), _opt(d.get("summary"), 1, 5000)
    country, website = _opt(d.get("country"), 1, 120), _opt(d.get("website"), 0, 2000)
    if kind not in ENTITY_KINDS or (subkind is not None and (
            kind != "organisation" or subkind not in ORG_KINDS)) or (
            website is not None and not _URL.fullmatch(website)):
        raise _No
    _slugs([rid, country] if country else [rid])
    names: list[str | None] = [name]
    attrs: dict[str, Any] = {}
    stored = _attributes(d.get("attributes", {}), attrs)
    rows: records.Rows = [("entities", (rid, dataset, kind, subkind, name, summary, country,
                                        website, short_name, stored)),
                          ("entity_names", (rid, name, None, "name", normalise(name), 0))]
    aliases = []
    for i, a in enumerate(_list(d.get("aliases", []), 0, 100, _ALIAS_KEYS), start=1):
        alias, lang, akind = _s(a.get("name"), 1, 300), a.get("lang"), a.get("kind", "alias")
        if lang is not None:
            lang = _s(lang, 0, 1000)
            if not _LANG.fullmatch(lang):
                raise _No
        if akind not in ALIAS_KINDS:
            raise _No
        names.append(alias)
        rows.append(("entity_names", (rid, alias, lang, akind, normalise(alias), i)))
        aliases.append(_clean({"name": alias, "lang": lang, "kind": akind}))
    _plain([*names, short_name], [summary])
    line = _clean({"record": "entity", "id": rid, "kind": kind, "subkind": subkind,
                   "name": name, "short_name": short_name, "aliases": aliases or None,
                   "summary": summary, "country": country, "website": website, **attrs})
    refs = [("entity", country, "country")] if country else []
    return Checked("entity", rid, rows, line, refs)


def _span(notation: str | None) -> tuple[str | None, str | None]:
    if notation is None:
        return None, None
    span = dates.parse(notation)
    return span.earliest, span.latest


def statement(d: dict[str, Any], dataset: str) -> Checked:
    rid, subject, predicate = _s(d.get("id"), 1, 120), _s(d.get("subject"), 1, 120), \
        d.get("predicate")
    obj, value, title = _opt(d.get("object"), 1, 120), d.get("value"), \
        _opt(d.get("title"), 1, 300)
    start, end, as_of = _date(d.get("start")), _date(d.get("end")), _date(d.get("as_of"))
    certainty, note = d.get("certainty", "confirmed"), _opt(d.get("note"), 1, 5000)
    if type(predicate) is not str or predicate not in PREDICATES or certainty not in CERTAINTY:
        raise _No
    if type(value) is str:
        if value != value.strip() or len(value) > 5000 or _CONTROL.search(value):
            raise _No
    elif not (value is None or (type(value) is float and math.isfinite(value))
              or (type(value) is int and -_INT_RANGE <= value < _INT_RANGE)):
        raise _No
    needs = PREDICATES[predicate][0]
    if (needs == "object" and obj is None) or (needs == "value" and value is None):
        raise _No
    try:  # the model's order checks, all of them
        dates.check_order(start, end)
        dates.check_order(start, as_of, ("start", "as_of"))
        dates.check_order(as_of, end, ("as_of", "end"))
    except ValueError:
        raise _No from None
    slugs, short, long = [rid, subject, *([obj] if obj else [])], [title], [note]
    attrs: dict[str, Any] = {}
    stored = _attributes(d.get("attributes", {}), attrs)
    row = (rid, dataset, subject, predicate, obj, value, title, start, *_span(start), end,
           *_span(end), as_of, *_span(as_of), certainty, note, stored)
    out = Checked("statement", rid, [("statements", row)], _clean(
        {"record": "statement", "id": rid, "subject": subject, "predicate": predicate,
         "object": obj, "value": value, "title": title, "start": start, "end": end,
         "as_of": as_of, "certainty": certainty, "note": note, **attrs}),
        [("entity", subject, "subject"), *([("entity", obj, "object")] if obj else [])])
    _cites(d.get("sources"), rid, "statement_sources", slugs, short, long, out)
    _slugs(slugs)
    _plain(short, long)
    return out


_PARTICIPANT_KEYS = frozenset(("entity", "role"))


def event(d: dict[str, Any], dataset: str) -> Checked:
    rid, etype, title = _s(d.get("id"), 1, 120), _s(d.get("type"), 0, 40), \
        _s(d.get("title"), 1, 300)
    summary, location = _opt(d.get("summary"), 1, 5000), _opt(d.get("location"), 1, 300)
    country, certainty = _opt(d.get("location_country"), 1, 120), \
        d.get("certainty", "confirmed")
    date = _date(d.get("date"))
    if date is None or certainty not in CERTAINTY or not _TYPE.fullmatch(etype):
        raise _No
    span = dates.parse(date)
    slugs, short, long = [rid], [title, location], [summary]
    attrs: dict[str, Any] = {}
    stored = _attributes(d.get("attributes", {}), attrs)
    out = Checked("event", rid, [("events", (
        rid, dataset, etype, title, summary, date, span.earliest, span.latest, span.precision,
        span.qualifier, location, country, certainty, stored))], _clean(
        {"record": "event", "id": rid, "type": etype, "title": title, "summary": summary,
         "date": date, "location": location, "location_country": country,
         "certainty": certainty}), [])
    if country:
        slugs.append(country)
        out.refs.append(("entity", country, "location_country"))
    people = []
    for i, p in enumerate(_list(d.get("participants", []), 0, 1000, _PARTICIPANT_KEYS)):
        who, role = _s(p.get("entity"), 1, 120), p.get("role", "participant")
        if role not in ROLES:
            raise _No
        slugs.append(who)
        out.rows.append(("event_participants", (rid, who, role, i)))
        out.refs.append(("entity", who, _PARTICIPANT_PATHS[i] if i < _SHARED else
                         f"participants[{i}].entity"))
        people.append({"entity": who, "role": role})
    if people:
        out.line["participants"] = people
    out.line.update(attrs)  # after the participants, as the export orders them
    _cites(d.get("sources"), rid, "event_sources", slugs, short, long, out)
    _slugs(slugs)
    _plain(short, long)
    return out


CHECKS: dict[str, Callable[[dict[str, Any], str], Checked]] = {
    "source": source, "entity": entity, "statement": statement, "event": event,
}


def check(kind: str, data: object, dataset: str) -> Checked | None:
    """The record checked, or None when the models must decide."""
    fast = CHECKS.get(kind)
    if fast is None or type(data) is not dict or not KEYS[kind].issuperset(data):
        return None
    try:
        return fast(data, dataset)
    except (_No, TypeError):  # TypeError: an unhashable value looked up in a set of names
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
