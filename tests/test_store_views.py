"""The SQL views built beside the tables answer their questions correctly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


@pytest.fixture
def conn(seed_db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{seed_db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def test_event_participants_view_names_everyone_in_date_order(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT * FROM event_participants_view "
                        "WHERE event_id = 'cpb-video-conference-2021'").fetchall()
    assert rows[0]["entity"] == "Guo Yezhou"  # in the order given
    assert {r["entity_id"] for r in rows} == {"guo-yezhou", "international-department",
                                              "communist-party-of-britain"}
    days = [r["earliest"] for r in conn.execute("SELECT earliest FROM event_participants_view")]
    assert days == sorted(days)
    total = conn.execute("SELECT count(*) FROM event_participants").fetchone()[0]
    assert len(days) == total


def test_person_positions_lists_people_and_their_periods(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT * FROM person_positions WHERE person_id = 'song-tao' "
                        "AND predicate = 'head_of'").fetchall()
    heads = {r["entity_id"]: (r["start"], r["end"]) for r in rows}
    assert heads["international-department"][0] == "2015-11"
    assert all(r["person"] == "Song Tao" for r in rows)
    kinds = {r[0] for r in conn.execute("SELECT DISTINCT person_id FROM person_positions")}
    people = {r[0] for r in conn.execute("SELECT id FROM entities WHERE kind = 'person'")}
    assert kinds <= people


def test_citations_cover_statements_and_events(conn: sqlite3.Connection) -> None:
    count = dict(conn.execute("SELECT record, count(*) FROM citations GROUP BY record").fetchall())
    assert count["statement"] == conn.execute(
        "SELECT count(*) FROM statement_sources").fetchone()[0]
    assert count["event"] == conn.execute("SELECT count(*) FROM event_sources").fetchone()[0]
    row = conn.execute("SELECT * FROM citations WHERE record_id = 'cpb-video-conference-2021'"
                       ).fetchone()
    assert row["source"] and row["locator"]
