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

from idkb.query import profiles, timeline
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


def sorted_timeline(conn: sqlite3.Connection, entity: Match | None, start: str | None,
                    end: str | None) -> list[Row]:
    """Every item gathered, then sorted in Python (the reference)."""
    q = profiles.EventQuery(start=start, end=end, with_id=entity.id if entity else None,
                            with_kind=entity.kind if entity else None)
    items = [timeline._event_item(e) for e in profiles.events(conn, q)]
    if entity is not None:
        items += timeline._position_items(conn, entity.id, start, end)
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
        for start, end in ((None, None), ("2015-01-01", "2021-12-31")):
            assert list(timeline.iter_timeline(conn, entity, start, end)) == \
                sorted_timeline(conn, entity, start, end)


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
