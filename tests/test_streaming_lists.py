"""`timeline` streams: SQLite gives the events in the timeline's own order and the entity's few
positions are merged in, so the items are those of the whole list sorted in Python, in the
same order, and the output is byte for byte the same."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from bench import synth

from idkb.query import links, profiles, timeline
from idkb.query.resolve import Match
from tests.helpers import Run

Row = dict[str, Any]


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and a small synthetic dataset: entities with hundreds of events."""
    from idkb.load import database, datasets

    folder = tmp_path_factory.mktemp("busy")
    db = folder / "kb.db"
    database.rebuild(db)
    data = folder / "synth.jsonl"
    out = io.StringIO()
    synth.write(out, 400, 4000)
    for i, date in enumerate(("../2016", "2016/..", "2016-03/..", "../2016-02", "2016")):
        out.write(json.dumps({  # open-ended dates: no earliest day, or no latest
            "record": "event", "id": f"open-{i}", "type": "meeting", "title": f"Open {i}",
            "date": date, "participants": [{"entity": "syn-e1", "role": "host"},
                                           {"entity": "song-tao", "role": "guest"}],
            "sources": [{"source": "syn-s0", "locator": "1"}]}) + "\n")
    data.write_text(out.getvalue(), encoding="utf-8")
    datasets.load(db, [str(data)])
    return db


def sorted_timeline(conn: sqlite3.Connection, entity: Match | None,
                    q: profiles.EventQuery) -> list[Row]:
    """Every item gathered, then sorted in Python (the reference)."""
    if entity is not None:
        q = q._replace(withs=(profiles.Taking(entity.id, entity.kind), *q.withs))
    items = [timeline._event_item(e) for e in profiles.events(conn, q)]
    if entity is not None:
        items += timeline._position_items(conn, entity.id, q.start, q.end)
    return sorted(items, key=timeline.order)


def test_timeline_items_stream_in_the_order_of_the_whole_list(busy: Path) -> None:
    conn = sqlite3.connect(busy)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("SELECT id, name, kind FROM entities ORDER BY id").fetchall()
    chosen = [None, *[Match(r["id"], r["name"], r["kind"]) for r in rows
                      if not r["id"].startswith("syn-") or r["id"] < "syn-e2"]]
    undated = conn.execute("SELECT count(*) FROM events WHERE earliest IS NULL OR latest IS "
                           "NULL").fetchone()[0]
    assert undated  # open-ended dates, which SQLite and Python order differently by default
    for entity in chosen:
        for q in (profiles.EventQuery(), profiles.EventQuery(start="2015-01-01",
                                                              end="2021-12-31")):
            assert list(timeline.iter_timeline(conn, entity, q)) == \
                sorted_timeline(conn, entity, q)


@pytest.mark.parametrize("command", [("timeline",), ("timeline", "syn-e1"),
                                     ("timeline", "Song Tao")])
def test_streamed_timeline_is_byte_for_byte_the_list(busy: Path, cli: Run,
                                                     command: tuple[str, ...]) -> None:
    db = ("--db", str(busy))
    out = cli(*command, "--format", "json", *db).out
    whole = json.loads(out)
    lines = [json.loads(x) for x in cli(*command, "--format", "jsonl", *db).out.splitlines()]
    assert len(whole) > 10 and whole == lines
    assert out == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
    assert cli(*command, "--format", "csv", *db).out.count("\n") == len(whole) + 1


def grouped(conn: sqlite3.Connection, group: list[str], kind: str | None,
            limit: int | None) -> list[Row]:
    """Each entity linked to any id of the group once, gathered from every link in Python
    (the reference)."""
    kept: dict[tuple[str, str, str], links.Link] = {}
    for member in group:
        for link in links.links(conn, member):
            if link.target not in group:
                kept.setdefault((link.via, link.id, link.target), link)
    groups: dict[str, Row] = {}
    for link in sorted(kept.values(), key=lambda x: (x.order, x.id, x.target)):
        if kind is not None and link.target_kind != kind:
            continue
        g = groups.setdefault(link.target, {"events": 0, "first": None, "last": None,
                                            "how": [], "statements": [], "based": False})
        if link.via == "event":
            g["events"] += 1
            g["first"] = g["first"] or link.date
            g["last"] = link.date
        elif link.via == "statement":
            g["how"].append(link.sentence + (f" ({link.when})" if link.when else ""))
            g["statements"].append(link.id)
        else:
            g["how"].append(link.sentence)
            g["based"] = True
    rows = []
    for target, g in groups.items():
        x = conn.execute("SELECT id, name, short_name, kind FROM entities WHERE id = ?",
                         (target,)).fetchone()
        cites = profiles.citations(conn, "statement_sources", "statement_id", g["statements"])
        rows.append({"id": x["id"], "name": x["name"], "short_name": x["short_name"],
                     "kind": x["kind"], **g,
                     "sources": [c for i in g["statements"] for c in cites[i]]})
    rows.sort(key=lambda r: (-r["events"], -len(r["statements"]), not r["based"], r["name"],
                             r["id"]))
    return rows[:limit] if limit is not None else rows


def test_related_rows_come_grouped_and_ordered_from_sqlite(busy: Path) -> None:
    conn = sqlite3.connect(busy)
    conn.row_factory = sqlite3.Row
    ids = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY id")]
    hubs = 0
    for entity_id in ids[:120] + [i for i in ids if not i.startswith("syn-")]:
        for kind, limit in ((None, None), ("party", None), (None, 3)):
            expected = grouped(conn, [entity_id], kind, limit)
            assert list(links.iter_related(conn, entity_id, kind, limit, size=7)) == expected
            hubs += len(expected) > 100
    assert hubs  # some entities are linked to hundreds of others


def test_related_of_a_same_as_group_comes_from_sqlite_too(busy: Path, tmp_path: Path) -> None:
    """The links of every id the same-as joins, each once, none within the group."""
    from idkb.load import datasets

    db = tmp_path / "kb.db"
    with sqlite3.connect(busy) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
        kinds = dict(copy.execute("SELECT id, kind FROM entities"))
    group = ["syn-e2", "syn-e3", "syn-e4"]
    assert {kinds[i] for i in group} == {"party"}
    linking = tmp_path / "same.jsonl"
    linking.write_text(json.dumps({"record": "same_as", "ids": group, "sources": [
        {"source": "syn-s0", "locator": "1"}]}) + "\n", encoding="utf-8")
    datasets.load(db, [str(linking)])
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    settings = [conn.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("soft_heap_limit", "cache_size")]
    shared = 0
    for kind, limit in ((None, None), ("party", None), (None, 5)):
        expected = grouped(conn, group, kind, limit)
        assert list(links.iter_related(conn, "syn-e3", kind, limit, size=7)) == expected
        shared += len(expected)
    assert shared > 100
    assert settings == [conn.execute(f"PRAGMA {name}").fetchone()[0]  # put back
                        for name in ("soft_heap_limit", "cache_size")]


@pytest.mark.parametrize("command", [("related", "syn-e0"), ("related", "Song Tao")])
def test_streamed_related_is_byte_for_byte_the_list(busy: Path, cli: Run,
                                                    command: tuple[str, ...]) -> None:
    db = ("--db", str(busy))
    out = cli(*command, "--format", "json", *db).out
    whole = json.loads(out)
    lines = [json.loads(x) for x in cli(*command, "--format", "jsonl", *db).out.splitlines()]
    assert whole and whole == lines
    assert out == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
