"""Read queries: the same answers as a plain filter, and indexed plans (no full scans)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from bench import plans
from bench.run import queries as bench_queries

from idkb.load import database
from idkb.query import filters, profiles, resolve


@pytest.fixture(scope="module")
def conn(seed_db: Path) -> sqlite3.Connection:
    return database.connect(str(seed_db))


PERIODS = [("1949-01-01", "1949-12-31"), ("1950-01-01", None), ("2002-06-01", "2002-06-30"),
           ("2016-01-01", "2016-12-31"), ("2021-04-01", "2021-04-30"), (None, "1960-01-01"),
           ("0001-01-01", "9999-12-31"), ("2021-01-01", None)]


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_period_overlap_is_a_plain_filter(conn: sqlite3.Connection, start: str | None,
                                          end: str | None) -> None:
    found = [e["id"] for e in profiles.events(conn, profiles.EventQuery(start=start, end=end))]
    rows = conn.execute("SELECT id, earliest, latest FROM events "
                        "ORDER BY earliest, latest, id").fetchall()
    expected = [r["id"] for r in rows
                if (start is None or (r["latest"] is not None and r["latest"] >= start))
                and (end is None or (r["earliest"] is not None and r["earliest"] <= end))]
    assert found == expected


def test_long_events_are_found_from_their_own_index(conn: sqlite3.Connection) -> None:
    long = conn.execute(f"SELECT id, latest FROM events e WHERE {filters.LONG}").fetchall()
    assert long, "the seed has events longer than LONG_DAYS"
    for row in long:
        found = profiles.events(conn, profiles.EventQuery(start=row["latest"], end=row["latest"]))
        assert row["id"] in [e["id"] for e in found]


def test_read_commands_use_indexes_only(seed_db: Path) -> None:
    """Every statement of every read command, as EXPLAIN QUERY PLAN sees it (stats may scan)."""
    commands = [(label, args) for label, args in bench_queries(100)
                if not label.startswith("stats")]
    found = plans.collect(seed_db, commands)
    assert found["scans"] == {}


def test_research_commands_use_indexes_only(seed_db: Path) -> None:
    """The filters, counts by participant, country profiles and links read through indexes."""
    commands = [
        ("two --with", ["events", "--with", "Song Tao", "--with", "ID", "--json"]),
        ("a role, a place", ["events", "--with", "ID:participant", "--in", "Syria", "--json"]),
        ("a country's year", ["events", "--with", "China", "--year", "2021", "--json"]),
        ("source, dataset", ["events", "--source", "scmp-2021-06-04-international-department",
                             "--dataset", "seed", "--json"]),
        ("by participant", ["stats", "--by", "participant", "--kind", "person", "--with", "ID",
                            "--json"]),
        ("by country taking part", ["stats", "--by", "participant-country", "--with", "Morocco",
                                    "--json"]),
        ("country profile", ["country", "China", "--json"]),
        ("party profile", ["party", "CPUSA", "--json"]),
        ("related", ["related", "Morocco", "--json"]),
        ("path", ["path", "Song Tao", "Brunei", "--from", "2015", "--json"]),
    ]
    found = plans.collect(seed_db, commands)
    assert found["scans"] == {}


def _like(conn: sqlite3.Connection, norm: str) -> list[str]:
    rows = conn.execute(
        "SELECT DISTINCT e.id FROM entity_names n JOIN entities e ON e.id = n.entity_id "
        "WHERE n.norm LIKE ? OR n.norm LIKE ? OR n.norm LIKE ?",
        (f"{norm} %", f"% {norm}", f"% {norm} %")).fetchall()
    return sorted(r[0] for r in rows)


def test_partial_names_from_the_index_match_like(conn: sqlite3.Connection) -> None:
    words = {w for (norm,) in conn.execute("SELECT norm FROM entity_names") for w in
             norm.split()} | {"communist party", "party of", "david", "international department"}
    for word in sorted(words):
        if resolve._ASCII_WORDS.fullmatch(word):
            found = sorted(m.id for m in resolve._partial(conn, word, None))
            assert found == _like(conn, word)[:50], word
