"""Records as flat rows for CSV: lists joined into one cell ("id:role;id:role"), citations as
"source#locator", so each row stands alone in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Row = dict[str, Any]


EVENT_COLUMNS = ("id", "type", "date", "start", "end", "precision", "qualifier", "title",
                 "summary", "location", "location_country", "certainty", "participants",
                 "sources")


def flat_event(e: Row) -> Row:
    return {
        "id": e["id"], "type": e["type"], "date": e["date"], "start": e["start"],
        "end": e["end"], "precision": e["precision"], "qualifier": e["qualifier"],
        "title": e["title"], "summary": e["summary"], "location": e["location"],
        "location_country": e["location_country"], "certainty": e["certainty"],
        "participants": ";".join(f"{p['id']}:{p['role']}" for p in e["participants"]),
        "sources": ";".join(f"{c['source']}#{c['locator']}" for c in e["sources"]),
    }


def flat_statement(s: Row) -> Row:
    return {
        "id": s["id"], "subject": s["subject"]["id"], "predicate": s["predicate"],
        "object": s["object"]["id"] if s["object"] else None, "value": s["value"],
        "title": s["title"], "start": s["start"], "end": s["end"], "as_of": s["as_of"],
        "status": s["status"], "certainty": s["certainty"], "note": s["note"],
        "sources": ";".join(f"{c['source']}#{c['locator']}" for c in s["sources"]),
    }


def flat_profile(p: Row) -> Iterable[Row]:
    """A profile as CSV: one row per fact, statements then events, in one set of columns."""
    facts = [("statement", flat_statement(s)) for s in p["statements"]]
    facts += [("event", flat_event(e)) for e in p["events"]]
    columns = dict.fromkeys(k for _, row in facts for k in row)
    for record, row in facts:
        yield {"entity": p["id"], "record": record, **{c: row.get(c) for c in columns}}


def flat_timeline_item(item: Row) -> Row:
    return {
        "year": item["year"], "date": item["date"], "when": item["when"],
        "start": item["start"], "end": item["end"], "bound": item["bound"],
        "record": item["record"],
        "type": item["type"], "id": item["id"], "title": item["title"],
        "certainty": item["certainty"],
        "with": ";".join(f"{w['id']}:{w['role']}" for w in item["with"]),
        "sources": ";".join(f"{c['source']}#{c['locator']}" for c in item["sources"]),
    }


LINK_COLUMNS = ("hop", "from", "to", "via", "id", "how", "when", "start", "end", "sources")


def flat_link(link: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    sources = ";".join(f"{c['source']}#{c['locator']}" for c in link["sources"])
    return {**extra, "from": link["from"]["id"], "to": link["to"]["id"], "via": link["via"],
            "id": link["id"], "how": link["how"], "when": link["when"],
            "start": link.get("start"), "end": link.get("end"), "sources": sources}


RELATED_COLUMNS = ("id", "name", "kind", "events", "first", "last", "based", "how",
                   "statements", "sources")


def flat_related(r: Row) -> Row:
    return {
        "id": r["id"], "name": r["name"], "kind": r["kind"], "events": r["events"],
        "first": r["first"], "last": r["last"], "based": r["based"], "how": "; ".join(r["how"]),
        "statements": ";".join(r["statements"]),
        "sources": ";".join(f"{c['source']}#{c['locator']}" for c in r["sources"]),
    }


def profile_lines(p: Row) -> Iterable[Row]:
    """A profile as JSON Lines: the entity first (without its lists), then one line per
    statement, event and source, each saying which record it is and whose profile it is in
    ("entity"), so `grep`, `jq -c` and line-by-line readers can take one fact at a time."""
    head = {k: v for k, v in p.items() if k not in ("statements", "events", "sources")}
    yield {"record": "entity", **head}
    for record, key in (("statement", "statements"), ("event", "events"),
                        ("source", "sources")):
        for item in p[key]:
            yield {"record": record, "entity": p["id"], **item}
